using System;

namespace Chainer
{
    /// <summary>A type check failed, as <c>chainer.utils.type_check.InvalidType</c>. The message has Chainer's format (<c>Expect: ...</c> / <c>Actual: ...</c>).</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.InvalidType"/>.</remarks>
    public class InvalidTypeException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.InvalidType"/>.</summary>
        /// <param name="message">The error message.</param>
        public InvalidTypeException(string message)
            : base(ChainerStatus.InvalidType, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.InvalidType"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public InvalidTypeException(string message, Exception? innerException)
            : base(ChainerStatus.InvalidType, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected InvalidTypeException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected InvalidTypeException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
