using System;
using System.Runtime.CompilerServices;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// Differentiable functions on variables (<c>chainer.functions</c>); use as <c>using F = Chainer.Functions;</c>.
    /// Each call is one native routine, which records the graph when backprop is enabled; a few functions that
    /// Chainer itself writes as compositions (losses such as <c>huber_loss</c> or <c>gaussian_nll</c>) are
    /// compositions of these routines. The members are split by Chainer's modules over the files
    /// <c>Functions.*.cs</c> (math, activation, array, connection, pooling, normalization, noise, loss, evaluation).
    /// </summary>
    public static partial class Functions
    {
        /// <summary>Element-wise sum with broadcasting (<c>lhs + rhs</c>).</summary>
        /// <param name="lhs">The left operand.</param>
        /// <param name="rhs">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable Add(Variable lhs, Variable rhs)
        {
            ArgumentNullException.ThrowIfNull(lhs);
            ArgumentNullException.ThrowIfNull(rhs);
            return Result(NativeMethods.ch_add(lhs.Handle, rhs.Handle, out VariableHandle y), y);
        }

        /// <summary>Sums any number of variables (<c>F.add(*xs)</c>).</summary>
        /// <param name="x0">The first operand.</param>
        /// <param name="x1">The second operand.</param>
        /// <param name="xs">Further operands.</param>
        /// <returns>The sum.</returns>
        public static Variable Add(Variable x0, Variable x1, params Variable[] xs)
        {
            ArgumentNullException.ThrowIfNull(xs);
            Variable sum = Add(x0, x1);
            for (int i = 0; i < xs.Length; i++)
            {
                sum = Add(sum, xs[i]);
            }

            return sum;
        }

        /// <summary>Adds a scalar (<c>x + s</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable Add(Variable x, double s)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_add_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Element-wise difference with broadcasting (<c>lhs - rhs</c>).</summary>
        /// <param name="lhs">The left operand.</param>
        /// <param name="rhs">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable Sub(Variable lhs, Variable rhs)
        {
            ArgumentNullException.ThrowIfNull(lhs);
            ArgumentNullException.ThrowIfNull(rhs);
            return Result(NativeMethods.ch_sub(lhs.Handle, rhs.Handle, out VariableHandle y), y);
        }

        /// <summary>Subtracts a scalar (<c>x - s</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable Sub(Variable x, double s)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_sub_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Subtracts from a scalar (<c>s - x</c>).</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="x">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable Sub(double s, Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_rsub_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Element-wise product with broadcasting (<c>lhs * rhs</c>).</summary>
        /// <param name="lhs">The left operand.</param>
        /// <param name="rhs">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable Mul(Variable lhs, Variable rhs)
        {
            ArgumentNullException.ThrowIfNull(lhs);
            ArgumentNullException.ThrowIfNull(rhs);
            return Result(NativeMethods.ch_mul(lhs.Handle, rhs.Handle, out VariableHandle y), y);
        }

        /// <summary>Multiplies by a scalar (<c>x * s</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable Mul(Variable x, double s)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_mul_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Element-wise division with broadcasting (<c>lhs / rhs</c>).</summary>
        /// <param name="lhs">The left operand.</param>
        /// <param name="rhs">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable Div(Variable lhs, Variable rhs)
        {
            ArgumentNullException.ThrowIfNull(lhs);
            ArgumentNullException.ThrowIfNull(rhs);
            return Result(NativeMethods.ch_div(lhs.Handle, rhs.Handle, out VariableHandle y), y);
        }

        /// <summary>Divides by a scalar (<c>x / s</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable Div(Variable x, double s)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_div_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Divides a scalar (<c>s / x</c>).</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="x">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable Div(double s, Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_rdiv_scalar(x.Handle, s, out VariableHandle y), y);
        }

        /// <summary>Element-wise negation (<c>-x</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable Neg(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_neg(x.Handle, out VariableHandle y), y);
        }

        /// <summary>Element-wise power with broadcasting (<c>x ** y</c>).</summary>
        /// <param name="x">The base.</param>
        /// <param name="y">The exponent (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable Pow(Variable x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return Result(NativeMethods.ch_pow(x.Handle, y.Handle, out VariableHandle r), r);
        }

        /// <summary>Raises to a scalar power (<c>x ** y</c>).</summary>
        /// <param name="x">The base.</param>
        /// <param name="y">The exponent.</param>
        /// <returns>The result.</returns>
        public static Variable Pow(Variable x, double y)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_pow_scalar(x.Handle, y, out VariableHandle r), r);
        }

        /// <summary>Raises a scalar to element-wise powers (<c>x ** y</c> with a scalar base).</summary>
        /// <param name="x">The base.</param>
        /// <param name="y">The exponent.</param>
        /// <returns>The result.</returns>
        public static Variable Pow(double x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(y);
            return Result(NativeMethods.ch_rpow_scalar(y.Handle, x, out VariableHandle r), r);
        }

        /// <summary>Element-wise exponential (<c>F.exp</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable Exp(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_exp(x.Handle, out VariableHandle y), y);
        }

        /// <summary>Element-wise natural logarithm (<c>F.log</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable Log(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_log(x.Handle, out VariableHandle y), y);
        }

        /// <summary>Sum of elements (<c>F.sum(x, axis=None, keepdims=False)</c>); the full sum is a 0-d variable.</summary>
        /// <param name="x">The variable.</param>
        /// <param name="axis">The axis to sum over (negative counts from the end), or null for all axes.</param>
        /// <param name="keepdims">Keep the summed axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sum(Variable x, int? axis = null, bool keepdims = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            VariableHandle y;
            if (axis is int a)
            {
                long ax = a;
                return Result(NativeMethods.ch_sum(x.Handle, &ax, 1, keepdims ? 1 : 0, out y), y);
            }

            return Result(NativeMethods.ch_sum(x.Handle, null, -1, keepdims ? 1 : 0, out y), y);
        }

        /// <summary>Sum over several axes (<c>F.sum(x, axis=(...), keepdims)</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="axis">The axes to sum over (negative counts from the end).</param>
        /// <param name="keepdims">Keep the summed axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sum(Variable x, int[] axis, bool keepdims = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(axis);
            long* axes = stackalloc long[Math.Max(axis.Length, 1)];
            for (int i = 0; i < axis.Length; i++)
            {
                axes[i] = axis[i];
            }

            return Result(NativeMethods.ch_sum(x.Handle, axes, axis.Length, keepdims ? 1 : 0, out VariableHandle y), y);
        }

        /// <summary>Broadcasts to a shape (<c>F.broadcast_to</c>); its gradient sums back.</summary>
        /// <param name="x">The variable.</param>
        /// <param name="shape">The target shape.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable BroadcastTo(Variable x, params long[] shape)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(shape);
            fixed (long* s = shape)
            {
                return Result(NativeMethods.ch_broadcast_to(x.Handle, s, shape.Length, out VariableHandle y), y);
            }
        }

        /// <summary>Sums broadcast axes away so the result has <paramref name="shape"/> (<c>F.sum_to</c>).</summary>
        /// <param name="x">The variable.</param>
        /// <param name="shape">The target shape.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable SumTo(Variable x, params long[] shape)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(shape);
            fixed (long* s = shape)
            {
                return Result(NativeMethods.ch_sum_to(x.Handle, s, shape.Length, out VariableHandle y), y);
            }
        }

        /// <summary>Reshapes without copying when possible (<c>F.reshape</c>); one entry may be -1.</summary>
        /// <param name="x">The variable.</param>
        /// <param name="shape">The new shape.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Reshape(Variable x, params long[] shape)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(shape);
            fixed (long* s = shape)
            {
                return Result(NativeMethods.ch_reshape(x.Handle, s, shape.Length, out VariableHandle y), y);
            }
        }

        /// <summary>Permutes the axes (<c>F.transpose(x, axes=None)</c>); null reverses them.</summary>
        /// <param name="x">The variable.</param>
        /// <param name="axes">The permutation, or null.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Transpose(Variable x, int[]? axes = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            VariableHandle y;
            if (axes is null)
            {
                return Result(NativeMethods.ch_transpose(x.Handle, null, -1, out y), y);
            }

            long* a = stackalloc long[Math.Max(axes.Length, 1)];
            for (int i = 0; i < axes.Length; i++)
            {
                a[i] = axes[i];
            }

            return Result(NativeMethods.ch_transpose(x.Handle, a, axes.Length, out y), y);
        }

        /// <summary>Matrix product (<c>F.matmul(a, b, transa=False, transb=False)</c>) of 2-d or batched operands.</summary>
        /// <param name="a">The left matrix.</param>
        /// <param name="b">The right matrix.</param>
        /// <param name="transa">Transpose <paramref name="a"/> first.</param>
        /// <param name="transb">Transpose <paramref name="b"/> first.</param>
        /// <returns>The product.</returns>
        public static Variable MatMul(Variable a, Variable b, bool transa = false, bool transb = false)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            return Result(NativeMethods.ch_matmul(a.Handle, b.Handle, transa ? 1 : 0, transb ? 1 : 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Affine map <c>x W^T + b</c> (<c>F.linear(x, W, b=None, n_batch_axes=1)</c>); <paramref name="x"/> is
        /// flattened to (prod(shape[:nBatchAxes]), -1) and W is (out, in).
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="W">The weight, shape (out, in).</param>
        /// <param name="b">The bias, shape (out,), or null.</param>
        /// <param name="nBatchAxes">The number of leading batch axes (at least 1).</param>
        /// <returns>The output, shape x.shape[:nBatchAxes] + (out,).</returns>
        public static Variable Linear(Variable x, Variable W, Variable? b = null, int nBatchAxes = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(W);
            if (nBatchAxes <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(nBatchAxes), nBatchAxes, "n_batch_axes should be greater than 0.");
            }

            VariableHandle xh = x.Handle;
            VariableHandle wh = W.Handle;
            VariableHandle? bh = b?.Handle;
            bool added = false;
            try
            {
                nint braw = Handles.AddRef(bh, ref added);
                return Result(NativeMethods.ch_linear(xh, wh, braw, nBatchAxes, out VariableHandle y), y);
            }
            finally
            {
                Handles.Release(bh, added);
            }
        }

        /// <summary>Calls a one-input routine.</summary>
        internal static unsafe Variable Unary(Variable x, delegate*<VariableHandle, out VariableHandle, ChStatus> routine)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(routine(x.Handle, out VariableHandle y), y);
        }

        /// <summary>Calls a two-input routine.</summary>
        internal static unsafe Variable Binary(
            Variable a, Variable b, delegate*<VariableHandle, VariableHandle, out VariableHandle, ChStatus> routine,
            string aName, string bName)
        {
            ArgumentNullException.ThrowIfNull(a, aName);
            ArgumentNullException.ThrowIfNull(b, bName);
            return Result(routine(a.Handle, b.Handle, out VariableHandle y), y);
        }

        /// <summary>Calls a reduction routine over <paramref name="axes"/> (all axes when null).</summary>
        internal static unsafe Variable Reduce(
            Variable x, int[]? axes, bool keepdims,
            delegate*<VariableHandle, long*, int, int, out VariableHandle, ChStatus> routine)
        {
            ArgumentNullException.ThrowIfNull(x);
            VariableHandle y;
            if (axes is null)
            {
                return Result(routine(x.Handle, null, -1, keepdims ? 1 : 0, out y), y);
            }

            long[] a = Longs(axes);
            fixed (long* p = a)
            {
                return Result(routine(x.Handle, p, a.Length, keepdims ? 1 : 0, out y), y);
            }
        }

        /// <summary>The axes argument of a reduction: null, or one axis.</summary>
        internal static int[]? AxisList(int? axis) => axis is int a ? new[] { a } : null;

        /// <summary>Widens ints to longs.</summary>
        internal static long[] Longs(int[] values)
        {
            var r = new long[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                r[i] = values[i];
            }

            return r;
        }

        /// <summary>
        /// Normalizes an axis against <paramref name="ndim"/> (negative counts from the end), throwing NumPy's
        /// <c>AxisError</c> text as an <see cref="AxisOutOfRangeException"/>.
        /// </summary>
        internal static int NormalizeAxis(int axis, int ndim)
        {
            if (axis < -ndim || axis >= ndim)
            {
                throw new AxisOutOfRangeException($"axis {axis} is out of bounds for array of dimension {ndim}");
            }

            return axis < 0 ? axis + ndim : axis;
        }

        /// <summary>Checks a <c>reduce</c> option against the values a function accepts (Chainer's ValueError text).</summary>
        internal static void CheckReduce(string reduce, params string[] allowed)
        {
            ArgumentNullException.ThrowIfNull(reduce);
            if (Array.IndexOf(allowed, reduce) >= 0)
            {
                return;
            }

            string list = allowed.Length == 2
                ? $"'{allowed[0]}' and '{allowed[1]}'"
                : string.Join(", ", Array.ConvertAll(allowed[..^1], a => $"'{a}'")) + $" and '{allowed[^1]}'";
            throw new ArgumentException($"only {list} are valid for 'reduce', but '{reduce}' is given", nameof(reduce));
        }

        /// <summary>A variable holding a constant array (no gradient), of the dtype and on the device of <paramref name="like"/>.</summary>
        internal static Variable ConstantLike(Variable like, double value, long[]? shape = null)
        {
            NdArray a = NdArray.FullLike(like, shape ?? Array.Empty<long>(), value, like.Dtype);
            return new Variable(a, requiresGrad: false);
        }

        /// <summary>Wraps a routine's output, or throws the mapped exception.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Variable Result(ChStatus status, VariableHandle y)
        {
            if (status != ChStatus.Ok)
            {
                Fail(status, y);
            }

            return new Variable(y);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Fail(ChStatus status, VariableHandle y)
        {
            y.Dispose();
            Ensure.Ok(status);
        }
    }
}

