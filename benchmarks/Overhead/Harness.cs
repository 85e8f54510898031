using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Chainer.Benchmarks.Overhead;

/// <summary>Order statistics of one implementation's samples, in the row's display unit.</summary>
internal sealed class Stat
{
    public int N { get; init; }
    public double Median { get; init; }
    public double Min { get; init; }
    public double Max { get; init; }
    public double P25 { get; init; }
    public double P75 { get; init; }

    public static Stat? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        double[] s = values.OrderBy(v => v).ToArray();
        return new Stat
        {
            N = s.Length,
            Median = Quantile(s, 0.5),
            Min = s[0],
            Max = s[^1],
            P25 = Quantile(s, 0.25),
            P75 = Quantile(s, 0.75),
        };
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

/// <summary>One competitor in a measurement: runs <c>reps</c> calls and returns seconds per call.</summary>
internal sealed class Impl
{
    public Impl(string name, Func<int, double[]?> run, int reps, string? group = null)
    {
        Name = name;
        Run = run;
        Reps = Math.Max(1, reps);
        Group = group;
    }

    /// <summary>The column label, e.g. "ours", "C", "PyTorch (2 threads)".</summary>
    public string Name { get; }

    /// <summary>Returns the samples (seconds per call), or null when the implementation failed.</summary>
    public Func<int, double[]?> Run { get; }

    public int Reps { get; }

    /// <summary>Implementations of one group (the thread settings of one peer) compete for the group's best.</summary>
    public string? Group { get; }

    public List<double> Seconds { get; } = new();

    public double WarmupMedian { get; set; } = double.NaN;

    public bool Pruned { get; set; }

    public string? Error { get; set; }
}

/// <summary>How a row's numbers are shown and judged.</summary>
internal enum Unit
{
    /// <summary>Milliseconds per call (lower is better).</summary>
    Ms,

    /// <summary>Microseconds per op (lower is better); the sample is divided by <see cref="Row.Work"/>.</summary>
    UsPerOp,

    /// <summary>GFLOP/s (higher is better); <see cref="Row.Work"/> is the FLOP count of one call.</summary>
    Gflops,

    /// <summary>GB/s (higher is better); <see cref="Row.Work"/> is the bytes one call moves.</summary>
    GBps,
}

/// <summary>One line of the result table.</summary>
internal sealed class Row
{
    public Row(string workload, string name, Unit unit, double work = 1)
    {
        Workload = workload;
        Name = name;
        Unit = unit;
        Work = work;
    }

    public string Workload { get; }
    public string Name { get; }
    public Unit Unit { get; }
    public double Work { get; }
    public Dictionary<string, Stat> Impls { get; } = new();
    public Dictionary<string, string> Notes { get; } = new();

    /// <summary>Column of the ratio's denominator ("C", "PyTorch"); null for an absolute target.</summary>
    public string? Reference { get; set; }

    public double? Ratio { get; set; }

    /// <summary>e.g. "<=0.80x PyTorch best", ">=0.95x C", "<=0.5 us/op".</summary>
    public string Target { get; set; } = "";

    public bool? Met { get; set; }

    public string? Unavailable { get; set; }

    public bool HigherIsBetter => Unit is Unit.Gflops or Unit.GBps;

    public string UnitLabel => Unit switch
    {
        Unit.Ms => "ms",
        Unit.UsPerOp => "us/op",
        Unit.Gflops => "GFLOP/s",
        Unit.GBps => "GB/s",
        _ => "",
    };

    /// <summary>Converts seconds per call to the display unit.</summary>
    public double Convert(double seconds) => Unit switch
    {
        Unit.Ms => seconds * 1e3,
        Unit.UsPerOp => seconds * 1e6 / Work,
        Unit.Gflops => Work / seconds / 1e9,
        Unit.GBps => Work / seconds / 1e9,
        _ => seconds,
    };

    public double? Median(string impl) => Impls.TryGetValue(impl, out Stat? s) ? s.Median : null;

