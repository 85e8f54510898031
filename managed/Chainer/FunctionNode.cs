using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Chainer.Interop;
using Chainer.UserFunctions;

namespace Chainer
{
    /// <summary>
    /// A function application in the computational graph (<c>chainer.FunctionNode</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A <see cref="FunctionNode"/> object is one of two things:
    /// </para>
    /// <list type="bullet">
    /// <item>a view of a node already in the graph, as returned by <see cref="Variable.Creator"/>
    /// (<see cref="Label"/>, <see cref="Rank"/> and <see cref="Inputs"/> read the native node);</item>
    /// <item>a user-defined function: derive from this class, override <see cref="Forward"/> (on arrays) and
    /// <see cref="Backward"/> (on variables), and call <see cref="Apply"/>, exactly as a subclass of Chainer's
    /// <c>FunctionNode</c> overrides <c>forward</c> and <c>backward</c> and is called with <c>apply</c>. The
    /// function then takes part in <see cref="Variable.Backward"/>, <see cref="Variable.GradVar"/>,
    /// <see cref="chainer.Grad"/> and higher-order differentiation like a built-in one.</item>
    /// </list>
    /// <code>
    /// class MulAdd : FunctionNode
    /// {
    ///     protected override NdArray[] Forward(NdArray[] inputs)
    ///     {
    ///         RetainInputs(0, 1);
    ///         NdArray x = inputs[0], y = inputs[1], z = inputs[2];
    ///         return new[] { x * y + z };
    ///     }
    ///
    ///     protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
    ///     {
    ///         Variable[] xy = GetRetainedInputs();
    ///         Variable gw = gradOutputs[0]!;
    ///         return new[] { xy[1] * gw, xy[0] * gw, gw };
    ///     }
    /// }
    ///
    /// Variable w = new MulAdd().Apply(x, y, z)[0];
    /// </code>
    /// <para>
    /// An instance is one node of the graph: apply it once (create a new instance for each call, as Chainer's
    /// <c>MulAdd().apply((x, y, z))</c> does). The graph keeps the instance alive while the node exists and lets
    /// it go when the node is freed.
    /// </para>
    /// </remarks>
    public abstract class FunctionNode : IDisposable
    {
        private readonly FunctionNodeHandle? _handle;

        // User-defined functions: what Forward asked to retain, and the retained variables of the backward
        // call in progress.
        private int[]? _inputIndexesToRetain;
        private int[]? _outputIndexesToRetain;
        private Variable?[]? _retainedInputs;
        private Variable?[]? _retainedOutputs;
        private bool _inForward;
        private bool _applied;
        private int _rank;
        private int _inputCount;
        private int _outputCount;

        /// <summary>Creates a user-defined function; override <see cref="Forward"/> and <see cref="Backward"/>.</summary>
        protected FunctionNode()
        {
        }

        internal FunctionNode(FunctionNodeHandle handle)
        {
            _handle = handle;
            MemoryScope.Register(this);
        }

        /// <summary>
        /// The name of the function, as Chainer's <c>FunctionNode.label</c> (e.g. <c>LinearFunction</c>). For a
        /// user-defined function it is the class name unless overridden; the graph node keeps this name, so
        /// <c>y.Creator.Label</c> shows it too.
        /// </summary>
        public virtual string Label
        {
            get
            {
                if (_handle is null)
                {
                    return GetType().Name;
                }

                Ensure.Ok(NativeMethods.ch_function_node_name(Handle, out nint name));
                return name == 0 ? string.Empty : Marshal.PtrToStringUTF8(name) ?? string.Empty;
            }
        }

        /// <summary>
        /// The topological rank (<c>FunctionNode.rank</c>): the largest rank of the inputs; the outputs have this
        /// rank plus one. For a user-defined function it is known once <see cref="Apply"/> has run.
        /// </summary>
        public int Rank
        {
            get
            {
                if (_handle is null)
                {
                    ThrowIfNotApplied(nameof(Rank));
                    return _rank;
                }

                Ensure.Ok(NativeMethods.ch_function_node_rank(Handle, out int rank));
                return rank;
            }
        }

        /// <summary>
        /// The input variables (new wrappers sharing the graph's variable nodes). Available on the node returned
        /// by <see cref="Variable.Creator"/>; a user-defined function object does not keep references to its
        /// inputs (read them through <c>output.Creator.Inputs</c>).
        /// </summary>
        /// <exception cref="InvalidOperationException">Read on a user-defined function object.</exception>
        public IReadOnlyList<Variable> Inputs
        {
            get
            {
                if (_handle is null)
                {
                    throw new InvalidOperationException(
                        $"{GetType().Name} is a user-defined function object, which does not keep its inputs; " +
                        "read them from the graph node instead: output.Creator.Inputs.");
                }

                FunctionNodeHandle handle = Handle;
                Ensure.Ok(NativeMethods.ch_function_node_input_count(handle, out int count));
                var inputs = new Variable[count];
                for (int i = 0; i < count; i++)
                {
                    Ensure.Ok(NativeMethods.ch_function_node_input(handle, i, out VariableHandle input));
                    inputs[i] = new Variable(input);
                }

                return inputs;
            }
        }

