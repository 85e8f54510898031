using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Chainer.Benchmarks.Overhead;

/// <summary>What the run happened on: CPU (lscpu), load, runtime, and our native library's thread count.</summary>
internal static class Machine
{
    public static JsonObject Describe(string root)
    {
        var lscpu = Lscpu();
        string flags = lscpu.GetValueOrDefault("Flags", "");
        var simd = new[] { "avx512f", "avx512bw", "avx512_bf16", "avx2", "fma", "avx" }
            .Where(f => (" " + flags + " ").Contains(" " + f + " ", StringComparison.Ordinal)).ToArray();
        var o = new JsonObject
        {
            ["cpu_model"] = lscpu.GetValueOrDefault("Model name", CpuModelFromProc()),
            ["cpus"] = Environment.ProcessorCount,
            ["threads_per_core"] = lscpu.GetValueOrDefault("Thread(s) per core", ""),
            ["cores_per_socket"] = lscpu.GetValueOrDefault("Core(s) per socket", ""),
            ["cpu_family_model"] = $"{lscpu.GetValueOrDefault("CPU family", "?")}/{lscpu.GetValueOrDefault("Model", "?")}",
            ["l2"] = lscpu.GetValueOrDefault("L2 cache", ""),
            ["l3"] = lscpu.GetValueOrDefault("L3 cache", ""),
            ["hypervisor"] = lscpu.GetValueOrDefault("Hypervisor vendor", ""),
            ["simd"] = string.Join(" ", simd),
            ["memory_gib"] = Math.Round(MemTotalKiB() / 1048576.0, 1),
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
            ["openblas_coretype_env"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE"),
            ["omp_num_threads_env"] = Environment.GetEnvironmentVariable("OMP_NUM_THREADS"),
            ["openblas_num_threads_env"] = Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS"),
            ["loadavg_start"] = LoadAverage(),
            ["git"] = Git(root, "rev-parse", "--short", "HEAD"),
            ["git_dirty_files"] = Git(root, "status", "--porcelain")?.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length,
        };
        return o;
    }

    public static string Summary(JsonObject m) =>
        $"{m["cpu_model"]} ({m["cpu_family_model"]}), {m["cpus"]} CPUs ({m["cores_per_socket"]} cores x {m["threads_per_core"]} threads), " +
        $"{m["simd"]}, L2 {m["l2"]}, L3 {m["l3"]}{(string.IsNullOrEmpty((string?)m["hypervisor"]) ? "" : ", " + m["hypervisor"] + " guest")}, " +
        $"{m["memory_gib"]} GiB; {m["os"]}; .NET {m["dotnet"]}";

    /// <summary>The 1-minute load average (other work on the machine inflates and spreads the numbers).</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static Dictionary<string, string> Lscpu()
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        string? text = Run("lscpu");
        foreach (string line in (text ?? "").Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                d.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return d;
    }

    private static string CpuModelFromProc()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemTotalKiB()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static string? Git(string root, params string[] args) => Run("git", new[] { "-C", root }.Concat(args).ToArray())?.Trim();

    public static string? Run(string program, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            psi.Environment["LC_ALL"] = "C";
            using var p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Threads of our CPU backend (and of the OpenBLAS inside it), from ch_get_num_threads.</summary>
    public static unsafe int OurThreads()
    {
        try
        {
            string path = Environment.GetEnvironmentVariable("CHAINER_NATIVE_PATH") is { Length: > 0 } p
                ? p
                : Path.Combine(AppContext.BaseDirectory, "libchainer_native.so");
            nint lib = NativeLibrary.Load(path);
            var get = (delegate* unmanaged[Cdecl]<int*, int>)NativeLibrary.GetExport(lib, "ch_get_num_threads");
            int n = 0;
            return get(&n) == 0 ? n : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or ArgumentException)
        {
            return -1;
        }
    }
}
