using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Chainer.Formatting;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// An n-dimensional array in native memory (the counterpart of <c>numpy.ndarray</c>): a view
    /// (shape, strides, offset) over reference-counted storage of one <see cref="DType"/>.
    /// </summary>
    /// <remarks>
    /// Each <see cref="NdArray"/> object owns one native reference. <see cref="Dispose"/> releases it
    /// (the storage is freed when no array, variable or graph node refers to it any more); a
    /// <see cref="MemoryScope"/> disposes the arrays created inside it, and a finalizer is the fallback.
    /// Arithmetic operators on arrays record no graph.
    /// </remarks>
    public sealed partial class NdArray : IDisposable
    {
        private readonly ArrayHandle _handle;
        private long[]? _shape;
        private int _dtype = -1;

        internal NdArray(ArrayHandle handle)
            : this(handle, register: true)
        {
        }

        private NdArray(ArrayHandle handle, bool register)
        {
            _handle = handle;
            if (register)
            {
                MemoryScope.Register(this);
            }
        }

        /// <summary>Creates a float32 array holding a copy of <paramref name="data"/>.</summary>
        /// <param name="data">The elements in C order.</param>
        /// <param name="shape">The shape; omitted, the array is one-dimensional of length <c>data.Length</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The shape does not hold <c>data.Length</c> elements.</exception>
        public NdArray(float[] data, params long[] shape)
            : this(CreateHandle(data, DType.Float32, DefaultShape(data, shape)))
        {
        }

        /// <summary>Creates a float64 array holding a copy of <paramref name="data"/>.</summary>
        /// <param name="data">The elements in C order.</param>
        /// <param name="shape">The shape; omitted, the array is one-dimensional of length <c>data.Length</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The shape does not hold <c>data.Length</c> elements.</exception>
        public NdArray(double[] data, params long[] shape)
            : this(CreateHandle(data, DType.Float64, DefaultShape(data, shape)))
        {
        }

        /// <summary>Creates an int32 array holding a copy of <paramref name="data"/>.</summary>
        /// <param name="data">The elements in C order.</param>
        /// <param name="shape">The shape; omitted, the array is one-dimensional of length <c>data.Length</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The shape does not hold <c>data.Length</c> elements.</exception>
        public NdArray(int[] data, params long[] shape)
            : this(CreateHandle(data, DType.Int32, DefaultShape(data, shape)))
        {
        }

        /// <summary>Creates an int64 array holding a copy of <paramref name="data"/>.</summary>
        /// <param name="data">The elements in C order.</param>
        /// <param name="shape">The shape; omitted, the array is one-dimensional of length <c>data.Length</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The shape does not hold <c>data.Length</c> elements.</exception>
        public NdArray(long[] data, params long[] shape)
            : this(CreateHandle(data, DType.Int64, DefaultShape(data, shape)))
        {
        }

        /// <summary>Creates a bool array holding a copy of <paramref name="data"/>.</summary>
        /// <param name="data">The elements in C order.</param>
        /// <param name="shape">The shape; omitted, the array is one-dimensional of length <c>data.Length</c>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The shape does not hold <c>data.Length</c> elements.</exception>
        public NdArray(bool[] data, params long[] shape)
            : this(CreateHandle(data, DType.Bool, DefaultShape(data, shape)))
        {
        }

        /// <summary>Creates a 2-d float32 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j]</c> becomes element (i, j).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(float[,] data)
            : this(CreateHandle(data, DType.Float32, DimensionsOf(data)))
        {
        }

        /// <summary>Creates a 3-d float32 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j, k]</c> becomes element (i, j, k).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(float[,,] data)
            : this(CreateHandle(data, DType.Float32, DimensionsOf(data)))
        {
        }

        /// <summary>Creates a 2-d float64 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j]</c> becomes element (i, j).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(double[,] data)
            : this(CreateHandle(data, DType.Float64, DimensionsOf(data)))
        {
        }

        /// <summary>Creates a 3-d float64 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j, k]</c> becomes element (i, j, k).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(double[,,] data)
            : this(CreateHandle(data, DType.Float64, DimensionsOf(data)))
        {
        }

        /// <summary>Creates a 2-d int32 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j]</c> becomes element (i, j).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(int[,] data)
            : this(CreateHandle(data, DType.Int32, DimensionsOf(data)))
        {
        }

        /// <summary>Creates a 2-d int64 array with the shape and elements of <paramref name="data"/>.</summary>
        /// <param name="data">The elements; <c>data[i, j]</c> becomes element (i, j).</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public NdArray(long[,] data)
            : this(CreateHandle(data, DType.Int64, DimensionsOf(data)))
        {
        }

        /// <summary>
        /// Creates an array from any .NET array of <see cref="float"/>, <see cref="double"/>, <see cref="int"/>,
        /// <see cref="long"/> or <see cref="bool"/> elements, of any rank (elements are read in C order).
        /// </summary>
        /// <param name="data">The source array.</param>
        /// <param name="shape">
        /// The shape; null keeps the shape of <paramref name="data"/>. An empty shape makes a 0-d array
        /// (then <paramref name="data"/> must hold one element).
        /// </param>
        /// <param name="dtype">The dtype of the result; null keeps the element type of <paramref name="data"/>.</param>
        /// <param name="device">The device of the result; null is the CPU. The elements are copied to it from the host.</param>
        /// <returns>A new array holding a copy of the elements.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The element type is not supported or the shape does not fit.</exception>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public static NdArray FromArray(Array data, long[]? shape, DType? dtype, Device? device)
        {
            NdArray host = FromArray(data, shape, dtype);
            if (device is null || device.IsCpu)
            {
                return host;
            }

            using (host)
            {
                return host.ToDevice(device);
            }
        }

        /// <summary>
        /// Creates an array from any .NET array of <see cref="float"/>, <see cref="double"/>, <see cref="int"/>,
        /// <see cref="long"/> or <see cref="bool"/> elements, of any rank (elements are read in C order).
        /// </summary>
        /// <param name="data">The source array.</param>
        /// <param name="shape">
        /// The shape; null keeps the shape of <paramref name="data"/>. An empty shape makes a 0-d array
        /// (then <paramref name="data"/> must hold one element).
        /// </param>
        /// <param name="dtype">The dtype of the result; null keeps the element type of <paramref name="data"/>.</param>
        /// <returns>A new array holding a copy of the elements.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentException">The element type is not supported or the shape does not fit.</exception>
        public static NdArray FromArray(Array data, long[]? shape = null, DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            Type elementType = data.GetType().GetElementType()!;
            DType source = DTypeExtensions.FromElementType(elementType)
                ?? throw new ArgumentException(
                    $"Arrays of {elementType.Name} are not supported; use float, double, int, long or bool.", nameof(data));
            if (dtype is DType d)
            {
                DTypeExtensions.Validate(d, nameof(dtype));
            }

            var created = new NdArray(CreateHandle(data, source, shape ?? DimensionsOf(data)));
            if (dtype is null || dtype.Value == source)
            {
                return created;
            }

            using (created)
            {
                return created.AsType(dtype.Value);
            }
        }

        /// <summary>Creates a 0-d array holding <paramref name="value"/> (cast to <paramref name="dtype"/>).</summary>
        /// <param name="value">The value.</param>
        /// <param name="dtype">The dtype.</param>
        /// <returns>A new 0-d array.</returns>
        public static NdArray Scalar(double value, DType dtype = DType.Float32) => Full(Array.Empty<long>(), value, dtype);

        /// <summary>An array of zeros (<c>numpy.zeros</c>).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The dtype (float32 by default).</param>
        /// <returns>A new array.</returns>
        public static NdArray Zeros(long[] shape, DType dtype = DType.Float32) => Full(shape, 0.0, dtype);

        /// <summary>An array of zeros on <paramref name="device"/> (<c>xp.zeros</c> under that device).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The dtype.</param>
        /// <param name="device">The device; null is the CPU.</param>
        /// <returns>A new array.</returns>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public static NdArray Zeros(long[] shape, DType dtype, Device? device) => Full(shape, 0.0, dtype, device);

        /// <summary>An array of ones (<c>numpy.ones</c>).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The dtype (float32 by default).</param>
        /// <returns>A new array.</returns>
        public static NdArray Ones(long[] shape, DType dtype = DType.Float32) => Full(shape, 1.0, dtype);

        /// <summary>An array of ones on <paramref name="device"/> (<c>xp.ones</c> under that device).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The dtype.</param>
        /// <param name="device">The device; null is the CPU.</param>
        /// <returns>A new array.</returns>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public static NdArray Ones(long[] shape, DType dtype, Device? device) => Full(shape, 1.0, dtype, device);

        /// <summary>An array whose elements are not initialized (<c>numpy.empty</c>).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="dtype">The dtype (float32 by default).</param>
        /// <returns>A new array.</returns>
        public static unsafe NdArray Empty(long[] shape, DType dtype = DType.Float32)
        {
            ValidateShape(shape, nameof(shape));
            DTypeExtensions.Validate(dtype, nameof(dtype));
            ArrayHandle handle;
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_empty(dtype.ToNative(), s, shape.Length, out handle));
            }

            return new NdArray(handle);
        }

        /// <summary>An array filled with <paramref name="value"/> (<c>numpy.full</c>).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="value">The fill value, cast to <paramref name="dtype"/>.</param>
        /// <param name="dtype">The dtype (float32 by default).</param>
        /// <returns>A new array.</returns>
        public static unsafe NdArray Full(long[] shape, double value, DType dtype = DType.Float32)
        {
            ValidateShape(shape, nameof(shape));
            DTypeExtensions.Validate(dtype, nameof(dtype));
            ArrayHandle handle;
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_full(dtype.ToNative(), s, shape.Length, value, out handle));
            }

            return new NdArray(handle);
        }

        /// <summary>An array filled with <paramref name="value"/> on <paramref name="device"/> (<c>xp.full</c> under that device).</summary>
        /// <param name="shape">The shape.</param>
        /// <param name="value">The fill value, cast to <paramref name="dtype"/>.</param>
        /// <param name="dtype">The dtype.</param>
        /// <param name="device">The device; null is the CPU.</param>
        /// <returns>A new array, filled on the device itself (nothing is copied from the host).</returns>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public static NdArray Full(long[] shape, double value, DType dtype, Device? device)
        {
            if (device is null || device.IsCpu)
            {
                return Full(shape, value, dtype);
            }

            ValidateShape(shape, nameof(shape));
            DTypeExtensions.Validate(dtype, nameof(dtype));
            return new NdArray(FullOnDevice(device, shape, value, dtype));
        }

        /// <summary>Evenly spaced values in [start, stop) (<c>numpy.arange</c>).</summary>
        /// <param name="start">The first value.</param>
        /// <param name="stop">The end of the interval (excluded).</param>
        /// <param name="step">The spacing (not 0).</param>
        /// <param name="dtype">The dtype (float32 by default).</param>
        /// <returns>A new one-dimensional array.</returns>
        public static NdArray Arange(double start, double stop, double step = 1, DType dtype = DType.Float32)
        {
            if (step == 0 || double.IsNaN(step))
            {
                throw new ArgumentException("step must be a nonzero number.", nameof(step));
            }

            DTypeExtensions.Validate(dtype, nameof(dtype));
            Ensure.Ok(NativeMethods.ch_array_arange(start, stop, step, dtype.ToNative(), out ArrayHandle handle));
            return new NdArray(handle);
        }

        /// <summary>Wraps a handle without registering the wrapper with a memory scope (for internal temporaries).</summary>
        internal static NdArray Unregistered(ArrayHandle handle) => new NdArray(handle, register: false);

        /// <summary>The native handle; throws <see cref="ObjectDisposedException"/> after <see cref="Dispose"/>.</summary>
        internal ArrayHandle Handle
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                ArrayHandle h = _handle;
                if (h.IsClosed)
                {
                    ThrowDisposed();
                }

                return h;
            }
        }

        /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
        public bool IsDisposed => _handle.IsClosed;

        /// <summary>The shape (a copy; changing it does not change the array).</summary>
        public long[] Shape => (long[])ShapeCached.Clone();

        /// <summary>The number of dimensions.</summary>
        public int Ndim => ShapeCached.Length;

        /// <summary>The number of elements.</summary>
        public long Size => ShapeUtil.SizeOf(ShapeCached);

        /// <summary>The element type.</summary>
        public DType Dtype
        {
            get
            {
                if (_dtype < 0)
                {
                    Ensure.Ok(NativeMethods.ch_array_dtype(Handle, out ChDtype d));
                    _dtype = (int)d;
                }
                else if (_handle.IsClosed)
                {
                    ThrowDisposed();
                }

                return (DType)_dtype;
            }
        }

        /// <summary>The number of bytes the elements take (<c>Size * itemsize</c>).</summary>
        public long NBytes => Size * Dtype.ItemSize();

        /// <summary>The device holding the elements (<c>ndarray.device</c>): <see cref="Chainer.Device.Cpu"/> (<c>"@numpy"</c>) or a CUDA device (<c>"@cupy:N"</c>).</summary>
        public Device Device => Chainer.Device.Of(Handle);

        internal long[] ShapeCached
        {
            get
            {
                long[]? shape = _shape;
                if (shape is null)
                {
                    shape = QueryShape(Handle);
                    _shape = shape;
                }
                else if (_handle.IsClosed)
                {
                    ThrowDisposed();
                }

                return shape;
            }
        }

        /// <summary>Copies the elements, flat in C order, into a new .NET array.</summary>
        /// <typeparam name="T">The element type; it must match <see cref="Dtype"/> (<see cref="bool"/> for Bool).</typeparam>
        /// <returns>The elements.</returns>
        /// <exception cref="ArgumentException"><typeparamref name="T"/> does not match <see cref="Dtype"/>.</exception>
        public unsafe T[] ToArray<T>()
            where T : unmanaged
        {
            DType dtype = Dtype;
            if (DTypeExtensions.FromElementType(typeof(T)) != dtype)
            {
                throw new ArgumentException(
                    $"ToArray<{typeof(T).Name}>() does not match the array's dtype {dtype.Name()}; " +
                    $"use ToArray<{dtype.ElementType().Name}>() or AsType first.");
            }

            long size = Size;
            if (size > int.MaxValue)
            {
                throw new InvalidOperationException($"The array has {size} elements, too many for a .NET array.");
            }

            var result = new T[size];
            fixed (T* p = result)
            {
                Ensure.Ok(NativeMethods.ch_array_to_buffer(Handle, p, size * sizeof(T)));
            }

            return result;
        }

        /// <summary>
        /// Copies the elements into a .NET array of the same rank (<c>float[,]</c> for a 2-d float32 array);
        /// a 0-d array gives a one-element one-dimensional array.
        /// </summary>
        /// <returns>The shaped copy.</returns>
        public unsafe Array ToArray()
        {
            long[] shape = ShapeCached;
            DType dtype = Dtype;
            Type elementType = dtype.ElementType();
            Array result;
            if (shape.Length <= 1)
            {
                result = Array.CreateInstance(elementType, checked((int)(shape.Length == 0 ? 1 : shape[0])));
            }
            else
            {
                var lengths = new int[shape.Length];
                for (int i = 0; i < shape.Length; i++)
                {
                    lengths[i] = checked((int)shape[i]);
                }

                result = Array.CreateInstance(elementType, lengths);
            }

            long bytes = (long)result.Length * dtype.ItemSize();
            fixed (byte* p = &MemoryMarshal.GetArrayDataReference(result))
            {
                Ensure.Ok(NativeMethods.ch_array_to_buffer(Handle, p, bytes));
            }

            return result;
        }

        /// <summary>The element of a size-1 array as a scalar (<c>ndarray.item()</c>), cast to <typeparamref name="T"/>.</summary>
        /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="int"/>, <see cref="long"/> or <see cref="bool"/>.</typeparam>
        /// <returns>The value.</returns>
        /// <exception cref="InvalidOperationException">The array does not have exactly one element.</exception>
        public T Item<T>()
            where T : unmanaged
        {
            if (Size != 1)
            {
                throw new InvalidOperationException(
                    $"can only convert an array of size 1 to a scalar (the array has shape {ShapeUtil.Format(ShapeCached)})");
            }

            DType target = DTypeExtensions.FromElementType(typeof(T))
                ?? throw new ArgumentException($"Item<{typeof(T).Name}>() is not supported; use float, double, int, long or bool.");
            if (target == Dtype)
            {
                return ToArray<T>()[0];
            }

            using NdArray cast = AsType(target);
            return cast.ToArray<T>()[0];
        }

        /// <summary>A C-contiguous deep copy (<c>ndarray.copy()</c>).</summary>
        /// <returns>The copy.</returns>
        public NdArray Copy() => AsType(Dtype);

        /// <summary>A deep copy cast to <paramref name="dtype"/> (<c>ndarray.astype(dtype)</c>).</summary>
        /// <param name="dtype">The dtype of the copy.</param>
        /// <returns>The copy.</returns>
        public NdArray AsType(DType dtype)
        {
            DTypeExtensions.Validate(dtype, nameof(dtype));
            Ensure.Ok(NativeMethods.ch_array_copy(Handle, dtype.ToNative(), out ArrayHandle handle));
            return new NdArray(handle);
        }

        /// <summary>
        /// The array on <paramref name="device"/> (<c>device.send(x)</c>, <c>chainer.backend.to_device</c>): a copy made
        /// there, or, when the array is already on that device, a new wrapper of the same data (as Chainer returns the
        /// array itself). Either way the caller owns the returned object and may dispose it without affecting this one.
        /// </summary>
        /// <param name="device">The target device.</param>
        /// <returns>The array on <paramref name="device"/>.</returns>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public NdArray ToDevice(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            Ensure.Ok(NativeMethods.ch_array_to_device(Handle, device.Name, out ArrayHandle handle));
            return new NdArray(handle);
        }

        /// <summary>The array on the device named by a Chainer specifier (see <see cref="ToDevice(Device)"/> and <see cref="Chainer.Device.Get(string)"/>).</summary>
        /// <param name="device">A specifier such as <c>"@numpy"</c> or <c>"@cupy:0"</c>.</param>
        /// <returns>The array on that device.</returns>
        /// <exception cref="ArgumentException">The text is not a device specifier.</exception>
        /// <exception cref="DeviceException">The device cannot be used.</exception>
        public NdArray ToDevice(string device) => ToDevice(Chainer.Device.Get(device));

        /// <summary>The array in host memory (<c>chainer.backend.to_cpu</c>); shares the data when it is there already.</summary>
        /// <returns>The array on <see cref="Chainer.Device.Cpu"/>.</returns>
        public NdArray ToCpu() => ToDevice(Chainer.Device.Cpu);

        /// <summary>The array on CUDA device <paramref name="device"/> (<c>chainer.backends.cuda.to_gpu</c>).</summary>
        /// <param name="device">The CUDA device ordinal.</param>
        /// <returns>The array on <c>"@cupy:device"</c>.</returns>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device.</exception>
        public NdArray ToGpu(int device = 0) => ToDevice(Chainer.Device.Gpu(device));

        /// <summary>
        /// Copies <paramref name="source"/> into this array element-wise, broadcasting and casting it (<c>x[...] = source</c>).
        /// A source on another device is transferred first (as assigning a NumPy array into a CuPy array does).
        /// </summary>
        /// <param name="source">The values.</param>
        /// <exception cref="ShapeMismatchException"><paramref name="source"/> cannot be broadcast to this shape.</exception>
        public void CopyFrom(NdArray source)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArrayHandle dst = Handle;
            ArrayHandle src = source.Handle;
            Ensure.Ok(NativeMethods.ch_array_device(dst, out nint dstDevice));
            Ensure.Ok(NativeMethods.ch_array_device(src, out nint srcDevice));
            if (dstDevice == srcDevice)
            {
                Ensure.Ok(NativeMethods.ch_array_assign(dst, src));
                return;
            }

            AssignAcrossDevices(dst, src, dstDevice);
        }

        /// <summary>Copies flat C-ordered values into this array, casting them to its dtype.</summary>
        /// <typeparam name="T"><see cref="float"/>, <see cref="double"/>, <see cref="int"/>, <see cref="long"/> or <see cref="bool"/>.</typeparam>
        /// <param name="flat">As many values as the array has elements.</param>
        /// <exception cref="ArgumentException">The number of values differs from <see cref="Size"/>.</exception>
        public unsafe void CopyFrom<T>(T[] flat)
            where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(flat);
            DType dtype = DTypeExtensions.FromElementType(typeof(T))
                ?? throw new ArgumentException($"Arrays of {typeof(T).Name} are not supported.", nameof(flat));
            long[] shape = ShapeCached;
            if (flat.LongLength != ShapeUtil.SizeOf(shape))
            {
                throw new ArgumentException(
                    $"{flat.LongLength} values cannot fill an array of shape {ShapeUtil.Format(shape)}.", nameof(flat));
            }

            ArrayHandle temp;
            fixed (T* p = flat)
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_from_buffer(
                    dtype.ToNative(), s, shape.Length, p, flat.LongLength * sizeof(T), out temp));
            }

            using (temp)
            {
                // The values arrive in host memory; an array on a GPU gets them through one transfer.
                ArrayHandle dst = Handle;
                Ensure.Ok(NativeMethods.ch_array_device(dst, out nint dstDevice));
                if (Chainer.Device.FromNative(dstDevice).IsCpu)
                {
                    Ensure.Ok(NativeMethods.ch_array_assign(dst, temp));
                }
                else
                {
                    AssignAcrossDevices(dst, temp, dstDevice);
                }
            }
        }

        /// <summary>
        /// An array filled with <paramref name="value"/> on the device of <paramref name="like"/>; no device query is
        /// needed for the CPU beyond one native call. For constants that composite functions combine with an operand.
        /// </summary>
        internal static NdArray FullLike(NdArray like, long[] shape, double value, DType dtype)
        {
            Device device = Chainer.Device.Of(like.Handle);
            return device.IsCpu ? Full(shape, value, dtype) : new NdArray(FullOnDevice(device, shape, value, dtype));
        }

        /// <summary>An array filled with <paramref name="value"/> on the device of <paramref name="like"/>'s data.</summary>
        internal static NdArray FullLike(Variable like, long[] shape, double value, DType dtype)
        {
            Ensure.Ok(NativeMethods.ch_variable_array(like.Handle, out ArrayHandle array));
            using (array)
            {
                Device device = Chainer.Device.Of(array);
                return device.IsCpu ? Full(shape, value, dtype) : new NdArray(FullOnDevice(device, shape, value, dtype));
            }
        }

        /// <summary>The device of <paramref name="array"/> (for internal code, where the property name is shadowed).</summary>
        internal static Device DeviceOf(NdArray array) => Chainer.Device.Of(array.Handle);

        /// <summary>This array moved to the device of <paramref name="like"/> when it is elsewhere (otherwise itself).</summary>
        /// <remarks>The caller owns the result; when it is not this object, this one may be disposed.</remarks>
        internal NdArray OnDeviceOf(NdArray like)
        {
            Ensure.Ok(NativeMethods.ch_array_device(Handle, out nint mine));
            Ensure.Ok(NativeMethods.ch_array_device(like.Handle, out nint theirs));
            return mine == theirs ? this : ToDevice(Chainer.Device.FromNative(theirs));
        }

        internal static unsafe ArrayHandle FullOnDevice(Device device, long[] shape, double value, DType dtype)
        {
            ArrayHandle handle;
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_full_on_device(device.Name, dtype.ToNative(), s, shape.Length, value, out handle));
            }

            return handle;
        }

        private static void AssignAcrossDevices(ArrayHandle dst, ArrayHandle src, nint dstDevice)
        {
            Ensure.Ok(NativeMethods.ch_array_to_device(src, Chainer.Device.FromNative(dstDevice).Name, out ArrayHandle moved));
            using (moved)
            {
                Ensure.Ok(NativeMethods.ch_array_assign(dst, moved));
            }
        }

        /// <summary>Sets every element to <paramref name="value"/> (cast to the dtype).</summary>
        /// <param name="value">The value.</param>
        public void Fill(double value) => Ensure.Ok(NativeMethods.ch_array_fill(Handle, value));

        /// <summary>Whether both arrays view the same data (same storage, offset, shape and strides).</summary>
        /// <param name="other">The other array.</param>
        /// <returns><c>true</c> when they are the same view.</returns>
        public bool SameAs(NdArray other)
        {
            ArgumentNullException.ThrowIfNull(other);
            Ensure.Ok(NativeMethods.ch_array_same(Handle, other.Handle, out int same));
            return same != 0;
        }

        /// <summary>NumPy's repr, e.g. <c>array([[ 0.,  2.,  4.],\n       [ 6.,  8., 10.]], dtype=float32)</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            if (_handle.IsClosed)
            {
                return "array(<disposed>)";
            }

            return NumpyFormat.ArrayRepr(FlatValues(), Shape, Dtype);
        }

        /// <summary>NumPy's str (what <c>print(x)</c> shows), e.g. <c>[[0. 2. 4.]\n [6. 8. 10.]]</c>.</summary>
        /// <returns>The text.</returns>
        public string ToStr() => NumpyFormat.ArrayStr(FlatValues(), Shape, Dtype);

        /// <summary>Releases this object's reference to the native array.</summary>
        public void Dispose() => _handle.Dispose();

        /// <summary>The elements, flat in C order, as a typed .NET array.</summary>
        internal Array FlatValues() => Dtype switch
        {
            DType.Bool => ToArray<bool>(),
            DType.Int32 => ToArray<int>(),
            DType.Int64 => ToArray<long>(),
            DType.Float32 => ToArray<float>(),
            _ => ToArray<double>(),
        };

        internal static unsafe long[] QueryShape(ArrayHandle handle)
        {
            Ensure.Ok(NativeMethods.ch_array_ndim(handle, out int ndim));
            var shape = ndim == 0 ? Array.Empty<long>() : new long[ndim];
            if (ndim > 0)
            {
                fixed (long* s = shape)
                {
                    Ensure.Ok(NativeMethods.ch_array_shape(handle, s, ndim));
                }
            }

            return shape;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowDisposed() =>
            throw new ObjectDisposedException(nameof(NdArray), "The NdArray has been disposed.");

        private static long[] DefaultShape(Array data, long[]? shape)
        {
            ArgumentNullException.ThrowIfNull(data);
            return shape is null || shape.Length == 0 ? new long[] { data.LongLength } : shape;
        }

        private static long[] DimensionsOf(Array data)
        {
            ArgumentNullException.ThrowIfNull(data);
            var dims = new long[data.Rank];
            for (int i = 0; i < dims.Length; i++)
            {
                dims[i] = data.GetLongLength(i);
            }

            return dims;
        }

        internal static void ValidateShape(long[] shape, string paramName)
        {
            ArgumentNullException.ThrowIfNull(shape, paramName);
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] < 0)
                {
                    throw new ArgumentException(
                        $"negative dimensions are not allowed (shape {ShapeUtil.Format(shape)}).", paramName);
                }
            }
        }

        private static unsafe ArrayHandle CreateHandle(Array data, DType dtype, long[] shape)
        {
            ArgumentNullException.ThrowIfNull(data);
            ValidateShape(shape, nameof(shape));
            long size = ShapeUtil.SizeOf(shape);
            if (size != data.LongLength)
            {
                throw new ArgumentException(
                    $"cannot reshape array of size {data.LongLength} into shape {ShapeUtil.Format(shape)}", nameof(shape));
            }

            long bytes = data.LongLength * dtype.ItemSize();
            ArrayHandle handle;
            fixed (byte* p = &MemoryMarshal.GetArrayDataReference(data))
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_from_buffer(dtype.ToNative(), s, shape.Length, p, bytes, out handle));
            }

            return handle;
        }
    }
}
