using System;

namespace Chainer
{
    /// <summary>An axis or index lies outside its range.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.IndexOutOfRange"/>.</remarks>
    public class AxisOutOfRangeException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.IndexOutOfRange"/>.</summary>
        /// <param name="message">The error message.</param>
        public AxisOutOfRangeException(string message)
            : base(ChainerStatus.IndexOutOfRange, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.IndexOutOfRange"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public AxisOutOfRangeException(string message, Exception? innerException)
            : base(ChainerStatus.IndexOutOfRange, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected AxisOutOfRangeException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected AxisOutOfRangeException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
