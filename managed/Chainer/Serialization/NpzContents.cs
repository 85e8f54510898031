using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace Chainer.Serialization
{
    /// <summary>
    /// The arrays of an .npz file, in archive order, with lookup by key.
    /// </summary>
    /// <remarks>
    /// Chainer's key order follows Python set iteration (hash-seed dependent), so consumers should
    /// look keys up rather than rely on the order, which is kept only for diagnostics and round trips.
    /// </remarks>
    internal sealed class NpzContents : IReadOnlyList<NpzEntry>
    {
        private readonly List<NpzEntry> _entries;
        private readonly Dictionary<string, NpyArray> _byKey;

        /// <summary>Creates the contents; keys must be unique.</summary>
        internal NpzContents(string filePath, IEnumerable<NpzEntry> entries)
        {
            FilePath = filePath;
            _entries = entries.ToList();
            _byKey = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (NpzEntry entry in _entries)
            {
                _byKey.Add(entry.Key, entry.Array);
            }
        }

        /// <summary>The file the arrays were read from.</summary>
        internal string FilePath { get; }

        /// <summary>The keys in archive order.</summary>
        internal IEnumerable<string> Keys => _entries.Select(e => e.Key);

        /// <inheritdoc/>
        public int Count => _entries.Count;

        /// <inheritdoc/>
        public NpzEntry this[int index] => _entries[index];

        /// <summary>The array stored under a key.</summary>
        /// <exception cref="KeyNotFoundException">No such key; the message has Chainer's wording and names the file.</exception>
        internal NpyArray this[string key] => TryGetValue(key, out NpyArray? array)
            ? array
            : throw new KeyNotFoundException($"{key} is not a file in the archive '{FilePath}'");

        /// <summary>True when the archive has an array under <paramref name="key"/>.</summary>
        internal bool ContainsKey(string key) => _byKey.ContainsKey(key);

        /// <summary>Looks an array up by key.</summary>
        internal bool TryGetValue(string key, [MaybeNullWhen(false)] out NpyArray array) => _byKey.TryGetValue(key, out array);

        /// <inheritdoc/>
        public IEnumerator<NpzEntry> GetEnumerator() => _entries.GetEnumerator();

        /// <inheritdoc/>
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
