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
        private Device _initialDevice = Device.Cpu;

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
            _initialDevice = data.Device;
        }

        /// <summary>The initializer used by <see cref="Initialize"/>.</summary>
        public Initializer Initializer { get; set; }

        /// <summary>The dtype of the data (the initializer's dtype when it fixes one).</summary>
        public DType ParameterDtype => Initializer.Dtype ?? _dtype;

        /// <summary>
        /// Creates the data with <paramref name="shape"/> and fills it with the <see cref="Initializer"/>; the gradient
        /// becomes null. The data is created on the parameter's device (<see cref="Variable.Device"/>: where
        /// <see cref="Variable.ToDevice(Device)"/> or the owning link's <see cref="Link.ToDevice(Device)"/> put it).
        /// </summary>
        /// <param name="shape">The shape.</param>
        public void Initialize(long[] shape)
        {
            NdArray.ValidateShape(shape, nameof(shape));
            Device device = _initialDevice;

            // Initializers draw their values on the host (so that a seed gives the same values on every device);
            // the filled array is then sent to the device in one transfer.
            using NdArray data = NdArray.Empty(shape, ParameterDtype);
            Initializer.Initialize(data);
            if (device.IsCpu)
            {
                Attach(data, requiresGrad: true);
            }
            else
            {
                using NdArray moved = data.ToDevice(device);
                Attach(moved, requiresGrad: true);
            }

            ClearGrad();
        }

        /// <summary>
        /// Copies the data of <paramref name="source"/> into this parameter (<c>Parameter.copydata</c>), casting to this
        /// parameter's dtype; an uninitialized parameter is first initialized with the source's shape. The gradient is
        /// not copied.
        /// </summary>
        /// <param name="source">The parameter to copy from; nothing happens when it has no data.</param>
        /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
        public void CopyData(Parameter source)
        {
            ArgumentNullException.ThrowIfNull(source);
            if (!source.IsInitialized)
            {
                return;
            }

            using NdArray src = source.Array;
            if (!IsInitialized)
            {
                Initialize(src.Shape);
            }

            using NdArray dst = Array;
            if (!ShapeUtil.Equal(dst.Shape, src.Shape))
            {
                throw new ShapeMismatchException(
                    $"Cannot copy a parameter of shape {ShapeUtil.Format(src.Shape)} into one of shape {ShapeUtil.Format(dst.Shape)}.");
            }

            dst.CopyFrom(src);
        }

        /// <summary>
        /// Adds the gradient of <paramref name="source"/> to this parameter's (<c>Parameter.addgrad</c>); a null gradient
        /// counts as zeros, and an uninitialized parameter is initialized with the source's shape first.
        /// </summary>
        /// <param name="source">The parameter whose gradient is added.</param>
        public void AddGrad(Parameter source)
        {
            ArgumentNullException.ThrowIfNull(source);
            if (!source.IsInitialized)
            {
                return;
            }

            using NdArray? g = source.Grad;
            if (g is null)
            {
                return;
            }

            if (!IsInitialized)
            {
                Initialize(g.Shape);
            }

            using NdArray? mine = Grad;
            // The source may live on another device (Chainer's addgrad transfers it, as here).
            if (mine is null)
            {
                using NdArray copy = g.AsType(ParameterDtypeOrData());
                using NdArray placed = copy.ToDevice(Device);
                Grad = placed;
            }
            else
            {
                NdArray other = g.OnDeviceOf(mine);
                try
                {
                    using NdArray sum = mine + other;
                    mine.CopyFrom(sum);
                }
                finally
                {
                    if (!ReferenceEquals(other, g))
                    {
                        other.Dispose();
                    }
                }
            }
        }

        /// <summary>A new parameter sharing this one's data array (not its gradient), for <see cref="Link.Copy(CopyMode)"/> in share mode.</summary>
        internal Parameter ShareCopy()
        {
            if (!IsInitialized)
            {
                return new Parameter(Initializer, null, _dtype, Name) { _initialDevice = _initialDevice };
            }

            using NdArray data = Array;
            return new Parameter(data, Name) { Initializer = Initializer };
        }

        /// <summary>A new parameter with copies of this one's data and gradient, for <see cref="Link.Copy(CopyMode)"/>.</summary>
        internal Parameter DeepCopy()
        {
            if (!IsInitialized)
            {
                return new Parameter(Initializer, null, _dtype, Name) { _initialDevice = _initialDevice };
            }

            using NdArray data = Array;
            using NdArray copy = data.Copy();
            var result = new Parameter(copy, Name) { Initializer = Initializer };
            using NdArray? grad = Grad;
            if (grad is not null)
            {
                using NdArray gradCopy = grad.Copy();
                result.Grad = gradCopy;
            }

            return result;
        }

        private DType ParameterDtypeOrData()
        {
            using NdArray data = Array;
            return data.Dtype;
        }

        /// <inheritdoc/>
        private protected override Device InitialDevice => _initialDevice;

        /// <inheritdoc/>
        private protected override void OnMovedTo(Device device) => _initialDevice = device;

        /// <inheritdoc/>
        private protected override string Describe()
        {
            string? name = NameForMessages();
            return name is null ? "The parameter" : $"The parameter '{name}'";
        }
    }
}
