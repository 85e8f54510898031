using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Chainer.Interop
{
    /// <summary>
    /// Raw handle values for a native <c>ch_x* const*</c> argument. Each non-null handle is kept alive with
    /// <see cref="SafeHandle.DangerousAddRef"/> until <see cref="Dispose"/> releases it.
    /// </summary>
    internal sealed class HandleList : IDisposable
    {
        private readonly SafeHandle?[] _added;

        /// <summary>Creates a list of <paramref name="count"/> entries, all NULL.</summary>
        /// <param name="count">The number of entries.</param>
        internal HandleList(int count)
        {
            Raw = count == 0 ? Array.Empty<nint>() : new nint[count];
            _added = count == 0 ? Array.Empty<SafeHandle?>() : new SafeHandle?[count];
        }

        /// <summary>The raw handle values to pass to native code (pin with <c>fixed</c>).</summary>
        internal nint[] Raw { get; }

        /// <summary>The number of entries.</summary>
        internal int Count => Raw.Length;

        /// <summary>Sets entry <paramref name="index"/> to <paramref name="handle"/> (NULL when null) and keeps it alive.</summary>
        /// <param name="index">The entry.</param>
        /// <param name="handle">The handle, or null.</param>
        internal void Set(int index, SafeHandle? handle)
        {
            if (handle is null)
            {
                Raw[index] = 0;
                return;
            }

            bool added = false;
            handle.DangerousAddRef(ref added);
            if (added)
            {
                _added[index] = handle;
            }

            Raw[index] = handle.DangerousGetHandle();
        }

        /// <summary>Builds the list from variables; null entries stay NULL when <paramref name="allowNull"/>.</summary>
        /// <param name="variables">The variables.</param>
        /// <param name="allowNull">Whether null entries are allowed.</param>
        /// <param name="paramName">The argument name used in errors.</param>
        /// <returns>The list; dispose it after the native call.</returns>
        internal static HandleList FromVariables(IReadOnlyList<Variable?> variables, bool allowNull, string paramName)
        {
            var list = new HandleList(variables.Count);
            try
            {
                for (int i = 0; i < variables.Count; i++)
                {
                    Variable? v = variables[i];
                    if (v is null)
                    {
                        if (!allowNull)
                        {
                            throw new ArgumentNullException(paramName, $"{paramName}[{i}] is null.");
                        }

                        continue;
                    }

                    list.Set(i, v.Handle);
                }
            }
            catch
            {
                list.Dispose();
                throw;
            }

            return list;
        }

        /// <summary>Releases the references taken by <see cref="Set"/>.</summary>
        public void Dispose()
        {
            for (int i = 0; i < _added.Length; i++)
            {
                SafeHandle? h = _added[i];
                if (h is not null)
                {
                    _added[i] = null;
                    h.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Helpers for single nullable handles and handles returned as raw values.</summary>
    internal static class Handles
    {
        /// <summary>
        /// Returns the raw value of <paramref name="handle"/> (0 for null) after taking a reference that
        /// <see cref="Release"/> gives back.
        /// </summary>
        /// <param name="handle">The handle, or null.</param>
        /// <param name="added">Set when a reference was taken.</param>
        /// <returns>The raw handle value.</returns>
        internal static nint AddRef(SafeHandle? handle, ref bool added)
        {
            if (handle is null)
            {
                return 0;
            }

            handle.DangerousAddRef(ref added);
            return handle.DangerousGetHandle();
        }

        /// <summary>Gives back a reference taken by <see cref="AddRef"/>.</summary>
        /// <param name="handle">The handle, or null.</param>
        /// <param name="added">Whether a reference was taken.</param>
        internal static void Release(SafeHandle? handle, bool added)
        {
            if (added && handle is not null)
            {
                handle.DangerousRelease();
            }
        }

        /// <summary>Wraps a raw variable handle that the caller owns.</summary>
        /// <param name="raw">The raw handle (not NULL).</param>
        /// <returns>The owning SafeHandle.</returns>
        internal static VariableHandle OwnVariable(nint raw)
        {
            return new VariableHandle(raw);
        }
    }
}
