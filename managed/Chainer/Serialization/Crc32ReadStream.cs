using System;
using System.IO;

namespace Chainer.Serialization
{
    /// <summary>A read-only pass-through stream that keeps the CRC-32 of every byte read through it.</summary>
    internal sealed class Crc32ReadStream : Stream
    {
        private readonly Stream _inner;

        /// <summary>Wraps a stream; the wrapper does not dispose it.</summary>
        internal Crc32ReadStream(Stream inner)
        {
            _inner = inner;
        }

        /// <summary>The CRC-32 of the bytes read so far.</summary>
        internal uint Crc { get; private set; } = Crc32.Initial;

        /// <inheritdoc/>
        public override bool CanRead => true;

        /// <inheritdoc/>
        public override bool CanSeek => false;

        /// <inheritdoc/>
        public override bool CanWrite => false;

        /// <inheritdoc/>
        public override long Length => throw new NotSupportedException();

        /// <inheritdoc/>
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <inheritdoc/>
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        /// <inheritdoc/>
        public override int Read(Span<byte> buffer)
        {
            int n = _inner.Read(buffer);
            Crc = Crc32.Append(Crc, buffer[..n]);
            return n;
        }

        /// <inheritdoc/>
        public override void Flush()
        {
        }

        /// <inheritdoc/>
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <inheritdoc/>
        public override void SetLength(long value) => throw new NotSupportedException();

        /// <inheritdoc/>
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
