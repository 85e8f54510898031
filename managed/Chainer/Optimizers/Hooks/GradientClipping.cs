using System;
using System.Collections.Generic;
using Chainer.Interop;
using Chainer.Optimizers;

namespace Chainer.OptimizerHooks
{
    /// <summary>
    /// Gradient norm clipping (<c>chainer.optimizer_hooks.GradientClipping</c>): when the L2 norm of all the
    /// target's gradients together exceeds <see cref="Threshold"/>, every gradient is scaled by
    /// <c>threshold / norm</c>. Runs once per update, before it by default.
    /// </summary>
    public sealed class GradientClipping : IOptimizerHook
    {
        /// <summary>Creates the hook.</summary>
        /// <param name="threshold">The L2 norm threshold.</param>
        public GradientClipping(double threshold)
        {
            Threshold = threshold;
        }

        /// <summary>The L2 norm threshold.</summary>
        public double Threshold { get; set; }

        /// <inheritdoc/>
        public string Name => "GradientClipping";

        /// <inheritdoc/>
        public HookTiming Timing { get; set; } = HookTiming.Pre;

        /// <summary>Scales the gradients when their global norm exceeds the threshold.</summary>
        /// <param name="optimizer">The optimizer.</param>
        public void Call(Optimizer optimizer)
        {
            ArgumentNullException.ThrowIfNull(optimizer);
            Link target = optimizer.Target
                ?? throw new InvalidOperationException("Optimizer is not set up. Call the Setup method first.");
            var grads = new List<NdArray>();
            try
            {
                // Chainer: sum(g.ravel().dot(g) for each grad) (each dot in the gradient's dtype, summed as Python
                // floats), then sqrt, then rate = threshold / norm.
                double sqnorm = 0;
                foreach (Parameter p in target.Params(includeUninit: false))
                {
                    NdArray? g = NativeArrays.Grad(p);
                    if (g is null)
                    {
                        continue;
                    }

                    grads.Add(g);
                    Ensure.Ok(NativeMethods.ch_array_dot(g.Handle, g.Handle, out double dot));
                    sqnorm += dot;
                }

                double norm = Math.Sqrt(sqnorm);
                double rate = Threshold / norm;
                if (rate >= 1)
                {
                    return;
                }

                foreach (NdArray g in grads)
                {
                    Ensure.Ok(NativeMethods.ch_array_scale(g.Handle, rate));
                }
            }
            finally
            {
                foreach (NdArray g in grads)
                {
                    g.Dispose();
                }
            }
        }
    }
}