        /// <summary>The number of inputs of the last <see cref="Apply"/> (0 before it).</summary>
        protected int InputCount => _inputCount;

        /// <summary>The number of outputs of the last <see cref="Apply"/> (0 before it).</summary>
        protected int OutputCount => _outputCount;

        internal FunctionNodeHandle Handle
        {
            get
            {
                if (_handle is null)
                {
                    throw new InvalidOperationException($"{GetType().Name} is a user-defined function object, not a graph node view.");
                }

                if (_handle.IsClosed)
                {
                    throw new ObjectDisposedException(nameof(FunctionNode), "The FunctionNode has been disposed.");
                }

                return _handle;
            }
        }

        /// <summary>Whether this object is a user-defined function (rather than a view of a graph node).</summary>
        internal bool IsUserDefined => _handle is null;

        /// <summary>
        /// Applies the function to <paramref name="inputs"/> (<c>FunctionNode.apply</c>): runs <see cref="Forward"/>
        /// on their arrays with backprop disabled, then records this node in the graph when backprop is enabled
        /// and an input requires a gradient.
        /// </summary>
        /// <param name="inputs">The input variables (an <see cref="NdArray"/> converts implicitly to a variable that needs no gradient).</param>
        /// <returns>The output variables, one per array returned by <see cref="Forward"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or an entry is null.</exception>
        /// <exception cref="ArgumentException">More than 32 inputs.</exception>
        /// <exception cref="InvalidOperationException">
        /// The instance was applied before, it is a view of a graph node, or <see cref="Forward"/> returned no
        /// arrays, a null entry, or an index to retain out of range.
        /// </exception>
        public unsafe Variable[] Apply(params Variable[] inputs)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            if (_handle is not null)
            {
                throw new InvalidOperationException(
                    "This FunctionNode is a view of a node already in the graph (Variable.Creator); it cannot be applied again.");
            }

