using System;
using System.Runtime.InteropServices;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// The memory counters of one CUDA device's caching pool (<see cref="Cuda.GetMemoryStats"/>), in bytes except
    /// for the two counts.
    /// </summary>
    /// <param name="Used">Bytes held by live arrays.</param>
    /// <param name="Cached">Bytes the pool keeps for reuse (freed by arrays, not yet returned to the driver).</param>
    /// <param name="Peak">The largest <paramref name="Used"/> since the last <see cref="Cuda.ResetPeakMemory"/>.</param>
    /// <param name="DeviceAllocations">How many times the pool has asked the driver for memory.</param>
    /// <param name="DeviceFrees">How many times the pool has returned memory to the driver.</param>
    public readonly record struct CudaMemoryStats(long Used, long Cached, long Peak, long DeviceAllocations, long DeviceFrees);

    /// <summary>
    /// CUDA devices: whether they can be used, their names, synchronization and the caching memory pool
    /// (the counterpart of <c>chainer.backends.cuda</c> and CuPy's memory pool functions).
    /// </summary>
    /// <remarks>
    /// Arrays are placed on a GPU with <see cref="NdArray.ToDevice(Device)"/>, <see cref="Variable.ToDevice(Device)"/>
    /// or <see cref="Link.ToDevice(Device)"/>. Kernels run asynchronously: a value read back to the host waits for
    /// them, but a timing must call <see cref="Synchronize"/> before reading the clock.
    /// </remarks>
    public static class Cuda
    {
        private static readonly object Gate = new object();
        private static volatile Availability? _availability;

        /// <summary>
        /// Whether a CUDA device can be used: the CUDA backend library was built and loads, a driver new enough for
        /// it is installed, and at least one device exists. The answer is computed once per process.
        /// </summary>
        public static bool IsAvailable => Query().Available;

        /// <summary>Why CUDA cannot be used (the native library's explanation), or null when it can.</summary>
        public static string? UnavailableReason => Query().Reason;

        /// <summary>The number of CUDA devices (0 when CUDA is not available).</summary>
        public static int DeviceCount
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_cuda_device_count(out int count));
                return count;
            }
        }

        private static Availability Query()
        {
            Availability? known = _availability;
            if (known is not null)
            {
                return known;
            }

            lock (Gate)
            {
                if (_availability is null)
                {
                    Ensure.Ok(NativeMethods.ch_cuda_available(out int available, out nint reason));
                    string? text = reason == 0 ? null : Marshal.PtrToStringUTF8(reason);
                    _availability = available != 0
                        ? new Availability(true, null)
                        : new Availability(false, string.IsNullOrEmpty(text) ? "CUDA is not available." : text);
                }

                return _availability;
            }
        }

        /// <summary>Throws the typed error, with the reason, that every device call gives without CUDA.</summary>
        private static void RequireAvailable()
        {
            Availability a = Query();
            if (!a.Available)
            {
                string reason = a.Reason ?? string.Empty;
                throw new DeviceException(reason.StartsWith("CUDA is not available", StringComparison.Ordinal) ? reason : "CUDA is not available: " + reason);
            }
        }

        /// <summary>The product name of a CUDA device (for example <c>"NVIDIA H100 80GB HBM3"</c>).</summary>
        /// <param name="device">The device ordinal.</param>
        /// <returns>The name.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="device"/> is negative.</exception>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device.</exception>
        public static string GetDeviceName(int device)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(device);
            RequireAvailable();
            Ensure.Ok(NativeMethods.ch_cuda_device_name(device, out nint name));
            return name == 0 ? string.Empty : Marshal.PtrToStringUTF8(name) ?? string.Empty;
        }

        /// <summary>Waits until every kernel and copy queued on the device has finished (<c>cudaDeviceSynchronize</c>).</summary>
        /// <param name="device">The device ordinal.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="device"/> is negative.</exception>
        /// <exception cref="DeviceException">CUDA is not available, there is no such device, or a queued kernel failed.</exception>
        public static void Synchronize(int device = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(device);
            RequireAvailable();
            Ensure.Ok(NativeMethods.ch_cuda_synchronize(device));
        }

        /// <summary>The counters of the device's caching memory pool.</summary>
        /// <param name="device">The device ordinal.</param>
        /// <returns>Bytes used, cached and peak; device allocations and releases.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="device"/> is negative.</exception>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device.</exception>
        public static CudaMemoryStats GetMemoryStats(int device = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(device);
            RequireAvailable();
            Ensure.Ok(NativeMethods.ch_cuda_memory_stats(device, out long used, out long cached, out long peak, out long allocations, out long frees));
            return new CudaMemoryStats(used, cached, peak, allocations, frees);
        }

        /// <summary>Starts a new peak: <see cref="CudaMemoryStats.Peak"/> becomes the bytes used now.</summary>
        /// <param name="device">The device ordinal.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="device"/> is negative.</exception>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device.</exception>
        public static void ResetPeakMemory(int device = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(device);
            RequireAvailable();
            Ensure.Ok(NativeMethods.ch_cuda_reset_peak_memory(device));
        }

        /// <summary>
        /// Returns the memory every device's pool keeps cached to the driver (CuPy's
        /// <c>free_all_blocks</c>), for example before handing the GPU to another process. Memory held by live
        /// arrays stays; dispose them first (<see cref="NdArray.Dispose"/>, <see cref="MemoryScope"/>) to release it.
        /// Does nothing when CUDA is not available.
        /// </summary>
        public static void FreeCachedMemory()
        {
            if (!IsAvailable)
            {
                return;
            }

            Ensure.Ok(NativeMethods.ch_cuda_free_cached_memory(-1));
        }

        private sealed record Availability(bool Available, string? Reason);
    }
}
