using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.LinksTests
{
    /// <summary>
    /// Every link passes a numerical gradient check through its parameters and inputs in float64
    /// (<c>chainer.gradient_check.check_backward(..., params=link.params())</c>).
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class LinkGradientTests
    {
        public delegate Variable[] Call(Link link, Variable[] xs);

        private static IEnumerable<TestCaseData> Cases()
        {
            TestCaseData Case(string name, Func<Link> make, Call call, params long[][] shapes) =>
                new TestCaseData(make, call, shapes, null).SetName("GradientCheck_" + name);

            Variable[] One(Link l, Variable[] x) => new[] { ((IForward)l).Forward(x[0]) };

            yield return Case("Linear", () => new L.Linear(3, 4), One, new long[] { 2, 3 });
            yield return Case("LinearLazy3d", () => new L.Linear(4), One, new long[] { 2, 3, 2 });
            yield return Case("Convolution2D", () => new L.Convolution2D(2, 3, 3, stride: 2, pad: 1), One, new long[] { 2, 2, 5, 5 });
            yield return Case("Convolution2DGroupsDilate", () => new L.Convolution2D(4, 2, 2, dilate: 2, groups: 2), One, new long[] { 1, 4, 5, 5 });
            yield return Case("Convolution1D", () => new L.Convolution1D(2, 3, 3, pad: 1), One, new long[] { 2, 2, 6 });
            yield return Case("Convolution3D", () => new L.Convolution3D(2, 2, 2, coverAll: true), One, new long[] { 1, 2, 3, 3, 3 });
            yield return Case("ConvolutionND", () => new L.ConvolutionND(2, null, 2, 2, stride: 2), One, new long[] { 1, 3, 4, 4 });
            yield return Case("Deconvolution2D", () => new L.Deconvolution2D(2, 3, 3, stride: 2, pad: 1), One, new long[] { 2, 2, 3, 3 });
            yield return Case("Deconvolution2DOutsize", () => new L.Deconvolution2D(2, 2, 3, stride: 2, outsize: (8, 8)), One, new long[] { 1, 2, 3, 3 });
            yield return Case("Deconvolution1D", () => new L.Deconvolution1D(2, 3, 3, stride: 2), One, new long[] { 2, 2, 4 });
            yield return Case("Deconvolution3D", () => new L.Deconvolution3D(2, 2, 2), One, new long[] { 1, 2, 2, 2, 2 });
            yield return Case("DepthwiseConvolution2D", () => new L.DepthwiseConvolution2D(3, 2, 3, pad: 1), One, new long[] { 2, 3, 4, 4 });
            yield return Case("DilatedConvolution2D", () => new L.DilatedConvolution2D(2, 3, 3, pad: 2, dilate: 2), One, new long[] { 2, 2, 5, 5 });
            yield return Case("EmbedID", () => new L.EmbedID(5, 3, ignoreLabel: -1), One, Array.Empty<long>());
            yield return Case("Bilinear", () => new L.Bilinear(3, 4, 2), (l, x) => new[] { ((L.Bilinear)l).Forward(x[0], x[1]) },
                new long[] { 2, 3 }, new long[] { 2, 4 });
            yield return Case("BilinearNoBias", () => new L.Bilinear(3, 2, 2, nobias: true), (l, x) => new[] { ((L.Bilinear)l).Forward(x[0], x[1]) },
                new long[] { 2, 3 }, new long[] { 2, 2 });
            yield return Case("BatchNormalizationTrain", () => new L.BatchNormalization(3), One, new long[] { 5, 3, 2 });
            yield return Case("BatchNormalizationTest", () => WithStats(new L.BatchNormalization(3)), (l, x) =>
            {
                using (Config.Using(train: false))
                {
                    return new[] { ((L.BatchNormalization)l).Forward(x[0]) };
                }
            }, new long[] { 4, 3 });
            yield return Case("BatchNormalizationAxis", () => new L.BatchNormalization((long[]?)null, axis: new[] { 0, 1 }), One, new long[] { 3, 2, 4 });
            yield return Case("LayerNormalization", () => new L.LayerNormalization(5), One, new long[] { 3, 5 });
            yield return Case("GroupNormalization", () => new L.GroupNormalization(2, 4), One, new long[] { 2, 4, 3 });
            yield return Case("LSTM", () => new L.LSTM(3, 4), (l, x) =>
            {
                var lstm = (L.LSTM)l;
                lstm.ResetState();
                Variable h1 = lstm.Forward(x[0]);
                Variable h2 = lstm.Forward(x[1]);
                return new[] { h1, h2, lstm.C! };
            }, new long[] { 3, 3 }, new long[] { 2, 3 });
            yield return Case("StatelessLSTM", () => new L.StatelessLSTM(3, 4), (l, x) =>
            {
                (Variable c, Variable h) = ((L.StatelessLSTM)l).Forward(x[0], x[1], x[2]);
                return new[] { c, h };
            }, new long[] { 2, 4 }, new long[] { 2, 4 }, new long[] { 2, 3 });
            yield return Case("StatefulGRU", () => new L.StatefulGRU(3, 4), (l, x) =>
            {
                var gru = (L.StatefulGRU)l;
                gru.ResetState();
                return new[] { gru.Forward(x[0]), gru.Forward(x[1]) };
            }, new long[] { 2, 3 }, new long[] { 2, 3 });
            yield return Case("StatelessGRU", () => new L.StatelessGRU(3, 4), (l, x) => new[] { ((L.StatelessGRU)l).Forward(x[0], x[1]) },
                new long[] { 2, 4 }, new long[] { 2, 3 });
            yield return Case("NStepLSTM", () => new L.NStepLSTM(2, 3, 2, 0.0), (l, x) =>
            {
                (Variable hy, Variable cy, Variable[] ys) = ((L.NStepLSTM)l).Forward(x[0], x[1], x.Skip(2).ToArray());
                return new[] { hy, cy }.Concat(ys).ToArray();
            }, new long[] { 2, 3, 2 }, new long[] { 2, 3, 2 }, new long[] { 2, 3 }, new long[] { 3, 3 }, new long[] { 1, 3 });
            yield return Case("NStepGRU", () => new L.NStepGRU(1, 3, 2, 0.0), (l, x) =>
            {
                (Variable hy, Variable[] ys) = ((L.NStepGRU)l).Forward(null, x);
                return new[] { hy }.Concat(ys).ToArray();
            }, new long[] { 2, 3 }, new long[] { 3, 3 });
            yield return Case("NStepBiLSTM", () => new L.NStepBiLSTM(1, 2, 2, 0.0), (l, x) =>
            {
                (Variable hy, Variable cy, Variable[] ys) = ((L.NStepBiLSTM)l).Forward(null, null, x);
                return new[] { hy, cy }.Concat(ys).ToArray();
            }, new long[] { 3, 2 }, new long[] { 2, 2 });
            yield return Case("NStepBiGRU", () => new L.NStepBiGRU(2, 2, 2, 0.0), (l, x) =>
            {
                (Variable hy, Variable[] ys) = ((L.NStepBiGRU)l).Forward(null, x);
                return new[] { hy }.Concat(ys).ToArray();
            }, new long[] { 2, 2 }, new long[] { 3, 2 });
            yield return Case("Maxout", () => new L.Maxout(4, 3, 2), One, new long[] { 2, 4 });
            yield return Case("PReLU", () => new L.PReLU(new long[] { 3 }), One, new long[] { 2, 3, 2 });
            yield return Case("Highway", () => new L.Highway(4, activate: F.Tanh), One, new long[] { 2, 4 });
            yield return Case("HighwayRelu", () => new L.Highway(3), One, new long[] { 2, 3 });
            yield return Case("Bias", () => new L.Bias(1, new long[] { 3 }), One, new long[] { 2, 3, 2 });
            yield return Case("Scale", () => new L.Scale(1, new long[] { 3, 2 }, biasTerm: true), One, new long[] { 2, 3, 2, 2 });
            yield return Case("Classifier", () => new L.Classifier(new L.Linear(3, 4)), (l, x) =>
            {
                using NdArray t = new NdArray(new[] { 0, 3, 1 }, 3);
                return new[] { ((L.Classifier)l).Forward(x[0], t) };
            }, new long[] { 3, 3 });
            yield return Case("MLPChain", () => new Chain { ["l1"] = new L.Linear(3, 4), ["l2"] = new L.Linear(4, 2) }, (l, x) =>
            {
                var c = (Chain)l;
                return new[] { ((L.Linear)c["l2"]).Forward(F.Tanh(((L.Linear)c["l1"]).Forward(x[0]))) };
            }, new long[] { 2, 3 });
            yield return Case("Sequential", () => new Sequential { new L.Linear(3, 3), F.Sigmoid, h => h.Reshape(2, 1, 3), new L.Convolution1D(1, 2, 2) },
                (l, x) => new[] { ((Sequential)l).Forward(x[0]).Reshape(2, -1) }, new long[] { 2, 3 });
        }

        [TestCaseSource(nameof(Cases))]
        public void PassesGradientCheck(Func<Link> make, Call call, long[][] shapes, object? unused)
        {
            _ = unused;
            RandomState.Default.Seed(17);
            var rng = new RandomState(23);
            Link link = make();
            NdArray[] inputs = shapes.Length == 1 && shapes[0].Length == 0
                ? new[] { new NdArray(new[] { 0, 4, -1, 2, 2, 1 }, 2, 3) } // EmbedID ids, with the ignored label
                : shapes.Select(s => TestUtil.Uniform(rng, -1, 1, s)).ToArray();
            // Lazy parameters are created in float32 by a first call on float32 inputs (as Chainer's default dtype),
            // then every parameter and persistent array is cast to float64.
            using (chainer.NoBackpropMode())
            {
                call(link, inputs.Select(a => new Variable(a.Dtype.IsFloat() ? a.AsType(DType.Float32) : a, requiresGrad: false)).ToArray());
                LinkTestUtil.ToFloat64(link);
            }

            LinkTestUtil.CheckLinkBackward(link, xs => call(link, xs), inputs, seed: 29);

            // The inputs also pass the library's own checker (chainer.gradient_check.check_backward without params).
            if (inputs.Any(a => a.Dtype.IsFloat()))
            {
                Variable[] probe;
                using (chainer.NoBackpropMode())
                {
                    probe = call(link, inputs.Select(a => new Variable(a, requiresGrad: false)).ToArray());
                }

                NdArray?[] gys = probe.Select(y => (NdArray?)TestUtil.Uniform(rng, -1, 1, y.Shape)).ToArray();
                global::Chainer.GradientCheck.CheckBackward(xs => call(link, xs), inputs, gys, rng: new RandomState(31));
            }
        }

        [Test]
        public void GradientCheck_DetectsAParameterWithoutGradient()
        {
            // The weight enters the output as a constant, so its analytic gradient is missing: the check must fail.
            var link = LinkTestUtil.ToFloat64(new L.Linear(3, 2));
            NdArray x = TestUtil.Uniform(new RandomState(1), -1, 1, 2, 3);
            Assert.Throws<AssertionException>(() => LinkTestUtil.CheckLinkBackward(
                link, xs => new[] { F.Linear(xs[0], new Variable(link.W.Array, requiresGrad: false), link.b) }, new[] { x }));
            Assert.DoesNotThrow(() => LinkTestUtil.CheckLinkBackward(link, xs => new[] { link.Forward(xs[0]) }, new[] { x }));
        }

        private static L.BatchNormalization WithStats(L.BatchNormalization bn)
        {
            bn.AvgMean!.CopyFrom(new NdArray(new float[] { 0.1f, -0.2f, 0.3f }));
            bn.AvgVar!.CopyFrom(new NdArray(new float[] { 0.5f, 1.5f, 2.0f }));
            return bn;
        }
    }
}
