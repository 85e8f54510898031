using System;
using F = Chainer.Functions;

namespace Chainer.Tests.UserFunctions
{
    /// <summary>w = x * y + z, from Chainer's "Define your own function" page.</summary>
    internal sealed class MulAdd : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);
            NdArray x = inputs[0], y = inputs[1], z = inputs[2];
            using NdArray xy = x * y;
            return new[] { xy + z };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable[] retained = GetRetainedInputs();
            Variable x = retained[0], y = retained[1];
            Variable gw = gradOutputs[0]!;
            return new Variable?[] { y * gw, x * gw, gw };
        }
    }

    /// <summary>z = exp(x) + exp(y), from the same page (its backward uses F.Exp on variables).</summary>
    internal sealed class ExpAdd : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);
            NdArray ex = F.Exp(inputs[0]).Array;
            NdArray ey = F.Exp(inputs[1]).Array;
            return new[] { ex + ey };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable[] xy = GetRetainedInputs();
            Variable gz = gradOutputs[0]!;
            return new Variable?[] { gz * F.Exp(xy[0]), gz * F.Exp(xy[1]) };
        }
    }

    /// <summary>y = exp(x), retaining its output (like Chainer's own Exp).</summary>
    internal sealed class ExpFunction : FunctionNode
    {
        public override string Label => "exp";

        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainOutputs(0);
            return new[] { F.Exp(inputs[0]).Array };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable y = GetRetainedOutputs()[0];
            return new Variable?[] { y * gradOutputs[0]! };
        }
    }

    /// <summary>y = x³ with a differentiable backward 3x²·gy.</summary>
    internal sealed class Cube : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0);
            return new[] { inputs[0].Pow(3) };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable x = GetRetainedInputs()[0];
            return new Variable?[] { 3 * x * x * gradOutputs[0]! };
        }
    }

    /// <summary>Two outputs: (x + y, x * y).</summary>
    internal sealed class SumAndProduct : FunctionNode
    {
        public int[]? LastTargets { get; private set; }

        public bool[]? LastGradOutputPresent { get; private set; }

        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);
            return new[] { inputs[0] + inputs[1], inputs[0] * inputs[1] };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            LastTargets = targetInputIndexes;
            LastGradOutputPresent = Array.ConvertAll(gradOutputs, g => g is not null);
            Variable[] xy = GetRetainedInputs();
            Variable? gs = gradOutputs[0], gp = gradOutputs[1];
            Variable? gx = Add(gs, gp is null ? null : gp * xy[1]);
            Variable? gy = Add(gs, gp is null ? null : gp * xy[0]);
            return new[] { gx, gy };   // one per input: the untargeted entry is dropped
        }

        private static Variable? Add(Variable? a, Variable? b) => a is null ? b : b is null ? a : a + b;
    }

    /// <summary>Throws the exception given to its constructor from Backward.</summary>
    internal sealed class Failing : FunctionNode
    {
        private readonly Exception _exception;

        public Failing(Exception exception)
        {
            _exception = exception;
        }

        protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0] * 2 };

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) => throw _exception;
    }

    /// <summary>Returns what the test asks for from Backward.</summary>
    internal sealed class Returning : FunctionNode
    {
        private readonly Func<Variable?[], Variable?[]> _backward;

        public Returning(Func<Variable?[], Variable?[]> backward)
        {
            _backward = backward;
        }

        protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0] * 2 };

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) => _backward(gradOutputs);
    }

    /// <summary>Overrides Forward only: the default Backward gives no gradients, as Chainer's.</summary>
    internal sealed class ForwardOnly : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0] + 1 };
    }

    /// <summary>Exposes the protected helpers to call them at the wrong time.</summary>
    internal sealed class Misuse : FunctionNode
    {
        public void CallRetainInputs() => RetainInputs(0);

        public Variable[] CallGetRetainedInputs() => GetRetainedInputs();

        protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0].Copy() };
    }

    /// <summary>Retains an input index that does not exist.</summary>
    internal sealed class BadRetain : FunctionNode
    {
        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(3);
            return new[] { inputs[0].Copy() };
        }
    }
}
