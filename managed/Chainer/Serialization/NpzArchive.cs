using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace Chainer.Serialization
{
    /// <summary>
    /// Reads and writes NumPy .npz files: zip archives with one .npy member per array, named
    /// "&lt;key&gt;.npy" (what numpy.savez / savez_compressed write and Chainer's save_npz uses).
    /// </summary>
    /// <remarks>
    /// <para>Members are stored for <c>compress: false</c> (numpy.savez) and deflated for
    /// <c>compress: true</c> (numpy.savez_compressed). ZipArchive switches to ZIP64 records by
    /// itself when offsets or counts outgrow the classic fields, as Python's zipfile does; a single
    /// array is limited to <see cref="Array.MaxLength"/> bytes because it is held in one byte array,
    /// and a larger one is reported as an error rather than truncated.</para>
    /// <para>Every read problem surfaces as <see cref="NpzFormatException"/> naming the file and,
    /// when it is inside one member, the key; missing files give the usual file-system exceptions.</para>
    /// </remarks>
    internal static class NpzArchive
    {
        // NumPy stamps every member with the zip epoch, which keeps files reproducible; so do we.
        private static readonly DateTimeOffset MemberTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private const string NpySuffix = ".npy";

        /// <summary>Reads every array of an .npz file.</summary>
        /// <param name="path">The file.</param>
        /// <returns>The arrays in archive order, with lookup by key.</returns>
        /// <exception cref="NpzFormatException">The file is not a zip archive or a member is not a valid array.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        internal static NpzContents Read(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            ZipArchive zip;
            IReadOnlyCollection<ZipArchiveEntry> members;
            try
            {
                zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
                members = zip.Entries;
            }
            catch (Exception e) when (IsCorruption(e))
            {
                throw new NpzFormatException($"not a readable zip archive ({e.Message})", path, null, e);
            }

            using (zip)
            {
                var entries = new List<NpzEntry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (ZipArchiveEntry member in members)
                {
                    NpzEntry? entry = ReadMember(path, member);
                    if (entry is null)
                    {
                        continue;
                    }

                    if (!seen.Add(entry.Key))
                    {
                        throw new NpzFormatException("the archive holds this key twice", path, entry.Key, null);
                    }

                    entries.Add(entry);
                }

                return new NpzContents(path, entries);
            }
        }

        /// <summary>Writes arrays to an .npz file atomically, replacing any existing file only once the new one is complete.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="entries">Keys (member names without ".npy") and arrays, written in this order.</param>
        /// <param name="compress">Deflate the members (numpy.savez_compressed) or store them (numpy.savez).</param>
        /// <exception cref="ArgumentException">An empty or repeated key; the original file is untouched.</exception>
        internal static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> entries, bool compress)
            => Write(path, entries, compress, wrapStream: null);

        /// <summary>As <see cref="Write(string, IEnumerable{KeyValuePair{string, NpyArray}}, bool)"/>,
        /// with a test hook that wraps the temporary file's stream (to simulate a failing disk).</summary>
        internal static void Write(
            string path, IEnumerable<KeyValuePair<string, NpyArray>> entries, bool compress, Func<Stream, Stream>? wrapStream)
        {
            ArgumentNullException.ThrowIfNull(entries);
            AtomicFile.Write(path, stream => WriteArchive(stream, entries, compress), wrapStream);
        }

        private static void WriteArchive(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> entries, bool compress)
        {
            var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            try
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (KeyValuePair<string, NpyArray> pair in entries)
                {
                    if (string.IsNullOrEmpty(pair.Key))
                    {
                        throw new ArgumentException("an .npz key must not be empty", nameof(entries));
                    }

                    if (!seen.Add(pair.Key))
                    {
                        throw new ArgumentException($"the key '{pair.Key}' is given twice", nameof(entries));
                    }

                    if (pair.Value is null)
                    {
                        throw new ArgumentException($"the array for key '{pair.Key}' is null", nameof(entries));
                    }

                    ZipArchiveEntry member = zip.CreateEntry(
                        pair.Key + NpySuffix, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                    member.LastWriteTime = MemberTimestamp;
                    Stream memberStream = member.Open();
                    try
                    {
                        NpyFormat.Write(memberStream, pair.Value);
                    }
                    catch
                    {
                        AtomicFile.DisposeQuietly(memberStream);
                        throw;
                    }

                    memberStream.Dispose();
                }
            }
            catch
            {
                // Disposing would try to finish the archive; the temporary file is discarded anyway.
                AtomicFile.DisposeQuietly(zip);
                throw;
            }

            zip.Dispose();
        }

        /// <summary>Reads one member; null for members that are not arrays (directories, other files).</summary>
        private static NpzEntry? ReadMember(string path, ZipArchiveEntry member)
        {
            string name = member.FullName;
            if (name.EndsWith('/'))
            {
                return null;
            }

            // Like np.load: "x.npy" is key "x"; a member without the suffix is an array only if it
            // starts with the .npy magic (np.load would hand back its raw bytes otherwise).
            bool npyName = name.EndsWith(NpySuffix, StringComparison.Ordinal);
            string key = npyName ? name[..^NpySuffix.Length] : name;
            try
            {
                if (!npyName && !StartsWithMagic(member))
                {
                    return null;
                }

                using Stream raw = member.Open();
                var checksummed = new Crc32ReadStream(raw);
                NpyArray array = NpyFormat.Read(checksummed, member.Length);
                if (checksummed.Crc != member.Crc32)
                {
                    throw new NpzFormatException(
                        $"CRC-32 mismatch (computed {checksummed.Crc:x8}, recorded {member.Crc32:x8}): the member is corrupt");
                }

                return new NpzEntry(key, array);
            }
            catch (NpzFormatException e) when (e.FilePath is null)
            {
                throw new NpzFormatException(e.Reason, path, key, e.InnerException);
            }
            catch (Exception e) when (IsCorruption(e))
            {
                throw new NpzFormatException($"the member is corrupt or truncated ({e.Message})", path, key, e);
            }
        }

        private static bool StartsWithMagic(ZipArchiveEntry member)
        {
            using Stream raw = member.Open();
            Span<byte> start = stackalloc byte[6];
            int got = raw.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            return NpyFormat.HasMagic(start[..got]);
        }

        /// <summary>
        /// Exceptions ZipArchive and its decompressing streams raise for damaged input (bad
        /// signatures, impossible offsets, truncated deflate data, unsupported methods).
        /// </summary>
        private static bool IsCorruption(Exception e) =>
            e is InvalidDataException or EndOfStreamException or IOException or NotSupportedException or ArgumentException;
    }
}
