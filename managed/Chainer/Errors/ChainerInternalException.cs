using System;

namespace Chainer
{
    /// <summary>A bug in the native library was detected.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.Internal"/>.</remarks>
    public class ChainerInternalException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Internal"/>.</summary>
        /// <param name="message">The error message.</param>
        public ChainerInternalException(string message)
            : base(ChainerStatus.Internal, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Internal"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public ChainerInternalException(string message, Exception? innerException)
            : base(ChainerStatus.Internal, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected ChainerInternalException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected ChainerInternalException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
