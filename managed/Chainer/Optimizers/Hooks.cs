using System;
using System.Collections.Generic;

namespace Chainer.Optimizers
{
    /// <summary>When a hook runs (Chainer's <c>timing</c> strings <c>'pre'</c>, <c>'post'</c> and <c>'auto'</c>).</summary>
    public enum HookTiming
    {
        /// <summary>Use the hook's own <c>Timing</c> (when registering); 'pre' when it has none.</summary>
        Auto = 0,

        /// <summary>Before the parameters are updated.</summary>
        Pre = 1,

        /// <summary>After the parameters are updated.</summary>
        Post = 2,
    }

    /// <summary>
    /// A hook that an <see cref="Optimizer"/> calls once per update with itself (Chainer's optimizer hooks with
    /// <c>call_for_each_param = False</c>, e.g. <see cref="OptimizerHooks.GradientClipping"/>).
    /// </summary>
    public interface IOptimizerHook
    {
        /// <summary>The default registration name.</summary>
        string Name { get; }

        /// <summary>When the hook runs by default (<see cref="HookTiming.Pre"/> or <see cref="HookTiming.Post"/>).</summary>
        HookTiming Timing { get; }

        /// <summary>Runs the hook.</summary>
        /// <param name="optimizer">The optimizer being updated.</param>
        void Call(Optimizer optimizer);
    }

    /// <summary>
    /// A hook called with one parameter and its update rule (Chainer's hooks with <c>call_for_each_param = True</c>,
    /// e.g. <see cref="OptimizerHooks.WeightDecay"/>). Registered on an <see cref="Optimizer"/> it runs for every
    /// parameter of the target; registered on an <see cref="UpdateRule"/> it runs in that rule's update.
    /// </summary>
    public interface IUpdateRuleHook
    {
        /// <summary>The default registration name.</summary>
        string Name { get; }

        /// <summary>When the hook runs by default (<see cref="HookTiming.Pre"/> or <see cref="HookTiming.Post"/>).</summary>
        HookTiming Timing { get; }

        /// <summary>Runs the hook.</summary>
        /// <param name="rule">The parameter's update rule (null for a parameter that has none).</param>
        /// <param name="param">The parameter.</param>
        void Call(UpdateRule? rule, Parameter param);
    }

    /// <summary>Hooks by name, in registration order, split by timing (Chainer's <c>_Hookable</c>).</summary>
    internal sealed class HookRegistry
    {
        private readonly List<KeyValuePair<string, object>> _pre = new List<KeyValuePair<string, object>>();
        private readonly List<KeyValuePair<string, object>> _post = new List<KeyValuePair<string, object>>();

        internal IReadOnlyList<KeyValuePair<string, object>> Pre => _pre;

        internal IReadOnlyList<KeyValuePair<string, object>> Post => _post;

        internal void Add(object hook, string? name, HookTiming timing, HookTiming hookTiming, string defaultName)
        {
            ArgumentNullException.ThrowIfNull(hook);
            if (!Enum.IsDefined(timing))
            {
                throw new ArgumentOutOfRangeException(nameof(timing), timing, "timing must be one of Pre, Post or Auto.");
            }

            if (timing == HookTiming.Auto)
            {
                timing = hookTiming == HookTiming.Post ? HookTiming.Post : HookTiming.Pre;
            }

            name ??= defaultName;
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("the name of the hook function is not specified", nameof(name));
            }

            if (Contains(name))
            {
                throw new ArgumentException($"hook \"{name}\" already exists", nameof(name));
            }

            (timing == HookTiming.Pre ? _pre : _post).Add(new KeyValuePair<string, object>(name, hook));
        }

        internal void Remove(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (_pre.RemoveAll(e => e.Key == name) == 0 && _post.RemoveAll(e => e.Key == name) == 0)
            {
                throw new KeyNotFoundException($"No hook is registered under the name \"{name}\".");
            }
        }

        internal IReadOnlyList<KeyValuePair<string, object>> Get(HookTiming timing) => timing switch
        {
            HookTiming.Pre => _pre.ToArray(),
            HookTiming.Post => _post.ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(timing), timing, "timing must be either Pre or Post."),
        };

        private bool Contains(string name) => _pre.Exists(e => e.Key == name) || _post.Exists(e => e.Key == name);
    }

    /// <summary>An <see cref="IOptimizerHook"/> made of a delegate.</summary>
    internal sealed class DelegateOptimizerHook : IOptimizerHook
    {
        private readonly Action<Optimizer> _action;

        internal DelegateOptimizerHook(Action<Optimizer> action, string name, HookTiming timing)
        {
            _action = action;
            Name = name;
            Timing = timing;
        }

        public string Name { get; }

        public HookTiming Timing { get; }

        public void Call(Optimizer optimizer) => _action(optimizer);
    }

    /// <summary>An <see cref="IUpdateRuleHook"/> made of a delegate.</summary>
    internal sealed class DelegateUpdateRuleHook : IUpdateRuleHook
    {
        private readonly Action<UpdateRule?, Parameter> _action;

        internal DelegateUpdateRuleHook(Action<UpdateRule?, Parameter> action, string name, HookTiming timing)
        {
            _action = action;
            Name = name;
            Timing = timing;
        }

        public string Name { get; }

        public HookTiming Timing { get; }

        public void Call(UpdateRule? rule, Parameter param) => _action(rule, param);
    }
}
