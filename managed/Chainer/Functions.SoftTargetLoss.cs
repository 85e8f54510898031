using System;

namespace Chainer
{
    /// <summary>
    /// <c>F.softmax_cross_entropy</c> with soft targets (a float t of x's shape): Chainer computes it in the same
    /// function node as the label version but with its own arithmetic, reproduced here step by step as a
    /// <see cref="FunctionNode"/> on the native tape.
    /// </summary>
    internal sealed class SoftTargetSoftmaxCrossEntropy : FunctionNode
    {
        // Chainer's SoftmaxCrossEntropy.eps, added to t before the log of the KL divergence.
        private const double KlEps = 1e-7;

        private readonly bool _klDivergence;
        private readonly bool _mean;
        private NdArray? _y;
        private double? _coeff;

        internal SoftTargetSoftmaxCrossEntropy(bool klDivergence, bool mean)
        {
            _klDivergence = klDivergence;
            _mean = mean;
        }

        public override string Label => "SoftmaxCrossEntropy";

        protected override NdArray[] Forward(NdArray[] inputs)
        {
            RetainInputs(0, 1);
            NdArray x = inputs[0];
            NdArray t = inputs[1];
            Variable logY = Functions.LogSoftmax(x, 1);
            _y = Functions.Exp(logY).Array;

            // cross entropy: -sum(t * log_y, axis=1); KL: sum(t * (log(t + eps) - log_y), axis=1).
            Variable ret = _klDivergence
                ? Functions.Sum(t * (Functions.Log(t + KlEps) - logY), 1)
                : -Functions.Sum(t * logY, 1);
            if (!_mean)
            {
                return new[] { ret.Array };
            }

            // Chainer: coeff = 1.0 / (x.size / x.shape[1]); ret.sum(keepdims=True) * coeff, as a 0-d array.
            long size = x.Size;
            _coeff = 1.0 / ((double)size / x.Shape[1]);
            return new[] { (Functions.Sum(ret) * _coeff.Value).Array };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs)
        {
            Variable[] xt = GetRetainedInputs();
            Variable gy = gradOutputs[0] ?? throw new InvalidOperationException("no output gradient");
            var grad = new SoftTargetSoftmaxCrossEntropyGrad(_y!, _coeff);
            Variable gx = grad.Apply(xt[0], xt[1], gy)[0];
            return new Variable?[] { gx, null };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _y?.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// The gradient of the soft-target softmax cross entropy, <c>(softmax(x) - t · (t != -1)) · gloss · coeff</c>, as
    /// Chainer's <c>_SoftmaxCrossEntropyGrad_NoDoubleBackprop</c> computes it (it is not differentiable again).
    /// </summary>
    internal sealed class SoftTargetSoftmaxCrossEntropyGrad : FunctionNode
    {
        private readonly NdArray _y;
        private readonly double? _coeff;

        internal SoftTargetSoftmaxCrossEntropyGrad(NdArray y, double? coeff)
        {
            _y = y;
            _coeff = coeff;
        }

        public override string Label => "SoftmaxCrossEntropyGrad_NoDoubleBackprop";

        protected override NdArray[] Forward(NdArray[] inputs)
        {
            NdArray x = inputs[0];
            NdArray t = inputs[1];
            NdArray gloss = inputs[2];
            if (x.Size == 0)
            {
                return new[] { NdArray.Zeros(x.Shape, x.Dtype, x.Device) };
            }

            // Chainer zeroes the targets equal to ignore_label (-1) even for soft targets: t = t * (t != -1).
            Variable valid = Functions.Cast(Functions.NotEqual(t, -1.0), t.Dtype);
            Variable gx = _y - t * valid;
            Variable scale = _coeff is double c ? gloss * c : Functions.ExpandDims(gloss, 1);
            return new[] { (gx * scale).Array };
        }

        protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) =>
            throw new GradientException(
                "F.softmax_cross_entropy was called with 'enable_double_backprop=False' argument, but double-backprop is " +
                "actually being performed. Please specify 'enable_double_backprop=True' explicitly.");
    }
}
