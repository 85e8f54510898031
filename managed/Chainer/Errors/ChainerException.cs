using System;

namespace Chainer
{
    /// <summary>The base class of the errors reported by the native Chainer core.</summary>
    /// <remarks>
    /// Each native status code maps to one derived class (for example <see cref="InvalidTypeException"/>);
    /// <see cref="Status"/> keeps the original code.
    /// </remarks>
    public class ChainerException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        public ChainerException(ChainerStatus status, string message)
            : base(message)
        {
            Status = status;
        }

        /// <summary>Creates the exception with an inner exception.</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public ChainerException(ChainerStatus status, string message, Exception? innerException)
            : base(message, innerException)
        {
            Status = status;
        }

        /// <summary>The status code returned by the native C API.</summary>
        public ChainerStatus Status { get; }
    }
}
