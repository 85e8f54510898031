using System;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// A fully-connected layer <c>y = x W^T + b</c> (<c>chainer.links.Linear</c>); use as
    /// <c>using L = Chainer.Links;</c> and <c>new L.Linear(3, 2)</c>.
    /// </summary>
    /// <remarks>
    /// W has shape (outSize, inSize) and is drawn by <see cref="LeCunNormal"/> unless <c>initialW</c> says
    /// otherwise; b has shape (outSize,) and starts at zero. Without an input size, W is created on the first
    /// <see cref="Forward"/> from the input's shape.
    /// </remarks>
    public class Linear : Link, IForward
    {
        /// <summary>Creates the layer (<c>L.Linear(in_size, out_size, nobias, initialW, initial_bias)</c>).</summary>
        /// <param name="inSize">The input size, or null to infer it from the first batch.</param>
        /// <param name="outSize">The output size.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W (an <see cref="Initializer"/>, an <see cref="NdArray"/> or a scalar); null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        public Linear(int? inSize, int outSize, bool nobias = false, Initializer? initialW = null, Initializer? initialBias = null)
        {
            if (inSize is int i && i < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inSize), inSize, "inSize must not be negative.");
            }

            if (outSize < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outSize), outSize, "outSize must not be negative.");
            }

            InSize = inSize;
            OutSize = outSize;
            W = RegisterParam("W", new Parameter(initialW ?? new LeCunNormal()));
            if (inSize is int known)
            {
                InitializeParams(known);
            }

            if (!nobias)
            {
                b = RegisterParam("b", new Parameter(initialBias ?? new Constant(0.0), new long[] { outSize }));
            }
        }

        /// <summary>Creates a layer whose input size is inferred from the first batch (<c>L.Linear(out_size)</c>).</summary>
        /// <param name="outSize">The output size.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        public Linear(int outSize, bool nobias = false, Initializer? initialW = null, Initializer? initialBias = null)
            : this(null, outSize, nobias, initialW, initialBias)
        {
        }

        /// <summary>The weight, shape (outSize, inSize).</summary>
        public Parameter W { get; }

        /// <summary>The bias, shape (outSize,), or null with <c>nobias</c>.</summary>
#pragma warning disable IDE1006 // Chainer's attribute name.
        public Parameter? b { get; }
#pragma warning restore IDE1006

        /// <summary>The input size, or null until the first batch when it was not given.</summary>
        public int? InSize { get; private set; }

        /// <summary>The output size.</summary>
        public int OutSize { get; }

        /// <summary>Applies the layer (<c>F.linear(x, W, b, n_batch_axes)</c>), creating W first if needed.</summary>
        /// <param name="x">The input batch.</param>
        /// <param name="nBatchAxes">The number of leading batch axes.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x, int nBatchAxes = 1)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!W.IsInitialized)
            {
                long[] shape = x.Shape;
                if (nBatchAxes <= 0 || nBatchAxes > shape.Length)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(nBatchAxes), nBatchAxes, $"n_batch_axes must be in 1..{shape.Length} for an input of shape {ShapeUtil.Format(shape)}.");
                }

                long inSize = 1;
                for (int i = nBatchAxes; i < shape.Length; i++)
                {
                    inSize *= shape[i];
                }

                InitializeParams(checked((int)inSize));
            }

            return Functions.Linear(x, W, b, nBatchAxes);
        }

        /// <inheritdoc/>
        Variable IForward.Forward(Variable x) => Forward(x);

        private void InitializeParams(int inSize)
        {
            W.Initialize(new long[] { OutSize, inSize });
            InSize = inSize;
        }
    }
}
