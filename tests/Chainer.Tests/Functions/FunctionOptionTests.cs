using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.FunctionTests
{
    /// <summary>
    /// The keyword-only options of the noise and loss functions (soft-target softmax cross entropy, dropout's
    /// mask/return_mask, gaussian's eps/return_eps, negative_sampling's return_samples) and connections with a W of
    /// another float dtype, against Chainer 7.8.1's values in
    /// data/functions/option_cases.json (make_option_cases.py), plus their behaviour and gradient checks.
    /// </summary>
    [TestFixture]
    public class FunctionOptionTests
    {
        private const double Rtol = 1e-6;

        private static readonly Lazy<JsonDocument> Document = new Lazy<JsonDocument>(
            () => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "functions", "option_cases.json"))));

        private static IEnumerable<string> Cases() =>
            Document.Value.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

        private static JsonElement Get(string name) =>
            Document.Value.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

        [SetUp]
        public void TrainMode() => Config.Train = true;

        [TearDown]
        public void RestoreTrainMode() => Config.Train = true;

        [TestCaseSource(nameof(Cases))]
        public void MatchesChainer(string name)
        {
            JsonElement c = Get(name);
            var k = new Kw(c.GetProperty("kwargs"));
            int[] nograd = c.GetProperty("nograd").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            using MemoryScope scope = chainer.NewScope();
            NdArray[] arrays = c.GetProperty("inputs").EnumerateArray().Select(ReferenceCases.ToArray).ToArray();
            Variable[] v = arrays.Select((a, i) => new Variable(a, requiresGrad: a.Dtype.IsFloat() && !nograd.Contains(i))).ToArray();
            if (c.GetProperty("seed").ValueKind == JsonValueKind.Number)
            {
                RandomState.Default.Seed(c.GetProperty("seed").GetUInt32());
            }

            if (name.EndsWith("test_mode", StringComparison.Ordinal))
            {
                Config.Train = false;
            }

            (Variable y, NdArray? extra) = Call(c.GetProperty("func").GetString()!, v, k);
            JsonElement[] expected = c.GetProperty("outputs").EnumerateArray().ToArray();
            Compare("output 0", y.Array, expected[0]);
            if (expected.Length > 1)
            {
                Assert.That(extra, Is.Not.Null, "the returned mask/eps/samples");
                Compare("output 1", extra!, expected[1]);
            }
            else if (name.EndsWith("test_mode", StringComparison.Ordinal))
            {
                Assert.That(extra, Is.Null, "no mask in test mode");
                Assert.That(y, Is.SameAs(v[0]), "test mode returns x itself");
            }

            if (c.GetProperty("grads").ValueKind != JsonValueKind.Array)
            {
                return;
            }

            var gy = new Variable(ReferenceCases.ToArray(c.GetProperty("gys")[0]), requiresGrad: false);
            var targets = Enumerable.Range(0, v.Length).Where(i => v[i].RequiresGrad).ToList();
            Variable?[] gx = chainer.Grad(new[] { y }, targets.Select(i => v[i]).ToList(), new Variable?[] { gy });
            JsonElement[] grads = c.GetProperty("grads").EnumerateArray().ToArray();
            for (int j = 0; j < targets.Count; j++)
            {
                Assert.That(gx[j], Is.Not.Null, $"grad {targets[j]}");
                Compare($"grad {targets[j]}", gx[j]!.Array, grads[targets[j]]);
            }
        }

        private static (Variable y, NdArray? extra) Call(string func, Variable[] v, Kw k)
        {
            switch (func)
            {
                case "softmax_cross_entropy":
                    return (F.SoftmaxCrossEntropy(v[0], v[1], reduce: k.Str("reduce", "mean"),
                        softTargetLoss: k.Str("soft_target_loss", "cross-entropy")), null);
                case "dropout":
                    if (k.Bool("return_mask", false))
                    {
                        Variable y = F.Dropout(v[0], k.Dbl("ratio", .5), null, out NdArray? mask);
                        return (y, mask);
                    }

                    return (F.Dropout(v[0], k.Dbl("ratio", .5), k.Array("mask")), null);
                case "gaussian":
                    if (k.Bool("return_eps", false))
                    {
                        Variable y = F.Gaussian(v[0], v[1], null, out NdArray eps);
                        return (y, eps);
                    }

                    return (F.Gaussian(v[0], v[1], k.Array("eps")), null);
                case "negative_sampling":
                    {
                        NdArray drawn = k.Array("samples")!;
                        Variable y = F.NegativeSampling(v[0], v[1], v[2], shape => drawn.Copy(), k.Int("sample_size", 0),
                            k.Str("reduce", "sum"), out NdArray samples);
                        return (y, samples);
                    }

                case "linear":
                    return (F.Linear(v[0], v[1], v.Length > 2 ? v[2] : null), null);
                case "convolution_2d":
                    return (F.Convolution2D(v[0], v[1], pad: k.TupleOrNull("pad")), null);
                case "deconvolution_2d":
                    return (F.Deconvolution2D(v[0], v[1], stride: k.TupleOrNull("stride")), null);
                default:
                    throw new ArgumentException(func);
            }
        }

        private static void Compare(string what, NdArray actual, JsonElement expected)
        {
            Assert.That(actual.Dtype.Name(), Is.EqualTo(ReferenceCases.DtypeName(expected)), $"{what}: dtype");
            Assert.That(actual.Shape, Is.EqualTo(ReferenceCases.Shape(expected)), $"{what}: shape");
            double[] e = ReferenceCases.Values(expected);
            double[] a = TestUtil.F64(actual);
            double scale = e.Select(Math.Abs).DefaultIfEmpty(0).Max();
            for (int i = 0; i < e.Length; i++)
            {
                Assert.That(a[i], Is.EqualTo(e[i]).Within((Rtol * Math.Abs(e[i])) + (0.1 * Rtol * scale)), $"{what}: element {i}");
            }
        }

        [Test]
        public void DropoutMaskCanBeReused()
        {
            var rng = new RandomState(3);
            var x = new Variable(TestUtil.Randn(rng, 4, 5).AsType(DType.Float32));
            Variable y1 = F.Dropout(x, 0.4, null, out NdArray? mask);
            Assert.That(mask, Is.Not.Null);
            double[] m = TestUtil.F64(mask!);
            Assert.That(m.All(e => e == 0 || e == (double)(float)(1 / 0.6)), Is.True, "mask holds 0 or the scale");
            Assert.That(m.Count(e => e == 0), Is.InRange(1, 19), "some but not all dropped");

            var x2 = new Variable(TestUtil.Randn(rng, 4, 5).AsType(DType.Float32));
            Variable y2 = F.Dropout(x2, 0.4, mask);
            double[] expected = TestUtil.F64(x2.Array).Zip(m, (a, b) => (double)((float)a * (float)b)).ToArray();
            Assert.That(TestUtil.F64(y2.Array), Is.EqualTo(expected));
            Assert.That(TestUtil.F64(y1.Array), Is.EqualTo(TestUtil.F64(x.Array).Zip(m, (a, b) => (double)((float)a * (float)b)).ToArray()));

            // The gradient is gy * mask.
            y2.Grad = NdArray.Ones(new long[] { 4, 5 });
            y2.Backward();
            Assert.That(TestUtil.F64(x2.Grad!), Is.EqualTo(m));
        }

        [Test]
        public void DropoutReturnMaskDrawsTheSameNumbersAsPlainDropout()
        {
            var x = new Variable(TestUtil.Randn(new RandomState(1), 6, 7));
            RandomState.Default.Seed(11);
            double[] plain = TestUtil.F64(F.Dropout(x, 0.3).Array);
            RandomState.Default.Seed(11);
            double[] withMask = TestUtil.F64(F.Dropout(x, 0.3, null, out NdArray? _).Array);
            Assert.That(withMask, Is.EqualTo(plain));
        }

        [Test]
        public void DropoutRejectsAMaskOfAnotherShapeOrDtype()
        {
            var x = new Variable(NdArray.Ones(new long[] { 2, 3 }));
            Assert.Throws<ArgumentException>(() => F.Dropout(x, 0.5, NdArray.Ones(new long[] { 3, 2 })));
            Assert.Throws<ArgumentException>(() => F.Dropout(x, 0.5, NdArray.Ones(new long[] { 2, 3 }, DType.Float64)));
            Assert.Throws<ArgumentException>(() => F.Dropout(x, 1.0, NdArray.Ones(new long[] { 2, 3 })), "ratio is still checked");
        }

        [Test]
        public void GaussianEpsCanBeReused()
        {
            var rng = new RandomState(4);
            var mean = new Variable(TestUtil.Randn(rng, 3, 4).AsType(DType.Float32));
            var lnVar = new Variable(TestUtil.Randn(rng, 3, 4).AsType(DType.Float32));
            Variable y1 = F.Gaussian(mean, lnVar, null, out NdArray eps);
            Assert.That(eps.Dtype, Is.EqualTo(DType.Float32));
            Variable y2 = F.Gaussian(mean, lnVar, eps);
            Assert.That(TestUtil.F64(y2.Array), Is.EqualTo(TestUtil.F64(y1.Array)));
            Assert.Throws<ArgumentException>(() => F.Gaussian(mean, lnVar, NdArray.Ones(new long[] { 4, 3 })));
        }

        [Test]
        public void SoftTargetGradientIsSoftmaxMinusTarget()
        {
            // For targets whose rows sum to one, Chainer's gradient softmax(x) - t is the true gradient.
            var rng = new RandomState(5);
            NdArray x = TestUtil.Randn(rng, 3, 4).AsType(DType.Float64);
            double[] raw = TestUtil.F64(TestUtil.Uniform(rng, 0.1, 1.0, 3, 4));
            for (int r = 0; r < 3; r++)
            {
                double s = raw.Skip(r * 4).Take(4).Sum();
                for (int j = 0; j < 4; j++)
                {
                    raw[(r * 4) + j] /= s;
                }
            }

            NdArray t = NdArray.FromArray(raw, new long[] { 3, 4 });
            foreach (string loss in new[] { "cross-entropy", "kl-divergence" })
            {
                foreach (string reduce in new[] { "mean", "no" })
                {
                    NdArray? gy = reduce == "no" ? TestUtil.Randn(rng, 3).AsType(DType.Float64) : null;
                    GradientCheck.CheckBackward(
                        xs => new Variable?[] { F.SoftmaxCrossEntropy(xs[0], new Variable(t, requiresGrad: false), reduce: reduce, softTargetLoss: loss) },
                        new[] { x }, new[] { gy }, eps: 1e-4, atol: 1e-8, rtol: 1e-6);
                }
            }
        }

        [Test]
        public void SoftTargetDoubleBackpropRaisesAsChainer()
        {
            var x = new Variable(TestUtil.Randn(new RandomState(6), 2, 3).AsType(DType.Float64));
            var t = new Variable(NdArray.Full(new long[] { 2, 3 }, 1.0 / 3, DType.Float64), requiresGrad: false);
            Variable loss = F.SoftmaxCrossEntropy(x, t);
            Assert.That(loss.Creator!.Label, Is.EqualTo("SoftmaxCrossEntropy"));
            Variable?[] g = chainer.Grad(new[] { loss }, new[] { x }, enableDoubleBackprop: true);
            var ex = Assert.Throws<GradientException>(() => chainer.Grad(new[] { F.Sum(g[0]! * g[0]!) }, new[] { x }));
            Assert.That(ex!.Message, Does.Contain("enable_double_backprop=True"));
        }

        [Test]
        public void SoftTargetsAreCheckedLikeChainer()
        {
            var x = new Variable(NdArray.Ones(new long[] { 2, 3 }));
            var t = new Variable(NdArray.Ones(new long[] { 2, 4 }), requiresGrad: false);
            var shape = Assert.Throws<ShapeMismatchException>(() => F.SoftmaxCrossEntropy(x, t));
            Assert.That(shape!.Message, Does.Contain("Expect: x.shape == t.shape").And.Contain("Actual: (2, 3) != (2, 4)"));
            var option = Assert.Throws<ArgumentException>(() => F.SoftmaxCrossEntropy(x, x, softTargetLoss: "l2"));
            Assert.That(option!.Message, Does.StartWith("soft_target_loss must be 'cross-entropy' or 'kl-divergence'."));
            Assert.Throws<ArgumentException>(() => F.SoftmaxCrossEntropy(x, x, reduce: "sum"));
        }

        [Test]
        public void NegativeSamplingReturnsTheSamplesWithTargetsInColumnZero()
        {
            var rng = new RandomState(8);
            var x = new Variable(TestUtil.Randn(rng, 3, 2));
            var w = new Variable(TestUtil.Randn(rng, 5, 2));
            var t = new Variable(NdArray.FromArray(new[] { 4, -1, 2 }, new long[] { 3 }));
            NdArray drawn = NdArray.FromArray(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3 }, new long[] { 3, 3 });
            Variable a = F.NegativeSampling(x, t, w, _ => drawn.Copy(), 2, "sum", out NdArray samples);
            Assert.That(samples.Dtype, Is.EqualTo(DType.Int64), "the sampler's dtype");
            Assert.That(samples.ToArray<long>(), Is.EqualTo(new long[] { 4, 1, 2, -1, 4, 0, 2, 2, 3 }));
            Variable b = F.NegativeSampling(x, t, w, _ => drawn.Copy(), 2);
            Assert.That(TestUtil.F64(a.Array), Is.EqualTo(TestUtil.F64(b.Array)));
        }
    }
}
