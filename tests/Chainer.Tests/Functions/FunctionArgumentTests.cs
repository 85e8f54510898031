using System;
using System.Collections.Generic;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.FunctionTests
{
    /// <summary>
    /// Bad arguments raise typed exceptions; type-check failures carry Chainer's
    /// <c>Invalid operation is performed in: ... Expect: ... Actual: ...</c> text.
    /// </summary>
    [TestFixture]
    public class FunctionArgumentTests
    {
        private static NdArray F32(params long[] shape) => NdArray.Ones(shape, DType.Float32);

        private static NdArray F64(params long[] shape) => NdArray.Ones(shape, DType.Float64);

        private static NdArray I32(params int[] values) => new NdArray(values, values.Length);

        public static IEnumerable<TestCaseData> Cases()
        {
            TestCaseData C(string name, Action act, Type type, params string[] contains) =>
                new TestCaseData(act, type, contains).SetName("BadArgument_" + name);

            // dtype checks (native)
            yield return C("ReluInt", () => F.Relu(I32(1, 2)), typeof(DTypeMismatchException),
                "Invalid operation is performed in: ReLU (Forward)", "Expect: x.dtype.kind == f", "Actual: i != f");
            yield return C("MaximumMixedDtypes", () => F.Maximum(F32(2), F64(2)), typeof(DTypeMismatchException), "Expect: x1.dtype == x2.dtype");
            // Float t means soft targets (Chainer's else-branch), which must have x's shape.
            yield return C("SoftmaxCrossEntropyFloatLabels", () => F.SoftmaxCrossEntropy(F32(2, 3), F32(2)), typeof(ShapeMismatchException),
                "Expect: x.shape == t.shape", "Actual: (2, 3) != (2,)");
            yield return C("EmbedIDFloatIds", () => F.EmbedID(F32(2), F32(3, 2)), typeof(DTypeMismatchException), "Expect: in_types[0].dtype.kind == i");
            yield return C("WhereNonBool", () => F.Where(F32(2), F32(2), F32(2)), typeof(DTypeMismatchException), "Expect: condition.dtype == bool");
            yield return C("HingeFloatLabels", () => F.Hinge(F32(2, 3), F32(2)), typeof(DTypeMismatchException), "Expect: t.dtype.kind == i");
            yield return C("SquaredErrorDtypes", () => F.SquaredError(F32(2), F64(2)), typeof(DTypeMismatchException), "Expect: x0.dtype == x1.dtype");

            // shape / rank checks
            yield return C("Convolution2DChannels", () => F.Convolution2D(F32(1, 3, 4, 4), F32(2, 2, 3, 3)), typeof(ShapeMismatchException),
                "Expect: in_types[0].shape[1] == in_types[1].shape[1] * 1", "Actual: 3 != 2");
            yield return C("Convolution2DRank", () => F.Convolution2D(F32(1, 3, 4), F32(2, 3, 3)), typeof(ShapeMismatchException),
                "Expect: x.ndim == 4", "Actual: 3 != 4");
            yield return C("Convolution1DRank", () => F.Convolution1D(F32(1, 3, 4, 4), F32(2, 3, 3, 3)), typeof(ArgumentException),
                "The number of dimensions under channel dimension of the input 'x' should be 1. But the actual ndim was 2.");
            yield return C("ConvolutionStrideLength", () => F.Convolution2D(F32(1, 3, 4, 4), F32(2, 3, 3, 3), stride: new[] { 1, 2, 3 }),
                typeof(ArgumentException), "stride");
            yield return C("ConvolutionNegativeStride", () => F.Convolution2D(F32(1, 3, 4, 4), F32(2, 3, 3, 3), stride: -1),
                typeof(ChainerArgumentException), "stride must be positive");
            yield return C("ConvolutionKernelTooBig", () => F.Convolution2D(F32(1, 3, 2, 2), F32(2, 3, 3, 3)), typeof(InvalidTypeException),
                "output size > 0");
            yield return C("DeconvolutionOutsize", () => F.Deconvolution2D(F32(1, 2, 3, 3), F32(2, 3, 3, 3), stride: 2, outsize: (10, 10)),
                typeof(ShapeMismatchException), "<= in_types[0].shape[2]", "Actual: 4 > 3");
            yield return C("LinearShapes", () => F.Linear(F32(2, 4), F32(3, 5)), typeof(ShapeMismatchException),
                "Expect: x.shape[1] == W.shape[1]", "Actual: 4 != 5");
            yield return C("MeanSquaredErrorShapes", () => F.MeanSquaredError(F32(2, 3), F32(3, 2)), typeof(ShapeMismatchException),
                "Expect: x0.shape == x1.shape");
            yield return C("AccuracyRank", () => F.Accuracy(F32(2, 3), I32(0, 1, 2, 0).Reshape(2, 2)), typeof(ShapeMismatchException),
                "Expect: t.ndim == x.ndim - 1");
            yield return C("ConcatShapes", () => F.Concat(new Variable[] { F32(2, 3), F32(3, 3) }), typeof(ShapeMismatchException), "Expect:");
            yield return C("MaxPooling2DRank", () => F.MaxPooling2D(F32(1, 3, 4), 2), typeof(ShapeMismatchException), "Expect: x.ndim == 4");
            yield return C("MaxPoolingNegativeKsize", () => F.MaxPooling2D(F32(1, 1, 4, 4), -2), typeof(ChainerArgumentException), "ksize");
            yield return C("BatchNormalizationGamma", () => F.BatchNormalization(F32(4, 3), F32(2), F32(2)), typeof(ShapeMismatchException), "Expect:");
            yield return C("LayerNormalizationRank", () => F.LayerNormalization(F32(2, 3, 4), F32(3), F32(3)), typeof(ShapeMismatchException),
                "Expect: in_types[0].ndim == 2");
            yield return C("Im2ColRank", () => F.Im2Col(F32(2, 3, 4), 2), typeof(ShapeMismatchException), "Expect: x.ndim == 4");
            yield return C("LinearInterpolateShapes", () => F.LinearInterpolate(F32(2), F32(3), F32(3)), typeof(ShapeMismatchException),
                "Expect: p.shape == x.shape");
            yield return C("ContrastiveRank", () => F.Contrastive(F32(2, 3, 1), F32(2, 3, 1), I32(1, 0)), typeof(ShapeMismatchException),
                "Expect: x0.ndim == 2");
            yield return C("HingeRank", () => F.Hinge(F32(2, 3, 1), I32(1, 0)), typeof(ShapeMismatchException), "Expect: x.ndim == 2");
            yield return C("BroadcastIncompatible", () => F.Broadcast(F32(2, 3), F32(3, 2)), typeof(ShapeMismatchException), "(2, 3)");
            yield return C("BroadcastToIncompatible", () => F.BroadcastTo(F32(2, 3), 3, 3), typeof(ShapeMismatchException), "Expect:");
            yield return C("ReshapeSize", () => F.Reshape(F32(2, 3), 4, 2), typeof(ShapeMismatchException), "Expect: prod(x.shape) == prod(");
            yield return C("FlipLRRank", () => F.FlipLR(F32(3)), typeof(ShapeMismatchException), "Expect: a.ndim >= 2");
            yield return C("SumAxisOutOfRange", () => F.Sum(F32(2, 3), 2), typeof(ShapeMismatchException), "Expect:");
            yield return C("BatchMatMulRank", () => F.BatchMatMul(F32(2), F32(2)), typeof(ShapeMismatchException), "Expect: a.ndim >= 2");

            // negative sizes, out-of-range labels and indices
            yield return C("ReshapeNegative", () => F.Reshape(F32(2, 3), -2, -3), typeof(ChainerArgumentException), "invalid shape");
            yield return C("PadNegative", () => F.Pad(F32(2), -1, "constant"), typeof(ArgumentException), "negative");
            yield return C("RepeatNegative", () => F.Repeat(F32(2), -1), typeof(ArgumentException), "zero or larger");
            yield return C("TileNegative", () => F.Tile(F32(2), -1), typeof(ArgumentException), "zero or larger");
            yield return C("SoftmaxCrossEntropyLabelOutOfRange", () => F.SoftmaxCrossEntropy(F32(2, 3), I32(0, 3)), typeof(ChainerArgumentException),
                "Each label `t` need to satisfy `0 <= t < x.shape[1] or t == -1`");
            yield return C("SigmoidCrossEntropyLabel", () => F.SigmoidCrossEntropy(F32(2), I32(0, 2)), typeof(ChainerArgumentException), "t must be 0, 1 or -1");
            yield return C("EmbedIDOutOfRange", () => F.EmbedID(I32(0, 5), F32(3, 2)), typeof(ChainerArgumentException), "0 <= x < len(W)");
            yield return C("SelectItemOutOfRange", () => F.SelectItem(F32(2, 3), I32(0, 3)), typeof(AxisOutOfRangeException), "out of range");
            yield return C("HingeLabelOutOfRange", () => F.Hinge(F32(2, 3), I32(0, 3)), typeof(AxisOutOfRangeException), "out of bounds");
            yield return C("GetItemOutOfBounds", () => F.GetItem(F32(2, 3), 2), typeof(AxisOutOfRangeException), "index 2 is out of bounds for axis 0 with size 2");
            yield return C("GetItemTooMany", () => F.GetItem(F32(2, 3), 0, 0, 0), typeof(AxisOutOfRangeException), "too many indices");
            yield return C("GetItemIndexArrayOutOfBounds", () => F.GetItem(F32(2, 3), new[] { 0, 5 }), typeof(AxisOutOfRangeException), "out of bounds");
            yield return C("GetItemUnsupportedKey", () => F.GetItem(F32(2, 3), "a"), typeof(ArgumentException), "Unsupported index type");
            yield return C("GetItemZeroStep", () => F.GetItem(F32(2, 3), new Slice(null, null, 0)), typeof(ArgumentException), "slice step cannot be zero");
            yield return C("SqueezeNonUnit", () => F.Squeeze(F32(2, 3), 0), typeof(ChainerArgumentException), "size not equal to one");
            yield return C("SplitAxisUneven", () => F.SplitAxis(F32(2, 5), 2, 1), typeof(ChainerArgumentException), "equal division");
            yield return C("SplitAxisUnsorted", () => F.SplitAxis(F32(2, 5), new[] { 3, 1 }, 1), typeof(ArgumentException), "must be sorted");
            yield return C("MaxoutPoolSize", () => F.Maxout(F32(2, 5), 2), typeof(ChainerArgumentException), "multiple of pool_size");
            yield return C("SwapAxesOutOfRange", () => F.SwapAxes(F32(2, 5), 0, 2), typeof(AxisOutOfRangeException), "axis 2 is out of bounds");
            yield return C("RollAxisStart", () => F.RollAxis(F32(2, 5), 0, 4), typeof(AxisOutOfRangeException), "'start' arg requires");

            // option strings and values checked in C#
            yield return C("SoftmaxCrossEntropyReduce", () => F.SoftmaxCrossEntropy(F32(2, 3), I32(0, 1), reduce: "sum"), typeof(ArgumentException),
                "only 'mean' and 'no' are valid for 'reduce', but 'sum' is given");
            yield return C("SoftmaxCrossEntropyClassWeightRank", () => F.SoftmaxCrossEntropy(F32(2, 3), I32(0, 1), classWeight: F32(3, 1)),
                typeof(ArgumentException), "class_weight.ndim should be 1");
            yield return C("SigmoidCrossEntropyReduce", () => F.SigmoidCrossEntropy(F32(2), I32(0, 1), reduce: "sum"), typeof(ArgumentException),
                "only 'mean' and 'no' are valid for 'reduce', but 'sum' is given");
            yield return C("HuberLossReduce", () => F.HuberLoss(F32(2, 3), F32(2, 3), 1, "mean"), typeof(ArgumentException),
                "Only 'sum_along_second_axis' and 'no' are valid for 'reduce', but 'mean' is given");
            yield return C("HingeNorm", () => F.Hinge(F32(2, 3), I32(0, 1), "L3"), typeof(ArgumentException), "norm should be either 'L1' or 'L2'");
            yield return C("ContrastiveMargin", () => F.Contrastive(F32(2, 3), F32(2, 3), I32(1, 0), margin: 0), typeof(ArgumentException),
                "margin should be positive value.");
            yield return C("TripletReduce", () => F.Triplet(F32(2, 3), F32(2, 3), F32(2, 3), reduce: "sum"), typeof(ArgumentException),
                "only 'mean' and 'no' are valid for 'reduce'");
            yield return C("GaussianKLDivergenceReduce", () => F.GaussianKLDivergence(F32(2), F32(2), "none"), typeof(ArgumentException),
                "only 'sum', 'mean' and 'no' are valid for 'reduce', but 'none' is given");
            yield return C("GaussianNllReduce", () => F.GaussianNll(F32(2), F32(2), F32(2), "x"), typeof(ArgumentException), "'sum', 'mean' and 'no'");
            yield return C("BernoulliNllReduce", () => F.BernoulliNll(F32(2), F32(2), "x"), typeof(ArgumentException), "'sum', 'mean' and 'no'");
            yield return C("PadMode", () => F.Pad(F32(2), 1, "reflect"), typeof(ArgumentException), "'reflect'");
            yield return C("DropoutRatio", () => F.Dropout(F32(2), 1.0), typeof(ArgumentException), "dropout_ratio must be in the range [0, 1)");
            yield return C("ClipBounds", () => F.Clip(F32(2), 1, 0), typeof(ArgumentException), "x_min must be less than x_max.");
            yield return C("ClipNoBounds", () => F.Clip(F32(2), null, null), typeof(ArgumentException), "must set either max or min");
            yield return C("BilinearPartial", () => F.Bilinear(F32(2, 2), F32(2, 2), F32(2, 2, 2), F32(2, 2)), typeof(ArgumentException),
                "All coefficients and bias for bilinear() must be None");
            yield return C("R2ScoreMultioutput", () => F.R2Score(F32(2, 2), F32(2, 2), multioutput: "variance_weighted"), typeof(ArgumentException),
                "invalid multioutput argument");
            yield return C("R2ScoreSampleWeight", () => F.R2Score(F32(2, 2), F32(2, 2), sampleWeight: F32(2)), typeof(NotSupportedException), "sample_weight");
            yield return C("AveragePoolingPadValue", () => F.AveragePoolingND(F32(1, 1, 4), 2, padValue: 1), typeof(ArgumentException),
                "pad_value must be either 0 or None");
            yield return C("AverageTupleAxisWithWeights", () => F.Average(F32(2, 3), new[] { 0, 1 }, F32(3)), typeof(ArgumentException),
                "tuple axis is not supported when weights is given");
            yield return C("ResizeImagesMode", () => F.ResizeImages(F32(1, 1, 2, 2), (3, 3), "bicubic"), typeof(ArgumentException), "'bicubic'");
            yield return C("CtcBlankSymbol", () => F.ConnectionistTemporalClassification(new Variable[] { F32(2, 3) }, I32(1, 1).Reshape(2, 1), 3),
                typeof(ArgumentOutOfRangeException), "blank_symbol");
            yield return C("CtcReduce", () => F.ConnectionistTemporalClassification(new Variable[] { F32(2, 3) }, I32(1, 1).Reshape(2, 1), 0, reduce: "sum"),
                typeof(ArgumentException), "only 'mean' and 'no' are valid for 'reduce'");
            yield return C("RoiPoolingRoisShape", () => F.RoiPooling2D(F32(1, 1, 4, 4), F32(2, 4), 2, 2, 1.0), typeof(ShapeMismatchException), "Expect:");
            yield return C("Unpooling2DRank", () => F.Unpooling2D(F32(1, 1, 4), 2), typeof(ShapeMismatchException), "Expect: x.ndim == 4");
            yield return C("Crf1dReduce", () => F.Crf1d(F32(2, 2), new Variable[] { F32(1, 2) }, new Variable[] { I32(0) }, "sum"), typeof(ArgumentException),
                "only 'mean' and 'no' are valid for 'reduce'");
            yield return C("Crf1dLengths", () => F.Crf1d(F32(2, 2), new Variable[] { F32(1, 2) }, new Variable[] { I32(0), I32(1) }), typeof(ArgumentException),
                "same length");
            yield return C("NegativeSamplingReduce", () => F.NegativeSampling(F32(2, 2), I32(0, 1), F32(3, 2), s => NdArray.Zeros(s, DType.Int32), 1, "mean"),
                typeof(ArgumentException), "only 'sum' and 'no' are valid for 'reduce', but 'mean' is given");
            yield return C("NegativeSamplingInt64Targets", () => F.NegativeSampling(F32(2, 2), new NdArray(new long[] { 0, 1 }, 2), F32(3, 2), s => NdArray.Zeros(s, DType.Int32), 1),
                typeof(DTypeMismatchException), "Expect: t.dtype == int32");
            yield return C("CopyDevice", () => F.Copy(F32(2), -2), typeof(DeviceException), "device -2");

            // nulls
            yield return C("NullInput", () => F.Relu(null!), typeof(ArgumentNullException), "x");
            yield return C("NullList", () => F.Concat(null!), typeof(ArgumentNullException), "xs");
            yield return C("NullEntry", () => F.Stack(new Variable[] { F32(2), null! }), typeof(ArgumentNullException), "xs");
        }

        [TestCaseSource(nameof(Cases))]
        public void Throws(Action act, Type type, string[] contains)
        {
            using MemoryScope scope = chainer.NewScope();
            Exception? caught = null;
            try
            {
                act();
            }
            catch (Exception e)
            {
                caught = e;
            }

            Assert.That(caught, Is.Not.Null, "no exception");
            Assert.That(caught, Is.TypeOf(type), caught!.ToString());
            foreach (string s in contains)
            {
                Assert.That(caught.Message, Does.Contain(s));
            }
        }

        [Test]
        public void SoftmaxCrossEntropyDoubleBackpropWithoutTheFlagThrows()
        {
            using MemoryScope scope = chainer.NewScope();
            var x = new Variable(new NdArray(new float[] { 1, 2, 3, 0, 1, 0 }, 2, 3));
            Variable loss = F.SoftmaxCrossEntropy(x, new NdArray(new[] { 2, 0 }, 2));
            var ex = Assert.Throws<GradientException>(() =>
            {
                Variable g = chainer.Grad(new[] { loss }, new[] { x }, enableDoubleBackprop: true)[0]!;
                F.Sum(g * g).Backward();
            });
            Assert.That(ex!.Message, Does.Contain(
                "F.softmax_cross_entropy was called with 'enable_double_backprop=False' argument, but double-backprop is actually being performed."));
        }

        [Test]
        public void SoftmaxCrossEntropyDoubleBackpropWithTheFlag()
        {
            using MemoryScope scope = chainer.NewScope();
            var x = new Variable(new NdArray(new float[] { 1, 2, 3, 0, 1, 0 }, 2, 3));
            Variable loss = F.SoftmaxCrossEntropy(x, new NdArray(new[] { 2, 0 }, 2), enableDoubleBackprop: true);
            Variable gx = chainer.Grad(new[] { loss }, new[] { x }, enableDoubleBackprop: true)[0]!;
            F.Sum(gx * gx).Backward();
            Assert.That(x.Grad, Is.Not.Null);
        }
    }
}
