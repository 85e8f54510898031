using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary>Variable properties, sharing, names, operators and dtype rules.</summary>
    [TestFixture]
    public class VariableTests
    {
        [Test]
        public void Variable_SharesItsArray()
        {
            var a = new NdArray(new float[] { 1, 2 });
            var v = new Variable(a);
            Assert.That(v.Array.SameAs(a), Is.True);
            a.Fill(5);
            Assert.That(v.Array.ToArray<float>(), Is.EqualTo(new float[] { 5, 5 }));
        }

        [Test]
        public void Properties()
        {
            var v = new Variable(NdArray.Zeros(new long[] { 2, 3 }, DType.Float64));
            Assert.That(v.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(v.Ndim, Is.EqualTo(2));
            Assert.That(v.Size, Is.EqualTo(6));
            Assert.That(v.Dtype, Is.EqualTo(DType.Float64));
            Assert.That(v.RequiresGrad, Is.True);
            Assert.That(v.Grad, Is.Null);
            Assert.That(v.GradVar, Is.Null);
            Assert.That(v.Creator, Is.Null);
            Assert.That(v.Name, Is.Null);
            Assert.That(v.IsInitialized, Is.True);
        }

        [Test]
        public void IntegerVariable_IsAllowedAndRequiresGrad()
        {
            var v = new Variable(new NdArray(new int[] { 1, 2 }));
            Assert.That(v.RequiresGrad, Is.True);
            Assert.That(v.Dtype, Is.EqualTo(DType.Int32));
        }

        [Test]
        public void Name_AndRepr()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }), name: "x");
            Assert.That(x.Name, Is.EqualTo("x"));
            Assert.That(x.ToString(), Is.EqualTo("variable x([1., 2.])"));
            x.Name = null;
            Assert.That(x.ToString(), Is.EqualTo("variable([1., 2.])"));
            x.Name = "renamed";
            Assert.That(x.Name, Is.EqualTo("renamed"));
            Assert.That((x * 2).Name, Is.Null);
        }

        [Test]
        public void Repr_OfSpecialShapes()
        {
            Assert.That(new Variable(NdArray.Scalar(5)).ToString(), Is.EqualTo("variable(5.)"));
            Assert.That(new Variable(NdArray.Zeros(new long[] { 0 })).ToString(), Is.EqualTo("variable([])"));
            Assert.That(new Variable(NdArray.Zeros(new long[] { 2, 0 })).ToString(), Is.EqualTo("variable([], shape=(2, 0))"));
        }

        [Test]
        public void ArraySetter_ReplacesData()
        {
            var v = new Variable(new NdArray(new float[] { 1, 2 }));
            v.Array = NdArray.Ones(new long[] { 3, 1 });
            Assert.That(v.Shape, Is.EqualTo(new long[] { 3, 1 }));
            v.Data = NdArray.Zeros(new long[] { 4 });
            Assert.That(v.Array.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0, 0 }));
            Assert.Throws<ArgumentNullException>(() => v.Array = null!);
        }

        [Test]
        public void Operators_WithScalarsOnEitherSide()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }));
            Assert.That((x + 1).Array.ToArray<float>(), Is.EqualTo(new float[] { 2, 3 }));
            Assert.That((1 + x).Array.ToArray<float>(), Is.EqualTo(new float[] { 2, 3 }));
            Assert.That((x - 1).Array.ToArray<float>(), Is.EqualTo(new float[] { 0, 1 }));
            Assert.That((1 - x).Array.ToArray<float>(), Is.EqualTo(new float[] { 0, -1 }));
            Assert.That((x * 3).Array.ToArray<float>(), Is.EqualTo(new float[] { 3, 6 }));
            Assert.That((3 * x).Array.ToArray<float>(), Is.EqualTo(new float[] { 3, 6 }));
            Assert.That((x / 2).Array.ToArray<float>(), Is.EqualTo(new float[] { 0.5f, 1 }));
            Assert.That((2 / x).Array.ToArray<float>(), Is.EqualTo(new float[] { 2, 1 }));
            Assert.That((-x).Array.ToArray<float>(), Is.EqualTo(new float[] { -1, -2 }));
            Assert.That(x.Pow(x).Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 4 }));
            Assert.That(Variable.Pow(3, x).Array.ToArray<float>(), Is.EqualTo(new float[] { 3, 9 }));
            Assert.That((x * x / x + x - x).Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 2 }));
        }

        [Test]
        public void Operators_WithConstantArrays_CastToTheVariablesDtype()
        {
            // f32_var + np.ones(2, float64) stays float32 in Chainer.
            var x = new Variable(new NdArray(new float[] { 1, 2 }));
            Variable y = x + NdArray.Ones(new long[] { 2 }, DType.Float64);
            Assert.That(y.ToString(), Is.EqualTo("variable([2., 3.])"));
            Assert.That(y.Dtype, Is.EqualTo(DType.Float32));
            Assert.That((NdArray.Ones(new long[] { 2 }, DType.Float64) - x).ToString(), Is.EqualTo("variable([ 0., -1.])"));
            Assert.That((x * new NdArray(new int[] { 2, 3 })).Array.ToArray<float>(), Is.EqualTo(new float[] { 2, 6 }));
            Assert.That((new NdArray(new float[] { 4, 4 }) / x).Array.ToArray<float>(), Is.EqualTo(new float[] { 4, 2 }));
            Assert.That(x.Pow(new NdArray(new float[] { 2, 3 })).Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 8 }));

            Variable z = F.Sum(x * new NdArray(new float[] { 3, 4 }));
            z.Backward();
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 3, 4 }));
        }

        [Test]
        public void Float64Inputs_GiveFloat64Outputs()
        {
            var x = new Variable(new NdArray(new double[] { 1, 2 }));
            Assert.That((x * 2 + 1).Dtype, Is.EqualTo(DType.Float64));
            Assert.That(F.Exp(x).Dtype, Is.EqualTo(DType.Float64));
            Assert.That(F.Sum(x).Ndim, Is.EqualTo(0));
        }

        [Test]
        public void ShapeHelpers()
        {
            var x = new Variable(NdArray.Arange(0, 6).Reshape(2, 3));
            Assert.That(x.Reshape(3, 2).Shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(x.T.Shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(x.T.Array.ToArray<float>(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
            Assert.That(x.Transpose(1, 0).Shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(F.BroadcastTo(x, 4, 2, 3).Shape, Is.EqualTo(new long[] { 4, 2, 3 }));
            Assert.That(F.SumTo(x, 1, 3).Array.ToArray<float>(), Is.EqualTo(new float[] { 3, 5, 7 }));
            Assert.That(F.Sum(x, axis: 1).Array.ToArray<float>(), Is.EqualTo(new float[] { 3, 12 }));
            Assert.That(F.Sum(x, axis: -2, keepdims: true).Shape, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(F.Sum(x, new[] { 0, 1 }).Array.Item<float>(), Is.EqualTo(15f));
            Assert.That(F.MatMul(x, x, transb: true).Array.ToArray<float>(), Is.EqualTo(new float[] { 5, 14, 14, 50 }));
            Assert.That(F.MatMul(x, x, transa: true).Shape, Is.EqualTo(new long[] { 3, 3 }));
        }

        [Test]
        public void Linear_MatchesDefinition()
        {
            var x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
            var w = new Variable(new NdArray(new float[,] { { 1, 0, 0 }, { 0, 1, 1 } }));
            var b = new Variable(new NdArray(new float[] { 10, 20 }));
            Assert.That(F.Linear(x, w, b).Array.ToArray<float>(), Is.EqualTo(new float[] { 11, 25, 14, 31 }));
            Assert.That(F.Linear(x, w).Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 5, 4, 11 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => F.Linear(x, w, b, nBatchAxes: 0));
        }

        [Test]
        public void AddMany()
        {
            var x = new Variable(new NdArray(new float[] { 1 }));
            Assert.That(F.Add(x, x, x, x).Array.Item<float>(), Is.EqualTo(4f));
        }

        [Test]
        public void SameAs_IdentifiesTheNativeVariable()
        {
            var x = new Variable(new NdArray(new float[] { 1 }));
            Variable y = x * 2;
            Assert.That(y.Creator!.Inputs[0].SameAs(x), Is.True);
            Assert.That(y.SameAs(x), Is.False);
        }
    }
}
