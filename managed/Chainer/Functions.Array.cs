using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Array manipulation functions (<c>chainer.functions.array</c>).</summary>
    public static partial class Functions
    {
        private const long SliceNone = long.MinValue;

        /// <summary>
        /// Broadcasts the inputs against each other (<c>F.broadcast(*args)</c>, NumPy's rules); the gradients are
        /// summed back to each input's shape.
        /// </summary>
        /// <param name="args">The inputs (at least one).</param>
        /// <returns>One variable per input, all of the broadcast shape.</returns>
        /// <exception cref="ShapeMismatchException">The shapes cannot be broadcast together.</exception>
        public static Variable[] Broadcast(params Variable[] args)
        {
            ArgumentNullException.ThrowIfNull(args);
            if (args.Length == 0)
            {
                throw new ArgumentException("broadcast needs at least one input.", nameof(args));
            }

            var shapes = new long[args.Length][];
            for (int i = 0; i < args.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(args[i], nameof(args));
                shapes[i] = args[i].Shape;
            }

            int nd = shapes.Max(s => s.Length);
            var shape = new long[nd];
            Array.Fill(shape, 1L);
            foreach (long[] s in shapes)
            {
                for (int i = 0; i < s.Length; i++)
                {
                    int j = nd - s.Length + i;
                    if (s[i] == shape[j] || s[i] == 1)
                    {
                        continue;
                    }

                    if (shape[j] != 1)
                    {
                        throw TypeChecks.ShapeError(
                            "Broadcast", "in_types[i].shape are broadcastable",
                            string.Join(", ", shapes.Select(ShapeUtil.Format)));
                    }

                    shape[j] = s[i];
                }
            }

            var result = new Variable[args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                result[i] = BroadcastTo(args[i], shape);
            }

            return result;
        }

        /// <summary>
        /// Casts to another dtype (<c>F.cast(x, typ)</c>); the gradient is cast back. When x already has that dtype,
        /// x itself is returned, as in Chainer.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="typ">The target dtype.</param>
        /// <returns>The result (x itself when the dtype does not change).</returns>
        public static Variable Cast(Variable x, DType typ)
        {
            ArgumentNullException.ThrowIfNull(x);
            DTypeExtensions.Validate(typ, nameof(typ));
            if (x.Dtype == typ)
            {
                return x;
            }

            return Result(NativeMethods.ch_cast(x.Handle, typ.ToNative(), out VariableHandle y), y);
        }

        /// <summary>Concatenates along an axis (<c>F.concat(xs, axis=1)</c>).</summary>
        /// <param name="xs">The inputs (same dtype; equal shapes except along axis).</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Concat(IReadOnlyList<Variable> xs, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(xs);
            using HandleList list = HandleList.FromVariables(xs, allowNull: false, nameof(xs));
            fixed (nint* p = list.Raw)
            {
                return Result(NativeMethods.ch_concat(p, list.Count, axis, out VariableHandle y), y);
            }
        }

        /// <summary>Stacks along a new axis (<c>F.stack(xs, axis=0)</c>).</summary>
        /// <param name="xs">The inputs (same shape and dtype).</param>
        /// <param name="axis">The position of the new axis.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Stack(IReadOnlyList<Variable> xs, int axis = 0)
        {
            ArgumentNullException.ThrowIfNull(xs);
            using HandleList list = HandleList.FromVariables(xs, allowNull: false, nameof(xs));
            fixed (nint* p = list.Raw)
            {
                return Result(NativeMethods.ch_stack(p, list.Count, axis, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// Concatenates horizontally (<c>F.hstack(xs)</c>, NumPy's <c>hstack</c>): along axis 1, or axis 0 for
        /// inputs of fewer than two dimensions.
        /// </summary>
        /// <param name="xs">The inputs.</param>
        /// <returns>The result.</returns>
        public static Variable HStack(IReadOnlyList<Variable> xs)
        {
            Variable[] v = NonEmpty(xs, nameof(xs));
            int nd = v[0].Ndim;
            Variable[] parts = v.Select(x => x.Ndim == 0 ? Reshape(x, 1) : x).ToArray();
            return Concat(parts, nd < 2 ? 0 : 1);
        }

        /// <summary>
        /// Concatenates vertically (<c>F.vstack(xs)</c>, NumPy's <c>vstack</c>): along axis 0, with 1-d inputs of
        /// length N treated as (1, N).
        /// </summary>
        /// <param name="xs">The inputs.</param>
        /// <returns>The result.</returns>
        public static Variable VStack(IReadOnlyList<Variable> xs)
        {
            Variable[] v = NonEmpty(xs, nameof(xs));
            Variable[] parts = v.Select(x => x.Ndim switch
            {
                0 => Reshape(x, 1, 1),
                1 => Reshape(x, 1, -1),
                _ => x,
            }).ToArray();
            return Concat(parts, 0);
        }

        /// <summary>
        /// Concatenates along the third axis (<c>F.dstack(xs)</c>, NumPy's <c>dstack</c>): (N,) becomes (1, N, 1)
        /// and (M, N) becomes (M, N, 1) first.
        /// </summary>
        /// <param name="xs">The inputs.</param>
        /// <returns>The result.</returns>
        public static Variable DStack(IReadOnlyList<Variable> xs)
        {
            Variable[] v = NonEmpty(xs, nameof(xs));
            Variable[] parts = v.Select(x =>
            {
                long[] s = x.Shape;
                return s.Length switch
                {
                    0 => Reshape(x, 1, 1, 1),
                    1 => Reshape(x, 1, s[0], 1),
                    2 => Reshape(x, s[0], s[1], 1),
                    _ => x,
                };
            }).ToArray();
            return Concat(parts, 2);
        }

        /// <summary>Splits into <paramref name="indicesOrSections"/> equal parts along an axis (<c>F.split_axis</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="indicesOrSections">The number of parts; the axis length must be divisible by it.</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The parts (always an array; Chainer's <c>force_tuple</c> is implied).</returns>
        public static unsafe Variable[] SplitAxis(Variable x, int indicesOrSections, int axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (indicesOrSections <= 0)
            {
                throw new ArgumentException(
                    $"array split does not result in an equal division: sections must be positive, got {indicesOrSections}",
                    nameof(indicesOrSections));
            }

            return SplitCall(x, null, indicesOrSections, axis, indicesOrSections);
        }

        /// <summary>Splits at the given indices along an axis (<c>F.split_axis(x, indices, axis)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="indicesOrSections">The sorted split points.</param>
        /// <param name="axis">The axis.</param>
        /// <returns>indices.Length + 1 parts.</returns>
        /// <exception cref="ArgumentException">The indices are not sorted.</exception>
        public static Variable[] SplitAxis(Variable x, int[] indicesOrSections, int axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(indicesOrSections);
            for (int i = 1; i < indicesOrSections.Length; i++)
            {
                if (indicesOrSections[i] < indicesOrSections[i - 1])
                {
                    throw new ArgumentException("indices_or_sections must be sorted", nameof(indicesOrSections));
                }
            }

            return SplitCall(x, Longs(indicesOrSections), 0, axis, indicesOrSections.Length + 1);
        }

        private static unsafe Variable[] SplitCall(Variable x, long[]? indices, long sections, int axis, int count)
        {
            var raw = new nint[count];
            ChStatus status;
            fixed (nint* ys = raw)
            {
                if (indices is null)
                {
                    status = NativeMethods.ch_split_axis(x.Handle, null, 0, sections, axis, ys, count);
                }
                else
                {
                    long[] idx = indices.Length == 0 ? new long[1] : indices;
                    fixed (long* ip = idx)
                    {
                        status = NativeMethods.ch_split_axis(x.Handle, ip, indices.Length, 0, axis, ys, count);
                    }
                }
            }

            Ensure.Ok(status);
            var result = new Variable[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = new Variable(Handles.OwnVariable(raw[i]));
            }

            return result;
        }

        /// <summary>Separates along an axis into variables without that axis (<c>F.separate(x, axis=0)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The axis.</param>
        /// <returns>x.shape[axis] variables.</returns>
        public static Variable[] Separate(Variable x, int axis = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            int nd = x.Ndim;
            if (axis >= 0 ? axis >= nd : -axis > nd)
            {
                throw TypeChecks.ShapeError("Separate", axis >= 0 ? $"{axis} < x.ndim" : $"{-axis} <= x.ndim", $"{axis} vs {nd}");
            }

            int a = axis < 0 ? axis + nd : axis;
            long n = x.Shape[a];
            if (n == 0)
            {
                return Array.Empty<Variable>();
            }

            Variable[] parts = SplitAxis(x, (int)n, a);
            var result = new Variable[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                result[i] = Squeeze(parts[i], a);
            }

            return result;
        }

        /// <summary>Removes axes of length one (<c>F.squeeze(x, axis=None)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The axis to remove (its length must be 1), or null for every length-1 axis.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Squeeze(Variable x, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            VariableHandle y;
            if (axis is int a)
            {
                long ax = a;
                return Result(NativeMethods.ch_squeeze(x.Handle, &ax, 1, out y), y);
            }

            return Result(NativeMethods.ch_squeeze(x.Handle, null, -1, out y), y);
        }

        /// <summary>Removes several axes of length one (<c>F.squeeze(x, axis=(...))</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The axes to remove.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Squeeze(Variable x, int[] axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(axis);
            long[] a = Longs(axis);
            if (a.Length == 0)
            {
                return Reshape(x, x.Shape);
            }

            fixed (long* p = a)
            {
                return Result(NativeMethods.ch_squeeze(x.Handle, p, a.Length, out VariableHandle y), y);
            }
        }

        /// <summary>Inserts an axis of length one (<c>F.expand_dims(x, axis)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The position of the new axis (negative counts from the end of the result).</param>
        /// <returns>The result.</returns>
        public static Variable ExpandDims(Variable x, int axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_expand_dims(x.Handle, axis, out VariableHandle y), y);
        }

        /// <summary>Flattens to one dimension (<c>F.flatten(x)</c>, which is <c>reshape(x, (x.size,))</c>).</summary>
        /// <param name="x">The input.</param>
        /// <returns>The result.</returns>
        public static Variable Flatten(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Reshape(x, x.Size);
        }

        /// <summary>Reverses the order of elements along an axis (<c>F.flip(x, axis)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The result.</returns>
        public static Variable Flip(Variable x, int axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_flip(x.Handle, axis, out VariableHandle y), y);
        }

        /// <summary>Flips along axis 1, left/right (<c>F.fliplr(a)</c>); a needs at least two dimensions.</summary>
        /// <param name="a">The input.</param>
        /// <returns>The result.</returns>
        public static Variable FlipLR(Variable a)
        {
            ArgumentNullException.ThrowIfNull(a);
            int nd = a.Ndim;
            if (nd < 2)
            {
                throw TypeChecks.ShapeError("FlipLR", "a.ndim >= 2", $"{nd} < 2");
            }

            return Flip(a, 1);
        }

        /// <summary>Flips along axis 0, up/down (<c>F.flipud(a)</c>); a needs at least one dimension.</summary>
        /// <param name="a">The input.</param>
        /// <returns>The result.</returns>
        public static Variable FlipUD(Variable a)
        {
            ArgumentNullException.ThrowIfNull(a);
            int nd = a.Ndim;
            if (nd < 1)
            {
                throw TypeChecks.ShapeError("FlipUD", "a.ndim >= 1", $"{nd} < 1");
            }

            return Flip(a, 0);
        }

        /// <summary>
        /// NumPy-style indexing (<c>F.get_item(x, slices)</c>, Python's <c>x[slices]</c>). Keys:
        /// integers (<see cref="int"/>, <see cref="long"/>, <see cref="Index"/> such as <c>^1</c>);
        /// slices (<see cref="Range"/> such as <c>1..3</c>, <c>..</c>, <c>^2..</c>, or <see cref="Slice"/> for steps);
        /// <see cref="NewAxis.Value"/> or null (Python's <c>None</c>); <see cref="Ellipsis.Value"/>;
        /// one index array (<see cref="NdArray"/> of int32/int64 or bool, or <c>int[]</c>, <c>long[]</c>,
        /// <c>bool[]</c>, or a multi-dimensional int/long/bool array). A null <paramref name="slices"/> array means
        /// <c>x[None]</c>. The gradient scatters (and accumulates repeated indices) back into x's shape.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="slices">The keys.</param>
        /// <returns>The selected elements.</returns>
        /// <exception cref="ArgumentException">A key has an unsupported type.</exception>
        /// <exception cref="AxisOutOfRangeException">An index is out of bounds.</exception>
        public static unsafe Variable GetItem(Variable x, params object?[]? slices)
        {
            ArgumentNullException.ThrowIfNull(x);
            slices ??= new object?[] { null };
            var keys = new long[Math.Max(4 * slices.Length, 4)];
            var arrays = new List<NdArray>();
            var owned = new List<NdArray>();
            try
            {
                for (int i = 0; i < slices.Length; i++)
                {
                    EncodeKey(slices[i], keys.AsSpan(4 * i, 4), arrays, owned);
                }

                // Index arrays made here from .NET arrays go where x is (the user cannot place them).
                if (owned.Count > 0)
                {
                    Device device = x.Device;
                    if (!device.IsCpu)
                    {
                        for (int i = 0; i < owned.Count; i++)
                        {
                            NdArray moved = owned[i].ToDevice(device);
                            arrays[arrays.IndexOf(owned[i])] = moved;
                            owned[i].Dispose();
                            owned[i] = moved;
                        }
                    }
                }

                using var list = new HandleList(arrays.Count);
                for (int i = 0; i < arrays.Count; i++)
                {
                    list.Set(i, arrays[i].Handle);
                }

                fixed (long* k = keys)
                fixed (nint* a = list.Count == 0 ? new nint[1] : list.Raw)
                {
                    return Result(NativeMethods.ch_get_item(x.Handle, k, slices.Length, a, list.Count, out VariableHandle y), y);
                }
            }
            finally
            {
                foreach (NdArray o in owned)
                {
                    o.Dispose();
                }
            }
        }

        private static void EncodeKey(object? key, Span<long> k, List<NdArray> arrays, List<NdArray> owned)
        {
            switch (key)
            {
                case null:
                case NewAxis:
                    k[0] = 2;
                    return;
                case Ellipsis:
                    k[0] = 3;
                    return;
                case int or long or short or sbyte or byte or ushort or uint:
                    k[0] = 0;
                    k[1] = Convert.ToInt64(key, CultureInfo.InvariantCulture);
                    return;
                case Index index:
                    if (index.IsFromEnd && index.Value == 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(key), "index ^0 is out of bounds for every axis");
                    }

                    k[0] = 0;
                    k[1] = index.IsFromEnd ? -(long)index.Value : index.Value;
                    return;
                case Range range:
                    k[0] = 1;
                    k[1] = range.Start.IsFromEnd
                        ? (range.Start.Value == 0 ? long.MaxValue : -(long)range.Start.Value)
                        : range.Start.Value;
                    k[2] = range.End.IsFromEnd
                        ? (range.End.Value == 0 ? SliceNone : -(long)range.End.Value)
                        : range.End.Value;
                    k[3] = SliceNone;
                    return;
                case Slice slice:
                    if (slice.Step == 0)
                    {
                        throw new ArgumentException("slice step cannot be zero", nameof(key));
                    }

                    k[0] = 1;
                    k[1] = slice.Start ?? SliceNone;
                    k[2] = slice.Stop ?? SliceNone;
                    k[3] = slice.Step ?? SliceNone;
                    return;
                case NdArray array:
                    k[0] = 4;
                    k[1] = arrays.Count;
                    arrays.Add(array);
                    return;
                case Variable:
                    throw new ArgumentException(
                        "A Variable cannot be used as an index; pass its array (variable.Array) instead.", nameof(key));
                case Array managed when managed.GetType().GetElementType() is Type t && (t == typeof(int) || t == typeof(long) || t == typeof(bool)):
                    NdArray created = NdArray.FromArray(managed);
                    owned.Add(created);
                    k[0] = 4;
                    k[1] = arrays.Count;
                    arrays.Add(created);
                    return;
                default:
                    throw new ArgumentException(
                        $"Unsupported index type {key.GetType().Name}: use integers, Index, Range, Slice, NewAxis, Ellipsis, " +
                        "an NdArray or an int/long/bool array.", nameof(key));
            }
        }

        /// <summary>
        /// Selects one element per row, <c>y[i] = x[i, t[i]]</c> (<c>F.select_item(x, t)</c>).
        /// </summary>
        /// <param name="x">The (N, C) input.</param>
        /// <param name="t">The (N,) int indices in [0, C).</param>
        /// <returns>The (N,) result.</returns>
        public static unsafe Variable SelectItem(Variable x, Variable t) => Binary(x, t, &NativeMethods.ch_select_item, nameof(x), nameof(t));

        /// <summary>
        /// Pads with a constant (<c>F.pad(x, pad_width, mode, constant_values=...)</c>); the same width before and
        /// after every axis.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="padWidth">The width added on both sides of every axis.</param>
        /// <param name="mode">The padding mode; only <c>"constant"</c> is supported.</param>
        /// <param name="constantValues">The fill value.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">The mode is not "constant".</exception>
        public static Variable Pad(Variable x, int padWidth, string mode, double constantValues = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return PadCall(x, Enumerable.Repeat(((long)padWidth, (long)padWidth), x.Ndim).ToArray(), mode, constantValues);
        }

        /// <summary>Pads with a constant, the same (before, after) widths on every axis (<c>F.pad(x, (before, after), mode)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="padWidth">The widths before and after.</param>
        /// <param name="mode">The padding mode; only <c>"constant"</c> is supported.</param>
        /// <param name="constantValues">The fill value.</param>
        /// <returns>The result.</returns>
        public static Variable Pad(Variable x, (int before, int after) padWidth, string mode, double constantValues = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return PadCall(x, Enumerable.Repeat(((long)padWidth.before, (long)padWidth.after), x.Ndim).ToArray(), mode, constantValues);
        }

        /// <summary>
        /// Pads with a constant (<c>F.pad(x, pad_width, mode)</c>) where pad_width has NumPy's forms: one value
        /// <c>{p}</c> for all sides, or <c>{before, after}</c> for every axis.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="padWidth">One or two values.</param>
        /// <param name="mode">The padding mode; only <c>"constant"</c> is supported.</param>
        /// <param name="constantValues">The fill value.</param>
        /// <returns>The result.</returns>
        public static Variable Pad(Variable x, int[] padWidth, string mode, double constantValues = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(padWidth);
            (long, long) pair = padWidth.Length switch
            {
                1 => (padWidth[0], padWidth[0]),
                2 => (padWidth[0], padWidth[1]),
                _ => throw new ArgumentException(
                    $"pad_width must hold one value or a (before, after) pair, got {padWidth.Length} values; use an int[ndim, 2] for per-axis widths.",
                    nameof(padWidth)),
            };
            return PadCall(x, Enumerable.Repeat(pair, x.Ndim).ToArray(), mode, constantValues);
        }

        /// <summary>
        /// Pads with a constant, per axis (<c>F.pad(x, ((b0, a0), (b1, a1), ...), mode)</c>): an (ndim, 2) array of
        /// (before, after) widths, or a (1, 2) array used for every axis.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="padWidth">The widths.</param>
        /// <param name="mode">The padding mode; only <c>"constant"</c> is supported.</param>
        /// <param name="constantValues">The fill value.</param>
        /// <returns>The result.</returns>
        public static Variable Pad(Variable x, int[,] padWidth, string mode, double constantValues = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(padWidth);
            int nd = x.Ndim;
            int rows = padWidth.GetLength(0);
            if (padWidth.GetLength(1) != 2 || (rows != nd && rows != 1))
            {
                throw new ArgumentException(
                    $"pad_width must have shape ({nd}, 2) or (1, 2), got ({rows}, {padWidth.GetLength(1)}).", nameof(padWidth));
            }

            var widths = new (long, long)[nd];
            for (int i = 0; i < nd; i++)
            {
                int r = rows == 1 ? 0 : i;
                widths[i] = (padWidth[r, 0], padWidth[r, 1]);
            }

            return PadCall(x, widths, mode, constantValues);
        }

        private static unsafe Variable PadCall(Variable x, (long Before, long After)[] widths, string mode, double value)
        {
            ArgumentNullException.ThrowIfNull(mode);
            if (mode != "constant")
            {
                throw new ArgumentException(
                    $"F.pad supports only mode 'constant' (its backward is defined for it only), got mode '{mode}'.", nameof(mode));
            }

            TypeChecks.Float("Pad", "x", x);
            var flat = new long[Math.Max(2 * widths.Length, 2)];
            for (int i = 0; i < widths.Length; i++)
            {
                if (widths[i].Before < 0 || widths[i].After < 0)
                {
                    throw new ArgumentException("index can't contain negative values", "padWidth");
                }

                flat[2 * i] = widths[i].Before;
                flat[(2 * i) + 1] = widths[i].After;
            }

            fixed (long* p = flat)
            {
                return Result(NativeMethods.ch_pad(x.Handle, p, 2 * widths.Length, value, out VariableHandle y), y);
            }
        }

        /// <summary>Repeats each element (<c>F.repeat(x, repeats, axis=None)</c>); with a null axis x is flattened first.</summary>
        /// <param name="x">The input.</param>
        /// <param name="repeats">The number of repetitions (non-negative).</param>
        /// <param name="axis">The axis, or null.</param>
        /// <returns>The result.</returns>
        public static Variable Repeat(Variable x, int repeats, int? axis = null) => Repeat(x, new[] { repeats }, axis);

        /// <summary>Repeats each element a given number of times (<c>F.repeat(x, (r0, r1, ...), axis)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="repeats">One count, or one per element along the axis (non-negative).</param>
        /// <param name="axis">The axis, or null.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">A count is negative.</exception>
        public static unsafe Variable Repeat(Variable x, int[] repeats, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(repeats);
            if (repeats.Any(r => r < 0))
            {
                throw new ArgumentException("all elements in repeats must be zero or larger", nameof(repeats));
            }

            long[] r = Longs(repeats);
            if (r.Length == 0)
            {
                throw new ArgumentException("repeats must hold at least one value", nameof(repeats));
            }

            fixed (long* p = r)
            {
                return Result(NativeMethods.ch_repeat(x.Handle, p, r.Length, axis.HasValue ? 1 : 0, axis ?? 0, out VariableHandle y), y);
            }
        }

        /// <summary>Tiles the input (<c>F.tile(x, reps)</c>, NumPy's <c>tile</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="reps">The number of repetitions of the last axis (non-negative).</param>
        /// <returns>The result.</returns>
        public static Variable Tile(Variable x, int reps) => Tile(x, new[] { reps });

        /// <summary>Tiles the input along several axes (<c>F.tile(x, (r0, r1, ...))</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="reps">The repetitions per axis, aligned to the last axes (non-negative).</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">A count is negative.</exception>
        public static unsafe Variable Tile(Variable x, int[] reps)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(reps);
            if (reps.Any(r => r < 0))
            {
                throw new ArgumentException("All elements in reps must be zero or larger", nameof(reps));
            }

            long[] r = Longs(reps);
            fixed (long* p = r.Length == 0 ? new long[1] : r)
            {
                return Result(NativeMethods.ch_tile(x.Handle, p, r.Length, out VariableHandle y), y);
            }
        }

        /// <summary>Swaps two axes (<c>F.swapaxes(x, axis1, axis2)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis1">The first axis.</param>
        /// <param name="axis2">The second axis.</param>
        /// <returns>The result.</returns>
        public static Variable SwapAxes(Variable x, int axis1, int axis2)
        {
            ArgumentNullException.ThrowIfNull(x);
            int nd = x.Ndim;
            int a = NormalizeAxis(axis1, nd);
            int b = NormalizeAxis(axis2, nd);
            int[] perm = Enumerable.Range(0, nd).ToArray();
            (perm[a], perm[b]) = (perm[b], perm[a]);
            return Transpose(x, perm);
        }

        /// <summary>Moves an axis to a new position (<c>F.moveaxis(x, source, destination)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="source">The axis to move.</param>
        /// <param name="destination">Its new position.</param>
        /// <returns>The result.</returns>
        public static Variable MoveAxis(Variable x, int source, int destination) => MoveAxis(x, new[] { source }, new[] { destination });

        /// <summary>Moves several axes to new positions (<c>F.moveaxis(x, (s...), (d...))</c>, NumPy's rules).</summary>
        /// <param name="x">The input.</param>
        /// <param name="source">The axes to move.</param>
        /// <param name="destination">Their new positions (same count).</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">The counts differ or an axis repeats.</exception>
        public static Variable MoveAxis(Variable x, int[] source, int[] destination)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(destination);
            if (source.Length != destination.Length)
            {
                throw new ArgumentException("`source` and `destination` arguments must have the same number of elements", nameof(destination));
            }

            int nd = x.Ndim;
            int[] src = source.Select(a => NormalizeAxis(a, nd)).ToArray();
            int[] dst = destination.Select(a => NormalizeAxis(a, nd)).ToArray();
            if (src.Distinct().Count() != src.Length)
            {
                throw new ArgumentException($"duplicate value in source axis: ({string.Join(", ", source)})", nameof(source));
            }

            if (dst.Distinct().Count() != dst.Length)
            {
                throw new ArgumentException($"duplicate value in destination axis: ({string.Join(", ", destination)})", nameof(destination));
            }

            var order = Enumerable.Range(0, nd).Where(a => !src.Contains(a)).ToList();
            foreach ((int d, int s) in dst.Zip(src).OrderBy(p => p.First))
            {
                order.Insert(d, s);
            }

            return Transpose(x, order.ToArray());
        }

        /// <summary>Rolls an axis backwards to a position (<c>F.rollaxis(x, axis, start=0)</c>, NumPy's rules).</summary>
        /// <param name="x">The input.</param>
        /// <param name="axis">The axis to roll.</param>
        /// <param name="start">The position before which it is placed.</param>
        /// <returns>The result.</returns>
        public static Variable RollAxis(Variable x, int axis, int start = 0)
        {
            ArgumentNullException.ThrowIfNull(x);
            int n = x.Ndim;
            int a = NormalizeAxis(axis, n);
            int s = start < 0 ? start + n : start;
            if (!(s >= 0 && s < n + 1))
            {
                throw new AxisOutOfRangeException($"'start' arg requires {-n} <= start < {n + 1}, but {start} was passed in");
            }

            if (a < s)
            {
                s -= 1;
            }

            var axes = Enumerable.Range(0, n).ToList();
            axes.Remove(a);
            axes.Insert(s, a);
            return Transpose(x, axes.ToArray());
        }

        /// <summary>
        /// Copies to a device (<c>F.copy(x, dst)</c>), differentiably: the gradient is copied back to x's device. When
        /// x is already on <paramref name="dst"/>, the result is a new variable sharing x's data (Chainer returns a
        /// view there too) whose gradient flows back unchanged.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="dst">The device specifier (<c>"@numpy"</c>, <c>"@cupy:0"</c>, ...).</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">The text is not a device specifier.</exception>
        /// <exception cref="DeviceException">The device cannot be used.</exception>
        public static Variable Copy(Variable x, string dst = "@numpy")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(dst);
            return Copy(x, Chainer.Device.Get(dst));
        }

        /// <summary>Copies to a device given by its Chainer id (<c>F.copy(x, -1)</c>: -1 is the CPU, N ≥ 0 CUDA device N).</summary>
        /// <param name="x">The input.</param>
        /// <param name="dst">The device id.</param>
        /// <returns>The result.</returns>
        /// <exception cref="DeviceException">The device cannot be used.</exception>
        public static Variable Copy(Variable x, int dst)
        {
            ArgumentNullException.ThrowIfNull(x);
            Device device;
            try
            {
                device = Chainer.Device.Get(dst);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new DeviceException($"F.copy: device {dst} is not a device id (-1 is the CPU, 0 or more a GPU).", e);
            }

            return Copy(x, device);
        }

        /// <summary>Copies to <paramref name="dst"/> (<c>F.copy(x, dst)</c>); see <see cref="Copy(Variable, string)"/>.</summary>
        /// <param name="x">The input.</param>
        /// <param name="dst">The target device.</param>
        /// <returns>The result.</returns>
        public static Variable Copy(Variable x, Device dst)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(dst);
            Device source = x.Device;
            if (source == dst)
            {
                return Reshape(x, x.Shape);
            }

            // The node belongs to the graph once applied (the graph keeps it alive), so it is not disposed here.
            return new DeviceCopy(source, dst).Apply(x)[0];
        }

        /// <summary>The cross-device copy behind <see cref="Copy(Variable, Device)"/>: forward sends to dst, backward sends the gradient back.</summary>
        private sealed class DeviceCopy : FunctionNode
        {
            private readonly Device _source;
            private readonly Device _destination;

            internal DeviceCopy(Device source, Device destination)
            {
                _source = source;
                _destination = destination;
            }

            public override string Label => "Copy";

            protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0].ToDevice(_destination) };

            protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) =>
                new[] { gradOutputs[0] is Variable gy ? Copy(gy, _source) : null };
        }

        /// <summary>
        /// Extracts sliding patches as channels (<c>F.im2col(x, ksize, stride=1, pad=0, cover_all=False, dilate=1)</c>):
        /// (N, C, H, W) becomes (N, C·kh·kw, out_h, out_w) with the channel index <c>c·kh·kw + i·kw + j</c>. Its gradient
        /// is col2im, itself differentiable.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="ksize">The patch size.</param>
        /// <param name="stride">The stride (null: 1).</param>
        /// <param name="pad">The zero padding (null: 0).</param>
        /// <param name="coverAll">Cover every input pixel, adding rows/columns of padding at the end if needed.</param>
        /// <param name="dilate">The dilation (null: 1).</param>
        /// <returns>The patches.</returns>
        public static unsafe Variable Im2Col(Variable x, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool coverAll = false,
            IntTuple? dilate = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Float("Im2Col", "x", x);
            TypeChecks.Ndim("Im2Col", "x", x, 4);
            const int nd = 2;
            long[] k = ksize.Expand(nd, nameof(ksize));
            long[] s = IntTuple.ExpandOr(stride, nd, 1, nameof(stride));
            long[] p = IntTuple.ExpandOr(pad, nd, 0, nameof(pad));
            long[] d = IntTuple.ExpandOr(dilate, nd, 1, nameof(dilate));
            fixed (long* kp = k)
            fixed (long* sp = s)
            fixed (long* pp = p)
            fixed (long* dp = d)
            {
                return Result(NativeMethods.ch_im2col(x.Handle, kp, sp, pp, dp, nd, coverAll ? 1 : 0, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// Resizes images (<c>F.resize_images(x, output_shape, mode='bilinear', align_corners=True)</c>) by bilinear or
        /// nearest-neighbour interpolation.
        /// </summary>
        /// <param name="x">The (N, C, H, W) input (float).</param>
        /// <param name="outputShape">The (out_H, out_W) size.</param>
        /// <param name="mode"><c>"bilinear"</c> or <c>"nearest"</c>.</param>
        /// <param name="alignCorners">Align the corner pixels of input and output (Chainer's default).</param>
        /// <returns>The (N, C, out_H, out_W) output.</returns>
        /// <exception cref="ArgumentException">The mode is unknown.</exception>
        public static Variable ResizeImages(Variable x, (int outH, int outW) outputShape, string mode = "bilinear", bool alignCorners = true)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(mode);
            int m = mode switch
            {
                "bilinear" => 0,
                "nearest" => 1,
                _ => throw new ArgumentException($"mode must be either 'bilinear' or 'nearest', not '{mode}'", nameof(mode)),
            };
            return Result(
                NativeMethods.ch_resize_images(x.Handle, outputShape.outH, outputShape.outW, m, alignCorners ? 1 : 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Rearranges channels into spatial blocks (<c>F.depth2space(X, r)</c>): (N, C·r², H, W) becomes
        /// (N, C, H·r, W·r).
        /// </summary>
        /// <param name="X">The (N, C·r², H, W) input (float).</param>
        /// <param name="r">The block size.</param>
        /// <returns>The result.</returns>
        public static Variable Depth2Space(Variable X, int r)
        {
            ArgumentNullException.ThrowIfNull(X);
            TypeChecks.Float("Depth2Space", "X", X);
            TypeChecks.Ndim("Depth2Space", "X", X, 4);
            CheckBlock(r);
            long[] s = X.Shape;
            long b = s[0], c = s[1] / (r * r), h = s[2], w = s[3];
            Variable y = Transpose(X, new[] { 0, 2, 3, 1 });
            y = Reshape(y, b, h, w, r, r, c);
            y = Transpose(y, new[] { 0, 1, 3, 2, 4, 5 });
            y = Reshape(y, b, h * r, w * r, c);
            return Transpose(y, new[] { 0, 3, 1, 2 });
        }

        /// <summary>
        /// Rearranges spatial blocks into channels (<c>F.space2depth(X, r)</c>): (N, C, H·r, W·r) becomes
        /// (N, C·r², H, W); the inverse of <see cref="Depth2Space"/>.
        /// </summary>
        /// <param name="X">The (N, C, H·r, W·r) input (float).</param>
        /// <param name="r">The block size.</param>
        /// <returns>The result.</returns>
        public static Variable Space2Depth(Variable X, int r)
        {
            ArgumentNullException.ThrowIfNull(X);
            TypeChecks.Float("Space2Depth", "X", X);
            TypeChecks.Ndim("Space2Depth", "X", X, 4);
            CheckBlock(r);
            long[] s = X.Shape;
            long b = s[0], c = s[1], h = s[2], w = s[3];
            Variable y = Reshape(X, b, c, h / r, r, w / r, r);
            y = Transpose(y, new[] { 0, 3, 5, 1, 2, 4 });
            return Reshape(y, b, r * r * c, h / r, w / r);
        }

        /// <summary>
        /// Permutes x along an axis (<c>F.permutate(x, indices, axis=0, inv=False)</c>): <c>y = x.take(indices, axis)</c>,
        /// or with the inverse permutation when <paramref name="inv"/> is true. The gradient is the opposite permutation.
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="indices">A permutation of <c>0 .. x.shape[axis] - 1</c> (a 1-d int32/int64 array).</param>
        /// <param name="axis">The axis.</param>
        /// <param name="inv">Use the inverse permutation.</param>
        /// <returns>The permuted variable.</returns>
        public static Variable Permutate(Variable x, NdArray indices, int axis = 0, bool inv = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(indices);
            int nd = x.Ndim;
            if (axis < 0 ? nd < -axis : nd <= axis)
            {
                throw TypeChecks.ShapeError("Permutate", axis < 0 ? $"x.ndim >= {-axis}" : $"x.ndim > {axis}", $"{nd} vs {axis}");
            }

            if (indices.Ndim != 1 || !(indices.Dtype is DType.Int32 or DType.Int64))
            {
                throw new ArgumentException("indices must be a 1-d int32 or int64 array", nameof(indices));
            }

            NdArray idx = indices;
            if (inv && indices.Size > 0)
            {
                // The inverse permutation without a managed loop: r[j] = argmax_i (indices[i] == j).
                using (chainer.NoBackpropMode())
                {
                    long n = indices.Size;
                    using NdArray classesOnHost = NdArray.Arange(0, n, 1, indices.Dtype);
                    using NdArray classes = classesOnHost.ToDevice(indices.Device);
                    using var iv = new Variable(indices, requiresGrad: false);
                    using var cv = new Variable(classes, requiresGrad: false);
                    Variable hits = Cast(Equal(Reshape(iv, n, 1), Reshape(cv, 1, n)), DType.Float32);
                    idx = ArgMax(hits, 0).Array;
                }
            }

            var keys = new object?[(axis < 0 ? axis + nd : axis) + 1];
            for (int i = 0; i < keys.Length - 1; i++)
            {
                keys[i] = Slice.All;
            }

            keys[^1] = idx;
            return GetItem(x, keys);
        }

        /// <summary>Permutes x along an axis by a permutation given as ints (<c>F.permutate(x, indices, axis, inv)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="indices">A permutation of <c>0 .. x.shape[axis] - 1</c>.</param>
        /// <param name="axis">The axis.</param>
        /// <param name="inv">Use the inverse permutation.</param>
        /// <returns>The permuted variable.</returns>
        public static Variable Permutate(Variable x, int[] indices, int axis = 0, bool inv = false)
        {
            ArgumentNullException.ThrowIfNull(indices);
            ArgumentNullException.ThrowIfNull(x);
            using var host = new NdArray(indices, indices.Length);
            Device device = x.Device;
            using NdArray idx = device.IsCpu ? Link.Own(host) : host.ToDevice(device);
            return Permutate(x, idx, axis, inv);
        }

        /// <summary>
        /// Diagonals of x (<c>F.diagonal(x, offset=0, axis1=0, axis2=1)</c>, NumPy's <c>diagonal</c>): the two axes are
        /// removed and the diagonal becomes the last axis.
        /// </summary>
        /// <param name="x">The input (at least 2-d).</param>
        /// <param name="offset">The offset from the main diagonal (positive: above it).</param>
        /// <param name="axis1">The first axis of the 2-d sub-arrays.</param>
        /// <param name="axis2">The second axis of the 2-d sub-arrays.</param>
        /// <returns>The diagonals.</returns>
        public static Variable Diagonal(Variable x, int offset = 0, int axis1 = 0, int axis2 = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_diagonal(x.Handle, offset, axis1, axis2, out VariableHandle y), y);
        }

        /// <summary>
        /// Chooses elements from x or y (<c>F.where(condition, x, y)</c>); the gradient flows to the chosen side.
        /// </summary>
        /// <param name="condition">A bool array or variable (broadcastable).</param>
        /// <param name="x">Taken where the condition holds.</param>
        /// <param name="y">Taken elsewhere (same dtype as x).</param>
        /// <returns>The result.</returns>
        public static Variable Where(Variable condition, Variable x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(condition);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return Result(NativeMethods.ch_where(condition.Handle, x.Handle, y.Handle, out VariableHandle r), r);
        }

        private static void CheckBlock(int r)
        {
            if (r <= 0)
            {
                throw new ArgumentException($"r must be positive, got {r}", nameof(r));
            }
        }

        private static Variable[] NonEmpty(IReadOnlyList<Variable> xs, string name)
        {
            ArgumentNullException.ThrowIfNull(xs, name);
            if (xs.Count == 0)
            {
                throw new ArgumentException("need at least one array to concatenate", name);
            }

            var v = new Variable[xs.Count];
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = xs[i] ?? throw new ArgumentNullException(name, $"{name}[{i}] is null.");
            }

            return v;
        }
    }
}
