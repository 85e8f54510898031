using Chainer.Interop;
using Chainer.Optimizers;

namespace Chainer.OptimizerHooks
{
    /// <summary>
    /// Weight decay (<c>chainer.optimizer_hooks.WeightDecay</c>): adds <c>rate * p</c> to each parameter's gradient
    /// in place, before the update by default. Register it on an optimizer (every parameter) or on one
    /// parameter's <see cref="UpdateRule"/>.
    /// </summary>
    public sealed class WeightDecay : IUpdateRuleHook
    {
        /// <summary>Creates the hook.</summary>
        /// <param name="rate">The coefficient of the weight decay.</param>
        public WeightDecay(double rate)
        {
            Rate = rate;
        }

        /// <summary>The coefficient of the weight decay.</summary>
        public double Rate { get; set; }

        /// <inheritdoc/>
        public string Name => "WeightDecay";

        /// <inheritdoc/>
        public HookTiming Timing { get; set; } = HookTiming.Pre;

        /// <summary>Adds <c>Rate * p</c> to the gradient (nothing when the parameter has no data or no gradient).</summary>
        /// <param name="rule">The update rule (unused).</param>
        /// <param name="param">The parameter.</param>
        public void Call(UpdateRule? rule, Parameter param)
        {
            System.ArgumentNullException.ThrowIfNull(param);
            using NdArray? g = NativeArrays.Grad(param);
            if (g is null)
            {
                return;
            }

            using NdArray p = NativeArrays.Data(param)!;
            Ensure.Ok(NativeMethods.ch_array_axpy(g.Handle, p.Handle, Rate));
        }
    }
}
