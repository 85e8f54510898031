using System;

namespace Chainer.Initializers
{
    /// <summary>
    /// Draws from N(0, scale²) (<c>chainer.initializers.Normal</c>): float64 values are drawn in C order from the
    /// generator, as <c>numpy.random.normal(0, scale, shape)</c>, and cast to the array's dtype.
    /// </summary>
    public class Normal : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The standard deviation.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public Normal(double scale = 0.05, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The standard deviation.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            Fill(array, Scale, Generator);
        }

        /// <summary>Fills <paramref name="array"/> with N(0, scale²) draws taken in C order.</summary>
        internal static void Fill(NdArray array, double scale, RandomState rng)
        {
            double[] values = HostBuffer(array);
            rng.Normal(values, 0.0, scale);
            array.CopyFrom(values);
        }
    }

    /// <summary>
    /// LeCun's normal initializer (<c>chainer.initializers.LeCunNormal</c>): N(0, σ²) with
    /// σ = scale·sqrt(1/fan_in), fans as <see cref="Initializer.GetFans"/>. The default of <c>L.Linear</c>'s W.
    /// </summary>
    public class LeCunNormal : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale of the standard deviation.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public LeCunNormal(double scale = 1.0, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The scale of the standard deviation.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, _) = GetFans(array.Shape);
            double s = Scale * Math.Sqrt(1.0 / fanIn);
            Normal.Fill(array, s, Generator);
        }
    }

    /// <summary>
    /// Glorot's normal initializer (<c>chainer.initializers.GlorotNormal</c>): N(0, σ²) with
    /// σ = scale·sqrt(2/(fan_in + fan_out)).
    /// </summary>
    public class GlorotNormal : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale of the standard deviation.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public GlorotNormal(double scale = 1.0, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The scale of the standard deviation.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, long fanOut) = GetFans(array.Shape);
            Normal.Fill(array, Scale * Math.Sqrt(2.0 / (fanIn + fanOut)), Generator);
        }
    }

    /// <summary>Which fan <see cref="HeNormal"/> uses.</summary>
    public enum FanOption
    {
        /// <summary><c>'fan_in'</c>, the number of input units.</summary>
        FanIn,

        /// <summary><c>'fan_out'</c>, the number of output units.</summary>
        FanOut,
    }

    /// <summary>
    /// He's normal initializer (<c>chainer.initializers.HeNormal</c>): N(0, σ²) with σ = scale·sqrt(2/fan), where fan
    /// is fan_in (default) or fan_out.
    /// </summary>
    public class HeNormal : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale of the standard deviation.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="fanOption">Which fan to use.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public HeNormal(double scale = 1.0, DType? dtype = null, FanOption fanOption = FanOption.FanIn, RandomState? rng = null)
            : base(dtype, rng)
        {
            if (fanOption is not (FanOption.FanIn or FanOption.FanOut))
            {
                throw new ArgumentException("fan_option should be either 'fan_in' or 'fan_out'.", nameof(fanOption));
            }

            Scale = scale;
            Fan = fanOption;
        }

        /// <summary>The scale of the standard deviation.</summary>
        public double Scale { get; }

        /// <summary>Which fan is used.</summary>
        public FanOption Fan { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, long fanOut) = GetFans(array.Shape);
            long fan = Fan == FanOption.FanIn ? fanIn : fanOut;
            Normal.Fill(array, Scale * Math.Sqrt(2.0 / fan), Generator);
        }
    }
}
