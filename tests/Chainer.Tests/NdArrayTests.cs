using System;
using NUnit.Framework;

namespace Chainer.Tests
{
    /// <summary>NdArray creation, properties, copies and graph-free arithmetic.</summary>
    [TestFixture]
    public class NdArrayTests
    {
        private static NdArray A23() => new NdArray(new float[,] { { 0, 1, 2 }, { 3, 4, 5 } });

        [Test]
        public void FromFlatArrays_WithDefaultAndExplicitShape()
        {
            var a = new NdArray(new float[] { 1, 2, 3, 4, 5, 6 });
            Assert.That(a.Shape, Is.EqualTo(new long[] { 6 }));
            Assert.That(a.Dtype, Is.EqualTo(DType.Float32));
            var b = new NdArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            Assert.That(b.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(b.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));

            Assert.That(new NdArray(new double[] { 1, 2 }).ToString(), Is.EqualTo("array([1., 2.])"));
            Assert.That(new NdArray(new int[] { 1, 2, 3 }).ToString(), Is.EqualTo("array([1, 2, 3], dtype=int32)"));
            Assert.That(new NdArray(new long[] { 1, 2, 3 }).ToString(), Is.EqualTo("array([1, 2, 3])"));
            Assert.That(new NdArray(new bool[] { true, false }).ToString(), Is.EqualTo("array([ True, False])"));
            Assert.That(new NdArray(new bool[] { true, false }).Dtype, Is.EqualTo(DType.Bool));
            Assert.That(new NdArray(new long[] { 1, 2, 3, 4 }, 2, 2).Shape, Is.EqualTo(new long[] { 2, 2 }));
        }

        [Test]
        public void FromMultidimensionalArrays_KeepTheirShape()
        {
            NdArray f2 = A23();
            Assert.That(f2.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(f2.ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));

            var f3 = new NdArray(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
            Assert.That(f3.Shape, Is.EqualTo(new long[] { 2, 2, 2 }));
            Assert.That(f3.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }));

            var d2 = new NdArray(new double[,] { { 1.5, 2 }, { 3, 4 } });
            Assert.That(d2.ToString(), Is.EqualTo("array([[1.5, 2. ],\n       [3. , 4. ]])"));
            Assert.That(new NdArray(new double[,,] { { { 1 } }, { { 2 } } }).Shape, Is.EqualTo(new long[] { 2, 1, 1 }));
            Assert.That(new NdArray(new int[,] { { 1, 2, 3 } }).Dtype, Is.EqualTo(DType.Int32));
            Assert.That(new NdArray(new long[,] { { 1 }, { 2 } }).Shape, Is.EqualTo(new long[] { 2, 1 }));
        }

        [Test]
        public void FromArray_ShapeAndDtype()
        {
            NdArray a = NdArray.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
            Assert.That(a.Shape, Is.EqualTo(new long[] { 2, 2 }));
            NdArray b = NdArray.FromArray(new float[] { 1, 2, 3, 4 }, new long[] { 4, 1 }, DType.Float64);
            Assert.That(b.Shape, Is.EqualTo(new long[] { 4, 1 }));
            Assert.That(b.Dtype, Is.EqualTo(DType.Float64));
            NdArray scalar = NdArray.FromArray(new double[] { 3 }, Array.Empty<long>());
            Assert.That(scalar.Ndim, Is.EqualTo(0));
            Assert.That(scalar.ToString(), Is.EqualTo("array(3.)"));
            Assert.Throws<ArgumentException>(() => NdArray.FromArray(new byte[] { 1 }));
            Assert.Throws<ArgumentNullException>(() => NdArray.FromArray(null!));
            Assert.Throws<ArgumentException>(() => NdArray.FromArray(new float[] { 1, 2 }, Array.Empty<long>()));
        }

