using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Pooling functions (<c>chainer.functions.pooling</c>).</summary>
    public static partial class Functions
    {
        /// <summary>
        /// One-dimensional max pooling (<c>F.max_pooling_1d(x, ksize, stride=None, pad=0, cover_all=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0); padded cells never win.</param>
        /// <param name="coverAll">Cover every element: the output length is <c>ceil((L + 2p - k) / s) + 1</c>.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling1D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool coverAll = true)
        {
            RequireSpatial(x, 1);
            return PoolCall(x, 1, ksize, stride, pad, coverAll, max: true);
        }

        /// <summary>
        /// Two-dimensional max pooling (<c>F.max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True)</c>). Note
        /// Chainer's default <c>cover_all=True</c>: 5×5 with k=2 gives 3×3.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="ksize">The window size, an int or (kh, kw).</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0); padded cells never win.</param>
        /// <param name="coverAll">Cover every pixel: the output size is <c>ceil((H + 2p - k) / s) + 1</c>.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling2D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("MaxPooling2D", "x", x, 4);
            return PoolCall(x, 2, ksize, stride, pad, coverAll, max: true);
        }

        /// <summary>
        /// Three-dimensional max pooling (<c>F.max_pooling_3d(x, ksize, stride=None, pad=0, cover_all=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every element.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling3D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool coverAll = true)
        {
            RequireSpatial(x, 3);
            return PoolCall(x, 3, ksize, stride, pad, coverAll, max: true);
        }

        /// <summary>
        /// N-dimensional max pooling (<c>F.max_pooling_nd(x, ksize, stride=None, pad=0, cover_all=True)</c>) over the
        /// <c>x.ndim - 2</c> spatial axes (1 to 3 here).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every element.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPoolingND(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            return PoolCall(x, Math.Max(x.Ndim - 2, 1), ksize, stride, pad, coverAll, max: true);
        }

        /// <summary>
        /// One-dimensional average pooling (<c>F.average_pooling_1d(x, ksize, stride=None, pad=0, pad_value=0)</c>).
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="padValue">0: padded cells count as zeros in the divisor; null: they are left out of it.</param>
        /// <returns>The output.</returns>
        public static Variable AveragePooling1D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, double? padValue = 0)
        {
            RequireSpatial(x, 1);
            return AveragePoolingWithPadValue(x, 1, ksize, stride, pad, padValue);
        }

        /// <summary>
        /// Two-dimensional average pooling (<c>F.average_pooling_2d(x, ksize, stride=None, pad=0)</c>); padded cells
        /// count as zeros in the k·k divisor, as in Chainer.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="ksize">The window size, an int or (kh, kw).</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <returns>The output.</returns>
        public static Variable AveragePooling2D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("AveragePooling2D", "x", x, 4);
            return PoolCall(x, 2, ksize, stride, pad, false, max: false);
        }

        /// <summary>
        /// Three-dimensional average pooling (<c>F.average_pooling_3d(x, ksize, stride=None, pad=0, pad_value=0)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="padValue">0: padded cells count as zeros in the divisor; null: they are left out of it.</param>
        /// <returns>The output.</returns>
        public static Variable AveragePooling3D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, double? padValue = 0)
        {
            RequireSpatial(x, 3);
            return AveragePoolingWithPadValue(x, 3, ksize, stride, pad, padValue);
        }

        /// <summary>
        /// N-dimensional average pooling (<c>F.average_pooling_nd(x, ksize, stride=None, pad=0, pad_value=0)</c>) over the
        /// <c>x.ndim - 2</c> spatial axes (1 to 3 here).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="padValue">0: padded cells count as zeros in the divisor; null: they are left out of it.</param>
        /// <returns>The output.</returns>
        public static Variable AveragePoolingND(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, double? padValue = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return AveragePoolingWithPadValue(x, Math.Max(x.Ndim - 2, 1), ksize, stride, pad, padValue);
        }

        /// <summary>
        /// Spatial pyramid pooling (<c>F.spatial_pyramid_pooling_2d(x, pyramid_height, pooling='max')</c>): for each level l,
        /// max pooling into a 2^l × 2^l grid (window <c>ceil(H / 2^l)</c>, padding half the remainder, cover_all), each
        /// result flattened to (N, C·2^l·2^l, 1, 1), all concatenated along axis 1. Chainer 7 has no default for
        /// <c>pooling</c> (None raises); here it defaults to the only supported value, <c>"max"</c>.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="pyramidHeight">The number of pyramid levels (positive).</param>
        /// <param name="pooling">The pooling operation; only <c>"max"</c>.</param>
        /// <returns>The (N, C·Σ 4^l, 1, 1) output.</returns>
        public static Variable SpatialPyramidPooling2D(Variable x, int pyramidHeight, string pooling = "max")
        {
            ArgumentNullException.ThrowIfNull(x);
            if (pooling != "max")
            {
                throw new ArgumentException($"Unsupported pooling operation: {pooling ?? "None"}", nameof(pooling));
            }

            if (pyramidHeight <= 0)
            {
                throw new ArgumentException($"pyramid_height must be positive, got {pyramidHeight}", nameof(pyramidHeight));
            }

            TypeChecks.Ndim("SpatialPyramidPooling2D", "x", x, 4);
            long[] s = x.Shape;
            long h = s[2], w = s[3];
            var ys = new Variable[pyramidHeight];
            for (int level = 0; level < pyramidHeight; level++)
            {
                long bins = 1L << level;
                long kh = (h + bins - 1) / bins, kw = (w + bins - 1) / bins;
                long ph = ((kh * bins) - h) / 2, pw = ((kw * bins) - w) / 2;
                Variable y = MaxPooling2D(x, new IntTuple(kh, kw), null, new IntTuple(ph, pw), coverAll: true);
                long[] ysh = y.Shape;
                ys[level] = Reshape(y, ysh[0], ysh[1] * ysh[2] * ysh[3], 1, 1);
            }

            return Concat(ys);
        }

        /// <summary>
        /// One-dimensional max pooling that also returns the pooling indexes
        /// (<c>F.max_pooling_1d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="indexes">The int64 index of each window's maximum within the window (flattened in C order, padding included), y's shape.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every element.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling1D(Variable x, IntTuple ksize, out NdArray indexes, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = true)
        {
            RequireSpatial(x, 1);
            return PoolWithIndexes(x, 1, ksize, stride, pad, coverAll, out indexes);
        }

        /// <summary>
        /// Two-dimensional max pooling that also returns the pooling indexes
        /// (<c>F.max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=True)</c>), as
        /// <see cref="Upsampling2D"/> takes them.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="indexes">The int64 index of each window's maximum within the window (flattened in C order, padding included), y's shape.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every pixel.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling2D(Variable x, IntTuple ksize, out NdArray indexes, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("MaxPooling2D", "x", x, 4);
            return PoolWithIndexes(x, 2, ksize, stride, pad, coverAll, out indexes);
        }

        /// <summary>
        /// Three-dimensional max pooling that also returns the pooling indexes
        /// (<c>F.max_pooling_3d(..., return_indices=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="indexes">The int64 index of each window's maximum within the window, y's shape.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every element.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPooling3D(Variable x, IntTuple ksize, out NdArray indexes, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = true)
        {
            RequireSpatial(x, 3);
            return PoolWithIndexes(x, 3, ksize, stride, pad, coverAll, out indexes);
        }

        /// <summary>
        /// N-dimensional max pooling that also returns the pooling indexes (<c>F.max_pooling_nd(..., return_indices=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="indexes">The int64 index of each window's maximum within the window, y's shape.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="coverAll">Cover every element.</param>
        /// <returns>The output.</returns>
        public static Variable MaxPoolingND(Variable x, IntTuple ksize, out NdArray indexes, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            return PoolWithIndexes(x, Math.Max(x.Ndim - 2, 1), ksize, stride, pad, coverAll, out indexes);
        }

        /// <summary>
        /// Upsampling with pooling indexes (<c>F.upsampling_2d(x, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True)</c>):
        /// each value of x goes to the cell of its window named by <paramref name="indexes"/> (as returned by
        /// <see cref="MaxPooling2D(Variable, IntTuple, out NdArray, IntTuple?, IntTuple?, bool)"/>); the rest is zero.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="indexes">The (N, C, H, W) int32/int64 indexes.</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The (H', W') output size, or null for the size max pooling came from.</param>
        /// <param name="coverAll">Whether the pooling used cover_all (for the default output size).</param>
        /// <returns>The output.</returns>
        public static unsafe Variable Upsampling2D(Variable x, NdArray indexes, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? outsize = null, bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(indexes);
            TypeChecks.Ndim("Upsampling2D", "x", x, 4);
            const int nd = 2;
            long[] k = ksize.Expand(nd, nameof(ksize));
            long[] s = stride is IntTuple st && !st.IsEmpty ? st.Expand(nd, nameof(stride)) : k;
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            long[]? o = outsize is IntTuple ot && !ot.IsEmpty ? ot.Expand(nd, nameof(outsize)) : null;
            fixed (long* kp = k)
            fixed (long* sp = s)
            fixed (long* pp = p)
            fixed (long* op = o)
            {
                return Result(
                    NativeMethods.ch_upsampling(x.Handle, indexes.Handle, kp, sp, pp, op, nd, coverAll ? 1 : 0, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// One-dimensional unpooling (<c>F.unpooling_1d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True)</c>): each
        /// value is copied over its whole window, overlapping windows summing.
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output length, or null for Chainer's default.</param>
        /// <param name="coverAll">Chainer's cover_all for the default output size.</param>
        /// <returns>The output.</returns>
        public static Variable Unpooling1D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, IntTuple? outsize = null,
            bool coverAll = true)
        {
            RequireSpatial(x, 1);
            return UnpoolCall(x, 1, ksize, stride, pad, outsize, coverAll);
        }

        /// <summary>
        /// Two-dimensional unpooling (<c>F.unpooling_2d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True)</c>), the
        /// inverse of pooling: each value is copied over its whole window.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The (H', W') output size, or null for Chainer's default.</param>
        /// <param name="coverAll">Chainer's cover_all for the default output size.</param>
        /// <returns>The output.</returns>
        public static Variable Unpooling2D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, IntTuple? outsize = null,
            bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("Unpooling2D", "x", x, 4);
            return UnpoolCall(x, 2, ksize, stride, pad, outsize, coverAll);
        }

        /// <summary>
        /// Three-dimensional unpooling (<c>F.unpooling_3d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output size, or null for Chainer's default.</param>
        /// <param name="coverAll">Chainer's cover_all for the default output size.</param>
        /// <returns>The output.</returns>
        public static Variable Unpooling3D(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, IntTuple? outsize = null,
            bool coverAll = true)
        {
            RequireSpatial(x, 3);
            return UnpoolCall(x, 3, ksize, stride, pad, outsize, coverAll);
        }

        /// <summary>
        /// N-dimensional unpooling (<c>F.unpooling_nd(x, ksize, stride=None, pad=0, outsize=None, cover_all=True)</c>) over the
        /// <c>x.ndim - 2</c> spatial axes (1 to 3 here).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="ksize">The window size.</param>
        /// <param name="stride">The stride; null means ksize.</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output size, or null for Chainer's default.</param>
        /// <param name="coverAll">Chainer's cover_all for the default output size.</param>
        /// <returns>The output.</returns>
        public static Variable UnpoolingND(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, IntTuple? outsize = null,
            bool coverAll = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            return UnpoolCall(x, Math.Max(x.Ndim - 2, 1), ksize, stride, pad, outsize, coverAll);
        }

        /// <summary>
        /// Region-of-interest max pooling (<c>F.roi_pooling_2d(x, rois, outh, outw, spatial_scale)</c>): each ROI row
        /// (batch_index, x_min, y_min, x_max, y_max), scaled by <paramref name="spatialScale"/>, is max-pooled to
        /// outh × outw. No gradient reaches the ROIs.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="rois">The (R, 5) regions, x's dtype.</param>
        /// <param name="outh">The output height.</param>
        /// <param name="outw">The output width.</param>
        /// <param name="spatialScale">The scale from ROI coordinates to x's pixels.</param>
        /// <returns>The (R, C, outh, outw) output.</returns>
        public static Variable RoiPooling2D(Variable x, Variable rois, int outh, int outw, double spatialScale)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(rois);
            return Result(NativeMethods.ch_roi_pooling_2d(x.Handle, rois.Handle, outh, outw, spatialScale, out VariableHandle y), y);
        }

        private static unsafe Variable PoolWithIndexes(Variable x, int nd, IntTuple ksize, IntTuple? stride, IntTuple? pad, bool coverAll,
            out NdArray indexes)
        {
            long[] k = ksize.Expand(nd, nameof(ksize));
            long[] s = stride is IntTuple st && !st.IsEmpty ? st.Expand(nd, nameof(stride)) : k;
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            fixed (long* kp = k)
            fixed (long* sp = s)
            fixed (long* pp = p)
            {
                ChStatus status = NativeMethods.ch_max_pooling_with_indexes(
                    x.Handle, kp, sp, pp, nd, coverAll ? 1 : 0, out VariableHandle y, out ArrayHandle idx);
                if (status != ChStatus.Ok)
                {
                    idx.Dispose();
                }

                Variable result = Result(status, y);
                indexes = new NdArray(idx);
                return result;
            }
        }

        private static unsafe Variable UnpoolCall(Variable x, int nd, IntTuple ksize, IntTuple? stride, IntTuple? pad, IntTuple? outsize,
            bool coverAll)
        {
            long[] k = ksize.Expand(nd, nameof(ksize));
            long[] s = stride is IntTuple st && !st.IsEmpty ? st.Expand(nd, nameof(stride)) : k;
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            long[]? o = outsize is IntTuple ot && !ot.IsEmpty ? ot.Expand(nd, nameof(outsize)) : null;
            fixed (long* kp = k)
            fixed (long* sp = s)
            fixed (long* pp = p)
            fixed (long* op = o)
            {
                return Result(NativeMethods.ch_unpooling(x.Handle, kp, sp, pp, op, nd, coverAll ? 1 : 0, out VariableHandle y), y);
            }
        }

        private static Variable AveragePoolingWithPadValue(Variable x, int nd, IntTuple ksize, IntTuple? stride, IntTuple? pad, double? padValue)
        {
            if (padValue is double v && v != 0)
            {
                throw new ArgumentException($"pad_value must be either 0 or None, not {v}.", nameof(padValue));
            }

            Variable y = PoolCall(x, nd, ksize, stride, pad, false, max: false);
            if (padValue is not null)
            {
                return y;
            }

            // pad_value=None: divide by the number of real cells in each window, i.e. by avg_pool(ones) · k^n / k^n.
            Variable count;
            using (chainer.NoBackpropMode())
            {
                using NdArray ones = NdArray.FullLike(x, x.Shape, 1.0, x.Dtype);
                using var onesVar = new Variable(ones, requiresGrad: false);
                Variable c = PoolCall(onesVar, nd, ksize, stride, pad, false, max: false);
                count = new Variable(c.Array, requiresGrad: false);
            }

            return y / count;
        }

        private static unsafe Variable PoolCall(Variable x, int nd, IntTuple ksize, IntTuple? stride, IntTuple? pad, bool coverAll, bool max)
        {
            ArgumentNullException.ThrowIfNull(x);
            long[] k = ksize.Expand(nd, nameof(ksize));
            long[] s = stride is IntTuple st && !st.IsEmpty ? st.Expand(nd, nameof(stride)) : k;
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            fixed (long* kp = k)
            fixed (long* sp = s)
            fixed (long* pp = p)
            {
                VariableHandle y;
                ChStatus status = max
                    ? NativeMethods.ch_max_pooling(x.Handle, kp, sp, pp, nd, coverAll ? 1 : 0, out y)
                    : NativeMethods.ch_average_pooling(x.Handle, kp, sp, pp, nd, out y);
                return Result(status, y);
            }
        }
    }
}
