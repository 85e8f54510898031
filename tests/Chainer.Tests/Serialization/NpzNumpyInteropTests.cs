using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>
    /// Files we write, for checking with real NumPy. With CHAINER_NPZ_EXPORT_DIR set, the set
    /// (plus expected.json) is written there and kept, and
    /// <c>python3 data/npz/make_npz_fixtures.py verify &lt;dir&gt;</c> loads every file with np.load and
    /// compares values and bytes; without it the files go to a temporary directory and are only
    /// read back here.
    /// </summary>
    [TestFixture]
    public class NpzNumpyInteropTests
    {
        [Test]
        public void WritesVerificationSet()
        {
            string? exportDir = Environment.GetEnvironmentVariable("CHAINER_NPZ_EXPORT_DIR");
            string dir = string.IsNullOrEmpty(exportDir) ? NpzTestData.NewTempDirectory() : exportDir;
            Directory.CreateDirectory(dir);
            try
            {
                var written = new Dictionary<string, (string Kind, List<KeyValuePair<string, NpyArray>> Entries)>();

                void Npz(string name, List<KeyValuePair<string, NpyArray>> entries, bool compress)
                {
                    NpzArchive.Write(Path.Combine(dir, name), entries, compress);
                    written[name] = ("npz", entries);
                }

                void Npy(string name, NpyArray array)
                {
                    NpyFormat.WriteFile(Path.Combine(dir, name), array);
                    written[name] = ("npy", new List<KeyValuePair<string, NpyArray>> { new(string.Empty, array) });
                }

                Npz("ours_stored.npz", NpzTestData.SampleEntries(), compress: false);
                Npz("ours_compressed.npz", NpzTestData.SampleEntries(), compress: true);

                var rng = new Random(99);
                float[] noise = Enumerable.Range(0, 200_000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
                Npz("ours_large.npz", new List<KeyValuePair<string, NpyArray>>
                {
                    new("w", NpyArray.FromSpan<float>(noise, new long[] { 400, 500 })),
                    new("t", NpyArray.Scalar(3L)),
                }, compress: true);

                // A real Chainer file rewritten by us, both ways.
                List<KeyValuePair<string, NpyArray>> chainer = NpzArchive.Read(NpzTestData.FixturePath("chainer_adam.npz"))
                    .Select(e => KeyValuePair.Create(e.Key, e.Array)).ToList();
                Npz("ours_chainer_adam_stored.npz", chainer, compress: false);
                Npz("ours_chainer_adam.npz", chainer, compress: true);

                foreach ((string key, NpyArray array) in NpzTestData.SampleEntries().Where(e => !e.Key.Contains('/')))
                {
                    Npy($"ours_{key}.npy", array);
                }

                WriteExpectations(Path.Combine(dir, "expected.json"), written);

                foreach ((string name, (string kind, List<KeyValuePair<string, NpyArray>> entries)) in written)
                {
                    string path = Path.Combine(dir, name);
                    if (kind == "npy")
                    {
                        NpzTestData.AssertSame(entries[0].Value, NpyFormat.ReadFile(path), name);
                        continue;
                    }

                    NpzContents read = NpzArchive.Read(path);
                    Assert.That(read.Keys, Is.EqualTo(entries.Select(e => e.Key)), name);
                    foreach ((string key, NpyArray array) in entries)
                    {
                        NpzTestData.AssertSame(array, read[key], $"{name}:{key}");
                    }
                }
            }
            finally
            {
                if (string.IsNullOrEmpty(exportDir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        /// <summary>expected.json in the schema of npz_fixtures.json; non-finite floats as "nan"/"inf"/"-inf" strings.</summary>
        private static void WriteExpectations(
            string path, Dictionary<string, (string Kind, List<KeyValuePair<string, NpyArray>> Entries)> written)
        {
            using var file = File.Create(path);
            using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            foreach ((string name, (string kind, List<KeyValuePair<string, NpyArray>> entries)) in written)
            {
                json.WriteStartObject(name);
                json.WriteString("kind", kind);
                json.WriteStartArray("entries");
                foreach ((string key, NpyArray array) in entries)
                {
                    json.WriteStartObject();
                    json.WriteString("key", key);
                    json.WriteString("dtype", array.Descr[1..]);
                    json.WriteStartArray("shape");
                    foreach (long extent in array.Shape)
                    {
                        json.WriteNumberValue(extent);
                    }

                    json.WriteEndArray();
                    json.WriteStartArray("values");
                    WriteValues(json, array);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        private static void WriteValues(Utf8JsonWriter json, NpyArray array)
        {
            switch (array.DType)
            {
                case NpyDType.Bool:
                    foreach (bool v in array.AsSpan<bool>())
                    {
                        json.WriteBooleanValue(v);
                    }

                    break;
                case NpyDType.UInt64:
                    foreach (ulong v in array.AsSpan<ulong>())
                    {
                        json.WriteNumberValue(v);
                    }

                    break;
                case NpyDType.Float16:
                case NpyDType.Float32:
                case NpyDType.Float64:
                    foreach (double v in array.ToDoubleArray())
                    {
                        if (double.IsFinite(v))
                        {
                            json.WriteNumberValue(v);
                        }
                        else
                        {
                            json.WriteStringValue(double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
                        }
                    }

                    break;
                default:
                    foreach (long v in array.ToInt64Array())
                    {
                        json.WriteNumberValue(v);
                    }

                    break;
            }
        }
    }
}
