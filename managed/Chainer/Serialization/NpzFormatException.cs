using System;
using System.Text;

namespace Chainer.Serialization
{
    /// <summary>
    /// A NumPy <c>.npz</c> archive or <c>.npy</c> array is truncated, corrupt or uses a feature
    /// this library cannot read (for example an unsupported dtype).
    /// </summary>
    /// <remarks>
    /// It is a <see cref="SerializationException"/>, so loading a model reports damaged files and mismatched
    /// contents through one base class. The message names the file and, when the problem is inside one array of an archive,
    /// the key of that array (the archive member name without <c>.npy</c>, e.g. <c>l1/W</c>).
    /// </remarks>
    public class NpzFormatException : SerializationException
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
            : base(Compose(reason, filePath, key), filePath, key, innerException)
        {
            Reason = reason;
        }

        /// <summary>What is wrong with the data, without the file name or key.</summary>
        public string Reason { get; }

        private static new string Compose(string reason, string? filePath, string? key)
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
