using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Arithmetic operators and shape helpers of <see cref="Variable"/>.</summary>
    public partial class Variable
    {
        private enum BinaryOp
        {
            Add,
            Sub,
            Mul,
            Div,
            Pow,
        }

        /// <summary>The transpose (axes reversed), as <c>Variable.T</c>.</summary>
        public Variable T => Functions.Transpose(this);

        /// <summary>Element-wise sum with broadcasting; records the graph.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable operator +(Variable a, Variable b) => Functions.Add(a, b);

        /// <summary>Element-wise sum with a constant array (cast to the variable's dtype).</summary>
        /// <param name="a">The variable.</param>
        /// <param name="b">The constant.</param>
        /// <returns>The result.</returns>
        public static Variable operator +(Variable a, NdArray b) => WithConstant(BinaryOp.Add, a, b, constantFirst: false);

        /// <summary>Element-wise sum of a constant array (cast to the variable's dtype) and a variable.</summary>
        /// <param name="a">The constant.</param>
        /// <param name="b">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator +(NdArray a, Variable b) => WithConstant(BinaryOp.Add, b, a, constantFirst: true);

        /// <summary>Element-wise difference with broadcasting; records the graph.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable operator -(Variable a, Variable b) => Functions.Sub(a, b);

        /// <summary>Element-wise difference with a constant array (cast to the variable's dtype).</summary>
        /// <param name="a">The variable.</param>
        /// <param name="b">The constant.</param>
        /// <returns>The result.</returns>
        public static Variable operator -(Variable a, NdArray b) => WithConstant(BinaryOp.Sub, a, b, constantFirst: false);

        /// <summary>Element-wise difference of a constant array (cast to the variable's dtype) and a variable.</summary>
        /// <param name="a">The constant.</param>
        /// <param name="b">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator -(NdArray a, Variable b) => WithConstant(BinaryOp.Sub, b, a, constantFirst: true);

        /// <summary>Element-wise product with broadcasting; records the graph.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable operator *(Variable a, Variable b) => Functions.Mul(a, b);

        /// <summary>Element-wise product with a constant array (cast to the variable's dtype).</summary>
        /// <param name="a">The variable.</param>
        /// <param name="b">The constant.</param>
        /// <returns>The result.</returns>
        public static Variable operator *(Variable a, NdArray b) => WithConstant(BinaryOp.Mul, a, b, constantFirst: false);

        /// <summary>Element-wise product of a constant array (cast to the variable's dtype) and a variable.</summary>
        /// <param name="a">The constant.</param>
        /// <param name="b">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator *(NdArray a, Variable b) => WithConstant(BinaryOp.Mul, b, a, constantFirst: true);

        /// <summary>Element-wise quotient with broadcasting; records the graph.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>The result.</returns>
        public static Variable operator /(Variable a, Variable b) => Functions.Div(a, b);

        /// <summary>Element-wise quotient with a constant array (cast to the variable's dtype).</summary>
        /// <param name="a">The variable.</param>
        /// <param name="b">The constant.</param>
        /// <returns>The result.</returns>
        public static Variable operator /(Variable a, NdArray b) => WithConstant(BinaryOp.Div, a, b, constantFirst: false);

        /// <summary>Element-wise quotient of a constant array (cast to the variable's dtype) and a variable.</summary>
        /// <param name="a">The constant.</param>
        /// <param name="b">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator /(NdArray a, Variable b) => WithConstant(BinaryOp.Div, b, a, constantFirst: true);

        /// <summary>Adds a scalar.</summary>
        /// <param name="a">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable operator +(Variable a, double s) => Functions.Add(a, s);

        /// <summary>Adds a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator +(double s, Variable a) => Functions.Add(a, s);

        /// <summary>Subtracts a scalar.</summary>
        /// <param name="a">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable operator -(Variable a, double s) => Functions.Sub(a, s);

        /// <summary>Subtracts from a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator -(double s, Variable a) => Functions.Sub(s, a);

        /// <summary>Multiplies by a scalar.</summary>
        /// <param name="a">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable operator *(Variable a, double s) => Functions.Mul(a, s);

        /// <summary>Multiplies by a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator *(double s, Variable a) => Functions.Mul(a, s);

        /// <summary>Divides by a scalar.</summary>
        /// <param name="a">The variable.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>The result.</returns>
        public static Variable operator /(Variable a, double s) => Functions.Div(a, s);

        /// <summary>Divides a scalar.</summary>
        /// <param name="s">The scalar.</param>
        /// <param name="a">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator /(double s, Variable a) => Functions.Div(s, a);

        /// <summary>Element-wise negation.</summary>
        /// <param name="a">The variable.</param>
        /// <returns>The result.</returns>
        public static Variable operator -(Variable a) => Functions.Neg(a);

        /// <summary>Raises to a scalar power (<c>x ** exponent</c>).</summary>
        /// <param name="exponent">The exponent.</param>
        /// <returns>The result.</returns>
        public Variable Pow(double exponent) => Functions.Pow(this, exponent);

        /// <summary>Element-wise power with broadcasting (<c>x ** exponent</c>).</summary>
        /// <param name="exponent">The exponent (same dtype).</param>
        /// <returns>The result.</returns>
        public Variable Pow(Variable exponent) => Functions.Pow(this, exponent);

        /// <summary>Element-wise power with a constant exponent array (cast to this variable's dtype).</summary>
        /// <param name="exponent">The exponents.</param>
        /// <returns>The result.</returns>
        public Variable Pow(NdArray exponent) => WithConstant(BinaryOp.Pow, this, exponent, constantFirst: false);

        /// <summary>Raises a scalar to element-wise powers (<c>baseValue ** exponent</c>).</summary>
        /// <param name="baseValue">The base.</param>
        /// <param name="exponent">The exponent.</param>
        /// <returns>The result.</returns>
        public static Variable Pow(double baseValue, Variable exponent) => Functions.Pow(baseValue, exponent);

        /// <summary>Reshapes the variable (<c>Variable.reshape</c>); one entry may be -1.</summary>
        /// <param name="shape">The new shape.</param>
        /// <returns>The result.</returns>
        public Variable Reshape(params long[] shape) => Functions.Reshape(this, shape);

        /// <summary>Permutes the axes (<c>Variable.transpose</c>); no axes reverses them.</summary>
        /// <param name="axes">The permutation.</param>
        /// <returns>The result.</returns>
        public Variable Transpose(params int[] axes) => Functions.Transpose(this, axes is null || axes.Length == 0 ? null : axes);

        private static Variable WithConstant(BinaryOp op, Variable v, NdArray constant, bool constantFirst)
        {
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(constant);
            VariableHandle vh = v.Handle;
            ArrayHandle ch = constant.Handle;

            // Chainer casts a constant array to the variable's dtype.
            DType target = v.Dtype;
            ArrayHandle? cast = null;
            if (constant.Dtype != target)
            {
                Ensure.Ok(NativeMethods.ch_array_copy(ch, target.ToNative(), out ArrayHandle copied));
                cast = copied;
            }

            try
            {
                Ensure.Ok(NativeMethods.ch_variable_create(cast ?? ch, 0, out VariableHandle c));
                using (c)
                {
                    VariableHandle lhs = constantFirst ? c : vh;
                    VariableHandle rhs = constantFirst ? vh : c;
                    VariableHandle y;
                    ChStatus status = op switch
                    {
                        BinaryOp.Add => NativeMethods.ch_add(lhs, rhs, out y),
                        BinaryOp.Sub => NativeMethods.ch_sub(lhs, rhs, out y),
                        BinaryOp.Mul => NativeMethods.ch_mul(lhs, rhs, out y),
                        BinaryOp.Div => NativeMethods.ch_div(lhs, rhs, out y),
                        _ => NativeMethods.ch_pow(lhs, rhs, out y),
                    };
                    return Functions.Result(status, y);
                }
            }
            finally
            {
                cast?.Dispose();
            }
        }
    }
}
