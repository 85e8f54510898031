using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>The update rule of <see cref="AdaGrad"/>: <c>h += g²; p -= lr * g / (sqrt(h) + eps)</c>; state <c>h</c>.</summary>
    public sealed class AdaGradRule : UpdateRule
    {
        private static readonly Hyperparameter Defaults = CreateDefaults();

        /// <summary>Creates the rule.</summary>
        /// <param name="parentHyperparam">The defaults; null uses Chainer's (lr = 0.001, eps = 1e-8).</param>
        /// <param name="lr">The learning rate for this rule only, or null.</param>
        /// <param name="eps">eps for this rule only, or null.</param>
        public AdaGradRule(Hyperparameter? parentHyperparam = null, double? lr = null, double? eps = null)
            : base(parentHyperparam ?? Defaults)
        {
            if (lr is double l)
            {
                Lr = l;
            }

            if (eps is double e)
            {
                Eps = e;
            }
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <inheritdoc/>
        protected override void InitState(Parameter param) => State!["h"] = ZerosLike(param);

        /// <inheritdoc/>
        protected override void UpdateCore(Parameter param)
        {
            using NdArray? grad = NativeArrays.Grad(param);
            if (grad is null)
            {
                return;
            }

            using NdArray data = NativeArrays.Data(param)!;
            Ensure.Ok(NativeMethods.ch_adagrad_update(data.Handle, grad.Handle, GetState("h").Handle, Lr, Eps));
        }

        private static Hyperparameter CreateDefaults()
        {
            var h = new Hyperparameter();
            h["lr"] = 0.001;
            h["eps"] = 1e-8;
            return h;
        }
    }

    /// <summary>AdaGrad (<c>chainer.optimizers.AdaGrad</c>).</summary>
    public sealed class AdaGrad : GradientMethod
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="lr">The learning rate.</param>
        /// <param name="eps">A small value for numerical stability.</param>
        public AdaGrad(double lr = 0.001, double eps = 1e-8)
        {
            Lr = lr;
            Eps = eps;
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <inheritdoc/>
        public override AdaGrad Setup(Link link) => (AdaGrad)base.Setup(link);

        /// <inheritdoc/>
        public override UpdateRule CreateUpdateRule() => new AdaGradRule(Hyperparam);
    }
}
