using System;
using System.IO;

namespace Chainer.Serialization
{
    /// <summary>
    /// Replaces a file all at once: the content goes to a temporary file in the same directory,
    /// which is flushed to disk and then renamed over the target.
    /// </summary>
    /// <remarks>
    /// A crash or exception mid-write therefore leaves either the old file or the complete new
    /// one, never a partial file. The temporary file is in the target's directory because a rename
    /// is only atomic within one file system.
    /// </remarks>
    internal static class AtomicFile
    {
        /// <summary>The suffix of temporary files, so leftovers of a killed process are recognisable.</summary>
        internal const string TempSuffix = ".tmp";

        /// <summary>Writes a file atomically.</summary>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="write">Writes the whole content to the stream it is given.</param>
        /// <param name="wrapStream">
        /// Test hook: wraps the temporary file's stream before <paramref name="write"/> sees it
        /// (for example to fail after some bytes). Null in normal use.
        /// </param>
        /// <exception cref="Exception">
        /// Whatever <paramref name="write"/> or the file system throws; the original file is then
        /// untouched and the temporary file is deleted.
        /// </exception>
        internal static void Write(string path, Action<Stream> write, Func<Stream, Stream>? wrapStream = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(write);
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' is not a file path", nameof(path));
            string tempPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempSuffix}");

            FileStream? file = null;
            try
            {
                file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                Stream target = wrapStream?.Invoke(file) ?? file;
                write(target);
                target.Flush();

                // Flush(true) reaches the disk, so the rename cannot publish a file whose data is
                // still only in the page cache when the machine goes down.
                file.Flush(flushToDisk: true);
                file.Dispose();
                file = null;
                File.Move(tempPath, fullPath, overwrite: true);
            }
            catch
            {
                DisposeQuietly(file);
                DeleteQuietly(tempPath);
                throw;
            }
        }

        /// <summary>Disposes, ignoring failures: used only while another exception is propagating.</summary>
        internal static void DisposeQuietly(IDisposable? disposable)
        {
            try
            {
                disposable?.Dispose();
            }
            catch (Exception)
            {
                // The original exception is the one worth reporting.
            }
        }

        private static void DeleteQuietly(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception)
            {
                // Nothing better to do; the name marks it as a leftover temporary file.
            }
        }
    }
}
