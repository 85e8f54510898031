using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Chainer.Interop
{
    /// <summary>
    /// Finds the native library <c>chainer_native</c> for the generated P/Invoke declarations.
    /// </summary>
    /// <remarks>
    /// The search order is: the file named by the environment variable <c>CHAINER_NATIVE_PATH</c>,
    /// the directory of the managed assembly, <c>runtimes/&lt;rid&gt;/native/</c> under that directory
    /// (and under the application base directory), and finally the platform's default search.
    /// </remarks>
    internal static class NativeLibraryLoader
    {
        /// <summary>The library name used by the generated <c>[LibraryImport]</c> declarations.</summary>
        internal const string LibraryName = "chainer_native";

        /// <summary>The environment variable that names the native library file explicitly.</summary>
        internal const string PathVariable = "CHAINER_NATIVE_PATH";

        private static int s_initialized;

#pragma warning disable CA2255 // The library must install its resolver before any P/Invoke runs.
        /// <summary>Installs the resolver and the memory-pressure callback when the assembly loads.</summary>
        [ModuleInitializer]
        internal static void Initialize()
#pragma warning restore CA2255
        {
            if (Interlocked.Exchange(ref s_initialized, 1) != 0)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
            MemoryPressure.TryRegister();
        }

        private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (libraryName != LibraryName)
            {
                return 0;
            }

            string? explicitPath = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrEmpty(explicitPath))
            {
                if (!File.Exists(explicitPath))
                {
                    throw new DllNotFoundException(
                        $"{PathVariable} is set to '{explicitPath}', but no such file exists.");
                }

                return NativeLibrary.Load(Path.GetFullPath(explicitPath));
            }

            string fileName = PlatformFileName();
            foreach (string directory in CandidateDirectories(assembly))
            {
                string direct = Path.Combine(directory, fileName);
                if (File.Exists(direct) && NativeLibrary.TryLoad(direct, out nint handle))
                {
                    return handle;
                }

                string inRuntimes = Path.Combine(directory, "runtimes", RuntimeIdentifier(), "native", fileName);
                if (File.Exists(inRuntimes) && NativeLibrary.TryLoad(inRuntimes, out handle))
                {
                    return handle;
                }
            }

            if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out nint fallback))
            {
                return fallback;
            }

            return 0;
        }

        private static string[] CandidateDirectories(Assembly assembly)
        {
            string? assemblyDirectory = null;
            try
            {
                string location = assembly.Location;
                if (!string.IsNullOrEmpty(location))
                {
                    assemblyDirectory = Path.GetDirectoryName(location);
                }
            }
            catch (NotSupportedException)
            {
                assemblyDirectory = null;
            }

            string baseDirectory = AppContext.BaseDirectory;
            if (string.IsNullOrEmpty(assemblyDirectory) || PathsEqual(assemblyDirectory, baseDirectory))
            {
                return new[] { baseDirectory };
            }

            return new[] { assemblyDirectory, baseDirectory };
        }

        private static bool PathsEqual(string a, string b) =>
            string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar),
                          Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar),
                          StringComparison.Ordinal);

        /// <summary>The file name of the native library on this platform.</summary>
        internal static string PlatformFileName()
        {
            if (OperatingSystem.IsWindows())
            {
                return LibraryName + ".dll";
            }

            if (OperatingSystem.IsMacOS())
            {
                return "lib" + LibraryName + ".dylib";
            }

            return "lib" + LibraryName + ".so";
        }

        /// <summary>The NuGet runtime identifier of this process, e.g. <c>linux-x64</c>.</summary>
        internal static string RuntimeIdentifier()
        {
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            string arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "x86",
                Architecture.Arm => "arm",
                _ => RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            };
            return os + "-" + arch;
        }
    }
}
