using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary>Bad input gives a typed exception with a useful message, and the process survives.</summary>
    [TestFixture]
    public class ErrorTests
    {
        private static Variable V(params long[] shape) => new Variable(NdArray.Ones(shape));

        [Test]
        public void LinearShapeMismatch_HasChainerMessage()
        {
            InvalidTypeException? e = Assert.Throws<ShapeMismatchException>(() => F.Linear(V(2, 4), V(2, 3)));
            Assert.That(e!.Message, Is.EqualTo(
                "\nInvalid operation is performed in: LinearFunction (Forward)\n\nExpect: x.shape[1] == W.shape[1]\nActual: 4 != 3"));
            Assert.That(e.Status, Is.EqualTo(ChainerStatus.ShapeMismatch));
            Assert.That(e, Is.InstanceOf<InvalidTypeException>());
            Assert.That(e, Is.InstanceOf<ChainerException>());
        }

        [Test]
        public void BroadcastFailure_HasChainerMessage()
        {
            ShapeMismatchException? e = Assert.Throws<ShapeMismatchException>(() => _ = V(2, 3) + V(3, 2));
            Assert.That(e!.Message, Is.EqualTo("cannot broadcast inputs of the following shapes:\nlhs.shape = (2, 3)\nrhs.shape = (3, 2)"));
        }

        [Test]
        public void DtypeMismatch_HasChainerMessage()
        {
            var a = new Variable(NdArray.Ones(new long[] { 2, 3 }));
            var b = new Variable(NdArray.Ones(new long[] { 2, 3 }, DType.Float64));
            DTypeMismatchException? e = Assert.Throws<DTypeMismatchException>(() => _ = a + b);
            Assert.That(e!.Message, Does.EndWith("Expect: lhs.dtype == rhs.dtype\nActual: float32 != float64"));
            Assert.That(e, Is.InstanceOf<InvalidTypeException>());
            Assert.That(e.Status, Is.EqualTo(ChainerStatus.DTypeMismatch));
            Assert.Throws<DTypeMismatchException>(() => _ = a * b);
            Assert.Throws<DTypeMismatchException>(() => F.Linear(a, new Variable(NdArray.Ones(new long[] { 2, 3 }, DType.Float32)),
                new Variable(NdArray.Ones(new long[] { 2 }, DType.Float64))), "b must have x's dtype (W may differ, as in Chainer)");
        }

        [Test]
        public void FloatFunctionOnIntegers_IsADtypeError()
        {
            var i = new Variable(new NdArray(new int[] { 1, 2, 3 }));
            InvalidTypeException? e = Assert.Throws<DTypeMismatchException>(() => F.Exp(i));
            Assert.That(e!.Message, Does.Contain("Expect: in_types[0].dtype.kind == f\nActual: i != f"));
        }

        [Test]
        public void OtherShapeErrors()
        {
            InvalidTypeException? reshape = Assert.Throws<ShapeMismatchException>(() => F.Reshape(V(2, 3), 4, 2));
            Assert.That(reshape!.Message, Does.Contain("Expect: prod(x.shape) == prod((4, 2))\nActual: 6 != 8"));
            InvalidTypeException? matmul = Assert.Throws<ShapeMismatchException>(() => F.MatMul(V(2, 3), V(2, 3)));
            Assert.That(matmul!.Message, Does.Contain("Expect: a.shape[-1] == b.shape[-2]\nActual: 3 != 2"));
            Assert.Throws(Is.InstanceOf<InvalidTypeException>(), () => F.Sum(V(2, 3), 5));
            Assert.Throws(Is.InstanceOf<InvalidTypeException>(), () => F.BroadcastTo(V(2, 3), 3, 3));
            Assert.Throws(Is.InstanceOf<InvalidTypeException>(), () => F.SumTo(V(2, 3), 4));
            Assert.Throws(Is.InstanceOf<ChainerException>(), () => F.Transpose(V(2, 3), new[] { 0, 0 }));
            Assert.Throws(Is.InstanceOf<ChainerException>(), () => F.Transpose(V(2, 3), new[] { 0 }));
            Assert.Throws(Is.InstanceOf<ChainerException>(), () => F.Linear(V(2, 3), V(2, 3), null, 3));
        }

        [Test]
        public void BackwardWithoutGradOnNonScalar_IsGradientException()
        {
            Variable y = V(2, 3) * 2;
            GradientException? e = Assert.Throws<GradientException>(() => y.Backward());
            Assert.That(e!.Message, Does.Contain("(2, 3)"));
        }

        [Test]
        public void GradWithWrongShape_IsRejected()
        {
            Variable y = V(2, 3) * 2;
            Assert.Throws(Is.InstanceOf<ChainerException>(), () =>
            {
                y.Grad = NdArray.Ones(new long[] { 3, 2 });
                y.Backward();
            });
        }

        [Test]
        public void NullArguments_AreArgumentNullException()
        {
            Variable x = V(2);
            Assert.Throws<ArgumentNullException>(() => F.Add(null!, x));
            Assert.Throws<ArgumentNullException>(() => F.Add(x, (Variable)null!));
            Assert.Throws<ArgumentNullException>(() => F.Exp(null!));
            Assert.Throws<ArgumentNullException>(() => F.Linear(x, null!));
            Assert.Throws<ArgumentNullException>(() => F.Reshape(x, null!));
            Assert.Throws<ArgumentNullException>(() => F.Sum(x, (int[])null!));
            Assert.Throws<ArgumentNullException>(() => _ = x + (Variable)null!);
            Assert.Throws<ArgumentNullException>(() => _ = x + (NdArray)null!);
            Assert.Throws<ArgumentNullException>(() => _ = (Variable)null! * 2);
            Assert.Throws<ArgumentNullException>(() => new Variable((NdArray)null!));
            Assert.Throws<ArgumentNullException>(() => { Variable v = (NdArray)null!; });
            Assert.Throws<ArgumentNullException>(() => new NdArray((float[])null!));
            Assert.Throws<ArgumentNullException>(() => new NdArray((float[,])null!));
            Assert.Throws<ArgumentNullException>(() => x.SameAs(null!));
        }

        [Test]
        public void DataAndShapeMismatch_IsArgumentException()
        {
            ArgumentException? e = Assert.Throws<ArgumentException>(() => new NdArray(new float[6], 4));
            Assert.That(e!.Message, Does.Contain("cannot reshape array of size 6 into shape (4,)"));
            Assert.Throws<ArgumentException>(() => new NdArray(new double[6], 2, 2));
            Assert.Throws<ArgumentException>(() => new NdArray(new int[2], -1, -2));
        }

        [Test]
        public void UseAfterDispose_NdArray()
        {
            var a = new NdArray(new float[] { 1, 2 });
            a.Dispose();
            a.Dispose();
            Assert.That(a.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => _ = a.Shape);
            Assert.Throws<ObjectDisposedException>(() => _ = a.Dtype);
            Assert.Throws<ObjectDisposedException>(() => a.ToArray<float>());
            Assert.Throws<ObjectDisposedException>(() => a.Fill(1));
            Assert.Throws<ObjectDisposedException>(() => _ = a + 1);
            Assert.Throws<ObjectDisposedException>(() => _ = a.Copy());
            Assert.Throws<ObjectDisposedException>(() => new Variable(a));
            Assert.Throws<ObjectDisposedException>(() => NdArray.Ones(new long[] { 2 }).CopyFrom(a));
            Assert.That(a.ToString(), Is.EqualTo("array(<disposed>)"));
        }

        [Test]
        public void UseAfterDispose_Variable()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }));
            x.Dispose();
            x.Dispose();
            Assert.That(x.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => _ = x.Array);
            Assert.Throws<ObjectDisposedException>(() => _ = x.Grad);
            Assert.Throws<ObjectDisposedException>(() => _ = x.Name);
            Assert.Throws<ObjectDisposedException>(() => x.Backward());
            Assert.Throws<ObjectDisposedException>(() => _ = x * 2);
            Assert.Throws<ObjectDisposedException>(() => F.Exp(x));
            Assert.Throws<ObjectDisposedException>(() => chainer.Grad(new[] { x }, new[] { x }));
            Assert.Throws<ObjectDisposedException>(() => x.ClearGrad());
            Assert.That(x.ToString(), Is.EqualTo("variable(<disposed>)"));

            var y = new Variable(new NdArray(new float[] { 1 }));
            FunctionNode creator = (y * 2).Creator!;
            creator.Dispose();
            Assert.Throws<ObjectDisposedException>(() => _ = creator.Label);
        }

        [Test]
        public void DisposingInputs_KeepsTheGraphUsable()
        {
            var a = new NdArray(new float[] { 1, 2 });
            var x = new Variable(a);
            Variable y = F.Sum(x * x);
            a.Dispose();
            FunctionNode creator = y.Creator!;
            Variable input = creator.Inputs[0].Creator!.Inputs[0];
            x.Dispose();
            y.Backward();
            Assert.That(input.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 2, 4 }));
        }

        [Test]
        public void ProcessSurvivesManyErrors()
        {
            for (int i = 0; i < 200; i++)
            {
                Assert.Throws<ShapeMismatchException>(() => _ = V(2, 3) + V(3, 2));
                Assert.Throws<GradientException>(() => (V(2, 2) * 2).Backward());
            }

            Variable ok = F.Sum(V(2) * 3);
            ok.Backward();
            Assert.That(ok.Array.Item<float>(), Is.EqualTo(6f));
        }

        [Test]
        public void ErrorsOnOtherThreads_AreIndependent()
        {
            Exception? other = null;
            var t = new System.Threading.Thread(() =>
            {
                try
                {
                    _ = V(2, 3) + V(3, 2);
                }
                catch (Exception e)
                {
                    other = e;
                }
            });
            t.Start();
            t.Join();
            Assert.That(other, Is.InstanceOf<ShapeMismatchException>());
            InvalidTypeException? mine = Assert.Throws<ShapeMismatchException>(() => F.Linear(V(2, 4), V(2, 3)));
            Assert.That(mine!.Message, Does.Contain("LinearFunction"));
        }
    }
}
