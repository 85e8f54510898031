using System;

namespace Chainer.Serialization
{
    /// <summary>Facts about each <see cref="NpyDType"/>: item size, NumPy type string, CLR type.</summary>
    internal static class NpyDTypes
    {
        /// <summary>The size of one element in bytes.</summary>
        internal static int ItemSize(NpyDType dtype) => dtype switch
        {
            NpyDType.Bool or NpyDType.Int8 or NpyDType.UInt8 => 1,
            NpyDType.Int16 or NpyDType.UInt16 or NpyDType.Float16 => 2,
            NpyDType.Int32 or NpyDType.UInt32 or NpyDType.Float32 => 4,
            NpyDType.Int64 or NpyDType.UInt64 or NpyDType.Float64 or NpyDType.Object => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown NpyDType"),
        };

        /// <summary>
        /// The type string NumPy writes for this dtype (numpy.dtype.str): little-endian '&lt;' for
        /// multi-byte types, '|' (byte order not applicable) for one-byte types.
        /// </summary>
        internal static string Descr(NpyDType dtype)
        {
            if (dtype == NpyDType.Object)
            {
                return "|O";
            }

            int size = ItemSize(dtype);
            return (size == 1 ? "|" : "<") + KindChar(dtype) + size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The CLR element type that has the same memory layout.</summary>
        internal static Type ClrType(NpyDType dtype) => dtype switch
        {
            NpyDType.Bool => typeof(bool),
            NpyDType.Int8 => typeof(sbyte),
            NpyDType.UInt8 => typeof(byte),
            NpyDType.Int16 => typeof(short),
            NpyDType.UInt16 => typeof(ushort),
            NpyDType.Int32 => typeof(int),
            NpyDType.UInt32 => typeof(uint),
            NpyDType.Int64 => typeof(long),
            NpyDType.UInt64 => typeof(ulong),
            NpyDType.Float16 => typeof(Half),
            NpyDType.Float32 => typeof(float),
            NpyDType.Float64 => typeof(double),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown NpyDType"),
        };

        /// <summary>The dtype whose elements are the CLR type <typeparamref name="T"/>.</summary>
        /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not one of the supported element types.</exception>
        internal static NpyDType FromClrType<T>()
            where T : unmanaged
        {
            Type t = typeof(T);
            if (t == typeof(bool)) return NpyDType.Bool;
            if (t == typeof(sbyte)) return NpyDType.Int8;
            if (t == typeof(byte)) return NpyDType.UInt8;
            if (t == typeof(short)) return NpyDType.Int16;
            if (t == typeof(ushort)) return NpyDType.UInt16;
            if (t == typeof(int)) return NpyDType.Int32;
            if (t == typeof(uint)) return NpyDType.UInt32;
            if (t == typeof(long)) return NpyDType.Int64;
            if (t == typeof(ulong)) return NpyDType.UInt64;
            if (t == typeof(Half)) return NpyDType.Float16;
            if (t == typeof(float)) return NpyDType.Float32;
            if (t == typeof(double)) return NpyDType.Float64;
            throw new NotSupportedException($"{t.Name} is not an element type of a NumPy array file");
        }

        /// <summary>
        /// Parses a simple NumPy type string such as '&lt;f4', '&gt;i8', '|b1', '=u2' or 'f8'.
        /// </summary>
        /// <param name="descr">The 'descr' value of an .npy header.</param>
        /// <param name="dtype">The element type.</param>
        /// <param name="bigEndian">True when the data is stored big-endian and must be byte-swapped.</param>
        /// <returns>False for anything else (structured, string, object, complex, datetime types...).</returns>
        internal static bool TryParseDescr(string descr, out NpyDType dtype, out bool bigEndian)
        {
            dtype = default;
            bigEndian = false;
            ReadOnlySpan<char> s = descr;
            if (s.Length > 0 && (s[0] == '<' || s[0] == '>' || s[0] == '=' || s[0] == '|'))
            {
                // '=' is native order: every platform .NET and NumPy share here is little-endian.
                bigEndian = s[0] == '>';
                s = s[1..];
            }

            if (s.Length != 2)
            {
                return false;
            }

            NpyDType? parsed = (s[0], s[1]) switch
            {
                ('b', '1') => NpyDType.Bool,
                ('i', '1') => NpyDType.Int8,
                ('u', '1') => NpyDType.UInt8,
                ('i', '2') => NpyDType.Int16,
                ('u', '2') => NpyDType.UInt16,
                ('i', '4') => NpyDType.Int32,
                ('u', '4') => NpyDType.UInt32,
                ('i', '8') => NpyDType.Int64,
                ('u', '8') => NpyDType.UInt64,
                ('f', '2') => NpyDType.Float16,
                ('f', '4') => NpyDType.Float32,
                ('f', '8') => NpyDType.Float64,
                _ => null,
            };
            if (parsed is null)
            {
                return false;
            }

            dtype = parsed.Value;
            return true;
        }

        private static char KindChar(NpyDType dtype) => dtype switch
        {
            NpyDType.Bool => 'b',
            NpyDType.Int8 or NpyDType.Int16 or NpyDType.Int32 or NpyDType.Int64 => 'i',
            NpyDType.UInt8 or NpyDType.UInt16 or NpyDType.UInt32 or NpyDType.UInt64 => 'u',
            _ => 'f',
        };
    }
}
