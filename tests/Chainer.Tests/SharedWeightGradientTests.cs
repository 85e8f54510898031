using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary>
    /// Gradients of weights used by many linear layers (an unrolled RNN, tied weights). Without double backprop the
    /// traversal sums their products in one GEMM over the stacked rows; with it, one product per use is recorded.
    /// Both must give the sum Chainer gives.
    /// </summary>
    [TestFixture]
    public class SharedWeightGradientTests
    {
        private const int Steps = 5;

        /// <summary>A small Elman RNN: h_t = tanh(x_t Wx^T + h_{t-1} Wh^T + b); loss = sum(h_T * h_T) + sum(h_2).</summary>
        private static Variable Rnn(Variable[] xs, Variable wx, Variable wh, Variable b)
        {
            Variable h = F.Tanh(F.Linear(xs[0], wx, b));
            Variable? tap = null;
            for (int t = 1; t < xs.Length; t++)
            {
                h = F.Tanh(F.Linear(xs[t], wx, b) + F.Linear(h, wh));
                if (t == 2)
                {
                    tap = h;
                }
            }

            return F.Sum(h * h) + F.Sum(tap!);
        }

        private static (Variable[] Xs, Variable Wx, Variable Wh, Variable B) Model(DType dtype, uint seed, DType? weightDtype = null)
        {
            var rng = new RandomState(seed);
            var xs = new Variable[Steps];
            for (int t = 0; t < Steps; t++)
            {
                xs[t] = new Variable(TestUtil.Randn(rng, 3, 4).AsType(dtype));
            }

            DType wd = weightDtype ?? dtype;
            return (xs,
                new Variable(TestUtil.Randn(rng, 6, 4).AsType(wd) * 0.5),
                new Variable(TestUtil.Randn(rng, 6, 6).AsType(wd) * 0.5),
                new Variable(TestUtil.Randn(rng, 6).AsType(dtype)));
        }

        [TestCase(DType.Float64, 1e-12)]
        [TestCase(DType.Float32, 2e-5)]
        public void BackwardMatchesTheRecordedPerUseSum(DType dtype, double tol)
        {
            var (xs, wx, wh, b) = Model(dtype, 11);
            Rnn(xs, wx, wh, b).Backward();
            double[] gwx = TestUtil.F64(wx.Grad!), gwh = TestUtil.F64(wh.Grad!), gb = TestUtil.F64(b.Grad!);
            double[] gx0 = TestUtil.F64(xs[0].Grad!);

            foreach (Variable v in new[] { wx, wh, b, xs[0] })
            {
                v.ClearGrad();
            }

            // With double backprop every use's product is a node of its own: the plain per-use sum.
            Rnn(xs, wx, wh, b).Backward(enableDoubleBackprop: true);
            Assert.That(wx.GradVar!.Creator, Is.Not.Null, "the recorded path builds a graph");
            TestUtil.AssertClose(gwx, TestUtil.F64(wx.Grad!), tol, tol);
            TestUtil.AssertClose(gwh, TestUtil.F64(wh.Grad!), tol, tol);
            TestUtil.AssertClose(gb, TestUtil.F64(b.Grad!), tol, tol);
            TestUtil.AssertClose(gx0, TestUtil.F64(xs[0].Grad!), tol, tol);
        }

        [Test]
        public void TwoUses_SumExactly()
        {
            // y = sum(x1 W^T) + sum(x2 W^T): dW[i, j] = sum over rows of x1[:, j] + x2[:, j].
            var x1 = new Variable(NdArray.FromArray(new double[] { 1, 2, 3, 4 }, new long[] { 2, 2 }));
            var x2 = new Variable(NdArray.FromArray(new double[] { 10, 20, 30, 40, 50, 60 }, new long[] { 3, 2 }));
            var w = new Variable(NdArray.FromArray(new double[] { 1, 0, 0, 1, 1, 1 }, new long[] { 3, 2 }));
            (F.Sum(F.Linear(x1, w)) + F.Sum(F.Linear(x2, w))).Backward();
            Assert.That(w.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 94, 126, 94, 126, 94, 126 }));
        }

        [Test]
        public void BackwardAgain_AccumulatesIntoTheExistingGrad()
        {
            var (xs, wx, wh, b) = Model(DType.Float64, 12);
            Rnn(xs, wx, wh, b).Backward();
            double[] once = TestUtil.F64(wh.Grad!);
            Rnn(xs, wx, wh, b).Backward();
            double[] twice = TestUtil.F64(wh.Grad!);
            for (int i = 0; i < once.Length; i++)
            {
                Assert.That(twice[i], Is.EqualTo(2 * once[i]).Within(1e-12 * Math.Max(1, Math.Abs(once[i]))));
            }
        }

        [Test]
        public void GradApi_GivesTheSameSumAsBackward()
        {
            var (xs, wx, wh, b) = Model(DType.Float64, 13);
            Rnn(xs, wx, wh, b).Backward();
            double[] gwh = TestUtil.F64(wh.Grad!);
            wh.ClearGrad();
            Variable?[] g = chainer.Grad(new[] { Rnn(xs, wx, wh, b) }, new[] { wh, wx });
            TestUtil.AssertClose(TestUtil.F64(g[0]!.Array), gwh, 1e-12, 1e-12);
            Assert.That(g[0]!.Creator, Is.Null);
        }

        [Test]
        public void WeightOfAnotherDtype_GetsItsGradientInItsDtype()
        {
            var (xs, wx, wh, b) = Model(DType.Float32, 14, weightDtype: DType.Float64);
            Rnn(xs, wx, wh, b).Backward();
            Assert.That(wh.Grad!.Dtype, Is.EqualTo(DType.Float64));
            double[] gwh = TestUtil.F64(wh.Grad!);
            wh.ClearGrad();
            Rnn(xs, wx, wh, b).Backward(enableDoubleBackprop: true);
            TestUtil.AssertClose(gwh, TestUtil.F64(wh.Grad!), 2e-5, 2e-5);
        }

        [TestCase(false)]
        [TestCase(true)]
        public void MatMulWithASharedMatrix_SumsLikeTheRecordedPath(bool transb)
        {
            // h_t = tanh(x_t @ W) (or x_t @ W^T) over several steps, W shared: W's gradient is one product.
            var rng = new RandomState(17);
            var w = new Variable(TestUtil.Randn(rng, 4, 4) * 0.5);
            var xs = new Variable[Steps];
            for (int t = 0; t < Steps; t++)
            {
                xs[t] = new Variable(TestUtil.Randn(rng, 3, 4));
            }

            Variable Loss()
            {
                Variable h = xs[0];
                for (int t = 1; t < Steps; t++)
                {
                    h = F.Tanh(F.MatMul(h, w, transb: transb) + xs[t]);
                }

                return F.Sum(h * h);
            }

            Loss().Backward();
            double[] deferred = TestUtil.F64(w.Grad!);
            w.ClearGrad();
            Loss().Backward(enableDoubleBackprop: true);
            TestUtil.AssertClose(deferred, TestUtil.F64(w.Grad!), 1e-12, 1e-12);
        }

        [TestCase(DType.Float64, null)]
        [TestCase(DType.Float32, 3)]
        public void EmbeddingLookups_SumLikeTheRecordedPath(DType dtype, int? ignore)
        {
            // An embedding table read at every step (repeated ids included): its gradient rows are scattered once.
            var rng = new RandomState(16);
            var w = new Variable(TestUtil.Randn(rng, 7, 3).AsType(dtype));
            Variable Loss()
            {
                Variable? sum = null;
                for (int t = 0; t < Steps; t++)
                {
                    var ids = new Variable(NdArray.FromArray(new[] { t % 7, 3, (t * 3) % 7, 0 }, new long[] { 4 }), requiresGrad: false);
                    Variable e = F.EmbedID(ids, w, ignoreLabel: ignore);
                    Variable l = F.Sum(e * e * (t + 1));
                    sum = sum is null ? l : sum + l;
                }

                return sum!;
            }

            Loss().Backward();
            double[] deferred = TestUtil.F64(w.Grad!);
            w.ClearGrad();
            Loss().Backward(enableDoubleBackprop: true);
            TestUtil.AssertClose(deferred, TestUtil.F64(w.Grad!), 1e-6, 1e-6);
            if (ignore is int row)
            {
                for (int j = 0; j < 3; j++)
                {
                    Assert.That(deferred[(row * 3) + j], Is.EqualTo(0.0), "the ignored id gets no gradient");
                }
            }
        }

        [Test]
        public void SecondOrder_ThroughASharedWeight()
        {
            // d/dW of sum((dL/dW)^2) with W used at every step: numerical check of the gradient's gradient.
            var (xs, wx, wh, b) = Model(DType.Float64, 15);
            Variable Gg(Variable w)
            {
                Variable gw = chainer.Grad(new[] { Rnn(xs, wx, w, b) }, new[] { w }, enableDoubleBackprop: true)[0]!;
                return F.Sum(gw * gw);
            }

            Gg(wh).Backward();
            double[] analytic = TestUtil.F64(wh.Grad!);
            double[] w0 = TestUtil.F64(wh.Array);
            const double eps = 1e-6;
            for (int i = 0; i < w0.Length; i++)
            {
                var wp = new Variable(NdArray.FromArray(Shift(w0, i, eps), new long[] { 6, 6 }));
                var wm = new Variable(NdArray.FromArray(Shift(w0, i, -eps), new long[] { 6, 6 }));
                double numeric = (TestUtil.F64(Gg(wp).Array)[0] - TestUtil.F64(Gg(wm).Array)[0]) / (2 * eps);
                Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-5 + 1e-5 * Math.Abs(numeric)), $"element {i}");
            }
        }

        private static double[] Shift(double[] v, int i, double delta)
        {
            double[] s = (double[])v.Clone();
            s[i] += delta;
            return s;
        }
    }
}
