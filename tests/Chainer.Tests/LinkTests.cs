using System;
using System.Linq;
using Chainer.Initializers;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests
{
    /// <summary>Links, parameters and initializers, against values from real Chainer 7.8.1.</summary>
    [TestFixture]
    [NonParallelizable]
    public class LinkTests
    {
        [Test]
        public void Normal_DrawsFromTheGlobalGenerator()
        {
            // np.random.seed(1); initializers.Normal()(np.empty((2, 3), np.float32))
            RandomState.Default.Seed(1);
            NdArray a = NdArray.Empty(new long[] { 2, 3 });
            new Normal().Initialize(a);
            Assert.That(a.ToString(), Is.EqualTo(
                "array([[ 0.08121727, -0.03058782, -0.02640859],\n       [-0.05364843,  0.04327038, -0.11507694]], dtype=float32)"));
        }

        [Test]
        public void LeCunNormal_WithOwnGenerator_UsesFanInOfTrailingAxes()
        {
            // initializers.LeCunNormal(2.0, rng=np.random.RandomState(7))(np.empty((3, 2, 2)))
            NdArray a = NdArray.Empty(new long[] { 3, 2, 2 }, DType.Float64);
            new LeCunNormal(2.0, rng: new RandomState(7)).Initialize(a);
            double[] expected =
            {
                1.69052570e+00, -4.65937371e-01, 3.28201637e-02, 4.07516283e-01,
                -7.88923029e-01, 2.06557291e-03, -8.90385858e-04, -1.75472431e+00,
                1.01765801e+00, 6.00498516e-01, -6.25428974e-01, -1.71548261e-01,
            };
            TestUtil.AssertClose(a.ToArray<double>(), expected, atol: 1e-10, rtol: 1e-7);
        }

        [Test]
        public void GetFans()
        {
            Assert.That(Initializer.GetFans(new long[] { 4, 3 }), Is.EqualTo((3L, 4L)));
            Assert.That(Initializer.GetFans(new long[] { 4, 3, 2, 5 }), Is.EqualTo((30L, 40L)));
            ArgumentException? e = Assert.Throws<ArgumentException>(() => Initializer.GetFans(new long[] { 3 }));
            Assert.That(e!.Message, Does.StartWith("shape must be of length >= 2. Actual shape: (3,)"));
            Assert.Throws<ArgumentException>(() => new LeCunNormal().Initialize(NdArray.Empty(new long[] { 3 })));
        }

        [Test]
        public void ConstantInitializers()
        {
            NdArray a = NdArray.Empty(new long[] { 2, 2 });
            new Constant(3.5).Initialize(a);
            Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 3.5f, 3.5f, 3.5f, 3.5f }));
            new Zero().Initialize(a);
            Assert.That(a.ToArray<float>(), Is.All.EqualTo(0f));
            new One().Initialize(a);
            Assert.That(a.ToArray<float>(), Is.All.EqualTo(1f));
            new Constant(new NdArray(new float[] { 1, 2 })).Initialize(a);
            Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 1, 2 }));
            Assert.Throws<ArgumentException>(() => new Constant(1.0, DType.Float64).Initialize(a));
        }

        [Test]
        public void Linear_Lazy_WithTrailingAxes()
        {
            // np.random.seed(0); l = L.Linear(None, 3); y = l(np.arange(8, dtype=np.float32).reshape(2, 2, 2))
            RandomState.Default.Seed(0);
            var l = new L.Linear(null, 3);
            var x = new Variable(NdArray.Arange(0, 8).Reshape(2, 2, 2));
            Variable y = l.Forward(x);
            Assert.That(l.W.Array.ToString(), Is.EqualTo(
                "array([[ 0.8820262 ,  0.2000786 ,  0.489369  ,  1.1204466 ],\n" +
                "       [ 0.933779  , -0.48863894,  0.47504422, -0.0756786 ],\n" +
                "       [-0.05160943,  0.20529926,  0.07202178,  0.72713673]],\n" +
                "      dtype=float32)"));
            Assert.That(y.Array.ToString(), Is.EqualTo(
                "array([[ 4.5401564,  0.2344137,  2.5307531],\n       [15.3078375,  3.6124365,  6.3421464]], dtype=float32)"));
        }

        [Test]
        public void Linear_Lazy_TwoBatchAxes()
        {
            var l = new L.Linear(2);
            var x = new Variable(NdArray.Arange(0, 12).Reshape(2, 3, 2));
            Variable y = l.Forward(x, nBatchAxes: 2);
            Assert.That(l.W.Shape, Is.EqualTo(new long[] { 2, 2 }));
            Assert.That(y.Shape, Is.EqualTo(new long[] { 2, 3, 2 }));
        }

        [Test]
        public void Linear_InitialWAndBias_FromScalarAndArray()
        {
            // L.Linear(4, 2, initialW=0.5, initial_bias=np.array([1, 2], np.float32))
            var l = new L.Linear(4, 2, initialW: 0.5, initialBias: new NdArray(new float[] { 1, 2 }));
            Assert.That(l.W.Array.ToString(), Is.EqualTo("array([[0.5, 0.5, 0.5, 0.5],\n       [0.5, 0.5, 0.5, 0.5]], dtype=float32)"));
            Assert.That(l.b!.Array.ToString(), Is.EqualTo("array([1., 2.], dtype=float32)"));

            var fromArray = new L.Linear(2, 2, initialW: new NdArray(new float[,] { { 1, 2 }, { 3, 4 } }));
            Assert.That(fromArray.W.Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));

            var custom = new L.Linear(3, 2, initialW: new Normal(1.0, rng: new RandomState(3)));
            Assert.That(custom.W.Shape, Is.EqualTo(new long[] { 2, 3 }));
        }

        [Test]
        public void Linear_NoBias()
        {
            var l = new L.Linear(3, 2, nobias: true);
            Assert.That(l.b, Is.Null);
            Assert.That(l.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/W" }));
            Variable y = l.Forward(new Variable(NdArray.Ones(new long[] { 1, 3 })));
            Assert.That(y.Shape, Is.EqualTo(new long[] { 1, 2 }));
        }

        [Test]
        public void Params_And_NamedParams()
        {
            var l = new L.Linear(3, 2);
            Assert.That(l.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/W", "/b" }));
            Assert.That(l.Params().Select(p => p.Name), Is.EqualTo(new[] { "W", "b" }));
            Assert.That(l.W.Name, Is.EqualTo("W"));

            var lazy = new L.Linear(2);
            Assert.That(lazy.NamedParams(includeUninit: false).Select(p => p.Name), Is.EqualTo(new[] { "/b" }));
            Assert.That(lazy.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/W", "/b" }));
            Assert.That(lazy.Params(includeUninit: false).Count(), Is.EqualTo(1));
        }

        [Test]
        public void ClearGrads_And_ZeroGrads()
        {
            var l = new L.Linear(3, 2);
            Variable y = l.Forward(new Variable(NdArray.Ones(new long[] { 1, 3 })));
            F.Sum(y).Backward();
            Assert.That(l.W.Grad, Is.Not.Null);
            l.ZeroGrads();
            Assert.That(l.W.Grad!.ToString(), Is.EqualTo("array([[0., 0., 0.],\n       [0., 0., 0.]], dtype=float32)"));
            l.ClearGrads();
            Assert.That(l.W.Grad, Is.Null);
            Assert.That(l.b!.Grad, Is.Null);

            var lazy = new L.Linear(2);
            Assert.DoesNotThrow(() => lazy.ClearGrads());
            Assert.DoesNotThrow(() => lazy.ZeroGrads());
        }

        [Test]
        public void Linear_GradientsAccumulateAcrossBatches()
        {
            var l = new L.Linear(2, 1, initialW: 1.0);
            var x = new Variable(new NdArray(new float[,] { { 1, 2 } }));
            F.Sum(l.Forward(x)).Backward();
            F.Sum(l.Forward(x)).Backward();
            Assert.That(l.W.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 2, 4 }));
            Assert.That(l.b!.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 2 }));
        }

        [Test]
        public void Parameter_Construction()
        {
            // chainer.Parameter(initializers.Constant(3.0), (2,))
            var p = new Parameter(new Constant(3.0), new long[] { 2 });
            Assert.That(p.ToString(), Is.EqualTo("variable([3., 3.])"));
            Assert.That(p.RequiresGrad, Is.True);
            Assert.That(p.Name, Is.Null);

            // chainer.Parameter(); chainer.Parameter(initializers.Normal(), name='w')
            Assert.That(new Parameter().ToString(), Is.EqualTo("variable(None)"));
            var w = new Parameter(new Normal(), name: "w");
            Assert.That(w.ToString(), Is.EqualTo("variable w(None)"));
            Assert.That(w.IsInitialized, Is.False);
            w.Initialize(new long[] { 2, 2 });
            Assert.That(w.IsInitialized, Is.True);
            Assert.That(w.Name, Is.EqualTo("w"));
            Assert.That(w.Shape, Is.EqualTo(new long[] { 2, 2 }));

            // Without an initializer the data is NaN, as Chainer's default.
            var nan = new Parameter(shape: new long[] { 2 });
            Assert.That(nan.Array.ToArray<float>(), Is.All.NaN);

            var fromData = new Parameter(new NdArray(new double[] { 1, 2 }));
            Assert.That(fromData.Dtype, Is.EqualTo(DType.Float64));
            Assert.That(fromData.RequiresGrad, Is.True);

            var f64 = new Parameter(new Zero(), new long[] { 3 }, DType.Float64);
            Assert.That(f64.Dtype, Is.EqualTo(DType.Float64));
            var fixedDtype = new Parameter(new Zero(DType.Float64), new long[] { 3 });
            Assert.That(fixedDtype.Dtype, Is.EqualTo(DType.Float64));
        }

        [Test]
        public void UninitializedParameter_OperationsThrowInvalidOperation()
        {
            var p = new Parameter(name: "W");
            InvalidOperationException? e = Assert.Throws<InvalidOperationException>(() => _ = p * 2);
            Assert.That(e!.Message, Does.Contain("'W'"));
            Assert.Throws<InvalidOperationException>(() => _ = p.Shape);
            Assert.Throws<InvalidOperationException>(() => _ = p.Grad);
            Assert.Throws<InvalidOperationException>(() => p.Backward());
            Assert.DoesNotThrow(() => p.ClearGrad());
        }

        [Test]
        public void Parameters_AreNotDisposedByScopes()
        {
            L.Linear l;
            using (chainer.NewScope())
            {
                l = new L.Linear(3, 2);
                var lazy = new L.Linear(2);
                lazy.Forward(new Variable(NdArray.Ones(new long[] { 1, 3 })));
                Assert.That(lazy.W.IsInitialized, Is.True);
            }

            Assert.That(l.W.IsDisposed, Is.False);
            Assert.That(l.W.Array.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(l.b!.Array.ToArray<float>(), Is.EqualTo(new float[] { 0, 0 }));
        }

        [Test]
        public void Linear_ArgumentValidation()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new L.Linear(-1, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new L.Linear(2, -2));
            var l = new L.Linear(3, 2);
            Assert.Throws<ArgumentNullException>(() => l.Forward(null!));
            var bad = new Variable(NdArray.Ones(new long[] { 2, 4 }));
            InvalidTypeException? e = Assert.Throws<ShapeMismatchException>(() => l.Forward(bad));
            Assert.That(e!.Message, Does.Contain("Expect: x.shape[1] == W.shape[1]\nActual: 4 != 3"));
        }

        [Test]
        public void Link_Dispose_DisposesParameters()
        {
            var l = new L.Linear(3, 2);
            Parameter w = l.W;
            l.Dispose();
            Assert.That(w.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => _ = w.Array);
        }
    }
}
