// The benchmark suite of `./build.sh bench` (issue 6; docs/benchmarks.md). The project keeps its first name,
// Overhead, from when it measured only the per-op cost; it now runs six workloads, each for Chainer.Native and,
// in the same run and alternating with it, for its peers: the C limits (cblas_sgemm called directly, a plain C
// loop; build/bench/limits from benchmarks/limits/limits.c), PyTorch and, when CHAINER_SRC names its source
// tree, real Chainer (benchmarks/peers/peer.py). It prints medians, spread (IQR, min..max), the ratio
// ours/reference and whether issue 6's target is met, and writes benchmarks/results/latest.json (and .md).
//
// OpenBLAS reads OPENBLAS_CORETYPE when it loads, so each core-type setting runs in a fresh worker process
// (this program with --worker), and the peers it starts inherit the same environment: first the environment as
// it is, then, when it sets OPENBLAS_CORETYPE, with it unset (the OpenBLAS-bound workloads only).
//
//   ./build.sh bench [options]
//   dotnet benchmarks/Overhead/bin/Release/net10.0/Overhead.dll [options]
//
// Options: --quick (or CHAINER_BENCH_QUICK=1), --rounds N, --only sgemm,elementwise,overhead,mlp,cnn,lstm,
//   --no-peer, --coretype NAME (an extra OPENBLAS_CORETYPE setting to run; repeatable), --no-unset,
//   --chain N (ops per chain, 100), --chain-reps N (chains per round, 200), --gap-ms N (pause after each
//   implementation's batch so OpenBLAS's spinning threads settle, 120; not for the tiny-op chains), --python PATH,
//   --peer-script PATH, --limits PATH, --chainer-src DIR, --json PATH, --root DIR.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chainer.Benchmarks.Overhead;

