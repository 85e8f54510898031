using System;
using System.Linq;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// A 2-d convolution layer (<c>chainer.links.Convolution2D</c>): W has shape (out, in / groups, kh, kw) and is drawn
    /// by <see cref="LeCunNormal"/> unless <c>initialW</c> says otherwise; b has shape (out,) and starts at zero.
    /// With <c>inChannels: null</c>, W is created on the first <see cref="ConvolutionND.Forward"/> from <c>x.Shape[1]</c>.
    /// </summary>
    public class Convolution2D : ConvolutionND
    {
        /// <summary>Creates the layer (<c>L.Convolution2D(in_channels, out_channels, ksize, stride, pad, nobias, initialW, initial_bias, dilate=, groups=)</c>).</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it from the first batch.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size: k or (kh, kw).</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        /// <param name="dilate">The dilation (default 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        public Convolution2D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            Initializer? initialW = null, Initializer? initialBias = null, IntTuple? dilate = null, int groups = 1)
            : base(2, inChannels, outChannels, ksize, stride, pad, nobias, initialW, initialBias, coverAll: false, dilate, groups)
        {
        }
    }

    /// <summary>
    /// An N-dimensional convolution layer (<c>chainer.links.ConvolutionND</c>): W has shape
    /// (out, in / groups, k1, ..., kN), drawn by LeCunNormal unless <c>initialW</c> says otherwise.
    /// </summary>
    public class ConvolutionND : Link, IForward
    {
        /// <summary>Creates the layer (<c>L.ConvolutionND(ndim, in_channels, out_channels, ksize, stride, pad, nobias, initialW, initial_bias, cover_all, dilate, groups)</c>).</summary>
        /// <param name="ndim">The number of spatial dimensions.</param>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        /// <param name="coverAll">Cover every input pixel (may enlarge the output).</param>
        /// <param name="dilate">The dilation (default 1).</param>
        /// <param name="groups">The number of channel groups.</param>
        public ConvolutionND(int ndim, int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null,
            bool nobias = false, Initializer? initialW = null, Initializer? initialBias = null, bool coverAll = false, IntTuple? dilate = null, int groups = 1)
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
            CoverAll = coverAll;
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

        /// <summary>The filter, shape (out, in / groups, k...).</summary>
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

        /// <summary>Whether every input pixel is covered.</summary>
        public bool CoverAll { get; }

        /// <summary>The number of channel groups.</summary>
        public int Groups { get; }

        /// <summary>Applies the convolution (<c>F.convolution_nd</c>), creating W first if needed.</summary>
        /// <param name="x">The input batch (N, C, d1, ..., dN).</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!W.IsInitialized)
            {
                InitializeParams(ConvUtil.Channels(x));
            }

            return Functions.ConvolutionND(x, W, b, Stride, Pad, CoverAll, Dilate, Groups);
        }

        private void InitializeParams(int inChannels)
        {
            ConvUtil.CheckSizes(inChannels, OutChannels, Groups);
            W.Initialize(new long[] { OutChannels, inChannels / Groups }.Concat(Ksize).ToArray());
            InChannels = inChannels;
        }
    }

    /// <summary>A 1-d convolution layer (<c>chainer.links.Convolution1D</c>), a <see cref="ConvolutionND"/> with ndim 1.</summary>
    public class Convolution1D : ConvolutionND
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="pad">The padding.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W.</param>
        /// <param name="initialBias">The initializer of b.</param>
        /// <param name="coverAll">Cover every input pixel.</param>
        /// <param name="dilate">The dilation.</param>
        /// <param name="groups">The number of channel groups.</param>
        public Convolution1D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            Initializer? initialW = null, Initializer? initialBias = null, bool coverAll = false, IntTuple? dilate = null, int groups = 1)
            : base(1, inChannels, outChannels, ksize, stride, pad, nobias, initialW, initialBias, coverAll, dilate, groups)
        {
        }
    }

    /// <summary>A 3-d convolution layer (<c>chainer.links.Convolution3D</c>), a <see cref="ConvolutionND"/> with ndim 3.</summary>
    public class Convolution3D : ConvolutionND
    {
        /// <summary>Creates the layer.</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride.</param>
        /// <param name="pad">The padding.</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W.</param>
        /// <param name="initialBias">The initializer of b.</param>
        /// <param name="coverAll">Cover every input pixel.</param>
        /// <param name="dilate">The dilation.</param>
        /// <param name="groups">The number of channel groups.</param>
        public Convolution3D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null, bool nobias = false,
            Initializer? initialW = null, Initializer? initialBias = null, bool coverAll = false, IntTuple? dilate = null, int groups = 1)
            : base(3, inChannels, outChannels, ksize, stride, pad, nobias, initialW, initialBias, coverAll, dilate, groups)
        {
        }
    }

    /// <summary>
    /// A dilated 2-d convolution layer (<c>chainer.links.DilatedConvolution2D</c>): W (out, in, kh, kw), LeCunNormal by default.
    /// </summary>
    public class DilatedConvolution2D : ConvolutionND
    {
        /// <summary>Creates the layer (<c>L.DilatedConvolution2D(in_channels, out_channels, ksize, stride, pad, dilate, nobias, initialW, initial_bias)</c>).</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="outChannels">The number of output channels.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="dilate">The dilation (default 1).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        public DilatedConvolution2D(int? inChannels, int outChannels, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null,
            IntTuple? dilate = null, bool nobias = false, Initializer? initialW = null, Initializer? initialBias = null)
            : base(2, inChannels, outChannels, ksize, stride, pad, nobias, initialW, initialBias, coverAll: false, dilate, groups: 1)
        {
        }
    }

    /// <summary>
    /// A depthwise 2-d convolution layer (<c>chainer.links.DepthwiseConvolution2D</c>): W has shape
    /// (multiplier, in, kh, kw) and is drawn by HeNormal(1/√2) by default; b has shape (multiplier·in,).
    /// </summary>
    public class DepthwiseConvolution2D : Link, IForward
    {
        /// <summary>Creates the layer (<c>L.DepthwiseConvolution2D(in_channels, channel_multiplier, ksize, stride, pad, nobias, initialW, initial_bias)</c>).</summary>
        /// <param name="inChannels">The number of input channels, or null to infer it.</param>
        /// <param name="channelMultiplier">The number of filters per input channel.</param>
        /// <param name="ksize">The filter size.</param>
        /// <param name="stride">The stride (default 1).</param>
        /// <param name="pad">The padding (default 0).</param>
        /// <param name="nobias">Omit the bias.</param>
        /// <param name="initialW">The initializer of W; null is HeNormal(1/√2).</param>
        /// <param name="initialBias">The initializer of b; null is zeros.</param>
        public DepthwiseConvolution2D(int? inChannels, int channelMultiplier, IntTuple ksize, IntTuple? stride = null, IntTuple? pad = null,
            bool nobias = false, Initializer? initialW = null, Initializer? initialBias = null)
        {
            ConvUtil.CheckSizes(inChannels, channelMultiplier, 1);
            ChannelMultiplier = channelMultiplier;
            Ksize = ConvUtil.Expand(ksize, 2, nameof(ksize));
            Stride = ConvUtil.Expand(stride ?? 1, 2, nameof(stride));
            Pad = ConvUtil.Expand(pad ?? 0, 2, nameof(pad));
            W = AddParam("W", new Parameter(initialW ?? new HeNormal(1.0 / Math.Sqrt(2.0))));
            if (!nobias)
            {
                b = AddParam("b", new Parameter(initialBias ?? new Constant(0.0)));
            }

            if (inChannels is int c)
            {
                InitializeParams(c);
            }
        }

        /// <summary>The filter, shape (multiplier, in, kh, kw).</summary>
        public Parameter W { get; }

        /// <summary>The bias, shape (multiplier·in,), or null with <c>nobias</c>.</summary>
#pragma warning disable IDE1006 // Chainer's attribute name.
        public Parameter? b { get; }
#pragma warning restore IDE1006

        /// <summary>The number of input channels, or null until the first batch.</summary>
        public int? InChannels { get; private set; }

        /// <summary>The number of filters per input channel.</summary>
        public int ChannelMultiplier { get; }

        /// <summary>The filter size.</summary>
        public long[] Ksize { get; }

        /// <summary>The stride.</summary>
        public long[] Stride { get; }

        /// <summary>The padding.</summary>
        public long[] Pad { get; }

        /// <summary>Applies the convolution (<c>F.depthwise_convolution_2d</c>).</summary>
        /// <param name="x">The input batch.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!W.IsInitialized)
            {
                InitializeParams(ConvUtil.Channels(x));
            }

            return Functions.DepthwiseConvolution2D(x, W, b, Stride, Pad);
        }

        private void InitializeParams(int inChannels)
        {
            W.Initialize(new long[] { ChannelMultiplier, inChannels, Ksize[0], Ksize[1] });
            b?.Initialize(new long[] { (long)ChannelMultiplier * inChannels });
            InChannels = inChannels;
        }
    }

    /// <summary>Shared checks of the convolution links.</summary>
    internal static class ConvUtil
    {
        internal static long[] Expand(IntTuple value, int nd, string name)
        {
            long[] v = value.ToArray();
            if (v.Length == 1)
            {
                return Enumerable.Repeat(v[0], nd).ToArray();
            }

            if (v.Length != nd)
            {
                throw new ArgumentException($"{name} must be an int or a tuple of {nd} ints, not {value}.", name);
            }

            return v;
        }

        internal static void CheckSizes(int? inChannels, int outChannels, int groups)
        {
            if (inChannels is int i && i <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "The number of input channels must be positive.");
            }

            if (outChannels <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, "The number of output channels must be positive.");
            }

            if (groups <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be positive.");
            }

            if (outChannels % groups != 0)
            {
                throw new ArgumentException("the number of output channels must be divisible by the number of groups", nameof(groups));
            }

            if (inChannels is int c && c % groups != 0)
            {
                throw new ArgumentException("the number of input channels must be divisible by the number of groups", nameof(groups));
            }
        }

        internal static int Channels(Variable x)
        {
            long[] shape = x.Shape;
            if (shape.Length < 2)
            {
                throw new ArgumentException($"The input must have a channel axis; its shape is {ShapeUtil.Format(shape)}.", nameof(x));
            }

            return checked((int)shape[1]);
        }
    }
}
