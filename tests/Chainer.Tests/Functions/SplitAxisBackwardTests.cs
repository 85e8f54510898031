using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.FunctionTests
{
    /// <summary>
    /// F.split_axis is one node with many outputs, as in Chainer: pieces that receive no gradient count as zeros,
    /// and the gradient of the input is formed once.
    /// </summary>
    [TestFixture]
    public class SplitAxisBackwardTests
    {
        private static Variable X43() => new Variable(NdArray.Arange(0, 12).AsType(DType.Float64).Reshape(4, 3));

        [Test]
        public void OnePieceOfSeveral_OthersGetZeros()
        {
            Variable x = X43();
            Variable[] parts = F.SplitAxis(x, new[] { 1, 3 }, 0);
            Assert.That(parts, Has.Length.EqualTo(3));
            Assert.That(parts[0].Creator!.Label, Is.EqualTo("SplitAxis"));
            Assert.That(parts[1].Creator!.Rank, Is.EqualTo(parts[2].Creator!.Rank));
            F.Sum(parts[1] * 2).Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 0, 0, 0, 2, 2, 2, 2, 2, 2, 0, 0, 0 }));
        }

        [Test]
        public void ManyPieces_EachContributesOnce()
        {
            Variable x = X43();
            Variable[] cols = F.Separate(x, 1);
            (F.Sum(cols[0]) + F.Sum(cols[2] * cols[2])).Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 1, 0, 4, 1, 0, 10, 1, 0, 16, 1, 0, 22 }));
        }

        [Test]
        public void SecondOrder_ThroughAPiece()
        {
            Variable x = X43();
            Variable[] parts = F.SplitAxis(x, 2, 0);
            Variable y = F.Sum(parts[1] * parts[1] * parts[1]);
            Variable gx = chainer.Grad(new[] { y }, new[] { x }, enableDoubleBackprop: true)[0]!;
            Assert.That(gx.Array.ToArray<double>(), Is.EqualTo(new double[] { 0, 0, 0, 0, 0, 0, 108, 147, 192, 243, 300, 363 }));
            F.Sum(gx).Backward();
            // d/dx of 3x^2 is 6x on the second piece, nothing on the first.
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 0, 0, 0, 0, 0, 0, 36, 42, 48, 54, 60, 66 }));
        }

        [Test]
        public void PiecesAlongALaterAxis()
        {
            Variable x = X43();
            Variable[] parts = F.SplitAxis(x, new[] { 2 }, 1);
            Assert.That(parts[0].Shape, Is.EqualTo(new long[] { 4, 2 }));
            Assert.That(parts[1].Array.ToArray<double>(), Is.EqualTo(new double[] { 2, 5, 8, 11 }));
        }
    }
}
