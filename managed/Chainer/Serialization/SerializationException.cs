using System;
using System.Text;

namespace Chainer
{
    /// <summary>
    /// Saving or loading a model or optimizer failed (<see cref="Serializers"/>): a key is missing, an array has
    /// the wrong shape or dtype, or the file is damaged (<see cref="Serialization.NpzFormatException"/>).
    /// </summary>
    /// <remarks>
    /// <see cref="FilePath"/> and <see cref="Key"/> name the file and the array (e.g. <c>l1/W</c>) when known; the
    /// message names them too. The <see cref="ChainerException.Status"/> is <see cref="ChainerStatus.InvalidArgument"/>.
    /// </remarks>
    public class SerializationException : ChainerException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">The message.</param>
        public SerializationException(string message)
            : this(message, null, null, null)
        {
        }

        /// <summary>Creates the exception.</summary>
        /// <param name="message">The message.</param>
        /// <param name="innerException">The cause.</param>
        public SerializationException(string message, Exception? innerException)
            : this(message, null, null, innerException)
        {
        }

        /// <summary>Creates the exception for a problem with one key of a file.</summary>
        /// <param name="message">The complete message.</param>
        /// <param name="filePath">The file, or null.</param>
        /// <param name="key">The key, or null.</param>
        /// <param name="innerException">The cause, or null.</param>
        public SerializationException(string message, string? filePath, string? key, Exception? innerException)
            : base(ChainerStatus.InvalidArgument, message, innerException)
        {
            FilePath = filePath;
            Key = key;
        }

        /// <summary>The file that was read or written, or null.</summary>
        public string? FilePath { get; }

        /// <summary>The key (path in the archive, e.g. <c>l1/W</c>) of the array with the problem, or null.</summary>
        public string? Key { get; }

        /// <summary>Composes "what, key 'k', in file 'f'" messages.</summary>
        internal static string Compose(string what, string? filePath, string? key)
        {
            var text = new StringBuilder(what);
            if (key is not null)
            {
                text.Append(" (key '").Append(key).Append('\'');
                text.Append(filePath is null ? ")" : $", file '{filePath}')");
            }
            else if (filePath is not null)
            {
                text.Append(" (file '").Append(filePath).Append("')");
            }

            return text.ToString();
        }
    }

    /// <summary>A key the target expects is not in the file (Chainer's <c>KeyError: 'l3/b is not a file in the archive'</c>).</summary>
    public class SerializationKeyNotFoundException : SerializationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="filePath">The file, or null.</param>
        /// <param name="key">The missing key.</param>
        public SerializationKeyNotFoundException(string? filePath, string key)
            : base(
                filePath is null
                    ? $"'{key}' is not in the data being loaded"
                    : $"'{key}' is not a file in the archive '{filePath}' (pass strict: false to skip missing keys)",
                filePath,
                key,
                null)
        {
        }
    }

    /// <summary>An array in the file does not have the shape of the parameter or persistent array it is loaded into.</summary>
    public class SerializationShapeMismatchException : SerializationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="filePath">The file, or null.</param>
        /// <param name="key">The key.</param>
        /// <param name="expected">The target's shape.</param>
        /// <param name="actual">The shape in the file.</param>
        public SerializationShapeMismatchException(string? filePath, string key, long[] expected, long[] actual)
            : base(
                Compose(
                    $"Shape mismatch: the file holds an array of shape {ShapeUtil.Format(actual)} but the target has shape {ShapeUtil.Format(expected)}",
                    filePath,
                    key),
                filePath,
                key,
                null)
        {
            ExpectedShape = (long[])expected.Clone();
            ActualShape = (long[])actual.Clone();
        }

        /// <summary>The shape of the target.</summary>
        public long[] ExpectedShape { get; }

        /// <summary>The shape in the file.</summary>
        public long[] ActualShape { get; }
    }

    /// <summary>
    /// An array in the file cannot be cast to the target's dtype under NumPy's <c>same_kind</c> rule (float64 into
    /// float32 is allowed; float into int, or int into bool, is not).
    /// </summary>
    public class SerializationDTypeMismatchException : SerializationException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="filePath">The file, or null.</param>
        /// <param name="key">The key.</param>
        /// <param name="target">The target's type (a dtype name such as float32, or a C# scalar type).</param>
        /// <param name="actual">The dtype in the file, e.g. float64.</param>
        public SerializationDTypeMismatchException(string? filePath, string key, string target, string actual)
            : base(
                Compose($"Cannot cast the file's {actual} array to the target's {target} (NumPy same_kind casting)", filePath, key),
                filePath,
                key,
                null)
        {
            TargetType = target;
            FileDType = actual;
        }

        /// <summary>The target's type.</summary>
        public string TargetType { get; }

        /// <summary>The dtype in the file.</summary>
        public string FileDType { get; }
    }
}
