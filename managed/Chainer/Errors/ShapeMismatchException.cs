using System;

namespace Chainer
{
    /// <summary>Shapes cannot be broadcast together or do not match.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.ShapeMismatch"/>.</remarks>
    public class ShapeMismatchException : InvalidTypeException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.ShapeMismatch"/>.</summary>
        /// <param name="message">The error message.</param>
        public ShapeMismatchException(string message)
            : base(ChainerStatus.ShapeMismatch, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.ShapeMismatch"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public ShapeMismatchException(string message, Exception? innerException)
            : base(ChainerStatus.ShapeMismatch, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected ShapeMismatchException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected ShapeMismatchException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
