using System;
using NUnit.Framework;
using L = Chainer.Links;

namespace Chainer.Tests
{
    /// <summary>Every example of the seed page "Links", value for value (NumPy's global RNG seeded with 0).</summary>
    [TestFixture]
    [NonParallelizable]
    public class SeedLinksTests
    {
        private const string PageW = "array([[ 1.0184761 ,  0.23103087,  0.5650746 ],\n       [ 1.2937803 ,  1.0782351 , -0.56423163]], dtype=float32)";

        private static L.Linear MakePageLink()
        {
            RandomState.Default.Seed(0);
            return new L.Linear(3, 2);
        }

        private static Variable PageInput() => new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));

        [Test]
        public void Linear_InitialW()
        {
            // f = L.Linear(3, 2); f.W.array
            L.Linear f = MakePageLink();
            Assert.That(f.W.Array.ToString(), Is.EqualTo(PageW));
        }

        [Test]
        public void Linear_InitialB()
        {
            // f.b.array
            L.Linear f = MakePageLink();
            Assert.That(f.b!.Array.ToString(), Is.EqualTo("array([0., 0.], dtype=float32)"));
        }

        [Test]
        public void Linear_Forward()
        {
            // x = Variable(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)); y = f(x); y.array
            L.Linear f = MakePageLink();
            Variable y = f.Forward(PageInput());
            Assert.That(y.Array.ToString(), Is.EqualTo("array([[3.1757617, 1.7575557],\n       [8.619507 , 7.1809077]], dtype=float32)"));
        }

        [Test]
        public void Linear_LazyInputSize()
        {
            // f = L.Linear(2): the input size is inferred from the first mini-batch of shape (2, M).
            var f = new L.Linear(2);
            Assert.That(f.W.IsInitialized, Is.False);
            Assert.That(f.InSize, Is.Null);
            InvalidOperationException? e = Assert.Throws<InvalidOperationException>(() => _ = f.W.Array);
            Assert.That(e!.Message, Does.Contain("'W'"));
            Assert.That(f.W.ToString(), Is.EqualTo("variable W(None)"));

            var x = new Variable(NdArray.Ones(new long[] { 2, 5 }));
            Variable y = f.Forward(x);
            Assert.That(f.W.Shape, Is.EqualTo(new long[] { 2, 5 }));
            Assert.That(f.InSize, Is.EqualTo(5));
            Assert.That(y.Shape, Is.EqualTo(new long[] { 2, 2 }));
        }

        [Test]
        public void Linear_CleargradsThenBackward()
        {
            // f.cleargrads(); y.grad = np.ones((2, 2), dtype=np.float32); y.backward(); f.W.grad; f.b.grad
            L.Linear f = MakePageLink();
            Variable y = f.Forward(PageInput());
            f.ClearGrads();
            y.Grad = NdArray.Ones(new long[] { 2, 2 });
            y.Backward();
            Assert.That(f.W.Grad!.ToString(), Is.EqualTo("array([[5., 7., 9.],\n       [5., 7., 9.]], dtype=float32)"));
            Assert.That(f.b!.Grad!.ToString(), Is.EqualTo("array([2., 2.], dtype=float32)"));
        }
    }
}
