using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using Chainer.Initializers;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>How <see cref="Link.Copy(CopyMode)"/> and <see cref="Link.Repeat"/> copy a link (Chainer's <c>mode</c> argument).</summary>
    public enum CopyMode
    {
        /// <summary>
        /// <c>'share'</c>: new parameter objects whose data arrays are those of the original, so that updates to
        /// one show in the other; gradients start empty.
        /// </summary>
        Share,

        /// <summary><c>'copy'</c>: parameters and persistent values are deep-copied; they start equal but change independently.</summary>
        Copy,

        /// <summary><c>'init'</c>: deep-copied, then every initialized parameter is drawn again from its initializer.</summary>
        Init,
    }

    /// <summary>
    /// A link that can be called with a single input (<c>link(x)</c>), so that it can be a layer of a
    /// <see cref="Sequential"/> or be used by generic code. The standard single-input links implement it; a user
    /// chain implements it by declaring <c>public Variable Forward(Variable x)</c> and listing the interface.
    /// </summary>
    public interface IForward
    {
        /// <summary>Applies the link to one input.</summary>
        /// <param name="x">The input.</param>
        /// <returns>The output.</returns>
        Variable Forward(Variable x);
    }

    /// <summary>
    /// The building block of models (<c>chainer.Link</c>): it holds parameters (<see cref="Parameter"/>, the
    /// optimization targets) and persistent values (arrays and scalars that are saved and loaded with the model
    /// but not optimized, such as the running statistics of <c>BatchNormalization</c>).
    /// </summary>
    /// <remarks>
    /// <para>A derived link registers its parameters in its constructor with <see cref="AddParam(string, Parameter)"/>
    /// (Chainer's <c>with self.init_scope(): self.W = Parameter(...)</c>) and its persistent values with
    /// <see cref="AddPersistent(string, NdArray)"/>. <see cref="Chain"/>, <see cref="ChainList"/> and
    /// <see cref="Sequential"/> add child links.</para>
    /// <para>Parameters, persistent arrays and children belong to the link: <see cref="Dispose()"/> releases them.
    /// They are never registered with a <see cref="MemoryScope"/>.</para>
    /// </remarks>
    public class Link : IDisposable, ISerializable
    {
        /// <summary>The value stored for a persistent array that does not exist yet (Chainer's None).</summary>
        private static readonly object NoneValue = new object();

        private SortedDictionary<string, Parameter> _params = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);
        private SortedDictionary<string, object> _persistents = new SortedDictionary<string, object>(StringComparer.Ordinal);
        private bool _disposed;

        /// <summary>Creates a link without parameters.</summary>
        public Link()
        {
        }

        /// <summary>The name of this link inside its parent (<c>Link.name</c>), or null for a root link.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// The device holding the link's parameters and persistent arrays (<c>Link.device</c>): <see cref="Chainer.Device.Cpu"/>
        /// until <see cref="ToDevice(Device)"/> moves the link. Parameters initialized later are created there.
        /// </summary>
        public Device Device { get; private set; } = Chainer.Device.Cpu;

        /// <summary>Whether <see cref="Dispose()"/> has been called.</summary>
        public bool IsDisposed => _disposed;

        /// <summary>The names of the persistent values of this link itself, sorted.</summary>
        public IEnumerable<string> PersistentNames => _persistents.Keys;

        /// <summary>
        /// The parameters of this link and its descendants (<c>Link.params</c>): its own, sorted by name, then
        /// those of the children (sorted by name in a <see cref="Chain"/>, in index order in a list).
        /// </summary>
        /// <param name="includeUninit">Also yield parameters that have no data yet.</param>
        /// <returns>The parameters.</returns>
        public IEnumerable<Parameter> Params(bool includeUninit = true)
        {
            foreach ((string _, Parameter p) in NamedParams(includeUninit))
            {
                yield return p;
            }
        }

        /// <summary>
        /// The parameters with their paths relative to this link (<c>Link.namedparams</c>): <c>"/W"</c>,
        /// <c>"/l1/W"</c>, <c>"/0/b"</c>; in the order of <see cref="Params"/>.
        /// </summary>
        /// <param name="includeUninit">Also yield parameters that have no data yet.</param>
        /// <returns>(path, parameter) pairs.</returns>
        public IEnumerable<(string Name, Parameter Param)> NamedParams(bool includeUninit = true)
        {
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                if (includeUninit || pair.Value.IsInitialized)
                {
                    yield return ("/" + pair.Key, pair.Value);
                }
            }

            foreach ((string name, Link child) in NamedChildren())
            {
                foreach ((string path, Parameter p) in child.NamedParams(includeUninit))
                {
                    yield return ("/" + name + path, p);
                }
            }
        }

        /// <summary>This link (unless <paramref name="skipSelf"/>) and all its descendants, depth first (<c>Link.links</c>).</summary>
        /// <param name="skipSelf">Start with the first child.</param>
        /// <returns>The links.</returns>
        public IEnumerable<Link> Links(bool skipSelf = false)
        {
            foreach ((string _, Link link) in NamedLinks(skipSelf))
            {
                yield return link;
            }
        }

        /// <summary>The links with their paths (<c>Link.namedlinks</c>): <c>"/"</c> for this link, <c>"/l1"</c>, <c>"/l1/0"</c>, ...</summary>
        /// <param name="skipSelf">Start with the first child.</param>
        /// <returns>(path, link) pairs.</returns>
        public IEnumerable<(string Name, Link Link)> NamedLinks(bool skipSelf = false)
        {
            if (!skipSelf)
            {
                yield return ("/", this);
            }

            foreach ((string name, Link child) in NamedChildren())
            {
                string prefix = "/" + name;
                yield return (prefix, child);
                foreach ((string path, Link link) in child.NamedLinks(skipSelf: true))
                {
                    yield return (prefix + path, link);
                }
            }
        }

        /// <summary>The direct children (<c>Link.children</c>): none for a plain link.</summary>
        /// <returns>The child links.</returns>
        public IEnumerable<Link> Children()
        {
            foreach ((string _, Link child) in NamedChildren())
            {
                yield return child;
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

        /// <summary>
        /// Copies the data of every parameter of <paramref name="link"/>, which must have the same structure, into
        /// this link's parameters (<c>Link.copyparams</c>); gradients are not copied. Persistent arrays are copied
        /// element-wise and persistent scalars by value unless <paramref name="copyPersistent"/> is false.
        /// </summary>
        /// <param name="link">The source link.</param>
        /// <param name="copyPersistent">Also copy the persistent values.</param>
        /// <exception cref="ArgumentException">The structures differ.</exception>
        public void CopyParams(Link link, bool copyPersistent = true)
        {
            ArgumentNullException.ThrowIfNull(link);
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                pair.Value.CopyData(link.GetOwnParam(pair.Key));
            }

            if (copyPersistent)
            {
                foreach (string name in new List<string>(_persistents.Keys))
                {
                    if (!link._persistents.TryGetValue(name, out object? source))
                    {
                        throw new ArgumentException($"The source link has no persistent value '{name}'.", nameof(link));
                    }

                    if (_persistents[name] is NdArray dst && source is NdArray src)
                    {
                        dst.CopyFrom(src);
                    }
                    else if (source is NdArray || ReferenceEquals(source, NoneValue))
                    {
                        SetPersistentArray(name, source as NdArray);
                    }
                    else
                    {
                        SetPersistentCore(name, source);
                    }
                }
            }

            foreach ((string name, Link child) in NamedChildren())
            {
                child.CopyParams(link.GetOwnChild(name), copyPersistent);
            }
        }

        /// <summary>Adds the gradient of every parameter of <paramref name="link"/> (same structure) to this link's (<c>Link.addgrads</c>).</summary>
        /// <param name="link">The source link.</param>
        public void AddGrads(Link link)
        {
            ArgumentNullException.ThrowIfNull(link);
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                pair.Value.AddGrad(link.GetOwnParam(pair.Key));
            }

            foreach ((string name, Link child) in NamedChildren())
            {
                child.AddGrads(link.GetOwnChild(name));
            }
        }

        /// <summary>The number of scalars held by the initialized parameters of the hierarchy (<c>Link.count_params</c>).</summary>
        /// <returns>The count; uninitialized parameters count as zero.</returns>
        public long CountParams()
        {
            long size = 0;
            foreach (Parameter p in Params(includeUninit: false))
            {
                size += p.Size;
            }

            return size;
        }

        /// <summary>
        /// Saves or loads the parameters and persistent values of the hierarchy (<c>Link.serialize</c>): each
        /// parameter and persistent value under its name, each child under <c>serializer[childName]</c>. An
        /// uninitialized parameter takes its shape from the loaded data.
        /// </summary>
        /// <param name="serializer">A <see cref="Serializer"/> (saving) or a <see cref="Deserializer"/> (loading).</param>
        public virtual void Serialize(AbstractSerializer serializer)
        {
            ArgumentNullException.ThrowIfNull(serializer);
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                Parameter p = pair.Value;
                if (p.IsInitialized)
                {
                    using NdArray data = p.Array;
                    serializer.Serialize(pair.Key, data);
                }
                else
                {
                    NdArray? loaded = serializer.Serialize(pair.Key, (NdArray?)null);
                    if (loaded is not null)
                    {
                        using (loaded)
                        {
                            p.Initialize(loaded.Shape);
                            using NdArray data = p.Array;
                            data.CopyFrom(loaded);
                        }
                    }
                }
            }

            foreach (string name in new List<string>(_persistents.Keys))
            {
                object current = _persistents[name];
                if (ReferenceEquals(current, NoneValue))
                {
                    NdArray? loaded = serializer.Serialize(name, (NdArray?)null);
                    if (loaded is not null)
                    {
                        SetPersistentArray(name, loaded);
                        loaded.Dispose();
                    }

                    continue;
                }

                switch (current)
                {
                    case NdArray array:
                        serializer.Serialize(name, array);
                        break;
                    case long l:
                        SetPersistentCore(name, serializer.Serialize(name, l));
                        break;
                    case int i:
                        SetPersistentCore(name, checked((int)serializer.Serialize(name, (long)i)));
                        break;
                    case double d:
                        SetPersistentCore(name, serializer.Serialize(name, d));
                        break;
                    case bool b:
                        SetPersistentCore(name, serializer.Serialize(name, b));
                        break;
                    default:
                        throw new InvalidOperationException($"The persistent value '{name}' has an unsupported type.");
                }
            }

            foreach ((string name, Link child) in NamedChildren())
            {
                child.Serialize(serializer[name]);
            }
        }

        /// <summary>
        /// Copies the whole hierarchy rooted at this link (<c>Link.copy</c>). The copy has no <see cref="Name"/>.
        /// </summary>
        /// <remarks>
        /// Derived links are copied field by field (<see cref="object.MemberwiseClone"/>); afterwards every field
        /// that referred to a parameter, a persistent array or a child link of the original refers to its
        /// counterpart in the copy, so typed properties such as <c>l1</c> or <c>W</c> stay consistent. Other
        /// reference fields (a list of links kept on the side, a state variable) are shared with the original.
        /// </remarks>
        /// <param name="mode">Share the data arrays, deep-copy them, or deep-copy and re-initialize.</param>
        /// <returns>The copy, of the same runtime type.</returns>
        public Link Copy(CopyMode mode = CopyMode.Share)
        {
            ThrowIfDisposed();
            if (mode is not (CopyMode.Share or CopyMode.Copy or CopyMode.Init))
            {
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "The mode should be either Init, Copy, or Share.");
            }

            var map = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
            Link copy = CopyTree(mode, map);
            copy.Name = null;
            foreach (Link link in copy.Links())
            {
                RedirectFields(link, map);
                link.OnCopied(mode);
            }

            if (mode == CopyMode.Init)
            {
                foreach (Parameter p in copy.Params(includeUninit: false))
                {
                    p.Initialize(p.Shape);
                }
            }

            return copy;
        }

        /// <summary>
        /// A <see cref="Sequential"/> holding <paramref name="nRepeat"/> copies of this link made with
        /// <paramref name="mode"/> (<c>Link.repeat</c>, whose default mode is <c>'init'</c>).
        /// </summary>
        /// <param name="nRepeat">The number of copies; zero or less gives an empty Sequential.</param>
        /// <param name="mode">How each copy is made.</param>
        /// <returns>The Sequential.</returns>
        /// <exception cref="ArgumentException">This link does not implement <see cref="IForward"/>.</exception>
        public Sequential Repeat(int nRepeat, CopyMode mode = CopyMode.Init)
        {
            var ret = new Sequential();
            for (int i = 0; i < nRepeat; i++)
            {
                ret.Add(Copy(mode));
            }

            return ret;
        }

        /// <summary>
        /// Moves the parameters (data and gradients), the persistent arrays and the child links of the whole hierarchy
        /// to <paramref name="device"/>, in place, and returns this link (<c>Link.to_device</c>). Parameters without data
        /// yet are created on the device when they are initialized, and parameters, persistent arrays and children
        /// added to the link afterwards are moved there too.
        /// </summary>
        /// <remarks>
        /// The parameter objects stay the same (an optimizer set up before the move keeps working; its state follows
        /// the parameters at the next update). Arrays read from the link before the move stay where they were.
        /// </remarks>
        /// <param name="device">The target device.</param>
        /// <returns>This link.</returns>
        /// <exception cref="DeviceException"><paramref name="device"/> cannot be used.</exception>
        public Link ToDevice(Device device)
        {
            ArgumentNullException.ThrowIfNull(device);
            ThrowIfDisposed();
            foreach (Link link in Links())
            {
                link.MoveOwnArrays(device);
            }

            return this;
        }

        /// <summary>
        /// Moves the link to the device named by a Chainer specifier (see <see cref="ToDevice(Device)"/>):
        /// <c>"@numpy"</c>, <c>"cpu"</c> or <c>"native"</c> for the CPU; <c>"@cupy:N"</c>, <c>"@cuda:N"</c>, <c>"cuda:N"</c>
        /// or <c>"gpu:N"</c> for CUDA device N.
        /// </summary>
        /// <param name="device">The device specifier.</param>
        /// <returns>This link.</returns>
        /// <exception cref="DeviceException">A CUDA device that cannot be used here; the message gives the reason.</exception>
        /// <exception cref="ArgumentException">The specifier is not a valid device.</exception>
        public Link ToDevice(string device) => ToDevice(Chainer.Device.Get(device));

        /// <summary>Moves the link to the CPU (<c>Link.to_cpu</c>) and returns it.</summary>
        /// <returns>This link.</returns>
        public Link ToCpu() => ToDevice(Chainer.Device.Cpu);

        /// <summary>Moves the link to CUDA device <paramref name="device"/> (<c>Link.to_gpu</c>) and returns it.</summary>
        /// <param name="device">The CUDA device ordinal.</param>
        /// <returns>This link.</returns>
        /// <exception cref="DeviceException">CUDA is not available or there is no such device; the message gives the reason.</exception>
        public Link ToGpu(int device = 0) => ToDevice(Chainer.Device.Gpu(device));

        /// <summary>
        /// The persistent value registered under <paramref name="name"/>: an <see cref="NdArray"/>, a <see cref="long"/>,
        /// an <see cref="int"/>, a <see cref="double"/>, a <see cref="bool"/>, or null for an array that does not exist yet.
        /// </summary>
        /// <param name="name">The name.</param>
        /// <returns>The value.</returns>
        /// <exception cref="KeyNotFoundException">No persistent value has this name.</exception>
        public object? GetPersistent(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return _persistents.TryGetValue(name, out object? value)
                ? (ReferenceEquals(value, NoneValue) ? null : value)
                : throw new KeyNotFoundException($"The link has no persistent value '{name}'.");
        }

        /// <summary>Whether a persistent value is registered under <paramref name="name"/>.</summary>
        /// <param name="name">The name.</param>
        /// <returns>True when it exists.</returns>
        public bool HasPersistent(string name) => _persistents.ContainsKey(name);

        /// <summary>Replaces the value of a registered persistent scalar (an array persistent is copied into element-wise).</summary>
        /// <param name="name">The name.</param>
        /// <param name="value">The new value, of the same kind as the registered one.</param>
        public void SetPersistent(string name, object value)
        {
            ArgumentNullException.ThrowIfNull(value);
            object? current = GetPersistent(name);
            switch (current)
            {
                case null when value is NdArray source:
                    SetPersistentArray(name, source);
                    break;
                case NdArray array when value is NdArray source:
                    array.CopyFrom(source);
                    break;
                case long when value is long or int:
                    SetPersistentCore(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case int when value is int:
                    SetPersistentCore(name, value);
                    break;
                case double when value is double or float or long or int:
                    SetPersistentCore(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case bool when value is bool:
                    SetPersistentCore(name, value);
                    break;
                default:
                    throw new ArgumentException(
                        $"The persistent value '{name}' holds a {current?.GetType().Name ?? "None"}; a {value.GetType().Name} cannot replace it.", nameof(value));
            }
        }

        /// <summary>The parameter of this link itself registered under <paramref name="name"/>, or null.</summary>
        /// <param name="name">The name, e.g. <c>W</c>.</param>
        /// <returns>The parameter, or null.</returns>
        public Parameter? GetParam(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            return _params.TryGetValue(name, out Parameter? p) ? p : null;
        }

        /// <summary>
        /// Registers <paramref name="parameter"/> under <paramref name="name"/> (as assigning a parameter attribute
        /// inside <c>init_scope()</c> does) and sets the parameter's name.
        /// </summary>
        /// <param name="name">The attribute name, e.g. <c>W</c>.</param>
        /// <param name="parameter">The parameter.</param>
        /// <returns><paramref name="parameter"/>.</returns>
        /// <exception cref="ArgumentException">The name is empty, contains '/', or is already used by a parameter, persistent value or child.</exception>
        public Parameter AddParam(string name, Parameter parameter)
        {
            ValidateNewName(name);
            ArgumentNullException.ThrowIfNull(parameter);
            if (!Device.IsCpu)
            {
                // As in Chainer, a parameter assigned to a link on a GPU joins it there.
                parameter.ToDevice(Device);
            }

            _params[name] = parameter;
            parameter.Name = name;
            return parameter;
        }

        /// <summary>
        /// Creates and registers a parameter (<c>Link.add_param</c>): initialized now when <paramref name="shape"/>
        /// is given, otherwise left uninitialized until <see cref="Parameter.Initialize"/>.
        /// </summary>
        /// <param name="name">The attribute name.</param>
        /// <param name="shape">The shape, or null.</param>
        /// <param name="dtype">The dtype (ignored when the initializer fixes one).</param>
        /// <param name="initializer">The initializer; null fills with NaN, as Chainer does.</param>
        /// <returns>The new parameter.</returns>
        public Parameter AddParam(string name, long[]? shape = null, DType dtype = DType.Float32, Initializer? initializer = null)
        {
            ValidateNewName(name);
            return AddParam(name, new Parameter(initializer ?? new NaN(dtype), shape, dtype));
        }

        /// <summary>
        /// Registers a persistent array (<c>Link.add_persistent</c>): it is saved and loaded with the model and
        /// copied by <see cref="CopyParams"/>, but it is not a parameter. The link keeps its own reference to the
        /// array (the caller may dispose its wrapper).
        /// </summary>
        /// <param name="name">The name.</param>
        /// <param name="value">The array (shared, not copied), or null for an array created later (saved as None, and
        /// taken from the file when loading).</param>
        /// <returns>The link's own wrapper of the array, which lives as long as the link, or null.</returns>
        public NdArray? AddPersistent(string name, NdArray? value)
        {
            ValidateNewName(name);
            if (value is null)
            {
                _persistents[name] = NoneValue;
                return null;
            }

            NdArray owned = OwnOnDevice(value);
            _persistents[name] = owned;
            return owned;
        }

        /// <summary>Registers a persistent integer (saved as a 0-d int64, as Chainer saves a Python int).</summary>
        /// <param name="name">The name.</param>
        /// <param name="value">The initial value.</param>
        public void AddPersistent(string name, long value)
        {
            ValidateNewName(name);
            _persistents[name] = value;
        }

        /// <summary>Registers a persistent float (saved as a 0-d float64).</summary>
        /// <param name="name">The name.</param>
        /// <param name="value">The initial value.</param>
        public void AddPersistent(string name, double value)
        {
            ValidateNewName(name);
            _persistents[name] = value;
        }

        /// <summary>Registers a persistent flag (saved as a 0-d bool).</summary>
        /// <param name="name">The name.</param>
        /// <param name="value">The initial value.</param>
        public void AddPersistent(string name, bool value)
        {
            ValidateNewName(name);
            _persistents[name] = value;
        }

        /// <summary>Disposes the parameters, persistent arrays and children of this link.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>The persistent array registered under <paramref name="name"/>.</summary>
        /// <param name="name">The name.</param>
        /// <returns>The link's wrapper of the array.</returns>
        protected NdArray? PersistentArray(string name) =>
            GetPersistent(name) switch
            {
                null => null,
                NdArray a => a,
                _ => throw new InvalidOperationException($"The persistent value '{name}' is not an array."),
            };

        /// <summary>
        /// Replaces a persistent array by (the link's own reference to) <paramref name="value"/>, or by None; the
        /// previous array's wrapper is disposed.
        /// </summary>
        /// <param name="name">The registered name.</param>
        /// <param name="value">The new array (shared, not copied), or null.</param>
        /// <returns>The link's wrapper of the new array, or null.</returns>
        protected NdArray? SetPersistentArray(string name, NdArray? value)
        {
            if (!_persistents.TryGetValue(name, out object? old))
            {
                throw new KeyNotFoundException($"The link has no persistent value '{name}'.");
            }

            if (old is not NdArray && !ReferenceEquals(old, NoneValue))
            {
                throw new InvalidOperationException($"The persistent value '{name}' is not an array.");
            }

            NdArray? owned = value is null ? null : OwnOnDevice(value);
            _persistents[name] = (object?)owned ?? NoneValue;
            if (old is NdArray previous && !ReferenceEquals(previous, owned))
            {
                previous.Dispose();
            }

            return owned;
        }

        /// <summary>
        /// Registers <paramref name="parameter"/> under <paramref name="name"/>; the same as <see cref="AddParam(string, Parameter)"/>.
        /// </summary>
        /// <param name="name">The attribute name.</param>
        /// <param name="parameter">The parameter.</param>
        /// <returns><paramref name="parameter"/>.</returns>
        protected Parameter RegisterParam(string name, Parameter parameter) => AddParam(name, parameter);

        /// <summary>Replaces the value of a persistent scalar without type checks (for derived links).</summary>
        /// <param name="name">The registered name.</param>
        /// <param name="value">The value.</param>
        protected void SetPersistentCore(string name, object value)
        {
            if (!_persistents.ContainsKey(name))
            {
                throw new KeyNotFoundException($"The link has no persistent value '{name}'.");
            }

            if (value is NdArray)
            {
                throw new ArgumentException("Persistent arrays are updated in place.", nameof(value));
            }

            _persistents[name] = value;
        }

        /// <summary>
        /// Called on each link of a fresh copy made by <see cref="Copy(CopyMode)"/>, after the fields were redirected
        /// and before an <see cref="CopyMode.Init"/> copy is re-initialized. Links with state (an LSTM's cell) reset it here.
        /// </summary>
        /// <param name="mode">The copy mode.</param>
        protected virtual void OnCopied(CopyMode mode)
        {
        }

        /// <summary>Disposes the parameters, persistent arrays and children of this link.</summary>
        /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (!disposing || _disposed)
            {
                return;
            }

            _disposed = true;
            foreach (Parameter p in _params.Values)
            {
                p.Dispose();
            }

            foreach (object value in _persistents.Values)
            {
                (value as NdArray)?.Dispose();
            }

            foreach ((string _, Link child) in NamedChildren())
            {
                child.Dispose();
            }
        }

        /// <summary>Throws <see cref="ObjectDisposedException"/> after <see cref="Dispose()"/>.</summary>
        protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

        /// <summary>The children with their names, in Chainer's order (sorted in a Chain, index order in a list).</summary>
        /// <returns>(name, child) pairs; none for a plain link.</returns>
        private protected virtual IEnumerable<(string Name, Link Child)> NamedChildren()
        {
            yield break;
        }

        /// <summary>Replaces the children of a fresh memberwise clone by copies (containers override).</summary>
        /// <param name="mode">The copy mode.</param>
        /// <param name="map">Original object to copy, filled in for every parameter, persistent array and link.</param>
        private protected virtual void CopyChildrenInto(CopyMode mode, Dictionary<object, object> map)
        {
        }

        /// <summary>Whether <paramref name="name"/> is used by a child (containers override).</summary>
        private protected virtual bool HasChild(string name) => false;

        /// <summary>The child named <paramref name="name"/> (for CopyParams/AddGrads between equal structures).</summary>
        private protected virtual Link GetOwnChild(string name) =>
            throw new ArgumentException($"The link has no child '{name}'.", nameof(name));

        /// <summary>Checks a new attribute name (parameter, persistent or child).</summary>
        private protected void ValidateNewName(string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            if (name.Contains('/'))
            {
                throw new ArgumentException($"The name '{name}' must not contain '/'.", nameof(name));
            }

            if (_params.ContainsKey(name) || _persistents.ContainsKey(name) || HasChild(name))
            {
                throw new ArgumentException($"Cannot register '{name}': the link already has an attribute of this name.", nameof(name));
            }
        }

        /// <summary>A wrapper of the same native array that no memory scope will dispose.</summary>
        internal static NdArray Own(NdArray array)
        {
            Ensure.Ok(NativeMethods.ch_array_retain(array.Handle, out ArrayHandle handle));
            return NdArray.Unregistered(handle);
        }

        /// <summary>Moves a child that is being added to this link to the link's device (a no-op on the CPU).</summary>
        /// <param name="child">The new child.</param>
        private protected void AdoptChild(Link child)
        {
            if (!Device.IsCpu || !child.Device.IsCpu)
            {
                child.ToDevice(Device);
            }
        }

        /// <summary>A copy of the array that no memory scope will dispose.</summary>
        internal static NdArray OwnCopy(NdArray array)
        {
            Ensure.Ok(NativeMethods.ch_array_copy(array.Handle, array.Dtype.ToNative(), out ArrayHandle handle));
            return NdArray.Unregistered(handle);
        }

        private static void RedirectFields(Link link, Dictionary<object, object> map)
        {
            for (Type? type = link.GetType(); type is not null && type != typeof(object); type = type.BaseType)
            {
                foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsValueType)
                    {
                        continue;
                    }

                    object? value = field.GetValue(link);
                    if (value is not null && map.TryGetValue(value, out object? replacement))
                    {
                        field.SetValue(link, replacement);
                    }
                }
            }
        }

        /// <summary>
        /// A wrapper of <paramref name="array"/> on this link's device that no memory scope will dispose: the same
        /// data when the array is there already, else a copy made there.
        /// </summary>
        private NdArray OwnOnDevice(NdArray array)
        {
            if (Device.IsCpu)
            {
                // The common case needs no device query; an array from a GPU is brought to the host.
                NdArray own = Own(array);
                if (own.Device.IsCpu)
                {
                    return own;
                }

                own.Dispose();
            }

            Ensure.Ok(NativeMethods.ch_array_to_device(array.Handle, Device.Name, out ArrayHandle handle));
            return NdArray.Unregistered(handle);
        }

        /// <summary>Moves this link's own parameters and persistent arrays (not its children) to <paramref name="device"/>.</summary>
        private void MoveOwnArrays(Device device)
        {
            foreach (Parameter p in _params.Values)
            {
                p.ToDevice(device);
            }

            foreach (string name in new List<string>(_persistents.Keys))
            {
                if (_persistents[name] is NdArray array && NdArray.DeviceOf(array) != device)
                {
                    Ensure.Ok(NativeMethods.ch_array_to_device(array.Handle, device.Name, out ArrayHandle handle));
                    _persistents[name] = NdArray.Unregistered(handle);
                    array.Dispose();
                }
            }

            Device = device;
        }

        private Parameter GetOwnParam(string name) =>
            _params.TryGetValue(name, out Parameter? p) ? p : throw new ArgumentException($"The source link has no parameter '{name}'.");

        private Link CopyTree(CopyMode mode, Dictionary<object, object> map)
        {
            var clone = (Link)MemberwiseClone();
            map[this] = clone;
            clone._disposed = false;
            clone._params = new SortedDictionary<string, Parameter>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, Parameter> pair in _params)
            {
                Parameter copy = mode == CopyMode.Share ? pair.Value.ShareCopy() : pair.Value.DeepCopy();
                map[pair.Value] = copy;
                clone._params[pair.Key] = copy;
            }

            clone._persistents = new SortedDictionary<string, object>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, object> pair in _persistents)
            {
                object value = pair.Value;
                if (value is NdArray array)
                {
                    // Chainer's shallow copy shares persistent arrays; the copy still gets its own wrapper so that
                    // disposing one link does not free the other's data.
                    NdArray copy = mode == CopyMode.Share ? Own(array) : OwnCopy(array);
                    map[array] = copy;
                    value = copy;
                }

                clone._persistents[pair.Key] = value;
            }

            clone.CopyChildrenInto(mode, map);
            return clone;
        }

        /// <summary>Copies <paramref name="child"/> for a container's clone (records every copied object in <paramref name="map"/>).</summary>
        private protected static Link CopyChild(Link child, CopyMode mode, Dictionary<object, object> map) => child.CopyTree(mode, map);
    }
}
