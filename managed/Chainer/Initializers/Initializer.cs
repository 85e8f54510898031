using System;

namespace Chainer.Initializers
{
    /// <summary>
    /// Fills an array with initial values (<c>chainer.Initializer</c>). A <see cref="double"/> or an
    /// <see cref="NdArray"/> converts implicitly to a <see cref="Constant"/> initializer, as in Chainer.
    /// </summary>
    public abstract class Initializer
    {
        /// <summary>Creates an initializer.</summary>
        /// <param name="dtype">The dtype the initializer requires and gives new parameters, or null.</param>
        /// <param name="rng">The random generator; null uses <see cref="RandomState.Default"/>.</param>
        protected Initializer(DType? dtype = null, RandomState? rng = null)
        {
            if (dtype is DType d)
            {
                DTypeExtensions.Validate(d, nameof(dtype));
            }

            Dtype = dtype;
            Rng = rng;
        }

        /// <summary>The dtype of the arrays this initializer fills, or null for any.</summary>
        public DType? Dtype { get; }

        /// <summary>The random generator, or null for <see cref="RandomState.Default"/>.</summary>
        public RandomState? Rng { get; }

        /// <summary>A <see cref="Constant"/> initializer filling with <paramref name="value"/>.</summary>
        /// <param name="value">The fill value.</param>
        public static implicit operator Initializer(double value) => new Constant(value);

        /// <summary>A <see cref="Constant"/> initializer copying (broadcasting) <paramref name="value"/>.</summary>
        /// <param name="value">The values.</param>
        public static implicit operator Initializer(NdArray value) => new Constant(value);

        /// <summary>Fills <paramref name="array"/> in place.</summary>
        /// <param name="array">The array to fill.</param>
        public abstract void Initialize(NdArray array);

        /// <summary>
        /// The fans of a weight shape, as <c>chainer.initializer.get_fans</c>:
        /// <c>fan_in = shape[1] * prod(shape[2:])</c>, <c>fan_out = shape[0] * prod(shape[2:])</c>.
        /// </summary>
        /// <param name="shape">The shape, with at least two dimensions.</param>
        /// <returns>(fanIn, fanOut).</returns>
        /// <exception cref="ArgumentException">The shape has fewer than two dimensions.</exception>
        public static (long FanIn, long FanOut) GetFans(long[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            if (shape.Length < 2)
            {
                throw new ArgumentException(
                    "shape must be of length >= 2. Actual shape: " + ShapeUtil.Format(shape), nameof(shape));
            }

            long receptive = 1;
            for (int i = 2; i < shape.Length; i++)
            {
                receptive *= shape[i];
            }

            return (shape[1] * receptive, shape[0] * receptive);
        }

        /// <summary>A host buffer for every element of <paramref name="array"/>, in which draws are made before the copy.</summary>
        internal static double[] HostBuffer(NdArray array)
        {
            if (array.Size > int.MaxValue)
            {
                throw new ArgumentException("The array is too large to initialize from the host.", nameof(array));
            }

            return new double[array.Size];
        }

        /// <summary>Checks that <paramref name="array"/> matches <see cref="Dtype"/> (Chainer asserts this).</summary>
        /// <param name="array">The array to fill.</param>
        protected void CheckArray(NdArray array)
        {
            ArgumentNullException.ThrowIfNull(array);
            if (Dtype is DType d && array.Dtype != d)
            {
                throw new ArgumentException(
                    $"The initializer's dtype is {d.Name()}, but the array's dtype is {array.Dtype.Name()}.", nameof(array));
            }
        }

        /// <summary>The generator to draw from.</summary>
        protected RandomState Generator => Rng ?? RandomState.Default;
    }
}
