using System;
using System.Collections.Generic;
using System.IO;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>A save that fails midway leaves the previous file byte-for-byte intact and no temporary file.</summary>
    [TestFixture]
    public class NpzAtomicWriteTests
    {
        private string _dir = string.Empty;
        private string _path = string.Empty;
        private byte[] _original = Array.Empty<byte>();

        [SetUp]
        public void SetUp()
        {
            _dir = NpzTestData.NewTempDirectory();
            _path = Path.Combine(_dir, "model.npz");
            NpzArchive.Write(_path, NpzTestData.SampleEntries(), compress: true);
            _original = File.ReadAllBytes(_path);
        }

        [TearDown]
        public void TearDown() => Directory.Delete(_dir, recursive: true);

        [TestCase(false)]
        [TestCase(true)]
        public void EntryEnumerationThrowingMidway(bool compress)
        {
            var e = Assert.Throws<InvalidOperationException>(() => NpzArchive.Write(_path, FailAfterTwo(), compress));
            Assert.That(e!.Message, Is.EqualTo("crash while collecting parameters"));
            AssertOriginalIntact();
        }

        [TestCase(false, 100)]
        [TestCase(false, 5000)]
        [TestCase(true, 300)]
        public void DiskFailingMidway(bool compress, long failAfterBytes)
        {
            // A big member so the failure lands inside array data, not just in zip bookkeeping.
            var entries = new List<KeyValuePair<string, NpyArray>>
            {
                new("small", NpyArray.Scalar(1.0)),
                new("big", NpyArray.FromSpan<double>(new double[4096], new long[] { 64, 64 })),
            };
            Assert.Throws<IOException>(() => NpzArchive.Write(
                _path, entries, compress, stream => new FailingWriteStream(stream, failAfterBytes)));
            AssertOriginalIntact();
        }

        [Test]
        public void InvalidKeyDiscoveredLate()
        {
            var entries = NpzTestData.SampleEntries();
            entries.Add(new KeyValuePair<string, NpyArray>("l1/W", NpyArray.Scalar(0f)));
            Assert.Throws<ArgumentException>(() => NpzArchive.Write(_path, entries, compress: false));
            AssertOriginalIntact();
        }

        [Test]
        public void MissingDirectoryCreatesNothing()
        {
            string path = Path.Combine(_dir, "no-such-dir", "m.npz");
            Assert.Throws<DirectoryNotFoundException>(() => NpzArchive.Write(path, NpzTestData.SampleEntries(), compress: true));
            AssertOriginalIntact();
        }

        [Test]
        public void SuccessfulWriteReplacesTheFile()
        {
            NpzArchive.Write(_path, new[] { KeyValuePair.Create("only", NpyArray.Scalar(5)) }, compress: false);
            Assert.That(NpzArchive.Read(_path).Keys, Is.EqualTo(new[] { "only" }));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { _path }));
        }

        private static IEnumerable<KeyValuePair<string, NpyArray>> FailAfterTwo()
        {
            yield return new("a", NpyArray.Scalar(1f));
            yield return new("b", NpyArray.FromSpan<float>(new float[1000], new long[] { 1000 }));
            throw new InvalidOperationException("crash while collecting parameters");
        }

        private void AssertOriginalIntact()
        {
            Assert.That(File.ReadAllBytes(_path), Is.EqualTo(_original), "the original file is unchanged");
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.EqualTo(new[] { _path }), "no temporary file is left");
            Assert.That(NpzArchive.Read(_path).Count, Is.EqualTo(NpzTestData.SampleEntries().Count));
        }

        /// <summary>Passes writes through until a byte budget is spent, then fails like a full disk.</summary>
        private sealed class FailingWriteStream : Stream
        {
            private readonly Stream _inner;
            private long _budget;

            public FailingWriteStream(Stream inner, long budget)
            {
                _inner = inner;
                _budget = budget;
            }

            public override bool CanRead => _inner.CanRead;

            public override bool CanSeek => _inner.CanSeek;

            public override bool CanWrite => true;

            public override long Length => _inner.Length;

            public override long Position
            {
                get => _inner.Position;
                set => _inner.Position = value;
            }

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (buffer.Length > _budget)
                {
                    _inner.Write(buffer[..(int)_budget]);
                    _budget = 0;
                    throw new IOException("No space left on device (simulated)");
                }

                _budget -= buffer.Length;
                _inner.Write(buffer);
            }

            public override void Flush() => _inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

            public override void SetLength(long value) => _inner.SetLength(value);
        }
    }
}
