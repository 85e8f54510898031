using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Chainer.Formatting;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// A node of the computational graph holding an array (<c>chainer.Variable</c>). Operations on variables
    /// record how they were computed, so <see cref="Backward"/> can compute gradients.
    /// </summary>
    /// <remarks>
    /// A <see cref="Variable"/> object owns one reference to the native variable; several objects may refer to
    /// the same native variable (for example the inputs returned by <see cref="FunctionNode.Inputs"/>).
    /// <see cref="Dispose()"/> releases the reference; the graph keeps what it needs.
    /// </remarks>
    public partial class Variable : IDisposable
    {
        private static int _deviceEpoch;
        private VariableHandle? _handle;
        private string? _pendingName;

        /// <summary>Creates a leaf variable holding <paramref name="data"/> (shared, not copied).</summary>
        /// <param name="data">The array.</param>
        /// <param name="requiresGrad">Whether backpropagation computes a gradient for this variable.</param>
        /// <param name="name">The name shown by <see cref="ToString"/>, or null.</param>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public Variable(NdArray data, bool requiresGrad = true, string? name = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            Ensure.Ok(NativeMethods.ch_variable_create(data.Handle, requiresGrad ? 1 : 0, out VariableHandle handle));
            _handle = handle;
            if (name is not null)
            {
                Ensure.Ok(NativeMethods.ch_variable_set_name(handle, name));
            }

            MemoryScope.Register(this);
        }

        /// <summary>Creates a variable without data, for <see cref="Parameter"/>; call <see cref="Attach"/> to give it data.</summary>
        /// <remarks>Such variables are never registered with a <see cref="MemoryScope"/>.</remarks>
        protected Variable()
        {
        }

        internal Variable(VariableHandle handle)
        {
            _handle = handle;
            MemoryScope.Register(this);
        }

        /// <summary>Wraps an array as a variable that does not require a gradient (<c>chainer.as_variable</c>).</summary>
        /// <param name="array">The array (shared, not copied).</param>
        public static implicit operator Variable(NdArray array) => new Variable(array, requiresGrad: false);

        /// <summary>The data array (<c>Variable.array</c>). Each read returns a new wrapper of the same native array.</summary>
        /// <exception cref="InvalidOperationException">The variable is an uninitialized parameter.</exception>
        public NdArray Array
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                return new NdArray(array);
            }

            set
            {
                ArgumentNullException.ThrowIfNull(value);
                Ensure.Ok(NativeMethods.ch_variable_set_array(Handle, value.Handle));
            }
        }

        /// <summary>The data array; an alias of <see cref="Array"/> (<c>Variable.data</c>).</summary>
        public NdArray Data
        {
            get => Array;
            set => Array = value;
        }

        /// <summary>
        /// The gradient array, or null (<c>Variable.grad</c>). Setting it replaces <see cref="GradVar"/> by a new
        /// variable without a creator.
        /// </summary>
        public NdArray? Grad
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_grad(Handle, out ArrayHandle grad));
                if (grad.IsInvalid)
                {
                    grad.Dispose();
                    return null;
                }

                return new NdArray(grad);
            }

            set
            {
                VariableHandle handle = Handle;
                ArrayHandle? g = value?.Handle;
                bool added = false;
                try
                {
                    nint raw = Handles.AddRef(g, ref added);
                    Ensure.Ok(NativeMethods.ch_variable_set_grad(handle, raw));
                }
                finally
                {
                    Handles.Release(g, added);
                }
            }
        }

        /// <summary>
        /// The gradient as a variable, or null (<c>Variable.grad_var</c>). After
        /// <c>Backward(enableDoubleBackprop: true)</c> it has a creator and can be differentiated again.
        /// </summary>
        public Variable? GradVar
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_grad_var(Handle, out VariableHandle grad));
                if (grad.IsInvalid)
                {
                    grad.Dispose();
                    return null;
                }

                return new Variable(grad);
            }

            set
            {
                VariableHandle handle = Handle;
                VariableHandle? g = value?.Handle;
                bool added = false;
                try
                {
                    nint raw = Handles.AddRef(g, ref added);
                    Ensure.Ok(NativeMethods.ch_variable_set_grad_var(handle, raw));
                }
                finally
                {
                    Handles.Release(g, added);
                }
            }
        }

        /// <summary>The name shown by <see cref="ToString"/>, or null.</summary>
        public string? Name
        {
            get
            {
                VariableHandle? handle = _handle;
                if (handle is null)
                {
                    return _pendingName;
                }

                Ensure.Ok(NativeMethods.ch_variable_name(Handle, out nint name));
                string? text = name == 0 ? null : Marshal.PtrToStringUTF8(name);
                return string.IsNullOrEmpty(text) ? null : text;
            }

            set
            {
                if (_handle is null)
                {
                    _pendingName = value;
                    return;
                }

                Ensure.Ok(NativeMethods.ch_variable_set_name(Handle, value ?? string.Empty));
            }
        }

        /// <summary>The shape of the data array.</summary>
        public long[] Shape
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                using (array)
                {
                    return NdArray.QueryShape(array);
                }
            }
        }

        /// <summary>The number of dimensions of the data array.</summary>
        public int Ndim
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                using (array)
                {
                    Ensure.Ok(NativeMethods.ch_array_ndim(array, out int ndim));
                    return ndim;
                }
            }
        }

        /// <summary>The number of elements of the data array.</summary>
        public long Size
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                using (array)
                {
                    Ensure.Ok(NativeMethods.ch_array_size(array, out long size));
                    return size;
                }
            }
        }

        /// <summary>The dtype of the data array.</summary>
        public DType Dtype
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                using (array)
                {
                    Ensure.Ok(NativeMethods.ch_array_dtype(array, out ChDtype dtype));
                    return DTypeExtensions.FromNative(dtype);
                }
            }
        }

        /// <summary>Whether backpropagation computes a gradient for this variable.</summary>
        public bool RequiresGrad
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_requires_grad(Handle, out int requiresGrad));
                return requiresGrad != 0;
            }
        }

        /// <summary>The function that created this variable, or null for a leaf (<c>Variable.creator</c>).</summary>
        public FunctionNode? Creator
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_creator(Handle, out FunctionNodeHandle creator));
                if (creator.IsInvalid)
                {
                    creator.Dispose();
                    return null;
                }

                return new GraphFunctionNode(creator);
            }
        }

        /// <summary>The topological rank in the graph (0 for leaves; one more than the creator's inputs).</summary>
        public int Rank
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_variable_rank(Handle, out int rank));
                return rank;
            }
        }

        /// <summary>Whether the variable holds data (false only for a parameter that is not initialized yet).</summary>
        public bool IsInitialized => _handle is not null;

        /// <summary>Whether <see cref="Dispose()"/> has been called.</summary>
        public bool IsDisposed => _handle is not null && _handle.IsClosed;

        /// <summary>The native handle; throws when the variable is disposed or has no data.</summary>
        internal VariableHandle Handle
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                VariableHandle? h = _handle;
                if (h is null || h.IsClosed)
                {
                    ThrowUnusable();
                }

                return h!;
            }
        }

        /// <summary>
        /// Runs backpropagation from this variable (<c>Variable.backward</c>). A size-1 variable without a gradient
        /// starts from ones; a larger one needs <see cref="Grad"/> set first.
        /// </summary>
        /// <param name="retainGrad">Keep the gradients of intermediate variables.</param>
        /// <param name="enableDoubleBackprop">Record the backward computation, so gradients can be differentiated again.</param>
        /// <exception cref="GradientException">The variable has more than one element and no gradient.</exception>
        public void Backward(bool retainGrad = false, bool enableDoubleBackprop = false) =>
            Ensure.Ok(NativeMethods.ch_variable_backward(Handle, retainGrad ? 1 : 0, enableDoubleBackprop ? 1 : 0));

        /// <summary>Sets the gradient to null (<c>Variable.cleargrad</c>).</summary>
        public void ClearGrad()
        {
            if (_handle is null)
            {
                return;
            }

            Ensure.Ok(NativeMethods.ch_variable_clear_grad(Handle));
        }

        /// <summary>Sets the gradient to zeros of the data's shape and dtype (<c>Variable.zerograd</c>, deprecated in Chainer).</summary>
        public void ZeroGrad()
        {
            if (_handle is null)
            {
                return;
            }

            Ensure.Ok(NativeMethods.ch_variable_grad(Handle, out ArrayHandle grad));
            using (grad)
            {
                if (!grad.IsInvalid)
                {
                    Ensure.Ok(NativeMethods.ch_array_fill(grad, 0.0));
                    return;
                }
            }

            using NdArray zeros = NdArray.FullLike(this, Shape, 0.0, Dtype);
            Grad = zeros;
        }

        /// <summary>
        /// The device of the data (<c>Variable.device</c>); for a parameter without data yet, the device its data will
        /// be created on.
        /// </summary>
        public Device Device
        {
            get
            {
                if (_handle is null)
                {
                    return InitialDevice;
                }

                Ensure.Ok(NativeMethods.ch_variable_array(Handle, out ArrayHandle array));
                using (array)
                {
                    return Chainer.Device.Of(array);
                }
            }
        }

        /// <summary>
        /// Counts calls that moved a parameter to another device; an optimizer compares it with the value it saw
        /// last to know, without querying any device, whether its state may have to follow a parameter.
        /// </summary>
        internal static int DeviceEpoch => _deviceEpoch;

        /// <summary>The device data will be created on when a parameter without data is initialized (the CPU here).</summary>
        private protected virtual Device InitialDevice => Chainer.Device.Cpu;

        /// <summary>
        /// Moves the data and the gradient to <paramref name="device"/>, in place (<c>Variable.to_device</c>). The
        /// variable keeps its identity (and its place in a link); arrays obtained from it before stay where they were.
        /// A parameter without data remembers the device and creates its data there when it is initialized.
        /// </summary>
        /// <param name="device">The target device.</param>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public void ToDevice(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            if (_handle is not null)
            {
                VariableHandle handle = Handle;
                Ensure.Ok(NativeMethods.ch_variable_array(handle, out ArrayHandle data));
                using (data)
                {
                    if (Chainer.Device.Of(data) != device)
                    {
                        Ensure.Ok(NativeMethods.ch_variable_grad(handle, out ArrayHandle grad));
                        using (grad)
                        {
                            // Clear the gradient first, so that data and gradient never sit on different devices.
                            if (!grad.IsInvalid)
                            {
                                Ensure.Ok(NativeMethods.ch_variable_set_grad(handle, 0));
                            }

                            Ensure.Ok(NativeMethods.ch_array_to_device(data, device.Name, out ArrayHandle movedData));
                            using (movedData)
                            {
                                Ensure.Ok(NativeMethods.ch_variable_set_array(handle, movedData));
                            }

                            if (!grad.IsInvalid)
                            {
                                Ensure.Ok(NativeMethods.ch_array_to_device(grad, device.Name, out ArrayHandle movedGrad));
                                using (movedGrad)
                                {
                                    bool added = false;
                                    try
                                    {
                                        nint raw = Handles.AddRef(movedGrad, ref added);
                                        Ensure.Ok(NativeMethods.ch_variable_set_grad(handle, raw));
                                    }
                                    finally
                                    {
                                        Handles.Release(movedGrad, added);
                                    }
                                }
                            }
                        }

                        if (this is Parameter)
                        {
                            Interlocked.Increment(ref _deviceEpoch);
                        }
                    }
                }
            }

            OnMovedTo(device);
        }

        /// <summary>Moves the data and gradient to the device named by a Chainer specifier (see <see cref="ToDevice(Device)"/>).</summary>
        /// <param name="device">A specifier such as <c>"@numpy"</c> or <c>"@cupy:0"</c>.</param>
        /// <exception cref="ArgumentException">The text is not a device specifier.</exception>
        /// <exception cref="DeviceException">The device cannot be used.</exception>
        public void ToDevice(string device) => ToDevice(Chainer.Device.Get(device));

        /// <summary>Moves the data and gradient to host memory (<c>Variable.to_cpu</c>).</summary>
        public void ToCpu() => ToDevice(Chainer.Device.Cpu);

        /// <summary>Moves the data and gradient to CUDA device <paramref name="device"/> (<c>Variable.to_gpu</c>).</summary>
        /// <param name="device">The CUDA device ordinal.</param>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device.</exception>
        public void ToGpu(int device = 0) => ToDevice(Chainer.Device.Gpu(device));

        /// <summary>Cuts this variable from its creator (<c>Variable.unchain</c>); it becomes a leaf.</summary>
        public void Unchain() => Ensure.Ok(NativeMethods.ch_variable_unchain(Handle));

        /// <summary>Cuts the whole graph behind this variable (<c>Variable.unchain_backward</c>).</summary>
        public void UnchainBackward() => Ensure.Ok(NativeMethods.ch_variable_unchain_backward(Handle));

        /// <summary>Whether both objects refer to the same native variable (Python's <c>x is y</c> on variables).</summary>
        /// <param name="other">The other variable.</param>
        /// <returns><c>true</c> when they are the same graph variable.</returns>
        public bool SameAs(Variable other)
        {
            ArgumentNullException.ThrowIfNull(other);
            Ensure.Ok(NativeMethods.ch_variable_same(Handle, other.Handle, out int same));
            return same != 0;
        }

        /// <summary>Chainer's repr: <c>variable([...])</c>, or <c>variable name([...])</c> when named.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            VariableHandle? handle = _handle;
            if (handle is null)
            {
                string? pending = _pendingName;
                return string.IsNullOrEmpty(pending) ? "variable(None)" : "variable " + pending + "(None)";
            }

            if (handle.IsClosed)
            {
                return "variable(<disposed>)";
            }

            Ensure.Ok(NativeMethods.ch_variable_array(handle, out ArrayHandle arrayHandle));
            using var array = new NdArrayNoScope(arrayHandle);
            return NumpyFormat.VariableRepr(array.Array.FlatValues(), array.Array.ShapeCached, array.Array.Dtype, Name);
        }

        /// <summary>Releases this object's reference to the native variable.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the native reference (the native handle has its own finalizer).</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _handle?.Dispose();
            }
        }

        /// <summary>
        /// Gives data to a variable created with the protected constructor (or replaces it), for <see cref="Parameter"/>.
        /// </summary>
        /// <param name="data">The array (shared, not copied).</param>
        /// <param name="requiresGrad">Whether backpropagation computes a gradient for this variable.</param>
        protected void Attach(NdArray data, bool requiresGrad)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (_handle is null)
            {
                Ensure.Ok(NativeMethods.ch_variable_create(data.Handle, requiresGrad ? 1 : 0, out VariableHandle handle));
                string? name = _pendingName;
                if (name is not null)
                {
                    ChStatus status = NativeMethods.ch_variable_set_name(handle, name);
                    if (status != ChStatus.Ok)
                    {
                        handle.Dispose();
                        Ensure.Ok(status);
                    }
                }

                _handle = handle;
                _pendingName = null;
                return;
            }

            VariableHandle existing = Handle;
            Ensure.Ok(NativeMethods.ch_variable_set_array(existing, data.Handle));
            Ensure.Ok(NativeMethods.ch_variable_set_requires_grad(existing, requiresGrad ? 1 : 0));
        }

        /// <summary>Called after <see cref="ToDevice(Device)"/> (a parameter records the device for later initialization).</summary>
        /// <param name="device">The device the variable was moved to.</param>
        private protected virtual void OnMovedTo(Device device)
        {
        }

        /// <summary>The description used in errors about this variable.</summary>
        private protected virtual string Describe()
        {
            string? name = NameForMessages();
            return name is null ? "The variable" : $"The variable '{name}'";
        }

        /// <summary>The name, read without throwing (null when the variable is disposed).</summary>
        private protected string? NameForMessages()
        {
            VariableHandle? handle = _handle;
            if (handle is null)
            {
                return _pendingName;
            }

            try
            {
                if (handle.IsClosed || NativeMethods.ch_variable_name(handle, out nint name) != ChStatus.Ok || name == 0)
                {
                    return null;
                }

                string? text = Marshal.PtrToStringUTF8(name);
                return string.IsNullOrEmpty(text) ? null : text;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ThrowUnusable()
        {
            if (_handle is null)
            {
                throw new InvalidOperationException(
                    $"{Describe()} is not initialized yet: it has no data (initialize the parameter or run the link once).");
            }

            throw new ObjectDisposedException(GetType().Name, $"{Describe()} has been disposed.");
        }

        /// <summary>An array wrapper that is not registered with a memory scope (for internal reads).</summary>
        private readonly struct NdArrayNoScope : IDisposable
        {
            internal NdArrayNoScope(ArrayHandle handle)
            {
                Array = NdArray.Unregistered(handle);
            }

            internal NdArray Array { get; }

            public void Dispose() => Array.Dispose();
        }
    }
}
