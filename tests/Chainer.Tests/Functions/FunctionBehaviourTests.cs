using System;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.FunctionTests
{
    /// <summary>Semantics of the functions beyond their values: modes, identities, index vocabulary, memory.</summary>
    [TestFixture]
    [NonParallelizable]
    public class FunctionBehaviourTests
    {
        private MemoryScope? _scope;

        [SetUp]
        public void SetUp() => _scope = chainer.NewScope();

        [TearDown]
        public void TearDown() => _scope?.Dispose();

        private static NdArray Arange(params long[] shape)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            return NdArray.Arange(0, size, 1, DType.Float32).Reshape(shape);
        }

        private static float[] Values(Variable v) => v.Array.ToArray<float>();

        // ------------------------------------------------------------------ dropout

        [Test]
        public void DropoutInTestModeReturnsTheSameVariable()
        {
            var x = new Variable(Arange(3, 4));
            using (Config.Using(train: false))
            {
                Variable y = F.Dropout(x, 0.5);
                Assert.That(ReferenceEquals(y, x), Is.True);

                // As Chainer, the ratio is not even checked in test mode.
                Assert.That(ReferenceEquals(F.Dropout(x, 2.0), x), Is.True);
            }
        }

        [Test]
        public void DropoutInTestModeDrawsNoRandomNumbers()
        {
            var x = new Variable(Arange(3, 4));
            RandomState.Default.Seed(5);
            using (Config.Using(train: false))
            {
                F.Dropout(x);
            }

            double next = RandomState.Default.RandomSample();
            RandomState.Default.Seed(5);
            Assert.That(next, Is.EqualTo(RandomState.Default.RandomSample()));
        }

        [Test]
        public void DropoutMaskStatistics()
        {
            const int n = 200_000;
            const double ratio = 0.3;
            using NdArray ones = NdArray.Ones(new long[] { n });
            var x = new Variable(ones);
            RandomState.Default.Seed(1);
            Variable y = F.Dropout(x, ratio);
            float[] v = Values(y);
            float scale = (float)(1.0 / (1.0 - ratio));
            Assert.That(v.All(e => e == 0f || e == scale), Is.True, "each element is dropped or scaled by 1/(1-ratio)");
            double kept = v.Count(e => e != 0f) / (double)n;
            Assert.That(kept, Is.EqualTo(1 - ratio).Within(0.005), "fraction kept");

            // The gradient is the mask.
            y.Grad = NdArray.Ones(new long[] { n });
            y.Backward();
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(v));
        }

        [Test]
        public void DropoutIsReproducibleWithTheSeed()
        {
            var x = new Variable(Arange(5, 7));
            RandomState.Default.Seed(42);
            float[] a = Values(F.Dropout(x));
            float[] b = Values(F.Dropout(x));
            RandomState.Default.Seed(42);
            float[] c = Values(F.Dropout(x));
            Assert.That(c, Is.EqualTo(a));
            Assert.That(b, Is.Not.EqualTo(a));
        }

        [Test]
        public void DropoutMatchesChainerWithNumpySeed0()
        {
            // np.random.seed(0); F.dropout(x) in Chainer 7.8.1 (data/functions/function_cases.json, case "dropout").
            JsonElement c = ReferenceCases.Get("dropout");
            NdArray xs = ReferenceCases.ToArray(c.GetProperty("inputs")[0]);
            double[] expected = ReferenceCases.Values(c.GetProperty("outputs")[0]);
            RandomState.Default.Seed(0);
            Variable y = F.Dropout(xs);
            Assert.That(TestUtil.F64(y.Array), Is.EqualTo(expected));
        }

        [Test]
        public void DropoutOfRatioZeroKeepsEverything()
        {
            var x = new Variable(Arange(2, 3));
            Assert.That(Values(F.Dropout(x, 0.0)), Is.EqualTo(Values(x)));
        }

        [Test]
        public void GaussianSamplesInTestModeToo()
        {
            var mean = new Variable(NdArray.Zeros(new long[] { 4 }));
            var lnVar = new Variable(NdArray.Zeros(new long[] { 4 }));
            RandomState.Default.Seed(0);
            float[] train = Values(F.Gaussian(mean, lnVar));
            RandomState.Default.Seed(0);
            float[] test;
            using (Config.Using(train: false))
            {
                test = Values(F.Gaussian(mean, lnVar));
            }

            Assert.That(test, Is.EqualTo(train));
            RandomState.Default.Seed(0);
            Assert.That(train[0], Is.EqualTo((float)RandomState.Default.StandardNormal()));
        }

        [Test]
        public void GumbelSoftmaxOfAScalarIsOne()
        {
            var x = new Variable(NdArray.Scalar(0.3));
            Variable y = F.GumbelSoftmax(x);
            Assert.That(y.Shape, Is.Empty);
            Assert.That(y.Array.Item<float>(), Is.EqualTo(1f));
        }

        [Test]
        public void GumbelSoftmaxRowsSumToOne()
        {
            RandomState.Default.Seed(3);
            Variable y = F.GumbelSoftmax(new Variable(NdArray.Zeros(new long[] { 3, 5 })), tau: 1.0);
            float[] s = Values(F.Sum(y, 1));
            Assert.That(s, Is.All.EqualTo(1f).Within(1e-6f));
        }

        // ---------------------------------------------------------- identities, dtypes

        [Test]
        public void CastToTheSameDtypeReturnsTheInput()
        {
            var x = new Variable(Arange(3));
            Assert.That(ReferenceEquals(F.Cast(x, DType.Float32), x), Is.True);
            Variable y = F.Cast(x, DType.Float64);
            Assert.That(y.Dtype, Is.EqualTo(DType.Float64));
        }

        [Test]
        public void NoGradientThroughSignFloorCeilFix()
        {
            var x = new Variable(new NdArray(new float[] { -1.5f, 0.5f, 2.5f }, 3));
            foreach (Func<Variable, Variable> f in new Func<Variable, Variable>[] { F.Sign, F.Floor, F.Ceil, F.Fix })
            {
                x.ClearGrad();
                Variable y = F.Sum(f(x) + x);
                y.Backward();
                Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 1f, 1f, 1f }));
            }

            Assert.That(Values(F.Fix(x)), Is.EqualTo(new[] { -1f, 0f, 2f }));
            Assert.That(Values(F.Floor(x)), Is.EqualTo(new[] { -2f, 0f, 2f }));
            Assert.That(Values(F.Ceil(x)), Is.EqualTo(new[] { -1f, 1f, 3f }));
            Assert.That(Values(F.Sign(x)), Is.EqualTo(new[] { -1f, 1f, 1f }));
        }

        [Test]
        public void ArgMaxIsInt32()
        {
            Variable i = F.ArgMax(new Variable(new NdArray(new float[,] { { 1, 3, 2 }, { 5, 4, 0 } })), 1);
            Assert.That(i.Dtype, Is.EqualTo(DType.Int32));
            Assert.That(i.Array.ToArray<int>(), Is.EqualTo(new[] { 1, 0 }));
            Assert.That(F.ArgMin(new Variable(new NdArray(new float[,] { { 1, 3, 2 }, { 5, 4, 0 } }))).Array.Item<int>(), Is.EqualTo(5));
        }

        [Test]
        public void ComparisonsGiveBoolVariables()
        {
            var a = new Variable(new NdArray(new float[] { 1, 2, 3 }, 3));
            var b = new Variable(new NdArray(new float[] { 2, 2, 2 }, 3));
            Assert.That(F.Less(a, b).Array.ToArray<bool>(), Is.EqualTo(new[] { true, false, false }));
            Assert.That(F.GreaterEqual(a, b).Array.ToArray<bool>(), Is.EqualTo(new[] { false, true, true }));
            Assert.That(F.Equal(a, 2.0).Array.ToArray<bool>(), Is.EqualTo(new[] { false, true, false }));
            Assert.That(F.NotEqual(a, 2.0).Dtype, Is.EqualTo(DType.Bool));
            Assert.That(F.Where(F.Greater(a, 1.5), a, b * 10).Array.ToArray<float>(), Is.EqualTo(new[] { 20f, 2f, 3f }));
        }

        [Test]
        public void AccuracyIsZeroDimensionalFloat32()
        {
            Variable acc = F.Accuracy(new NdArray(new float[,] { { 0, 1 }, { 1, 0 }, { 0, 1 } }), new NdArray(new[] { 1, 0, 0 }, 3));
            Assert.That(acc.Shape, Is.Empty);
            Assert.That(acc.Dtype, Is.EqualTo(DType.Float32));
            Assert.That(acc.Array.Item<float>(), Is.EqualTo(2f / 3f));
        }

        [Test]
        public void PrecisionRecallAndFScoresAreTheSummaryParts()
        {
            var y = new Variable(new NdArray(new float[,] { { 0.9f, 0.1f }, { 0.2f, 0.8f }, { 0.6f, 0.4f }, { 0.3f, 0.7f } }));
            var t = new Variable(new NdArray(new[] { 0, 1, 1, 1 }, 4), requiresGrad: false);
            var (precision, recall, fbeta, support) = F.ClassificationSummary(y, t);
            Assert.That(precision.Array.ToArray<double>(), Is.EqualTo(new[] { 0.5, 1.0 }));
            Assert.That(recall.Array.ToArray<double>(), Is.EqualTo(new[] { 1.0, 2.0 / 3.0 }).Within(1e-15));
            Assert.That(support.Array.ToArray<long>(), Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(F.Precision(y, t).precision.Array.ToArray<double>(), Is.EqualTo(precision.Array.ToArray<double>()));
            Assert.That(F.Recall(y, t).recall.Array.ToArray<double>(), Is.EqualTo(recall.Array.ToArray<double>()));
            Assert.That(F.F1Score(y, t).f1Score.Array.ToArray<double>(), Is.EqualTo(fbeta.Array.ToArray<double>()));
            Assert.That(F.FbetaScore(y, t, beta: 2.0).support.Array.ToArray<long>(), Is.EqualTo(new long[] { 1, 3 }));
        }

        [Test]
        public void R2ScoreHasNoGradient()
        {
            var p = new Variable(new NdArray(new float[,] { { 1, 2 }, { 2, 3 }, { 3, 5 } }));
            Variable r = F.R2Score(p, new NdArray(new float[,] { { 1, 2 }, { 2, 4 }, { 3, 4 } }));
            Assert.That(r.Creator, Is.Null);
            Assert.That(r.Shape, Is.Empty);
        }

        [Test]
        public void LstmReturnsCellAndOutput()
        {
            var c = new Variable(NdArray.Zeros(new long[] { 2, 3 }));
            var x = new Variable(NdArray.Zeros(new long[] { 2, 12 }));
            (Variable cNew, Variable h) = F.Lstm(c, x);
            Assert.That(cNew.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(h.Shape, Is.EqualTo(new long[] { 2, 3 }));
        }

        [Test]
        public void BatchNormalizationUpdatesRunningStatsInPlace()
        {
            var x = new Variable(new NdArray(new float[,] { { 1, 2 }, { 3, 6 } }));
            using NdArray mean = NdArray.Zeros(new long[] { 2 });
            using NdArray var = NdArray.Ones(new long[] { 2 });
            F.BatchNormalization(x, NdArray.Ones(new long[] { 2 }), NdArray.Zeros(new long[] { 2 }), runningMean: mean, runningVar: var, decay: 0.5);
            Assert.That(mean.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));

            // unbiased variance: var([1, 3]) * 2/1 = 2, var([2, 6]) * 2 = 8
            Assert.That(var.ToArray<float>(), Is.EqualTo(new[] { 0.5f + 1f, 0.5f + 4f }));

            // Only one of them: the other is not needed.
            using NdArray mean2 = NdArray.Zeros(new long[] { 2 });
            F.BatchNormalization(x, NdArray.Ones(new long[] { 2 }), NdArray.Zeros(new long[] { 2 }), runningMean: mean2, decay: 0.5);
            Assert.That(mean2.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
        }

        [Test]
        public void SplitAxisAndSeparateReturnArrays()
        {
            var x = new Variable(Arange(2, 6));
            Variable[] parts = F.SplitAxis(x, new[] { 1, 4 }, 1);
            Assert.That(parts.Select(p => p.Shape[1]), Is.EqualTo(new long[] { 1, 3, 2 }));
            Variable[] rows = F.Separate(x);
            Assert.That(rows.Length, Is.EqualTo(2));
            Assert.That(Values(rows[1]), Is.EqualTo(new float[] { 6, 7, 8, 9, 10, 11 }));
        }

        // ------------------------------------------------------------- get_item keys

        [Test]
        public void GetItemVocabulary()
        {
            var x = new Variable(Arange(3, 4));
            Assert.That(F.GetItem(x, 1).Shape, Is.EqualTo(new long[] { 4 }));
            Assert.That(Values(F.GetItem(x, ^1, ^1)), Is.EqualTo(new[] { 11f }));
            Assert.That(Values(F.GetItem(x, 0, 1..3)), Is.EqualTo(new[] { 1f, 2f }));
            Assert.That(Values(F.GetItem(x, 0, ^2..)), Is.EqualTo(new[] { 2f, 3f }));
            Assert.That(Values(F.GetItem(x, 0, ..^1)), Is.EqualTo(new[] { 0f, 1f, 2f }));
            Assert.That(F.GetItem(x, 0, ^0..).Shape, Is.EqualTo(new long[] { 0 }));
            Assert.That(Values(F.GetItem(x, 0, new Slice(null, null, -1))), Is.EqualTo(new[] { 3f, 2f, 1f, 0f }));
            Assert.That(Values(F.GetItem(x, 2, new Slice(3, 0, -2))), Is.EqualTo(new[] { 11f, 9f }));
            Assert.That(F.GetItem(x, null).Shape, Is.EqualTo(new long[] { 1, 3, 4 }));
            Assert.That(F.GetItem(x, (object?[]?)null).Shape, Is.EqualTo(new long[] { 1, 3, 4 }));
            Assert.That(F.GetItem(x, Slice.All, NewAxis.Value).Shape, Is.EqualTo(new long[] { 3, 1, 4 }));
            Assert.That(F.GetItem(x, Ellipsis.Value, 0).Shape, Is.EqualTo(new long[] { 3 }));
            Assert.That(Values(F.GetItem(x, .., 1)), Is.EqualTo(new[] { 1f, 5f, 9f }));
            Assert.That(Values(F.GetItem(x, new[] { 2, 0 }, 0)), Is.EqualTo(new[] { 8f, 0f }));
            Assert.That(Values(F.GetItem(x, 1, new long[] { 3, 3 })), Is.EqualTo(new[] { 7f, 7f }));
            Assert.That(Values(F.GetItem(x, new[] { false, true, false })), Is.EqualTo(new[] { 4f, 5f, 6f, 7f }));
            using NdArray mask = F.Greater(x, 9.0).Array;
            Assert.That(Values(F.GetItem(x, mask)), Is.EqualTo(new[] { 10f, 11f }));
        }

        [Test]
        public void GetItemGradientAccumulatesRepeatedIndices()
        {
            var x = new Variable(Arange(3));
            Variable y = F.Sum(F.GetItem(x, new[] { 0, 2, 0 }));
            y.Backward();
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new[] { 2f, 0f, 1f }));
        }

        // --------------------------------------------------------------- IntTuple

        [Test]
        public void IntTupleConversions()
        {
            IntTuple a = 3;
            IntTuple b = (2, 5);
            IntTuple c = new[] { 1, 2, 3 };
            IntTuple d = new long[] { 4 };
            Assert.That(a.Expand(2, "k"), Is.EqualTo(new long[] { 3, 3 }));
            Assert.That(b.Expand(2, "k"), Is.EqualTo(new long[] { 2, 5 }));
            Assert.That(c.Length, Is.EqualTo(3));
            Assert.That(d.ToString(), Is.EqualTo("4"));
            Assert.That(b.ToString(), Is.EqualTo("(2, 5)"));
            Assert.That(((IntTuple)(int[]?)null).IsEmpty, Is.True);
            Assert.Throws<ArgumentException>(() => c.Expand(2, "k"));
            Assert.That(b, Is.EqualTo(new IntTuple(2, 5)));
        }

        [Test]
        public void Pooling2DDefaultsAreChainers()
        {
            var x = new Variable(Arange(1, 1, 5, 5));
            Assert.That(F.MaxPooling2D(x, 2).Shape, Is.EqualTo(new long[] { 1, 1, 3, 3 }), "cover_all=True by default");
            Assert.That(F.MaxPooling2D(x, 2, coverAll: false).Shape, Is.EqualTo(new long[] { 1, 1, 2, 2 }));
            Assert.That(F.AveragePooling2D(x, 2).Shape, Is.EqualTo(new long[] { 1, 1, 2, 2 }));
            Assert.That(F.Convolution2D(x, NdArray.Ones(new long[] { 1, 1, 2, 2 })).Shape, Is.EqualTo(new long[] { 1, 1, 4, 4 }));
        }

        // ------------------------------------------------------------------ memory

        [Test]
        public void RepeatedCallsDoNotLeakNativeMemory()
        {
            void Round()
            {
                using MemoryScope scope = chainer.NewScope();
                RandomState.Default.Seed(0);
                var x = new Variable(TestUtil.Randn(new RandomState(1), 2, 3, 6, 6).AsType(DType.Float32));
                var w = new Variable(TestUtil.Randn(new RandomState(2), 4, 3, 3, 3).AsType(DType.Float32));
                Variable h = F.Relu(F.Convolution2D(x, w, pad: 1));
                h = F.MaxPooling2D(F.Dropout(h), 2);
                h = F.BatchNormalization(h, NdArray.Ones(new long[] { 4 }), NdArray.Zeros(new long[] { 4 }));
                h = F.GetItem(F.Reshape(h, 2, -1), Slice.All, 1..10);
                Variable loss = F.SoftmaxCrossEntropy(h, new NdArray(new[] { 1, 3 }, 2), enableDoubleBackprop: true) + F.Contrastive(h, h * 0.5, new NdArray(new[] { 1, 0 }, 2));
                Variable gx = chainer.Grad(new[] { loss }, new[] { x }, enableDoubleBackprop: true)[0]!;
                F.Sum(gx * gx).Backward();
            }

            Round();
            long before = TestUtil.SettledLiveCount();
            for (int i = 0; i < 20; i++)
            {
                Round();
            }

            long after = TestUtil.SettledLiveCount();
            Assert.That(after, Is.LessThanOrEqualTo(before), $"live storage buffers: {before} before, {after} after");
        }
    }
}
