using System;
using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>
    /// The update rule of <see cref="Adam"/> (<c>AdamRule</c>): <c>m += (1 - beta1)(g - m)</c>,
    /// <c>v += (1 - beta2)(g² - v)</c>, <c>p -= eta * (alpha_t * m / (sqrt(v) + eps) + weightDecayRate * p)</c>, with
    /// <c>vhat = max(vhat, v)</c> in place of <c>v</c> for AMSGrad; state <c>m</c>, <c>v</c> (and <c>vhat</c>).
    /// </summary>
    public sealed class AdamRule : UpdateRule
    {
        private static readonly Hyperparameter Defaults = Adam.CreateDefaults();

        /// <summary>Creates the rule.</summary>
        /// <param name="parentHyperparam">The defaults; null uses Chainer's.</param>
        public AdamRule(Hyperparameter? parentHyperparam = null)
            : base(parentHyperparam ?? Defaults)
        {
        }

        /// <summary>The coefficient of the learning rate.</summary>
        public double Alpha
        {
            get => Hyperparam.GetDouble("alpha");
            set => Hyperparam["alpha"] = value;
        }

        /// <summary>The exponential decay rate of the first-order moment.</summary>
        public double Beta1
        {
            get => Hyperparam.GetDouble("beta1");
            set => Hyperparam["beta1"] = value;
        }

        /// <summary>The exponential decay rate of the second-order moment.</summary>
        public double Beta2
        {
            get => Hyperparam.GetDouble("beta2");
            set => Hyperparam["beta2"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <summary>The schedule multiplier.</summary>
        public double Eta
        {
            get => Hyperparam.GetDouble("eta");
            set => Hyperparam["eta"] = value;
        }

        /// <summary>The (decoupled) weight decay rate.</summary>
        public double WeightDecayRate
        {
            get => Hyperparam.GetDouble("weight_decay_rate");
            set => Hyperparam["weight_decay_rate"] = value;
        }

        /// <summary>Whether the AMSGrad variant is used.</summary>
        public bool Amsgrad
        {
            get => Hyperparam.GetBool("amsgrad");
            set => Hyperparam["amsgrad"] = value;
        }

        /// <summary>The bias-corrected step size of this rule's next update, from its <see cref="UpdateRule.T"/> (<c>alpha_t</c>).</summary>
        /// <exception cref="InvalidOperationException">No update has been made (<c>T</c> is 0).</exception>
        public double AlphaT => Adam.LearningRate(Alpha, Beta1, Beta2, T);

        /// <inheritdoc/>
        protected override void InitState(Parameter param)
        {
            State!["m"] = ZerosLike(param);
            State["v"] = ZerosLike(param);
            if (Amsgrad)
            {
                State["vhat"] = ZerosLike(param);
            }
        }

        /// <inheritdoc/>
        protected override void UpdateCore(Parameter param)
        {
            using NdArray? grad = NativeArrays.Grad(param);
            if (grad is null)
            {
                return;
            }

            double eps = Eps;
            EpsCheck.ThrowIfTooSmall("Adam", eps, grad.Dtype);
            using NdArray data = NativeArrays.Data(param)!;
            NdArray m = GetState("m"), v = GetState("v");
            NdArray? vhat = null;
            if (Amsgrad)
            {
                if (State!.TryGetValue("vhat", out NdArray? existing))
                {
                    vhat = existing;
                }
                else
                {
                    // amsgrad switched on after the state was made: start vhat from zeros.
                    vhat = ZerosLike(param);
                    State["vhat"] = vhat;
                }
            }

            bool added = false;
            ArrayHandle? vh = vhat?.Handle;
            try
            {
                nint rawVhat = Handles.AddRef(vh, ref added);
                Ensure.Ok(NativeMethods.ch_adam_update(
                    data.Handle, grad.Handle, m.Handle, v.Handle, rawVhat, AlphaT, Beta1, Beta2, eps, Eta, WeightDecayRate));
            }
            finally
            {
                Handles.Release(vh, added);
            }
        }
    }

    /// <summary>
    /// Adam (<c>chainer.optimizers.Adam</c>), with Chainer's decoupled weight decay (AdamW: <c>eta</c>,
    /// <c>weightDecayRate</c>) and the AMSGrad variant. eps is added to <c>sqrt(v)</c> of the uncorrected
    /// <c>v</c>; the bias correction is folded into <see cref="AlphaT"/>.
    /// </summary>
    public class Adam : GradientMethod
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="alpha">The coefficient of the learning rate.</param>
        /// <param name="beta1">The exponential decay rate of the first-order moment.</param>
        /// <param name="beta2">The exponential decay rate of the second-order moment.</param>
        /// <param name="eps">A small value for numerical stability.</param>
        /// <param name="eta">The schedule multiplier (for warm restarts).</param>
        /// <param name="weightDecayRate">The decoupled weight decay rate.</param>
        /// <param name="amsgrad">Use the AMSGrad variant.</param>
        public Adam(double alpha = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double eta = 1.0,
            double weightDecayRate = 0, bool amsgrad = false)
        {
            Alpha = alpha;
            Beta1 = beta1;
            Beta2 = beta2;
            Eps = eps;
            Eta = eta;
            WeightDecayRate = weightDecayRate;
            Amsgrad = amsgrad;
        }

        /// <summary>The coefficient of the learning rate.</summary>
        public double Alpha
        {
            get => Hyperparam.GetDouble("alpha");
            set => Hyperparam["alpha"] = value;
        }

        /// <summary>The exponential decay rate of the first-order moment.</summary>
        public double Beta1
        {
            get => Hyperparam.GetDouble("beta1");
            set => Hyperparam["beta1"] = value;
        }

        /// <summary>The exponential decay rate of the second-order moment.</summary>
        public double Beta2
        {
            get => Hyperparam.GetDouble("beta2");
            set => Hyperparam["beta2"] = value;
        }

        /// <summary>A small value for numerical stability.</summary>
        public double Eps
        {
            get => Hyperparam.GetDouble("eps");
            set => Hyperparam["eps"] = value;
        }

        /// <summary>The schedule multiplier.</summary>
        public double Eta
        {
            get => Hyperparam.GetDouble("eta");
            set => Hyperparam["eta"] = value;
        }

        /// <summary>The decoupled weight decay rate.</summary>
        public double WeightDecayRate
        {
            get => Hyperparam.GetDouble("weight_decay_rate");
            set => Hyperparam["weight_decay_rate"] = value;
        }

        /// <summary>Whether the AMSGrad variant is used.</summary>
        public bool Amsgrad
        {
            get => Hyperparam.GetBool("amsgrad");
            set => Hyperparam["amsgrad"] = value;
        }

        /// <summary>The bias-corrected step size for the optimizer's <see cref="Optimizer.T"/> (<c>alpha_t</c>).</summary>
        /// <exception cref="InvalidOperationException"><see cref="Optimizer.T"/> is 0.</exception>
        public double AlphaT => LearningRate(Alpha, Beta1, Beta2, T);

        /// <inheritdoc/>
        public override Adam Setup(Link link) => (Adam)base.Setup(link);

        /// <inheritdoc/>
        public override UpdateRule CreateUpdateRule() => new AdamRule(Hyperparam);

        /// <summary>Chainer's <c>_learning_rate</c>: <c>alpha * sqrt(1 - beta2^t) / (1 - beta1^t)</c>, in double.</summary>
        internal static double LearningRate(double alpha, double beta1, double beta2, long t)
        {
            if (t == 0)
            {
                throw new InvalidOperationException(
                    "Can't determine the learning rate of Adam optimizer because the update steps have not been started.");
            }

            double fix1 = 1.0 - Math.Pow(beta1, t);
            double fix2 = 1.0 - Math.Pow(beta2, t);
            return alpha * Math.Sqrt(fix2) / fix1;
        }

        internal static Hyperparameter CreateDefaults()
        {
            var h = new Hyperparameter();
            h["alpha"] = 0.001;
            h["beta1"] = 0.9;
            h["beta2"] = 0.999;
            h["eps"] = 1e-8;
            h["eta"] = 1.0;
            h["weight_decay_rate"] = 0.0;
            h["amsgrad"] = false;
            return h;
        }
    }

    /// <summary>AdamW (<c>chainer.optimizers.AdamW</c>): Adam with a weight decay rate.</summary>
    public sealed class AdamW : Adam
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="alpha">The coefficient of the learning rate.</param>
        /// <param name="beta1">The exponential decay rate of the first-order moment.</param>
        /// <param name="beta2">The exponential decay rate of the second-order moment.</param>
        /// <param name="eps">A small value for numerical stability.</param>
        /// <param name="eta">The schedule multiplier.</param>
        /// <param name="weightDecayRate">The decoupled weight decay rate.</param>
        public AdamW(double alpha = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double eta = 1.0, double weightDecayRate = 0)
            : base(alpha, beta1, beta2, eps, eta, weightDecayRate)
        {
        }
    }

    /// <summary>AMSGrad (<c>chainer.optimizers.AMSGrad</c>): Adam with <c>amsgrad = true</c>.</summary>
    public sealed class AMSGrad : Adam
    {
        /// <summary>Creates the optimizer.</summary>
        /// <param name="alpha">The coefficient of the learning rate.</param>
        /// <param name="beta1">The exponential decay rate of the first-order moment.</param>
        /// <param name="beta2">The exponential decay rate of the second-order moment.</param>
        /// <param name="eps">A small value for numerical stability.</param>
        /// <param name="eta">The schedule multiplier.</param>
        public AMSGrad(double alpha = 0.001, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double eta = 1.0)
            : base(alpha, beta1, beta2, eps, eta, 0, amsgrad: true)
        {
        }
    }
}
