using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Noise functions (<c>chainer.functions.noise</c>); random numbers come from <see cref="RandomState.Default"/>.</summary>
    public static partial class Functions
    {
        /// <summary>
        /// Dropout (<c>F.dropout(x, ratio=.5)</c>). In training mode (<see cref="Config.Train"/>, the default) each
        /// element is kept with probability <c>1 - ratio</c> and scaled by <c>1 / (1 - ratio)</c>: the mask is
        /// <c>rand(*x.shape) &gt;= ratio</c> with the uniform numbers drawn from <see cref="RandomState.Default"/>
        /// exactly as Chainer draws them from <c>numpy.random</c>, so <c>RandomState.Default.Seed(s)</c> reproduces
        /// <c>np.random.seed(s)</c>. In test mode it does nothing and returns <paramref name="x"/> itself (the same
        /// object, as Chainer returns its input).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="ratio">The drop probability, in [0, 1).</param>
        /// <returns>The result; x itself in test mode.</returns>
        /// <exception cref="ArgumentException">The ratio is outside [0, 1) (checked in training mode, as Chainer).</exception>
        public static Variable Dropout(Variable x, double ratio = .5)
        {
            ArgumentNullException.ThrowIfNull(x);
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
            using NdArray uniform = DrawUniform(shape, gumbel: false);
            return Result(NativeMethods.ch_dropout(x.Handle, ratio, uniform.Handle, out VariableHandle y), y);
        }

        /// <summary>
        /// Gaussian sampling with the reparameterization trick (<c>F.gaussian(mean, ln_var)</c>):
        /// <c>mean + exp(ln_var / 2) · eps</c> with <c>eps ~ N(0, 1)</c> drawn from <see cref="RandomState.Default"/>
        /// (as Chainer's <c>numpy.random.standard_normal</c>). It samples in test mode too, as Chainer does.
        /// </summary>
        /// <param name="mean">The mean (float).</param>
        /// <param name="lnVar">The log variance (same shape and dtype).</param>
        /// <returns>The sample.</returns>
        public static Variable Gaussian(Variable mean, Variable lnVar)
        {
            ArgumentNullException.ThrowIfNull(mean);
            ArgumentNullException.ThrowIfNull(lnVar);
            TypeChecks.Float("Gaussian", "mean", mean);
            TypeChecks.SameShape("Gaussian", "mean", mean, "ln_var", lnVar);
            long[] shape = lnVar.Shape;
            long size = ShapeUtil.SizeOf(shape);
            var eps = new double[size];
            RandomState.Default.StandardNormal(eps);
            using var noise = new NdArray(eps, shape);
            return Result(NativeMethods.ch_gaussian(mean.Handle, lnVar.Handle, noise.Handle, out VariableHandle y), y);
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
                return new Variable(NdArray.Ones(Array.Empty<long>(), logPi.Dtype));
            }

            using NdArray uniform = DrawUniform(shape, gumbel: true);
            return Result(NativeMethods.ch_gumbel_softmax(logPi.Handle, tau, axis, uniform.Handle, out VariableHandle y), y);
        }

        /// <summary>
        /// Uniform [0, 1) draws of the given shape from the global generator, as <c>numpy.random.rand</c>. For Gumbel
        /// noise, draws of exactly 0 are rejected and redrawn as NumPy's <c>random_gumbel</c> does (it needs 1 - u &lt; 1).
        /// </summary>
        private static NdArray DrawUniform(long[] shape, bool gumbel)
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

            return new NdArray(u, shape);
        }
    }
}
