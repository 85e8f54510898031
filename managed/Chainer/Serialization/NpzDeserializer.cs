using System;
using System.Collections.Generic;
using System.Linq;
using Chainer.Serialization;

namespace Chainer
{
    /// <summary>
    /// The standard loading serializer (<c>chainer.serializers.NpzDeserializer</c>): it reads the arrays of an .npz
    /// file written by <see cref="Serializers.SaveNpz(string, ISerializable, bool)"/> or by Chainer's
    /// <c>save_npz</c>, looking keys up by name.
    /// </summary>
    /// <remarks>
    /// Arrays are loaded in place, checking the shape and NumPy's <c>same_kind</c> casting (float64 into float32
    /// is allowed, float into int is not); a missing key, a wrong shape or a wrong dtype throws a
    /// <see cref="SerializationException"/> naming the key and the file.
    /// </remarks>
    public sealed class NpzDeserializer : Deserializer
    {
        private readonly NpzContents _npz;
        private readonly Func<string, bool>[] _ignore;

        /// <summary>Reads an .npz file (<c>NpzDeserializer(numpy.load(file), path, strict, ignore_names)</c>).</summary>
        /// <param name="file">The .npz file.</param>
        /// <param name="path">The path in the file under which the object's keys are looked up, e.g. <c>"model/"</c>.</param>
        /// <param name="strict">Throw for a missing key; when false, values without a key keep their current value.</param>
        /// <param name="ignoreNames">Full keys (such as <c>l1/W</c>) to leave untouched, or null.</param>
        /// <param name="ignore">A predicate on full keys choosing more keys to leave untouched, or null.</param>
        /// <exception cref="NpzFormatException">The file is damaged or not an .npz file.</exception>
        /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
        public NpzDeserializer(string file, string path = "", bool strict = true, IEnumerable<string>? ignoreNames = null, Func<string, bool>? ignore = null)
            : this(NpzArchive.Read(file), path, strict, BuildIgnore(ignoreNames, ignore))
        {
        }

        private NpzDeserializer(NpzContents npz, string path, bool strict, Func<string, bool>[] ignore)
        {
            ArgumentNullException.ThrowIfNull(path);
            _npz = npz;
            Path = path;
            Strict = strict;
            _ignore = ignore;
        }

        /// <inheritdoc/>
        public override string Path { get; }

        /// <summary>Whether a missing key throws.</summary>
        public bool Strict { get; }

        /// <summary>The file being read.</summary>
        public string FilePath => _npz.FilePath;

        /// <summary>The keys in the file, in archive order.</summary>
        public IEnumerable<string> FileKeys => _npz.Keys;

        /// <inheritdoc/>
        public override AbstractSerializer this[string key] => new NpzDeserializer(_npz, ChildPath(key), Strict, _ignore);

        /// <inheritdoc/>
        public override NdArray? Serialize(string key, NdArray? value)
        {
            if (!TryGet(key, out string full, out NpyArray? stored) || stored.IsNone)
            {
                return value;
            }

            if (value is null)
            {
                return NpyConvert.ToNdArray(stored);
            }

            NpyConvert.CopyInto(stored, value, FilePath, full);
            return value;
        }

        /// <inheritdoc/>
        public override long Serialize(string key, long value) =>
            TryGet(key, out string full, out NpyArray? stored) && !stored.IsNone ? NpyConvert.ToInt64(stored, FilePath, full) : value;

        /// <inheritdoc/>
        public override double Serialize(string key, double value) =>
            TryGet(key, out string full, out NpyArray? stored) && !stored.IsNone ? NpyConvert.ToDouble(stored, FilePath, full) : value;

        /// <inheritdoc/>
        public override bool Serialize(string key, bool value) =>
            TryGet(key, out string full, out NpyArray? stored) && !stored.IsNone ? NpyConvert.ToBool(stored, FilePath, full) : value;

        internal static NpzDeserializer FromContents(NpzContents npz, string path, bool strict, IEnumerable<string>? ignoreNames, Func<string, bool>? ignore) =>
            new NpzDeserializer(npz, path, strict, BuildIgnore(ignoreNames, ignore));

        private static Func<string, bool>[] BuildIgnore(IEnumerable<string>? names, Func<string, bool>? predicate)
        {
            var result = new List<Func<string, bool>>();
            if (names is not null)
            {
                var set = new HashSet<string>(names, StringComparer.Ordinal);
                if (set.Count > 0)
                {
                    result.Add(set.Contains);
                }
            }

            if (predicate is not null)
            {
                result.Add(predicate);
            }

            return result.ToArray();
        }

        private bool TryGet(string key, out string full, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NpyArray? stored)
        {
            full = FullKey(key);
            stored = null;
            if (!Strict && !_npz.ContainsKey(full))
            {
                return false;
            }

            string k = full;
            if (_ignore.Any(f => f(k)))
            {
                return false;
            }

            if (!_npz.TryGetValue(full, out stored))
            {
                throw new SerializationKeyNotFoundException(FilePath, full);
            }

            return true;
        }
    }
}
