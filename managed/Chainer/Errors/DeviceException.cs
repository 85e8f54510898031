using System;

namespace Chainer
{
    /// <summary>A device is not available, or arrays live on different devices.</summary>
    /// <remarks>Raised for the native status <see cref="ChainerStatus.Device"/>.</remarks>
    public class DeviceException : ChainerException
    {
        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Device"/>.</summary>
        /// <param name="message">The error message.</param>
        public DeviceException(string message)
            : base(ChainerStatus.Device, message)
        {
        }

        /// <summary>Creates the exception with the status <see cref="ChainerStatus.Device"/> and an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public DeviceException(string message, Exception? innerException)
            : base(ChainerStatus.Device, message, innerException)
        {
        }

        /// <summary>Creates the exception with an explicit status (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        protected DeviceException(ChainerStatus status, string message)
            : base(status, message)
        {
        }

        /// <summary>Creates the exception with an explicit status and an inner exception (for derived exception types).</summary>
        /// <param name="status">The native status code.</param>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        protected DeviceException(ChainerStatus status, string message, Exception? innerException)
            : base(status, message, innerException)
        {
        }
    }
}
