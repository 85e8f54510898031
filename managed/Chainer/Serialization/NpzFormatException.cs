using System;
using System.Text;

namespace Chainer.Serialization
{
    /// <summary>
    /// A NumPy <c>.npz</c> archive or <c>.npy</c> array is truncated, corrupt or uses a feature
    /// this library cannot read (for example an unsupported dtype).
    /// </summary>
    /// <remarks>
    /// The message names the file and, when the problem is inside one array of an archive,
    /// the key of that array (the archive member name without <c>.npy</c>, e.g. <c>l1/W</c>).
    /// </remarks>
    public class NpzFormatException : Exception
    {
        /// <summary>Creates the exception with a generic message.</summary>
        public NpzFormatException()
            : this("the data is not a valid NumPy array file", null, null, null)
        {
        }

        /// <summary>Creates the exception.</summary>
        /// <param name="reason">What is wrong with the data, without the file name or key.</param>
        public NpzFormatException(string reason)
            : this(reason, null, null, null)
        {
        }

        /// <summary>Creates the exception with an inner exception.</summary>
        /// <param name="reason">What is wrong with the data, without the file name or key.</param>
        /// <param name="innerException">The exception that revealed the problem.</param>
        public NpzFormatException(string reason, Exception? innerException)
            : this(reason, null, null, innerException)
        {
        }

        /// <summary>Creates the exception for a problem in a file, optionally in one of its arrays.</summary>
        /// <param name="reason">What is wrong with the data, without the file name or key.</param>
        /// <param name="filePath">The file that was read, or null when it was not a file.</param>
        /// <param name="key">The key of the array with the problem, or null when the problem is not in one array.</param>
        /// <param name="innerException">The exception that revealed the problem, if any.</param>
        public NpzFormatException(string reason, string? filePath, string? key, Exception? innerException)
            : base(Compose(reason, filePath, key), innerException)
        {
            Reason = reason;
            FilePath = filePath;
            Key = key;
        }

        /// <summary>What is wrong with the data, without the file name or key.</summary>
        public string Reason { get; }

        /// <summary>The file that was read, or null when the data did not come from a file.</summary>
        public string? FilePath { get; }

        /// <summary>The key of the array with the problem, or null when the problem is not in one array
        /// (for example a file that is not a zip archive at all).</summary>
        public string? Key { get; }

        private static string Compose(string reason, string? filePath, string? key)
        {
            var text = new StringBuilder();
            text.Append(filePath is null ? "Invalid NumPy array data" : $"Invalid NumPy file '{filePath}'");
            if (key is not null)
            {
                text.Append($", key '{key}'");
            }

            text.Append(": ").Append(reason);
            return text.ToString();
        }
    }
}
