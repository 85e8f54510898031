// The GPU benchmarks (`Overhead --gpu`, run by the GPU bundle's run.sh; docs/benchmarks.md "GPU mode"). On one
// GPU, in one run, alternating round by round as the CPU suite does:
//   - GEMM 2048/4096/8192 float32 through F.MatMul, as a share of cuBLAS's cublasSgemm called directly
//     (build/bench/cuda_limits from benchmarks/limits/cuda_limits.cu) and beside torch.mm on cuda;
//   - an element-wise add of two 64M-float arrays into a fresh output, as a share of the device-to-device copy
//     bandwidth (cudaMemcpy D2D), and beside torch.add;
//   - the MLP 784-1000-1000-10 training step at batch 100 and 1000 and the small CNN step (the CPU suite's
//     definitions, Workloads.cs) against PyTorch on cuda.
// Every timed sample is one call followed by Cuda.Synchronize() (PyTorch: torch.cuda.synchronize()), so queued
// kernels are inside the time. cuBLAS and the copy are timed with CUDA events around the call.
//
// Options: --rounds N (8), --quick (3 rounds, fewer repetitions), --python PATH, --peer-script PATH,
//   --cuda-limits PATH, --no-peer, --only gemm,add,mlp,cnn, --json PATH.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using F = Chainer.Functions;

namespace Chainer.Benchmarks.Overhead;

internal static class GpuSuite
{
    private const string Torch = "PyTorch cuda";
    private const string Cublas = "cuBLAS";
    private const string Copy = "D2D copy";

