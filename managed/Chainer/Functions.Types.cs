using System;
using System.Globalization;
using System.Linq;

namespace Chainer
{
    /// <summary>
    /// An integer or a tuple of integers, as Chainer's "int or pair of ints" arguments (<c>ksize</c>, <c>stride</c>,
    /// <c>pad</c>, <c>dilate</c>, <c>outsize</c>). Converts implicitly from <see cref="int"/>, <see cref="long"/>,
    /// <c>int[]</c>, <c>long[]</c> and pairs and triples of <see cref="int"/> or <see cref="long"/>; a single
    /// value stands for the same value along every spatial axis. The empty tuple (<c>default</c>, or a null array)
    /// means "not given": the function's default applies.
    /// </summary>
    public readonly struct IntTuple : IEquatable<IntTuple>
    {
        private readonly long[]? _values;

        /// <summary>Creates a tuple of the given values (one value stands for all axes).</summary>
        /// <param name="values">The values (at least one).</param>
        /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
        public IntTuple(params long[] values)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Length == 0)
            {
                throw new ArgumentException("An IntTuple needs at least one value.", nameof(values));
            }

            _values = (long[])values.Clone();
        }

        /// <summary>Whether the tuple holds no value (<c>default(IntTuple)</c>), which functions treat as "not given".</summary>
        public bool IsEmpty => _values is null;

        /// <summary>The number of values (1 for a scalar).</summary>
        public int Length => _values?.Length ?? 0;

        /// <summary>The i-th value.</summary>
        /// <param name="index">The position.</param>
        public long this[int index] => (_values ?? Array.Empty<long>())[index];

        /// <summary>One value for every axis.</summary>
        /// <param name="value">The value.</param>
        public static implicit operator IntTuple(int value) => new IntTuple(value);

        /// <summary>One value for every axis.</summary>
        /// <param name="value">The value.</param>
        public static implicit operator IntTuple(long value) => new IntTuple(value);

        /// <summary>One value per axis; a null array gives the empty tuple, which functions treat as "not given".</summary>
        /// <param name="values">The values, or null.</param>
        public static implicit operator IntTuple(int[]? values) =>
            values is null || values.Length == 0 ? default : new IntTuple(values.Select(v => (long)v).ToArray());

        /// <summary>One value per axis; a null array gives the empty tuple, which functions treat as "not given".</summary>
        /// <param name="values">The values, or null.</param>
        public static implicit operator IntTuple(long[]? values) =>
            values is null || values.Length == 0 ? default : new IntTuple(values);

        /// <summary>A pair of values.</summary>
        /// <param name="values">The values.</param>
        public static implicit operator IntTuple((int, int) values) => new IntTuple(values.Item1, values.Item2);

        /// <summary>A triple of values.</summary>
        /// <param name="values">The values.</param>
        public static implicit operator IntTuple((int, int, int) values) =>
            new IntTuple(values.Item1, values.Item2, values.Item3);

        /// <summary>A pair of values.</summary>
        /// <param name="values">The values.</param>
        public static implicit operator IntTuple((long, long) values) => new IntTuple(values.Item1, values.Item2);

        /// <summary>A triple of values.</summary>
        /// <param name="values">The values.</param>
        public static implicit operator IntTuple((long, long, long) values) =>
            new IntTuple(values.Item1, values.Item2, values.Item3);

        /// <summary>Whether two tuples hold the same values.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>True when equal.</returns>
        public static bool operator ==(IntTuple left, IntTuple right) => left.Equals(right);

        /// <summary>Whether two tuples differ.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>True when different.</returns>
        public static bool operator !=(IntTuple left, IntTuple right) => !left.Equals(right);

        /// <summary>The values as an array (a copy).</summary>
        /// <returns>The values.</returns>
        public long[] ToArray() => (long[])(_values ?? Array.Empty<long>()).Clone();

        /// <inheritdoc/>
        public bool Equals(IntTuple other) =>
            (_values ?? Array.Empty<long>()).AsSpan().SequenceEqual(other._values ?? Array.Empty<long>());

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is IntTuple other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (long v in _values ?? Array.Empty<long>())
            {
                hash.Add(v);
            }

            return hash.ToHashCode();
        }

        /// <summary>Python's repr: <c>3</c> or <c>(2, 3)</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            long[] v = _values ?? Array.Empty<long>();
            if (v.Length == 1)
            {
                return v[0].ToString(CultureInfo.InvariantCulture);
            }

            return "(" + string.Join(", ", v.Select(e => e.ToString(CultureInfo.InvariantCulture))) + ")";
        }

        /// <summary>The values of an optional tuple for nd axes, or nd copies of <paramref name="def"/> when it is not given.</summary>
        internal static long[] ExpandOr(IntTuple? tuple, int nd, long def, string paramName)
        {
            if (tuple is IntTuple t && !t.IsEmpty)
            {
                return t.Expand(nd, paramName);
            }

            var r = new long[nd];
            Array.Fill(r, def);
            return r;
        }

        /// <summary>The values for <paramref name="nd"/> axes: a single value repeated, or exactly nd values.</summary>
        /// <param name="nd">The number of spatial axes.</param>
        /// <param name="paramName">The argument name used in errors.</param>
        /// <returns>nd values.</returns>
        internal long[] Expand(int nd, string paramName)
        {
            long[] v = _values ?? throw new ArgumentException($"{paramName} must hold at least one value.", paramName);
            if (v.Length == 1)
            {
                var r = new long[nd];
                Array.Fill(r, v[0]);
                return r;
            }

            if (v.Length != nd)
            {
                throw new ArgumentException(
                    $"{paramName} must be an int or a tuple of {nd} ints, got {ToString()}.", paramName);
            }

            return (long[])v.Clone();
        }
    }

    /// <summary>
    /// A Python slice <c>start:stop:step</c> for <see cref="Functions.GetItem"/>; null bounds are omitted, as in
    /// Python. C# ranges (<c>1..3</c>, <c>..</c>, <c>^2..</c>) are slices with step 1.
    /// </summary>
    public readonly struct Slice : IEquatable<Slice>
    {
        /// <summary>Creates <c>slice(start, stop, step)</c>.</summary>
        /// <param name="start">The first index (negative counts from the end), or null.</param>
        /// <param name="stop">The end index (exclusive; negative counts from the end), or null.</param>
        /// <param name="step">The step (not 0), or null for 1.</param>
        public Slice(long? start, long? stop, long? step = null)
        {
            Start = start;
            Stop = stop;
            Step = step;
        }

        /// <summary>The whole axis (<c>:</c>).</summary>
        public static Slice All => default;

        /// <summary>The first index, or null.</summary>
        public long? Start { get; }

        /// <summary>The end index, or null.</summary>
        public long? Stop { get; }

        /// <summary>The step, or null.</summary>
        public long? Step { get; }

        /// <summary>Whether two slices are equal.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>True when equal.</returns>
        public static bool operator ==(Slice left, Slice right) => left.Equals(right);

        /// <summary>Whether two slices differ.</summary>
        /// <param name="left">The left operand.</param>
        /// <param name="right">The right operand.</param>
        /// <returns>True when different.</returns>
        public static bool operator !=(Slice left, Slice right) => !left.Equals(right);

        /// <inheritdoc/>
        public bool Equals(Slice other) => Start == other.Start && Stop == other.Stop && Step == other.Step;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is Slice other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Start, Stop, Step);

        /// <summary>Python's repr: <c>slice(1, None, 2)</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            static string P(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "None";
            return $"slice({P(Start)}, {P(Stop)}, {P(Step)})";
        }
    }

    /// <summary>The new-axis index marker (Python's <c>None</c> / <c>numpy.newaxis</c>) for <see cref="Functions.GetItem"/>.</summary>
    /// <remarks>A null key means the same.</remarks>
    public sealed class NewAxis
    {
        private NewAxis()
        {
        }

        /// <summary>The marker.</summary>
        public static NewAxis Value { get; } = new NewAxis();

        /// <summary>Python's repr.</summary>
        /// <returns><c>None</c>.</returns>
        public override string ToString() => "None";
    }

    /// <summary>The ellipsis index marker (Python's <c>...</c>) for <see cref="Functions.GetItem"/>.</summary>
    public sealed class Ellipsis
    {
        private Ellipsis()
        {
        }

        /// <summary>The marker.</summary>
        public static Ellipsis Value { get; } = new Ellipsis();

        /// <summary>Python's repr.</summary>
        /// <returns><c>Ellipsis</c>.</returns>
        public override string ToString() => "Ellipsis";
    }
}
