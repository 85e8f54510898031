using System;
using System.Collections.Generic;
using Chainer.Serialization;

namespace Chainer
{
    /// <summary>
    /// Saving and loading models and optimizers in NumPy's .npz format (<c>chainer.serializers</c>), compatible
    /// with Chainer's <c>save_npz</c> / <c>load_npz</c> in both directions.
    /// </summary>
    /// <remarks>
    /// <para>Keys are Chainer's: the paths of parameters and persistent values without a leading slash
    /// (<c>l1/W</c>, <c>stack/0/W</c>, <c>bn/avg_mean</c>, <c>bn/N</c> as a 0-d int64); a link made with
    /// <c>nobias</c> has no <c>b</c> key. An uninitialized parameter is saved as None, as Chainer saves it, and
    /// an uninitialized parameter takes its shape from the file when loading.</para>
    /// <para>Saving writes a temporary file next to the target and renames it over the target only when it is
    /// complete, so a failure or a crash never leaves a damaged file where a good one was.</para>
    /// </remarks>
    public static class Serializers
    {
        /// <summary>Saves <paramref name="target"/> to an .npz file (<c>chainer.serializers.save_npz</c>).</summary>
        /// <param name="file">The file to create or replace.</param>
        /// <param name="target">A link, an optimizer or any <see cref="ISerializable"/>.</param>
        /// <param name="compression">Deflate the members (<c>numpy.savez_compressed</c>) or store them (<c>numpy.savez</c>).</param>
        /// <exception cref="System.IO.IOException">The file cannot be written; an existing file is left as it was.</exception>
        public static void SaveNpz(string file, ISerializable target, bool compression = true) => SaveNpz(file, target, compression, null);

        /// <summary>As <see cref="SaveNpz(string, ISerializable, bool)"/>, with a test hook wrapping the temporary file's stream.</summary>
        internal static void SaveNpz(string file, ISerializable target, bool compression, Func<System.IO.Stream, System.IO.Stream>? wrapStream)
        {
            ArgumentException.ThrowIfNullOrEmpty(file);
            ArgumentNullException.ThrowIfNull(target);

            // Everything is collected in memory first: a failure while serializing never touches the file.
            var serializer = new DictionarySerializer();
            serializer.Save(target);
            NpzArchive.Write(file, serializer.Entries(), compression, wrapStream);
        }

        /// <summary>Saves named arrays to an .npz file (<c>save_npz</c> given a dict), in the order given.</summary>
        /// <param name="file">The file to create or replace.</param>
        /// <param name="arrays">Keys and arrays.</param>
        /// <param name="compression">Deflate the members.</param>
        public static void SaveNpz(string file, IEnumerable<KeyValuePair<string, NdArray>> arrays, bool compression = true)
        {
            ArgumentException.ThrowIfNullOrEmpty(file);
            ArgumentNullException.ThrowIfNull(arrays);
            var entries = new List<KeyValuePair<string, NpyArray>>();
            foreach (KeyValuePair<string, NdArray> pair in arrays)
            {
                ArgumentNullException.ThrowIfNull(pair.Value, nameof(arrays));
                entries.Add(new KeyValuePair<string, NpyArray>(pair.Key, NpyConvert.FromNdArray(pair.Value)));
            }

            NpzArchive.Write(file, entries, compression);
        }

        /// <summary>
        /// Loads <paramref name="target"/> from an .npz file (<c>chainer.serializers.load_npz</c>).
        /// </summary>
        /// <param name="file">The .npz file.</param>
        /// <param name="target">A link, an optimizer or any <see cref="ISerializable"/>.</param>
        /// <param name="path">The path in the file under which the target's keys are, e.g. <c>"updater/model:main/"</c>; empty for the root.</param>
        /// <param name="strict">Throw for a missing key; when false, values without a key are left as they are.</param>
        /// <param name="ignoreNames">Full keys (such as <c>l1/W</c>) to leave untouched, or null.</param>
        /// <exception cref="SerializationKeyNotFoundException">A key is missing (with <paramref name="strict"/>).</exception>
        /// <exception cref="SerializationShapeMismatchException">An array has another shape than its target.</exception>
        /// <exception cref="SerializationDTypeMismatchException">An array cannot be cast to its target's dtype (NumPy same_kind).</exception>
        /// <exception cref="NpzFormatException">The file is damaged or not an .npz file.</exception>
        /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
        public static void LoadNpz(string file, ISerializable target, string path = "", bool strict = true, IEnumerable<string>? ignoreNames = null)
        {
            ArgumentNullException.ThrowIfNull(target);
            new NpzDeserializer(file, path, strict, ignoreNames).Load(target);
        }

        /// <summary>As <see cref="LoadNpz(string, ISerializable, string, bool, IEnumerable{string})"/>, skipping the keys a predicate chooses (<c>ignore_names</c> given a callable).</summary>
        /// <param name="file">The .npz file.</param>
        /// <param name="target">The object to load into.</param>
        /// <param name="ignore">Returns true for full keys to leave untouched.</param>
        /// <param name="path">The path in the file under which the target's keys are.</param>
        /// <param name="strict">Throw for a missing key.</param>
        public static void LoadNpz(string file, ISerializable target, Func<string, bool> ignore, string path = "", bool strict = true)
        {
            ArgumentNullException.ThrowIfNull(target);
            ArgumentNullException.ThrowIfNull(ignore);
            new NpzDeserializer(file, path, strict, null, ignore).Load(target);
        }

        /// <summary>The flat dictionary Chainer's <c>serializers.serialize(obj)</c> builds: full keys and host copies of the arrays (null for None).</summary>
        /// <param name="target">The object.</param>
        /// <returns>Keys and arrays in serialization order.</returns>
        public static IReadOnlyList<KeyValuePair<string, NdArray?>> Serialize(ISerializable target)
        {
            ArgumentNullException.ThrowIfNull(target);
            var serializer = new DictionarySerializer();
            serializer.Save(target);
            var result = new List<KeyValuePair<string, NdArray?>>();
            foreach (string key in serializer.Keys)
            {
                result.Add(new KeyValuePair<string, NdArray?>(key, serializer.GetArray(key)));
            }

            return result;
        }
    }
}
