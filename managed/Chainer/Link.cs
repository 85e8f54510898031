using System;
using System.Collections.Generic;

namespace Chainer
{
    /// <summary>
    /// The base of building blocks that hold parameters (<c>chainer.Link</c>). Derived classes register their
    /// parameters with <see cref="RegisterParam"/>.
    /// </summary>
    public abstract class Link : IDisposable
    {
        private readonly SortedDictionary<string, Parameter> _params = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);

        /// <summary>The name of this link inside its parent, or null.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// The parameters, ordered by name (<c>Link.params</c>).
        /// </summary>
        /// <param name="includeUninit">Also yield parameters that have no data yet.</param>
        /// <returns>The parameters.</returns>
        public virtual IEnumerable<Parameter> Params(bool includeUninit = true)
        {
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                if (includeUninit || pair.Value.IsInitialized)
                {
                    yield return pair.Value;
                }
            }
        }

        /// <summary>
        /// The parameters with their paths (<c>Link.namedparams</c>): <c>"/W"</c>, <c>"/b"</c>, sorted by name.
        /// </summary>
        /// <param name="includeUninit">Also yield parameters that have no data yet.</param>
        /// <returns>(path, parameter) pairs.</returns>
        public virtual IEnumerable<(string Name, Parameter Param)> NamedParams(bool includeUninit = true)
        {
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                if (includeUninit || pair.Value.IsInitialized)
                {
                    yield return ("/" + pair.Key, pair.Value);
                }
            }
        }

        /// <summary>Sets the gradient of every parameter to null (<c>Link.cleargrads</c>).</summary>
        public void ClearGrads()
        {
            foreach (Parameter p in Params())
            {
                p.ClearGrad();
            }
        }

        /// <summary>Sets the gradient of every initialized parameter to zeros (<c>Link.zerograds</c>).</summary>
        public void ZeroGrads()
        {
            foreach (Parameter p in Params(includeUninit: false))
            {
                p.ZeroGrad();
            }
        }

        /// <summary>Disposes the parameters of this link.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Disposes the parameters of this link.</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (Parameter p in _params.Values)
                {
                    p.Dispose();
                }
            }
        }

        /// <summary>
        /// Registers <paramref name="parameter"/> under <paramref name="name"/> (as assigning a parameter attribute
        /// inside <c>init_scope()</c> does) and sets the parameter's name.
        /// </summary>
        /// <param name="name">The attribute name, e.g. <c>W</c>.</param>
        /// <param name="parameter">The parameter.</param>
        /// <returns><paramref name="parameter"/>.</returns>
        protected Parameter RegisterParam(string name, Parameter parameter)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(parameter);
            if (name.Contains('/'))
            {
                throw new ArgumentException("A parameter name must not contain '/'.", nameof(name));
            }

            _params[name] = parameter;
            parameter.Name = name;
            return parameter;
        }
    }
}
