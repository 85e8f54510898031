using System;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// A word embedding (<c>chainer.links.EmbedID</c>): W has shape (inSize, outSize) and is drawn by
    /// <see cref="Normal"/>(1.0) unless <c>initialW</c> says otherwise; ids equal to <see cref="IgnoreLabel"/> give zero rows.
    /// </summary>
    public class EmbedID : Link, IForward
    {
        /// <summary>Creates the embedding (<c>L.EmbedID(in_size, out_size, initialW, ignore_label)</c>).</summary>
        /// <param name="inSize">The number of ids (the vocabulary size).</param>
        /// <param name="outSize">The size of each embedding vector.</param>
        /// <param name="initialW">The initializer of W; null is Normal(1.0).</param>
        /// <param name="ignoreLabel">An id mapped to a zero vector, or null.</param>
        public EmbedID(int inSize, int outSize, Initializer? initialW = null, int? ignoreLabel = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(inSize);
            ArgumentOutOfRangeException.ThrowIfNegative(outSize);
            InSize = inSize;
            OutSize = outSize;
            IgnoreLabel = ignoreLabel;
            W = AddParam("W", new Parameter(initialW ?? new Normal(1.0), new long[] { inSize, outSize }));
        }

        /// <summary>The embedding matrix, shape (inSize, outSize).</summary>
        public Parameter W { get; }

        /// <summary>The number of ids.</summary>
        public int InSize { get; }

        /// <summary>The embedding size.</summary>
        public int OutSize { get; }

        /// <summary>The id mapped to a zero vector, or null.</summary>
        public int? IgnoreLabel { get; set; }

        /// <summary>Looks up the embeddings of the ids <paramref name="x"/> (<c>F.embed_id</c>).</summary>
        /// <param name="x">An int32 or int64 array of ids.</param>
        /// <returns>The embeddings, shape x.Shape + (outSize,).</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Functions.EmbedID(x, W, IgnoreLabel);
        }
    }

    /// <summary>
    /// A bilinear layer (<c>chainer.links.Bilinear</c>): <c>y_i = e1ᵀ W_i e2 + V1_iᵀ e1 + V2_iᵀ e2 + b_i</c>. W has shape
    /// (left, right, out); V1 (left, out), V2 (right, out) and b (out,) exist unless <c>nobias</c>. W, V1 and V2 are
    /// drawn by LeCunNormal and b is zero unless initializers are given.
    /// </summary>
    public class Bilinear : Link
    {
        /// <summary>Creates the layer (<c>L.Bilinear(left_size, right_size, out_size, nobias, initialW, initial_bias=(V1, V2, b))</c>).</summary>
        /// <param name="leftSize">The size of e1.</param>
        /// <param name="rightSize">The size of e2.</param>
        /// <param name="outSize">The output size.</param>
        /// <param name="nobias">Omit V1, V2 and b.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializers of (V1, V2, b); null is (LeCunNormal, LeCunNormal, zeros).</param>
        public Bilinear(int leftSize, int rightSize, int outSize, bool nobias = false, Initializer? initialW = null,
            (Initializer V1, Initializer V2, Initializer B)? initialBias = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(leftSize);
            ArgumentOutOfRangeException.ThrowIfNegative(rightSize);
            ArgumentOutOfRangeException.ThrowIfNegative(outSize);
            LeftSize = leftSize;
            RightSize = rightSize;
            OutSize = outSize;
            W = AddParam("W", new Parameter(initialW ?? new LeCunNormal(), new long[] { leftSize, rightSize, outSize }));
            if (!nobias)
            {
                Initializer v1 = initialBias?.V1 ?? new LeCunNormal();
                Initializer v2 = initialBias?.V2 ?? new LeCunNormal();
                Initializer bi = initialBias?.B ?? new Constant(0.0);
                V1 = AddParam("V1", new Parameter(v1, new long[] { leftSize, outSize }));
                V2 = AddParam("V2", new Parameter(v2, new long[] { rightSize, outSize }));
                b = AddParam("b", new Parameter(bi, new long[] { outSize }));
            }
        }

        /// <summary>The bilinear weight, shape (left, right, out).</summary>
        public Parameter W { get; }

        /// <summary>The linear weight of e1, shape (left, out), or null with <c>nobias</c>.</summary>
        public Parameter? V1 { get; }

        /// <summary>The linear weight of e2, shape (right, out), or null with <c>nobias</c>.</summary>
        public Parameter? V2 { get; }

        /// <summary>The bias, shape (out,), or null with <c>nobias</c>.</summary>
#pragma warning disable IDE1006 // Chainer's attribute name.
        public Parameter? b { get; }
#pragma warning restore IDE1006

        /// <summary>The size of e1.</summary>
        public int LeftSize { get; }

        /// <summary>The size of e2.</summary>
        public int RightSize { get; }

        /// <summary>The output size.</summary>
        public int OutSize { get; }

        /// <summary>Applies the layer (<c>F.bilinear</c>).</summary>
        /// <param name="e1">The left input (N, left).</param>
        /// <param name="e2">The right input (N, right).</param>
        /// <returns>The output (N, out).</returns>
        public Variable Forward(Variable e1, Variable e2)
        {
            ArgumentNullException.ThrowIfNull(e1);
            ArgumentNullException.ThrowIfNull(e2);
            return b is null ? Functions.Bilinear(e1, e2, W) : Functions.Bilinear(e1, e2, W, V1, V2, b);
        }
    }
}
