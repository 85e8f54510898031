using System;
using System.Collections.Generic;
using Chainer.Interop;

namespace Chainer
{
#pragma warning disable CS8981 // Lower-case on purpose: `Chainer` is the namespace, so Python's module functions live in `chainer`.
    /// <summary>
    /// The module-level functions of Python's <c>chainer</c> package: <c>chainer.Grad(...)</c>,
    /// <c>chainer.NoBackpropMode()</c>, <c>chainer.ForceBackpropMode()</c>, and <c>chainer.NewScope()</c>.
    /// </summary>
    /// <remarks>
    /// The class is lower-case on purpose: <c>Chainer</c> is the namespace, and C# resolves
    /// <c>Chainer.Grad</c> to the namespace, as TorchSharp does with <c>torch</c>.
    /// </remarks>
    public static class chainer
#pragma warning restore CS8981
    {
        /// <summary>
        /// Computes the gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>
        /// (<c>chainer.grad</c>), without touching the <c>grad</c> of other variables.
        /// </summary>
        /// <param name="outputs">The variables to differentiate.</param>
        /// <param name="inputs">The variables to differentiate with respect to.</param>
        /// <param name="gradOutputs">
        /// The initial gradients of the outputs; null (or a null entry) means ones of the output's shape, for any shape.
        /// </param>
        /// <param name="gradInputs">Gradients added to the results (null entries add nothing).</param>
        /// <param name="setGrad">Also store each result as the input's <see cref="Variable.GradVar"/>.</param>
        /// <param name="retainGrad">Keep the gradients of intermediate variables.</param>
        /// <param name="enableDoubleBackprop">Record the backward computation so the results can be differentiated again.</param>
        /// <returns>One gradient per input, null where the input is not reachable from the outputs.</returns>
        /// <exception cref="ArgumentNullException">A list or an entry of <paramref name="outputs"/> / <paramref name="inputs"/> is null.</exception>
        /// <exception cref="ArgumentException">The lengths of the gradient lists do not match.</exception>
        public static unsafe Variable?[] Grad(
            IReadOnlyList<Variable> outputs,
            IReadOnlyList<Variable> inputs,
            IReadOnlyList<Variable?>? gradOutputs = null,
            IReadOnlyList<Variable?>? gradInputs = null,
            bool setGrad = false,
            bool retainGrad = false,
            bool enableDoubleBackprop = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            {
                throw new ArgumentException(
                    $"gradOutputs must have as many entries as outputs ({gradOutputs.Count} != {outputs.Count}).",
                    nameof(gradOutputs));
            }

            if (gradInputs is not null && gradInputs.Count != inputs.Count)
            {
                throw new ArgumentException(
                    $"gradInputs must have as many entries as inputs ({gradInputs.Count} != {inputs.Count}).",
                    nameof(gradInputs));
            }

            using HandleList outs = HandleList.FromVariables(outputs, allowNull: false, nameof(outputs));
            using HandleList ins = HandleList.FromVariables(inputs, allowNull: false, nameof(inputs));
            using HandleList gouts = gradOutputs is null ? new HandleList(0) : HandleList.FromVariables(gradOutputs, true, nameof(gradOutputs));
            using HandleList gins = gradInputs is null ? new HandleList(0) : HandleList.FromVariables(gradInputs, true, nameof(gradInputs));
            var raw = new nint[inputs.Count];
            fixed (nint* o = outs.Raw)
            fixed (nint* i = ins.Raw)
            fixed (nint* go = gouts.Raw)
            fixed (nint* gi = gins.Raw)
            fixed (nint* r = raw)
            {
                Ensure.Ok(NativeMethods.ch_grad(
                    o, outs.Count, i, ins.Count,
                    gradOutputs is null ? null : go, gouts.Count,
                    gradInputs is null ? null : gi, gins.Count,
                    setGrad ? 1 : 0, retainGrad ? 1 : 0, enableDoubleBackprop ? 1 : 0, r));
            }

            var result = new Variable?[raw.Length];
            for (int k = 0; k < raw.Length; k++)
            {
                result[k] = raw[k] == 0 ? null : new Variable(Handles.OwnVariable(raw[k]));
            }

            return result;
        }

        /// <summary>
        /// Disables graph recording on this thread until the result is disposed (<c>chainer.no_backprop_mode()</c>):
        /// outputs created inside have no creator and become new leaves.
        /// </summary>
        /// <returns>The object that restores the previous mode.</returns>
        public static IDisposable NoBackpropMode() => Config.Using(enableBackprop: false);

        /// <summary>
        /// Enables graph recording on this thread until the result is disposed (<c>chainer.force_backprop_mode()</c>),
        /// also inside <see cref="NoBackpropMode"/>.
        /// </summary>
        /// <returns>The object that restores the previous mode.</returns>
        public static IDisposable ForceBackpropMode() => Config.Using(enableBackprop: true);

        /// <summary>
        /// Opens a <see cref="MemoryScope"/> on this thread: arrays and variables created until it is disposed
        /// are disposed with it, except those passed to <see cref="MemoryScope.Keep{T}"/>.
        /// </summary>
        /// <returns>The scope; dispose it on the same thread.</returns>
        public static MemoryScope NewScope() => new MemoryScope();

        /// <summary>The number of live native storage buffers (<c>ch_live_storage_count</c>), for leak tests.</summary>
        /// <returns>The count.</returns>
        public static long LiveStorageCount()
        {
            Ensure.Ok(NativeMethods.ch_live_storage_count(out long count));
            return count;
        }

        /// <summary>The bytes held by live native storage buffers (<c>ch_live_storage_bytes</c>).</summary>
        /// <returns>The byte count.</returns>
        public static long LiveStorageBytes()
        {
            Ensure.Ok(NativeMethods.ch_live_storage_bytes(out long bytes));
            return bytes;
        }

        /// <summary>
        /// The threads the CPU kernels use (one pool for the whole process; products too large for one core are
        /// split across it, and OpenBLAS itself stays single-threaded). The default is the machine's processor
        /// count. Idle pool threads poll for work for 1 ms before they sleep; the environment variable
        /// <c>CHAINER_THREAD_SPIN_US</c> (microseconds, read at start-up, 0 to sleep at once) changes that.
        /// </summary>
        /// <exception cref="ChainerArgumentException">Set to a value outside [1, 1024].</exception>
        public static int NumThreads
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_get_num_threads(out int threads));
                return threads;
            }

            set => Ensure.Ok(NativeMethods.ch_set_num_threads(value));
        }

        /// <summary>The version of the native library, e.g. <c>0.1.0</c>.</summary>
        /// <returns>The version string.</returns>
        public static string NativeVersion()
        {
            Ensure.Ok(NativeMethods.ch_version(out nint version));
            return version == 0 ? string.Empty : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(version) ?? string.Empty;
        }
    }
}
