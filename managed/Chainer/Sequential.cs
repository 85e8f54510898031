using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Chainer
{
    /// <summary>
    /// A model that applies its layers one after the other (<c>chainer.Sequential</c>). A layer is a link with a
    /// single-input forward (<see cref="IForward"/>) or any function of one variable, such as <c>F.Relu</c>.
    /// The links are the children, numbered <c>"0"</c>, <c>"1"</c>, ...; functions are not numbered.
    /// </summary>
    /// <remarks>
    /// The numbering of the links reproduces Chainer 7.8.1 exactly, including its quirk: <c>Sequential.insert</c>
    /// places a new link after the <em>first</em> link that precedes it, not the last, so
    /// <c>Sequential(A, B, C)</c> names A "0", C "1" and B "2". Files saved by Chainer use these names, so the same
    /// numbering is what lets a model saved by Chainer load here (and the other way round).
    /// </remarks>
    /// <example>
    /// <code>
    /// var model = new Sequential { new L.Linear(784, 100), F.Relu, new L.Linear(100, 10) };
    /// Variable y = model.Forward(x);
    /// </code>
    /// </example>
    public class Sequential : Link, IForward, IReadOnlyList<object>
    {
        private List<object> _layers = new List<object>();
        private List<Link> _children = new List<Link>();

        /// <summary>Creates a Sequential of the given links (<c>chainer.Sequential(*layers)</c>); add functions with <see cref="Add(Func{Variable, Variable})"/>.</summary>
        /// <param name="links">The links, in order.</param>
        public Sequential(params Link[] links)
        {
            ArgumentNullException.ThrowIfNull(links);
            foreach (Link link in links)
            {
                Add(link);
            }
        }

        /// <summary>The number of layers, links and functions (<c>len(sequential)</c>).</summary>
        public int Count => _layers.Count;

        /// <summary>The child links in the order of their numbers.</summary>
        public IReadOnlyList<Link> LinkChildren => _children;

        /// <summary>The layer at <paramref name="index"/>: a <see cref="Link"/> or a <see cref="Func{Variable, Variable}"/>.</summary>
        /// <param name="index">The index; negative values count from the end.</param>
        public object this[int index] => _layers[Normalize(index, _layers.Count)];

        /// <summary>Appends a link (<c>Sequential.append</c>).</summary>
        /// <param name="link">A link implementing <see cref="IForward"/>.</param>
        /// <exception cref="ArgumentException">The link has no single-input forward.</exception>
        public void Add(Link link) => Insert(_layers.Count, link);

        /// <summary>Appends a function of one variable (<c>Sequential.append(F.relu)</c>).</summary>
        /// <param name="function">The function.</param>
        public void Add(Func<Variable, Variable> function) => Insert(_layers.Count, function);

        /// <summary>Appends a link; the same as <see cref="Add(Link)"/>.</summary>
        /// <param name="link">The link.</param>
        /// <returns>This Sequential.</returns>
        public Sequential Append(Link link)
        {
            Add(link);
            return this;
        }

        /// <summary>Appends a function; the same as <see cref="Add(Func{Variable, Variable})"/>.</summary>
        /// <param name="function">The function.</param>
        /// <returns>This Sequential.</returns>
        public Sequential Append(Func<Variable, Variable> function)
        {
            Add(function);
            return this;
        }

        /// <summary>Inserts a link at <paramref name="index"/> (<c>Sequential.insert</c>).</summary>
        /// <param name="index">The position in -Count..Count; negative values count from the end.</param>
        /// <param name="link">A link implementing <see cref="IForward"/>.</param>
        public void Insert(int index, Link link)
        {
            ArgumentNullException.ThrowIfNull(link);
            if (link is not IForward)
            {
                throw new ArgumentException(
                    $"A {link.GetType().Name} cannot be a layer of a Sequential: it does not implement IForward (a single-input Forward).",
                    nameof(link));
            }

            if (ReferenceEquals(link, this))
            {
                throw new ArgumentException("A Sequential cannot be its own layer.", nameof(link));
            }

            InsertLayer(index, link);
        }

        /// <summary>Inserts a function at <paramref name="index"/>.</summary>
        /// <param name="index">The position in -Count..Count.</param>
        /// <param name="function">The function.</param>
        public void Insert(int index, Func<Variable, Variable> function)
        {
            ArgumentNullException.ThrowIfNull(function);
            InsertLayer(index, function);
        }

        /// <summary>Removes the layer at <paramref name="index"/> (without disposing it) and renumbers the links (<c>del sequential[i]</c>).</summary>
        /// <param name="index">The index; negative values count from the end.</param>
        public void RemoveAt(int index)
        {
            int i = Normalize(index, _layers.Count);
            object layer = _layers[i];
            _layers.RemoveAt(i);
            if (layer is Link link)
            {
                _children.Remove(link);
                link.Name = null;
                Renumber();
            }
        }

        /// <summary>Applies the layers in order (<c>Sequential.forward</c>).</summary>
        /// <param name="x">The input.</param>
        /// <returns>The output of the last layer.</returns>
        /// <exception cref="InvalidOperationException">The Sequential is empty.</exception>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (_layers.Count == 0)
            {
                throw new InvalidOperationException("This Sequential has no layers.");
            }

            Variable h = x;
            foreach (object layer in _layers)
            {
                h = layer is Func<Variable, Variable> f ? f(h) : ((IForward)layer).Forward(h);
            }

            return h;
        }

        /// <inheritdoc/>
        public IEnumerator<object> GetEnumerator() => _layers.GetEnumerator();

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
                : throw new ArgumentException($"The Sequential has no child '{name}'.", nameof(name));

        /// <inheritdoc/>
        private protected override void CopyChildrenInto(CopyMode mode, Dictionary<object, object> map)
        {
            var copies = new Dictionary<Link, Link>(ReferenceEqualityComparer.Instance);
            var children = new List<Link>(_children.Count);
            foreach (Link child in _children)
            {
                Link copy = CopyChild(child, mode, map);
                copies[child] = copy;
                children.Add(copy);
            }

            var layers = new List<object>(_layers.Count);
            foreach (object layer in _layers)
            {
                layers.Add(layer is Link l ? copies[l] : layer);
            }

            _children = children;
            _layers = layers;
            Renumber();
        }

        private static int Normalize(int index, int count)
        {
            int i = index < 0 ? index + count : index;
            if (i < 0 || i >= count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The Sequential has {count} layers.");
            }

            return i;
        }

        private void InsertLayer(int index, object layer)
        {
            int n = _layers.Count;
            if (index < -n || index > n)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Index out of range: {index}");
            }

            int i = index < 0 ? index + n : index;
            if (layer is Link adopted)
            {
                AdoptChild(adopted);
            }

            _layers.Insert(i, layer);
            if (layer is Link link)
            {
                // Chainer 7.8.1's position rule (see the remarks): after the first link before i, or at 0.
                int position = 0;
                if (i != 0)
                {
                    int lastLinkPos = 0;
                    for (int j = i - 1; j >= 0; j--)
                    {
                        if (_layers[j] is Link)
                        {
                            lastLinkPos = j;
                        }
                    }

                    position = Math.Min(lastLinkPos + 1, _children.Count);
                }

                _children.Insert(position, link);
                Renumber();
            }
        }

        private void Renumber()
        {
            for (int i = 0; i < _children.Count; i++)
            {
                _children[i].Name = i.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
