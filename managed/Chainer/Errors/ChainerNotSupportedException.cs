using System;

namespace Chainer
{
    /// <summary>The operation is not supported for these arguments (for example, this dtype).</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.NotSupported"/>.</remarks>
    public class ChainerNotSupportedException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.NotSupported"/>.</summary>
        /// <param name="message">The error message.</param>
        public ChainerNotSupportedException(string message)
            : base(ChainerStatus.NotSupported, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.NotSupported"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public ChainerNotSupportedException(string message, Exception? innerException)
            : base(ChainerStatus.NotSupported, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected ChainerNotSupportedException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected ChainerNotSupportedException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
