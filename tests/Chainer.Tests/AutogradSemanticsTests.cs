using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary>Graph control and backward semantics of real Chainer (chainer-behaviour.md §2).</summary>
    [TestFixture]
    public class AutogradSemanticsTests
    {
        private static Variable X12() => new Variable(new NdArray(new float[] { 1, 2 }));

        [Test]
        public void NoBackpropMode_OutputIsALeafThatReceivesGrad()
        {
            Variable x = X12();
            Variable y;
            using (chainer.NoBackpropMode())
            {
                y = x * 2;
            }

            Assert.That(y.Creator, Is.Null);
            Assert.That(y.RequiresGrad, Is.True);
            Variable z = F.Sum(3 * y);
            z.Backward();
            Assert.That(y.Grad!.ToString(), Is.EqualTo("array([3., 3.], dtype=float32)"));
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void NoBackpropMode_RestoresPreviousMode()
        {
            Assert.That(Config.EnableBackprop, Is.True);
            using (chainer.NoBackpropMode())
            {
                Assert.That(Config.EnableBackprop, Is.False);
                using (chainer.NoBackpropMode())
                {
                    Assert.That(Config.EnableBackprop, Is.False);
                }

                Assert.That(Config.EnableBackprop, Is.False);
            }

            Assert.That(Config.EnableBackprop, Is.True);
        }

        [Test]
        public void ForceBackpropMode_InsideNoBackprop_RecordsGraph()
        {
            Variable x = X12();
            using (chainer.NoBackpropMode())
            {
                using (chainer.ForceBackpropMode())
                {
                    Variable y = x * 2;
                    Assert.That(y.Creator, Is.Not.Null);
                    Assert.That(Config.EnableBackprop, Is.True);
                }

                Assert.That(Config.EnableBackprop, Is.False);
            }
        }

        [Test]
        public void UnchainBackward_StopsBackpropAtTheVariable()
        {
            Variable x = X12();
            Variable y = x * 2;
            y.UnchainBackward();
            Variable z = F.Sum(3 * y);
            z.Backward();
            Assert.That(y.Grad!.ToString(), Is.EqualTo("array([3., 3.], dtype=float32)"));
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void UnchainBackward_OnFinalOutput_CutsTheWholeGraph()
        {
            Variable x = X12();
            Variable y = x * 2;
            Variable z = 3 * y;
            z.UnchainBackward();
            Assert.That(z.Creator, Is.Null);
            Assert.That(y.Creator, Is.Null);
        }

        [Test]
        public void Unchain_CutsOnlyThisVariable()
        {
            Variable x = X12();
            Variable y = x * 2;
            Variable z = 3 * y;
            y.Unchain();
            Assert.That(y.Creator, Is.Null);
            Assert.That(z.Creator, Is.Not.Null);
        }

        [Test]
        public void RequiresGradFalse_GetsNoGrad()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }), requiresGrad: false);
            Assert.That(x.RequiresGrad, Is.False);
            Variable y = F.Sum(x * 2);
            y.Backward();
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void ImplicitConversionFromNdArray_DoesNotRequireGrad()
        {
            Variable v = new NdArray(new float[] { 1, 2 });
            Assert.That(v.RequiresGrad, Is.False);
        }

        [Test]
        public void Gradients_Accumulate_8Then16()
        {
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable y = x.Pow(2) - 2 * x + 1;
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([8.], dtype=float32)"));
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([16.], dtype=float32)"));
            x.ClearGrad();
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void ZeroGrad_SetsZeros()
        {
            Variable x = X12();
            x.ZeroGrad();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([0., 0.], dtype=float32)"));
            x.Grad = new NdArray(new float[] { 3, 4 });
            x.ZeroGrad();
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 0, 0 }));
        }

        [Test]
        public void RetainGradFalse_FreesIntermediateGrads()
        {
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable h = x * 3;
            Variable y = h * h;
            y.Backward();
            Assert.That(h.Grad, Is.Null);
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([90.], dtype=float32)"));
        }

        [Test]
        public void RetainGradTrue_KeepsIntermediateGrads()
        {
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable h = x * 3;
            Variable y = h * h;
            y.Backward(retainGrad: true);
            Assert.That(h.Grad!.ToString(), Is.EqualTo("array([30.], dtype=float32)"));
            Assert.That(y.Grad!.ToString(), Is.EqualTo("array([1.], dtype=float32)"));
        }

        [Test]
        public void SizeOneOutput_GetsInitialGradOne_1x1()
        {
            var x = new Variable(new NdArray(new float[,] { { 5 } }));
            Variable y = x * x;
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([[10.]], dtype=float32)"));
        }

        [Test]
        public void ZeroDimOutput_GetsInitialGradOne()
        {
            var x = new Variable(NdArray.Scalar(5));
            Variable y = x * x;
            Assert.That(y.Ndim, Is.EqualTo(0));
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array(10., dtype=float32)"));
        }

        [Test]
        public void SizeOneLeaf_BackwardSetsGradToOne()
        {
            // x = Variable(np.array([1.], np.float32)); x.backward(); x.grad -> [1.]
            var x = new Variable(new NdArray(new float[] { 1 }));
            x.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([1.], dtype=float32)"));
        }

        [Test]
        public void NonScalarOutputWithoutGrad_ThrowsGradientException()
        {
            var x = new Variable(NdArray.Ones(new long[] { 2, 3 }));
            foreach (Variable y in new[] { x * 2, F.Exp(x), x * x, F.Sum(x, axis: 0), x + 1 })
            {
                GradientException? e = Assert.Throws<GradientException>(() => y.Backward());
                Assert.That(e!.Status, Is.EqualTo(ChainerStatus.Gradient));
                Assert.That(e.Message, Is.Not.Empty);
            }

            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void GradSetter_ReplacesGradVarWithCreatorlessVariable()
        {
            Variable x = X12();
            x.Grad = new NdArray(new float[] { 3, 4 });
            Variable gv = x.GradVar!;
            Assert.That(gv.Creator, Is.Null);
            Assert.That(gv.ToString(), Is.EqualTo("variable([3., 4.])"));
            Assert.That(gv.Array.SameAs(x.Grad!), Is.True);
            x.Grad = null;
            Assert.That(x.Grad, Is.Null);
            Assert.That(x.GradVar, Is.Null);
        }

        [Test]
        public void GradVarSetter_SetsGrad()
        {
            Variable x = X12();
            var g = new Variable(new NdArray(new float[] { 7, 8 }));
            x.GradVar = g;
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 7, 8 }));
            x.GradVar = null;
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void DoubleBackprop_GradVarHasCreator_AndCanBackpropAgain()
        {
            var x = new Variable(new NdArray(new double[] { 1, 2, 3 }));
            Variable y = F.Sum(x.Pow(3));
            y.Backward(enableDoubleBackprop: true);
            Variable gx = x.GradVar!;
            Assert.That(gx.Creator, Is.Not.Null);
            Assert.That(gx.Array.ToArray<double>(), Is.EqualTo(new double[] { 3, 12, 27 }));
            x.ClearGrad();
            F.Sum(gx).Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 6, 12, 18 }));
        }

        [Test]
        public void WithoutDoubleBackprop_GradVarHasNoCreator()
        {
            var x = new Variable(new NdArray(new double[] { 1, 2, 3 }));
            F.Sum(x.Pow(3)).Backward();
            Assert.That(x.GradVar!.Creator, Is.Null);
        }

        [Test]
        public void ThirdOrderDerivative()
        {
            // d³/dx³ x⁴ = 24x
            var x = new Variable(new NdArray(new double[] { 1, 2 }));
            Variable?[] g1 = chainer.Grad(new[] { F.Sum(x.Pow(4)) }, new[] { x }, enableDoubleBackprop: true);
            Variable?[] g2 = chainer.Grad(new[] { F.Sum(g1[0]!) }, new[] { x }, enableDoubleBackprop: true);
            Variable?[] g3 = chainer.Grad(new[] { F.Sum(g2[0]!) }, new[] { x });
            Assert.That(g1[0]!.Array.ToArray<double>(), Is.EqualTo(new double[] { 4, 32 }));
            Assert.That(g2[0]!.Array.ToArray<double>(), Is.EqualTo(new double[] { 12, 48 }));
            Assert.That(g3[0]!.Array.ToArray<double>(), Is.EqualTo(new double[] { 24, 48 }));
        }

        [Test]
        public void CreatorAndRank()
        {
            Variable x = X12();
            Assert.That(x.Creator, Is.Null);
            Assert.That(x.Rank, Is.EqualTo(0));
            Variable y = x * 2;
            Variable z = y + x;
            Assert.That(y.Rank, Is.EqualTo(1));
            Assert.That(z.Rank, Is.EqualTo(2));
            FunctionNode creator = z.Creator!;
            Assert.That(creator.Rank, Is.EqualTo(1));
            Assert.That(creator.Label, Is.EqualTo("_ + _"));
            Assert.That(creator.Inputs, Has.Count.EqualTo(2));
            Assert.That(creator.Inputs[1].Array.SameAs(x.Array), Is.True);
            Assert.That(creator.Inputs[0].Creator!.Inputs[0].Array.SameAs(x.Array), Is.True);
        }

        [Test]
        public void FunctionLabels_AsChainer()
        {
            var a = new Variable(NdArray.Ones(new long[] { 2, 3 }));
            var w = new Variable(NdArray.Ones(new long[] { 4, 3 }));
            Assert.That(F.Linear(a, w).Creator!.Label, Is.EqualTo("LinearFunction"));
            Assert.That(F.MatMul(a, w, transb: true).Creator!.Label, Is.EqualTo("MatMul"));
            Assert.That(F.Sum(a).Creator!.Label, Is.EqualTo("Sum"));
            Assert.That(F.Exp(a).Creator!.Label, Is.EqualTo("exp"));
            Assert.That(F.Log(a).Creator!.Label, Is.EqualTo("log"));
            Assert.That(F.BroadcastTo(a, 2, 2, 3).Creator!.Label, Is.EqualTo("BroadcastTo"));
            Assert.That(F.SumTo(a, 3).Creator!.Label, Is.EqualTo("SumTo"));
            Assert.That(F.Reshape(a, 6).Creator!.Label, Is.EqualTo("Reshape"));
            Assert.That(a.T.Creator!.Label, Is.EqualTo("Transpose"));
            Assert.That((a * a).Creator!.Label, Is.EqualTo("_ * _"));
            Assert.That((a - a).Creator!.Label, Is.EqualTo("_ - _"));
            Assert.That((a / a).Creator!.Label, Is.EqualTo("_ / _"));
            Assert.That(a.Pow(a).Creator!.Label, Is.EqualTo("_ ** _"));
        }
    }
}
