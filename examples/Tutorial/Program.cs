// The examples of Chainer's tutorial pages "Variables and Derivatives" and "Links", in C#.
// Each statement is printed (as `>>> ` lines, with the Python original as a comment), then its value,
// so the output reads like the pages.
using System;
using Chainer;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Tutorial
{
    /// <summary>Runs the tutorial examples in order.</summary>
    internal static class Program
    {
        private static int Main()
        {
            VariablesAndDerivatives();
            HigherOrderDerivatives();
            Links();
            return 0;
        }

        private static void Header(string title)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine(new string('=', title.Length));
        }

        private static void Say(string csharp, string python)
        {
            Console.WriteLine($">>> {csharp,-62} # {python}");
        }

        private static void Show(string csharp, string python, object? value)
        {
            Say(csharp, python);
            Console.WriteLine(value?.ToString() ?? "None");
        }

        private static void Assert(string csharp, string python, bool condition)
        {
            Say(csharp, python);
            if (!condition)
            {
                throw new InvalidOperationException("assertion failed: " + csharp);
            }
        }

        private static void VariablesAndDerivatives()
        {
            Header("Variables and Derivatives");

            Say("var xData = new NdArray(new float[] { 5 });", "x_data = np.array([5], dtype=np.float32)");
            var xData = new NdArray(new float[] { 5 });
            Say("var x = new Variable(xData);", "x = Variable(x_data)");
            var x = new Variable(xData);
            Say("var y = x.Pow(2) - 2 * x + 1;", "y = x**2 - 2 * x + 1");
            var y = x.Pow(2) - 2 * x + 1;
            Show("y.Array", "y.array", y.Array);
            Say("y.Backward();", "y.backward()");
            y.Backward();
            Show("x.Grad", "x.grad", x.Grad);

            Say("var z = 2 * x;", "z = 2*x");
            var z = 2 * x;
            Say("y = x.Pow(2) - z + 1;", "y = x**2 - z + 1");
            y = x.Pow(2) - z + 1;
            Say("y.Backward(retainGrad: true);", "y.backward(retain_grad=True)");
            y.Backward(retainGrad: true);
            Show("z.Grad", "z.grad", z.Grad);

            Say("x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));",
                "x = Variable(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32))");
            x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
            Say("y = x.Pow(2) - 2 * x + 1;", "y = x**2 - 2*x + 1");
            y = x.Pow(2) - 2 * x + 1;
            Say("y.Grad = NdArray.Ones(new long[] { 2, 3 });", "y.grad = np.ones((2, 3), dtype=np.float32)");
            y.Grad = NdArray.Ones(new long[] { 2, 3 });
            Say("y.Backward();", "y.backward()");
            y.Backward();
            Show("x.Grad", "x.grad", x.Grad);
        }

        private static void HigherOrderDerivatives()
        {
            Header("Higher-Order Derivatives");

            Say("var x = new Variable(new NdArray(new float[,] { { 0, 2, 3 }, { 4, 5, 6 } }));",
                "x = chainer.Variable(np.array([[0, 2, 3], [4, 5, 6]], dtype=np.float32))");
            var x = new Variable(new NdArray(new float[,] { { 0, 2, 3 }, { 4, 5, 6 } }));
            Say("var y = x.Pow(3);", "y = x ** 3");
            var y = x.Pow(3);
            Say("y.Grad = NdArray.Ones(new long[] { 2, 3 });", "y.grad = np.ones((2, 3), dtype=np.float32)");
            y.Grad = NdArray.Ones(new long[] { 2, 3 });
            Say("y.Backward(enableDoubleBackprop: true);", "y.backward(enable_double_backprop=True)");
            y.Backward(enableDoubleBackprop: true);
            Show("x.GradVar", "x.grad_var", x.GradVar);
            Assert("Debug.Assert(x.GradVar!.Array.SameAs(x.Grad!));", "assert x.grad_var.array is x.grad",
                x.GradVar!.Array.SameAs(x.Grad!));
            Assert("Debug.Assert(AllEqual(x.Grad!, (3 * x.Pow(2)).Array));", "assert (x.grad == (3 * x**2).array).all()",
                AllEqual(x.Grad!, (3 * x.Pow(2)).Array));

            Say("var gx = x.GradVar!;", "gx = x.grad_var");
            var gx = x.GradVar!;
            Say("x.ClearGrad();", "x.cleargrad()");
            x.ClearGrad();
            Say("gx.Grad = NdArray.Ones(new long[] { 2, 3 });", "gx.grad = np.ones((2, 3), dtype=np.float32)");
            gx.Grad = NdArray.Ones(new long[] { 2, 3 });
            Say("gx.Backward();", "gx.backward()");
            gx.Backward();
            Show("x.Grad", "x.grad", x.Grad);
            Assert("Debug.Assert(AllEqual(x.Grad!, (6 * x).Array));", "assert (x.grad == (6 * x).array).all()",
                AllEqual(x.Grad!, (6 * x).Array));
        }

        private static void Links()
        {
            Header("Links");

            Say("RandomState.Default.Seed(0);", "np.random.seed(0)");
            RandomState.Default.Seed(0);
            Say("var f = new L.Linear(3, 2);", "f = L.Linear(3, 2)");
            var f = new L.Linear(3, 2);
            Show("f.W.Array", "f.W.array", f.W.Array);
            Show("f.b!.Array", "f.b.array", f.b!.Array);

            Say("var x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));",
                "x = Variable(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32))");
            var x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
            Say("var y = f.Forward(x);", "y = f(x)");
            var y = f.Forward(x);
            Show("y.Array", "y.array", y.Array);

            // The page rebinds `f` to a lazy link here, but the gradients it prints belong to the first link:
            // the lazy one is kept under another name so the printed values stay those of the page.
            Say("var g = new L.Linear(2);", "f = L.Linear(2)  (kept as g)");
            var g = new L.Linear(2);
            Say("!g.W.IsInitialized", "f.W.array is None");
            Console.WriteLine(!g.W.IsInitialized);
            Say("g.Forward(x).Shape; g.W.Shape", "f(x).shape; f.W.shape  (M inferred from the batch)");
            Console.WriteLine($"({g.Forward(x).Shape[0]}, {g.OutSize}) ({g.W.Shape[0]}, {g.W.Shape[1]})");

            Say("f.ClearGrads();", "f.cleargrads()");
            f.ClearGrads();
            Say("y.Grad = NdArray.Ones(new long[] { 2, 2 });", "y.grad = np.ones((2, 2), dtype=np.float32)");
            y.Grad = NdArray.Ones(new long[] { 2, 2 });
            Say("y.Backward();", "y.backward()");
            y.Backward();
            Show("f.W.Grad", "f.W.grad", f.W.Grad);
            Show("f.b.Grad", "f.b.grad", f.b.Grad);
        }

        private static bool AllEqual(NdArray a, NdArray b)
        {
            float[] x = a.ToArray<float>();
            float[] y = b.ToArray<float>();
            if (x.Length != y.Length)
            {
                return false;
            }

            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] != y[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
