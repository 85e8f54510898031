using System;

namespace Chainer.Initializers
{
    /// <summary>Fills with a constant value or broadcasts a constant array (<c>chainer.initializers.Constant</c>).</summary>
    public class Constant : Initializer
    {
        private readonly NdArray? _array;

        /// <summary>Creates an initializer filling with <paramref name="fillValue"/>.</summary>
        /// <param name="fillValue">The value.</param>
        /// <param name="dtype">The dtype, or null.</param>
        public Constant(double fillValue, DType? dtype = null)
            : base(dtype)
        {
            FillValue = fillValue;
        }

        /// <summary>Creates an initializer copying <paramref name="fillValue"/>, broadcast to the target's shape.</summary>
        /// <param name="fillValue">The values.</param>
        /// <param name="dtype">The dtype, or null.</param>
        public Constant(NdArray fillValue, DType? dtype = null)
            : base(dtype)
        {
            ArgumentNullException.ThrowIfNull(fillValue);
            _array = fillValue;
            FillValue = double.NaN;
        }

        /// <summary>The scalar fill value (NaN when the initializer holds an array).</summary>
        public double FillValue { get; }

        /// <summary>The array fill value, or null for a scalar.</summary>
        public NdArray? FillArray => _array;

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            if (_array is null)
            {
                array.Fill(FillValue);
            }
            else
            {
                array.CopyFrom(_array);
            }
        }
    }

    /// <summary>Fills with zeros (<c>chainer.initializers.Zero</c>).</summary>
    public class Zero : Constant
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="dtype">The dtype, or null.</param>
        public Zero(DType? dtype = null)
            : base(0.0, dtype)
        {
        }
    }

    /// <summary>Fills with ones (<c>chainer.initializers.One</c>).</summary>
    public class One : Constant
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="dtype">The dtype, or null.</param>
        public One(DType? dtype = null)
            : base(1.0, dtype)
        {
        }
    }

    /// <summary>Fills with NaN (<c>chainer.initializers.NaN</c>), the default of an uninitialized <see cref="Parameter"/>.</summary>
    public class NaN : Constant
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="dtype">The dtype, or null.</param>
        public NaN(DType? dtype = null)
            : base(double.NaN, dtype)
        {
        }
    }

    /// <summary>Fills a square matrix with scale × the identity (<c>chainer.initializers.Identity</c>).</summary>
    public class Identity : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The diagonal value.</param>
        /// <param name="dtype">The dtype, or null.</param>
        public Identity(double scale = 1.0, DType? dtype = null)
            : base(dtype)
        {
            Scale = scale;
        }

        /// <summary>The diagonal value.</summary>
        public double Scale { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            long[] shape = array.Shape;
            if (shape.Length != 2 || shape[0] != shape[1])
            {
                throw new ArgumentException("Identity matrix initialization can only be used for 2D squared matrices.", nameof(array));
            }

            long n = shape[0];
            var values = new double[n * n];
            for (long i = 0; i < n; i++)
            {
                values[(i * n) + i] = Scale;
            }

            array.CopyFrom(values);
        }
    }
}
