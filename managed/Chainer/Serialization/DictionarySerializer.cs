using System;
using System.Collections.Generic;
using Chainer.Serialization;

namespace Chainer
{
    /// <summary>
    /// The standard saving serializer (<c>chainer.serializers.DictionarySerializer</c>): it maps the hierarchy to a
    /// flat dictionary whose keys are the paths without a leading slash (<c>l1/W</c>, <c>stack/0/b</c>,
    /// <c>bn/N</c>), which <see cref="Serializers.SaveNpz(string, ISerializable, bool)"/> writes to an .npz file.
    /// </summary>
    /// <remarks>
    /// Values are copied to host memory when they are serialized, so later changes to the model do not affect
    /// what is saved. Keys keep the order in which they were serialized.
    /// </remarks>
    public sealed class DictionarySerializer : Serializer
    {
        private readonly Store _store;

        /// <summary>Creates a serializer with an empty dictionary.</summary>
        public DictionarySerializer()
            : this(new Store(), string.Empty)
        {
        }

        private DictionarySerializer(Store store, string path)
        {
            _store = store;
            Path = path;
        }

        /// <inheritdoc/>
        public override string Path { get; }

        /// <summary>The keys recorded so far (shared by this serializer and all its children), in order.</summary>
        public IReadOnlyList<string> Keys => _store.Order;

        /// <summary>The number of keys recorded.</summary>
        public int Count => _store.Order.Count;

        /// <inheritdoc/>
        public override AbstractSerializer this[string key] => new DictionarySerializer(_store, ChildPath(key));

        /// <summary>
        /// A new array holding the value recorded under the full key <paramref name="key"/>, or null for a value
        /// recorded as None (an uninitialized parameter).
        /// </summary>
        /// <param name="key">The full key, e.g. <c>l1/W</c>.</param>
        /// <returns>The array.</returns>
        /// <exception cref="KeyNotFoundException">Nothing was recorded under the key.</exception>
        public NdArray? GetArray(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (!_store.Values.TryGetValue(key, out NpyArray? value))
            {
                throw new KeyNotFoundException($"Nothing was serialized under '{key}'.");
            }

            return value.IsNone ? null : NpyConvert.ToNdArray(value);
        }

        /// <inheritdoc/>
        public override NdArray? Serialize(string key, NdArray? value)
        {
            Record(key, value is null ? NpyArray.None : NpyConvert.FromNdArray(value));
            return value;
        }

        /// <inheritdoc/>
        public override long Serialize(string key, long value)
        {
            Record(key, NpyArray.Scalar(value));
            return value;
        }

        /// <inheritdoc/>
        public override double Serialize(string key, double value)
        {
            Record(key, NpyArray.Scalar(value));
            return value;
        }

        /// <inheritdoc/>
        public override bool Serialize(string key, bool value)
        {
            Record(key, NpyArray.Scalar(value));
            return value;
        }

        /// <summary>The recorded arrays in order, for the .npz writer.</summary>
        internal IEnumerable<KeyValuePair<string, NpyArray>> Entries()
        {
            foreach (string key in _store.Order)
            {
                yield return new KeyValuePair<string, NpyArray>(key, _store.Values[key]);
            }
        }

        private void Record(string key, NpyArray value)
        {
            string full = FullKey(key);
            if (full.Length == 0)
            {
                throw new ArgumentException("A serialized value needs a non-empty key.", nameof(key));
            }

            if (!_store.Values.ContainsKey(full))
            {
                _store.Order.Add(full);
            }

            _store.Values[full] = value;
        }

        private sealed class Store
        {
            internal List<string> Order { get; } = new List<string>();

            internal Dictionary<string, NpyArray> Values { get; } = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        }
    }
}
