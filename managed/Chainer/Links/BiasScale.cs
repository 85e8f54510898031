using System;
using System.Linq;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// Adds a learnable or given bias, broadcast along the axes from <see cref="Axis"/> on
    /// (<c>chainer.links.Bias</c>, after <c>F.bias(x, y, axis)</c>).
    /// </summary>
    public class Bias : Link, IForward
    {
        /// <summary>Creates the link (<c>L.Bias(axis=1, shape=None)</c>).</summary>
        /// <param name="axis">The first axis of x that the bias covers.</param>
        /// <param name="shape">The shape of the learnable bias b (zeros), or null when the bias is given to <see cref="Forward(Variable, Variable)"/>.</param>
        public Bias(int axis = 1, long[]? shape = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(axis);
            Axis = axis;
            if (shape is not null)
            {
                b = AddParam("b", new Parameter(new Constant(0.0), shape));
            }
        }

        /// <summary>The learnable bias, or null.</summary>
#pragma warning disable IDE1006 // Chainer's attribute name.
        public Parameter? b { get; }
#pragma warning restore IDE1006

        /// <summary>The first axis of x the bias covers.</summary>
        public int Axis { get; }

        /// <summary>Adds the learnable bias b.</summary>
        /// <param name="x">The input.</param>
        /// <returns>x + b, b broadcast.</returns>
        /// <exception cref="InvalidOperationException">The link was made without a shape.</exception>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            Parameter bias = b ?? throw new InvalidOperationException("This Bias link has no learnable b: pass the bias to Forward(x, y).");
            return Forward(x, bias);
        }

        /// <summary>Adds <paramref name="y"/>, broadcast along the axes from <see cref="Axis"/> on (<c>F.bias(x, y, axis)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <param name="y">The bias; its shape must equal x.Shape[axis..axis + y.Ndim].</param>
        /// <returns>The sum.</returns>
        public Variable Forward(Variable x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return x + Broadcast.Along(y, x, Axis);
        }
    }

    /// <summary>
    /// Multiplies by a learnable or given scale, broadcast along the axes from <see cref="Axis"/> on, optionally adding a
    /// learnable bias (<c>chainer.links.Scale</c>, a chain whose child <c>bias</c> is a <see cref="Links.Bias"/>).
    /// </summary>
    public class Scale : Chain, IForward
    {
        /// <summary>Creates the link (<c>L.Scale(axis=1, W_shape=None, bias_term=False, bias_shape=None)</c>).</summary>
        /// <param name="axis">The first axis of x that the scale covers.</param>
        /// <param name="wShape">The shape of the learnable scale W (ones), or null when the scale is given to <see cref="Forward(Variable, Variable)"/>.</param>
        /// <param name="biasTerm">Add a learnable bias.</param>
        /// <param name="biasShape">The bias shape when there is no W.</param>
        public Scale(int axis = 1, long[]? wShape = null, bool biasTerm = false, long[]? biasShape = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(axis);
            Axis = axis;
            if (wShape is not null)
            {
                W = AddParam("W", new Parameter(new Constant(1.0), wShape));
                if (biasTerm)
                {
                    BiasLink = Add("bias", new Bias(axis, wShape));
                }
            }
            else if (biasTerm)
            {
                if (biasShape is null)
                {
                    throw new ArgumentException("bias_shape should be given if W is not learnt parameter and bias_term is True.", nameof(biasShape));
                }

                BiasLink = Add("bias", new Bias(axis, biasShape));
            }
        }

        /// <summary>The learnable scale, or null.</summary>
        public Parameter? W { get; }

        /// <summary>The bias child (<c>bias</c>), or null.</summary>
        public Bias? BiasLink { get; }

        /// <summary>The first axis of x the scale covers.</summary>
        public int Axis { get; }

        /// <summary>Multiplies by the learnable W (then adds the bias, if any).</summary>
        /// <param name="x">The input.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            Parameter w = W ?? throw new InvalidOperationException("This Scale link has no learnable W: pass the scale to Forward(x, y).");
            return Forward(x, w);
        }

        /// <summary>Multiplies by <paramref name="y"/> broadcast along the axes from <see cref="Axis"/> on (<c>F.scale</c>), then adds the bias, if any.</summary>
        /// <param name="x">The input.</param>
        /// <param name="y">The scale; its shape must equal x.Shape[axis..axis + y.Ndim].</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            Variable z = x * Broadcast.Along(y, x, Axis);
            return BiasLink is null ? z : BiasLink.Forward(z);
        }
    }

    /// <summary>The broadcasting of <c>F.bias</c> and <c>F.scale</c>.</summary>
    internal static class Broadcast
    {
        /// <summary>Reshapes <paramref name="y"/> to (1,..,1, y.shape, 1,..,1) aligned at <paramref name="axis"/> of x and broadcasts it to x's shape.</summary>
        internal static Variable Along(Variable y, Variable x, int axis)
        {
            long[] xs = x.Shape;
            long[] ys = y.Shape;
            if (axis + ys.Length > xs.Length || !xs.Skip(axis).Take(ys.Length).SequenceEqual(ys))
            {
                throw new ShapeMismatchException(
                    "\nInvalid operation is performed in: Bias/Scale (Forward)\n\n" +
                    $"Expect: x.shape[{axis}:{axis + ys.Length}] == y.shape\nActual: {ShapeUtil.Format(xs)} vs {ShapeUtil.Format(ys)}");
            }

            var shape = new long[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                shape[i] = i >= axis && i < axis + ys.Length ? ys[i - axis] : 1;
            }

            return Functions.BroadcastTo(Functions.Reshape(y, shape), xs);
        }
    }
}
