using System;
using Chainer.Initializers;

namespace Chainer
{
    /// <summary>
    /// A variable holding a learnable parameter of a <see cref="Link"/> (<c>chainer.Parameter</c>). It may be
    /// created without data and initialized later from its <see cref="Initializer"/> once the shape is known.
    /// </summary>
    /// <remarks>Parameters are never registered with a <see cref="MemoryScope"/>; they live with their link.</remarks>
    public class Parameter : Variable
    {
        private readonly DType _dtype;

        /// <summary>Creates a parameter that is initialized now when <paramref name="shape"/> is given, or later by <see cref="Initialize"/>.</summary>
        /// <param name="initializer">The initializer; null fills with NaN, as Chainer does.</param>
        /// <param name="shape">The shape, or null to initialize later.</param>
        /// <param name="dtype">The dtype used when the initializer does not fix one.</param>
        /// <param name="name">The name, or null.</param>
        public Parameter(Initializer? initializer = null, long[]? shape = null, DType dtype = DType.Float32, string? name = null)
        {
            DTypeExtensions.Validate(dtype, nameof(dtype));
            Initializer = initializer ?? new Constant(double.NaN);
            _dtype = dtype;
            Name = name;
            if (shape is not null)
            {
                Initialize(shape);
            }
        }

        /// <summary>Creates an initialized parameter holding <paramref name="data"/> (shared, not copied).</summary>
        /// <param name="data">The array.</param>
        /// <param name="name">The name, or null.</param>
        public Parameter(NdArray data, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            _dtype = data.Dtype;
            Initializer = new Constant(data);
            Name = name;
            Attach(data, requiresGrad: true);
        }

        /// <summary>The initializer used by <see cref="Initialize"/>.</summary>
        public Initializer Initializer { get; set; }

        /// <summary>The dtype of the data (the initializer's dtype when it fixes one).</summary>
        public DType ParameterDtype => Initializer.Dtype ?? _dtype;

        /// <summary>Creates the data with <paramref name="shape"/> and fills it with the <see cref="Initializer"/>; the gradient becomes null.</summary>
        /// <param name="shape">The shape.</param>
        public void Initialize(long[] shape)
        {
            NdArray.ValidateShape(shape, nameof(shape));
            using NdArray data = NdArray.Empty(shape, ParameterDtype);
            Initializer.Initialize(data);
            Attach(data, requiresGrad: true);
            ClearGrad();
        }

        /// <inheritdoc/>
        private protected override string Describe()
        {
            string? name = NameForMessages();
            return name is null ? "The parameter" : $"The parameter '{name}'";
        }
    }
}
