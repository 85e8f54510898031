using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>Damaged and unsupported files give <see cref="NpzFormatException"/> naming the file and key.</summary>
    [TestFixture]
    public class NpzCorruptFileTests
    {
        private const string F4Header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

        private string _dir = string.Empty;
        private int _zipCount;

        [SetUp]
        public void SetUp() => _dir = NpzTestData.NewTempDirectory();

        [TearDown]
        public void TearDown() => Directory.Delete(_dir, recursive: true);

        [Test]
        public void TruncatedArchiveIsNotAZip()
        {
            byte[] good = File.ReadAllBytes(NpzTestData.FixturePath("chainer_chain_linear.npz"));
            string path = Write("truncated.npz", good[..(good.Length / 2)]);
            NpzFormatException e = AssertFails(path, key: null);
            Assert.That(e.Reason, Does.Contain("zip"));
        }

        [Test]
        public void ArbitraryBytesAreNotAZip()
        {
            AssertFails(Write("text.npz", Encoding.ASCII.GetBytes("this is not a zip file at all, just text")), key: null);
            AssertFails(Write("zero.npz", Array.Empty<byte>()), key: null);
        }

        [Test]
        public void TruncatedMemberData()
        {
            // The header promises 6 float32 (24 bytes); only 20 follow.
            string path = Zip(("l1/W.npy", NpzTestData.NpyBytes(F4Header, new byte[20])));
            NpzFormatException e = AssertFails(path, "l1/W");
            Assert.That(e.Reason, Does.Contain("truncated").And.Contain("24 bytes"));
        }

        [Test]
        public void TruncatedMemberHeader()
        {
            byte[] npy = NpzTestData.NpyBytes(F4Header, new byte[24]);
            AssertFails(Zip(("x.npy", npy[..40])), "x");
            AssertFails(Zip(("x.npy", npy[..9])), "x");
            AssertFails(Zip(("x.npy", npy[..3])), "x");
            AssertFails(Zip(("x.npy", Array.Empty<byte>())), "x");
        }

        [Test]
        public void DataLongerThanTheShape()
        {
            string path = Zip(("x.npy", NpzTestData.NpyBytes(F4Header, new byte[28])));
            NpzFormatException e = AssertFails(path, "x");
            Assert.That(e.Reason, Does.Contain("(2, 3)"));
        }

        [Test]
        public void BadMagic()
        {
            byte[] npy = NpzTestData.NpyBytes(F4Header, new byte[24]);
            npy[1] = (byte)'X';
            NpzFormatException e = AssertFails(Zip(("x.npy", npy)), "x");
            Assert.That(e.Reason, Does.Contain("magic"));
        }

        [Test]
        public void UnsupportedVersion()
        {
            byte[] npy = NpzTestData.NpyBytes(F4Header, new byte[24]);
            npy[6] = 4;
            NpzFormatException e = AssertFails(Zip(("x.npy", npy)), "x");
            Assert.That(e.Reason, Does.Contain("version 4.0"));
        }

        [TestCase("<c8")]
        [TestCase("|O")]
        [TestCase("<U3")]
        public void UnsupportedDType(string descr)
        {
            string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (1,), }}";
            NpzFormatException e = AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[16]))), "x");
            Assert.That(e.Reason, Does.Contain("unsupported dtype").And.Contain(descr));
        }

        [Test]
        public void StructuredDType()
        {
            string header = "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }";
            NpzFormatException e = AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[8]))), "x");
            Assert.That(e.Reason, Does.Contain("unsupported dtype"));
        }

        [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "cannot parse")]
        [TestCase("{'descr': '<f4', 'shape': (2, 3), }", "keys")]
        [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1, }", "keys")]
        [TestCase("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", "fortran_order")]
        [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }", "shape")]
        [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "negative")]
        [TestCase("['descr', '<f4']", "not a dictionary")]
        [TestCase("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } __import__('os')", "cannot parse")]
        public void MalformedHeader(string header, string reasonPart)
        {
            NpzFormatException e = AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[24]))), "x");
            Assert.That(e.Reason, Does.Contain(reasonPart));
        }

        [Test]
        public void HugeDeclaredShapeFailsWithoutAllocating()
        {
            string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }";
            NpzFormatException e = AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[8]))), "x");
            Assert.That(e.Reason, Does.Contain(".NET array"));

            header = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }";
            e = AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[8]))), "x");
            Assert.That(e.Reason, Does.Contain("truncated"));

            header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }";
            AssertFails(Zip(("x.npy", NpzTestData.NpyBytes(header, new byte[8]))), "x");
        }

        [Test]
        public void CorruptedStoredBytesFailTheChecksum()
        {
            string path = Path.Combine(_dir, "flipped.npz");
            NpzArchive.Write(path, new[] { KeyValuePair.Create("l1/b", NpyArray.FromSpan<float>(new[] { 1f, 2f }, new long[] { 2 })) }, compress: false);
            byte[] bytes = File.ReadAllBytes(path);

            // The last data byte of the only member sits just before the central directory.
            int centralDirectory = IndexOf(bytes, new byte[] { 0x50, 0x4B, 0x01, 0x02 });
            bytes[centralDirectory - 1] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
            NpzFormatException e = AssertFails(path, "l1/b");
            Assert.That(e.Reason, Does.Contain("CRC"));
        }

        [Test]
        public void CorruptedDeflateStream()
        {
            string path = Path.Combine(_dir, "deflate.npz");
            var rng = new Random(7);
            double[] values = Enumerable.Range(0, 2000).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
            NpzArchive.Write(path, new[] { KeyValuePair.Create("w", NpyArray.FromSpan<double>(values, new long[] { 2000 })) }, compress: true);
            byte[] bytes = File.ReadAllBytes(path);
            int centralDirectory = IndexOf(bytes, new byte[] { 0x50, 0x4B, 0x01, 0x02 });
            int dataStart = 30 + "w.npy".Length;
            for (int i = dataStart + 20; i < centralDirectory - 20; i += 7)
            {
                bytes[i] ^= 0x5A;
            }

            File.WriteAllBytes(path, bytes);
            AssertFails(path, "w");
        }

        [Test]
        public void DuplicateKey()
        {
            byte[] npy = NpzTestData.NpyBytes(F4Header, new byte[24]);
            AssertFails(Zip(("x.npy", npy), ("x.npy", npy)), "x");
        }

        [Test]
        public void ReadFileNamesTheNpyFile()
        {
            string path = Write("bad.npy", Encoding.Latin1.GetBytes("\u0093NUMPY\u0001\u0000"));
            var e = Assert.Throws<NpzFormatException>(() => NpyFormat.ReadFile(path))!;
            Assert.That(e.FilePath, Is.EqualTo(path));
            Assert.That(e.Key, Is.Null);
            Assert.That(e.Message, Does.Contain(path));
        }

        [Test]
        public void StreamReadFailsWithoutAFileName()
        {
            var e = Assert.Throws<NpzFormatException>(() => NpyFormat.Read(new MemoryStream(new byte[] { 1, 2, 3 })))!;
            Assert.That(e.FilePath, Is.Null);
            Assert.That(e.Message, Does.StartWith("Invalid NumPy array data: "));
        }

        [Test]
        public void MissingFileIsNotAFormatError()
        {
            Assert.Throws<FileNotFoundException>(() => NpzArchive.Read(Path.Combine(_dir, "absent.npz")));
        }

        private static NpzFormatException AssertFails(string path, string? key)
        {
            var e = Assert.Throws<NpzFormatException>(() => NpzArchive.Read(path))!;
            TestContext.Out.WriteLine(e.Message);
            Assert.That(e.FilePath, Is.EqualTo(path), "FilePath");
            Assert.That(e.Key, Is.EqualTo(key), "Key");
            Assert.That(e.Message, Does.Contain(path));
            if (key is not null)
            {
                Assert.That(e.Message, Does.Contain($"'{key}'"));
            }

            return e;
        }

        private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

        private string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private string Zip(params (string Name, byte[] Bytes)[] members)
        {
            string path = Path.Combine(_dir, $"damaged{++_zipCount}.npz");
            NpzTestData.WriteZip(path, members);
            return path;
        }
    }
}
