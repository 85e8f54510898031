using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary><c>chainer.Grad</c> and its options (chainer-behaviour.md §2).</summary>
    [TestFixture]
    public class GradTests
    {
        private static Variable X23() => new Variable(NdArray.Arange(0, 6).AsType(DType.Float32).Reshape(2, 3));

        [Test]
        public void GradOutputsDefaultToOnes_ForAnyShape()
        {
            Variable x = X23();
            Variable?[] gx = chainer.Grad(new[] { x * 2 }, new[] { x });
            Assert.That(gx[0]!.ToString(), Is.EqualTo("variable([[2., 2., 2.],\n          [2., 2., 2.]])"));
            Assert.That(x.Grad, Is.Null, "chainer.grad does not set x.grad by default");
        }

        [Test]
        public void UnreachableInput_GivesNull()
        {
            Variable x = X23();
            var w = new Variable(NdArray.Ones(new long[] { 2 }));
            Variable?[] g = chainer.Grad(new[] { x * 2 }, new[] { w });
            Assert.That(g, Has.Length.EqualTo(1));
            Assert.That(g[0], Is.Null);
        }

        [Test]
        public void GradInputs_AreAdded()
        {
            Variable x = X23();
            var g = new Variable(NdArray.Full(new long[] { 2, 3 }, 10));
            Variable?[] gx = chainer.Grad(new[] { x * 2 }, new[] { x }, gradInputs: new Variable?[] { g });
            Assert.That(gx[0]!.ToString(), Is.EqualTo("variable([[12., 12., 12.],\n          [12., 12., 12.]])"));
        }

        [Test]
        public void SetGrad_StoresResultAsGradVar()
        {
            Variable x = X23();
            Variable?[] gx = chainer.Grad(new[] { x * 2 }, new[] { x }, setGrad: true);
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([[2., 2., 2.],\n       [2., 2., 2.]], dtype=float32)"));
            Assert.That(x.GradVar!.Array.SameAs(gx[0]!.Array), Is.True);
        }

        [Test]
        public void WithoutDoubleBackprop_ResultHasNoCreator_AndDifferentiatesToNull()
        {
            Variable x = X23();
            Variable gx = chainer.Grad(new[] { x * x }, new[] { x })[0]!;
            Assert.That(gx.Creator, Is.Null);
            Variable?[] again = chainer.Grad(new[] { gx }, new[] { x });
            Assert.That(again[0], Is.Null);
        }

        [Test]
        public void WithDoubleBackprop_ResultDifferentiates()
        {
            Variable x = X23();
            Variable gx = chainer.Grad(new[] { x * x }, new[] { x }, enableDoubleBackprop: true)[0]!;
            Assert.That(gx.Creator, Is.Not.Null);
            Variable ggx = chainer.Grad(new[] { gx }, new[] { x })[0]!;
            Assert.That(ggx.ToString(), Is.EqualTo("variable([[2., 2., 2.],\n          [2., 2., 2.]])"));
        }

        [Test]
        public void ExplicitGradOutputs()
        {
            Variable x = X23();
            var gy = new Variable(NdArray.Full(new long[] { 2, 3 }, 2));
            Variable gx = chainer.Grad(new[] { x * x }, new[] { x }, new Variable?[] { gy })[0]!;
            Assert.That(gx.ToString(), Is.EqualTo("variable([[ 0.,  4.,  8.],\n          [12., 16., 20.]])"));
        }

        [Test]
        public void SeveralOutputs_GradientsAreSummed()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }));
            Variable gx = chainer.Grad(new[] { x * 2, x * x }, new[] { x })[0]!;
            Assert.That(gx.ToString(), Is.EqualTo("variable([4., 6.])"));
        }

        [Test]
        public void SeveralInputs()
        {
            var a = new Variable(new NdArray(new double[] { 1, 2 }));
            var b = new Variable(new NdArray(new double[] { 3, 4 }));
            Variable?[] g = chainer.Grad(new[] { F.Sum(a * b) }, new[] { a, b });
            Assert.That(g[0]!.Array.ToArray<double>(), Is.EqualTo(new double[] { 3, 4 }));
            Assert.That(g[1]!.Array.ToArray<double>(), Is.EqualTo(new double[] { 1, 2 }));
        }

        [Test]
        public void RetainGrad_KeepsIntermediateGrad()
        {
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable h = x * 3;
            Variable y = h * h;
            chainer.Grad(new[] { y }, new[] { x }, retainGrad: true);
            Assert.That(h.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 30 }));
        }

        [Test]
        public void ArgumentValidation()
        {
            Variable x = X23();
            Assert.Throws<ArgumentNullException>(() => chainer.Grad(null!, new[] { x }));
            Assert.Throws<ArgumentNullException>(() => chainer.Grad(new[] { x }, null!));
            Assert.Throws<ArgumentNullException>(() => chainer.Grad(new Variable[] { null! }, new[] { x }));
            Assert.Throws<ArgumentException>(() => chainer.Grad(new[] { x * 2 }, new[] { x }, new Variable?[] { null, null }));
            Assert.Throws<ArgumentException>(() => chainer.Grad(new[] { x * 2 }, new[] { x }, gradInputs: new Variable?[0]));
        }
    }
}
