using System;

namespace Chainer
{
    /// <summary>
    /// Raised by <see cref="GradientCheck"/> when the analytic gradient differs from the numerical one
    /// (Chainer raises an <c>AssertionError</c> there). The message holds the numbers compared.
    /// </summary>
    public class GradientCheckException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The error message with the compared values.</param>
        public GradientCheckException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with the compared values.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="numeric">The directional derivative computed by finite differences.</param>
        /// <param name="backward">The directional derivative computed by backpropagation.</param>
        public GradientCheckException(string message, double numeric, double backward)
            : base(message)
        {
            Numeric = numeric;
            Backward = backward;
        }

        /// <summary>Creates the exception with an inner exception.</summary>
        /// <param name="message">The error message.</param>
        /// <param name="innerException">The exception that caused this one.</param>
        public GradientCheckException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }

        /// <summary>The numerical directional derivative (NaN when not computed).</summary>
        public double Numeric { get; } = double.NaN;

        /// <summary>The directional derivative from backpropagation (NaN when not computed).</summary>
        public double Backward { get; } = double.NaN;
    }
}
