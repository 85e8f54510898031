using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>The element types of <see cref="NdArray"/> (the same values as the native <c>ch_dtype</c>).</summary>
    public enum DType
    {
        /// <summary>Boolean (<c>numpy.bool_</c>), one byte per element; C# <see cref="bool"/>.</summary>
        Bool = 0,

        /// <summary>32-bit signed integer (<c>numpy.int32</c>); C# <see cref="int"/>.</summary>
        Int32 = 1,

        /// <summary>64-bit signed integer (<c>numpy.int64</c>); C# <see cref="long"/>.</summary>
        Int64 = 2,

        /// <summary>32-bit float (<c>numpy.float32</c>), the default; C# <see cref="float"/>.</summary>
        Float32 = 3,

        /// <summary>64-bit float (<c>numpy.float64</c>); C# <see cref="double"/>.</summary>
        Float64 = 4,
    }

    /// <summary>Properties of <see cref="DType"/> values.</summary>
    public static class DTypeExtensions
    {
        /// <summary>The size of one element in bytes.</summary>
        /// <param name="dtype">The dtype.</param>
        /// <returns>1, 4 or 8.</returns>
        public static int ItemSize(this DType dtype) => dtype switch
        {
            DType.Bool => 1,
            DType.Int32 => 4,
            DType.Int64 => 8,
            DType.Float32 => 4,
            DType.Float64 => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };

        /// <summary>NumPy's name of the dtype (<c>float32</c>, <c>int64</c>, <c>bool</c>, ...).</summary>
        /// <param name="dtype">The dtype.</param>
        /// <returns>The name.</returns>
        public static string Name(this DType dtype) => dtype switch
        {
            DType.Bool => "bool",
            DType.Int32 => "int32",
            DType.Int64 => "int64",
            DType.Float32 => "float32",
            DType.Float64 => "float64",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };

        /// <summary>Whether the dtype is a floating-point type (NumPy kind <c>'f'</c>).</summary>
        /// <param name="dtype">The dtype.</param>
        /// <returns><c>true</c> for float32 and float64.</returns>
        public static bool IsFloat(this DType dtype) => dtype is DType.Float32 or DType.Float64;

        /// <summary>The .NET element type that holds values of the dtype.</summary>
        /// <param name="dtype">The dtype.</param>
        /// <returns><see cref="float"/>, <see cref="double"/>, <see cref="int"/>, <see cref="long"/> or <see cref="bool"/>.</returns>
        public static Type ElementType(this DType dtype) => dtype switch
        {
            DType.Bool => typeof(bool),
            DType.Int32 => typeof(int),
            DType.Int64 => typeof(long),
            DType.Float32 => typeof(float),
            DType.Float64 => typeof(double),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };

        /// <summary>The dtype that holds values of a .NET element type, or null when there is none.</summary>
        /// <param name="type">The element type.</param>
        /// <returns>The dtype, or null.</returns>
        public static DType? FromElementType(Type type)
        {
            if (type == typeof(float))
            {
                return DType.Float32;
            }

            if (type == typeof(double))
            {
                return DType.Float64;
            }

            if (type == typeof(int))
            {
                return DType.Int32;
            }

            if (type == typeof(long))
            {
                return DType.Int64;
            }

            if (type == typeof(bool))
            {
                return DType.Bool;
            }

            return null;
        }

        internal static ChDtype ToNative(this DType dtype) => (ChDtype)(int)dtype;

        internal static DType FromNative(ChDtype dtype) => (DType)(int)dtype;

        internal static void Validate(DType dtype, string paramName)
        {
            if ((uint)dtype > (uint)DType.Float64)
            {
                throw new ArgumentOutOfRangeException(paramName, dtype, "Unknown dtype.");
            }
        }
    }
}
