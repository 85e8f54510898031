using NUnit.Framework;

namespace Chainer.Tests
{
    /// <summary>Every example of the seed page "Variables and Derivatives", value for value.</summary>
    [TestFixture]
    public class SeedVariablesAndDerivativesTests
    {
        [Test]
        public void ScalarForward_PrintsY()
        {
            // x_data = np.array([5], dtype=np.float32); x = Variable(x_data); y = x**2 - 2 * x + 1; y.array
            var xData = new NdArray(new float[] { 5 });
            var x = new Variable(xData);
            Variable y = x.Pow(2) - 2 * x + 1;
            Assert.That(y.Array.ToString(), Is.EqualTo("array([16.], dtype=float32)"));
        }

        [Test]
        public void ArrayAndData_AreTheSameArray()
        {
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable y = x.Pow(2) - 2 * x + 1;
            Assert.That(y.Data.SameAs(y.Array), Is.True);
            Assert.That(y.Data.ToString(), Is.EqualTo("array([16.], dtype=float32)"));
        }

        [Test]
        public void ScalarBackward_PrintsXGrad()
        {
            // y.backward(); x.grad
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable y = x.Pow(2) - 2 * x + 1;
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([8.], dtype=float32)"));
        }

        [Test]
        public void RetainGrad_KeepsIntermediateGradient()
        {
            // z = 2*x; y = x**2 - z + 1; y.backward(retain_grad=True); z.grad
            var x = new Variable(new NdArray(new float[] { 5 }));
            Variable y0 = x.Pow(2) - 2 * x + 1;
            y0.Backward();
            Variable z = 2 * x;
            Variable y = x.Pow(2) - z + 1;
            y.Backward(retainGrad: true);
            Assert.That(z.Grad!.ToString(), Is.EqualTo("array([-1.], dtype=float32)"));
        }

        [Test]
        public void MultiElement_InitialErrorSetByGrad()
        {
            // x = Variable(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)); y = x**2 - 2*x + 1
            // y.grad = np.ones((2, 3), dtype=np.float32); y.backward(); x.grad
            var x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
            Variable y = x.Pow(2) - 2 * x + 1;
            y.Grad = NdArray.Ones(new long[] { 2, 3 }, DType.Float32);
            y.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([[ 0.,  2.,  4.],\n       [ 6.,  8., 10.]], dtype=float32)"));
        }

        [Test]
        public void HigherOrder_GradVarAfterDoubleBackprop()
        {
            // x = chainer.Variable(np.array([[0, 2, 3], [4, 5, 6]], dtype=np.float32)); y = x ** 3
            // y.grad = np.ones((2, 3), dtype=np.float32); y.backward(enable_double_backprop=True); x.grad_var
            var x = new Variable(new NdArray(new float[,] { { 0, 2, 3 }, { 4, 5, 6 } }));
            Variable y = x.Pow(3);
            y.Grad = NdArray.Ones(new long[] { 2, 3 });
            y.Backward(enableDoubleBackprop: true);
            Variable gradVar = x.GradVar!;
            Assert.That(gradVar.ToString(), Is.EqualTo("variable([[  0.,  12.,  27.],\n          [ 48.,  75., 108.]])"));

            // assert x.grad_var.array is x.grad
            Assert.That(gradVar.Array.SameAs(x.Grad!), Is.True);

            // assert (x.grad == (3 * x**2).array).all()
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo((3 * x.Pow(2)).Array.ToArray<float>()));
            Assert.That(gradVar.Creator, Is.Not.Null, "grad_var has a creator after enable_double_backprop");
        }

        [Test]
        public void HigherOrder_SecondDerivative()
        {
            var x = new Variable(new NdArray(new float[,] { { 0, 2, 3 }, { 4, 5, 6 } }));
            Variable y = x.Pow(3);
            y.Grad = NdArray.Ones(new long[] { 2, 3 });
            y.Backward(enableDoubleBackprop: true);

            // gx = x.grad_var; x.cleargrad(); gx.grad = np.ones((2, 3), dtype=np.float32); gx.backward(); x.grad
            Variable gx = x.GradVar!;
            x.ClearGrad();
            gx.Grad = NdArray.Ones(new long[] { 2, 3 });
            gx.Backward();
            Assert.That(x.Grad!.ToString(), Is.EqualTo("array([[ 0., 12., 18.],\n       [24., 30., 36.]], dtype=float32)"));

            // assert (x.grad == (6 * x).array).all()
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo((6 * x).Array.ToArray<float>()));
        }
    }
}