namespace Chainer
{
    /// <summary>
    /// Managed-side type checks for the compositions in <see cref="Functions"/>, with Chainer's
    /// <c>InvalidType</c> message format (<c>Invalid operation is performed in: ... Expect: ... Actual: ...</c>).
    /// </summary>
    internal static class TypeChecks
    {
        /// <summary>The message of a failed type check, as <c>chainer.utils.type_check.InvalidType</c> prints it.</summary>
        internal static string Message(string label, string expect, string actual) =>
            $"\nInvalid operation is performed in: {label} (Forward)\n\nExpect: {expect}\nActual: {actual}";

        /// <summary>Throws a shape failure.</summary>
        internal static ShapeMismatchException ShapeError(string label, string expect, string actual) =>
            new ShapeMismatchException(Message(label, expect, actual));

        /// <summary>Requires a float dtype (<c>x.dtype.kind == 'f'</c>).</summary>
        internal static void Float(string label, string name, Variable x)
        {
            DType d = x.Dtype;
            if (!d.IsFloat())
            {
                throw new DTypeMismatchException(Message(label, $"{name}.dtype.kind == f", $"{Kind(d)} != f"));
            }
        }

        /// <summary>Requires an integer dtype (<c>t.dtype.kind == 'i'</c>).</summary>
        internal static void Int(string label, string name, Variable x)
        {
            DType d = x.Dtype;
            if (d is not (DType.Int32 or DType.Int64))
            {
                throw new DTypeMismatchException(Message(label, $"{name}.dtype.kind == i", $"{Kind(d)} != i"));
            }
        }

