using System;
using Chainer.Interop;
using Chainer.Optimizers;

namespace Chainer.OptimizerHooks
{
    /// <summary>
    /// Element-wise gradient clipping (<c>chainer.optimizer_hooks.GradientHardClipping</c>): clips every gradient
    /// element into [<see cref="LowerBound"/>, <see cref="UpperBound"/>] in place.
    /// </summary>
    public sealed class GradientHardClipping : IUpdateRuleHook
    {
        /// <summary>Creates the hook.</summary>
        /// <param name="lowerBound">The lower bound.</param>
        /// <param name="upperBound">The upper bound.</param>
        /// <exception cref="ArgumentException">The lower bound exceeds the upper bound.</exception>
        public GradientHardClipping(double lowerBound, double upperBound)
        {
            Check(lowerBound, upperBound);
            LowerBound = lowerBound;
            UpperBound = upperBound;
        }

        /// <summary>The lower bound of gradient values.</summary>
        public double LowerBound { get; set; }

        /// <summary>The upper bound of gradient values.</summary>
        public double UpperBound { get; set; }

        /// <inheritdoc/>
        public string Name => "GradientHardClipping";

        /// <inheritdoc/>
        public HookTiming Timing { get; set; } = HookTiming.Pre;

        /// <summary>Clips the gradient in place (nothing when there is none).</summary>
        /// <param name="rule">The update rule (unused).</param>
        /// <param name="param">The parameter.</param>
        public void Call(UpdateRule? rule, Parameter param)
        {
            ArgumentNullException.ThrowIfNull(param);
            using NdArray? g = NativeArrays.Grad(param);
            if (g is null)
            {
                return;
            }

            Check(LowerBound, UpperBound);
            Ensure.Ok(NativeMethods.ch_array_clip(g.Handle, LowerBound, UpperBound));
        }

        private static void Check(double lower, double upper)
        {
            if (!(lower <= upper))
            {
                throw new ArgumentException($"GradientHardClipping: the lower bound ({lower}) must not exceed the upper bound ({upper}).");
            }
        }
    }
}
