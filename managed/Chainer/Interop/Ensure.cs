using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chainer.Interop
{
    /// <summary>
    /// The one place that turns a native <see cref="ChStatus"/> into a typed exception,
    /// with the message recorded by the native library (<c>ch_last_error_message</c>).
    /// </summary>
    internal static class Ensure
    {
        /// <summary>Returns when <paramref name="status"/> is <see cref="ChStatus.Ok"/>; throws the mapped exception otherwise.</summary>
        /// <param name="status">The status a native call returned.</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Ok(ChStatus status)
        {
            if (status != ChStatus.Ok)
            {
                Throw(status);
            }
        }

        [DoesNotReturn]
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Throw(ChStatus status)
        {
            string message = LastErrorMessage();

            // A user-defined function's Backward failed inside a native call: surface its own exception.
            if (Chainer.UserFunctions.UserFunctionErrors.TryTake(message) is Exception user)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(user);
            }

            throw CreateException(status, message);
        }

        /// <summary>The message of the last native failure on this thread ("" when there is none).</summary>
        internal static string LastErrorMessage()
        {
            try
            {
                if (NativeMethods.ch_last_error_message(out nint message) != ChStatus.Ok || message == 0)
                {
                    return string.Empty;
                }

                return Marshal.PtrToStringUTF8(message) ?? string.Empty;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return string.Empty;
            }
        }

        /// <summary>Maps a status code and message to the exception of the managed API contract.</summary>
        /// <param name="status">A failing status code.</param>
        /// <param name="message">The native message.</param>
        /// <returns>The exception to throw.</returns>
        internal static Exception CreateException(ChStatus status, string message)
        {
            if (string.IsNullOrEmpty(message))
            {
                message = $"The native Chainer call failed with status {status}.";
            }

            return status switch
            {
                ChStatus.ErrorInvalidArgument => new ChainerArgumentException(message),
                ChStatus.ErrorInvalidType => new InvalidTypeException(message),
                ChStatus.ErrorShapeMismatch => new ShapeMismatchException(message),
                ChStatus.ErrorDtypeMismatch => new DTypeMismatchException(message),
                ChStatus.ErrorIndexOutOfRange => new AxisOutOfRangeException(message),
                ChStatus.ErrorNullArgument => new ArgumentNullException(null, message),
                ChStatus.ErrorGradient => new GradientException(message),
                ChStatus.ErrorDevice => new DeviceException(message),
                ChStatus.ErrorOutOfMemory => new NativeOutOfMemoryException(message),
                ChStatus.ErrorNotSupported => new ChainerNotSupportedException(message),
                ChStatus.ErrorInternal => new ChainerInternalException(message),
                _ => new ChainerException((ChainerStatus)(int)status, message),
            };
        }
    }
}