    public static int RunAll(string[] args)
    {
        int rounds = 8;
        bool quick = false, noPeer = false;
        string python = "/usr/bin/python3";
        string root = Directory.GetCurrentDirectory();
        string? peerScript = null, limits = null, json = null;
        var only = new HashSet<string> { "gemm", "add", "mlp", "cnn" };
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--quick": quick = true; break;
                case "--no-peer": noPeer = true; break;
                case "--python": python = Next(); break;
                case "--peer-script": peerScript = Next(); break;
                case "--cuda-limits": limits = Next(); break;
                case "--root": root = Next(); break;
                case "--json": json = Next(); break;
                case "--only": only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]} (GPU mode: --rounds, --quick, --python, --peer-script, --cuda-limits, --root, --json, --only, --no-peer)");
                    return 2;
            }
        }

        if (quick)
        {
            rounds = Math.Min(rounds, 3);
        }

        if (!Cuda.IsAvailable)
        {
            Console.WriteLine($"GPU benchmarks skipped: CUDA is not available ({Cuda.UnavailableReason})");
            return 3;
        }

        peerScript ??= Path.Combine(root, "benchmarks", "peers", "peer.py");
        limits ??= Path.Combine(root, "build", "bench", "cuda_limits");
        Console.WriteLine($"Chainer.Native GPU benchmarks: ours against cuBLAS / the copy bandwidth and PyTorch on the same GPU, alternating; {rounds} rounds after a warm-up round");
        Console.WriteLine($"  device 0: {Cuda.GetDeviceName(0)} ({Cuda.DeviceCount} device(s))");

        var env = new Dictionary<string, string?>();
        PeerProcess? lim = PeerProcess.Start(Cublas, limits, Array.Empty<string>(), env, out string limError);
        Console.WriteLine(lim is null ? $"  limits: unavailable ({limError})" : $"  limits: {lim.Name} {lim.Version} {PeerProcess.Str(lim.Info, "device")}");
        PeerProcess? torch = null;
        if (!noPeer)
        {
            torch = PeerProcess.Start(Torch, python, new[] { peerScript, "--framework", "torch", "--device", "cuda" }, env, out string torchError);
            Console.WriteLine(torch is null ? $"  PyTorch: unavailable ({torchError})" : $"  PyTorch: {torch.Version} on {PeerProcess.Str(torch.Info, "device")}");
        }

        int Reps(int full) => quick ? Math.Max(1, full / 4) : full;
        var rows = new List<Row>();
        Device gpu = Device.Gpu(0);
        try
        {
            if (only.Contains("gemm"))
            {
                foreach (int n in new[] { 2048, 4096, 8192 })
                {
                    rows.Add(Gemm(gpu, n, rounds, Reps(n == 8192 ? 4 : 10), lim, torch));
                }
            }

            if (only.Contains("add"))
            {
                rows.Add(Add(gpu, 64L << 20, rounds, Reps(10), lim, torch));
            }

            if (only.Contains("mlp"))
            {
                foreach (int batch in new[] { 100, 1000 })
                {
                    rows.Add(Mlp(gpu, batch, rounds, Reps(20), torch));
                }
            }

            if (only.Contains("cnn"))
            {
                rows.Add(Cnn(gpu, 64, rounds, Reps(20), torch));
            }
        }
        finally
        {
            lim?.Dispose();
            torch?.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine("Summary (ratio: GEMM and add as a share of the limit, higher is better; training steps as ours/PyTorch time, lower is better)");
        Console.WriteLine(Report.Table(rows));
        CudaMemoryStats stats = Cuda.GetMemoryStats();
        Console.WriteLine($"  pool after the run: used {stats.Used >> 20} MiB, cached {stats.Cached >> 20} MiB, peak {stats.Peak >> 20} MiB, {stats.DeviceAllocations} device allocations");
        if (json is not null)
        {
            var result = new JsonObject
            {
                ["mode"] = "gpu",
                ["device"] = Cuda.GetDeviceName(0),
                ["rounds"] = rounds,
                ["rows"] = new JsonArray(rows.Select(r => (JsonNode)Report.ToJson(r)).ToArray()),
            };
            File.WriteAllText(json, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        return 0;
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="reps"/> times, each time followed by a device synchronization.</summary>
    private static double[] TimeSynced(int reps, Action action) => Workloads.Time(reps, () =>
    {
        action();
        Cuda.Synchronize();
    });

    private static Row Gemm(Device gpu, int n, int rounds, int reps, PeerProcess? lim, PeerProcess? torch)
    {
        var row = new Row("gemm", $"GEMM {n}x{n}x{n} float32 (F.MatMul)", Unit.Gflops, 2.0 * n * n * n) { Reference = Cublas, Target = "share of cuBLAS" };
        using NdArray a = Workloads.RandomArray(n, n).ToDevice(gpu);
        using NdArray b = Workloads.RandomArray(n, n).ToDevice(gpu);
        using var va = new Variable(a, requiresGrad: false);
        using var vb = new Variable(b, requiresGrad: false);
        var impls = new List<Impl>
        {
            new("ours", r => TimeSynced(r, () =>
            {
                using (chainer.NoBackpropMode())
                {
                    using Variable y = F.MatMul(va, vb);
                }
            }), reps),
        };
        if (lim is not null)
        {
            impls.Add(new(Cublas, r => lim.SamplesOrThrow($"run sgemm {r} n={n}"), reps));
        }

        if (torch is not null)
        {
            impls.Add(new(Torch, r => torch.SamplesOrThrow($"run sgemm {r} m={n} n={n} k={n} ta=0 tb=0"), reps));
        }

        return Finish(row, rounds, impls);
    }

    private static Row Add(Device gpu, long count, int rounds, int reps, PeerProcess? lim, PeerProcess? torch)
    {
        // An add reads two arrays and writes one: 3 * 4 bytes per element.
        double bytes = 12.0 * count;
        var row = new Row("add", $"add, {count >> 20}M float32, fresh output", Unit.GBps, bytes) { Reference = Copy, Target = "share of the D2D copy bandwidth" };
        using NdArray a = NdArray.Full(new[] { count }, 0.5, DType.Float32, gpu);
        using NdArray b = NdArray.Full(new[] { count }, 0.25, DType.Float32, gpu);
        var impls = new List<Impl>
        {
            new("ours", r => TimeSynced(r, () =>
            {
                using NdArray y = a + b;
            }), reps),
        };
        if (lim is not null)
        {
            // A copy of count floats moves 2 * 4 bytes per element: its time scaled by 3/2 is the time the copy
            // engine's bandwidth needs for the add's 12 bytes per element.
            impls.Add(new(Copy, r => lim.SamplesOrThrow($"run d2d {r} bytes={count * 4}").Select(s => s * 1.5).ToArray(), reps));
        }

        if (torch is not null)
        {
            impls.Add(new(Torch, r => torch.SamplesOrThrow($"run ew {r} op=add n={count}"), reps));
        }

        return Finish(row, rounds, impls);
    }

    private static Row Mlp(Device gpu, int batch, int rounds, int reps, PeerProcess? torch)
    {
        var row = new Row("mlp", $"MLP step 784-1000-1000-10, batch {batch}", Unit.Ms) { Reference = Torch, Target = "ours/PyTorch time" };
        using var model = new Workloads.MlpModel();
        model.ToDevice(gpu);
        using var x = new Variable(Workloads.RandomArray(batch, 784).ToDevice(gpu), requiresGrad: false);
        using var t = new Variable(Workloads.RandomLabels(batch, 10).ToDevice(gpu), requiresGrad: false);
        return Training(row, rounds, reps, torch, $"mlp {reps} batch={batch}",
            Workloads.SgdStep(model, () => F.SoftmaxCrossEntropy(model.Forward(x), t)));
    }

    private static Row Cnn(Device gpu, int batch, int rounds, int reps, PeerProcess? torch)
    {
        var row = new Row("cnn", $"CNN step (conv32-conv64-fc), batch {batch}, 28x28", Unit.Ms) { Reference = Torch, Target = "ours/PyTorch time" };
        using var model = new Workloads.CnnModel();
        model.ToDevice(gpu);
        using var x = new Variable(Workloads.RandomArray(batch, 1, 28, 28).ToDevice(gpu), requiresGrad: false);
        using var t = new Variable(Workloads.RandomLabels(batch, 10).ToDevice(gpu), requiresGrad: false);
        return Training(row, rounds, reps, torch, $"cnn {reps} batch={batch}",
            Workloads.SgdStep(model, () => F.SoftmaxCrossEntropy(model.Forward(x), t)));
    }

    private static Row Training(Row row, int rounds, int reps, PeerProcess? torch, string request, Action step)
    {
        string[] parts = request.Split(' ');
        var impls = new List<Impl> { new("ours", r => TimeSynced(r, step), reps) };
        if (torch is not null)
        {
            string args = string.Join(' ', parts.Skip(2));
            impls.Add(new(Torch, r => torch.SamplesOrThrow($"run {parts[0]} {r} {args}"), reps));
        }

        return Finish(row, rounds, impls);
    }

    private static Row Finish(Row row, int rounds, List<Impl> impls)
    {
        Alternate.Run(row, rounds, impls);
        if (row.Median("ours") is double ours && row.Reference is string reference && row.Median(reference) is double limit && limit > 0)
        {
            row.Ratio = ours / limit;
        }
        else if (row.Median("ours") is null)
        {
            row.Unavailable = row.Notes.TryGetValue("ours", out string? why) ? why : "no result";
        }

        Report.Detail(row);
        return row;
    }
}
