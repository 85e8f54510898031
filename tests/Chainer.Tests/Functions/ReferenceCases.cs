using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

// Not Chainer.Tests.Functions: a namespace of that name would hide Chainer.Functions from the other tests.
namespace Chainer.Tests.FunctionTests
{
    /// <summary>Reading data/functions/function_cases.json (written by make_function_cases.py with real Chainer 7.8.1).</summary>
    internal static class ReferenceCases
    {
        internal const string CaseFile = "function_cases.json";

        private static readonly Lazy<JsonDocument> Document = new Lazy<JsonDocument>(
            () => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "functions", CaseFile))));

        /// <summary>All recorded cases.</summary>
        internal static IEnumerable<JsonElement> All() => Document.Value.RootElement.GetProperty("cases").EnumerateArray();

        /// <summary>The case of the given name.</summary>
        internal static JsonElement Get(string name) => All().First(c => c.GetProperty("name").GetString() == name);

        /// <summary>
        /// The device every array made by <see cref="ToArray"/> is placed on (null: the CPU); the CUDA suite sets it
        /// to re-run the reference cases with all inputs, keyword arrays and output gradients on a GPU.
        /// </summary>
        [ThreadStatic]
        internal static Device? TargetDevice;

        /// <summary>An NdArray from {"dtype", "shape", "data"}, on <see cref="TargetDevice"/>.</summary>
        internal static NdArray ToArray(JsonElement e)
        {
            NdArray host = ToHostArray(e);
            if (TargetDevice is Device d && !d.IsCpu)
            {
                using (host)
                {
                    return host.ToDevice(d);
                }
            }

            return host;
        }

        private static NdArray ToHostArray(JsonElement e)
        {
            string dtype = e.GetProperty("dtype").GetString()!;
            long[] shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            JsonElement data = e.GetProperty("data");
            return dtype switch
            {
                "float32" => NdArray.FromArray(data.EnumerateArray().Select(v => (float)Number(v)).ToArray(), shape),
                "float64" => NdArray.FromArray(data.EnumerateArray().Select(Number).ToArray(), shape),
                "int32" => NdArray.FromArray(data.EnumerateArray().Select(v => v.GetInt32()).ToArray(), shape),
                "int64" => NdArray.FromArray(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape),
                "bool" => NdArray.FromArray(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray(), shape),
                _ => throw new NotSupportedException(dtype),
            };
        }

        /// <summary>The expected values as doubles.</summary>
        internal static double[] Values(JsonElement e) =>
            e.GetProperty("data").EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.True => 1.0,
                JsonValueKind.False => 0.0,
                _ => Number(v),
            }).ToArray();

        /// <summary>A number, or one of the strings "inf", "-inf", "nan".</summary>
        internal static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
            ? v.GetString() switch
            {
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ => double.NaN,
            }
            : v.GetDouble();

        internal static long[] Shape(JsonElement e) => e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();

        internal static string DtypeName(JsonElement e) => e.GetProperty("dtype").GetString()!;
    }

    /// <summary>Typed access to a case's keyword arguments (Chainer's names).</summary>
    internal sealed class Kw
    {
        private readonly JsonElement _e;

        internal Kw(JsonElement e)
        {
            _e = e;
        }

        internal bool Has(string name) => _e.TryGetProperty(name, out _);

        private JsonElement? Get(string name) => _e.TryGetProperty(name, out JsonElement v) ? v : null;

        internal int Int(string name, int def) => Get(name) is JsonElement v ? v.GetInt32() : def;

        internal double Dbl(string name, double def) => Get(name) is JsonElement v ? v.GetDouble() : def;

        internal bool Bool(string name, bool def) => Get(name) is JsonElement v ? v.GetBoolean() : def;

        internal string Str(string name, string def) => Get(name) is JsonElement v ? v.GetString()! : def;

        /// <summary>An optional int: missing gives <paramref name="def"/>, JSON null gives null.</summary>
        internal int? IntOrNull(string name, int? def = null) =>
            Get(name) is JsonElement v ? (v.ValueKind == JsonValueKind.Null ? null : v.GetInt32()) : def;

        internal double? DblOrNull(string name, double? def) =>
            Get(name) is JsonElement v ? (v.ValueKind == JsonValueKind.Null ? null : v.GetDouble()) : def;

        internal bool IsArray(string name) => Get(name) is JsonElement v && v.ValueKind == JsonValueKind.Array;

        internal int[] Ints(string name) => Get(name) is JsonElement v
            ? (v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetInt32()).ToArray() : new[] { v.GetInt32() })
            : throw new KeyNotFoundException(name);

        internal long[] Longs(string name) => Ints(name).Select(i => (long)i).ToArray();

        internal IntTuple Tuple(string name) => Ints(name);

        internal IntTuple? TupleOrNull(string name) => Has(name) && Get(name)!.Value.ValueKind != JsonValueKind.Null ? (IntTuple?)Ints(name) : null;

        internal NdArray? Array(string name) =>
            Get(name) is JsonElement v && v.ValueKind == JsonValueKind.Object ? ReferenceCases.ToArray(v.GetProperty("__array__")) : null;

        internal JsonElement Raw(string name) => Get(name) ?? throw new KeyNotFoundException(name);
    }
}
