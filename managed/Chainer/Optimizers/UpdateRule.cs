using System;
using System.Collections.Generic;

namespace Chainer.Optimizers
{
    /// <summary>
    /// How one parameter is updated from its gradient (<c>chainer.UpdateRule</c>). A <see cref="GradientMethod"/>
    /// gives each parameter of its target a rule (<see cref="ParameterExtensions"/>: <c>param.UpdateRule</c>); the
    /// rule keeps the per-parameter state (e.g. Adam's <c>m</c> and <c>v</c>), allocated on the first update as
    /// zeros of the parameter's shape and dtype, and the count <see cref="T"/> of its updates.
    /// </summary>
    /// <remarks>
    /// A custom rule derives from this class, overrides <see cref="UpdateCore"/> (and <see cref="InitState"/> when it
    /// keeps state), and is returned by its optimizer's <see cref="GradientMethod.CreateUpdateRule"/>.
    /// </remarks>
    public abstract class UpdateRule
    {
        private readonly HookRegistry _hooks = new HookRegistry();
        private Dictionary<string, NdArray>? _state;

        // The Variable.DeviceEpoch at which the state was last checked to be on the parameter's device; -1 forces a check.
        private int _placedEpoch = -1;

        /// <summary>Creates a rule.</summary>
        /// <param name="parentHyperparam">The hyperparameters providing the defaults (usually the optimizer's).</param>
        protected UpdateRule(Hyperparameter? parentHyperparam)
        {
            Hyperparam = new Hyperparameter(parentHyperparam);
        }

        /// <summary>This rule's hyperparameters; entries not set here come from the optimizer's.</summary>
        public Hyperparameter Hyperparam { get; }

        /// <summary>Whether <see cref="Update"/> updates the parameter (<c>enabled</c>); a disabled rule does nothing.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The number of updates made by this rule (<c>UpdateRule.t</c>).</summary>
        public long T { get; set; }

        /// <summary>The state arrays by name (<c>UpdateRule.state</c>), or null before the first update.</summary>
        public IDictionary<string, NdArray>? State => _state;

        /// <summary>
        /// Registers a hook run before or after this rule's updates (<c>UpdateRule.add_hook</c>), e.g. a
        /// <see cref="OptimizerHooks.WeightDecay"/> for this parameter only.
        /// </summary>
        /// <param name="hook">The hook.</param>
        /// <param name="name">The registration name; null uses <see cref="IUpdateRuleHook.Name"/>.</param>
        /// <param name="timing">When it runs; <see cref="HookTiming.Auto"/> uses <see cref="IUpdateRuleHook.Timing"/>.</param>
        /// <exception cref="ArgumentException">A hook with this name exists.</exception>
        public void AddHook(IUpdateRuleHook hook, string? name = null, HookTiming timing = HookTiming.Auto)
        {
            ArgumentNullException.ThrowIfNull(hook);
            _hooks.Add(hook, name, timing, hook.Timing, hook.Name);
        }

        /// <summary>Registers a delegate hook called with this rule and the parameter.</summary>
        /// <param name="hook">The hook.</param>
        /// <param name="name">The registration name.</param>
        /// <param name="timing">When it runs.</param>
        public void AddHook(Action<UpdateRule?, Parameter> hook, string name, HookTiming timing = HookTiming.Pre)
        {
            ArgumentNullException.ThrowIfNull(hook);
            ArgumentNullException.ThrowIfNull(name);
            AddHook(new DelegateUpdateRuleHook(hook, name, timing == HookTiming.Auto ? HookTiming.Pre : timing), name, timing);
        }

        /// <summary>Removes the hook registered under <paramref name="name"/>.</summary>
        /// <param name="name">The registration name.</param>
        /// <exception cref="KeyNotFoundException">No such hook.</exception>
        public void RemoveHook(string name) => _hooks.Remove(name);

        /// <summary>
        /// Updates <paramref name="param"/> (<c>UpdateRule.update</c>): counts the update, allocates the state on
        /// the first one, runs the 'pre' hooks, <see cref="UpdateCore"/> and the 'post' hooks. Nothing happens when
        /// the rule is disabled.
        /// </summary>
        /// <param name="param">The parameter.</param>
        public void Update(Parameter param)
        {
            ArgumentNullException.ThrowIfNull(param);
            if (!Enabled)
            {
                return;
            }

            T += 1;
            if (param.IsInitialized)
            {
                InitStates(param);
                if (_placedEpoch != Variable.DeviceEpoch)
                {
                    PlaceState(param);
                }
            }

            CallHooks(HookTiming.Pre, param);
            UpdateCore(param);
            CallHooks(HookTiming.Post, param);
        }

