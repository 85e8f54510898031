using System;
using System.Collections.Generic;

namespace Chainer.Optimizers
{
    /// <summary>
    /// The base of all optimizers (<c>chainer.Optimizer</c>): it updates the parameters of a target
    /// <see cref="Link"/> registered with <see cref="Setup"/>, counts the updates (<see cref="T"/>) and epochs
    /// (<see cref="Epoch"/>), and runs hooks before and after each update.
    /// </summary>
    /// <remarks>
    /// An optimizer is <see cref="ISerializable"/>: <c>Serializers.SaveNpz(path, optimizer)</c> writes Chainer's keys
    /// <c>t</c>, <c>epoch</c> and, per parameter, <c>l1/W/t</c> and the state (<c>l1/W/m</c>, ...), so files move
    /// between this library and Chainer in both directions.
    /// </remarks>
    public abstract class Optimizer : ISerializable
    {
        private HookRegistry? _hooks;

        /// <summary>The link whose parameters are optimized (<c>target</c>), or null before <see cref="Setup"/>.</summary>
        public Link? Target { get; private set; }

        /// <summary>The number of update steps (<c>t</c>); each <c>Update</c> adds one.</summary>
        public long T { get; set; }

        /// <summary>The current epoch (<c>epoch</c>), advanced by <see cref="NewEpoch"/>.</summary>
        public long Epoch { get; set; }

        /// <summary>Whether an updater calls <see cref="NewEpoch"/> automatically (<c>use_auto_new_epoch</c>).</summary>
        public bool UseAutoNewEpoch { get; set; }

        /// <summary>
        /// Registers <paramref name="link"/> as the target (<c>setup</c>); resets <see cref="T"/>, <see cref="Epoch"/>
        /// and the hooks.
        /// </summary>
        /// <param name="link">The link to optimize.</param>
        /// <returns>This optimizer, so that <c>var opt = new Adam().Setup(model);</c> works.</returns>
        public virtual Optimizer Setup(Link link)
        {
            ArgumentNullException.ThrowIfNull(link);
            Target = link;
            T = 0;
            Epoch = 0;
            _hooks = new HookRegistry();
            return this;
        }

        /// <summary>
        /// Updates the parameters from the gradients they hold (<c>update()</c>).
        /// </summary>
        /// <exception cref="InvalidOperationException">The optimizer is not set up.</exception>
        public abstract void Update();

        /// <summary>
        /// Computes the loss, clears the gradients, backpropagates and updates (<c>update(lossfun, *args)</c>): the
        /// same as calling <c>Target.ClearGrads()</c>, <c>loss.Backward()</c> and <see cref="Update()"/>.
        /// </summary>
        /// <param name="lossFun">Computes the loss (capture the arguments in the lambda).</param>
        /// <exception cref="InvalidOperationException">The optimizer is not set up, or the loss function returned null.</exception>
        public abstract void Update(Func<Variable> lossFun);

        /// <summary>Starts a new epoch (<c>new_epoch</c>): <see cref="Epoch"/> += 1.</summary>
        /// <param name="auto">True when called by an updater (which must set <see cref="UseAutoNewEpoch"/>).</param>
        /// <exception cref="InvalidOperationException">The call does not match <see cref="UseAutoNewEpoch"/>.</exception>
        public void NewEpoch(bool auto = false)
        {
            if (auto)
            {
                if (!UseAutoNewEpoch)
                {
                    throw new InvalidOperationException(
                        "invalid new_epoch call with auto=True.\nFix the updater to set optimizer.UseAutoNewEpoch = true.");
                }
            }
            else if (UseAutoNewEpoch)
            {
                throw new InvalidOperationException(
                    "duplicated new_epoch with the updater.\nPass autoNewEpoch: false to the updater or stop calling NewEpoch outside the updater.");
            }

            Epoch += 1;
        }

        /// <summary>Registers a hook called once per update with this optimizer (e.g. <see cref="OptimizerHooks.GradientClipping"/>).</summary>
        /// <param name="hook">The hook.</param>
        /// <param name="name">The registration name; null uses <see cref="IOptimizerHook.Name"/>.</param>
        /// <param name="timing">When it runs; <see cref="HookTiming.Auto"/> uses the hook's <see cref="IOptimizerHook.Timing"/>.</param>
        /// <exception cref="InvalidOperationException">The optimizer is not set up.</exception>
        /// <exception cref="ArgumentException">A hook with this name exists.</exception>
        public void AddHook(IOptimizerHook hook, string? name = null, HookTiming timing = HookTiming.Auto)
        {
            ArgumentNullException.ThrowIfNull(hook);
            Hooks.Add(hook, name, timing, hook.Timing, hook.Name);
        }

