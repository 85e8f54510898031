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
            long size = array.Size;
            if (size > int.MaxValue)
            {
                throw new ArgumentException("The array is too large to initialize from the host.", nameof(array));
            }

            var values = new double[size];
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
}
