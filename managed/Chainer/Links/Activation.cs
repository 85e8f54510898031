using System;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>A parametric ReLU (<c>chainer.links.PReLU</c>): <c>max(x, 0) + W·min(x, 0)</c>, W broadcast from axis 1 on.</summary>
    public class PReLU : Link, IForward
    {
        /// <summary>Creates the link (<c>L.PReLU(shape=(), init=0.25)</c>).</summary>
        /// <param name="shape">The shape of W; null is a scalar.</param>
        /// <param name="init">The initializer of W; null is 0.25.</param>
        public PReLU(long[]? shape = null, Initializer? init = null)
        {
            W = AddParam("W", new Parameter(init ?? new Constant(0.25), shape ?? Array.Empty<long>()));
        }

        /// <summary>The slope of the negative part.</summary>
        public Parameter W { get; }

        /// <summary>Applies <c>F.prelu(x, W)</c>.</summary>
        /// <param name="x">The input.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Functions.PRelu(x, W);
        }
    }

    /// <summary>
    /// A maxout layer (<c>chainer.links.Maxout</c>): a <see cref="Linear"/> child <c>linear</c> of size
    /// outSize·poolSize followed by <c>F.maxout(y, poolSize)</c>.
    /// </summary>
    public class Maxout : Chain, IForward
    {
        /// <summary>Creates the layer (<c>L.Maxout(in_size, out_size, pool_size, initialW, initial_bias=0)</c>).</summary>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The output size.</param>
        /// <param name="poolSize">The number of linear pieces per output.</param>
        /// <param name="initialW">The initializer of the linear W (shape (out·pool, in); a 3-d (out, pool, in) array is accepted); null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of the linear b (a 2-d (out, pool) array is accepted); null is zeros.</param>
        /// <param name="nobias">Omit the bias (Chainer's <c>initial_bias=None</c>).</param>
        public Maxout(int inSize, int outSize, int poolSize, Initializer? initialW = null, Initializer? initialBias = null, bool nobias = false)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolSize);
            int linearOut = checked(outSize * poolSize);
            if (initialW is Constant { FillArray: NdArray w } && w.Ndim != 2)
            {
                if (w.Ndim != 3)
                {
                    throw new ArgumentException("initialW.ndim should be 3", nameof(initialW));
                }

                initialW = new Constant(w.Reshape(linearOut, inSize));
            }

            if (initialBias is Constant { FillArray: NdArray bArr } && bArr.Ndim != 1)
            {
                if (bArr.Ndim != 2)
                {
                    throw new ArgumentException("initial_bias.ndim should be 2", nameof(initialBias));
                }

                initialBias = new Constant(bArr.Reshape(linearOut));
            }

            OutSize = outSize;
            PoolSize = poolSize;
            LinearLink = Add("linear", new Linear(inSize, linearOut, nobias, initialW, initialBias));
        }

        /// <summary>The linear child (<c>linear</c>).</summary>
        public Linear LinearLink { get; }

        /// <summary>The output size.</summary>
        public int OutSize { get; }

        /// <summary>The number of pieces per output.</summary>
        public int PoolSize { get; }

        /// <summary>Applies the layer.</summary>
        /// <param name="x">The input (N, in).</param>
        /// <returns>The output (N, out).</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Functions.Maxout(LinearLink.Forward(x), PoolSize);
        }
    }

    /// <summary>
    /// A highway layer (<c>chainer.links.Highway</c>): <c>y = a(plain(x))·t + x·(1 - t)</c> with
    /// <c>t = sigmoid(transform(x))</c>; the children <c>plain</c> and <c>transform</c> are square <see cref="Linear"/>
    /// links, the transform bias starting at -1.
    /// </summary>
    public class Highway : Chain, IForward
    {
        /// <summary>Creates the layer (<c>L.Highway(in_out_size, nobias, activate=F.relu, init_Wh, init_Wt, init_bh, init_bt=-1)</c>).</summary>
        /// <param name="inOutSize">The input and output size.</param>
        /// <param name="nobias">Omit both biases.</param>
        /// <param name="activate">The activation of the plain path; null is <c>F.Relu</c>.</param>
        /// <param name="initWh">The initializer of plain.W.</param>
        /// <param name="initWt">The initializer of transform.W.</param>
        /// <param name="initBh">The initializer of plain.b (zeros by default).</param>
        /// <param name="initBt">The initializer of transform.b (-1 by default).</param>
        public Highway(int inOutSize, bool nobias = false, Func<Variable, Variable>? activate = null, Initializer? initWh = null,
            Initializer? initWt = null, Initializer? initBh = null, Initializer? initBt = null)
        {
            Activate = activate ?? Functions.Relu;
            Plain = Add("plain", new Linear(inOutSize, inOutSize, nobias, initWh, initBh));
            Transform = Add("transform", new Linear(inOutSize, inOutSize, nobias, initWt, initBt ?? new Constant(-1.0)));
        }

        /// <summary>The plain path (<c>plain</c>).</summary>
        public Linear Plain { get; }

        /// <summary>The transform gate (<c>transform</c>).</summary>
        public Linear Transform { get; }

        /// <summary>The activation of the plain path.</summary>
        public Func<Variable, Variable> Activate { get; }

        /// <summary>Applies the layer.</summary>
        /// <param name="x">The input (N, size).</param>
        /// <returns>The output (N, size).</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            Variable outPlain = Activate(Plain.Forward(x));
            Variable outTransform = Functions.Sigmoid(Transform.Forward(x));
            return (outPlain * outTransform) + (x * (1.0 - outTransform));
        }
    }
}
