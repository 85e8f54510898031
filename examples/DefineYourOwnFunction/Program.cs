// Chainer's "Define your own function" page, in C#: FunctionNode subclasses with Forward on arrays and Backward
// on variables, applied with Apply, differentiated by the native graph (also twice), checked with the gradient
// checker, wrapped in a link and trained with an optimizer.
using System;
using Chainer;
using Chainer.Initializers;
using Chainer.Optimizers;
using F = Chainer.Functions;

namespace DefineYourOwnFunction
{
    /// <summary>
    /// w = x * y + z (the page's first example). Forward works on arrays; Backward on variables, so its gradient
    /// is itself differentiable.
    /// </summary>
    internal sealed class MulAdd : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);                                  // self.retain_inputs((0, 1))
            NdArray x = inputs[0], y = inputs[1], z = inputs[2];
            return new[] { x * y + z };                         // return w,
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable[] retained = GetRetainedInputs();           // x, y = self.get_retained_inputs()
            Variable x = retained[0], y = retained[1];
            Variable gw = gradOutputs[0]!;                       // gw, = grad_outputs
            return new Variable?[] { y * gw, x * gw, gw };       // return gx, gy, gz
        }
    }

    /// <summary>z = exp(x) + exp(y): the backward uses F.Exp on the retained inputs.</summary>
    internal sealed class ExpAdd : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);
            // Forward runs with backprop disabled, so F functions work on arrays too.
            using NdArray ex = F.Exp(inputs[0]).Array, ey = F.Exp(inputs[1]).Array;
            return new[] { ex + ey };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable[] xy = GetRetainedInputs();
            Variable gz = gradOutputs[0]!;
            return new Variable?[] { gz * F.Exp(xy[0]), gz * F.Exp(xy[1]) };
        }
    }

    /// <summary>y = exp(x), keeping its output for backward (retain_outputs), like Chainer's own Exp.</summary>
    internal sealed class Exp : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainOutputs(0);
            return new[] { F.Exp(inputs[0]).Array };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) =>
            new Variable?[] { GetRetainedOutputs()[0] * gradOutputs[0]! };
    }

    /// <summary>A link built on the user-defined MulAdd: y = W * x + b with scalar parameters broadcast to x.</summary>
    internal sealed class ScaleShift : Link
    {
        public ScaleShift()
        {
            W = AddParam("W", new Parameter(new Normal(1.0), new long[] { 1 }));
            b = AddParam("b", new Parameter(new Constant(0), new long[] { 1 }));
        }

        public Parameter W { get; }

        public Parameter b { get; }

        // The broadcasts are built-in functions: their backward sums the gradients back to shape (1,).
        public Variable Forward(Variable x) => Program.Muladd(F.BroadcastTo(W, x.Shape), x, F.BroadcastTo(b, x.Shape));
    }

    internal static class Program
    {
        // def muladd(x, y, z): return MulAdd().apply((x, y, z))[0]
        internal static Variable Muladd(Variable x, Variable y, Variable z) => new MulAdd().Apply(x, y, z)[0];

        internal static Variable Expadd(Variable x, Variable y) => new ExpAdd().Apply(x, y)[0];

        private static int Main()
        {
            RandomState.Default.Seed(0);
            DifferentiableFunctions();
            DoubleBackprop();
            Testing();
            Links();
            return 0;
        }

        private static NdArray Uniform(double low, double high, params long[] shape)
        {
            var values = new float[shape[0] * shape[1]];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)RandomState.Default.Uniform(low, high);
            }

            return new NdArray(values, shape);
        }

        private static void Header(string title)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine(new string('=', title.Length));
        }

        private static void DifferentiableFunctions()
        {
            Header("Differentiable functions");
            var x = new Variable(Uniform(-1, 1, 3, 2));
            var y = new Variable(Uniform(-1, 1, 3, 2));
            var z = new Variable(Uniform(-1, 1, 3, 2));
            Variable w = Muladd(x, y, z);
            w.Grad = NdArray.Ones(new long[] { 3, 2 });
            w.Backward();
            Console.WriteLine($"w = muladd(x, y, z) = {w}");
            Console.WriteLine($"w.creator.label = {w.Creator!.Label}");
            Console.WriteLine($"x.grad (= y) = {x.Grad}");
            Console.WriteLine($"z.grad (= 1) = {z.Grad}");

            Variable e = Expadd(x, y);
            e.Grad = NdArray.Ones(new long[] { 3, 2 });
            x.ClearGrad();
            e.Backward();
            Console.WriteLine($"expadd(x, y): x.grad (= exp(x)) = {x.Grad}");
        }

        private static void DoubleBackprop()
        {
            Header("Higher-order derivatives");
            var x = new Variable(new NdArray(new float[] { 0.5f, 1, 2 }));
            Variable y = new Exp().Apply(x.Pow(2))[0];          // y = exp(x²)
            y.Grad = NdArray.Ones(new long[] { 3 });
            y.Backward(enableDoubleBackprop: true);
            Variable gx = x.GradVar!;                           // 2x·exp(x²)
            Console.WriteLine($"dy/dx = {gx}");
            x.ClearGrad();
            gx.Grad = NdArray.Ones(new long[] { 3 });
            gx.Backward();                                      // (2 + 4x²)·exp(x²)
            Console.WriteLine($"d2y/dx2 = {x.Grad}");
            Variable?[] g = chainer.Grad(new[] { F.Sum(Muladd(x, x, x)) }, new[] { x });
            Console.WriteLine($"chainer.Grad(sum(x * x + x), x) = {g[0]}");
        }

        private static void Testing()
        {
            Header("Testing a function");
            var rng = new RandomState(1);
            NdArray Rand(params long[] shape)
            {
                var v = new double[shape[0] * shape[1]];
                for (int i = 0; i < v.Length; i++)
                {
                    v[i] = rng.Uniform(-1, 1);
                }

                return new NdArray(v, shape);
            }

            NdArray[] xs = { Rand(3, 2), Rand(3, 2), Rand(3, 2) };
            GradientCheck.CheckBackward(v => new MulAdd().Apply(v)[0], xs, Rand(3, 2));
            Console.WriteLine("GradientCheck.CheckBackward(MulAdd): ok");
            GradientCheck.CheckDoubleBackward(v => new MulAdd().Apply(v)[0], xs, Rand(3, 2), new NdArray?[] { Rand(3, 2), Rand(3, 2), Rand(3, 2) });
            Console.WriteLine("GradientCheck.CheckDoubleBackward(MulAdd): ok");
            GradientCheck.CheckBackward(v => new ExpAdd().Apply(v)[0], new[] { Rand(3, 2), Rand(3, 2) }, Rand(3, 2));
            Console.WriteLine("GradientCheck.CheckBackward(ExpAdd): ok");
        }

        private static void Links()
        {
            Header("A link built on the function, trained with Adam");
            // Fit t = 3x - 1 with W * x + b.
            using var link = new ScaleShift();
            var opt = new Adam(alpha: 0.1);
            opt.Setup(link);
            var x = new Variable(new NdArray(new float[] { -1, 0, 1, 2, 3 }));
            var t = new NdArray(new float[] { -4, -1, 2, 5, 8 });
            for (int i = 0; i < 300; i++)
            {
                using MemoryScope scope = chainer.NewScope();
                Variable loss = null!;
                opt.Update(() => loss = F.MeanSquaredError(link.Forward(x), t));
                if (opt.T % 100 == 0)
                {
                    Console.WriteLine($"step {opt.T,3}: loss = {loss.Array.Item<float>():G4}");
                }
            }

            Console.WriteLine($"W = {link.W}");
            Console.WriteLine($"b = {link.b}");
        }
    }
}
