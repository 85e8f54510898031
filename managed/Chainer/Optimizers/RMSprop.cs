using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>
    /// The update rule of <see cref="RMSprop"/>: <c>ms = alpha * ms + (1 - alpha) * g²; p -= lr * g / (sqrt(ms) + eps)</c>
    /// (or <c>sqrt(ms + eps)</c> with <see cref="EpsInsideSqrt"/>); state <c>ms</c>.
    /// </summary>
    public sealed class RMSpropRule : UpdateRule
    {
        private static readonly Hyperparameter Defaults = CreateDefaults();

        /// <summary>Creates the rule.</summary>
        /// <param name="parentHyperparam">The defaults; null uses Chainer's (lr = 0.01, alpha = 0.99, eps = 1e-8, epsInsideSqrt = false).</param>
        /// <param name="lr">The learning rate for this rule only, or null.</param>
        /// <param name="alpha">alpha for this rule only, or null.</param>
        /// <param name="eps">eps for this rule only, or null.</param>
        /// <param name="epsInsideSqrt">epsInsideSqrt for this rule only, or null.</param>
        public RMSpropRule(Hyperparameter? parentHyperparam = null, double? lr = null, double? alpha = null, double? eps = null, bool? epsInsideSqrt = null)
            : base(parentHyperparam ?? Defaults)
        {
            if (lr is double l)
            {
                Lr = l;
            }

            if (alpha is double a)
            {
                Alpha = a;
            }

            if (eps is double e)
            {
                Eps = e;
            }

            if (epsInsideSqrt is bool b)
            {
                EpsInsideSqrt = b;
            }
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>The exponential decay rate of the second-order moment.</summary>
        public double Alpha
        {
            get => Hyperparam.GetDouble("alpha");
            set => Hyperparam["alpha"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <summary>Divide by <c>sqrt(ms + eps)</c> instead of <c>sqrt(ms) + eps</c>.</summary>
        public bool EpsInsideSqrt
        {
            get => Hyperparam.GetBool("eps_inside_sqrt");
            set => Hyperparam["eps_inside_sqrt"] = value;
        }

        /// <inheritdoc/>
        protected override void InitState(Parameter param) => State!["ms"] = ZerosLike(param);

        /// <inheritdoc/>
        protected override void UpdateCore(Parameter param)
        {
            using NdArray? grad = NativeArrays.Grad(param);
            if (grad is null)
            {
                return;
            }

            double eps = Eps;
            EpsCheck.ThrowIfTooSmall("RMSprop", eps, grad.Dtype);
            using NdArray data = NativeArrays.Data(param)!;
            Ensure.Ok(NativeMethods.ch_rmsprop_update(data.Handle, grad.Handle, GetState("ms").Handle, Lr, Alpha, eps, EpsInsideSqrt ? 1 : 0));
        }

        private static Hyperparameter CreateDefaults()
        {
            var h = new Hyperparameter();
            h["lr"] = 0.01;
            h["alpha"] = 0.99;
            h["eps"] = 1e-8;
            h["eps_inside_sqrt"] = false;
            return h;
        }
    }

    /// <summary>RMSprop (<c>chainer.optimizers.RMSprop</c>).</summary>
    public sealed class RMSprop : GradientMethod
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="lr">The learning rate.</param>
        /// <param name="alpha">The exponential decay rate of the second-order moment.</param>
        /// <param name="eps">A small value for numerical stability.</param>
        /// <param name="epsInsideSqrt">Divide by <c>sqrt(ms + eps)</c> instead of <c>sqrt(ms) + eps</c>.</param>
        public RMSprop(double lr = 0.01, double alpha = 0.99, double eps = 1e-8, bool epsInsideSqrt = false)
        {
            Lr = lr;
            Alpha = alpha;
            Eps = eps;
            EpsInsideSqrt = epsInsideSqrt;
        }

        /// <summary>The learning rate.</summary>
        public double Lr
        {
            get => Hyperparam.GetDouble("lr");
            set => Hyperparam["lr"] = value;
        }

        /// <summary>The exponential decay rate of the second-order moment.</summary>
        public double Alpha
        {
            get => Hyperparam.GetDouble("alpha");
            set => Hyperparam["alpha"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <summary>Divide by <c>sqrt(ms + eps)</c> instead of <c>sqrt(ms) + eps</c>.</summary>
        public bool EpsInsideSqrt
        {
            get => Hyperparam.GetBool("eps_inside_sqrt");
            set => Hyperparam["eps_inside_sqrt"] = value;
        }

        /// <inheritdoc/>
        public override RMSprop Setup(Link link) => (RMSprop)base.Setup(link);

        /// <inheritdoc/>
        public override UpdateRule CreateUpdateRule() => new RMSpropRule(Hyperparam);
    }

    /// <summary>Chainer's check that eps does not vanish in the parameter's dtype.</summary>
    internal static class EpsCheck
    {
        internal static void ThrowIfTooSmall(string optimizer, double eps, DType dtype)
        {
            if (dtype == DType.Float32 && eps != 0 && (float)eps == 0)
            {
                throw new ChainerArgumentException(
                    $"eps of {optimizer} optimizer is too small for float32 ({Hyperparameter.PythonFloat(eps)})");
            }
        }
    }
}
