using System;
using System.Collections.Generic;

namespace Chainer
{
    /// <summary>
    /// Disposes the arrays, variables and function nodes created on this thread while it is the innermost
    /// scope. Create one with <see cref="chainer.NewScope"/>:
    /// <code>
    /// using (var scope = chainer.NewScope())
    /// {
    ///     var y = x * 2 + 1;          // y and the temporaries are disposed at the end
    ///     result = scope.Keep(y.Sum()); // except what is kept
    /// }
    /// </code>
    /// </summary>
    /// <remarks>
    /// Scopes nest per thread. Registration covers every managed wrapper of a native object created on the
    /// thread (results of operations, <see cref="Variable.Array"/>, <see cref="Variable.Grad"/>, ...), but never
    /// the <see cref="Parameter"/>s of links. Disposing a wrapper only releases its own native reference:
    /// a native object stays alive while the graph or another wrapper still refers to it.
    /// </remarks>
    public sealed class MemoryScope : IDisposable
    {
        [ThreadStatic]
        private static MemoryScope? t_current;

        private readonly List<IDisposable> _items = new List<IDisposable>();
        private readonly MemoryScope? _parent;
        private readonly int _threadId;
        private bool _disposed;

        internal MemoryScope()
        {
            _parent = t_current;
            _threadId = Environment.CurrentManagedThreadId;
            t_current = this;
        }

        /// <summary>The innermost scope of the calling thread, or null.</summary>
        public static MemoryScope? Current => t_current;

        /// <summary>The number of objects this scope will dispose.</summary>
        public int Count => _items.Count;

        /// <summary>Whether the scope has been disposed.</summary>
        public bool IsDisposed => _disposed;

        /// <summary>
        /// Exempts <paramref name="obj"/> from this scope: it is not disposed when the scope ends. If an
        /// enclosing scope exists, the object moves to it (and is disposed when that scope ends); otherwise
        /// it lives until its own <c>Dispose</c> or finalizer.
        /// </summary>
        /// <typeparam name="T">The object's type.</typeparam>
        /// <param name="obj">An object created inside the scope.</param>
        /// <returns><paramref name="obj"/>, for chaining.</returns>
        public T Keep<T>(T obj)
            where T : IDisposable
        {
            ArgumentNullException.ThrowIfNull(obj);
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(MemoryScope));
            }

            if (Remove(obj))
            {
                MemoryScope? parent = _parent;
                while (parent is not null && parent._disposed)
                {
                    parent = parent._parent;
                }

                parent?._items.Add(obj);
            }

            return obj;
        }

        /// <summary>Disposes every registered object (newest first) and makes the enclosing scope current again.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (Environment.CurrentManagedThreadId == _threadId)
            {
                // Pop this scope (and any inner scope left open) off the thread's stack.
                for (MemoryScope? s = t_current; s is not null; s = s._parent)
                {
                    if (ReferenceEquals(s, this))
                    {
                        t_current = _parent;
                        break;
                    }
                }
            }

            for (int i = _items.Count - 1; i >= 0; i--)
            {
                _items[i].Dispose();
            }

            _items.Clear();
        }

        /// <summary>Registers <paramref name="obj"/> with the innermost scope of this thread, if any.</summary>
        /// <param name="obj">A newly created wrapper.</param>
        internal static void Register(IDisposable obj)
        {
            MemoryScope? scope = t_current;
            if (scope is not null)
            {
                scope._items.Add(obj);
            }
        }

        private bool Remove(IDisposable obj)
        {
            // Kept objects are usually recent: search from the end.
            for (int i = _items.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(_items[i], obj))
                {
                    _items.RemoveAt(i);
                    return true;
                }
            }

            return false;
        }
    }
}