internal static class Program
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static int Main(string[] args)
    {
        // The GPU suite is its own mode (GpuSuite.cs): one process, peers on the same GPU.
        if (Array.IndexOf(args, "--gpu") >= 0)
        {
            return GpuSuite.RunAll(args.Where(a => a != "--gpu").ToArray());
        }

        Options? options = Options.Parse(args);
        if (options is null)
        {
            return 2;
        }

        return options.WorkerConfig is null ? Orchestrate(options, args) : Worker(options);
    }

    // ------------------------------------------------------------------------------------------
    // parent: one worker process per OPENBLAS_CORETYPE setting, then the combined table and JSON

    private static int Orchestrate(Options o, string[] args)
    {
        var started = DateTime.UtcNow;
        JsonObject machine = Machine.Describe(o.Root);
        Console.WriteLine("Chainer.Native benchmarks (issue 6): ours against the C limits, PyTorch and Chainer, alternating in one run");
        Console.WriteLine($"  machine: {Machine.Summary(machine)}");
        Console.WriteLine($"  load average at start: {machine["loadavg_start"]} (other work on the machine makes numbers noisy; compare only within one run)");
        Console.WriteLine($"  {(o.Quick ? "QUICK run: " : "")}{o.Rounds} rounds after a warm-up round; workloads: {string.Join(", ", o.Only)}");

        string? envCore = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE");
        var configs = new List<(string Name, string? CoreType, bool BlasOnly)>();
        if (!string.IsNullOrEmpty(envCore))
        {
            configs.Add(($"OPENBLAS_CORETYPE={envCore} (as the environment sets it)", envCore, false));
            if (!o.NoUnset)
            {
                configs.Add(("OPENBLAS_CORETYPE unset", null, true));
            }
        }
        else
        {
            configs.Add(("OPENBLAS_CORETYPE unset (the environment sets none)", null, false));
        }

        foreach (string extra in o.ExtraCoreTypes)
        {
            configs.Add(($"OPENBLAS_CORETYPE={extra}", extra, true));
        }

        var parts = new JsonArray();
        string tmp = Path.Combine(Path.GetTempPath(), $"chainer-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(tmp);
        int failures = 0;
        for (int i = 0; i < configs.Count; i++)
        {
            var (name, core, blasOnly) = configs[i];
            string part = Path.Combine(tmp, $"part{i}.json");
            Console.WriteLine();
            Console.WriteLine($"=== configuration {i + 1}/{configs.Count}: {name}{(blasOnly ? " (OpenBLAS-bound workloads only)" : "")} ===");
            int rc = RunWorker(args, name, core, blasOnly, part);
            if (rc != 0 || !File.Exists(part))
            {
                Console.WriteLine($"  the worker for this configuration failed (exit code {rc})");
                failures++;
                continue;
            }

            parts.Add(JsonNode.Parse(File.ReadAllText(part)));
        }

        Directory.Delete(tmp, recursive: true);
        machine["loadavg_end"] = Machine.LoadAverage();
        var result = new JsonObject
        {
            ["started_utc"] = started.ToString("o", CultureInfo.InvariantCulture),
            ["seconds"] = Math.Round((DateTime.UtcNow - started).TotalSeconds, 1),
            ["quick"] = o.Quick,
            ["rounds"] = o.Rounds,
            ["machine"] = machine,
            ["configurations"] = parts,
        };

        var md = new System.Text.StringBuilder();
        md.AppendLine($"Machine: {Machine.Summary(machine)}.");
        md.AppendLine($"Load average at start / end: {machine["loadavg_start"]} / {machine["loadavg_end"]}. Run took {result["seconds"]} s{(o.Quick ? " (quick run)" : "")}.");
        foreach (JsonNode? part in parts)
        {
            if (part is null)
            {
                continue;
            }

            var rows = (part["rows"] as JsonArray ?? new JsonArray()).Where(r => r is not null).Select(r => Report.FromJson(r!)).ToList();
            Console.WriteLine();
            Console.WriteLine($"=== {part["config"]} ===");
            Console.WriteLine($"  {part["summary"]}");
            Console.WriteLine("  ratio: ours/C (higher is better) for GFLOP/s and GB/s; ours/fastest PyTorch setting (lower is better) for times;");
            Console.WriteLine("  C limit of the MLP rows: the step's eight GEMMs alone through cblas_sgemm.");
            Console.WriteLine();
            Console.Write(Report.Table(rows));
            md.AppendLine();
            md.AppendLine($"**{part["config"]}**: {part["summary"]}");
            md.AppendLine();
            md.Append(Report.Markdown(rows));
            md.AppendLine();
            md.AppendLine("Medians; ours IQR is the interquartile range of our samples. ratio: ours/C limit for GFLOP/s and GB/s " +
                "(higher is better), ours/fastest PyTorch setting for times (lower is better); the tiny-op targets are absolute. " +
                "C limit of the MLP rows: the step's eight GEMMs alone through cblas_sgemm.");
        }

        string json = Path.GetFullPath(o.Json);
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        File.WriteAllText(json, result.ToJsonString(Indented) + "\n");
        File.WriteAllText(Path.ChangeExtension(json, ".md"), md.ToString());
        Console.WriteLine();
        Console.WriteLine($"results: {json} (and {Path.ChangeExtension(json, ".md")}); {result["seconds"]} s");
        return failures == 0 ? 0 : 1;
    }

    private static int RunWorker(string[] args, string name, string? coreType, bool blasOnly, string part)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--worker");
        psi.ArgumentList.Add(name);
        psi.ArgumentList.Add("--part");
        psi.ArgumentList.Add(part);
        if (blasOnly)
        {
            psi.ArgumentList.Add("--blas-only");
        }

        if (coreType is null)
        {
            psi.Environment.Remove("OPENBLAS_CORETYPE");
        }
        else
        {
            psi.Environment["OPENBLAS_CORETYPE"] = coreType;
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("the worker did not start");
        p.WaitForExit();
        return p.ExitCode;
    }

    // ------------------------------------------------------------------------------------------
    // worker: the workloads under one environment

    private static int Worker(Options o)
    {
        var started = DateTime.UtcNow;
        string loadStart = Machine.LoadAverage();
        using var ctx = new Context(o);
        var peers = new JsonObject();
        StartPeers(ctx, peers);

        // our library loads here; the C helper links the same static OpenBLAS, so it reports our core too
        using (var warm = new Variable(NdArray.Ones(new long[] { 2, 2 })))
        {
            Functions.MatMul(warm, warm).Dispose();
        }

        int ourThreads = Machine.OurThreads();
        string core = ctx.C is null ? "unknown (no C helper)" : PeerProcess.Str(ctx.C.Info, "openblas_core") ?? "?";
        string torchCore = ctx.Torch is null ? "-" : PeerProcess.Str(ctx.Torch.Info, "openblas_core") ?? "?";
        string summary = $"ours: Chainer.Native {chainer.NativeVersion()}, {ourThreads} threads (kernels and OpenBLAS), OpenBLAS core {core}; " +
            (ctx.Torch is null ? $"PyTorch unavailable ({ctx.PeerErrors.GetValueOrDefault(Workloads.PyTorch)})" :
                $"PyTorch {ctx.Torch.Version}, {ctx.Torch.Threads} intra-op threads by default, OpenBLAS core {torchCore} " +
                $"with {Num(ctx.Torch.Info, "openblas_threads")} threads") +
            (ctx.Chainer is null ? "" : $"; Chainer {ctx.Chainer.Version} (NumPy, OpenBLAS core {PeerProcess.Str(ctx.Chainer.Info, "openblas_core")})");
        Console.WriteLine($"  {summary}");
        foreach (var (label, error) in ctx.PeerErrors)
        {
            Console.WriteLine($"  peer {label}: unavailable ({error})");
        }

        foreach (var (name, usesBlas, run) in Workloads.All)
        {
            if (!o.Only.Contains(name) || (o.BlasOnly && !usesBlas))
            {
                continue;
            }

            Console.WriteLine();
            Console.WriteLine($"--- {name} ---");
            int before = ctx.Rows.Count;
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                run(ctx);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A workload whose API is missing or broken: one row says so, the run goes on.
                var row = ctx.Rows.Count > before ? ctx.Rows[^1] : new Row(name, name, Unit.Ms);
                row.Unavailable = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
                if (ctx.Rows.Count == before)
                {
                    ctx.Rows.Add(row);
                }

                Console.WriteLine($"  unavailable: {row.Unavailable}");
            }

            Console.WriteLine($"  ({Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s)");
        }

        var rows = new JsonArray();
        foreach (Row row in ctx.Rows)
        {
            rows.Add(Report.ToJson(row));
        }

        var part = new JsonObject
        {
            ["config"] = o.WorkerConfig,
            ["openblas_coretype"] = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE"),
            ["blas_only"] = o.BlasOnly,
            ["summary"] = summary,
            ["ours"] = new JsonObject
            {
                ["native_version"] = chainer.NativeVersion(),
                ["threads"] = ourThreads,
                ["openblas_core"] = core,
                ["openblas_config"] = ctx.C is null ? null : PeerProcess.Str(ctx.C.Info, "openblas_config"),
            },
            ["peers"] = peers,
            ["loadavg_start"] = loadStart,
            ["loadavg_end"] = Machine.LoadAverage(),
            ["seconds"] = Math.Round((DateTime.UtcNow - started).TotalSeconds, 1),
            ["rows"] = rows,
        };
        if (o.Part is not null)
        {
            File.WriteAllText(o.Part, part.ToJsonString());
        }
        else
        {
            Console.WriteLine();
            Console.Write(Report.Table(ctx.Rows));
        }

        return 0;
    }

    private static string Num(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ToString() : "?";

    private static void StartPeers(Context ctx, JsonObject peers)
    {
        Options o = ctx.Options;
        var env = new Dictionary<string, string?>();
        ctx.C = Start(ctx, peers, Workloads.CLimit, o.Limits, Array.Empty<string>(), env);
        if (o.NoPeer)
        {
            return;
        }

        ctx.Torch = Start(ctx, peers, Workloads.PyTorch, o.Python, new[] { o.PeerScript, "--framework", "torch" }, env);
        if (ctx.Torch is not null && Environment.ProcessorCount > 1)
        {
            var passive = new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = "PASSIVE" };
            ctx.TorchPassive = Start(ctx, peers, Workloads.PyTorch + " passive", o.Python, new[] { o.PeerScript, "--framework", "torch" }, passive);
        }

        if (!string.IsNullOrEmpty(o.ChainerSrc))
        {
            var chainerEnv = new Dictionary<string, string?> { ["CHAINER_SRC"] = o.ChainerSrc, ["PYTHONHASHSEED"] = "0" };
            ctx.Chainer = Start(ctx, peers, Workloads.ChainerPeer, o.Python, new[] { o.PeerScript, "--framework", "chainer" }, chainerEnv);
        }
    }

    private static PeerProcess? Start(Context ctx, JsonObject peers, string label, string program, string[] args, Dictionary<string, string?> env)
    {
        PeerProcess? p = PeerProcess.Start(label, program, args, env, out string error);
        if (p is null)
        {
            ctx.PeerErrors[label] = error;
            peers[label] = new JsonObject { ["unavailable"] = error };
        }
        else
        {
            peers[label] = JsonNode.Parse(p.Info.GetRawText());
        }

        return p;
    }
}

