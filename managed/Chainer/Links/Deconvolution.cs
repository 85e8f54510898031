using System;
using System.Linq;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// A 2-d transposed convolution layer (<c>chainer.links.Deconvolution2D</c>): W has shape
    /// (in, out / groups, kh, kw) and is drawn by LeCunNormal (whose fan_in is then out·kh·kw, as in Chainer); b has
    /// shape (out,) and starts at zero.
    /// </summary>
    public class Deconvolution2D : DeconvolutionND
    {
        /// <summary>Creates the layer (<c>L.Deconvolution2D(in_channels, out_channels, ksize, stride, pad, nobias, outsize, initialW, initial_bias, dilate=, groups=)</c>).</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it from the first batch.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="outsize">The output size (oh, ow), or null to compute it.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        /// <param name="dilate">The dilation (default 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        public Deconvolution2D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            IntTuple? outsize = null, Initializer? initialW = null, Initializer? initialBias = null, IntTuple? dilate = null, int groups = 1)
            : base(2, inChannels, outChannels, ksize, stride, pad, nobias, outsize, initialW, initialBias, dilate, groups)
        {
        }
    }

    /// <summary>
    /// An N-dimensional transposed convolution layer (<c>chainer.links.DeconvolutionND</c>): W has shape
    /// (in, out / groups, k1, ..., kN).
    /// </summary>
    public class DeconvolutionND : Link, IForward
    {
        /// <summary>Creates the layer (<c>L.DeconvolutionND(ndim, in_channels, out_channels, ksize, stride, pad, nobias, outsize, initialW, initial_bias, dilate, groups)</c>).</summary>
        /// <param name="ndim">The number of spatial dimensions.</param>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="outsize">The output size, or null.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        /// <param name="dilate">The dilation (default 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        public DeconvolutionND(int ndim, int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null,
            bool nobias = false, IntTuple? outsize = null, Initializer? initialW = null, Initializer? initialBias = null, IntTuple? dilate = null,
            int groups = 1)
        {
            if (ndim <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ndim), ndim, "ndim must be positive.");
            }

            ConvUtil.CheckSizes(inChannels, outChannels, groups);
            Ndim = ndim;
            InChannels = inChannels;
            OutChannels = outChannels;
            Ksize = ConvUtil.Expand(ksize, ndim, nameof(ksize));
            Stride = ConvUtil.Expand(stride ?? 1, ndim, nameof(stride));
            Pad = ConvUtil.Expand(pad ?? 0, ndim, nameof(pad));
            Dilate = ConvUtil.Expand(dilate ?? 1, ndim, nameof(dilate));
            Outsize = outsize is IntTuple o ? ConvUtil.Expand(o, ndim, nameof(outsize)) : null;
            Groups = groups;
            W = AddParam("W", new Parameter(initialW ?? new LeCunNormal()));
            if (inChannels is int c)
            {
                InitializeParams(c);
            }

            if (!nobias)
            {
                b = AddParam("b", new Parameter(initialBias ?? new Constant(0.0), new long[] { outChannels }));
            }
        }

        /// <summary>The filter, shape (in, out / groups, k...).</summary>
        public Parameter W { get; }

        /// <summary>The bias, or null with <c>nobias</c>.</summary>
#pragma warning disable IDE1006 // Chainer's attribute name.
        public Parameter? b { get; }
#pragma warning restore IDE1006

        /// <summary>The number of spatial dimensions.</summary>
        public int Ndim { get; }

        /// <summary>The number of input channels, or null until the first batch.</summary>
        public int? InChannels { get; private set; }

        /// <summary>The number of output channels.</summary>
        public int OutChannels { get; }

        /// <summary>The filter size.</summary>
        public long[] Ksize { get; }

        /// <summary>The stride.</summary>
        public long[] Stride { get; }

        /// <summary>The padding.</summary>
        public long[] Pad { get; }

        /// <summary>The dilation.</summary>
        public long[] Dilate { get; }

        /// <summary>The output size, or null.</summary>
        public long[]? Outsize { get; }

        /// <summary>The number of channel groups.</summary>
        public int Groups { get; }

        /// <summary>Applies the transposed convolution (<c>F.deconvolution_nd</c>).</summary>
        /// <param name="x">The input batch.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!W.IsInitialized)
            {
                InitializeParams(ConvUtil.Channels(x));
            }

            return Functions.DeconvolutionND(x, W, b, Stride, Pad, Outsize is null ? (IntTuple?)null : (IntTuple)Outsize, Dilate, Groups);
        }

        private void InitializeParams(int inChannels)
        {
            ConvUtil.CheckSizes(inChannels, OutChannels, Groups);
            W.Initialize(new long[] { inChannels, OutChannels / Groups }.Concat(Ksize).ToArray());
            InChannels = inChannels;
        }
    }

    /// <summary>A 1-d transposed convolution layer (<c>chainer.links.Deconvolution1D</c>).</summary>
    public class Deconvolution1D : DeconvolutionND
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="pad">The padding.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="outsize">The output size, or null.</param>
        /// <param name="initialW">The initializer of W.</param>
        /// <param name="initialBias">The initializer of b.</param>
        /// <param name="dilate">The dilation.</param>
        /// <param name="groups">The number of channel groups.</param>
        public Deconvolution1D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            IntTuple? outsize = null, Initializer? initialW = null, Initializer? initialBias = null, IntTuple? dilate = null, int groups = 1)
            : base(1, inChannels, outChannels, ksize, stride, pad, nobias, outsize, initialW, initialBias, dilate, groups)
        {
        }
    }

    /// <summary>A 3-d transposed convolution layer (<c>chainer.links.Deconvolution3D</c>).</summary>
    public class Deconvolution3D : DeconvolutionND
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="pad">The padding.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="outsize">The output size, or null.</param>
        /// <param name="initialW">The initializer of W.</param>
        /// <param name="initialBias">The initializer of b.</param>
        /// <param name="dilate">The dilation.</param>
        /// <param name="groups">The number of channel groups.</param>
        public Deconvolution3D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            IntTuple? outsize = null, Initializer? initialW = null, Initializer? initialBias = null, IntTuple? dilate = null, int groups = 1)
            : base(3, inChannels, outChannels, ksize, stride, pad, nobias, outsize, initialW, initialBias, dilate, groups)
        {
        }
    }
}