            if (_applied)
            {
                throw new InvalidOperationException(
                    $"{GetType().Name} has already been applied. A FunctionNode is one node of the graph: create a new " +
                    $"instance for each application (new {GetType().Name}().Apply(...)).");
            }

            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] is null)
                {
                    throw new ArgumentNullException(nameof(inputs), $"inputs[{i}] is null.");
                }
            }

            if (inputs.Length > UserFunctionBridge.MaxArity)
            {
                throw new ArgumentException(
                    $"A user-defined function takes at most {UserFunctionBridge.MaxArity} inputs ({inputs.Length} given).", nameof(inputs));
            }

            var inData = new NdArray[inputs.Length];
            int rank = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                inData[i] = inputs[i].Array;
                rank = Math.Max(rank, inputs[i].Rank);
            }

            NdArray[] outputs = RunForward(inData);
            string label = Label ?? GetType().Name;
            int[]? retainIn = Flags(_inputIndexesToRetain, inputs.Length, "input", nameof(RetainInputs));
            int[]? retainOut = Flags(_outputIndexesToRetain, outputs.Length, "output", nameof(RetainOutputs));

            using HandleList ins = HandleList.FromVariables(inputs, allowNull: false, nameof(inputs));
            using var outs = new HandleList(outputs.Length);
            for (int i = 0; i < outputs.Length; i++)
            {
                outs.Set(i, outputs[i].Handle);
            }

            var results = new nint[outputs.Length];
            _applied = true;
            _inputCount = inputs.Length;
            _outputCount = outputs.Length;
            _rank = rank;

            // The graph owns one strong GCHandle to this object; the release callback frees it when the node
            // goes away (also when recording fails or no node is recorded).
            nint userData = UserFunctionBridge.Pin(this);
            ChStatus status;
            fixed (nint* pIn = ins.Raw)
            fixed (nint* pOut = outs.Raw)
            fixed (int* pRin = retainIn)
            fixed (int* pRout = retainOut)
            fixed (nint* pRes = results)
            {
                status = NativeMethods.ch_function_record(
                    label,
                    inputs.Length == 0 ? null : pIn,
                    inputs.Length,
                    pOut,
                    outputs.Length,
                    pRin,
                    pRout,
                    UserFunctionBridge.BackwardPointer,
                    UserFunctionBridge.ReleasePointer,
                    (void*)userData,
                    pRes);
            }

            if (status != ChStatus.Ok)
            {
                _applied = false;
                Ensure.Ok(status);
            }

            var y = new Variable[results.Length];
            for (int i = 0; i < results.Length; i++)
            {
                y[i] = new Variable(Handles.OwnVariable(results[i]));
            }

            return y;
        }

        /// <summary>The label.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            if (_handle is null)
            {
                return Label;
            }

            return _handle.IsClosed ? "FunctionNode(<disposed>)" : Label;
        }

        /// <summary>Releases this object's reference to the native function node (nothing for a user-defined function).</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Computes the outputs from the input arrays (<c>FunctionNode.forward</c>). It runs with backprop
        /// disabled, so <c>F.*</c> functions can be used on the arrays (an <see cref="NdArray"/> converts to a
        /// <see cref="Variable"/>; take <c>.Array</c> of the result). Call <see cref="RetainInputs"/> /
        /// <see cref="RetainOutputs"/> here for what <see cref="Backward"/> needs.
        /// </summary>
        /// <param name="inputs">The input arrays (shared with the input variables; do not modify them).</param>
        /// <returns>The output arrays (at least one).</returns>
        protected abstract NdArray[] Forward(NdArray[] inputs);

        /// <summary>
        /// Computes the gradients of the inputs listed in <paramref name="targetInputIndexes"/> from the gradients
        /// of the outputs (<c>FunctionNode.backward</c>), with differentiable operations on variables, so that
        /// the function supports higher-order differentiation. The default returns nulls (not differentiable),
        /// as Chainer's.
        /// </summary>
        /// <param name="targetInputIndexes">The sorted indexes of the inputs whose gradients are needed (at least one).</param>
        /// <param name="gradOutputs">One gradient per output; null where an output has no gradient.</param>
        /// <returns>
        /// The gradients, either one per entry of <paramref name="targetInputIndexes"/> or one per input (entries
        /// not targeted are ignored); null entries mean no gradient. Variables made here (other than the returned
        /// ones, whose graph is kept) are disposed after the call.
        /// </returns>
        protected virtual Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) =>
            new Variable?[targetInputIndexes.Length];

        /// <summary>
        /// Lets the inputs at <paramref name="indexes"/> be read in <see cref="Backward"/> through
        /// <see cref="GetRetainedInputs"/> (<c>retain_inputs</c>). Call it from <see cref="Forward"/>; a later call
        /// replaces an earlier one. Inputs not retained are not kept for backprop.
        /// </summary>
        /// <param name="indexes">Input indexes.</param>
        protected void RetainInputs(params int[] indexes)
        {
            ArgumentNullException.ThrowIfNull(indexes);
            ThrowIfNotInForward(nameof(RetainInputs));
            _inputIndexesToRetain = (int[])indexes.Clone();
        }

        /// <summary>
        /// Lets the outputs at <paramref name="indexes"/> be read in <see cref="Backward"/> through
        /// <see cref="GetRetainedOutputs"/> (<c>retain_outputs</c>). Call it from <see cref="Forward"/>.
        /// </summary>
        /// <param name="indexes">Output indexes.</param>
        protected void RetainOutputs(params int[] indexes)
        {
            ArgumentNullException.ThrowIfNull(indexes);
            ThrowIfNotInForward(nameof(RetainOutputs));
            _outputIndexesToRetain = (int[])indexes.Clone();
        }

        /// <summary>
        /// The retained input variables, in the order given to <see cref="RetainInputs"/>
        /// (<c>get_retained_inputs</c>); empty when nothing was retained. Valid during <see cref="Backward"/> only.
        /// </summary>
        /// <returns>The variables (they carry the inputs' graph, so gradients computed from them are differentiable).</returns>
        /// <exception cref="InvalidOperationException">Called outside <see cref="Backward"/>.</exception>
        protected Variable[] GetRetainedInputs() => Retained(_retainedInputs, _inputIndexesToRetain, "input", nameof(GetRetainedInputs));

        /// <summary>
        /// The retained output variables, in the order given to <see cref="RetainOutputs"/>
        /// (<c>get_retained_outputs</c>); empty when nothing was retained. Valid during <see cref="Backward"/> only.
        /// </summary>
        /// <returns>The variables.</returns>
        /// <exception cref="InvalidOperationException">Called outside <see cref="Backward"/>.</exception>
        protected Variable[] GetRetainedOutputs() => Retained(_retainedOutputs, _outputIndexesToRetain, "output", nameof(GetRetainedOutputs));

        /// <summary>Releases the native reference.</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _handle?.Dispose();
            }
        }

        /// <summary>
        /// Runs <see cref="Backward"/> for one backward call of the native graph: the variables are owned by the
        /// caller (the callback), which disposes them afterwards.
        /// </summary>
        /// <param name="gradOutputs">The output gradients (null entries: none).</param>
        /// <param name="inputs">The inputs (non-null where retained).</param>
        /// <param name="outputs">The outputs (non-null where retained).</param>
        /// <param name="targetInputIndexes">The inputs whose gradients are wanted.</param>
        /// <returns>One gradient (or null) per entry of <paramref name="targetInputIndexes"/>.</returns>
        internal Variable?[] InvokeBackward(Variable?[] gradOutputs, Variable?[] inputs, Variable?[] outputs, int[] targetInputIndexes)
        {
            Variable?[]? previousInputs = _retainedInputs;
            Variable?[]? previousOutputs = _retainedOutputs;
            _retainedInputs = inputs;
            _retainedOutputs = outputs;
            Variable?[] gxs;
            try
            {
                gxs = Backward(targetInputIndexes, gradOutputs);
            }
            finally
            {
                _retainedInputs = previousInputs;
                _retainedOutputs = previousOutputs;
            }

            if (gxs is null)
            {
                throw new InvalidOperationException($"{Label}.Backward returned null; return an array of gradients (null entries for none).");
            }

            if (gxs.Length == targetInputIndexes.Length)
            {
                return gxs;
            }

            if (gxs.Length == inputs.Length)
            {
                var selected = new Variable?[targetInputIndexes.Length];
                for (int k = 0; k < selected.Length; k++)
                {
                    selected[k] = gxs[targetInputIndexes[k]];
                }

                return selected;
            }

            throw new InvalidOperationException(
                $"The number of gradients returned by {Label}.Backward is incorrect: {gxs.Length} != expected " +
                $"{targetInputIndexes.Length} (the number of target inputs) or {inputs.Length} (the number of inputs).");
        }

        private static int[]? Flags(int[]? indexes, int count, string what, string method)
        {
            if (indexes is null || indexes.Length == 0)
            {
                return null;
            }

            var flags = new int[count];
            foreach (int index in indexes)
            {
                if (index < 0 || index >= count)
                {
                    throw new InvalidOperationException(
                        $"{method} was given the {what} index {index}, but the function has {count} {what}s.");
                }

                flags[index] = 1;
            }

            return flags;
        }

        private NdArray[] RunForward(NdArray[] inData)
        {
            _inputIndexesToRetain = null;
            _outputIndexesToRetain = null;
            NdArray[] outputs;
            _inForward = true;
            try
            {
                using (Config.Using(enableBackprop: false))
                {
                    outputs = Forward(inData);
                }
            }
            finally
            {
                _inForward = false;
            }

            if (outputs is null || outputs.Length == 0)
            {
                throw new InvalidOperationException($"{GetType().Name}.Forward must return at least one array.");
            }

            if (outputs.Length > UserFunctionBridge.MaxArity)
            {
                throw new InvalidOperationException(
                    $"{GetType().Name}.Forward returned {outputs.Length} arrays; a function has at most {UserFunctionBridge.MaxArity} outputs.");
            }

            for (int i = 0; i < outputs.Length; i++)
            {
                if (outputs[i] is null)
                {
                    throw new InvalidOperationException($"{GetType().Name}.Forward returned null as output {i}.");
                }

                if (outputs[i].IsDisposed)
                {
                    throw new ObjectDisposedException(nameof(NdArray), $"{GetType().Name}.Forward returned a disposed array as output {i}.");
                }
            }

            return outputs;
        }

        private Variable[] Retained(Variable?[]? current, int[]? indexes, string what, string method)
        {
            if (current is null)
            {
                throw new InvalidOperationException($"{method} can only be called from Backward.");
            }

            if (indexes is null)
            {
                return System.Array.Empty<Variable>();
            }

            var result = new Variable[indexes.Length];
            for (int k = 0; k < indexes.Length; k++)
            {
                result[k] = current[indexes[k]]
                    ?? throw new InvalidOperationException($"The {what} {indexes[k]} of {Label} was not retained.");
            }

            return result;
        }

        private void ThrowIfNotInForward(string method)
        {
            if (_handle is not null || !_inForward)
            {
                throw new InvalidOperationException($"{method} must be called from Forward.");
            }
        }

        private void ThrowIfNotApplied(string property)
        {
            if (!_applied)
            {
                throw new InvalidOperationException($"{property} is known once the function has been applied.");
            }
        }
    }

    /// <summary>A node of the recorded graph, as returned by <see cref="Variable.Creator"/>.</summary>
    internal sealed class GraphFunctionNode : FunctionNode
    {
        internal GraphFunctionNode(FunctionNodeHandle handle)
            : base(handle)
        {
        }

        /// <summary>A recorded node has already run; it cannot be applied again.</summary>
        /// <param name="inputs">Unused.</param>
        /// <returns>Never returns.</returns>
        /// <exception cref="InvalidOperationException">Always.</exception>
        protected override NdArray[] Forward(NdArray[] inputs) =>
            throw new InvalidOperationException(
                $"'{Label}' is a node of a recorded graph (a variable's creator); apply a new function object instead.");
    }
}
