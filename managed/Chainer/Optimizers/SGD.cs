using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>The update rule of <see cref="SGD"/> (<c>SGDRule</c>): <c>p -= lr * g</c>.</summary>
    public sealed class SGDRule : UpdateRule
    {
        private static readonly Hyperparameter Defaults = CreateDefaults();

        /// <summary>Creates the rule.</summary>
        /// <param name="parentHyperparam">The defaults (the optimizer's); null uses Chainer's (lr = 0.01).</param>
        /// <param name="lr">The learning rate for this rule only, or null.</param>
        public SGDRule(Hyperparameter? parentHyperparam = null, double? lr = null)
            : base(parentHyperparam ?? Defaults)
        {
            if (lr is double v)
            {
                Lr = v;
            }
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <inheritdoc/>
        protected override void UpdateCore(Parameter param)
        {
            using NdArray? grad = NativeArrays.Grad(param);
            if (grad is null)
            {
                return;
            }

            using NdArray data = NativeArrays.Data(param)!;
            Ensure.Ok(NativeMethods.ch_sgd_update(data.Handle, grad.Handle, Lr));
        }

        private static Hyperparameter CreateDefaults()
        {
            var h = new Hyperparameter();
            h["lr"] = 0.01;
            return h;
        }
    }

    /// <summary>Vanilla stochastic gradient descent (<c>chainer.optimizers.SGD</c>): <c>p -= lr * g</c>.</summary>
    public sealed class SGD : GradientMethod
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="lr">The learning rate.</param>
        public SGD(double lr = 0.01)
        {
            Lr = lr;
        }

        /// <summary>The learning rate (<c>hyperparam.lr</c>).</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <inheritdoc/>
        public override SGD Setup(Link link) => (SGD)base.Setup(link);

        /// <inheritdoc/>
        public override UpdateRule CreateUpdateRule() => new SGDRule(Hyperparam);
    }
}
