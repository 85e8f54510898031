using System;
using System.Collections.Generic;

namespace Chainer
{
    /// <summary>
    /// A link made of named child links (<c>chainer.Chain</c>). Children are registered under the names Chainer
    /// uses for attributes, which become the paths of their parameters (<c>/l1/W</c>) and the keys of saved
    /// files (<c>l1/W</c>).
    /// </summary>
    /// <example>
    /// <code>
    /// class MLP : Chain, IForward
    /// {
    ///     private readonly L.Linear l1, l2;
    ///     public MLP(int nUnits, int nOut)
    ///     {
    ///         l1 = Add("l1", new L.Linear(null, nUnits));   // with self.init_scope(): self.l1 = L.Linear(None, n_units)
    ///         l2 = Add("l2", new L.Linear(null, nOut));
    ///     }
    ///     public Variable Forward(Variable x) => l2.Forward(F.Relu(l1.Forward(x)));
    /// }
    ///
    /// // or, without a class: children by name, as chainer.Chain(l1=..., l2=...)
    /// var chain = new Chain { ["l1"] = new L.Linear(3, 4), ["l2"] = new L.Linear(4, 2) };
    /// </code>
    /// </example>
    public class Chain : Link
    {
        private SortedDictionary<string, Link> _children = new SortedDictionary<string, Link>(StringComparer.Ordinal);

        /// <summary>Creates a chain without children.</summary>
        public Chain()
        {
        }

        /// <summary>Creates a chain with the given named children (<c>chainer.Chain(l1=..., l2=...)</c>).</summary>
        /// <param name="links">(name, link) pairs.</param>
        public Chain(params (string Name, Link Link)[] links)
        {
            ArgumentNullException.ThrowIfNull(links);
            foreach ((string name, Link link) in links)
            {
                Add(name, link);
            }
        }

        /// <summary>The number of direct children.</summary>
        public int ChildCount => _children.Count;

        /// <summary>
        /// The child registered under <paramref name="name"/> (<c>chain['l1']</c>). Setting registers a new child or
        /// replaces an existing one.
        /// </summary>
        /// <param name="name">The child's name.</param>
        /// <exception cref="KeyNotFoundException">(get) No child has this name.</exception>
        public Link this[string name]
        {
            get
            {
                ArgumentNullException.ThrowIfNull(name);
                return _children.TryGetValue(name, out Link? link)
                    ? link
                    : throw new KeyNotFoundException($"The chain has no child link '{name}'.");
            }

            set
            {
                ArgumentNullException.ThrowIfNull(name);
                ArgumentNullException.ThrowIfNull(value);
                if (_children.ContainsKey(name))
                {
                    _children[name] = value;
                    value.Name = name;
                }
                else
                {
                    Add(name, value);
                }
            }
        }

        /// <summary>
        /// Registers <paramref name="link"/> as the child <paramref name="name"/> (<c>Chain.add_link</c>, or assigning
        /// a link attribute inside <c>init_scope()</c>) and returns it, so that a typed field can keep it.
        /// </summary>
        /// <typeparam name="T">The link type.</typeparam>
        /// <param name="name">The child's name, e.g. <c>l1</c>.</param>
        /// <param name="link">The link.</param>
        /// <returns><paramref name="link"/>.</returns>
        /// <exception cref="ArgumentException">The name is empty, contains '/', or is already used by a child, parameter or persistent value.</exception>
        public T Add<T>(string name, T link)
            where T : Link
        {
            ValidateNewName(name);
            ArgumentNullException.ThrowIfNull(link);
            if (ReferenceEquals(link, this))
            {
                throw new ArgumentException("A chain cannot be its own child.", nameof(link));
            }

            AdoptChild(link);
            _children[name] = link;
            link.Name = name;
            return link;
        }

        /// <summary>Whether a child is registered under <paramref name="name"/>.</summary>
        /// <param name="name">The name.</param>
        /// <returns>True when it exists.</returns>
        public bool Contains(string name) => _children.ContainsKey(name);

        /// <summary>The child registered under <paramref name="name"/>, if any.</summary>
        /// <param name="name">The name.</param>
        /// <param name="link">The child, or null.</param>
        /// <returns>True when it exists.</returns>
        public bool TryGetChild(string name, out Link? link) => _children.TryGetValue(name, out link);

        /// <summary>Unregisters the child <paramref name="name"/> (<c>del chain.l1</c>) without disposing it.</summary>
        /// <param name="name">The name.</param>
        /// <returns>True when a child was removed.</returns>
        public bool Remove(string name)
        {
            if (_children.Remove(name, out Link? link))
            {
                link.Name = null;
                return true;
            }

            return false;
        }

        /// <inheritdoc/>
        private protected override IEnumerable<(string Name, Link Child)> NamedChildren()
        {
            foreach (KeyValuePair<string, Link> pair in _children)
            {
                yield return (pair.Key, pair.Value);
            }
        }

        /// <inheritdoc/>
        private protected override bool HasChild(string name) => _children.ContainsKey(name);

        /// <inheritdoc/>
        private protected override Link GetOwnChild(string name) =>
            _children.TryGetValue(name, out Link? link) ? link : throw new ArgumentException($"The chain has no child link '{name}'.", nameof(name));

        /// <inheritdoc/>
        private protected override void CopyChildrenInto(CopyMode mode, Dictionary<object, object> map)
        {
            var copies = new SortedDictionary<string, Link>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, Link> pair in _children)
            {
                Link copy = CopyChild(pair.Value, mode, map);
                copy.Name = pair.Key;
                copies[pair.Key] = copy;
            }

            _children = copies;
        }
    }
}
