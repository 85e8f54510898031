using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Activation functions (<c>chainer.functions.activation</c>).</summary>
    public static partial class Functions
    {
        /// <summary>Rectified linear unit <c>max(0, x)</c> (<c>F.relu</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Relu(Variable x) => Unary(x, &NativeMethods.ch_relu);

        /// <summary>Rectified linear unit clipped at 6, <c>min(max(0, x), 6)</c> (<c>F.relu6</c>, which is <c>clipped_relu(x, 6.0)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static Variable Relu6(Variable x) => ClippedRelu(x, 6.0);

        /// <summary>Clipped rectified linear unit <c>min(max(0, x), z)</c> (<c>F.clipped_relu(x, z=20.0)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="z">The clipping value (positive).</param>
        /// <returns>The result.</returns>
        public static Variable ClippedRelu(Variable x, double z = 20.0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_clipped_relu(x.Handle, z, out VariableHandle y), y);
        }

        /// <summary>Leaky rectified linear unit: <c>x</c> for positive x, <c>slope * x</c> otherwise (<c>F.leaky_relu(x, slope=0.2)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="slope">The slope for negative inputs.</param>
        /// <returns>The result.</returns>
        public static Variable LeakyRelu(Variable x, double slope = 0.2)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_leaky_relu(x.Handle, slope, out VariableHandle y), y);
        }

        /// <summary>Exponential linear unit: <c>x</c> for positive x, <c>alpha * (exp(x) - 1)</c> otherwise (<c>F.elu(x, alpha=1.0)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="alpha">The scale of the negative part.</param>
        /// <returns>The result.</returns>
        public static Variable Elu(Variable x, double alpha = 1.0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_elu(x.Handle, alpha, out VariableHandle y), y);
        }

        /// <summary>Scaled exponential linear unit <c>scale * elu(x, alpha)</c> (<c>F.selu</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="alpha">The ELU alpha.</param>
        /// <param name="scale">The output scale.</param>
        /// <returns>The result.</returns>
        public static Variable Selu(Variable x, double alpha = 1.6732632423543772, double scale = 1.0507009873554805)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_selu(x.Handle, alpha, scale, out VariableHandle y), y);
        }

        /// <summary>Softplus <c>log(1 + exp(beta * x)) / beta</c>, computed stably (<c>F.softplus(x, beta=1.0)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="beta">The sharpness.</param>
        /// <returns>The result.</returns>
        public static Variable Softplus(Variable x, double beta = 1.0)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_softplus(x.Handle, beta, out VariableHandle y), y);
        }

        /// <summary>Element-wise logistic sigmoid <c>1 / (1 + exp(-x))</c> (<c>F.sigmoid</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sigmoid(Variable x) => Unary(x, &NativeMethods.ch_sigmoid);

        /// <summary>Piecewise-linear sigmoid <c>clip(0.2 * x + 0.5, 0, 1)</c> (<c>F.hard_sigmoid</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable HardSigmoid(Variable x) => Unary(x, &NativeMethods.ch_hard_sigmoid);

        /// <summary>Element-wise hyperbolic tangent (<c>F.tanh</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Tanh(Variable x) => Unary(x, &NativeMethods.ch_tanh);

        /// <summary>
        /// Swish <c>x * sigmoid(beta * x)</c> (<c>F.swish(x, beta)</c>); <paramref name="beta"/> has the shape
        /// <c>x.shape[1:1 + beta.ndim]</c> and is broadcast along the other axes.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="beta">The learnable parameter (same dtype).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Swish(Variable x, Variable beta) => Binary(x, beta, &NativeMethods.ch_swish, nameof(x), nameof(beta));

        /// <summary>
        /// Parametric ReLU: <c>x</c> for non-negative x, <c>W * x</c> otherwise (<c>F.prelu(x, W)</c>); W has the
        /// shape <c>x.shape[1:1 + W.ndim]</c>.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="W">The slopes (same dtype).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable PRelu(Variable x, Variable W) => Binary(x, W, &NativeMethods.ch_prelu, nameof(x), nameof(W));

        /// <summary>Softmax along an axis, computed stably (<c>F.softmax(x, axis=1)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The result.</returns>
        public static Variable Softmax(Variable x, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_softmax(x.Handle, axis, out VariableHandle y), y);
        }

        /// <summary>Log of the softmax along an axis, computed stably (<c>F.log_softmax(x, axis=1)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The result.</returns>
        public static Variable LogSoftmax(Variable x, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_log_softmax(x.Handle, axis, out VariableHandle y), y);
        }

        /// <summary>
        /// Maxout: the maximum over groups of <paramref name="poolSize"/> consecutive channels along
        /// <paramref name="axis"/> (<c>F.maxout(x, pool_size, axis=1)</c>).
        /// </summary>
        /// <param name="x">The input (float); its length along axis must be a multiple of poolSize.</param>
        /// <param name="poolSize">The group size (positive).</param>
        /// <param name="axis">The axis.</param>
        /// <returns>The result, with the axis divided by poolSize.</returns>
        public static Variable Maxout(Variable x, int poolSize, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_maxout(x.Handle, poolSize, axis, out VariableHandle y), y);
        }

        /// <summary>
        /// The LSTM activation (<c>F.lstm(c_prev, x)</c>): x holds the four gate pre-activations a, i, f, o interleaved
        /// along axis 1 (Chainer's layout); returns the new cell state and the output
        /// <c>c = tanh(a) * sigmoid(i) + sigmoid(f) * c_prev</c>, <c>h = sigmoid(o) * tanh(c)</c>. When x has fewer rows than
        /// c_prev, the remaining rows of c_prev are passed through (as Chainer does for shrinking mini-batches).
        /// </summary>
        /// <param name="cPrev">The previous cell state, (B, H, ...).</param>
        /// <param name="x">The gate pre-activations, (B', 4H, ...) with B' &lt;= B.</param>
        /// <returns>The new cell state and the output.</returns>
        public static (Variable c, Variable h) Lstm(Variable cPrev, Variable x)
        {
            ArgumentNullException.ThrowIfNull(cPrev);
            ArgumentNullException.ThrowIfNull(x);
            ChStatus status = NativeMethods.ch_lstm(cPrev.Handle, x.Handle, out VariableHandle c, out VariableHandle h);
            if (status != ChStatus.Ok)
            {
                c.Dispose();
                h.Dispose();
                Ensure.Ok(status);
            }

            return (new Variable(c), new Variable(h));
        }

        /// <summary>
        /// Concatenated ReLU: <c>concat(relu(x), relu(-x))</c> along <paramref name="axis"/> (<c>F.crelu(x, axis=1)</c>).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis along which the two halves are concatenated.</param>
        /// <returns>The result, twice as long along axis.</returns>
        public static Variable CRelu(Variable x, int axis = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            TypeChecks.Float("CReLU", "x", x);
            int nd = x.Ndim;
            if (!(nd > axis))
            {
                throw TypeChecks.ShapeError("CReLU", $"x.ndim > {axis}", $"{nd} <= {axis}");
            }

            if (!(nd >= -axis))
            {
                throw TypeChecks.ShapeError("CReLU", $"x.ndim >= {-axis}", $"{nd} < {-axis}");
            }

            return Concat(new[] { Relu(x), Relu(Neg(x)) }, axis);
        }
    }
}
