using System;

namespace Chainer.Optimizers
{
    /// <summary>
    /// The base of single-gradient optimizers (<c>chainer.GradientMethod</c>): <see cref="Setup"/> gives every
    /// parameter of the target an <see cref="UpdateRule"/> made by <see cref="CreateUpdateRule"/>, whose
    /// hyperparameters default to this optimizer's <see cref="Hyperparam"/>.
    /// </summary>
    public abstract class GradientMethod : Optimizer
    {
        /// <summary>Creates the optimizer with an empty hyperparameter set.</summary>
        protected GradientMethod()
        {
            Hyperparam = new Hyperparameter();
        }

        /// <summary>The hyperparameters, the parent of every update rule's.</summary>
        public Hyperparameter Hyperparam { get; }

        /// <summary>Registers the target and gives each of its parameters a new update rule (<c>setup</c>).</summary>
        /// <param name="link">The link to optimize.</param>
        /// <returns>This optimizer.</returns>
        public override GradientMethod Setup(Link link)
        {
            base.Setup(link);
            foreach (Parameter p in link.Params())
            {
                p.UpdateRule = CreateUpdateRule();
            }

            return this;
        }

        /// <summary>Makes the update rule of one parameter (<c>create_update_rule</c>).</summary>
        /// <returns>A new rule whose hyperparameters have <see cref="Hyperparam"/> as parent.</returns>
        public abstract UpdateRule CreateUpdateRule();

        /// <summary>
        /// Gives every initialized parameter without a gradient a gradient of zeros (<c>reallocate_cleared_grads</c>),
        /// as Chainer does before and after the hooks and the update: a parameter that took no part in the loss
        /// is updated with a zero gradient (its momentum or moments keep acting).
        /// </summary>
        public virtual void ReallocateClearedGrads()
        {
            Link target = CheckSetUp();
            foreach ((string _, Parameter p) in target.NamedParams(includeUninit: false))
            {
                using NdArray? g = NativeArrays.Grad(p);
                if (g is null)
                {
                    using NdArray data = NativeArrays.Data(p)!;
                    using NdArray zeros = NativeArrays.ZerosLike(data);
                    p.Grad = zeros;
                }
            }
        }

        /// <summary>
        /// Updates every parameter of the target with its rule (<c>GradientMethod.update()</c>): allocates missing
        /// gradients, runs the 'pre' hooks, adds one to <see cref="Optimizer.T"/>, updates each parameter (each rule
        /// adds one to its own <c>T</c>), and runs the 'post' hooks.
        /// </summary>
        public override void Update()
        {
            Link target = CheckSetUp();
            ReallocateClearedGrads();
            CallHooks(HookTiming.Pre);
            T += 1;
            foreach (Parameter p in target.Params())
            {
                p.Update();
            }

            ReallocateClearedGrads();
            CallHooks(HookTiming.Post);
        }

        /// <inheritdoc/>
        public override void Update(Func<Variable> lossFun)
        {
            ArgumentNullException.ThrowIfNull(lossFun);
            Link target = CheckSetUp();
            Variable loss = lossFun() ?? throw new InvalidOperationException("The loss function returned null.");
            target.ClearGrads();
            loss.Backward();
            Update();
        }

        /// <inheritdoc/>
        protected override void CallHook(object hook)
        {
            base.CallHook(hook);
            ReallocateClearedGrads();
        }
    }
}
