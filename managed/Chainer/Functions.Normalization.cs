using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Normalization functions (<c>chainer.functions.normalization</c>).</summary>
    public static partial class Functions
    {
        /// <summary>
        /// Batch normalization with batch statistics (<c>F.batch_normalization(x, gamma, beta, eps=2e-5,
        /// running_mean=None, running_var=None, decay=0.9, axis=None)</c>). The statistics are taken over every axis
        /// except those of gamma (by default axis 0 and the axes after <c>1 + gamma.ndim</c>). When given, the running
        /// statistics are updated in place: <c>r_mean = decay·r_mean + (1-decay)·mean</c> and
        /// <c>r_var = decay·r_var + (1-decay)·var·m/(m-1)</c> (the unbiased variance).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="gamma">The scale.</param>
        /// <param name="beta">The shift (gamma's shape).</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="runningMean">The running mean, updated in place, or null.</param>
        /// <param name="runningVar">The running variance, updated in place, or null.</param>
        /// <param name="decay">The decay of the running statistics.</param>
        /// <param name="axis">The axes the statistics are taken over, or null for the default.</param>
        /// <returns>The normalized output.</returns>
        public static Variable BatchNormalization(Variable x, Variable gamma, Variable beta, double eps = 2e-5,
            NdArray? runningMean = null, NdArray? runningVar = null, double decay = 0.9, int[]? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(gamma);
            ArgumentNullException.ThrowIfNull(beta);
            NdArray? mean = runningMean;
            NdArray? var = runningVar;
            NdArray? scratch = null;
            try
            {
                // The native routine updates both or neither; a lone one is paired with a scratch array.
                if (mean is null != var is null)
                {
                    NdArray given = (mean ?? var)!;
                    scratch = NdArray.FullLike(given, given.Shape, 0.0, given.Dtype);
                    mean ??= scratch;
                    var ??= scratch;
                }

                return BatchNormCall(x, gamma, beta, eps, mean, var, decay, axis);
            }
            finally
            {
                scratch?.Dispose();
            }
        }

        private static unsafe Variable BatchNormCall(Variable x, Variable gamma, Variable beta, double eps, NdArray? mean, NdArray? var,
            double decay, int[]? axis)
        {
            using var opt = new HandleList(2);
            opt.Set(0, mean?.Handle);
            opt.Set(1, var?.Handle);
            long[] a = axis is null ? new long[1] : Longs(axis);
            if (axis is not null && axis.Length == 0)
            {
                throw new ArgumentException("axis must hold at least one axis", nameof(axis));
            }

            fixed (long* ap = a)
            {
                return Result(
                    NativeMethods.ch_batch_normalization(x.Handle, gamma.Handle, beta.Handle, eps, opt.Raw[0], opt.Raw[1], decay,
                        axis is null ? null : ap, axis?.Length ?? 0, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// Batch normalization with given statistics (<c>F.fixed_batch_normalization(x, gamma, beta, mean, var,
        /// eps=2e-5, axis=None)</c>): <c>gamma · (x - mean) / sqrt(var + eps) + beta</c>.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="gamma">The scale.</param>
        /// <param name="beta">The shift.</param>
        /// <param name="mean">The mean (gamma's shape).</param>
        /// <param name="var">The variance (gamma's shape).</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="axis">The aggregated axes, or null for the default.</param>
        /// <returns>The normalized output.</returns>
        public static unsafe Variable FixedBatchNormalization(Variable x, Variable gamma, Variable beta, Variable mean, Variable var,
            double eps = 2e-5, int[]? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(gamma);
            ArgumentNullException.ThrowIfNull(beta);
            ArgumentNullException.ThrowIfNull(mean);
            ArgumentNullException.ThrowIfNull(var);
            if (axis is not null && axis.Length == 0)
            {
                throw new ArgumentException("axis must hold at least one axis", nameof(axis));
            }

            long[] a = axis is null ? new long[1] : Longs(axis);
            fixed (long* ap = a)
            {
                return Result(
                    NativeMethods.ch_fixed_batch_normalization(x.Handle, gamma.Handle, beta.Handle, mean.Handle, var.Handle, eps,
                        axis is null ? null : ap, axis?.Length ?? 0, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// Layer normalization over axis 1 of a 2-d input (<c>F.layer_normalization(x, gamma, beta, eps=1e-5)</c>).
        /// </summary>
        /// <param name="x">The (N, C) input (float).</param>
        /// <param name="gamma">The (C,) scale.</param>
        /// <param name="beta">The (C,) shift.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <returns>The normalized output.</returns>
        public static Variable LayerNormalization(Variable x, Variable gamma, Variable beta, double eps = 1e-5)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(gamma);
            ArgumentNullException.ThrowIfNull(beta);
            return Result(NativeMethods.ch_layer_normalization(x.Handle, gamma.Handle, beta.Handle, eps, out VariableHandle y), y);
        }

        /// <summary>
        /// Group normalization (<c>F.group_normalization(x, groups, gamma, beta, eps=1e-5)</c>): the channels (axis 1)
        /// are split into groups, each normalized over its channels and the spatial axes, then scaled per channel.
        /// </summary>
        /// <param name="x">The (N, C, ...) input (float).</param>
        /// <param name="groups">The number of groups (divides C).</param>
        /// <param name="gamma">The (C,) scale.</param>
        /// <param name="beta">The (C,) shift.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <returns>The normalized output.</returns>
        public static Variable GroupNormalization(Variable x, int groups, Variable gamma, Variable beta, double eps = 1e-5)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(gamma);
            ArgumentNullException.ThrowIfNull(beta);
            return Result(NativeMethods.ch_group_normalization(x.Handle, groups, gamma.Handle, beta.Handle, eps, out VariableHandle y), y);
        }

        /// <summary>
        /// Local response normalization across channels (<c>F.local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=.75)</c>):
        /// <c>x / (k + alpha · Σ x²)^beta</c> over a window of n neighbouring channels.
        /// </summary>
        /// <param name="x">The (N, C, ...) input (float).</param>
        /// <param name="n">The window size (channels).</param>
        /// <param name="k">The additive constant.</param>
        /// <param name="alpha">The scale of the sum.</param>
        /// <param name="beta">The exponent.</param>
        /// <returns>The normalized output.</returns>
        public static Variable LocalResponseNormalization(Variable x, int n = 5, double k = 2, double alpha = 1e-4, double beta = .75)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_local_response_normalization(x.Handle, n, k, alpha, beta, out VariableHandle y), y);
        }

        /// <summary>L2 normalization along an axis, <c>x / (||x|| + eps)</c> (<c>F.normalize(x, eps=1e-5, axis=1)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="eps">Added to the norm.</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The normalized output.</returns>
        public static Variable Normalize(Variable x, double eps = 1e-5, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_normalize(x.Handle, eps, axis, out VariableHandle y), y);
        }
    }
}