        /// <summary>
        /// Saves or loads <see cref="T"/> and the state (<c>UpdateRule.serialize</c>): keys <c>t</c> and one per
        /// state entry (<c>m</c>, <c>v</c>, ...). A rule without state takes it from the file when loading.
        /// </summary>
        /// <param name="serializer">The serializer at this parameter's path (e.g. <c>l1/W/</c>).</param>
        public virtual void Serialize(AbstractSerializer serializer)
        {
            ArgumentNullException.ThrowIfNull(serializer);
            T = serializer.Serialize("t", T);
            if (_state is null)
            {
                if (serializer.IsLoading)
                {
                    LoadStateFrom(serializer);
                }

                return;
            }

            foreach (string key in new List<string>(_state.Keys))
            {
                NdArray current = _state[key];
                NdArray? result = serializer.Serialize(key, current);
                if (result is not null && !ReferenceEquals(result, current))
                {
                    _state[key] = NativeArrays.Detached(result);
                    current.Dispose();
                    _placedEpoch = -1;
                }
            }
        }

        /// <summary>
        /// Updates the parameter from its gradient (<c>update_core</c>). Implementations return without change
        /// when the gradient is null.
        /// </summary>
        /// <param name="param">The parameter.</param>
        protected abstract void UpdateCore(Parameter param);

        /// <summary>
        /// Allocates the state for <paramref name="param"/> (<c>init_state</c>), e.g.
        /// <c>State["v"] = ZerosLike(param)</c>. Called once, at the first update of an initialized parameter.
        /// </summary>
        /// <param name="param">The parameter (its shape and dtype).</param>
        protected virtual void InitState(Parameter param)
        {
        }

        /// <summary>Zeros of the parameter's shape and dtype, owned by the rule (not by any memory scope).</summary>
        /// <param name="param">An initialized parameter.</param>
        /// <returns>A new array.</returns>
        protected static NdArray ZerosLike(Parameter param)
        {
            ArgumentNullException.ThrowIfNull(param);
            using NdArray data = NativeArrays.Data(param)
                ?? throw new InvalidOperationException("The parameter is not initialized.");
            return NativeArrays.ZerosLike(data);
        }

        /// <summary>The state array <paramref name="key"/>.</summary>
        /// <param name="key">The state name.</param>
        /// <returns>The array.</returns>
        protected NdArray GetState(string key) =>
            _state is not null && _state.TryGetValue(key, out NdArray? value)
                ? value
                : throw new InvalidOperationException($"The update rule has no state '{key}'.");

        /// <summary>
        /// Moves the state arrays to the parameter's device (Chainer's <c>UpdateRule._prepare</c>): state loaded from
        /// a file arrives in host memory, and a model may be moved after the optimizer was set up.
        /// </summary>
        private void PlaceState(Parameter param)
        {
            int epoch = Variable.DeviceEpoch;
            if (_state is not null && _state.Count > 0)
            {
                using NdArray data = NativeArrays.Data(param)!;
                Device device = NdArray.DeviceOf(data);
                foreach (string key in new List<string>(_state.Keys))
                {
                    _state[key] = NativeArrays.MoveTo(_state[key], device);
                }
            }

            _placedEpoch = epoch;
        }

        private void InitStates(Parameter param)
        {
            if (_state is null)
            {
                _state = new Dictionary<string, NdArray>();
                InitState(param);
            }
        }

        private void CallHooks(HookTiming timing, Parameter param)
        {
            foreach (KeyValuePair<string, object> entry in _hooks.Get(timing))
            {
                ((IUpdateRuleHook)entry.Value).Call(this, param);
            }
        }

        private void LoadStateFrom(AbstractSerializer serializer)
        {
            // Find the state keys by initializing a copy of the state for a one-element float32 parameter, as
            // Chainer does; then read each key from the file.
            var state = new Dictionary<string, NdArray>();
            _state = state;
            List<string> keys;
            using (NdArray dummyData = NativeArrays.Zeros(new long[] { 1 }, DType.Float32))
            using (var dummy = new Parameter(dummyData))
            {
                InitState(dummy);
                keys = new List<string>(state.Keys);
                foreach (NdArray a in state.Values)
                {
                    a.Dispose();
                }

                state.Clear();
            }

            foreach (string key in keys)
            {
                NdArray? value;
                try
                {
                    value = serializer.Serialize(key, (NdArray?)null);
                }
                catch (SerializationKeyNotFoundException) when (!Enabled)
                {
                    value = null;
                }

                if (value is null)
                {
                    // Missing entries: leave the state to be allocated at the next update.
                    foreach (NdArray a in state.Values)
                    {
                        a.Dispose();
                    }

                    _state = null;
                    return;
                }

                state[key] = NativeArrays.Detached(value);
                value.Dispose();
                _placedEpoch = -1;
            }
        }
    }
}
