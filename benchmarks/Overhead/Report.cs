using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;

namespace Chainer.Benchmarks.Overhead;

/// <summary>Prints rows as they finish, the summary table (text and Markdown), and converts rows to JSON.</summary>
internal static class Report
{
    private static string Fmt(double v) => Row.Format(v);

    /// <summary>One line per implementation: median, IQR and min-max, as soon as a row is measured.</summary>
    public static void Detail(Row row)
    {
        Console.WriteLine($"  {row.Name} [{row.UnitLabel}]");
        foreach (var (name, s) in row.Impls)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {name,-28} median {Fmt(s.Median),9}   IQR {Fmt(s.P25)}..{Fmt(s.P75)}   min..max {Fmt(s.Min)}..{Fmt(s.Max)}   n={s.N}"));
        }

        foreach (var (name, note) in row.Notes)
        {
            Console.WriteLine($"    {name,-28} {note}");
        }

        if (row.Unavailable is not null)
        {
            Console.WriteLine($"    unavailable: {row.Unavailable}");
        }
        else
        {
            Console.WriteLine($"    ratio {(row.Ratio is double r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-")} (ours/{row.Reference ?? "-"}), target {row.Target}: {MetText(row)}");
        }
    }

    public static string MetText(Row row) => row.Unavailable is not null ? "n/a" : row.Met switch
    {
        true => "yes",
        false => "NO",
        null => "no ref",
    };

    private static readonly string[] Header = { "workload", "unit", "ours", "ours IQR", "C limit", "PyTorch", "Chainer", "ratio", "target", "met" };

    private static string[] Cells(Row row)
    {
        if (row.Unavailable is not null)
        {
            return new[] { row.Name, row.UnitLabel, "unavailable: " + row.Unavailable, "", "", "", "", "", row.Target, "n/a" };
        }

        Stat? ours = row.Impls.GetValueOrDefault("ours");
        (string? torchName, double? torch) = row.Best(Workloads.PyTorch);
        string torchCell = Row.Format(torch);
        if (torchName is not null && torchName != Workloads.PyTorch)
        {
            torchCell += " (" + torchName[(Workloads.PyTorch.Length + 1)..].Replace(" (default)", "", StringComparison.Ordinal) + ")";
        }

        return new[]
        {
            row.Name,
            row.UnitLabel,
            Row.Format(ours?.Median),
            ours is null ? "-" : $"{Row.Format(ours.P25)}..{Row.Format(ours.P75)}",
            Row.Format(row.Best(Workloads.CLimit).Value),
            torchCell,
            Row.Format(row.Median(Workloads.ChainerPeer)),
            row.Ratio is double r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-",
            row.Target,
            MetText(row),
        };
    }

    /// <summary>A fixed-width text table.</summary>
    public static string Table(IEnumerable<Row> rows)
    {
        var lines = new List<string[]> { Header };
        lines.AddRange(rows.Select(Cells));
        int[] widths = Enumerable.Range(0, Header.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (string[] l in lines)
        {
            for (int c = 0; c < l.Length; c++)
            {
                bool left = c < 2 || c >= 8;
                sb.Append(left ? l[c].PadRight(widths[c]) : l[c].PadLeft(widths[c]));
                sb.Append(c + 1 < l.Length ? "  " : "");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    /// <summary>The same table in Markdown.</summary>
    public static string Markdown(IEnumerable<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", Header) + " |");
        sb.AppendLine("|" + string.Concat(Header.Select((_, c) => c < 2 || c >= 8 ? "---|" : "---:|")));
        foreach (Row row in rows)
        {
            sb.AppendLine("| " + string.Join(" | ", Cells(row).Select(s => s.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        return sb.ToString();
    }

    public static JsonObject ToJson(Row row)
    {
        var impls = new JsonObject();
        foreach (var (name, s) in row.Impls)
        {
            impls[name] = new JsonObject
            {
                ["median"] = s.Median,
                ["p25"] = s.P25,
                ["p75"] = s.P75,
                ["min"] = s.Min,
                ["max"] = s.Max,
                ["n"] = s.N,
            };
        }

        var notes = new JsonObject();
        foreach (var (name, note) in row.Notes)
        {
            notes[name] = note;
        }

        return new JsonObject
        {
            ["workload"] = row.Workload,
            ["name"] = row.Name,
            ["unit"] = row.UnitLabel,
            ["higher_is_better"] = row.HigherIsBetter,
            ["impls"] = impls,
            ["notes"] = notes,
            ["reference"] = row.Reference,
            ["reference_best"] = row.Reference is null ? null : row.Best(row.Reference).Name,
            ["ratio"] = row.Ratio,
            ["target"] = row.Target,
            ["met"] = row.Met,
            ["unavailable"] = row.Unavailable,
        };
    }

    /// <summary>Rebuilds rows from a worker's JSON (for the combined table of the parent process).</summary>
    public static Row FromJson(JsonNode node)
    {
        Unit unit = (string?)node["unit"] switch
        {
            "GFLOP/s" => Unit.Gflops,
            "GB/s" => Unit.GBps,
            "us/op" => Unit.UsPerOp,
            _ => Unit.Ms,
        };
        var row = new Row((string?)node["workload"] ?? "", (string?)node["name"] ?? "", unit)
        {
            Reference = (string?)node["reference"],
            Ratio = (double?)node["ratio"],
            Target = (string?)node["target"] ?? "",
            Met = (bool?)node["met"],
            Unavailable = (string?)node["unavailable"],
        };
        if (node["impls"] is JsonObject impls)
        {
            foreach (var (name, s) in impls)
            {
                if (s is null)
                {
                    continue;
                }

                row.Impls[name] = new Stat
                {
                    Median = (double)s["median"]!,
                    P25 = (double)s["p25"]!,
                    P75 = (double)s["p75"]!,
                    Min = (double)s["min"]!,
                    Max = (double)s["max"]!,
                    N = (int)s["n"]!,
                };
            }
        }

        if (node["notes"] is JsonObject notes)
        {
            foreach (var (name, n) in notes)
            {
                row.Notes[name] = (string?)n ?? "";
            }
        }

        return row;
    }
}
