using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Element-wise arithmetic on arrays, without a computational graph.</summary>
    public sealed partial class NdArray
    {
        /// <summary>Element-wise sum with broadcasting (NumPy's dtype promotion).</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator +(NdArray a, NdArray b) => ArrayMath.Binary(ArrayMath.Op.Add, a, b);

        /// <summary>Element-wise difference with broadcasting.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator -(NdArray a, NdArray b) => ArrayMath.Binary(ArrayMath.Op.Sub, a, b);

        /// <summary>Element-wise product with broadcasting.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator *(NdArray a, NdArray b) => ArrayMath.Binary(ArrayMath.Op.Mul, a, b);

        /// <summary>Element-wise true division with broadcasting (integer arrays give float64).</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator /(NdArray a, NdArray b) => ArrayMath.Binary(ArrayMath.Op.Div, a, b);

        /// <summary>Adds a scalar to every element.</summary>
        /// <param name="a">The array.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator +(NdArray a, double s) => ArrayMath.Scalar(ArrayMath.ScalarOp.Add, a, s);

        /// <summary>Adds a scalar to every element.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The array.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator +(double s, NdArray a) => ArrayMath.Scalar(ArrayMath.ScalarOp.Add, a, s);

        /// <summary>Subtracts a scalar from every element.</summary>
        /// <param name="a">The array.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator -(NdArray a, double s) => ArrayMath.Scalar(ArrayMath.ScalarOp.Sub, a, s);

        /// <summary>Subtracts every element from a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The array.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator -(double s, NdArray a) => ArrayMath.Scalar(ArrayMath.ScalarOp.RSub, a, s);

        /// <summary>Multiplies every element by a scalar.</summary>
        /// <param name="a">The array.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator *(NdArray a, double s) => ArrayMath.Scalar(ArrayMath.ScalarOp.Mul, a, s);

        /// <summary>Multiplies every element by a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The array.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator *(double s, NdArray a) => ArrayMath.Scalar(ArrayMath.ScalarOp.Mul, a, s);

        /// <summary>Divides every element by a scalar.</summary>
        /// <param name="a">The array.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator /(NdArray a, double s) => ArrayMath.Scalar(ArrayMath.ScalarOp.Div, a, s);

        /// <summary>Divides a scalar by every element.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The array.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator /(double s, NdArray a) => ArrayMath.Scalar(ArrayMath.ScalarOp.RDiv, a, s);

        /// <summary>Element-wise negation.</summary>
        /// <param name="a">The array.</param>
        /// <returns>A new array.</returns>
        public static NdArray operator -(NdArray a) => ArrayMath.Negate(a);

        /// <summary>Raises every element to <paramref name="exponent"/> (<c>x ** exponent</c>).</summary>
        /// <param name="exponent">The exponent.</param>
        /// <returns>A new array.</returns>
        public NdArray Pow(double exponent) => ArrayMath.Scalar(ArrayMath.ScalarOp.Pow, this, exponent);

        /// <summary>Element-wise power with broadcasting (<c>x ** exponent</c>).</summary>
        /// <param name="exponent">The exponents.</param>
        /// <returns>A new array.</returns>
        public NdArray Pow(NdArray exponent) => ArrayMath.Binary(ArrayMath.Op.Pow, this, exponent);

        /// <summary>The array with a new shape (<c>ndarray.reshape</c>), a view when possible; one entry may be -1.</summary>
        /// <param name="shape">The new shape.</param>
        /// <returns>A new array of the same size.</returns>
        /// <exception cref="ShapeMismatchException">The sizes differ.</exception>
        public NdArray Reshape(params long[] shape) => ArrayMath.Reshape(this, shape);

        /// <summary>Raises a scalar to every element (<c>s ** x</c>).</summary>
        /// <param name="baseValue">The base.</param>
        /// <param name="exponent">The exponents.</param>
        /// <returns>A new array.</returns>
        public static NdArray Pow(double baseValue, NdArray exponent) =>
            ArrayMath.Scalar(ArrayMath.ScalarOp.RPow, exponent, baseValue);
    }

    /// <summary>
    /// Graph-free arithmetic on arrays: each operation wraps its operands in temporary variables that do not
    /// require gradients and runs the differentiable routine with backprop disabled.
    /// </summary>
    internal static class ArrayMath
    {
        internal enum Op
        {
            Add,
            Sub,
            Mul,
            Div,
            Pow,
        }

        internal enum ScalarOp
        {
            Add,
            Sub,
            RSub,
            Mul,
            Div,
            RDiv,
            Pow,
            RPow,
        }

        internal static NdArray Binary(Op op, NdArray a, NdArray b)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            DType da = a.Dtype;
            DType db = b.Dtype;
            DType target = Promote(da, db);
            if (op == Op.Div && !target.IsFloat())
            {
                target = DType.Float64;
            }

            NdArray? ca = da == target ? null : a.AsType(target);
            NdArray? cb = db == target ? null : b.AsType(target);
            try
            {
                using var backprop = new BackpropDisabled();
                Ensure.Ok(NativeMethods.ch_variable_create((ca ?? a).Handle, 0, out VariableHandle va));
                using (va)
                {
                    Ensure.Ok(NativeMethods.ch_variable_create((cb ?? b).Handle, 0, out VariableHandle vb));
                    using (vb)
                    {
                        VariableHandle y0;
                        ChStatus status = op switch
                        {
                            Op.Add => NativeMethods.ch_add(va, vb, out y0),
                            Op.Sub => NativeMethods.ch_sub(va, vb, out y0),
                            Op.Mul => NativeMethods.ch_mul(va, vb, out y0),
                            Op.Div => NativeMethods.ch_div(va, vb, out y0),
                            _ => NativeMethods.ch_pow(va, vb, out y0),
                        };
                        return TakeArray(status, y0);
                    }
                }
            }
            finally
            {
                ca?.Dispose();
                cb?.Dispose();
            }
        }

        internal static NdArray Scalar(ScalarOp op, NdArray a, double s)
        {
            ArgumentNullException.ThrowIfNull(a);
            DType da = a.Dtype;
            DType target = da;
            if (!da.IsFloat())
            {
                bool integral = Math.Floor(s) == s && !double.IsInfinity(s);
                if (op is ScalarOp.Div or ScalarOp.RDiv || !integral)
                {
                    target = DType.Float64;
                }
                else if (da == DType.Bool)
                {
                    target = DType.Int64;
                }
            }

            NdArray? ca = da == target ? null : a.AsType(target);
            try
            {
                using var backprop = new BackpropDisabled();
                Ensure.Ok(NativeMethods.ch_variable_create((ca ?? a).Handle, 0, out VariableHandle va));
                using (va)
                {
                    VariableHandle y0;
                    ChStatus status = op switch
                    {
                        ScalarOp.Add => NativeMethods.ch_add_scalar(va, s, out y0),
                        ScalarOp.Sub => NativeMethods.ch_sub_scalar(va, s, out y0),
                        ScalarOp.RSub => NativeMethods.ch_rsub_scalar(va, s, out y0),
                        ScalarOp.Mul => NativeMethods.ch_mul_scalar(va, s, out y0),
                        ScalarOp.Div => NativeMethods.ch_div_scalar(va, s, out y0),
                        ScalarOp.RDiv => NativeMethods.ch_rdiv_scalar(va, s, out y0),
                        ScalarOp.Pow => NativeMethods.ch_pow_scalar(va, s, out y0),
                        _ => NativeMethods.ch_rpow_scalar(va, s, out y0),
                    };
                    return TakeArray(status, y0);
                }
            }
            finally
            {
                ca?.Dispose();
            }
        }

        internal static unsafe NdArray Reshape(NdArray a, long[] shape)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(shape);
            using var backprop = new BackpropDisabled();
            Ensure.Ok(NativeMethods.ch_variable_create(a.Handle, 0, out VariableHandle va));
            using (va)
            {
                VariableHandle y;
                ChStatus status;
                fixed (long* s = shape)
                {
                    status = NativeMethods.ch_reshape(va, s, shape.Length, out y);
                }

                return TakeArray(status, y);
            }
        }

        internal static NdArray Negate(NdArray a)
        {
            ArgumentNullException.ThrowIfNull(a);
            using var backprop = new BackpropDisabled();
            Ensure.Ok(NativeMethods.ch_variable_create(a.Handle, 0, out VariableHandle va));
            using (va)
            {
                ChStatus status = NativeMethods.ch_neg(va, out VariableHandle y);
                return TakeArray(status, y);
            }
        }

        /// <summary>NumPy's result dtype of a binary operation between arrays of two dtypes.</summary>
        internal static DType Promote(DType a, DType b)
        {
            if (a == b)
            {
                return a;
            }

            if (a == DType.Bool)
            {
                return b;
            }

            if (b == DType.Bool)
            {
                return a;
            }

            if (a == DType.Float64 || b == DType.Float64)
            {
                return DType.Float64;
            }

            if (a == DType.Float32 || b == DType.Float32)
            {
                // int32/int64 with float32 promote to float64 in NumPy.
                return DType.Float64;
            }

            return DType.Int64;
        }

        private static NdArray TakeArray(ChStatus status, VariableHandle y)
        {
            using (y)
            {
                Ensure.Ok(status);
                Ensure.Ok(NativeMethods.ch_variable_array(y, out ArrayHandle array));
                return new NdArray(array);
            }
        }

        /// <summary>Disables backprop on this thread (natively) until disposed, then restores the previous value.</summary>
        private readonly struct BackpropDisabled : IDisposable
        {
            private readonly int _previous;

            public BackpropDisabled()
            {
                Ensure.Ok(NativeMethods.ch_config_get_enable_backprop(out _previous));
                if (_previous != 0)
                {
                    Ensure.Ok(NativeMethods.ch_config_set_enable_backprop(0));
                }
            }

            public void Dispose()
            {
                if (_previous != 0)
                {
                    NativeMethods.ch_config_set_enable_backprop(_previous);
                }
            }
        }
    }
}
