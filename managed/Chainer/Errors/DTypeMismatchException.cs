using System;

namespace Chainer
{
    /// <summary>dtypes do not match or are not allowed for the operation.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.DTypeMismatch"/>.</remarks>
    public class DTypeMismatchException : InvalidTypeException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.DTypeMismatch"/>.</summary>
        /// <param name="message">The error message.</param>
        public DTypeMismatchException(string message)
            : base(ChainerStatus.DTypeMismatch, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.DTypeMismatch"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public DTypeMismatchException(string message, Exception? innerException)
            : base(ChainerStatus.DTypeMismatch, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected DTypeMismatchException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected DTypeMismatchException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
