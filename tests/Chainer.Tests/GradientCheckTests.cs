using System;
using System.Linq;
using NUnit.Framework;
using static Chainer.Tests.TestUtil;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary>
    /// First- and second-order gradient checks (float64, random shapes, broadcasting) of every routine, through
    /// <see cref="GradientCheck"/>.
    /// </summary>
    [TestFixture]
    public class GradientCheckTests
    {
        private static readonly int[] Seeds = { 0, 1, 2, 3, 4 };

        /// <summary>Runs CheckBackward and CheckDoubleBackward with random output and input-gradient directions.</summary>
        private static void CheckBoth(Func<Variable[], Variable> func, NdArray[] inputs, RandomState rng)
        {
            long[] outShape;
            using (chainer.NoBackpropMode())
            {
                Variable y0 = func(inputs.Select(a => new Variable(a, requiresGrad: false)).ToArray());
                outShape = y0.Shape;
            }

            NdArray gy = Randn(rng, outShape);
            NdArray?[] ggx = inputs.Select(a => (NdArray?)Randn(rng, a.Shape)).ToArray();
            GradientCheck.CheckBackward(func, inputs, gy, rng: rng);
            GradientCheck.CheckDoubleBackward(func, inputs, gy, ggx, rng: rng);
        }

        private static (long[] Lhs, long[] Rhs) BroadcastPair(RandomState rng, int seed)
        {
            long[] shape = RandomShape(rng, 0, 3);
            long[] other = BroadcastableTo(rng, shape);
            return seed % 2 == 0 ? (shape, other) : (other, shape);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Add(int seed)
        {
            var rng = new RandomState((uint)(100 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            CheckBoth(xs => xs[0] + xs[1], new[] { Randn(rng, a), Randn(rng, b) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Sub(int seed)
        {
            var rng = new RandomState((uint)(200 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            CheckBoth(xs => xs[0] - xs[1], new[] { Randn(rng, a), Randn(rng, b) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Mul(int seed)
        {
            var rng = new RandomState((uint)(300 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            CheckBoth(xs => xs[0] * xs[1], new[] { Randn(rng, a), Randn(rng, b) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Div(int seed)
        {
            var rng = new RandomState((uint)(400 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            CheckBoth(xs => xs[0] / xs[1], new[] { Randn(rng, a), AwayFromZero(rng, 0.5, 2.0, b) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void PowVariableExponent(int seed)
        {
            var rng = new RandomState((uint)(500 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            CheckBoth(xs => xs[0].Pow(xs[1]), new[] { Uniform(rng, 0.5, 2.0, a), Randn(rng, b) }, rng);
        }

        [TestCase(2.0)]
        [TestCase(3.0)]
        [TestCase(2.5)]
        [TestCase(-1.5)]
        [TestCase(0.5)]
        public void PowScalarExponent(double exponent)
        {
            var rng = new RandomState(600);
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => xs[0].Pow(exponent), new[] { Uniform(rng, 0.5, 2.0, shape) }, rng);
            CheckBoth(xs => F.Pow(xs[0], exponent), new[] { Uniform(rng, 0.5, 2.0, shape) }, rng);
        }

        [TestCase(2.0)]
        [TestCase(0.5)]
        [TestCase(3.7)]
        public void PowScalarBase(double baseValue)
        {
            var rng = new RandomState(700);
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => Variable.Pow(baseValue, xs[0]), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void ScalarVariants(int seed)
        {
            var rng = new RandomState((uint)(800 + seed));
            long[] shape = RandomShape(rng, 0, 3);
            double s = rng.Uniform(0.5, 3.0);
            CheckBoth(xs => xs[0] + s, new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => s + xs[0], new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => xs[0] - s, new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => s - xs[0], new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => xs[0] * s, new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => s * xs[0], new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => xs[0] / s, new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => s / xs[0], new[] { AwayFromZero(rng, 0.5, 2.0, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void ConstantArrayOperands(int seed)
        {
            var rng = new RandomState((uint)(850 + seed));
            (long[] a, long[] b) = BroadcastPair(rng, seed);
            NdArray c = AwayFromZero(rng, 0.5, 2.0, b);
            CheckBoth(xs => xs[0] + c, new[] { Randn(rng, a) }, rng);
            CheckBoth(xs => c - xs[0], new[] { Randn(rng, a) }, rng);
            CheckBoth(xs => xs[0] * c, new[] { Randn(rng, a) }, rng);
            CheckBoth(xs => xs[0] / c, new[] { Randn(rng, a) }, rng);
            CheckBoth(xs => c / xs[0], new[] { AwayFromZero(rng, 0.5, 2.0, a) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Neg(int seed)
        {
            var rng = new RandomState((uint)(900 + seed));
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => -xs[0], new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Neg(xs[0]), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Exp(int seed)
        {
            var rng = new RandomState((uint)(1000 + seed));
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => F.Exp(xs[0]), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Log(int seed)
        {
            var rng = new RandomState((uint)(1100 + seed));
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => F.Log(xs[0]), new[] { Uniform(rng, 0.5, 2.0, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void SumAll(int seed)
        {
            var rng = new RandomState((uint)(1200 + seed));
            long[] shape = RandomShape(rng, 0, 3);
            CheckBoth(xs => F.Sum(xs[0]), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Sum(xs[0], keepdims: true), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void SumAxis(int seed)
        {
            var rng = new RandomState((uint)(1300 + seed));
            long[] shape = RandomShape(rng, 1, 3);
            int axis = (int)rng.RandInt(-shape.Length, shape.Length);
            CheckBoth(xs => F.Sum(xs[0], axis), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Sum(xs[0], axis, keepdims: true), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void SumAxes(int seed)
        {
            var rng = new RandomState((uint)(1400 + seed));
            long[] shape = RandomShape(rng, 2, 3);
            int[] axes = seed % 2 == 0 ? new[] { 0, shape.Length - 1 } : new[] { -1, 0 };
            CheckBoth(xs => F.Sum(xs[0], axes), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Sum(xs[0], axes, keepdims: true), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void BroadcastTo(int seed)
        {
            var rng = new RandomState((uint)(1500 + seed));
            long[] target = RandomShape(rng, 1, 3);
            long[] source = BroadcastableTo(rng, target);
            CheckBoth(xs => F.BroadcastTo(xs[0], target), new[] { Randn(rng, source) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void SumTo(int seed)
        {
            var rng = new RandomState((uint)(1600 + seed));
            long[] source = RandomShape(rng, 1, 3);
            long[] target = BroadcastableTo(rng, source);
            CheckBoth(xs => F.SumTo(xs[0], target), new[] { Randn(rng, source) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Reshape(int seed)
        {
            var rng = new RandomState((uint)(1700 + seed));
            long[] shape = RandomShape(rng, 1, 3);
            long size = shape.Aggregate(1L, (a, b) => a * b);
            CheckBoth(xs => F.Reshape(xs[0], size), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => xs[0].Reshape(1, -1), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Reshape(xs[0], shape.Reverse().ToArray()), new[] { Randn(rng, shape) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void Transpose(int seed)
        {
            var rng = new RandomState((uint)(1800 + seed));
            long[] shape = RandomShape(rng, 2, 3);
            int[] axes = Enumerable.Range(0, shape.Length).ToArray();
            rng.Shuffle(axes.AsSpan());
            CheckBoth(xs => F.Transpose(xs[0]), new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => xs[0].T, new[] { Randn(rng, shape) }, rng);
            CheckBoth(xs => F.Transpose(xs[0], axes), new[] { Randn(rng, shape) }, rng);
        }

        [Test]
        public void MatMul([Values(false, true)] bool transa, [Values(false, true)] bool transb)
        {
            var rng = new RandomState(1900);
            long m = rng.RandInt(1, 5), k = rng.RandInt(1, 5), n = rng.RandInt(1, 5);
            long[] a = transa ? new[] { k, m } : new[] { m, k };
            long[] b = transb ? new[] { n, k } : new[] { k, n };
            CheckBoth(xs => F.MatMul(xs[0], xs[1], transa, transb), new[] { Randn(rng, a), Randn(rng, b) }, rng);
        }

        [Test]
        public void MatMulBatched([Values(false, true)] bool transa, [Values(false, true)] bool transb)
        {
            var rng = new RandomState(1950);
            long batch = 2, m = 3, k = 4, n = 2;
            long[] a = transa ? new[] { batch, k, m } : new[] { batch, m, k };
            long[] b = transb ? new[] { batch, n, k } : new[] { batch, k, n };
            CheckBoth(xs => F.MatMul(xs[0], xs[1], transa, transb), new[] { Randn(rng, a), Randn(rng, b) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void LinearWithBias(int seed)
        {
            var rng = new RandomState((uint)(2000 + seed));
            long batch = rng.RandInt(1, 5), inSize = rng.RandInt(1, 5), outSize = rng.RandInt(1, 5);
            CheckBoth(
                xs => F.Linear(xs[0], xs[1], xs[2]),
                new[] { Randn(rng, batch, inSize), Randn(rng, outSize, inSize), Randn(rng, outSize) },
                rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void LinearWithoutBias(int seed)
        {
            var rng = new RandomState((uint)(2100 + seed));
            long batch = rng.RandInt(1, 5), inSize = rng.RandInt(1, 5), outSize = rng.RandInt(1, 5);
            CheckBoth(xs => F.Linear(xs[0], xs[1]), new[] { Randn(rng, batch, inSize), Randn(rng, outSize, inSize) }, rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void LinearFlattensTrailingAxes(int seed)
        {
            var rng = new RandomState((uint)(2200 + seed));
            // x (2, 3, 2) with n_batch_axes=1 is flattened to (2, 6).
            CheckBoth(
                xs => F.Linear(xs[0], xs[1], xs[2]),
                new[] { Randn(rng, 2, 3, 2), Randn(rng, 4, 6), Randn(rng, 4) },
                rng);
        }

        [TestCaseSource(nameof(Seeds))]
        public void LinearTwoBatchAxes(int seed)
        {
            var rng = new RandomState((uint)(2300 + seed));
            CheckBoth(
                xs => F.Linear(xs[0], xs[1], xs[2], nBatchAxes: 2),
                new[] { Randn(rng, 2, 3, 4), Randn(rng, 5, 4), Randn(rng, 5) },
                rng);
            CheckBoth(
                xs => F.Linear(xs[0], xs[1], null, nBatchAxes: 2),
                new[] { Randn(rng, 3, 2, 2, 2), Randn(rng, 3, 4) },
                rng);
        }

        [Test]
        public void Composite_TutorialPolynomial()
        {
            var rng = new RandomState(2400);
            CheckBoth(xs => xs[0].Pow(2) - 2 * xs[0] + 1, new[] { Randn(rng, 2, 3) }, rng);
            CheckBoth(xs => F.Sum(F.Exp(xs[0] * xs[1]) / (xs[0] + 3.0)), new[] { Uniform(rng, 0.1, 1, 3), Randn(rng, 2, 3) }, rng);
        }

        [Test]
        public void LossFunction_WithoutYGrad()
        {
            var rng = new RandomState(2500);
            GradientCheck.CheckBackward(x => F.Sum(x * x), Randn(rng, 3, 2), null, rng: rng);
        }

        [Test]
        public void WithoutYGrad_NonScalarOutput_Throws()
        {
            var rng = new RandomState(2550);
            ArgumentException? e = Assert.Throws<ArgumentException>(
                () => GradientCheck.CheckBackward(x => x * 2, Randn(rng, 3, 2), null, rng: rng));
            Assert.That(e!.Message, Does.Contain("y_grad argument cannot be omitted"));
        }

        [Test]
        public void WrongGradient_IsDetected()
        {
            // x * (x as a constant): backprop gives x, the true derivative is 2x.
            var rng = new RandomState(2600);
            NdArray x = Uniform(rng, 0.5, 2.0, 3);
            GradientCheckException? e = Assert.Throws<GradientCheckException>(() => GradientCheck.CheckBackward(
                v => v * new Variable(v.Array, requiresGrad: false), x, NdArray.Ones(new long[] { 3 }, DType.Float64), rng: rng));
            Assert.That(e!.Message, Does.StartWith("check_backward failed"));
            Assert.That(e.Numeric, Is.Not.NaN);
            Assert.That(Math.Abs(e.Numeric - (2 * e.Backward)), Is.LessThan(1e-3 * Math.Abs(e.Numeric) + 1e-6));
        }

        [Test]
        public void WrongSecondOrderGradient_IsDetected()
        {
            // The first-order gradient of x * stop(x) is stop(x): its own gradient w.r.t. x is missed.
            var rng = new RandomState(2700);
            NdArray x = Uniform(rng, 0.5, 2.0, 3);
            NdArray gy = Randn(rng, 3);
            NdArray ggx = Randn(rng, 3);
            Assert.Throws<GradientCheckException>(() => GradientCheck.CheckDoubleBackward(
                v => v * v.Array, x, gy, ggx, rng: rng));
        }

        [Test]
        public void IntegerInput_IsSkippedAndMustHaveNoGrad()
        {
            var rng = new RandomState(2800);
            NdArray x = Randn(rng, 3);
            var n = new NdArray(new int[] { 1, 2, 3 });
            GradientCheck.CheckBackward(
                xs => new[] { xs[0] * 2 },
                new[] { x, n },
                new NdArray?[] { NdArray.Ones(new long[] { 3 }, DType.Float64) },
                rng: rng);
        }

        [Test]
        public void Float32Inputs_CheckedInFloat64()
        {
            var rng = new RandomState(2900);
            NdArray x = Randn(rng, 2, 3).AsType(DType.Float32);
            NdArray gy = Randn(rng, 2, 3).AsType(DType.Float32);
            GradientCheck.CheckBackward(v => v * v, x, gy, eps: 1e-2, atol: 1e-3, rtol: 1e-2, rng: rng, dtype: DType.Float64);
        }

        [Test]
        public void ArgumentValidation()
        {
            NdArray x = NdArray.Ones(new long[] { 2 }, DType.Float64);
            Assert.Throws<ArgumentNullException>(() => GradientCheck.CheckBackward((Func<Variable, Variable>)null!, x, x));
            Assert.Throws<ArgumentNullException>(() => GradientCheck.CheckBackward(v => v, (NdArray)null!, x));
            Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.CheckBackward(v => v, x, x, eps: 0));
            Assert.Throws<ArgumentException>(() => GradientCheck.CheckBackward(v => v, x, x, dtype: DType.Int32));
            Assert.Throws<ArgumentException>(() => GradientCheck.CheckBackward(
                xs => new[] { xs[0] }, new[] { x }, new NdArray?[] { x }, noGrads: new[] { false, false }));
            Assert.Throws<ArgumentException>(() => GradientCheck.CheckBackward(
                v => v, x, NdArray.Ones(new long[] { 3 }, DType.Float64)));
        }
    }
}
