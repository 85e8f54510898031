using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Chainer.Serialization
{
    /// <summary>
    /// Reads and writes single arrays in NumPy's .npy format (versions 1.0, 2.0 and 3.0), the
    /// format of every member of an .npz archive.
    /// </summary>
    /// <remarks>
    /// Layout: the magic string \x93NUMPY, a major and a minor version byte, the header length
    /// (uint16 little-endian in 1.0, uint32 in 2.0 and 3.0), the header (a Python dict literal,
    /// latin-1 in 1.0/2.0 and UTF-8 in 3.0) padded with spaces and a final newline so the data
    /// starts on a 64-byte boundary, then the raw elements.
    /// </remarks>
    internal static class NpyFormat
    {
        /// <summary>Alignment of the data start that NumPy pads the header to.</summary>
        internal const int ArrayAlign = 64;

        /// <summary>
        /// Largest header accepted on read. NumPy itself refuses more than 10000 characters by
        /// default; this bound only exists so a corrupt length field cannot make us allocate gigabytes.
        /// </summary>
        internal const int MaxHeaderLength = 1 << 20;

        private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        /// <summary>Reads one array from the current position of a stream.</summary>
        /// <param name="stream">The stream; it is left just after the array's data.</param>
        /// <returns>The array in little-endian C order, whatever order the file used.</returns>
        /// <exception cref="NpzFormatException">Bad magic, unsupported version or dtype, bad header, truncated data.</exception>
        internal static NpyArray Read(Stream stream) => Read(stream, exactLength: null);

        /// <summary>Reads one array that must occupy exactly <paramref name="exactLength"/> bytes of the stream.</summary>
        /// <param name="stream">The stream, positioned at the magic string.</param>
        /// <param name="exactLength">
        /// The number of bytes the array's header and data must take (an archive member's recorded
        /// size), checked in both directions; null when unknown.
        /// </param>
        /// <exception cref="NpzFormatException">The data is not a valid array of that size.</exception>
        internal static NpyArray Read(Stream stream, long? exactLength)
        {
            ArgumentNullException.ThrowIfNull(stream);
            try
            {
                return ReadCore(stream, exactLength);
            }
            catch (Exception e) when (e is EndOfStreamException || e is InvalidDataException)
            {
                // A compressed or otherwise decoding stream may report damage itself.
                throw new NpzFormatException($"the array data is corrupt or truncated ({e.Message})", e);
            }
        }

        /// <summary>True when the bytes begin with the .npy magic string.</summary>
        internal static bool HasMagic(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

        /// <summary>Writes one array in C order, in format 1.0 unless the header needs 2.0, exactly as np.save does.</summary>
        /// <param name="stream">The stream to write to.</param>
        /// <param name="array">The array.</param>
        internal static void Write(Stream stream, NpyArray array)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ArgumentNullException.ThrowIfNull(array);
            string headerText = new NpyHeader(array.DType, bigEndian: false, fortranOrder: false, array.ShapeToArray()).Format();
            stream.Write(EncodeHeader(headerText));
            stream.Write(array.IsNone ? NonePickles[0] : array.Data);
        }

        /// <summary>
        /// The magic string, version, length field and padded header for a header text, choosing
        /// version 1.0 when the length fits in 16 bits and 2.0 otherwise.
        /// </summary>
        internal static byte[] EncodeHeader(string headerText)
        {
            // Our headers hold only ASCII (type strings, digits), so latin-1 always works and 3.0,
            // which exists for non-latin-1 structured field names, is never needed.
            byte[] text = Encoding.Latin1.GetBytes(headerText);
            byte[] prefix = BuildHeader(text, major: 1);
            return prefix.Length - 10 <= ushort.MaxValue ? prefix : BuildHeader(text, major: 2);
        }

        /// <summary>Reads one .npy file.</summary>
        /// <param name="path">The file.</param>
        /// <exception cref="NpzFormatException">The file is not a valid array; the exception names the file.</exception>
        internal static NpyArray ReadFile(string path)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            try
            {
                return Read(file, file.Length);
            }
            catch (NpzFormatException e)
            {
                throw new NpzFormatException(e.Reason, path, null, e.InnerException);
            }
        }

        /// <summary>Writes one .npy file atomically (temporary file, flush, rename).</summary>
        internal static void WriteFile(string path, NpyArray array)
        {
            ArgumentNullException.ThrowIfNull(array);
            AtomicFile.Write(path, stream => Write(stream, array));
        }

        private static byte[] BuildHeader(byte[] text, int major)
        {
            int lengthFieldSize = major == 1 ? 2 : 4;
            int prefixSize = Magic.Length + 2 + lengthFieldSize;

            // Text plus newline, then spaces up to the next 64-byte boundary; NumPy adds a whole
            // block of spaces rather than none when the text already ends on a boundary.
            int withNewline = text.Length + 1;
            int padding = ArrayAlign - ((prefixSize + withNewline) % ArrayAlign);
            int headerLength = withNewline + padding;

            var result = new byte[prefixSize + headerLength];
            Magic.CopyTo(result, 0);
            result[Magic.Length] = (byte)major;
            result[Magic.Length + 1] = 0;
            Span<byte> lengthField = result.AsSpan(Magic.Length + 2, lengthFieldSize);
            if (major == 1)
            {
                // Truncation here is harmless: EncodeHeader discards a 1.0 header that does not fit.
                BinaryPrimitives.WriteUInt16LittleEndian(lengthField, (ushort)headerLength);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(lengthField, (uint)headerLength);
            }

            text.CopyTo(result, prefixSize);
            result.AsSpan(prefixSize + text.Length, padding).Fill((byte)' ');
            result[^1] = (byte)'\n';
            return result;
        }

        private static NpyArray ReadCore(Stream stream, long? exactLength)
        {
            long consumed = 0;

            Span<byte> prefix = stackalloc byte[Magic.Length + 2];
            int got = ReadFully(stream, prefix);
            consumed += got;
            if (got < Magic.Length || !HasMagic(prefix))
            {
                if (got < Magic.Length && Magic.AsSpan(0, got).SequenceEqual(prefix[..got]) && got > 0)
                {
                    throw new NpzFormatException("the data is truncated inside the .npy magic string");
                }

                throw new NpzFormatException(got == 0
                    ? "the data is empty, expected a NumPy .npy array"
                    : "bad magic string: the data is not a NumPy .npy array");
            }

            if (got < prefix.Length)
            {
                throw new NpzFormatException("the data is truncated inside the .npy version");
            }

            int major = prefix[Magic.Length];
            int minor = prefix[Magic.Length + 1];
            if (minor != 0 || major < 1 || major > 3)
            {
                throw new NpzFormatException($"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are supported)");
            }

            Span<byte> lengthField = stackalloc byte[major == 1 ? 2 : 4];
            got = ReadFully(stream, lengthField);
            consumed += got;
            if (got < lengthField.Length)
            {
                throw new NpzFormatException("the data is truncated inside the .npy header length");
            }

            long headerLength = major == 1
                ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
                : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
            long? available = Remaining(stream, exactLength, consumed);
            if (headerLength > MaxHeaderLength || (available is long left && headerLength > left))
            {
                throw new NpzFormatException(headerLength > MaxHeaderLength
                    ? $"the .npy header length {headerLength} is implausibly large"
                    : $"the data is truncated inside the .npy header ({headerLength} bytes declared, {available} present)");
            }

            var headerBytes = new byte[headerLength];
            got = ReadFully(stream, headerBytes);
            consumed += got;
            if (got < headerBytes.Length)
            {
                throw new NpzFormatException($"the data is truncated inside the .npy header ({headerLength} bytes declared, {got} present)");
            }

            NpyHeader header = ParseHeader(headerBytes, major);
            if (header.DType == NpyDType.Object)
            {
                return ReadNone(stream, exactLength, consumed);
            }

            int itemSize = NpyDTypes.ItemSize(header.DType);
            long size = NpyArray.CheckedSize(header.Shape)
                ?? throw new NpzFormatException($"shape {NpyArray.FormatShape(header.Shape)} has too many elements");
            if (size > Array.MaxLength / itemSize)
            {
                throw new NpzFormatException(
                    $"shape {NpyArray.FormatShape(header.Shape)} of {NpyDTypes.Descr(header.DType)} needs more than the " +
                    $"{Array.MaxLength} bytes one .NET array can hold");
            }

            int byteCount = (int)(size * itemSize);
            available = Remaining(stream, exactLength, consumed);
            if (available is long remaining && remaining < byteCount)
            {
                throw TruncatedData(header, byteCount, remaining);
            }

            var data = new byte[byteCount];
            got = ReadFully(stream, data);
            if (got < byteCount)
            {
                throw TruncatedData(header, byteCount, got);
            }

            consumed += got;
            if (exactLength is long total)
            {
                // Stream.Read may legitimately return fewer bytes than asked only at the end.
                Span<byte> probe = stackalloc byte[1];
                if (consumed != total || stream.Read(probe) != 0)
                {
                    throw new NpzFormatException(
                        $"shape {NpyArray.FormatShape(header.Shape)} of {NpyDTypes.Descr(header.DType)} accounts for " +
                        $"{consumed} bytes but the member holds more ({total} recorded)");
                }
            }

            return ToCanonical(header, data);
        }

        /// <summary>
        /// The pickles np.save writes after a '|O' header for numpy.asarray(None) (protocol 3): NumPy 1.x names
        /// numpy.core.multiarray, NumPy 2.x numpy._core.multiarray. The first is what we write: both NumPy
        /// generations read it.
        /// </summary>
        private static readonly byte[][] NonePickles =
        {
            NonePickle("numpy.core.multiarray"),
            NonePickle("numpy._core.multiarray"),
        };

        private static byte[] NonePickle(string module)
        {
            string text =
                "\u0080\u0003c" + module + "\n_reconstruct\nq\u0000cnumpy\nndarray\nq\u0001K\u0000\u0085q\u0002C\u0001bq\u0003\u0087q\u0004Rq\u0005" +
                "(K\u0001)cnumpy\ndtype\nq\u0006X\u0002\u0000\u0000\u0000O8q\u0007\u0089\u0088\u0087q\u0008Rq\u0009(K\u0003X\u0001\u0000\u0000\u0000|q\nNNN" +
                "J\u00ff\u00ff\u00ff\u00ffJ\u00ff\u00ff\u00ff\u00ffK?tq\u000bb\u0089]q\u000cNatq\rb.";
            return Encoding.Latin1.GetBytes(text);
        }

        private static NpyArray ReadNone(Stream stream, long? exactLength, long consumed)
        {
            const int Limit = 4096;
            long? available = Remaining(stream, exactLength, consumed);
            if (available is long a && a > Limit)
            {
                throw UnsupportedObject();
            }

            var buffer = new byte[Limit + 1];
            int got = ReadFully(stream, buffer);
            ReadOnlySpan<byte> payload = buffer.AsSpan(0, got);
            foreach (byte[] known in NonePickles)
            {
                if (payload.SequenceEqual(known))
                {
                    return NpyArray.None;
                }
            }

            throw UnsupportedObject();
        }

        private static NpzFormatException UnsupportedObject() =>
            new NpzFormatException(
                "unsupported dtype '|O': object arrays are not read, except the 0-d array holding None that Chainer writes for an uninitialized parameter");

        private static NpyHeader ParseHeader(byte[] headerBytes, int major)
        {
            string text;
            try
            {
                text = major == 3
                    ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(headerBytes)
                    : Encoding.Latin1.GetString(headerBytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new NpzFormatException("the .npy 3.0 header is not valid UTF-8", e);
            }

            object? literal;
            try
            {
                literal = PythonLiteralParser.Parse(text);
            }
            catch (FormatException e)
            {
                throw new NpzFormatException($"cannot parse the .npy header {Quote(text)}: {e.Message}", e);
            }

            return NpyHeader.FromLiteral(literal);
        }

        private static NpyArray ToCanonical(NpyHeader header, byte[] data)
        {
            int itemSize = NpyDTypes.ItemSize(header.DType);
            if (header.BigEndian)
            {
                NpyLayout.SwapBytes(data, itemSize);
            }

            if (header.FortranOrder)
            {
                data = NpyLayout.FortranToC(data, header.Shape, itemSize);
            }

            if (header.DType == NpyDType.Bool)
            {
                // Any non-zero byte is True to NumPy; keep bool views well-formed (0 or 1).
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = data[i] != 0 ? (byte)1 : (byte)0;
                }
            }

            return new NpyArray(header.DType, header.Shape, data);
        }

        private static NpzFormatException TruncatedData(NpyHeader header, long expected, long present) =>
            new NpzFormatException(
                $"the data is truncated: shape {NpyArray.FormatShape(header.Shape)} of {NpyDTypes.Descr(header.DType)} " +
                $"needs {expected} bytes but only {present} are present");

        private static long? Remaining(Stream stream, long? exactLength, long consumed)
        {
            if (exactLength is long total)
            {
                return Math.Max(0, total - consumed);
            }

            return stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        }

        private static int ReadFully(Stream stream, Span<byte> buffer) =>
            stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

        private static string Quote(string text)
        {
            string trimmed = text.TrimEnd();
            return "\"" + (trimmed.Length > 200 ? trimmed[..200] + "..." : trimmed) + "\"";
        }
    }
}
