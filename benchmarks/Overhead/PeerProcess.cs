using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Chainer.Benchmarks.Overhead;

/// <summary>
/// A peer benchmark process (benchmarks/peers/peer.py for PyTorch or Chainer, build/bench/limits for the C
/// limits), driven over stdin/stdout: one request per line, one JSON line per answer.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(string label, Process process)
    {
        Label = label;
        _process = process;
    }

    /// <summary>Our label for the process, e.g. "PyTorch (passive)".</summary>
    public string Label { get; }

    /// <summary>The answer to <c>info</c>.</summary>
    public JsonElement Info { get; private set; }

    public string Name => Str(Info, "name") ?? Label;

    public string Version => Str(Info, "version") ?? "";

    public int Threads => Info.ValueKind == JsonValueKind.Object && Info.TryGetProperty("threads", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0;

    public HashSet<string> Workloads { get; } = new();

    public string? LastError { get; private set; }

    /// <summary>Starts the process and asks for its <c>info</c>; returns null with <paramref name="error"/> set when it is unavailable.</summary>
    public static PeerProcess? Start(string label, string program, IEnumerable<string> args, IDictionary<string, string?> env, out string error)
    {
        error = "";
        if (!File.Exists(program))
        {
            error = $"{program} not found";
            return null;
        }

        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("the process did not start");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            error = e.Message;
            return null;
        }

        var peer = new PeerProcess(label, process);
        using JsonDocument? info = peer.Request("info");
        if (info is null)
        {
            error = peer.LastError ?? "no answer";
            peer.Dispose();
            return null;
        }

        peer.Info = info.RootElement.Clone();
        if (peer.Info.TryGetProperty("workloads", out var w) && w.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in w.EnumerateArray())
            {
                peer.Workloads.Add(e.GetString() ?? "");
            }
        }

        return peer;
    }

    /// <summary>Sends a request whose answer is <c>{"samples": [...]}</c>; null (with <see cref="LastError"/>) on failure.</summary>
    public double[]? Samples(string request)
    {
        using JsonDocument? doc = Request(request);
        if (doc is null)
        {
            return null;
        }

        if (!doc.RootElement.TryGetProperty("samples", out var s))
        {
            LastError = "no samples in the answer";
            return null;
        }

        return s.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Like <see cref="Samples"/>, but throws with the peer's message on failure (for <see cref="Impl"/>).</summary>
    public double[] SamplesOrThrow(string request) =>
        Samples(request) ?? throw new InvalidOperationException($"{Label}: {LastError}");

    private JsonDocument? Request(string line)
    {
        if (_process.HasExited)
        {
            LastError ??= "the peer process exited";
            return null;
        }

        try
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The peer exited already (its framework is missing): its first line says why.
        }

        string? answer = _process.StandardOutput.ReadLine();
        if (answer is null)
        {
            LastError ??= "the peer process exited";
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(answer);
        }
        catch (JsonException)
        {
            LastError = "unreadable answer: " + answer;
            return null;
        }

        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            LastError = error.GetString() ?? "error";
            doc.Dispose();
            return null;
        }

        return doc;
    }

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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
