using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>
    /// Access to the files in data/npz (written by real NumPy 1.24 and Chainer 7.8.1 through
    /// data/npz/make_npz_fixtures.py) and helpers shared by the codec tests.
    /// </summary>
    internal static class NpzTestData
    {
        private static readonly Lazy<JsonDocument> Expected = new(() =>
            JsonDocument.Parse(File.ReadAllText(FixturePath("npz_fixtures.json"))));

        /// <summary>The absolute path of a fixture file.</summary>
        internal static string FixturePath(string name) =>
            Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "npz", name);

        /// <summary>The JSON record of one fixture file (kind, entries with key/dtype/shape/values...).</summary>
        internal static JsonElement Record(string fileName) => Expected.Value.RootElement.GetProperty(fileName);

        /// <summary>The names of the fixture files of one kind ("npy" or "npz").</summary>
        internal static IEnumerable<string> FileNames(string kind) =>
            Expected.Value.RootElement.EnumerateObject()
                .Where(p => p.Value.GetProperty("kind").GetString() == kind)
                .Select(p => p.Name)
                .ToList();

        /// <summary>Asserts an array has the dtype, shape and exact values of a JSON entry.</summary>
        internal static void AssertMatches(NpyArray actual, JsonElement expected, string label)
        {
            string dtype = expected.GetProperty("dtype").GetString()!;
            long[] shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            JsonElement[] values = expected.GetProperty("values").EnumerateArray().ToArray();
            Assert.That(actual.Descr[1..], Is.EqualTo(dtype), $"{label}: dtype");
            Assert.That(actual.ShapeToArray(), Is.EqualTo(shape), $"{label}: shape");
            Assert.That(actual.Size, Is.EqualTo(values.Length), $"{label}: size");
            switch (actual.DType)
            {
                case NpyDType.Bool:
                    Assert.That(actual.ToArray<bool>(), Is.EqualTo(values.Select(v => v.GetBoolean()).ToArray()), label);
                    break;
                case NpyDType.UInt64:
                    Assert.That(actual.ToArray<ulong>(), Is.EqualTo(values.Select(v => v.GetUInt64()).ToArray()), label);
                    break;
                case NpyDType.Float16:
                case NpyDType.Float32:
                case NpyDType.Float64:
                    // The JSON holds each element's exact double value, so equality is exact.
                    Assert.That(actual.ToDoubleArray(), Is.EqualTo(values.Select(v => v.GetDouble()).ToArray()), label);
                    break;
                default:
                    Assert.That(actual.ToInt64Array(), Is.EqualTo(values.Select(v => v.GetInt64()).ToArray()), label);
                    break;
            }
        }

        /// <summary>An .npy image with a hand-written header text (format 1.0, NumPy's padding).</summary>
        internal static byte[] NpyBytes(string headerText, byte[] data)
        {
            byte[] header = NpyFormat.EncodeHeader(headerText);
            return header.Concat(data).ToArray();
        }

        /// <summary>Writes a zip with the given raw members; a stand-in for damaged .npz files.</summary>
        internal static void WriteZip(string path, params (string Name, byte[] Bytes)[] members)
        {
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            foreach ((string name, byte[] bytes) in members)
            {
                using Stream s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                s.Write(bytes);
            }
        }

        /// <summary>Creates an empty scratch directory under the system temporary directory.</summary>
        internal static string NewTempDirectory()
        {
            string dir = Path.Combine(Path.GetTempPath(), "chainer-npz-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }

        /// <summary>One small array of every dtype, plus 0-d and empty arrays, keyed like Chainer keys.</summary>
        internal static List<KeyValuePair<string, NpyArray>> SampleEntries()
        {
            long[] shape = { 2, 3 };
            return new List<KeyValuePair<string, NpyArray>>
            {
                new("l1/W", NpyArray.FromSpan<float>(new[] { 1.5f, -0f, float.NaN, float.PositiveInfinity, float.Epsilon, float.MaxValue }, shape)),
                new("l1/b", NpyArray.FromSpan<double>(new[] { Math.PI, -0.0, double.NegativeInfinity, 1e-310, double.MinValue, 0.1 }, shape)),
                new("f16", NpyArray.FromSpan<Half>(new[] { (Half)0.5, (Half)(-2), Half.MaxValue, Half.Epsilon, Half.NaN, (Half)1 }, shape)),
                new("b", NpyArray.FromSpan<bool>(new[] { true, false, true, true, false, false }, shape)),
                new("i8", NpyArray.FromSpan<sbyte>(new sbyte[] { sbyte.MinValue, -1, 0, 1, 2, sbyte.MaxValue }, shape)),
                new("u8", NpyArray.FromSpan<byte>(new byte[] { 0, 1, 2, 127, 128, 255 }, shape)),
                new("i16", NpyArray.FromSpan<short>(new short[] { short.MinValue, -1, 0, 1, 300, short.MaxValue }, shape)),
                new("u16", NpyArray.FromSpan<ushort>(new ushort[] { 0, 1, 2, 300, 40000, ushort.MaxValue }, shape)),
                new("i32", NpyArray.FromSpan<int>(new[] { int.MinValue, -1, 0, 1, 70000, int.MaxValue }, shape)),
                new("u32", NpyArray.FromSpan<uint>(new uint[] { 0, 1, 2, 70000, 3000000000, uint.MaxValue }, shape)),
                new("i64", NpyArray.FromSpan<long>(new[] { long.MinValue, -1, 0, 1, 5000000000, long.MaxValue }, shape)),
                new("u64", NpyArray.FromSpan<ulong>(new ulong[] { 0, 1, 2, 5000000000, 10000000000000000000, ulong.MaxValue }, shape)),
                new("N", NpyArray.Scalar(7L)),
                new("scalar_f4", NpyArray.Scalar(2.25f)),
                new("empty", NpyArray.FromSpan<float>(ReadOnlySpan<float>.Empty, new long[] { 0, 3 })),
                new("empty1d", NpyArray.FromSpan<long>(ReadOnlySpan<long>.Empty, new long[] { 0 })),
                new("deep/nested/key", NpyArray.FromSpan<double>(Enumerable.Range(0, 24).Select(i => i * 0.5).ToArray(), new long[] { 2, 3, 4 })),
            };
        }

        /// <summary>Asserts two arrays are identical: dtype, shape and every byte.</summary>
        internal static void AssertSame(NpyArray expected, NpyArray actual, string label)
        {
            Assert.That(actual.DType, Is.EqualTo(expected.DType), $"{label}: dtype");
            Assert.That(actual.ShapeToArray(), Is.EqualTo(expected.ShapeToArray()), $"{label}: shape");
            Assert.That(actual.Data, Is.EqualTo(expected.Data), $"{label}: bytes");
        }
    }
}
