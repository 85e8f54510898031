using System;
using System.Runtime.CompilerServices;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// Differentiable functions on variables (<c>chainer.functions</c>); use as <c>using F = Chainer.Functions;</c>.
    /// Each call is one native routine, which records the graph when backprop is enabled.
    /// </summary>
    public static class Functions
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