internal sealed class Options
{
    private static readonly string[] AllWorkloads = Workloads.All.Select(w => w.Name).ToArray();

    public string Root { get; private set; } = FindRoot();
    public string Python { get; private set; } = "/usr/bin/python3";
    public string PeerScript { get; private set; } = "";
    public string Limits { get; private set; } = "";
    public string Json { get; private set; } = "";
    public string? ChainerSrc { get; private set; } = Environment.GetEnvironmentVariable("CHAINER_SRC");
    public bool Quick { get; private set; } = Environment.GetEnvironmentVariable("CHAINER_BENCH_QUICK") is "1" or "true";
    public int Rounds { get; private set; }
    public int Chain { get; private set; } = 100;
    public int ChainReps { get; private set; } = 200;
    public int GapMs { get; private set; } = 120;
    public HashSet<string> Only { get; private set; } = new(AllWorkloads);
    public bool NoPeer { get; private set; }
    public bool NoUnset { get; private set; }
    public List<string> ExtraCoreTypes { get; } = new();
    public string? WorkerConfig { get; private set; }
    public string? Part { get; private set; }
    public bool BlasOnly { get; private set; }

    public static Options? Parse(string[] args)
    {
        var o = new Options();
        int? rounds = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            try
            {
                switch (args[i])
                {
                    case "--root": o.Root = Next(); break;
                    case "--python": o.Python = Next(); break;
                    case "--peer-script": o.PeerScript = Next(); break;
                    case "--limits": o.Limits = Next(); break;
                    case "--json": o.Json = Next(); break;
                    case "--chainer-src": o.ChainerSrc = Next(); break;
                    case "--quick": o.Quick = true; break;
                    case "--rounds": rounds = NextInt(); break;
                    case "--chain": o.Chain = NextInt(); break;
                    case "--chain-reps": o.ChainReps = NextInt(); break;
                    case "--gap-ms": o.GapMs = NextInt(); break;
                    case "--only":
                        o.Only = new HashSet<string>(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        foreach (string w in o.Only.Where(w => !AllWorkloads.Contains(w)))
                        {
                            throw new ArgumentException($"unknown workload {w} (known: {string.Join(",", AllWorkloads)})");
                        }

                        break;
                    case "--no-peer": o.NoPeer = true; break;
                    case "--no-unset": o.NoUnset = true; break;
                    case "--coretype": o.ExtraCoreTypes.Add(Next()); break;
                    case "--worker": o.WorkerConfig = Next(); break;
                    case "--part": o.Part = Next(); break;
                    case "--blas-only": o.BlasOnly = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine($"Overhead: {e.Message}");
                Console.Error.WriteLine("options: --quick --rounds N --only LIST --no-peer --coretype NAME --no-unset --chain N --chain-reps N " +
                    "--gap-ms N --python PATH --peer-script PATH --limits PATH --chainer-src DIR --json PATH --root DIR");
                return null;
            }
        }

        o.Rounds = rounds ?? (o.Quick ? 3 : 12);
        if (o.Rounds < 1 || o.Chain < 1 || o.ChainReps < 1 || o.GapMs < 0)
        {
            Console.Error.WriteLine("Overhead: --rounds, --chain and --chain-reps must be positive, --gap-ms not negative");
            return null;
        }

        if (o.PeerScript.Length == 0)
        {
            o.PeerScript = Path.Combine(o.Root, "benchmarks", "peers", "peer.py");
        }

        if (o.Limits.Length == 0)
        {
            o.Limits = Path.Combine(o.Root, "build", "bench", "limits");
        }

        if (o.Json.Length == 0)
        {
            o.Json = Path.Combine(o.Root, "benchmarks", "results", "latest.json");
        }

        return o;
    }

    /// <summary>The repository root: the nearest directory above the program holding build.sh, else the current one.</summary>
    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "build.sh")) && Directory.Exists(Path.Combine(d.FullName, "benchmarks")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