        [Test]
        public void Creation()
        {
            Assert.That(NdArray.Zeros(new long[] { 2 }).ToString(), Is.EqualTo("array([0., 0.], dtype=float32)"));
            Assert.That(NdArray.Ones(new long[] { 2 }, DType.Int64).ToString(), Is.EqualTo("array([1, 1])"));
            Assert.That(NdArray.Full(new long[] { 2, 1 }, 7, DType.Int32).ToArray<int>(), Is.EqualTo(new[] { 7, 7 }));
            Assert.That(NdArray.Empty(new long[] { 3, 4 }, DType.Float64).Shape, Is.EqualTo(new long[] { 3, 4 }));
            Assert.That(NdArray.Arange(0, 5).ToString(), Is.EqualTo("array([0., 1., 2., 3., 4.], dtype=float32)"));
            Assert.That(NdArray.Arange(0, 1, 0.25, DType.Float64).ToString(), Is.EqualTo("array([0.  , 0.25, 0.5 , 0.75])"));
            Assert.That(NdArray.Scalar(3).ToString(), Is.EqualTo("array(3., dtype=float32)"));
            Assert.That(NdArray.Zeros(new long[] { 0, 3 }).Size, Is.EqualTo(0));
            Assert.Throws<ArgumentException>(() => NdArray.Arange(0, 5, 0));
            Assert.Throws<ArgumentException>(() => NdArray.Zeros(new long[] { 2, -1 }));
            Assert.Throws<ArgumentNullException>(() => NdArray.Ones(null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => NdArray.Zeros(new long[] { 2 }, (DType)17));
        }

        [Test]
        public void Properties()
        {
            NdArray a = A23();
            Assert.That(a.Ndim, Is.EqualTo(2));
            Assert.That(a.Size, Is.EqualTo(6));
            Assert.That(a.NBytes, Is.EqualTo(24));
            Assert.That(a.Device, Is.EqualTo(Device.Cpu));
            Assert.That(a.Device.Name, Is.EqualTo("@numpy"));
            long[] shape = a.Shape;
            shape[0] = 99;
            Assert.That(a.Shape, Is.EqualTo(new long[] { 2, 3 }), "Shape returns a copy");
            Assert.That(NdArray.Zeros(new long[] { 3 }, DType.Float64).NBytes, Is.EqualTo(24));
        }

        [Test]
        public void ToArray_Flat_And_Shaped()
        {
            NdArray a = A23();
            Assert.Throws<ArgumentException>(() => a.ToArray<double>());
            var shaped = (float[,])a.ToArray();
            Assert.That(shaped[1, 2], Is.EqualTo(5f));
            Assert.That(shaped.GetLength(0), Is.EqualTo(2));
            var scalar = (float[])NdArray.Scalar(4).ToArray();
            Assert.That(scalar, Is.EqualTo(new float[] { 4 }));
            var threeD = (long[,,])NdArray.Arange(0, 8, 1, DType.Int64).Reshape(2, 2, 2).ToArray();
            Assert.That(threeD[1, 0, 1], Is.EqualTo(5L));
            var bools = (bool[])new NdArray(new bool[] { false, true }).ToArray();
            Assert.That(bools, Is.EqualTo(new[] { false, true }));
        }

        [Test]
        public void Item()
        {
            Assert.That(NdArray.Scalar(2.5).Item<float>(), Is.EqualTo(2.5f));
            Assert.That(NdArray.Scalar(2.5).Item<double>(), Is.EqualTo(2.5));
            Assert.That(new NdArray(new int[] { 7 }).Item<long>(), Is.EqualTo(7L));
            Assert.Throws<InvalidOperationException>(() => A23().Item<float>());
        }

        [Test]
        public void Copy_AsType_CopyFrom_Fill_SameAs()
        {
            NdArray a = A23();
            NdArray c = a.Copy();
            Assert.That(c.SameAs(a), Is.False);
            c.Fill(1);
            Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(c.ToArray<float>(), Is.All.EqualTo(1f));
            Assert.That(a.SameAs(a), Is.True);

            NdArray d = a.AsType(DType.Int32);
            Assert.That(d.ToString(), Is.EqualTo("array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32)"));

            c.CopyFrom(new NdArray(new float[] { 7, 8, 9 }));
            Assert.That(c.ToArray<float>(), Is.EqualTo(new float[] { 7, 8, 9, 7, 8, 9 }));
            c.CopyFrom(new double[] { 1, 2, 3, 4, 5, 6 });
            Assert.That(c.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
            Assert.Throws<ArgumentException>(() => c.CopyFrom(new double[] { 1, 2 }));
            Assert.Throws<ShapeMismatchException>(() => c.CopyFrom(new NdArray(new float[] { 1, 2 })));
            Assert.Throws<ArgumentNullException>(() => c.CopyFrom((NdArray)null!));
        }

        [Test]
        public void Reshape_IsAView()
        {
            NdArray a = NdArray.Arange(0, 6);
            NdArray r = a.Reshape(2, -1);
            Assert.That(r.Shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.Throws<ShapeMismatchException>(() => a.Reshape(4, 2));
        }

        [Test]
        public void Arithmetic_MatchesNumPy()
        {
            NdArray a = A23();
            Assert.That((a + new NdArray(new float[] { 10, 20, 30 })).ToString(),
                Is.EqualTo("array([[10., 21., 32.],\n       [13., 24., 35.]], dtype=float32)"));
            Assert.That((1 - a).ToString(), Is.EqualTo("array([[ 1.,  0., -1.],\n       [-2., -3., -4.]], dtype=float32)"));
            Assert.That((a / 2).ToString(), Is.EqualTo("array([[0. , 0.5, 1. ],\n       [1.5, 2. , 2.5]], dtype=float32)"));
            Assert.That((2 / (a + 1)).ToString(),
                Is.EqualTo("array([[2.        , 1.        , 0.6666667 ],\n       [0.5       , 0.4       , 0.33333334]], dtype=float32)"));
            Assert.That((-a).ToString(), Is.EqualTo("array([[-0., -1., -2.],\n       [-3., -4., -5.]], dtype=float32)"));
            Assert.That(a.Pow(2).ToString(), Is.EqualTo("array([[ 0.,  1.,  4.],\n       [ 9., 16., 25.]], dtype=float32)"));
            Assert.That(NdArray.Pow(2, a).ToString(), Is.EqualTo("array([[ 1.,  2.,  4.],\n       [ 8., 16., 32.]], dtype=float32)"));
            Assert.That((a * a - a).ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 2, 6, 12, 20 }));
            Assert.That((3 * a + 1).ToArray<float>(), Is.EqualTo(new float[] { 1, 4, 7, 10, 13, 16 }));
            Assert.That(a.Pow(new NdArray(new float[] { 1, 2, 0 })).ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 1, 3, 16, 1 }));
            Assert.That(Config.EnableBackprop, Is.True, "array arithmetic restores the backprop mode");
        }

        [Test]
        public void Arithmetic_PromotesLikeNumPy()
        {
            NdArray i = new NdArray(new int[] { 1, 2 });
            NdArray f = new NdArray(new float[] { 1.5f, 2 });
            Assert.That((i + f).ToString(), Is.EqualTo("array([2.5, 4. ])"));
            Assert.That((i / new NdArray(new int[] { 2, 4 })).ToString(), Is.EqualTo("array([0.5, 0.5])"));
            Assert.That((i + 1).Dtype, Is.EqualTo(DType.Int32));
            Assert.That((f + new NdArray(new double[] { 1, 1 })).Dtype, Is.EqualTo(DType.Float64));
        }

        [Test]
        public void Arithmetic_BroadcastFailure()
        {
            ShapeMismatchException? e = Assert.Throws<ShapeMismatchException>(() => _ = A23() + NdArray.Ones(new long[] { 3, 2 }));
            Assert.That(e!.Message, Is.EqualTo("cannot broadcast inputs of the following shapes:\nlhs.shape = (2, 3)\nrhs.shape = (3, 2)"));
            Assert.Throws<ArgumentNullException>(() => _ = A23() + (NdArray)null!);
        }

        [Test]
        public void ToStr_IsNumPyStr()
        {
            Assert.That(new NdArray(new float[] { 1, 2 }).ToStr(), Is.EqualTo("[1. 2.]"));
        }
    }
}
