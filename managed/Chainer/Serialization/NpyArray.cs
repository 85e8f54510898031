using System;
using System.Runtime.InteropServices;

namespace Chainer.Serialization
{
    /// <summary>
    /// One array as stored in an .npy file, independent of NdArray: a dtype, a shape and the
    /// elements as raw little-endian bytes in C (row-major) order.
    /// </summary>
    /// <remarks>
    /// Whatever layout a file used (big-endian, Fortran order), <see cref="NpyFormat.Read(System.IO.Stream)"/>
    /// converts it to this one canonical form, so consumers never deal with layouts.
    /// The instance takes ownership of the byte array it is given and never copies it.
    /// </remarks>
    internal sealed class NpyArray
    {
        private readonly long[] _shape;

        /// <summary>Wraps raw element bytes.</summary>
        /// <param name="dtype">The element type.</param>
        /// <param name="shape">The shape; empty for a 0-d array. Every extent must be non-negative.</param>
        /// <param name="data">Little-endian C-order element bytes; the length must equal size × item size.</param>
        /// <exception cref="ArgumentException">A negative extent, or <paramref name="data"/> has the wrong length.</exception>
        internal NpyArray(NpyDType dtype, ReadOnlySpan<long> shape, byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            int itemSize = NpyDTypes.ItemSize(dtype);
            long size = CheckedSize(shape) ?? throw new ArgumentException(
                $"shape {FormatShape(shape)} has a negative extent or too many elements", nameof(shape));
            long? byteCount = size > long.MaxValue / itemSize ? null : size * itemSize;
            if (byteCount != data.LongLength)
            {
                throw new ArgumentException(
                    $"{data.LongLength} bytes of data do not match shape {FormatShape(shape)} of {NpyDTypes.Descr(dtype)} " +
                    $"({byteCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "too many"} bytes)",
                    nameof(data));
            }

            DType = dtype;
            _shape = shape.ToArray();
            Size = size;
            Data = data;
        }

        private NpyArray()
        {
            DType = NpyDType.Object;
            _shape = System.Array.Empty<long>();
            Size = 1;
            Data = System.Array.Empty<byte>();
            IsNone = true;
        }

        /// <summary>
        /// The 0-d object array holding None (<c>numpy.asarray(None)</c>) that Chainer's save_npz writes for an
        /// uninitialized parameter, stored with a pickle. It has no element bytes.
        /// </summary>
        internal static NpyArray None { get; } = new NpyArray();

        /// <summary>Whether this is <see cref="None"/>.</summary>
        internal bool IsNone { get; }

        /// <summary>The element type.</summary>
        internal NpyDType DType { get; }

        /// <summary>The shape; empty for a 0-d array.</summary>
        internal ReadOnlySpan<long> Shape => _shape;

        /// <summary>The number of dimensions (0 for a 0-d array).</summary>
        internal int NDim => _shape.Length;

        /// <summary>The number of elements (1 for a 0-d array, 0 when an extent is 0).</summary>
        internal long Size { get; }

        /// <summary>The size of one element in bytes.</summary>
        internal int ItemSize => NpyDTypes.ItemSize(DType);

        /// <summary>The NumPy type string this array is written with, e.g. '&lt;f4'.</summary>
        internal string Descr => NpyDTypes.Descr(DType);

        /// <summary>The elements: little-endian, C order, <see cref="Size"/> × <see cref="ItemSize"/> bytes.</summary>
        internal byte[] Data { get; }

        /// <summary>A copy of the shape.</summary>
        internal long[] ShapeToArray() => (long[])_shape.Clone();

