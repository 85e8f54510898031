using System;

namespace Chainer.Serialization
{
    /// <summary>Converts element bytes from the layouts .npy files allow to little-endian C order.</summary>
    internal static class NpyLayout
    {
        /// <summary>Reverses the bytes of every element in place (big-endian to little-endian).</summary>
        internal static void SwapBytes(Span<byte> data, int itemSize)
        {
            if (itemSize == 1)
            {
                return;
            }

            for (int offset = 0; offset + itemSize <= data.Length; offset += itemSize)
            {
                data.Slice(offset, itemSize).Reverse();
            }
        }

        /// <summary>
        /// Reorders Fortran-order (column-major) element bytes into C order (row-major) for the same shape.
        /// </summary>
        /// <param name="data">The elements in Fortran order.</param>
        /// <param name="shape">The array's shape (not reversed).</param>
        /// <param name="itemSize">The size of one element in bytes.</param>
        /// <returns>A new array in C order; <paramref name="data"/> itself when the orders coincide.</returns>
        internal static byte[] FortranToC(byte[] data, ReadOnlySpan<long> shape, int itemSize)
        {
            int ndim = shape.Length;
            int nonTrivial = 0;
            foreach (long extent in shape)
            {
                if (extent == 0)
                {
                    return data;
                }

                nonTrivial += extent > 1 ? 1 : 0;
            }

            // With at most one axis longer than 1 both orders list the elements identically.
            if (nonTrivial <= 1)
            {
                return data;
            }

            // In Fortran order axis 0 varies fastest: its stride is one element, axis k's is the
            // product of the extents before it.
            var fortranStride = new long[ndim];
            long stride = itemSize;
            for (int axis = 0; axis < ndim; axis++)
            {
                fortranStride[axis] = stride;
                stride *= shape[axis];
            }

            var result = new byte[data.Length];
            var index = new long[ndim];
            long source = 0;
            long lastExtent = shape[ndim - 1];
            long lastStride = fortranStride[ndim - 1];
            for (long target = 0; target < result.LongLength;)
            {
                // Walk the last (C-fastest) axis in one run, then advance the odometer.
                for (long i = 0; i < lastExtent; i++)
                {
                    Buffer.BlockCopy(data, (int)(source + (i * lastStride)), result, (int)target, itemSize);
                    target += itemSize;
                }

                for (int axis = ndim - 2; axis >= 0; axis--)
                {
                    index[axis]++;
                    source += fortranStride[axis];
                    if (index[axis] < shape[axis])
                    {
                        break;
                    }

                    source -= index[axis] * fortranStride[axis];
                    index[axis] = 0;
                }
            }

            return result;
        }
    }
}