        /// <summary>
        /// Registers a hook called for every parameter of the target with its update rule (Chainer's hooks with
        /// <c>call_for_each_param</c>, e.g. <see cref="OptimizerHooks.WeightDecay"/>).
        /// </summary>
        /// <param name="hook">The hook.</param>
        /// <param name="name">The registration name; null uses <see cref="IUpdateRuleHook.Name"/>.</param>
        /// <param name="timing">When it runs; <see cref="HookTiming.Auto"/> uses the hook's <see cref="IUpdateRuleHook.Timing"/>.</param>
        public void AddHook(IUpdateRuleHook hook, string? name = null, HookTiming timing = HookTiming.Auto)
        {
            ArgumentNullException.ThrowIfNull(hook);
            Hooks.Add(hook, name, timing, hook.Timing, hook.Name);
        }

        /// <summary>Registers a delegate hook called once per update with this optimizer.</summary>
        /// <param name="hook">The hook.</param>
        /// <param name="name">The registration name.</param>
        /// <param name="timing">When it runs.</param>
        public void AddHook(Action<Optimizer> hook, string name, HookTiming timing = HookTiming.Pre)
        {
            ArgumentNullException.ThrowIfNull(hook);
            ArgumentNullException.ThrowIfNull(name);
            AddHook(new DelegateOptimizerHook(hook, name, timing == HookTiming.Auto ? HookTiming.Pre : timing), name, timing);
        }

        /// <summary>Removes the hook registered under <paramref name="name"/> (<c>remove_hook</c>).</summary>
        /// <param name="name">The registration name.</param>
        /// <exception cref="KeyNotFoundException">No such hook.</exception>
        public void RemoveHook(string name) => Hooks.Remove(name);

        /// <summary>Runs the hooks of one timing in registration order (<c>call_hooks</c>).</summary>
        /// <param name="timing"><see cref="HookTiming.Pre"/> or <see cref="HookTiming.Post"/>.</param>
        public void CallHooks(HookTiming timing = HookTiming.Pre)
        {
            foreach (KeyValuePair<string, object> entry in Hooks.Get(timing))
            {
                CallHook(entry.Value);
            }
        }

        /// <summary>
        /// Saves or loads <see cref="T"/>, <see cref="Epoch"/> and every update rule's state under its parameter's
        /// path (<c>Optimizer.serialize</c>). The target's parameters themselves are not included.
        /// </summary>
        /// <param name="serializer">The serializer.</param>
        /// <exception cref="InvalidOperationException">The optimizer is not set up.</exception>
        public virtual void Serialize(AbstractSerializer serializer)
        {
            ArgumentNullException.ThrowIfNull(serializer);
            Link target = CheckSetUp();
            T = serializer.Serialize("t", T);
            Epoch = serializer.Serialize("epoch", Epoch);
            foreach ((string name, Parameter param) in target.NamedParams())
            {
                UpdateRule? rule = param.UpdateRule;
                rule?.Serialize(serializer[name]);
            }
        }

        /// <summary>Runs one hook (<c>call_hook</c>): an optimizer hook once, a per-parameter hook for each parameter.</summary>
        /// <param name="hook">An <see cref="IOptimizerHook"/> or <see cref="IUpdateRuleHook"/>.</param>
        protected virtual void CallHook(object hook)
        {
            Link target = CheckSetUp();
            switch (hook)
            {
                case IUpdateRuleHook perParam:
                    foreach (Parameter p in target.Params())
                    {
                        perParam.Call(p.UpdateRule, p);
                    }

                    break;
                case IOptimizerHook once:
                    once.Call(this);
                    break;
                default:
                    throw new ArgumentException("A hook is an IOptimizerHook or an IUpdateRuleHook.", nameof(hook));
            }
        }

        /// <summary>The target, or an exception when the optimizer is not set up.</summary>
        /// <returns>The target link.</returns>
        /// <exception cref="InvalidOperationException">Not set up.</exception>
        protected Link CheckSetUp() =>
            Target ?? throw new InvalidOperationException("Optimizer is not set up. Call the Setup method first (optimizer.Setup(model)).");

        private HookRegistry Hooks
        {
            get
            {
                CheckSetUp();
                return _hooks!;
            }
        }
    }
}
