using System.Globalization;
using System.Text;

namespace Chainer
{
    /// <summary>Shape helpers shared by arrays, variables and links.</summary>
    internal static class ShapeUtil
    {
        /// <summary>The product of the dimensions (1 for a 0-d shape).</summary>
        internal static long SizeOf(long[] shape)
        {
            long size = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                size *= shape[i];
            }

            return size;
        }

        /// <summary>Python's tuple repr of a shape: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
        internal static string Format(long[] shape)
        {
            if (shape.Length == 1)
            {
                return "(" + shape[0].ToString(CultureInfo.InvariantCulture) + ",)";
            }

            var sb = new StringBuilder("(");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.Append(')').ToString();
        }

        /// <summary>Whether two shapes are equal.</summary>
        internal static bool Equal(long[] a, long[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
