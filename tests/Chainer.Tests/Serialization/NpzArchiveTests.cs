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
    /// <summary>.npz round trips and archives written by real NumPy and Chainer.</summary>
    [TestFixture]
    public class NpzArchiveTests
    {
        private string _dir = string.Empty;

        private static IEnumerable<string> NpzFixtures() => NpzTestData.FileNames("npz");

        [SetUp]
        public void SetUp() => _dir = NpzTestData.NewTempDirectory();

        [TearDown]
        public void TearDown() => Directory.Delete(_dir, recursive: true);

        [TestCase(false)]
        [TestCase(true)]
        public void RoundTripsEveryDType(bool compress)
        {
            string path = Path.Combine(_dir, "all.npz");
            List<KeyValuePair<string, NpyArray>> entries = NpzTestData.SampleEntries();
            NpzArchive.Write(path, entries, compress);
            NpzContents read = NpzArchive.Read(path);
            Assert.That(read.Keys, Is.EqualTo(entries.Select(e => e.Key)), "archive order is write order");
            foreach ((string key, NpyArray array) in entries)
            {
                NpzTestData.AssertSame(array, read[key], key);
            }

            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }), "no temporary file is left");
        }

        [TestCase(false, ExpectedResult = CompressionLevel.NoCompression)]
        [TestCase(true, ExpectedResult = CompressionLevel.Optimal)]
        public CompressionLevel StoresOrDeflatesMembers(bool compress)
        {
            string path = Path.Combine(_dir, "m.npz");
            var zeros = NpyArray.FromSpan<double>(new double[4096], new long[] { 4096 });
            NpzArchive.Write(path, new[] { KeyValuePair.Create("z", zeros) }, compress);
            using ZipArchive zip = ZipFile.OpenRead(path);
            ZipArchiveEntry member = zip.Entries.Single();
            Assert.That(member.FullName, Is.EqualTo("z.npy"));
            Assert.That(member.LastWriteTime.Year, Is.EqualTo(1980), "NumPy's fixed member timestamp");
            return member.CompressedLength < member.Length ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        }

        [TestCase(false)]
        [TestCase(true)]
        public void RoundTripsALargeArray(bool compress)
        {
            // 5 MB of float32 noise (deflate cannot shrink it much, so the archive stays large too).
            var rng = new Random(1234);
            float[] values = Enumerable.Range(0, 5 * 1024 * 1024 / 4).Select(_ => (float)rng.NextDouble()).ToArray();
            var array = NpyArray.FromSpan<float>(values, new long[] { 1024, values.Length / 1024 });
            string path = Path.Combine(_dir, "large.npz");
            NpzArchive.Write(path, new[] { KeyValuePair.Create("big", array), KeyValuePair.Create("after", NpyArray.Scalar(1L)) }, compress);
            Assert.That(new FileInfo(path).Length, Is.GreaterThan(4 * 1024 * 1024));
            NpzContents read = NpzArchive.Read(path);
            NpzTestData.AssertSame(array, read["big"], "big");
            Assert.That(read["after"].ToInt64Array(), Is.EqualTo(new[] { 1L }));
        }

        [Test]
        public void WritesIdenticalBytesForIdenticalInput()
        {
            string a = Path.Combine(_dir, "a.npz");
            string b = Path.Combine(_dir, "b.npz");
            NpzArchive.Write(a, NpzTestData.SampleEntries(), compress: true);
            NpzArchive.Write(b, NpzTestData.SampleEntries(), compress: true);
            Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
        }

        [Test]
        public void EmptyArchiveRoundTrips()
        {
            string path = Path.Combine(_dir, "empty.npz");
            NpzArchive.Write(path, Array.Empty<KeyValuePair<string, NpyArray>>(), compress: true);
            Assert.That(NpzArchive.Read(path), Is.Empty);
        }

        [TestCaseSource(nameof(NpzFixtures))]
        public void ReadsArchivesWrittenByNumPyAndChainer(string fileName)
        {
            JsonElement record = NpzTestData.Record(fileName);
            string path = NpzTestData.FixturePath(fileName);
            NpzContents contents = NpzArchive.Read(path);
            JsonElement[] expected = record.GetProperty("entries").EnumerateArray().ToArray();
            Assert.That(contents.FilePath, Is.EqualTo(path));
            Assert.That(contents.Keys, Is.EqualTo(expected.Select(e => e.GetProperty("key").GetString())), "keys in archive order");
            foreach (JsonElement entry in expected)
            {
                string key = entry.GetProperty("key").GetString()!;
                NpzTestData.AssertMatches(contents[key], entry, $"{fileName}:{key}");
            }
        }

        [Test]
        public void ChainerChainUsesSlashKeysWithoutBiasForNobias()
        {
            NpzContents contents = NpzArchive.Read(NpzTestData.FixturePath("chainer_chain_linear.npz"));
            Assert.That(contents.Keys, Is.EquivalentTo(new[] { "l1/W", "l1/b", "l2/W" }));
            Assert.That(contents["l1/W"].ShapeToArray(), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(contents["l1/W"].DType, Is.EqualTo(NpyDType.Float32));
            Assert.That(contents.ContainsKey("l2/b"), Is.False);
        }

        [Test]
        public void ChainerBatchNormalizationStoresNAsZeroDimInt64()
        {
            NpzContents contents = NpzArchive.Read(NpzTestData.FixturePath("chainer_chain_bn.npz"));
            Assert.That(contents.Keys, Is.EquivalentTo(new[] { "bn/gamma", "bn/beta", "bn/avg_mean", "bn/avg_var", "bn/N" }));
            NpyArray n = contents["bn/N"];
            Assert.That(n.NDim, Is.EqualTo(0));
            Assert.That(n.DType, Is.EqualTo(NpyDType.Int64));
            Assert.That(n.ToInt64Array(), Is.EqualTo(new[] { 2L }));
            Assert.That(contents["bn/avg_mean"].ToArray<float>(), Has.Some.Not.EqualTo(0f));
        }

        [Test]
        public void ChainerChainListNumbersItsChildren()
        {
            NpzContents contents = NpzArchive.Read(NpzTestData.FixturePath("chainer_chainlist.npz"));
            Assert.That(contents.Keys, Is.EquivalentTo(new[] { "0/W", "0/b", "1/W", "1/b" }));
        }

        [Test]
        public void ChainerOptimizerStatesHoldCountersAndSlots()
        {
            NpzContents adam = NpzArchive.Read(NpzTestData.FixturePath("chainer_adam.npz"));
            Assert.That(adam["t"].ToInt64Array(), Is.EqualTo(new[] { 2L }));
            Assert.That(adam["epoch"].ToInt64Array(), Is.EqualTo(new[] { 0L }));
            Assert.That(adam["l1/W/t"].ToInt64Array(), Is.EqualTo(new[] { 2L }));
            Assert.That(adam["l1/W/m"].ShapeToArray(), Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(adam["l2/W/v"].ShapeToArray(), Is.EqualTo(new long[] { 2, 2 }));
            Assert.That(adam.ContainsKey("l2/b/m"), Is.False);

            NpzContents sgd = NpzArchive.Read(NpzTestData.FixturePath("chainer_momentum_sgd.npz"));
            Assert.That(sgd.Keys, Is.EquivalentTo(new[] { "t", "epoch", "l1/W/t", "l1/W/v", "l1/b/t", "l1/b/v", "l2/W/t", "l2/W/v" }));
        }

        [Test]
        public void MissingKeyNamesKeyAndFile()
        {
            string path = NpzTestData.FixturePath("chainer_chain_linear.npz");
            NpzContents contents = NpzArchive.Read(path);
            var e = Assert.Throws<KeyNotFoundException>(() => _ = contents["l3/b"]);
            Assert.That(e!.Message, Does.Contain("l3/b is not a file in the archive").And.Contain(path));
            Assert.That(contents.TryGetValue("l3/b", out _), Is.False);
        }

        [Test]
        public void IgnoresMembersThatAreNotArrays()
        {
            string path = Path.Combine(_dir, "mixed.npz");
            using (var stream = new MemoryStream())
            {
                NpyFormat.Write(stream, NpyArray.Scalar(3));
                NpzTestData.WriteZip(path, ("a.npy", stream.ToArray()), ("README", "hello"u8.ToArray()), ("raw", stream.ToArray()));
            }

            NpzContents contents = NpzArchive.Read(path);

            // np.load: "a.npy" is key "a"; "raw" starts with the magic so it is an array under its full name.
            Assert.That(contents.Keys, Is.EqualTo(new[] { "a", "raw" }));
        }
    }
}
