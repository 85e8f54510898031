using System;

namespace Chainer
{
    /// <summary>Backpropagation cannot proceed, for example a non-scalar output has no initial gradient.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.Gradient"/>.</remarks>
    public class GradientException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Gradient"/>.</summary>
        /// <param name="message">The error message.</param>
        public GradientException(string message)
            : base(ChainerStatus.Gradient, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Gradient"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public GradientException(string message, Exception? innerException)
            : base(ChainerStatus.Gradient, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected GradientException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected GradientException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