        /// <summary>Copies typed values into a new array (C order).</summary>
        /// <typeparam name="T">The element type; must match <paramref name="shape"/>'s element count.</typeparam>
        /// <param name="values">The elements in C order.</param>
        /// <param name="shape">The shape; empty for a 0-d array.</param>
        internal static NpyArray FromSpan<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape)
            where T : unmanaged
        {
            RequireLittleEndianHost();
            NpyDType dtype = NpyDTypes.FromClrType<T>();
            long size = CheckedSize(shape) ?? throw new ArgumentException(
                $"shape {FormatShape(shape)} has a negative extent or too many elements", nameof(shape));
            if (size != values.Length)
            {
                throw new ArgumentException(
                    $"{values.Length} values do not fill shape {FormatShape(shape)} ({size} elements)", nameof(values));
            }

            return new NpyArray(dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
        }

        /// <summary>A 0-d array holding one value (Chainer writes Python int persistents this way).</summary>
        internal static NpyArray Scalar<T>(T value)
            where T : unmanaged
            => FromSpan(new ReadOnlySpan<T>(in value), ReadOnlySpan<long>.Empty);

        /// <summary>The elements as typed values, without copying.</summary>
        /// <typeparam name="T">Must be the CLR type of <see cref="DType"/> (see <see cref="NpyDTypes.ClrType"/>).</typeparam>
        /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the dtype.</exception>
        internal ReadOnlySpan<T> AsSpan<T>()
            where T : unmanaged
        {
            RequireLittleEndianHost();
            if (NpyDTypes.ClrType(DType) != typeof(T))
            {
                throw new InvalidOperationException(
                    $"the array holds {Descr} ({NpyDTypes.ClrType(DType).Name}), not {typeof(T).Name}");
            }

            return MemoryMarshal.Cast<byte, T>(Data);
        }

        /// <summary>A typed copy of the elements.</summary>
        /// <typeparam name="T">Must be the CLR type of <see cref="DType"/>.</typeparam>
        internal T[] ToArray<T>()
            where T : unmanaged
            => AsSpan<T>().ToArray();

        /// <summary>
        /// The elements converted to double, whatever the dtype (bool becomes 0 or 1; int64 values
        /// beyond 2^53 round as a C# cast does). Meant for comparisons and casting loads.
        /// </summary>
        internal double[] ToDoubleArray()
        {
            var result = new double[Size];
            switch (DType)
            {
                case NpyDType.Bool: Widen(AsSpan<bool>(), result, v => v ? 1.0 : 0.0); break;
                case NpyDType.Int8: Widen(AsSpan<sbyte>(), result, v => v); break;
                case NpyDType.UInt8: Widen(AsSpan<byte>(), result, v => v); break;
                case NpyDType.Int16: Widen(AsSpan<short>(), result, v => v); break;
                case NpyDType.UInt16: Widen(AsSpan<ushort>(), result, v => v); break;
                case NpyDType.Int32: Widen(AsSpan<int>(), result, v => v); break;
                case NpyDType.UInt32: Widen(AsSpan<uint>(), result, v => v); break;
                case NpyDType.Int64: Widen(AsSpan<long>(), result, v => v); break;
                case NpyDType.UInt64: Widen(AsSpan<ulong>(), result, v => v); break;
                case NpyDType.Float16: Widen(AsSpan<Half>(), result, v => (double)v); break;
                case NpyDType.Float32: Widen(AsSpan<float>(), result, v => v); break;
                default: AsSpan<double>().CopyTo(result); break;
            }

            return result;
        }

        /// <summary>
        /// The elements of a bool or integer array as int64 (Chainer's integer persistents such as
        /// BatchNormalization's N and an optimizer's t are 0-d int64).
        /// </summary>
        /// <exception cref="InvalidOperationException">A floating-point dtype, or a uint64 value above long.MaxValue.</exception>
        internal long[] ToInt64Array()
        {
            var result = new long[Size];
            switch (DType)
            {
                case NpyDType.Bool: Widen(AsSpan<bool>(), result, v => v ? 1L : 0L); break;
                case NpyDType.Int8: Widen(AsSpan<sbyte>(), result, v => v); break;
                case NpyDType.UInt8: Widen(AsSpan<byte>(), result, v => v); break;
                case NpyDType.Int16: Widen(AsSpan<short>(), result, v => v); break;
                case NpyDType.UInt16: Widen(AsSpan<ushort>(), result, v => v); break;
                case NpyDType.Int32: Widen(AsSpan<int>(), result, v => v); break;
                case NpyDType.UInt32: Widen(AsSpan<uint>(), result, v => v); break;
                case NpyDType.Int64: AsSpan<long>().CopyTo(result); break;
                case NpyDType.UInt64:
                    Widen(AsSpan<ulong>(), result, v => v <= long.MaxValue
                        ? (long)v
                        : throw new InvalidOperationException($"uint64 value {v} does not fit in int64"));
                    break;
                default:
                    throw new InvalidOperationException($"the array holds floating-point {Descr}, not integers");
            }

            return result;
        }

        /// <summary>Formats a shape as Python prints a tuple: (), (3,), (2, 3).</summary>
        internal static string FormatShape(ReadOnlySpan<long> shape)
        {
            var parts = new string[shape.Length];
            for (int i = 0; i < shape.Length; i++)
            {
                parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return shape.Length == 1 ? $"({parts[0]},)" : "(" + string.Join(", ", parts) + ")";
        }

        /// <summary>The element count of a shape, or null if an extent is negative or the count overflows.</summary>
        internal static long? CheckedSize(ReadOnlySpan<long> shape)
        {
            bool empty = false;
            foreach (long extent in shape)
            {
                if (extent < 0)
                {
                    return null;
                }

                empty |= extent == 0;
            }

            if (empty)
            {
                // A zero extent makes the array empty however large the other extents are.
                return 0;
            }

            long size = 1;
            foreach (long extent in shape)
            {
                if (size > long.MaxValue / extent)
                {
                    return null;
                }

                size *= extent;
            }

            return size;
        }

        private static void Widen<TIn, TOut>(ReadOnlySpan<TIn> source, TOut[] target, Func<TIn, TOut> convert)
        {
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = convert(source[i]);
            }
        }

        private static void RequireLittleEndianHost()
        {
            // The canonical byte order is little-endian so typed views are plain reinterpretations.
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("NumPy array files are only supported on little-endian hosts");
            }
        }
    }
}
