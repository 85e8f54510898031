// Define-by-run overhead: microseconds per tiny op (a chain of adds on shape (1,)), forward and
// forward+backward, for Chainer.Native and, in the same run and alternating with it, PyTorch
// (benchmarks/peers/overhead_torch.py). Prints medians and the ratio ours/peer.
//
//   ./build.sh bench [-- options]
//   dotnet run -c Release --project benchmarks/Overhead -- [--python /usr/bin/python3]
//       [--peer-script benchmarks/peers/overhead_torch.py] [--rounds 7] [--reps 300] [--chain 100] [--no-peer]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Chainer;

namespace Chainer.Benchmarks.Overhead;

internal static class Program
{
    private static readonly string[] Cases = { "forward", "backward" };
    private static readonly Dictionary<string, string> CaseTitles = new()
    {
        ["forward"] = "forward",
        ["backward"] = "forward+backward",
    };

    private static int Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            return 2;
        }

        Console.WriteLine($"Define-by-run overhead: chains of {options.Chain} adds on shape (1,), float32, CPU");
        Console.WriteLine($"  {options.Rounds} rounds x {options.Reps} chains per case, alternating ours and the peer; first round is warm-up");
        Console.WriteLine($"  machine: {CpuModel()}, {Environment.ProcessorCount} cores; .NET {Environment.Version}; {RuntimeInformation.OSDescription}");

        using var peer = options.NoPeer ? null : Peer.Start(options);
        if (peer is not null)
        {
            Console.WriteLine($"  peer: {peer.Name} {peer.Version} (threads: {peer.Threads}) via {options.Python}");
        }
        else if (!options.NoPeer)
        {
            Console.WriteLine($"  peer: unavailable ({Peer.LastError})");
        }

        var ours = Cases.ToDictionary(c => c, _ => new List<double>());
        var theirs = Cases.ToDictionary(c => c, _ => new List<double>());
        var x = new Variable(new NdArray(new float[] { 1 }), requiresGrad: true);

        for (int round = 0; round <= options.Rounds; round++)
        {
            bool warmup = round == 0;
            foreach (var c in Cases)
            {
                var mine = Ours(c, x, options.Reps, options.Chain);
                var peers = peer?.Run(c, options.Reps, options.Chain);
                if (!warmup)
                {
                    ours[c].AddRange(mine);
                    if (peers is not null)
                    {
                        theirs[c].AddRange(peers);
                    }
                }
            }
        }

        Console.WriteLine();
        string peerTitle = peer is null ? "peer" : $"{peer.Name} {peer.Version}";
        Console.WriteLine($"{"case (us per op, median)",-28}{"Chainer.Native",16}{peerTitle,22}{"ratio ours/peer",18}");
        foreach (var c in Cases)
        {
            double m = Median(ours[c]);
            string p = theirs[c].Count > 0 ? Median(theirs[c]).ToString("F3", CultureInfo.InvariantCulture) : "unavailable";
            string r = theirs[c].Count > 0 ? (m / Median(theirs[c])).ToString("F2", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{CaseTitles[c],-28}{m.ToString("F3", CultureInfo.InvariantCulture),16}{p,22}{r,18}");
        }
        return 0;
    }

    /// <summary>Per-op microseconds for <paramref name="reps"/> chains of <paramref name="chain"/> adds.</summary>
    private static double[] Ours(string c, Variable x, int reps, int chain)
    {
        var samples = new double[reps];
        bool backward = c == "backward";
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            using (chainer.NewScope())
            {
                Variable y = x;
                for (int k = 0; k < chain; k++)
                {
                    y = y + x;
                }
                if (backward)
                {
                    y.Backward();
                    x.ClearGrad();
                }
            }
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / chain;
        }
        return samples;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':') + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}

internal sealed class Options
{
    public string Python { get; private set; } = "/usr/bin/python3";
    public string PeerScript { get; private set; } = Path.Combine("benchmarks", "peers", "overhead_torch.py");
    public int Rounds { get; private set; } = 7;
    public int Reps { get; private set; } = 300;
    public int Chain { get; private set; } = 100;
    public bool NoPeer { get; private set; }

    public static Options? Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--python": o.Python = Next(); break;
                    case "--peer-script": o.PeerScript = Next(); break;
                    case "--rounds": o.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--reps": o.Reps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--chain": o.Chain = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--no-peer": o.NoPeer = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                Console.Error.WriteLine($"Overhead: {e.Message}");
                Console.Error.WriteLine("options: --python PATH --peer-script PATH --rounds N --reps N --chain N --no-peer");
                return null;
            }
        }
        if (o.Rounds < 1 || o.Reps < 1 || o.Chain < 1)
        {
            Console.Error.WriteLine("Overhead: --rounds, --reps and --chain must be positive");
            return null;
        }
        return o;
    }
}

/// <summary>The peer benchmark process, answering one JSON line per request.</summary>
internal sealed class Peer : IDisposable
{
    private readonly Process _process;

    public static string LastError { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Version { get; private set; } = "";
    public int Threads { get; private set; }

    private Peer(Process process) => _process = process;

    public static Peer? Start(Options options)
    {
        if (!File.Exists(options.PeerScript))
        {
            LastError = $"{options.PeerScript} not found";
            return null;
        }
        if (!File.Exists(options.Python))
        {
            LastError = $"{options.Python} not found";
            return null;
        }
        var psi = new ProcessStartInfo(options.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(options.PeerScript);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("process did not start");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            LastError = e.Message;
            return null;
        }
        var peer = new Peer(process);
        using var info = peer.Request("info");
        if (info is null)
        {
            peer.Dispose();
            return null;
        }
        var root = info.RootElement;
        peer.Name = root.GetProperty("name").GetString() ?? "peer";
        peer.Version = root.GetProperty("version").GetString() ?? "";
        peer.Threads = root.GetProperty("threads").GetInt32();
        return peer;
    }

    public double[]? Run(string c, int reps, int chain)
    {
        using var doc = Request($"run {c} {reps} {chain}");
        return doc?.RootElement.GetProperty("samples").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    private JsonDocument? Request(string line)
    {
        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The peer exited already (PyTorch missing): its first line says why.
        }
        string? answer = _process.StandardOutput.ReadLine();
        if (answer is null)
        {
            LastError = "the peer process exited";
            return null;
        }
        var doc = JsonDocument.Parse(answer);
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            LastError = error.GetString() ?? "error";
            doc.Dispose();
            return null;
        }
        return doc;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill();
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
