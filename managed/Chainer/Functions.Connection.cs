using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Connection functions (<c>chainer.functions.connection</c>): convolutions, embeddings, bilinear.</summary>
    public static partial class Functions
    {
        /// <summary>
        /// One-dimensional convolution (<c>F.convolution_1d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1)</c>).
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="W">The (out, C / groups, k) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <param name="coverAll">Cover every input element, adding padding at the end if needed.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The (N, out, L') output.</returns>
        public static Variable Convolution1D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = false, IntTuple? dilate = null, int groups = 1)
        {
            RequireSpatial(x, 1);
            return ConvCall(x, W, b, 1, stride, pad, dilate, groups, coverAll, "Convolution1D");
        }

        /// <summary>
        /// Two-dimensional convolution (<c>F.convolution_2d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1)</c>),
        /// via im2col and GEMM.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="W">The (out, C / groups, kh, kw) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride, an int or (sy, sx) (null: 1).</param>
        /// <param name="pad">The zero padding, an int or (ph, pw) (null: 0).</param>
        /// <param name="coverAll">Cover every input pixel, adding padding at the end if needed.</param>
        /// <param name="dilate">The dilation, an int or (dy, dx) (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The (N, out, H', W') output.</returns>
        public static Variable Convolution2D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = false, IntTuple? dilate = null, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("Convolution2DFunction", "x", x, 4);
            return ConvCall(x, W, b, 2, stride, pad, dilate, groups, coverAll, "Convolution2D");
        }

        /// <summary>
        /// Three-dimensional convolution (<c>F.convolution_3d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="W">The (out, C / groups, kd, kh, kw) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <param name="coverAll">Cover every input element, adding padding at the end if needed.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The (N, out, D', H', W') output.</returns>
        public static Variable Convolution3D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = false, IntTuple? dilate = null, int groups = 1)
        {
            RequireSpatial(x, 3);
            return ConvCall(x, W, b, 3, stride, pad, dilate, groups, coverAll, "Convolution3D");
        }

        /// <summary>
        /// N-dimensional convolution (<c>F.convolution_nd(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1)</c>);
        /// the number of spatial axes is <c>x.ndim - 2</c> (1 to 3 here).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="W">The (out, C / groups, k1, ..., kn) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <param name="coverAll">Cover every input element, adding padding at the end if needed.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The output.</returns>
        public static Variable ConvolutionND(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            bool coverAll = false, IntTuple? dilate = null, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            int nd = Math.Max(x.Ndim - 2, 1);
            return ConvCall(x, W, b, nd, stride, pad, dilate, groups, coverAll, "ConvolutionND");
        }

        /// <summary>
        /// Two-dimensional dilated convolution (<c>F.dilated_convolution_2d(x, W, b=None, stride=1, pad=0, dilate=1, cover_all=False)</c>),
        /// the same as <see cref="Convolution2D"/> with <paramref name="dilate"/>.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="W">The (out, C, kh, kw) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="coverAll">Cover every input pixel, adding padding at the end if needed.</param>
        /// <returns>The output.</returns>
        public static Variable DilatedConvolution2D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? dilate = null, bool coverAll = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("DilatedConvolution2DFunction", "x", x, 4);
            return ConvCall(x, W, b, 2, stride, pad, dilate, 1, coverAll, "DilatedConvolution2D");
        }

        /// <summary>
        /// Two-dimensional depthwise convolution (<c>F.depthwise_convolution_2d(x, W, b=None, stride=1, pad=0)</c>): W of
        /// shape (multiplier, C, kh, kw) is transposed and reshaped to (C·multiplier, 1, kh, kw) and applied as a
        /// convolution with <c>groups = C</c>, as Chainer defines it.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="W">The (multiplier, C, kh, kw) filters.</param>
        /// <param name="b">The (C·multiplier,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <returns>The (N, C·multiplier, H', W') output.</returns>
        public static Variable DepthwiseConvolution2D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(W);
            TypeChecks.Ndim("DepthwiseConvolution2D", "W", W, 4);
            long[] s = W.Shape;
            long multiplier = s[0], inChannels = s[1];
            Variable w = Reshape(Transpose(W, new[] { 1, 0, 2, 3 }), multiplier * inChannels, 1, s[2], s[3]);
            return Convolution2D(x, w, b, stride, pad, groups: checked((int)inChannels));
        }

        /// <summary>
        /// One-dimensional transposed convolution (<c>F.deconvolution_1d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1)</c>).
        /// </summary>
        /// <param name="x">The (N, C, L) input (float).</param>
        /// <param name="W">The (C, out / groups, k) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output length, or null for <c>s·(L-1) + k - 2p</c>.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The output.</returns>
        public static Variable Deconvolution1D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? outsize = null, IntTuple? dilate = null, int groups = 1)
        {
            RequireSpatial(x, 1);
            return DeconvCall(x, W, b, 1, stride, pad, outsize, dilate, groups);
        }

        /// <summary>
        /// Two-dimensional transposed convolution (<c>F.deconvolution_2d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1)</c>);
        /// the output size is <c>s·(H-1) + k - 2p</c> unless <paramref name="outsize"/> is given.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="W">The (C, out / groups, kh, kw) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The (H', W') output size, or null.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The output.</returns>
        public static Variable Deconvolution2D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? outsize = null, IntTuple? dilate = null, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Ndim("Deconvolution2DFunction", "x", x, 4);
            return DeconvCall(x, W, b, 2, stride, pad, outsize, dilate, groups);
        }

        /// <summary>
        /// Three-dimensional transposed convolution (<c>F.deconvolution_3d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1)</c>).
        /// </summary>
        /// <param name="x">The (N, C, D, H, W) input (float).</param>
        /// <param name="W">The (C, out / groups, kd, kh, kw) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output size, or null.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The output.</returns>
        public static Variable Deconvolution3D(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? outsize = null, IntTuple? dilate = null, int groups = 1)
        {
            RequireSpatial(x, 3);
            return DeconvCall(x, W, b, 3, stride, pad, outsize, dilate, groups);
        }

        /// <summary>
        /// N-dimensional transposed convolution (<c>F.deconvolution_nd(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1)</c>);
        /// the number of spatial axes is <c>x.ndim - 2</c> (1 to 3 here).
        /// </summary>
        /// <param name="x">The (N, C, d1, ..., dn) input (float).</param>
        /// <param name="W">The (C, out / groups, k1, ..., kn) filters.</param>
        /// <param name="b">The (out,) bias, or null.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The padding (null: 0).</param>
        /// <param name="outsize">The output size, or null.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        /// <returns>The output.</returns>
        public static Variable DeconvolutionND(Variable x, Variable W, Variable? b = null, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? outsize = null, IntTuple? dilate = null, int groups = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            int nd = Math.Max(x.Ndim - 2, 1);
            return DeconvCall(x, W, b, nd, stride, pad, outsize, dilate, groups);
        }

        /// <summary>
        /// Embedding lookup <c>W[x]</c> (<c>F.embed_id(x, W, ignore_label=None)</c>); rows of ignored ids are zeros and
        /// repeated ids accumulate their gradients.
        /// </summary>
        /// <param name="x">The int ids, any shape, each in [0, W.shape[0]) unless ignored.</param>
        /// <param name="W">The (vocabulary, units) embedding matrix (float).</param>
        /// <param name="ignoreLabel">An id that yields a zero row, or null.</param>
        /// <returns>The x.shape + (units,) embeddings.</returns>
        public static Variable EmbedID(Variable x, Variable W, int? ignoreLabel = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(W);
            return Result(
                NativeMethods.ch_embed_id(x.Handle, W.Handle, ignoreLabel.HasValue ? 1 : 0, ignoreLabel ?? 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Bilinear function (<c>F.bilinear(e1, e2, W, V1=None, V2=None, b=None)</c>):
        /// <c>y[n, l] = Σ_ij e1[n, i] e2[n, j] W[i, j, l] + (e1 V1)[n, l] + (e2 V2)[n, l] + b[l]</c>.
        /// V1, V2 and b are given together or not at all.
        /// </summary>
        /// <param name="e1">The (N, I) left input (float).</param>
        /// <param name="e2">The (N, J) right input.</param>
        /// <param name="W">The (I, J, L) tensor.</param>
        /// <param name="V1">The (I, L) matrix, or null.</param>
        /// <param name="V2">The (J, L) matrix, or null.</param>
        /// <param name="b">The (L,) bias, or null.</param>
        /// <returns>The (N, L) output.</returns>
        /// <exception cref="ArgumentException">Only some of V1, V2 and b are given.</exception>
        public static Variable Bilinear(Variable e1, Variable e2, Variable W, Variable? V1 = null, Variable? V2 = null, Variable? b = null)
        {
            ArgumentNullException.ThrowIfNull(e1);
            ArgumentNullException.ThrowIfNull(e2);
            ArgumentNullException.ThrowIfNull(W);
            bool anyNull = V1 is null || V2 is null || b is null;
            bool allNull = V1 is null && V2 is null && b is null;
            if (anyNull && !allNull)
            {
                throw new ArgumentException("All coefficients and bias for bilinear() must be None, if at least one of them is None.");
            }

            using var opt = new HandleList(3);
            opt.Set(0, V1?.Handle);
            opt.Set(1, V2?.Handle);
            opt.Set(2, b?.Handle);
            return Result(
                NativeMethods.ch_bilinear(e1.Handle, e2.Handle, W.Handle, opt.Raw[0], opt.Raw[1], opt.Raw[2], out VariableHandle y), y);
        }

        /// <summary>Chainer's ValueError for convolution_1d/3d inputs of the wrong rank.</summary>
        private static void RequireSpatial(Variable x, int nd)
        {
            ArgumentNullException.ThrowIfNull(x);
            int actual = x.Ndim - 2;
            if (actual != nd)
            {
                throw new ArgumentException(
                    $"The number of dimensions under channel dimension of the input 'x' should be {nd}. But the actual ndim was {actual}.",
                    nameof(x));
            }
        }

        internal static unsafe Variable ConvCall(Variable x, Variable W, Variable? b, int nd, IntTuple? stride, IntTuple? pad,
            IntTuple? dilate, long groups, bool coverAll, string label)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(W);
            long[] s = IntTuple.ExpandOr(stride, nd, 1, nameof(stride));
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            long[] d = IntTuple.ExpandOr(dilate, nd, 1, nameof(dilate));
            using var opt = new HandleList(1);
            opt.Set(0, b?.Handle);
            fixed (long* sp = s)
            fixed (long* pp = p)
            fixed (long* dp = d)
            {
                return Result(
                    NativeMethods.ch_convolution(x.Handle, W.Handle, opt.Raw[0], sp, pp, dp, nd, groups, coverAll ? 1 : 0, out VariableHandle y), y);
            }
        }

        private static unsafe Variable DeconvCall(Variable x, Variable W, Variable? b, int nd, IntTuple? stride, IntTuple? pad,
            IntTuple? outsize, IntTuple? dilate, long groups)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(W);
            long[] s = IntTuple.ExpandOr(stride, nd, 1, nameof(stride));
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            long[] d = IntTuple.ExpandOr(dilate, nd, 1, nameof(dilate));
            long[]? o = outsize is IntTuple ot && !ot.IsEmpty ? ot.Expand(nd, nameof(outsize)) : null;
            using var opt = new HandleList(1);
            opt.Set(0, b?.Handle);
            fixed (long* sp = s)
            fixed (long* pp = p)
            fixed (long* dp = d)
            fixed (long* op = o)
            {
                return Result(
                    NativeMethods.ch_deconvolution(x.Handle, W.Handle, opt.Raw[0], sp, pp, dp, op, nd, groups, out VariableHandle y), y);
            }
        }
    }
}
