using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Chainer.Interop
{
    /// <summary>
    /// Reports the bytes held by native host storage to the garbage collector
    /// (<see cref="GC.AddMemoryPressure"/> / <see cref="GC.RemoveMemoryPressure"/>), so that
    /// finalizers of forgotten arrays run when native memory grows.
    /// </summary>
    internal static class MemoryPressure
    {
        /// <summary>The smallest change, in bytes, the native library reports at once (1 MiB).</summary>
        internal const long Granularity = 1L << 20;

        private static long s_reported;

        /// <summary>The net number of bytes currently reported to the GC.</summary>
        internal static long Reported => Interlocked.Read(ref s_reported);

        /// <summary>Registers the callback; does nothing when the native library cannot be loaded yet.</summary>
        /// <returns><c>true</c> when the callback was registered.</returns>
        internal static unsafe bool TryRegister()
        {
            try
            {
                return NativeMethods.ch_set_memory_callback(&OnMemoryChanged, Granularity) == ChStatus.Ok;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return false;
            }
        }

        [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
        private static void OnMemoryChanged(long deltaBytes)
        {
            // No exception may escape into native code.
            try
            {
                if (deltaBytes > 0)
                {
                    Interlocked.Add(ref s_reported, deltaBytes);
                    GC.AddMemoryPressure(deltaBytes);
                }
                else if (deltaBytes < 0)
                {
                    long remove = -deltaBytes;
                    Interlocked.Add(ref s_reported, deltaBytes);
                    GC.RemoveMemoryPressure(remove);
                }
            }
            catch
            {
                // Ignore: memory pressure is only a hint.
            }
        }
    }
}
