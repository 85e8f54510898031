using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Noise functions (<c>chainer.functions.noise</c>); random numbers come from <see cref="RandomState.Default"/>.</summary>
    public static partial class Functions
    {
        /// <summary>
        /// Dropout (<c>F.dropout(x, ratio=.5, *, mask=None)</c>). In training mode (<see cref="Config.Train"/>, the
        /// default) each element is kept with probability <c>1 - ratio</c> and scaled by <c>1 / (1 - ratio)</c>: the mask
        /// is <c>rand(*x.shape) &gt;= ratio</c> times that scale (in x's dtype), with the uniform numbers drawn from
        /// <see cref="RandomState.Default"/> exactly as Chainer draws them from <c>numpy.random</c>, so
        /// <c>RandomState.Default.Seed(s)</c> reproduces <c>np.random.seed(s)</c>. A given <paramref name="mask"/> is
        /// used instead (y = x · mask; the ratio is then only validated, as in Chainer). In test mode it does nothing and
        /// returns <paramref name="x"/> itself (the same object, as Chainer returns its input).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="ratio">The drop probability, in [0, 1).</param>
        /// <param name="mask">A mask of x's shape and dtype (0 or <c>1 / (1 - ratio)</c> per element) to reuse, e.g. one
        /// returned by <see cref="Dropout(Variable, double, NdArray?, out NdArray?)"/>; null draws a new one.</param>
        /// <returns>The result; x itself in test mode.</returns>
        /// <exception cref="ArgumentException">The ratio is outside [0, 1) (checked in training mode, as Chainer), or
        /// the mask's shape or dtype differs from x's.</exception>
        public static Variable Dropout(Variable x, double ratio = .5, NdArray? mask = null) =>
            DropoutCore(x, ratio, mask, returnMask: false, out _);

        /// <summary>
        /// Dropout that also returns the mask it used (<c>F.dropout(x, ratio, mask=mask, return_mask=True)</c>), so a
        /// later call can reuse it. See <see cref="Dropout(Variable, double, NdArray?)"/>.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="ratio">The drop probability, in [0, 1).</param>
        /// <param name="mask">A mask to reuse, or null to draw one.</param>
        /// <param name="usedMask">The mask applied: <paramref name="mask"/> itself when given, else a new array of x's
        /// shape and dtype that the caller owns; null in test mode (as Chainer returns <c>None</c>).</param>
        /// <returns>The result; x itself in test mode.</returns>
        /// <exception cref="ArgumentException">As <see cref="Dropout(Variable, double, NdArray?)"/>.</exception>
        public static Variable Dropout(Variable x, double ratio, NdArray? mask, out NdArray? usedMask) =>
            DropoutCore(x, ratio, mask, returnMask: true, out usedMask);

        private static Variable DropoutCore(Variable x, double ratio, NdArray? mask, bool returnMask, out NdArray? usedMask)
        {
            ArgumentNullException.ThrowIfNull(x);
            usedMask = null;
            if (!Config.Train)
            {
                return x;
            }

            if (!(ratio >= 0.0 && ratio < 1.0))
            {
                throw new ArgumentException("dropout_ratio must be in the range [0, 1)", nameof(ratio));
            }

            TypeChecks.Float("Dropout", "x", x);
            long[] shape = x.Shape;
            if (mask is null && !returnMask)
            {
                using NdArray uniform = DrawUniform(shape, gumbel: false);
                return Result(NativeMethods.ch_dropout(x.Handle, ratio, uniform.Handle, out VariableHandle y), y);
            }

            NdArray applied;
            if (mask is not null)
            {
                if (!ShapeUtil.Equal(mask.Shape, shape) || mask.Dtype != x.Dtype)
                {
                    throw new ArgumentException(
                        $"the dropout mask must have x's shape and dtype: {ShapeUtil.Format(mask.Shape)} {mask.Dtype.Name()} " +
                        $"given for x of {ShapeUtil.Format(shape)} {x.Dtype.Name()}", nameof(mask));
                }

                applied = mask;
            }
            else
            {
                applied = DropoutMask(shape, x.Dtype, ratio, x.Device);
            }

            Variable result = x * applied;
            usedMask = applied;
            return result;
        }

        /// <summary>
        /// Chainer's mask, <c>x.dtype.type(1 / (1 - ratio)) * (rand(*shape) &gt;= ratio)</c>, from the global generator;
        /// the same numbers as the native dropout draws from the same state.
        /// </summary>
        private static NdArray DropoutMask(long[] shape, DType dtype, double ratio, Device device)
        {
            double[] u = DrawUniformValues(shape, gumbel: false);
            double scale = 1.0 / (1.0 - ratio);
            if (dtype == DType.Float32)
            {
                float scale32 = (float)scale;
                var m = new float[u.Length];
                for (int i = 0; i < u.Length; i++)
                {
                    m[i] = u[i] >= ratio ? scale32 : 0f;
                }

                return NdArray.FromArray(m, shape, null, device);
            }

            var m64 = new double[u.Length];
            for (int i = 0; i < u.Length; i++)
            {
                m64[i] = u[i] >= ratio ? scale : 0.0;
            }

            return NdArray.FromArray(m64, shape, null, device);
        }

        /// <summary>
        /// Gaussian sampling with the reparameterization trick (<c>F.gaussian(mean, ln_var, *, eps=None)</c>):
        /// <c>mean + exp(ln_var / 2) · eps</c> with <c>eps ~ N(0, 1)</c> drawn from <see cref="RandomState.Default"/>
        /// (as Chainer's <c>numpy.random.standard_normal</c>, cast to mean's dtype) unless <paramref name="eps"/> is
        /// given. It samples in test mode too, as Chainer does.
        /// </summary>
        /// <param name="mean">The mean (float).</param>
        /// <param name="lnVar">The log variance (same shape and dtype).</param>
        /// <param name="eps">Standard normal noise of lnVar's shape to reuse, or null to draw it.</param>
        /// <returns>The sample.</returns>
        /// <exception cref="ArgumentException">eps does not have lnVar's shape.</exception>
        public static Variable Gaussian(Variable mean, Variable lnVar, NdArray? eps = null) =>
            GaussianCore(mean, lnVar, eps, returnEps: false, out _);

        /// <summary>
        /// Gaussian sampling that also returns the noise it used (<c>F.gaussian(mean, ln_var, eps=eps,
        /// return_eps=True)</c>). See <see cref="Gaussian(Variable, Variable, NdArray?)"/>.
        /// </summary>
        /// <param name="mean">The mean (float).</param>
        /// <param name="lnVar">The log variance (same shape and dtype).</param>
        /// <param name="eps">Noise to reuse, or null to draw it.</param>
        /// <param name="usedEps">The noise: <paramref name="eps"/> itself when given, else a new array in mean's dtype
        /// that the caller owns.</param>
        /// <returns>The sample.</returns>
        public static Variable Gaussian(Variable mean, Variable lnVar, NdArray? eps, out NdArray usedEps)
        {
            Variable y = GaussianCore(mean, lnVar, eps, returnEps: true, out NdArray? used);
            usedEps = used!;
            return y;
        }

        private static Variable GaussianCore(Variable mean, Variable lnVar, NdArray? eps, bool returnEps, out NdArray? usedEps)
        {
            ArgumentNullException.ThrowIfNull(mean);
            ArgumentNullException.ThrowIfNull(lnVar);
            TypeChecks.Float("Gaussian", "mean", mean);
            TypeChecks.SameShape("Gaussian", "mean", mean, "ln_var", lnVar);
            long[] shape = lnVar.Shape;
            usedEps = null;
            if (eps is not null)
            {
                if (!ShapeUtil.Equal(eps.Shape, shape))
                {
                    throw new ArgumentException(
                        $"eps must have ln_var's shape: {ShapeUtil.Format(eps.Shape)} given for {ShapeUtil.Format(shape)}", nameof(eps));
                }

                usedEps = eps;
                return Result(NativeMethods.ch_gaussian(mean.Handle, lnVar.Handle, eps.Handle, out VariableHandle given), given);
            }

            var draws = new double[ShapeUtil.SizeOf(shape)];
            RandomState.Default.StandardNormal(draws);
            using var noise = new NdArray(draws, shape);
            if (!returnEps)
            {
                return Result(NativeMethods.ch_gaussian(mean.Handle, lnVar.Handle, noise.Handle, out VariableHandle y), y);
            }

            // Chainer keeps standard_normal(...).astype(mean.dtype) as eps, on mean's device.
            using NdArray castOnHost = noise.AsType(mean.Dtype);
            NdArray cast = castOnHost.ToDevice(mean.Device);
            try
            {
                Variable result = Result(NativeMethods.ch_gaussian(mean.Handle, lnVar.Handle, cast.Handle, out VariableHandle z), z);
                usedEps = cast;
                return result;
            }
            catch
            {
                cast.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Gumbel-softmax sampling (<c>F.gumbel_softmax(log_pi, tau=0.1, axis=1)</c>):
        /// <c>softmax((log_pi + g) / tau, axis)</c> with Gumbel noise <c>g</c> drawn from
        /// <see cref="RandomState.Default"/> as NumPy's <c>random.gumbel</c> draws it. A 0-d input gives a 0-d one.
        /// </summary>
        /// <param name="logPi">The log probabilities (float).</param>
        /// <param name="tau">The temperature.</param>
        /// <param name="axis">The axis of the softmax.</param>
        /// <returns>The sample.</returns>
        public static Variable GumbelSoftmax(Variable logPi, double tau = 0.1, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(logPi);
            long[] shape = logPi.Shape;
            if (shape.Length < 1)
            {
                return new Variable(NdArray.FullLike(logPi, Array.Empty<long>(), 1.0, logPi.Dtype));
            }

            using NdArray uniform = DrawUniform(shape, gumbel: true);
            return Result(NativeMethods.ch_gumbel_softmax(logPi.Handle, tau, axis, uniform.Handle, out VariableHandle y), y);
        }

        /// <summary>
        /// Uniform [0, 1) draws of the given shape from the global generator, as <c>numpy.random.rand</c>. For Gumbel
        /// noise, draws of exactly 0 are rejected and redrawn as NumPy's <c>random_gumbel</c> does (it needs 1 - u &lt; 1).
        /// </summary>
        private static NdArray DrawUniform(long[] shape, bool gumbel) => new NdArray(DrawUniformValues(shape, gumbel), shape);

        /// <summary>The draws of <see cref="DrawUniform"/> as doubles.</summary>
        private static double[] DrawUniformValues(long[] shape, bool gumbel)
        {
            long size = ShapeUtil.SizeOf(shape);
            var u = new double[size];
            RandomState rng = RandomState.Default;
            rng.RandomSample(u);
            if (gumbel)
            {
                Span<double> span = u;
                int i;
                while ((i = span.IndexOf(0.0)) >= 0)
                {
                    span[(i + 1)..].CopyTo(span[i..]);
                    span[^1] = rng.RandomSample();
                    span = span[i..];
                }
            }

            return u;
        }
    }
}
