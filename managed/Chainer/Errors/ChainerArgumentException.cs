using System;

namespace Chainer
{
    /// <summary>A native routine rejected an argument value that is out of its domain (a bad axis, a negative size, a bad option).</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.InvalidArgument"/>.</remarks>
    public class ChainerArgumentException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.InvalidArgument"/>.</summary>
        /// <param name="message">The error message.</param>
        public ChainerArgumentException(string message)
            : base(ChainerStatus.InvalidArgument, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.InvalidArgument"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public ChainerArgumentException(string message, Exception? innerException)
            : base(ChainerStatus.InvalidArgument, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected ChainerArgumentException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected ChainerArgumentException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