    /// <summary>The best median among the implementations named <paramref name="prefix"/> or "<paramref name="prefix"/> ...".</summary>
    public (string? Name, double? Value) Best(string prefix)
    {
        string? best = null;
        double? value = null;
        foreach (var (name, stat) in Impls)
        {
            if (name != prefix && !name.StartsWith(prefix + " ", StringComparison.Ordinal))
            {
                continue;
            }

            bool better = value is null || (HigherIsBetter ? stat.Median > value : stat.Median < value);
            if (better)
            {
                best = name;
                value = stat.Median;
            }
        }

        return (best, value);
    }

    public static string Format(double? v)
    {
        if (v is not double d || double.IsNaN(d))
        {
            return "-";
        }

        string f = Math.Abs(d) >= 100 ? "F1" : Math.Abs(d) >= 10 ? "F2" : "F3";
        return d.ToString(f, CultureInfo.InvariantCulture);
    }
}

/// <summary>Runs implementations alternately: a warm-up round, then rounds of (ours, peer, peer, ...), rotated each round.</summary>
internal static class Alternate
{
    /// <summary>
    /// Round 0 is warm-up. Implementations of a group (a peer's thread settings) whose warm-up median is over
    /// <paramref name="pruneFactor"/> times the group's best are dropped from the timed rounds (recorded as pruned),
    /// so that a pathological setting (OpenMP and OpenBLAS spinning against each other) does not eat the time budget.
    /// </summary>
    /// <remarks>
    /// <paramref name="gapMs"/> is a pause after each implementation's batch. OpenBLAS's worker threads keep spinning
    /// for about 0.1 s after a call (its thread timeout), and on a 2-core machine a spinning thread of the process
    /// that just ran takes half of the next process's cores: without the pause, every batch but the first of a round
    /// runs in the shadow of its predecessor's spinner. Measured with build/bench/limits: 0.05 s of CPU in the 0.1 s
    /// after one sgemm call, none later.
    /// </remarks>
    public static void Run(Row row, int rounds, IReadOnlyList<Impl> impls, double pruneFactor = 3.0, int gapMs = 0)
    {
        for (int round = 0; round <= rounds; round++)
        {
            // each round starts with the next implementation, so none always follows the same neighbour
            for (int j = 0; j < impls.Count; j++)
            {
                Impl impl = impls[(j + round) % impls.Count];
                if (impl.Pruned || impl.Error is not null)
                {
                    continue;
                }

                double[]? s;
                try
                {
                    s = impl.Run(impl.Reps);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    impl.Error = $"{e.GetType().Name}: {e.Message}";
                    continue;
                }

                if (gapMs > 0)
                {
                    System.Threading.Thread.Sleep(gapMs);
                }

                if (s is null || s.Length == 0)
                {
                    impl.Error ??= "no samples";
                    continue;
                }

                if (round == 0)
                {
                    impl.WarmupMedian = Stat.Of(s)!.Median;
                }
                else
                {
                    impl.Seconds.AddRange(s);
                }
            }

            if (round == 0)
            {
                foreach (var group in impls.Where(i => i.Group is not null && i.Error is null).GroupBy(i => i.Group))
                {
                    double best = group.Min(i => i.WarmupMedian);
                    foreach (Impl impl in group)
                    {
                        if (impl.WarmupMedian > pruneFactor * best)
                        {
                            impl.Pruned = true;
                        }
                    }
                }
            }
        }

        foreach (Impl impl in impls)
        {
            if (impl.Seconds.Count > 0)
            {
                row.Impls[impl.Name] = Stat.Of(impl.Seconds.Select(row.Convert).ToList())!;
            }
            else if (impl.Pruned)
            {
                row.Notes[impl.Name] = $"pruned after warm-up ({Row.Format(row.Convert(impl.WarmupMedian))} {row.UnitLabel}, over {pruneFactor:0}x the best of its group)";
            }
            else if (impl.Error is not null)
            {
                row.Notes[impl.Name] = "failed: " + impl.Error;
            }
        }
    }
}
