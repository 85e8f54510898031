using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>The update rule of <see cref="MomentumSGD"/>: <c>v = momentum * v - lr * g; p += v</c>; state <c>v</c>.</summary>
    public sealed class MomentumSGDRule : UpdateRule
    {
        private static readonly Hyperparameter Defaults = CreateDefaults();

        /// <summary>Creates the rule.</summary>
        /// <param name="parentHyperparam">The defaults; null uses Chainer's (lr = 0.01, momentum = 0.9).</param>
        /// <param name="lr">The learning rate for this rule only, or null.</param>
        /// <param name="momentum">The momentum for this rule only, or null.</param>
        public MomentumSGDRule(Hyperparameter? parentHyperparam = null, double? lr = null, double? momentum = null)
            : base(parentHyperparam ?? Defaults)
        {
            if (lr is double l)
            {
                Lr = l;
            }

            if (momentum is double m)
            {
                Momentum = m;
            }
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>The exponential decay rate of the first-order moment.</summary>
        public double Momentum
        {
            get => Hyperparam.GetDouble("momentum");
            set => Hyperparam["momentum"] = value;
        }

        /// <inheritdoc/>
        protected override void InitState(Parameter param) => State!["v"] = ZerosLike(param);

        /// <inheritdoc/>
        protected override void UpdateCore(Parameter param)
        {
            using NdArray? grad = NativeArrays.Grad(param);
            if (grad is null)
            {
                return;
            }

            using NdArray data = NativeArrays.Data(param)!;
            Ensure.Ok(NativeMethods.ch_momentum_sgd_update(data.Handle, grad.Handle, GetState("v").Handle, Lr, Momentum));
        }

        private static Hyperparameter CreateDefaults()
        {
            var h = new Hyperparameter();
            h["lr"] = 0.01;
            h["momentum"] = 0.9;
            return h;
        }
    }

    /// <summary>Classical momentum SGD (<c>chainer.optimizers.MomentumSGD</c>).</summary>
    public sealed class MomentumSGD : GradientMethod
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="lr">The learning rate.</param>
        /// <param name="momentum">The exponential decay rate of the first-order moment.</param>
        public MomentumSGD(double lr = 0.01, double momentum = 0.9)
        {
            Lr = lr;
            Momentum = momentum;
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>The momentum.</summary>
        public double Momentum
        {
            get => Hyperparam.GetDouble("momentum");
            set => Hyperparam["momentum"] = value;
        }

        /// <inheritdoc/>
        public override MomentumSGD Setup(Link link) => (MomentumSGD)base.Setup(link);

        /// <inheritdoc/>
        public override UpdateRule CreateUpdateRule() => new MomentumSGDRule(Hyperparam);
    }
}
