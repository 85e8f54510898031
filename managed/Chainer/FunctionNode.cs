using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// A function application in the computational graph (<c>chainer.FunctionNode</c>), as returned by
    /// <see cref="Variable.Creator"/>.
    /// </summary>
    public class FunctionNode : IDisposable
    {
        private readonly FunctionNodeHandle _handle;

        internal FunctionNode(FunctionNodeHandle handle)
        {
            _handle = handle;
            MemoryScope.Register(this);
        }

        /// <summary>The name of the function, as Chainer's <c>FunctionNode.label</c> (e.g. <c>LinearFunction</c>).</summary>
        public string Label
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_function_node_name(Handle, out nint name));
                return name == 0 ? string.Empty : Marshal.PtrToStringUTF8(name) ?? string.Empty;
            }
        }

        /// <summary>The topological rank (one more than the largest rank of the inputs).</summary>
        public int Rank
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_function_node_rank(Handle, out int rank));
                return rank;
            }
        }

        /// <summary>The input variables (new wrappers sharing the graph's variable nodes).</summary>
        public IReadOnlyList<Variable> Inputs
        {
            get
            {
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

        internal FunctionNodeHandle Handle
        {
            get
            {
                if (_handle.IsClosed)
                {
                    throw new ObjectDisposedException(nameof(FunctionNode), "The FunctionNode has been disposed.");
                }

                return _handle;
            }
        }

        /// <summary>The label.</summary>
        /// <returns>The text.</returns>
        public override string ToString() => _handle.IsClosed ? "FunctionNode(<disposed>)" : Label;

        /// <summary>Releases this object's reference to the native function node.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the native reference.</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _handle.Dispose();
            }
        }
    }
}
