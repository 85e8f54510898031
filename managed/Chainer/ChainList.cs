using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Chainer
{
    /// <summary>
    /// A link holding a list of child links named by their index: <c>"0"</c>, <c>"1"</c>, ... (<c>chainer.ChainList</c>).
    /// Parameters are yielded in index order: <c>/0/W</c>, <c>/0/b</c>, <c>/1/W</c>, ...
    /// </summary>
    /// <example>
    /// <code>
    /// var stack = new ChainList { new L.Linear(3, 4), new L.Linear(4, 2) };   // chainer.ChainList(L.Linear(3, 4), L.Linear(4, 2))
    /// Variable h = x;
    /// foreach (L.Linear l in stack) h = F.Relu(l.Forward(h));
    /// </code>
    /// </example>
    public class ChainList : Link, IReadOnlyList<Link>
    {
        private List<Link> _children = new List<Link>();

        /// <summary>Creates a list with the given children (<c>chainer.ChainList(*links)</c>).</summary>
        /// <param name="links">The children, in order.</param>
        public ChainList(params Link[] links)
        {
            ArgumentNullException.ThrowIfNull(links);
            foreach (Link link in links)
            {
                Add(link);
            }
        }

        /// <summary>The number of children (<c>len(chainlist)</c>).</summary>
        public int Count => _children.Count;

        /// <summary>The child at <paramref name="index"/>; setting replaces it (the new child takes the index as its name).</summary>
        /// <param name="index">The index; negative values count from the end, as in Python.</param>
        public Link this[int index]
        {
            get => _children[Normalize(index)];
            set
            {
                ArgumentNullException.ThrowIfNull(value);
                int i = Normalize(index);
                _children[i] = value;
                value.Name = i.ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <summary>Appends a child (<c>ChainList.append</c> / <c>add_link</c>); its name becomes its index.</summary>
        /// <param name="link">The link.</param>
        public void Add(Link link) => Insert(_children.Count, link);

        /// <summary>Inserts a child at <paramref name="index"/> and renumbers the children (<c>ChainList.insert</c>).</summary>
        /// <param name="index">The position, 0..Count.</param>
        /// <param name="link">The link.</param>
        public void Insert(int index, Link link)
        {
            ArgumentNullException.ThrowIfNull(link);
            if (ReferenceEquals(link, this))
            {
                throw new ArgumentException("A chain list cannot be its own child.", nameof(link));
            }

            if (index < 0 || index > _children.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be in 0..{_children.Count}.");
            }

            AdoptChild(link);
            _children.Insert(index, link);
            Renumber();
        }

        /// <summary>Removes the child at <paramref name="index"/> (without disposing it) and renumbers the rest (<c>del chainlist[i]</c>).</summary>
        /// <param name="index">The index; negative values count from the end.</param>
        public void RemoveAt(int index)
        {
            int i = Normalize(index);
            Link link = _children[i];
            _children.RemoveAt(i);
            link.Name = null;
            Renumber();
        }

        /// <inheritdoc/>
        public IEnumerator<Link> GetEnumerator() => _children.GetEnumerator();

        /// <inheritdoc/>
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <inheritdoc/>
        private protected override IEnumerable<(string Name, Link Child)> NamedChildren()
        {
            for (int i = 0; i < _children.Count; i++)
            {
                yield return (i.ToString(CultureInfo.InvariantCulture), _children[i]);
            }
        }

        /// <inheritdoc/>
        private protected override bool HasChild(string name) =>
            int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < _children.Count;

        /// <inheritdoc/>
        private protected override Link GetOwnChild(string name) =>
            int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < _children.Count
                ? _children[i]
                : throw new ArgumentException($"The chain list has no child '{name}'.", nameof(name));

        /// <inheritdoc/>
        private protected override void CopyChildrenInto(CopyMode mode, Dictionary<object, object> map)
        {
            var copies = new List<Link>(_children.Count);
            foreach (Link child in _children)
            {
                copies.Add(CopyChild(child, mode, map));
            }

            _children = copies;
            Renumber();
        }

        private void Renumber()
        {
            for (int i = 0; i < _children.Count; i++)
            {
                _children[i].Name = i.ToString(CultureInfo.InvariantCulture);
            }
        }

        private int Normalize(int index)
        {
            int i = index < 0 ? index + _children.Count : index;
            if (i < 0 || i >= _children.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The chain list has {_children.Count} children.");
            }

            return i;
        }
    }
}
