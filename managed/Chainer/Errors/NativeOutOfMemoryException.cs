using System;

namespace Chainer
{
    /// <summary>Native host or device memory is exhausted.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.OutOfMemory"/>.</remarks>
    public class NativeOutOfMemoryException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.OutOfMemory"/>.</summary>
        /// <param name="message">The error message.</param>
        public NativeOutOfMemoryException(string message)
            : base(ChainerStatus.OutOfMemory, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.OutOfMemory"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public NativeOutOfMemoryException(string message, Exception? innerException)
            : base(ChainerStatus.OutOfMemory, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected NativeOutOfMemoryException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected NativeOutOfMemoryException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
