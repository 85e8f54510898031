using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using Chainer.Interop;

namespace Chainer.UserFunctions
{
    /// <summary>
    /// The native side of user-defined functions: the callbacks given to <c>ch_function_record</c>, the
    /// GCHandles that keep <see cref="FunctionNode"/> objects alive while their graph node exists, and the
    /// exception a failing <see cref="FunctionNode"/> backward left behind.
    /// </summary>
    internal static unsafe class UserFunctionBridge
    {
        /// <summary>The most inputs or outputs a recorded function may have (the native limit).</summary>
        internal const int MaxArity = 32;

        private static long s_live;

        /// <summary>The number of user-defined function objects held by graph nodes (GCHandles not yet freed).</summary>
        internal static long LiveCount => Interlocked.Read(ref s_live);

        /// <summary>The backward callback, <c>ch_backward_callback</c>.</summary>
        internal static delegate* unmanaged[Cdecl]<void*, nint, int, nint, int, nint, int*, nint, int> BackwardPointer => &BackwardCallback;

        /// <summary>The release callback, <c>ch_release_callback</c>.</summary>
        internal static delegate* unmanaged[Cdecl]<void*, void> ReleasePointer => &ReleaseCallback;

        /// <summary>Allocates the GCHandle the graph keeps for <paramref name="node"/>; the release callback frees it.</summary>
        /// <param name="node">The function object.</param>
        /// <returns>The handle as user data.</returns>
        internal static nint Pin(FunctionNode node)
        {
            GCHandle handle = GCHandle.Alloc(node);
            Interlocked.Increment(ref s_live);
            return GCHandle.ToIntPtr(handle);
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        private static void ReleaseCallback(void* userData)
        {
            try
            {
                if (userData != null)
                {
                    GCHandle.FromIntPtr((nint)userData).Free();
                    Interlocked.Decrement(ref s_live);
                }
            }
            catch
            {
                // Never let an exception reach native code.
            }
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        private static int BackwardCallback(
            void* userData, nint gradOutputs, int nOutputs, nint inputs, int nInputs, nint outputs, int* targetMask, nint gradInputs)
        {
            // The argument handles are ours from here on: wrap them first, so each is freed exactly once.
            VariableHandle?[] gys = Own((nint*)gradOutputs, nOutputs);
            VariableHandle?[] xs = Own((nint*)inputs, nInputs);
            VariableHandle?[] ys = Own((nint*)outputs, nOutputs);
            FunctionNode? node = null;
            try
            {
                node = (FunctionNode)GCHandle.FromIntPtr((nint)userData).Target!;
                int targets = 0;
                for (int i = 0; i < nInputs; i++)
                {
                    targets += targetMask[i] != 0 ? 1 : 0;
                }

                if (targets == 0)
                {
                    return 0;
                }

                var targetIndexes = new int[targets];
                for (int i = 0, k = 0; i < nInputs; i++)
                {
                    if (targetMask[i] != 0)
                    {
                        targetIndexes[k++] = i;
                    }
                }

                nint[] results = RunBackward(node, gys, xs, ys, targetIndexes);
                nint* gx = (nint*)gradInputs;
                for (int k = 0; k < targetIndexes.Length; k++)
                {
                    gx[targetIndexes[k]] = results[k];
                }

                return 0;
            }
            catch (Exception e)
            {
                Report(node, e);
                return 1;
            }
            finally
            {
                DisposeAll(gys);
                DisposeAll(xs);
                DisposeAll(ys);
            }
        }

        /// <summary>Calls the user's backward inside a memory scope and returns new native handles of the results.</summary>
        private static nint[] RunBackward(FunctionNode node, VariableHandle?[] gys, VariableHandle?[] xs, VariableHandle?[] ys, int[] targetIndexes)
        {
            var taken = new VariableHandle?[targetIndexes.Length];
            try
            {
                // Temporaries made by the user's Backward (and the wrappers of the arguments) are disposed with
                // the scope; the returned gradients survive through the new handles taken below.
                using (MemoryScope scope = chainer.NewScope())
                {
                    Variable?[] gradOutputs = Wrap(gys);
                    Variable?[] inputs = Wrap(xs);
                    Variable?[] outputs = Wrap(ys);
                    Variable?[] gxs = node.InvokeBackward(gradOutputs, inputs, outputs, targetIndexes);
                    for (int k = 0; k < gxs.Length; k++)
                    {
                        Variable? g = gxs[k];
                        if (g is not null)
                        {
                            Ensure.Ok(NativeMethods.ch_variable_retain(g.Handle, out VariableHandle h));
                            taken[k] = h;
                        }
                    }
                }

                var raw = new nint[taken.Length];
                for (int k = 0; k < taken.Length; k++)
                {
                    VariableHandle? h = taken[k];
                    if (h is not null)
                    {
                        raw[k] = h.DangerousGetHandle();
                        h.SetHandleAsInvalid(); // the library takes the handle over
                    }
                }

                return raw;
            }
            catch
            {
                DisposeAll(taken);
                throw;
            }
        }

        private static void Report(FunctionNode? node, Exception e)
        {
            try
            {
                string label;
                try
                {
                    label = node?.Label ?? "UserFunction";
                }
                catch (Exception)
                {
                    label = node?.GetType().Name ?? "UserFunction";
                }

                ChStatus status = StatusOf(e);
                string message = e is ChainerException or ArgumentNullException
                    ? e.Message
                    : $"{e.GetType().FullName} in {label}.Backward: {e.Message}";
                UserFunctionErrors.Set(e, message);
                NativeMethods.ch_set_error(status, message);
            }
            catch
            {
                // Never let an exception reach native code; the library reports a generic failure.
            }
        }

        /// <summary>The native status that stands for <paramref name="e"/> where the exception itself cannot travel.</summary>
        /// <param name="e">The exception.</param>
        /// <returns>The status code.</returns>
        internal static ChStatus StatusOf(Exception e) => e switch
        {
            ChainerException ce when ce.Status != ChainerStatus.Ok => (ChStatus)(int)ce.Status,
            ArgumentNullException => ChStatus.ErrorNullArgument,
            ArgumentException => ChStatus.ErrorInvalidArgument,
            NotSupportedException or NotImplementedException => ChStatus.ErrorNotSupported,
            OutOfMemoryException => ChStatus.ErrorOutOfMemory,
            _ => ChStatus.ErrorGradient,
        };

        private static VariableHandle?[] Own(nint* raw, int count)
        {
            var handles = new VariableHandle?[count];
            for (int i = 0; i < count; i++)
            {
                if (raw != null && raw[i] != 0)
                {
                    handles[i] = Handles.OwnVariable(raw[i]);
                }
            }

            return handles;
        }

        private static Variable?[] Wrap(VariableHandle?[] handles)
        {
            var vars = new Variable?[handles.Length];
            for (int i = 0; i < handles.Length; i++)
            {
                VariableHandle? h = handles[i];
                if (h is not null)
                {
                    // The wrapper shares the callback's handle (disposing a SafeHandle twice is harmless).
                    vars[i] = new Variable(h);
                }
            }

            return vars;
        }

        private static void DisposeAll(SafeHandle?[] handles)
        {
            foreach (SafeHandle? h in handles)
            {
                h?.Dispose();
            }
        }
    }

    /// <summary>
    /// The exception thrown by the <see cref="FunctionNode"/> backward that failed last on this thread, kept so
    /// that the native error it became can be turned back into it.
    /// </summary>
    internal static class UserFunctionErrors
    {
        [ThreadStatic]
        private static Exception? t_exception;

        [ThreadStatic]
        private static string? t_message;

        /// <summary>Records <paramref name="exception"/>, reported to native code with <paramref name="message"/>.</summary>
        internal static void Set(Exception exception, string message)
        {
            t_exception = exception;
            t_message = message;
        }

        /// <summary>
        /// Returns (and forgets) the exception recorded on this thread when <paramref name="nativeMessage"/> is the
        /// message it was reported with, so that an unrelated native failure never picks it up.
        /// </summary>
        /// <param name="nativeMessage">The message of the native failure being turned into an exception.</param>
        /// <returns>The user's exception, or null.</returns>
        internal static Exception? TryTake(string nativeMessage)
        {
            Exception? e = t_exception;
            if (e is null)
            {
                return null;
            }

            if (!string.Equals(nativeMessage, t_message, StringComparison.Ordinal))
            {
                return null;
            }

            t_exception = null;
            t_message = null;
            return e;
        }

        /// <summary>Forgets the recorded exception.</summary>
        internal static void Clear()
        {
            t_exception = null;
            t_message = null;
        }

        /// <summary>The recorded exception without taking it (for tests).</summary>
        internal static Exception? Peek => t_exception;
    }
}