        /// <summary>Requires equal dtypes.</summary>
        internal static void SameDtype(string label, string an, Variable a, string bn, Variable b)
        {
            DType da = a.Dtype;
            DType db = b.Dtype;
            if (da != db)
            {
                throw new DTypeMismatchException(Message(label, $"{an}.dtype == {bn}.dtype", $"{da.Name()} != {db.Name()}"));
            }
        }

        /// <summary>Requires equal shapes.</summary>
        internal static void SameShape(string label, string an, Variable a, string bn, Variable b)
        {
            SameDtype(label, an, a, bn, b);
            long[] sa = a.Shape;
            long[] sb = b.Shape;
            if (!ShapeUtil.Equal(sa, sb))
            {
                throw ShapeError(label, $"{an}.shape == {bn}.shape", $"{ShapeUtil.Format(sa)} != {ShapeUtil.Format(sb)}");
            }
        }

        /// <summary>Requires <c>x.ndim == n</c>.</summary>
        internal static void Ndim(string label, string name, Variable x, int n)
        {
            int nd = x.Ndim;
            if (nd != n)
            {
                throw ShapeError(label, $"{name}.ndim == {n}", $"{nd} != {n}");
            }
        }

        /// <summary>Requires <c>lo &lt;= x.ndim &lt;= hi</c>.</summary>
        internal static void NdimRange(string label, string name, Variable x, int lo, int hi)
        {
            int nd = x.Ndim;
            if (nd < lo)
            {
                throw ShapeError(label, $"{name}.ndim >= {lo}", $"{nd} < {lo}");
            }

            if (nd > hi)
            {
                throw ShapeError(label, $"{name}.ndim <= {hi}", $"{nd} > {hi}");
            }
        }

        /// <summary>Requires <c>lhs == rhs</c> for two sizes.</summary>
        internal static void Eq(string label, string lhs, long lv, string rhs, long rv)
        {
            if (lv != rv)
            {
                throw ShapeError(label, $"{lhs} == {rhs}", $"{lv} != {rv}");
            }
        }

        /// <summary>NumPy's dtype kind letter.</summary>
        internal static string Kind(DType d) => d switch
        {
            DType.Bool => "b",
            DType.Int32 or DType.Int64 => "i",
            _ => "f",
        };
    }
}
