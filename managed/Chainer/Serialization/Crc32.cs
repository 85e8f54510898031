using System;

namespace Chainer.Serialization
{
    /// <summary>The CRC-32 of zip archives (ISO-HDLC: reflected polynomial 0xEDB88320).</summary>
    /// <remarks>
    /// ZipArchive does not check member checksums when reading, and System.IO.Hashing is not part
    /// of the shared framework, so the archive reader computes it here to catch flipped bytes.
    /// </remarks>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        /// <summary>The checksum of empty data; pass it as the first <c>crc</c> to <see cref="Append"/>.</summary>
        internal const uint Initial = 0;

        /// <summary>Extends a checksum with more data.</summary>
        /// <param name="crc">The checksum of the data so far (<see cref="Initial"/> at the start).</param>
        /// <param name="data">The next bytes.</param>
        /// <returns>The checksum of the data so far followed by <paramref name="data"/>.</returns>
        internal static uint Append(uint crc, ReadOnlySpan<byte> data)
        {
            uint c = ~crc;
            foreach (byte b in data)
            {
                c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            }

            return ~c;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
