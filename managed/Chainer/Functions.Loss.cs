using System;
using System.Collections.Generic;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Loss functions (<c>chainer.functions.loss</c>).</summary>
    public static partial class Functions
    {
        /// <summary>
        /// Softmax cross entropy (<c>F.softmax_cross_entropy(x, t, normalize=True, cache_score=True, class_weight=None,
        /// ignore_label=-1, reduce='mean', enable_double_backprop=False, soft_target_loss='cross-entropy')</c>). The
        /// class axis is 1. With integer labels and <c>reduce='mean'</c> the loss is averaged over the non-ignored
        /// labels (<paramref name="normalize"/>) or over the batch size. With a float <paramref name="t"/> of x's shape
        /// (soft targets: a distribution over the classes per sample) the loss is the cross entropy
        /// <c>-Σ t·log softmax(x)</c> or, with <paramref name="softTargetLoss"/> <c>"kl-divergence"</c>,
        /// <c>Σ t·(log(t + 1e-7) - log softmax(x))</c> along axis 1, averaged over all other positions with
        /// <c>reduce='mean'</c>; its gradient is Chainer's <c>softmax(x) - t</c> (no gradient flows to t). Without
        /// <paramref name="enableDoubleBackprop"/> the gradient cannot be differentiated again (a
        /// <see cref="GradientException"/> with Chainer's message, as Chainer raises).
        /// </summary>
        /// <param name="x">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels in [0, C) or <paramref name="ignoreLabel"/>; or float soft targets of x's shape.</param>
        /// <param name="normalize">Average over the non-ignored labels rather than over N.</param>
        /// <param name="cacheScore">Accepted for compatibility (the native routine always keeps what backward needs).</param>
        /// <param name="classWeight">A (C,) float array of per-class weights, or null (integer labels only).</param>
        /// <param name="ignoreLabel">The label that contributes nothing.</param>
        /// <param name="reduce"><c>"mean"</c> for a 0-d loss, <c>"no"</c> for the per-element losses.</param>
        /// <param name="enableDoubleBackprop">Record the gradient computation so it can be differentiated (integer labels only, as in Chainer).</param>
        /// <param name="softTargetLoss"><c>"cross-entropy"</c> or <c>"kl-divergence"</c>: the loss used for soft targets.</param>
        /// <returns>The loss.</returns>
        /// <exception cref="ArgumentException">reduce is not "mean" or "no", soft_target_loss is not one of its two
        /// values, or class_weight is not a 1-d float array.</exception>
        /// <exception cref="ShapeMismatchException">Soft targets whose shape differs from x's.</exception>
        public static Variable SoftmaxCrossEntropy(Variable x, Variable t, bool normalize = true, bool cacheScore = true,
            NdArray? classWeight = null, int ignoreLabel = -1, string reduce = "mean", bool enableDoubleBackprop = false,
            string softTargetLoss = "cross-entropy")
        {
            _ = cacheScore;
            ArgumentNullException.ThrowIfNull(t);
            ArgumentNullException.ThrowIfNull(softTargetLoss);
            if (softTargetLoss is not ("cross-entropy" or "kl-divergence"))
            {
                throw new ArgumentException("soft_target_loss must be 'cross-entropy' or 'kl-divergence'.", nameof(softTargetLoss));
            }

            if (t.Dtype.IsFloat() && !enableDoubleBackprop)
            {
                ArgumentNullException.ThrowIfNull(x);
                CheckReduce(reduce, "mean", "no");
                const string L = "SoftmaxCrossEntropy";
                TypeChecks.Float(L, "x", x);
                long[] xs = x.Shape;
                long[] ts = t.Shape;
                if (!ShapeUtil.Equal(xs, ts))
                {
                    throw TypeChecks.ShapeError(L, "x.shape == t.shape", $"{ShapeUtil.Format(xs)} != {ShapeUtil.Format(ts)}");
                }

                TypeChecks.NdimRange(L, "x", x, 2, int.MaxValue);
                var node = new SoftTargetSoftmaxCrossEntropy(softTargetLoss == "kl-divergence", reduce == "mean");
                return node.Apply(x, t)[0];
            }

            return LabelSoftmaxCrossEntropy(x, t, normalize, classWeight, ignoreLabel, reduce, enableDoubleBackprop);
        }

        private static Variable LabelSoftmaxCrossEntropy(Variable x, Variable t, bool normalize, NdArray? classWeight,
            int ignoreLabel, string reduce, bool enableDoubleBackprop)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            CheckReduce(reduce, "mean", "no");
            NdArray? weight = classWeight;
            NdArray? cast = null;
            try
            {
                if (weight is not null)
                {
                    if (weight.Ndim != 1)
                    {
                        throw new ArgumentException("class_weight.ndim should be 1", nameof(classWeight));
                    }

                    if (!weight.Dtype.IsFloat())
                    {
                        throw new ArgumentException("The dtype of class_weight should be 'f'", nameof(classWeight));
                    }

                    DType xd = x.Dtype;
                    if (weight.Dtype != xd && xd.IsFloat())
                    {
                        cast = weight.AsType(xd);
                        weight = cast;
                    }
                }

                using var opt = new HandleList(1);
                opt.Set(0, weight?.Handle);
                return Result(
                    NativeMethods.ch_softmax_cross_entropy(x.Handle, t.Handle, normalize ? 1 : 0, opt.Raw[0], ignoreLabel,
                        reduce == "mean" ? 1 : 0, enableDoubleBackprop ? 1 : 0, out VariableHandle y), y);
            }
            finally
            {
                cast?.Dispose();
            }
        }

        /// <summary>
        /// Sigmoid cross entropy (<c>F.sigmoid_cross_entropy(x, t, normalize=True, reduce='mean')</c>) for binary labels
        /// of x's shape; label -1 is ignored. With <c>reduce='mean'</c> the sum is divided by the number of
        /// non-ignored labels (<paramref name="normalize"/>) or by <c>x.shape[0]</c>.
        /// </summary>
        /// <param name="x">The scores (float).</param>
        /// <param name="t">The int labels (0, 1 or -1), x's shape.</param>
        /// <param name="normalize">Divide by the non-ignored count rather than the batch size.</param>
        /// <param name="reduce"><c>"mean"</c> or <c>"no"</c>.</param>
        /// <returns>The loss.</returns>
        public static Variable SigmoidCrossEntropy(Variable x, Variable t, bool normalize = true, string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            CheckReduce(reduce, "mean", "no");
            return Result(
                NativeMethods.ch_sigmoid_cross_entropy(x.Handle, t.Handle, normalize ? 1 : 0, reduce == "mean" ? 1 : 0, out VariableHandle y), y);
        }

        /// <summary>Mean squared error <c>mean((x0 - x1)^2)</c> over all elements (<c>F.mean_squared_error(x0, x1)</c>), 0-d.</summary>
        /// <param name="x0">The first input (float).</param>
        /// <param name="x1">The second input (same shape and dtype).</param>
        /// <returns>The 0-d loss.</returns>
        public static unsafe Variable MeanSquaredError(Variable x0, Variable x1) =>
            Binary(x0, x1, &NativeMethods.ch_mean_squared_error, nameof(x0), nameof(x1));

        /// <summary>Mean absolute error <c>mean(|x0 - x1|)</c> over all elements (<c>F.mean_absolute_error(x0, x1)</c>), 0-d.</summary>
        /// <param name="x0">The first input (float).</param>
        /// <param name="x1">The second input (same shape and dtype).</param>
        /// <returns>The 0-d loss.</returns>
        public static unsafe Variable MeanAbsoluteError(Variable x0, Variable x1) =>
            Binary(x0, x1, &NativeMethods.ch_mean_absolute_error, nameof(x0), nameof(x1));

        /// <summary>Element-wise squared error <c>(x0 - x1)^2</c>, not halved (<c>F.squared_error(x0, x1)</c>).</summary>
        /// <param name="x0">The first input (float).</param>
        /// <param name="x1">The second input (same shape and dtype).</param>
        /// <returns>The per-element error.</returns>
        public static Variable SquaredError(Variable x0, Variable x1)
        {
            ArgumentNullException.ThrowIfNull(x0);
            ArgumentNullException.ThrowIfNull(x1);
            TypeChecks.Float("SquaredError", "x0", x0);
            TypeChecks.SameShape("SquaredError", "x0", x0, "x1", x1);
            return Square(x0 - x1);
        }

        /// <summary>Element-wise absolute error <c>|x0 - x1|</c> (<c>F.absolute_error(x0, x1)</c>).</summary>
        /// <param name="x0">The first input (float).</param>
        /// <param name="x1">The second input (same shape and dtype).</param>
        /// <returns>The per-element error.</returns>
        public static Variable AbsoluteError(Variable x0, Variable x1)
        {
            ArgumentNullException.ThrowIfNull(x0);
            ArgumentNullException.ThrowIfNull(x1);
            TypeChecks.Float("AbsoluteError", "x0", x0);
            TypeChecks.SameShape("AbsoluteError", "x0", x0, "x1", x1);
            return Absolute(x0 - x1);
        }

        /// <summary>
        /// Huber loss (<c>F.huber_loss(x, t, delta, reduce='sum_along_second_axis')</c>): with <c>a = x - t</c>,
        /// <c>a²/2</c> where <c>|a| &lt;= delta</c> and <c>delta·(|a| - delta/2)</c> elsewhere; the gradient is
        /// <c>clip(a, -delta, delta)</c>.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="t">The target (same shape and dtype).</param>
        /// <param name="delta">The threshold.</param>
        /// <param name="reduce"><c>"sum_along_second_axis"</c> (sum over axis 1) or <c>"no"</c>.</param>
        /// <returns>The loss.</returns>
        public static Variable HuberLoss(Variable x, Variable t, double delta, string reduce = "sum_along_second_axis")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            ArgumentNullException.ThrowIfNull(reduce);
            if (reduce is not ("sum_along_second_axis" or "no"))
            {
                throw new ArgumentException(
                    $"Only 'sum_along_second_axis' and 'no' are valid for 'reduce', but '{reduce}' is given", nameof(reduce));
            }

            TypeChecks.Float("HuberLoss", "x", x);
            TypeChecks.SameShape("HuberLoss", "x", x, "t", t);

            // As Chainer, in x's dtype: min(a², max(2δ·a - δ², δ²)) / 2 with a = |x - t|.
            double d = x.Dtype == DType.Float32 ? (float)delta : delta;
            double dd = x.Dtype == DType.Float32 ? (double)((float)d * (float)d) : d * d;
            Variable a = Absolute(x - t);
            Variable square = Square(a);
            Variable linear = Maximum((a * (2 * d)) - dd, ConstantLike(x, dd));
            Variable y = Minimum(square, linear) * 0.5;
            return reduce == "sum_along_second_axis" ? Sum(y, 1) : y;
        }

        /// <summary>
        /// Hinge loss for one-of-many classification (<c>F.hinge(x, t, norm='L1', reduce='mean')</c>):
        /// <c>max(0, 1 - δ·x)^p</c> with δ = 1 for the true class and -1 otherwise, p = 1 (L1) or 2 (L2).
        /// </summary>
        /// <param name="x">The (N, K) scores (float).</param>
        /// <param name="t">The (N,) int labels in [0, K).</param>
        /// <param name="norm"><c>"L1"</c> or <c>"L2"</c>.</param>
        /// <param name="reduce"><c>"mean"</c> (sum divided by N, 0-d) or <c>"no"</c> ((N, K)).</param>
        /// <returns>The loss.</returns>
        /// <exception cref="AxisOutOfRangeException">A label is outside [0, K).</exception>
        public static Variable Hinge(Variable x, Variable t, string norm = "L1", string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            ArgumentNullException.ThrowIfNull(norm);
            if (norm is not ("L1" or "L2"))
            {
                throw new ArgumentException("norm should be either 'L1' or 'L2'", nameof(norm));
            }

            CheckReduce(reduce, "mean", "no");
            TypeChecks.Float("Hinge", "x", x);
            TypeChecks.Int("Hinge", "t", t);
            TypeChecks.Ndim("Hinge", "x", x, 2);
            TypeChecks.Ndim("Hinge", "t", t, 1);
            long[] xs = x.Shape;
            TypeChecks.Eq("Hinge", "x.shape[0]", xs[0], "t.shape[0]", t.Shape[0]);
            CheckLabelRange(t, xs[1], "Hinge");
            Variable onehot = OneHot(t, xs[1]);
            Variable bottom = Where(onehot, Neg(x), x);
            Variable loss = Relu(bottom + 1.0);
            if (norm == "L2")
            {
                loss = Square(loss);
            }

            return reduce == "mean" ? Sum(loss) / xs[0] : loss;
        }

        /// <summary>
        /// Contrastive loss (<c>F.contrastive(x0, x1, y, margin=1, reduce='mean')</c>): with <c>d = ||x0 - x1||</c>,
        /// <c>(y·d² + (1 - y)·max(margin - d, 0)²) / 2</c> per pair. The gradient divides by <c>max(d, 1e-7)</c> as
        /// Chainer's does; as in Chainer the loss is combined in float64 and cast back to x0's dtype.
        /// </summary>
        /// <param name="x0">The (N, K) first input (float).</param>
        /// <param name="x1">The (N, K) second input.</param>
        /// <param name="y">The (N,) int labels: 1 for similar pairs, 0 for dissimilar ones.</param>
        /// <param name="margin">The margin (positive).</param>
        /// <param name="reduce"><c>"mean"</c> (sum divided by N) or <c>"no"</c> ((N,)).</param>
        /// <returns>The loss.</returns>
        public static Variable Contrastive(Variable x0, Variable x1, Variable y, double margin = 1, string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(x0);
            ArgumentNullException.ThrowIfNull(x1);
            ArgumentNullException.ThrowIfNull(y);
            if (margin <= 0)
            {
                throw new ArgumentException("margin should be positive value.", nameof(margin));
            }

            CheckReduce(reduce, "mean", "no");
            const string L = "Contrastive";
            TypeChecks.Float(L, "x0", x0);
            TypeChecks.SameDtype(L, "x0", x0, "x1", x1);
            TypeChecks.Int(L, "y", y);
            TypeChecks.SameShape(L, "x0", x0, "x1", x1);
            long[] s = x1.Shape;
            TypeChecks.Ndim(L, "x0", x0, 2);
            TypeChecks.Ndim(L, "y", y, 1);
            TypeChecks.Eq(L, "x1.shape[0]", s[0], "y.shape[0]", y.Shape[0]);
            if (s[0] <= 0)
            {
                throw TypeChecks.ShapeError(L, "x1.shape[0] > 0", $"{s[0]} <= 0");
            }

            DType dt = x0.Dtype;
            Variable diff = x0 - x1;
            Variable distSq = Sum(Square(diff), 1);

            // d = sqrt(dist_sq) in value; the gradient flows through sqrt(max(dist_sq, eps²)) (Chainer's clamp).
            double eps = 1e-7;
            Variable clamped = Sqrt(Maximum(distSq, ConstantLike(distSq, dt == DType.Float32 ? (float)(eps * eps) : eps * eps)));
            Variable exactConst;
            using (chainer.NoBackpropMode())
            {
                Variable exact = Sqrt(distSq);
                exactConst = new Variable(exact.Array, requiresGrad: false);
            }

            var clampedConst = new Variable(clamped.Array, requiresGrad: false);
            Variable dist = exactConst + (clamped - clampedConst);

            Variable mdist = Relu(Sub(margin, dist));
            // The labels are a constant (Chainer returns no gradient for y).
            using NdArray yArray = y.Array;
            var yf = new Variable(yArray.AsType(DType.Float64), requiresGrad: false);
            Variable sq64 = Cast(distSq, DType.Float64);
            Variable md64 = Cast(mdist, DType.Float64);
            Variable loss = ((yf * sq64) + ((Sub(1.0, yf) * md64) * md64)) * 0.5;
            if (reduce == "mean")
            {
                loss = Sum(loss) / s[0];
            }

            return Cast(loss, dt);
        }

        /// <summary>
        /// Triplet loss (<c>F.triplet(anchor, positive, negative, margin=0.2, reduce='mean')</c>):
        /// <c>max(||a - p||² - ||a - n||² + margin, 0)</c> per row.
        /// </summary>
        /// <param name="anchor">The (N, K) anchors (float).</param>
        /// <param name="positive">The positive examples (same shape and dtype).</param>
        /// <param name="negative">The negative examples (same shape and dtype).</param>
        /// <param name="margin">The margin (positive).</param>
        /// <param name="reduce"><c>"mean"</c> (sum divided by N) or <c>"no"</c> ((N,)).</param>
        /// <returns>The loss.</returns>
        public static Variable Triplet(Variable anchor, Variable positive, Variable negative, double margin = 0.2, string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(anchor);
            ArgumentNullException.ThrowIfNull(positive);
            ArgumentNullException.ThrowIfNull(negative);
            if (margin <= 0)
            {
                throw new ArgumentException("margin should be positive value.", nameof(margin));
            }

            CheckReduce(reduce, "mean", "no");
            const string L = "Triplet";
            TypeChecks.Float(L, "anchor", anchor);
            TypeChecks.SameShape(L, "anchor", anchor, "positive", positive);
            TypeChecks.SameShape(L, "anchor", anchor, "negative", negative);
            long[] s = anchor.Shape;
            if (s.Length < 2)
            {
                throw TypeChecks.ShapeError(L, "anchor.ndim >= 2", $"{s.Length} < 2");
            }

            if (s[0] <= 0)
            {
                throw TypeChecks.ShapeError(L, "anchor.shape[0] > 0", $"{s[0]} <= 0");
            }

            Variable dist = Sum(Square(anchor - positive) - Square(anchor - negative), 1) + margin;
            Variable hinge = Relu(dist);
            return reduce == "mean" ? Sum(hinge) / s[0] : hinge;
        }

        /// <summary>
        /// KL divergence of <c>N(mean, exp(ln_var))</c> from <c>N(0, 1)</c>, element-wise
        /// <c>(mean² + exp(ln_var) - ln_var - 1) / 2</c> (<c>F.gaussian_kl_divergence(mean, ln_var, reduce='sum')</c>).
        /// </summary>
        /// <param name="mean">The mean (float).</param>
        /// <param name="lnVar">The log variance (same shape).</param>
        /// <param name="reduce"><c>"sum"</c>, <c>"mean"</c> or <c>"no"</c>.</param>
        /// <returns>The divergence.</returns>
        public static Variable GaussianKLDivergence(Variable mean, Variable lnVar, string reduce = "sum")
        {
            ArgumentNullException.ThrowIfNull(mean);
            ArgumentNullException.ThrowIfNull(lnVar);
            CheckReduce(reduce, "sum", "mean", "no");
            Variable var = Exp(lnVar);
            Variable meanSquare = mean * mean;
            Variable loss = (meanSquare + var - lnVar - 1) * 0.5;
            return Reduced(loss, reduce);
        }

        /// <summary>
        /// Negative log-likelihood of x under <c>N(mean, exp(ln_var))</c>, element-wise
        /// <c>(ln_var + log 2π) / 2 + (x - mean)² · exp(-ln_var) / 2</c> (<c>F.gaussian_nll(x, mean, ln_var, reduce='sum')</c>).
        /// </summary>
        /// <param name="x">The observations (float).</param>
        /// <param name="mean">The mean.</param>
        /// <param name="lnVar">The log variance.</param>
        /// <param name="reduce"><c>"sum"</c>, <c>"mean"</c> or <c>"no"</c>.</param>
        /// <returns>The negative log-likelihood.</returns>
        public static Variable GaussianNll(Variable x, Variable mean, Variable lnVar, string reduce = "sum")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(mean);
            ArgumentNullException.ThrowIfNull(lnVar);
            CheckReduce(reduce, "sum", "mean", "no");
            Variable xPrec = Exp(-lnVar);
            Variable xDiff = x - mean;
            Variable xPower = xDiff * xDiff * xPrec * -0.5;
            Variable loss = ((lnVar + Math.Log(2 * Math.PI)) / 2) - xPower;
            return Reduced(loss, reduce);
        }

        /// <summary>
        /// Negative log-likelihood of x under a Bernoulli distribution with logits y, element-wise
        /// <c>softplus(y) - x·y</c> (<c>F.bernoulli_nll(x, y, reduce='sum')</c>).
        /// </summary>
        /// <param name="x">The observations (float, in [0, 1]).</param>
        /// <param name="y">The logits.</param>
        /// <param name="reduce"><c>"sum"</c>, <c>"mean"</c> or <c>"no"</c>.</param>
        /// <returns>The negative log-likelihood.</returns>
        public static Variable BernoulliNll(Variable x, Variable y, string reduce = "sum")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            CheckReduce(reduce, "sum", "mean", "no");
            Variable loss = Softplus(y) - (x * y);
            return Reduced(loss, reduce);
        }

        /// <summary>
        /// Connectionist temporal classification loss (<c>F.connectionist_temporal_classification(x, t, blank_symbol,
        /// input_length=None, label_length=None, reduce='mean')</c>). The gradient reaches x only and, as in Chainer,
        /// cannot be differentiated again.
        /// </summary>
        /// <param name="x">The T per-step (B, V) unnormalized scores (float), as Chainer's list of variables.</param>
        /// <param name="t">The (B, M) int32 labels.</param>
        /// <param name="blankSymbol">The index of the blank symbol, in [0, V).</param>
        /// <param name="inputLength">The (B,) int32 lengths of the inputs, or null for T.</param>
        /// <param name="labelLength">The (B,) int32 lengths of the labels, or null for M.</param>
        /// <param name="reduce"><c>"mean"</c> (0-d) or <c>"no"</c> ((B,)).</param>
        /// <returns>The loss.</returns>
        public static Variable ConnectionistTemporalClassification(IReadOnlyList<Variable> x, Variable t, int blankSymbol,
            Variable? inputLength = null, Variable? labelLength = null, string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            CheckReduce(reduce, "mean", "no");
            if (x.Count == 0)
            {
                throw new ArgumentException("x must hold at least one time step", nameof(x));
            }

            ArgumentNullException.ThrowIfNull(x[0], nameof(x));
            long[] s0 = x[0].Shape;
            if (s0.Length != 2)
            {
                throw new ArgumentException($"each x[i] must be 2-d (B, V), got {ShapeUtil.Format(s0)}", nameof(x));
            }

            if (blankSymbol < 0 || blankSymbol >= s0[1])
            {
                throw new ArgumentOutOfRangeException(nameof(blankSymbol), blankSymbol, $"blank_symbol must satisfy 0 <= blank_symbol < {s0[1]}");
            }

            Variable stacked = Stack(x, 0);
            using var opt = new HandleList(2);
            opt.Set(0, inputLength?.Handle);
            opt.Set(1, labelLength?.Handle);
            return Result(
                NativeMethods.ch_connectionist_temporal_classification(stacked.Handle, t.Handle, blankSymbol, opt.Raw[0], opt.Raw[1],
                    reduce == "mean" ? 1 : 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Negative log-likelihood of a linear-chain conditional random field (<c>F.crf1d(cost, xs, ys, reduce='mean')</c>),
        /// composed as Chainer composes it (log-sum-exp forward recursion minus the path score). The sequences are
        /// given time-major and sorted by length: <c>xs[i]</c> is (B_i, K) with non-increasing B_i.
        /// </summary>
        /// <param name="cost">The (K, K) transition costs (float).</param>
        /// <param name="xs">The per-step (B_i, K) scores.</param>
        /// <param name="ys">The per-step (B_i,) int labels.</param>
        /// <param name="reduce"><c>"mean"</c> (sum divided by B_0, 0-d) or <c>"no"</c> ((B_0,)).</param>
        /// <returns>The loss.</returns>
        public static Variable Crf1d(Variable cost, IReadOnlyList<Variable> xs, IReadOnlyList<Variable> ys, string reduce = "mean")
        {
            ArgumentNullException.ThrowIfNull(cost);
            CheckReduce(reduce, "mean", "no");
            Variable[] x = NonEmpty(xs, nameof(xs));
            Variable[] y = NonEmpty(ys, nameof(ys));
            if (y.Length != x.Length)
            {
                throw new ArgumentException($"xs and ys must have the same length, got {x.Length} and {y.Length}", nameof(ys));
            }

            long nLabel = cost.Shape[0];
            if (x[0].Ndim != 2 || x[0].Shape[1] != nLabel)
            {
                throw new ArgumentException($"xs[0] must be (batch, {nLabel}) to match cost, got {ShapeUtil.Format(x[0].Shape)}", nameof(xs));
            }

            long nBatch = x[0].Shape[0];
            Variable alpha = x[0];
            var alphas = new List<Variable>();
            for (int i = 1; i < x.Length; i++)
            {
                long batch = x[i].Shape[0];
                if (alpha.Shape[0] > batch)
                {
                    Variable[] parts = SplitAxis(alpha, new[] { checked((int)batch) }, 0);
                    alpha = parts[0];
                    alphas.Add(parts[1]);
                }

                Variable[] b = Broadcast(ExpandDims(alpha, -1), cost);
                alpha = LogSumExp(b[0] + b[1], 1) + x[i];
            }

            if (alphas.Count > 0)
            {
                alphas.Add(alpha);
                alphas.Reverse();
                alpha = Concat(alphas, 0);
            }

            Variable logz = LogSumExp(alpha, 1);
            Variable costFlat = Reshape(cost, cost.Size, 1);
            Variable score = SelectItem(x[0], y[0]);
            var scores = new List<Variable>();
            for (int i = 1; i < x.Length; i++)
            {
                long batch = x[i].Shape[0];
                Variable yPrev = y[i - 1];
                if (score.Shape[0] > batch)
                {
                    yPrev = SplitAxis(yPrev, new[] { checked((int)batch) }, 0)[0];
                    Variable[] parts = SplitAxis(score, new[] { checked((int)batch) }, 0);
                    score = parts[0];
                    scores.Add(parts[1]);
                }

                using NdArray prev = yPrev.Array;
                using NdArray cur = y[i].Array;
                using NdArray scaled = prev * nLabel;
                using NdArray pair = scaled + cur;
                score = score + (SelectItem(x[i], y[i]) + Reshape(EmbedID(pair, costFlat), batch));
            }

            if (scores.Count > 0)
            {
                scores.Add(score);
                scores.Reverse();
                score = Concat(scores, 0);
            }

            Variable loss = logz - score;
            return reduce == "mean" ? Sum(loss) / nBatch : loss;
        }

        /// <summary>
        /// The most likely label paths of a linear-chain CRF (<c>F.argmax_crf1d(cost, xs)</c>, Viterbi decoding).
        /// </summary>
        /// <param name="cost">The (K, K) transition costs (float).</param>
        /// <param name="xs">The per-step (B_i, K) scores, time-major, non-increasing B_i.</param>
        /// <returns>The (B_0,) scores of the best paths and, per step, the (B_i,) int32 labels of the paths.</returns>
        public static (Variable score, NdArray[] path) ArgmaxCrf1d(Variable cost, IReadOnlyList<Variable> xs)
        {
            ArgumentNullException.ThrowIfNull(cost);
            Variable[] x = NonEmpty(xs, nameof(xs));
            Variable alpha = x[0];
            var alphas = new List<Variable?>();
            var maxInds = new List<Variable>();
            for (int i = 1; i < x.Length; i++)
            {
                long batch = x[i].Shape[0];
                if (alpha.Shape[0] > batch)
                {
                    Variable[] parts = SplitAxis(alpha, new[] { checked((int)batch) }, 0);
                    alpha = parts[0];
                    alphas.Add(parts[1]);
                }
                else
                {
                    alphas.Add(null);
                }

                Variable[] b = Broadcast(ExpandDims(alpha, -1), cost);
                Variable scores = b[0] + b[1];
                maxInds.Add(ArgMax(scores, 1));
                alpha = Max(scores, 1) + x[i];
            }

            Variable inds = ArgMax(alpha, 1);
            var path = new List<NdArray> { inds.Array };
            for (int j = maxInds.Count - 1; j >= 0; j--)
            {
                inds = SelectItem(maxInds[j], inds);
                if (alphas[j] is Variable a)
                {
                    inds = Concat(new[] { inds, ArgMax(a, 1) }, 0);
                }

                path.Add(inds.Array);
            }

            path.Reverse();
            Variable score = Max(alpha, 1);
            for (int j = alphas.Count - 1; j >= 0; j--)
            {
                if (alphas[j] is Variable a)
                {
                    score = Concat(new[] { score, Max(a, 1) }, 0);
                }
            }

            return (score, path.ToArray());
        }

        /// <summary>
        /// Negative sampling loss (<c>F.negative_sampling(x, t, W, sampler, sample_size, reduce='sum')</c>): for each row,
        /// <c>softplus(-x·W[t]) + Σ_k softplus(x·W[s_k])</c> over sample_size negative samples drawn by
        /// <paramref name="sampler"/>; rows with <c>t = -1</c> are ignored (zero loss).
        /// </summary>
        /// <param name="x">The (N, D) inputs (float).</param>
        /// <param name="t">The (N,) int32 targets (-1 ignored).</param>
        /// <param name="W">The (V, D) output embeddings.</param>
        /// <param name="sampler">Returns an int array of the requested shape (N, sample_size + 1) of sampled ids; column 0 is replaced by t.</param>
        /// <param name="sampleSize">The number of negative samples per row.</param>
        /// <param name="reduce"><c>"sum"</c> (0-d) or <c>"no"</c> ((N,)).</param>
        /// <returns>The loss.</returns>
        public static Variable NegativeSampling(Variable x, Variable t, Variable W, Func<long[], NdArray> sampler, int sampleSize,
            string reduce = "sum") => NegativeSamplingCore(x, t, W, sampler, sampleSize, reduce, returnSamples: false, out _);

        /// <summary>
        /// Negative sampling loss that also returns the samples it used (<c>F.negative_sampling(x, t, W, sampler,
        /// sample_size, reduce, return_samples=True)</c>). See
        /// <see cref="NegativeSampling(Variable, Variable, Variable, Func{long[], NdArray}, int, string)"/>.
        /// </summary>
        /// <param name="x">The (N, D) inputs (float).</param>
        /// <param name="t">The (N,) int32 targets (-1 ignored).</param>
        /// <param name="W">The (V, D) output embeddings.</param>
        /// <param name="sampler">Returns an int array of the requested shape (N, sample_size + 1) of sampled ids.</param>
        /// <param name="sampleSize">The number of negative samples per row.</param>
        /// <param name="reduce"><c>"sum"</c> (0-d) or <c>"no"</c> ((N,)).</param>
        /// <param name="samples">The (N, sample_size + 1) ids in the sampler's dtype with column 0 set to t (ignored
        /// rows keep -1 there, as in Chainer); the caller owns it.</param>
        /// <returns>The loss.</returns>
        public static Variable NegativeSampling(Variable x, Variable t, Variable W, Func<long[], NdArray> sampler, int sampleSize,
            string reduce, out NdArray samples)
        {
            Variable loss = NegativeSamplingCore(x, t, W, sampler, sampleSize, reduce, returnSamples: true, out NdArray? used);
            samples = used!;
            return loss;
        }

        private static Variable NegativeSamplingCore(Variable x, Variable t, Variable W, Func<long[], NdArray> sampler,
            int sampleSize, string reduce, bool returnSamples, out NdArray? returnedSamples)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            ArgumentNullException.ThrowIfNull(W);
            ArgumentNullException.ThrowIfNull(sampler);
            CheckReduce(reduce, "sum", "no");
            const string L = "NegativeSamplingFunction";
            TypeChecks.Float(L, "x", x);
            TypeChecks.Ndim(L, "x", x, 2);
            if (t.Dtype != DType.Int32)
            {
                throw new DTypeMismatchException(TypeChecks.Message(L, "t.dtype == int32", $"{t.Dtype.Name()} != int32"));
            }

            TypeChecks.Ndim(L, "t", t, 1);
            long n = x.Shape[0];
            TypeChecks.Eq(L, "x.shape[0]", n, "t.shape[0]", t.Shape[0]);
            TypeChecks.SameDtype(L, "W", W, "x", x);
            TypeChecks.Ndim(L, "W", W, 2);

            using NdArray drawnOnHost = sampler(new[] { n, (long)sampleSize + 1 });
            using NdArray drawn = drawnOnHost.ToDevice(t.Device);
            Variable samples;
            Variable mask;
            using (chainer.NoBackpropMode())
            {
                // samples[:, 0] = t, with ignored targets pointed at row 0 (their loss is masked out).
                using var tv = new Variable(t.Array, requiresGrad: false);
                Variable keep = NotEqual(tv, -1.0);
                using NdArray zero = NdArray.FullLike(t, Array.Empty<long>(), 0.0, t.Dtype);
                Variable target = Where(keep, tv, zero);
                using var dv = new Variable(drawn.AsType(t.Dtype), requiresGrad: false);
                Variable rest = GetItem(dv, Slice.All, 1..);
                samples = new Variable(Concat(new[] { Reshape(target, n, 1), rest }, 1).Array, requiresGrad: false);
                mask = new Variable(Cast(keep, x.Dtype).Array, requiresGrad: false);
                returnedSamples = returnSamples
                    ? Concat(new[] { Reshape(Cast(tv, drawn.Dtype), n, 1), GetItem(new Variable(drawn, requiresGrad: false), Slice.All, 1..) }, 1).Array
                    : null;
            }

            Variable w = EmbedID(samples, W);                                       // (N, S + 1, D)
            Variable wx = Sum(BroadcastTo(ExpandDims(x, 1), w.Shape) * w, 2);     // (N, S + 1)
            using NdArray signOnHost = SignRow(sampleSize + 1, x.Dtype);          // -1 for the target, +1 for the samples
            using NdArray sign = signOnHost.ToDevice(x.Device);

            Variable loss = Sum(Softplus(wx * sign), 1) * mask;
            return reduce == "sum" ? Sum(loss) : loss;
        }

        /// <summary>A (1, n) row of -1 followed by n - 1 ones (built by native ops).</summary>
        private static NdArray SignRow(long n, DType dtype)
        {
            using NdArray idx = NdArray.Arange(0, n, 1, dtype);
            using NdArray positive = (idx * 0.0) + 1.0;
            using (chainer.NoBackpropMode())
            {
                using var iv = new Variable(idx, requiresGrad: false);
                using var pv = new Variable(positive, requiresGrad: false);
                Variable isFirst = Equal(iv, 0.0);
                return Reshape(Where(isFirst, Neg(pv), pv), 1, n).Array;
            }
        }

        private static Variable Reduced(Variable loss, string reduce) => reduce switch
        {
            "sum" => Sum(loss),
            "mean" => Mean(loss),
            _ => loss,
        };

        /// <summary>A bool (N, K) variable, true at (i, t[i]).</summary>
        private static Variable OneHot(Variable t, long k)
        {
            using NdArray classesOnHost = NdArray.Arange(0, k, 1, t.Dtype);
            using NdArray classes = classesOnHost.ToDevice(t.Device);
            using var cv = new Variable(classes, requiresGrad: false);
            return Equal(Reshape(cv, 1, k), Reshape(t, -1, 1));
        }

        /// <summary>Requires every label to lie in [0, k) (read with two native reductions, no managed loop).</summary>
        private static void CheckLabelRange(Variable t, long k, string label)
        {
            if (t.Size == 0)
            {
                return;
            }

            using (chainer.NoBackpropMode())
            {
                using Variable tf = Cast(t, DType.Float64);
                using Variable hi = Max(tf);
                using Variable lo = Min(tf);
                using NdArray hiA = hi.Array;
                using NdArray loA = lo.Array;
                double max = hiA.Item<double>();
                double min = loA.Item<double>();
                if (min < 0 || max >= k)
                {
                    double bad = min < 0 ? min : max;
                    throw new AxisOutOfRangeException(
                        $"{label}: label {bad} is out of bounds for axis 1 with size {k} (labels must satisfy 0 <= t < {k})");
                }
            }
        }
    }
}
