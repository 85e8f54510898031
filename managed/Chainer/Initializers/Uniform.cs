using System;

namespace Chainer.Initializers
{
    /// <summary>
    /// Draws from U(-scale, scale) (<c>chainer.initializers.Uniform</c>): float64 values are drawn in C order as
    /// <c>numpy.random.uniform(-scale, scale, shape)</c> and cast to the array's dtype.
    /// </summary>
    public class Uniform : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The half-width of the interval.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public Uniform(double scale = 0.05, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The half-width of the interval.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            Fill(array, Scale, Generator);
        }

        /// <summary>Fills <paramref name="array"/> with U(-scale, scale) draws taken in C order.</summary>
        internal static void Fill(NdArray array, double scale, RandomState rng)
        {
            double[] values = HostBuffer(array);
            rng.Uniform(values, -scale, scale);
            array.CopyFrom(values);
        }
    }

    /// <summary>LeCun's uniform initializer (<c>chainer.initializers.LeCunUniform</c>): U(-s, s) with s = scale·sqrt(3/fan_in).</summary>
    public class LeCunUniform : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public LeCunUniform(double scale = 1.0, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The scale.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, _) = GetFans(array.Shape);
            Uniform.Fill(array, Scale * Math.Sqrt(3.0 / fanIn), Generator);
        }
    }

    /// <summary>Glorot's uniform initializer (<c>chainer.initializers.GlorotUniform</c>): U(-s, s) with s = scale·sqrt(6/(fan_in + fan_out)).</summary>
    public class GlorotUniform : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public GlorotUniform(double scale = 1.0, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The scale.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, long fanOut) = GetFans(array.Shape);
            Uniform.Fill(array, Scale * Math.Sqrt(6.0 / (fanIn + fanOut)), Generator);
        }
    }

    /// <summary>He's uniform initializer (<c>chainer.initializers.HeUniform</c>): U(-s, s) with s = scale·sqrt(6/fan_in).</summary>
    public class HeUniform : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The scale.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public HeUniform(double scale = 1.0, DType? dtype = null, RandomState? rng = null)
            : base(dtype, rng)
        {
            Scale = scale;
        }

        /// <summary>The scale.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            (long fanIn, _) = GetFans(array.Shape);
            Uniform.Fill(array, Scale * Math.Sqrt(6.0 / fanIn), Generator);
        }
    }
}
