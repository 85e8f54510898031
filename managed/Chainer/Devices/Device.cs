using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>The kind of memory a <see cref="Device"/> stands for.</summary>
    public enum DeviceKind
    {
        /// <summary>Host memory, worked on by the CPU backend (Chainer's <c>@numpy</c>).</summary>
        Cpu,

        /// <summary>The memory of one CUDA GPU (Chainer's <c>@cupy:N</c>).</summary>
        Cuda,
    }

    /// <summary>
    /// A device that holds arrays (<c>chainer.backend.Device</c>, as returned by <c>chainer.get_device</c>): the CPU
    /// (<see cref="Cpu"/>, named <c>"@numpy"</c>) or CUDA device N (named <c>"@cupy:N"</c>).
    /// </summary>
    /// <remarks>
    /// <para>Obtain one with <see cref="Get(string)"/>; two devices are equal when their canonical <see cref="Name"/>s
    /// are. The specifiers understood are <c>"@numpy"</c>, <c>"cpu"</c>, <c>"native"</c> and <c>"native:0"</c> for the
    /// CPU, and <c>"@cupy:N"</c>, <c>"@cuda:N"</c>, <c>"cuda:N"</c> and <c>"gpu:N"</c> for CUDA device N (<c>":N"</c> may be
    /// left out for device 0).</para>
    /// <para>The CUDA backend is a separate native library loaded the first time a CUDA device is asked for; when it
    /// cannot be used (no backend built, no driver, no device) <see cref="Get(string)"/> throws a
    /// <see cref="DeviceException"/> carrying the reason, which <see cref="Cuda.UnavailableReason"/> also gives.</para>
    /// </remarks>
    public sealed class Device : IEquatable<Device>
    {
        private const string CpuName = "@numpy";
        private const string CudaPrefix = "@cupy:";

        // The spellings of a CUDA device, each optionally followed by ":N".
        private static readonly string[] CudaSpecifierPrefixes = { "@cupy", "@cuda", "cuda", "gpu" };

        // Devices already resolved, by canonical name: resolving a CUDA device loads and checks the backend once.
        private static readonly ConcurrentDictionary<string, Device> ByName = new ConcurrentDictionary<string, Device>(StringComparer.Ordinal);

        // The native library returns the same name pointer for every array of a device (it is the device's own
        // string), so the pointer identifies the device without reading or allocating a string.
        private static readonly ConcurrentDictionary<nint, Device> ByNativeName = new ConcurrentDictionary<nint, Device>();

        private Device(string name, DeviceKind kind, int id)
        {
            Name = name;
            Kind = kind;
            Id = id;
        }

        /// <summary>The CPU (<c>"@numpy"</c>), where arrays are created unless a device is given.</summary>
        public static Device Cpu { get; } = new Device(CpuName, DeviceKind.Cpu, -1);

        /// <summary>The canonical name, as Chainer prints it: <c>"@numpy"</c> or <c>"@cupy:N"</c>.</summary>
        public string Name { get; }

        /// <summary>Whether this is the CPU or a CUDA device.</summary>
        public DeviceKind Kind { get; }

        /// <summary>The CUDA device ordinal, or -1 for the CPU (Chainer's convention for <c>to_device(-1)</c>).</summary>
        public int Id { get; }

        /// <summary>Whether this is the CPU.</summary>
        public bool IsCpu => Kind == DeviceKind.Cpu;

        /// <summary>Whether this is a CUDA device.</summary>
        public bool IsCuda => Kind == DeviceKind.Cuda;

        /// <summary>Compares two devices by name.</summary>
        /// <param name="left">The first device, or null.</param>
        /// <param name="right">The second device, or null.</param>
        /// <returns>True when both are null or name the same device.</returns>
        public static bool operator ==(Device? left, Device? right) =>
            ReferenceEquals(left, right) || (left is not null && left.Equals(right));

        /// <summary>Compares two devices by name.</summary>
        /// <param name="left">The first device, or null.</param>
        /// <param name="right">The second device, or null.</param>
        /// <returns>True when they name different devices.</returns>
        public static bool operator !=(Device? left, Device? right) => !(left == right);

        /// <summary>
        /// The device named by a Chainer device specifier (<c>chainer.get_device</c>).
        /// </summary>
        /// <param name="device">A specifier such as <c>"@numpy"</c>, <c>"cpu"</c>, <c>"@cupy:0"</c> or <c>"@cuda:1"</c>.</param>
        /// <returns>The device (the same object for every call naming it).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="device"/> is null.</exception>
        /// <exception cref="ArgumentException">The text is not a device specifier.</exception>
        /// <exception cref="DeviceException">A CUDA device that cannot be used here; the message gives the reason.</exception>
        public static Device Get(string device)
        {
            ArgumentNullException.ThrowIfNull(device);
            int id = Parse(device);
            return id < 0 ? Cpu : GetCuda(id);
        }

        /// <summary>The device with a Chainer integer id: -1 is the CPU, N ≥ 0 is CUDA device N.</summary>
        /// <param name="id">The id.</param>
        /// <returns>The device.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is less than -1.</exception>
        /// <exception cref="DeviceException">A CUDA device that cannot be used here.</exception>
        public static Device Get(int id)
        {
            if (id < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(id), id, "A device id is -1 (the CPU) or a CUDA device ordinal (0 or more).");
            }

            return id < 0 ? Cpu : GetCuda(id);
        }

        /// <summary>CUDA device <paramref name="id"/> (<c>"@cupy:id"</c>).</summary>
        /// <param name="id">The device ordinal.</param>
        /// <returns>The device.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is negative.</exception>
        /// <exception cref="DeviceException">CUDA is not available or has no such device.</exception>
        public static Device Gpu(int id = 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id);
            return GetCuda(id);
        }

        /// <inheritdoc/>
        public bool Equals(Device? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Device d && Equals(d);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

        /// <summary>The canonical name (<c>"@numpy"</c>, <c>"@cupy:0"</c>).</summary>
        /// <returns><see cref="Name"/>.</returns>
        public override string ToString() => Name;

        /// <summary>The device whose canonical name the native library returned as <paramref name="name"/>.</summary>
        internal static Device FromNative(nint name)
        {
            if (ByNativeName.TryGetValue(name, out Device? known))
            {
                return known;
            }

            string text = name == 0 ? CpuName : Marshal.PtrToStringUTF8(name) ?? CpuName;
            Device device = FromCanonical(text);
            ByNativeName.TryAdd(name, device);
            return device;
        }

        /// <summary>The device of the native array <paramref name="array"/> (one native call, no allocation once seen).</summary>
        internal static Device Of(ArrayHandle array)
        {
            Ensure.Ok(NativeMethods.ch_array_device(array, out nint name));
            return FromNative(name);
        }

        /// <summary>The CPU ordinal -1 or the CUDA ordinal named by <paramref name="spec"/>; throws for anything else.</summary>
        private static int Parse(string spec)
        {
            switch (spec)
            {
                case "@numpy":
                case "cpu":
                case "native":
                case "native:0":
                    return -1;
            }

            foreach (string prefix in CudaSpecifierPrefixes)
            {
                if (!spec.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                string rest = spec.Substring(prefix.Length);
                if (rest.Length == 0)
                {
                    return 0;
                }

                // Only ":N" with plain decimal digits: "@cupy:+1" or "@cupy: 1" are rejected, as Chainer does.
                if (rest[0] == ':' && rest.Length > 1 && rest.Length <= 10 && IsDigits(rest.AsSpan(1)) &&
                    int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                {
                    return id;
                }

                break;
            }

            throw new ArgumentException(
                $"Invalid device specifier: '{spec}'. Use \"@numpy\" (or \"cpu\") for the CPU and \"@cupy:N\" " +
                "(or \"@cuda:N\", \"cuda:N\", \"gpu:N\") for CUDA device N.", "device");
        }

        private static bool IsDigits(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (c is < '0' or > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static Device GetCuda(int id)
        {
            string canonical = CudaPrefix + id.ToString(CultureInfo.InvariantCulture);
            if (ByName.TryGetValue(canonical, out Device? known))
            {
                return known;
            }

            // Loads the backend on first use and checks the ordinal; throws DeviceException with the reason.
            Ensure.Ok(NativeMethods.ch_device_resolve(canonical, out nint resolved));
            string name = resolved == 0 ? canonical : Marshal.PtrToStringUTF8(resolved) ?? canonical;
            return FromCanonical(name);
        }

        private static Device FromCanonical(string name)
        {
            int id;
            try
            {
                id = Parse(name);
            }
            catch (ArgumentException e)
            {
                throw new ChainerInternalException($"The native library named an unknown device '{name}'.", e);
            }

            if (id < 0)
            {
                return Cpu;
            }

            // Whatever spelling the core uses, the managed name is Chainer's canonical "@cupy:N".
            string canonical = CudaPrefix + id.ToString(CultureInfo.InvariantCulture);
            return ByName.GetOrAdd(canonical, n => new Device(n, DeviceKind.Cuda, id));
        }
    }
}
