using System;

namespace Chainer
{
    /// <summary>
    /// An object that can be saved and loaded through a serializer (Chainer's serialization protocol, the
    /// <c>serialize(serializer)</c> method). <see cref="Link"/> implements it; so can optimizers.
    /// </summary>
    /// <remarks>
    /// One method serves both directions, as in Chainer: call <c>value = serializer.Serialize("key", value)</c> for
    /// every value and <c>child.Serialize(serializer["child"])</c> for every sub-object. A <see cref="Serializer"/>
    /// records the value and returns it; a <see cref="Deserializer"/> loads the stored value (arrays in place) and
    /// returns it.
    /// </remarks>
    public interface ISerializable
    {
        /// <summary>Saves or loads this object's state.</summary>
        /// <param name="serializer">A <see cref="Serializer"/> or a <see cref="Deserializer"/>.</param>
        void Serialize(AbstractSerializer serializer);
    }

    /// <summary>
    /// The visitor that saves or loads an object hierarchy (<c>chainer.AbstractSerializer</c>). Keys form paths:
    /// <c>serializer["l1"].Serialize("W", w)</c> addresses <c>l1/W</c>.
    /// </summary>
    public abstract class AbstractSerializer
    {
        /// <summary>The path prefix of this serializer, e.g. <c>""</c> at the root or <c>"l1/"</c> for a child.</summary>
        public abstract string Path { get; }

        /// <summary>Whether this serializer loads values (a <see cref="Deserializer"/>) rather than saving them.</summary>
        public bool IsLoading => this is Deserializer;

        /// <summary>The serializer of the sub-object <paramref name="key"/> (<c>serializer[key]</c>).</summary>
        /// <param name="key">The child name; surrounding slashes are ignored, inner ones are kept (<c>l1/W</c>).</param>
        public abstract AbstractSerializer this[string key] { get; }

        /// <summary>
        /// Saves or loads an array (<c>serializer(key, value)</c>). Saving records <paramref name="value"/> and
        /// returns it. Loading copies the stored array into <paramref name="value"/> in place (casting float64 to
        /// float32 and other NumPy <c>same_kind</c> casts) and returns it; when <paramref name="value"/> is null it
        /// returns a new array with the stored shape and dtype (how uninitialized parameters get their shape).
        /// </summary>
        /// <param name="key">The key under this serializer's path.</param>
        /// <param name="value">The array, or null for a value that does not exist yet.</param>
        /// <returns>The value: the same array, a new one when <paramref name="value"/> was null, or null.</returns>
        public abstract NdArray? Serialize(string key, NdArray? value);

        /// <summary>Saves or loads an integer (stored as a 0-d int64, as Chainer stores a Python int).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The current value.</param>
        /// <returns>The value to keep: <paramref name="value"/> when saving, the stored value when loading.</returns>
        public abstract long Serialize(string key, long value);

        /// <summary>Saves or loads a float (stored as a 0-d float64).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The current value.</param>
        /// <returns>The value to keep.</returns>
        public abstract double Serialize(string key, double value);

        /// <summary>Saves or loads a flag (stored as a 0-d bool).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The current value.</param>
        /// <returns>The value to keep.</returns>
        public abstract bool Serialize(string key, bool value);

        /// <summary>Saves or loads an <see cref="int"/> (stored as a 0-d int64).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The current value.</param>
        /// <returns>The value to keep.</returns>
        /// <exception cref="OverflowException">The stored value does not fit in an int.</exception>
        public int Serialize(string key, int value) => checked((int)Serialize(key, (long)value));

        /// <summary>Saves or loads <paramref name="target"/> under the sub-path <paramref name="key"/>.</summary>
        /// <param name="key">The child name.</param>
        /// <param name="target">The object.</param>
        public void Serialize(string key, ISerializable target)
        {
            ArgumentNullException.ThrowIfNull(target);
            target.Serialize(this[key]);
        }

        /// <summary>Joins this serializer's path and a key the way Chainer does (<c>path + key.lstrip('/')</c>).</summary>
        /// <param name="key">The key.</param>
        /// <returns>The full key.</returns>
        protected string FullKey(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            return Path + key.TrimStart('/');
        }

        /// <summary>The path of the child <paramref name="key"/> (<c>path + key.strip('/') + '/'</c>).</summary>
        /// <param name="key">The child name.</param>
        /// <returns>The child's path.</returns>
        protected string ChildPath(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            return Path + key.Trim('/') + "/";
        }
    }

    /// <summary>The base of serializers that save (<c>chainer.Serializer</c>).</summary>
    public abstract class Serializer : AbstractSerializer
    {
        /// <summary>Saves <paramref name="target"/> (<c>Serializer.save</c>).</summary>
        /// <param name="target">The object to save.</param>
        public void Save(ISerializable target)
        {
            ArgumentNullException.ThrowIfNull(target);
            target.Serialize(this);
        }
    }

    /// <summary>The base of serializers that load (<c>chainer.Deserializer</c>).</summary>
    public abstract class Deserializer : AbstractSerializer
    {
        /// <summary>Loads <paramref name="target"/> (<c>Deserializer.load</c>).</summary>
        /// <param name="target">The object to load into.</param>
        public void Load(ISerializable target)
        {
            ArgumentNullException.ThrowIfNull(target);
            target.Serialize(this);
        }
    }
}
