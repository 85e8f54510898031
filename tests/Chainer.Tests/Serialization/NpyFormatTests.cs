using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>The .npy codec: round trips, NumPy's exact header layout, and files written by real NumPy.</summary>
    [TestFixture]
    public class NpyFormatTests
    {
        private static IEnumerable<string> SampleKeys() => NpzTestData.SampleEntries().Select(e => e.Key);

        private static IEnumerable<string> NpyFixtures() => NpzTestData.FileNames("npy");

        // np.save keeps Fortran order and big-endian data as they are; we always write
        // little-endian C order in version 1.0, so only those files can be compared byte for byte.
        private static IEnumerable<string> CanonicalNpyFixtures() => NpyFixtures().Where(name =>
        {
            JsonElement record = NpzTestData.Record(name);
            return !record.GetProperty("fortran_order").GetBoolean() && !record.GetProperty("big_endian").GetBoolean()
                && record.GetProperty("version").GetString() == "1.0";
        });

        [TestCaseSource(nameof(SampleKeys))]
        public void RoundTripsThroughAStream(string key)
        {
            NpyArray original = NpzTestData.SampleEntries().Single(e => e.Key == key).Value;
            using var stream = new MemoryStream();
            NpyFormat.Write(stream, original);
            Assert.That(stream.Length % NpyFormat.ArrayAlign, Is.EqualTo(original.Data.Length % NpyFormat.ArrayAlign),
                "the data must start on a 64-byte boundary");
            stream.Position = 0;
            NpyArray read = NpyFormat.Read(stream);
            NpzTestData.AssertSame(original, read, key);
            Assert.That(stream.Position, Is.EqualTo(stream.Length), "the reader stops right after the data");
        }

        [Test]
        public void WritesTheHeaderNumPyWrites()
        {
            var array = NpyArray.FromSpan<float>(new float[6], new long[] { 2, 3 });
            using var stream = new MemoryStream();
            NpyFormat.Write(stream, array);
            byte[] bytes = stream.ToArray();
            string header = Encoding.Latin1.GetString(bytes, 10, 118);

            // np.save(np.zeros((2, 3), 'f4')): the dict, 20 growth spaces after it, padding to 128, newline.
            Assert.That(bytes.Take(10).ToArray(), Is.EqualTo(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }));
            Assert.That(header, Does.StartWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
            Assert.That(header.TrimEnd(' ', '\n'), Does.EndWith(", }"));
            Assert.That(header, Does.EndWith(" \n"));
            Assert.That(bytes.Length, Is.EqualTo(128 + 24));
        }

        [TestCase(new long[0], "()")]
        [TestCase(new long[] { 5 }, "(5,)")]
        [TestCase(new long[] { 0, 3 }, "(0, 3)")]
        [TestCase(new long[] { 1, 2, 3, 4 }, "(1, 2, 3, 4)")]
        public void FormatsShapesAsPythonTuples(long[] shape, string expected)
        {
            Assert.That(NpyArray.FormatShape(shape), Is.EqualTo(expected));
        }

        [TestCase(52, 64)]
        [TestCase(53, 128)]
        [TestCase(54, 128)]
        [TestCase(117, 192)]
        public void PadsHeadersLikeNumPy(int textLength, int expectedTotal)
        {
            // Expected totals from numpy.lib.format._wrap_header('x' * n, (1, 0)): a text that
            // exactly fills a block still gets a whole block of padding.
            byte[] header = NpyFormat.EncodeHeader(new string('x', textLength));
            Assert.That(header.Length, Is.EqualTo(expectedTotal));
            Assert.That(header[^1], Is.EqualTo((byte)'\n'));
            Assert.That(header[6], Is.EqualTo(1));
            Assert.That(BitConverter.ToUInt16(header, 8), Is.EqualTo(expectedTotal - 10));
        }

        [Test]
        public void SwitchesToVersion2WhenTheHeaderDoesNotFitIn64K()
        {
            // 25000 dimensions make a ~75 KB shape tuple, more than a 16-bit length can describe.
            long[] shape = Enumerable.Repeat(1L, 25000).ToArray();
            shape[^1] = 2;
            var array = NpyArray.FromSpan<int>(new[] { 4, 5 }, shape);
            using var stream = new MemoryStream();
            NpyFormat.Write(stream, array);
            byte[] bytes = stream.ToArray();
            Assert.That(bytes[6], Is.EqualTo(2), "major version");
            uint headerLength = BitConverter.ToUInt32(bytes, 8);
            Assert.That((12 + headerLength) % 64, Is.EqualTo(0));
            stream.Position = 0;
            NpzTestData.AssertSame(array, NpyFormat.Read(stream), "v2");
        }

        [TestCaseSource(nameof(NpyFixtures))]
        public void ReadsFilesWrittenByNumPy(string fileName)
        {
            JsonElement record = NpzTestData.Record(fileName);
            NpyArray array = NpyFormat.ReadFile(NpzTestData.FixturePath(fileName));
            NpzTestData.AssertMatches(array, record.GetProperty("entries")[0], fileName);
        }

        [TestCaseSource(nameof(CanonicalNpyFixtures))]
        public void RewritesCOrderLittleEndianFilesByteForByte(string fileName)
        {
            string path = NpzTestData.FixturePath(fileName);
            using var stream = new MemoryStream();
            NpyFormat.Write(stream, NpyFormat.ReadFile(path));
            Assert.That(stream.ToArray(), Is.EqualTo(File.ReadAllBytes(path)));
        }

        [Test]
        public void ReadsFortranOrderedDataInCOrder()
        {
            // np.asfortranarray(np.arange(24.).reshape(2, 3, 4)) read back must be arange in C order.
            NpyArray array = NpyFormat.ReadFile(NpzTestData.FixturePath("fortran_f8.npy"));
            Assert.That(array.ShapeToArray(), Is.EqualTo(new long[] { 2, 3, 4 }));
            Assert.That(array.ToArray<double>(), Is.EqualTo(Enumerable.Range(0, 24).Select(i => (double)i).ToArray()));
        }

        [Test]
        public void ReadsBigEndianDataAsLittleEndian()
        {
            NpyArray array = NpyFormat.ReadFile(NpzTestData.FixturePath("be_i8.npy"));
            Assert.That(array.Descr, Is.EqualTo("<i8"));
            Assert.That(array.ToArray<long>(), Is.EqualTo(new[] { 0L, -5000000000L, -10000000000L, -15000000000L, -20000000000L, -25000000000L }));
        }

        [Test]
        public void ReadsConsecutiveArraysFromOneStream()
        {
            // np.save can be called repeatedly on one open file; each read must stop at its own end.
            using var stream = new MemoryStream();
            NpyFormat.Write(stream, NpyArray.Scalar(1.5));
            NpyFormat.Write(stream, NpyArray.FromSpan<int>(new[] { 1, 2, 3 }, new long[] { 3 }));
            stream.Position = 0;
            Assert.That(NpyFormat.Read(stream).ToArray<double>(), Is.EqualTo(new[] { 1.5 }));
            Assert.That(NpyFormat.Read(stream).ToArray<int>(), Is.EqualTo(new[] { 1, 2, 3 }));
        }

        [Test]
        public void AcceptsPython2StyleHeaders()
        {
            // Python 2 NumPy wrote long integers with an L suffix and could use double quotes.
            byte[] bytes = NpzTestData.NpyBytes("{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (2L, 1L), }", new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 });
            NpyArray array = NpyFormat.Read(new MemoryStream(bytes));
            Assert.That(array.ShapeToArray(), Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(array.ToArray<int>(), Is.EqualTo(new[] { 1, 2 }));
        }

        [Test]
        public void NormalisesNonZeroBoolBytes()
        {
            byte[] bytes = NpzTestData.NpyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", new byte[] { 0, 2, 255 });
            NpyArray array = NpyFormat.Read(new MemoryStream(bytes));
            Assert.That(array.Data, Is.EqualTo(new byte[] { 0, 1, 1 }));
            Assert.That(array.ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
        }

        [Test]
        public void WriteFileIsReadBack()
        {
            string dir = NpzTestData.NewTempDirectory();
            try
            {
                string path = Path.Combine(dir, "a.npy");
                var array = NpyArray.FromSpan<float>(new[] { 1f, 2f }, new long[] { 2 });
                NpyFormat.WriteFile(path, array);
                NpzTestData.AssertSame(array, NpyFormat.ReadFile(path), "file");
                Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(1));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
