using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Evaluation functions (<c>chainer.functions.evaluation</c>); none of them has a gradient.</summary>
    public static partial class Functions
    {
        /// <summary>
        /// Classification accuracy (<c>F.accuracy(y, t, ignore_label=None)</c>): the fraction of rows whose arg-max over
        /// axis 1 equals the label, as a 0-d variable of y's dtype. Ignored labels are left out of the count (0 when
        /// every label is ignored).
        /// </summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="ignoreLabel">A label to skip, or null.</param>
        /// <returns>The 0-d accuracy.</returns>
        public static Variable Accuracy(Variable y, Variable t, int? ignoreLabel = null)
        {
            ArgumentNullException.ThrowIfNull(y);
            ArgumentNullException.ThrowIfNull(t);
            return Result(
                NativeMethods.ch_accuracy(y.Handle, t.Handle, ignoreLabel.HasValue ? 1 : 0, ignoreLabel ?? 0, out VariableHandle r), r);
        }

        /// <summary>
        /// Binary classification accuracy (<c>F.binary_accuracy(y, t)</c>): a score <c>y &gt;= 0</c> predicts 1; labels
        /// of -1 are ignored.
        /// </summary>
        /// <param name="y">The scores (float).</param>
        /// <param name="t">The int labels (0, 1 or -1), y's shape.</param>
        /// <returns>The 0-d accuracy.</returns>
        public static unsafe Variable BinaryAccuracy(Variable y, Variable t) => Binary(y, t, &NativeMethods.ch_binary_accuracy, nameof(y), nameof(t));

        /// <summary>
        /// Per-class precision, recall, F-beta score and support (<c>F.classification_summary(y, t, label_num=None, beta=1.0,
        /// ignore_label=-1)</c>): predictions are the arg-max over axis 1; ratios of 0/0 are NaN as in Chainer.
        /// </summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="labelNum">The number of classes, or null for <c>max(t) + 1</c>.</param>
        /// <param name="beta">The weight of recall in the F-beta score.</param>
        /// <param name="ignoreLabel">The label to skip.</param>
        /// <returns>float64 precision, recall and F-beta score, and int64 support, each of length labelNum.</returns>
        public static (Variable precision, Variable recall, Variable fbetaScore, Variable support) ClassificationSummary(
            Variable y, Variable t, int? labelNum = null, double beta = 1.0, int ignoreLabel = -1)
        {
            ArgumentNullException.ThrowIfNull(y);
            ArgumentNullException.ThrowIfNull(t);
            ChStatus status = NativeMethods.ch_classification_summary(y.Handle, t.Handle, labelNum.HasValue ? 1 : 0, labelNum ?? 0, beta,
                ignoreLabel, out VariableHandle p, out VariableHandle r, out VariableHandle f, out VariableHandle s);
            if (status != ChStatus.Ok)
            {
                p.Dispose();
                r.Dispose();
                f.Dispose();
                s.Dispose();
                Ensure.Ok(status);
            }

            return (new Variable(p), new Variable(r), new Variable(f), new Variable(s));
        }

        /// <summary>Per-class precision and support (<c>F.precision(y, t, label_num=None, ignore_label=-1)</c>).</summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="labelNum">The number of classes, or null for <c>max(t) + 1</c>.</param>
        /// <param name="ignoreLabel">The label to skip.</param>
        /// <returns>The precision and the support.</returns>
        public static (Variable precision, Variable support) Precision(Variable y, Variable t, int? labelNum = null, int ignoreLabel = -1)
        {
            var r = ClassificationSummary(y, t, labelNum, 1.0, ignoreLabel);
            return (r.precision, r.support);
        }

        /// <summary>Per-class recall and support (<c>F.recall(y, t, label_num=None, ignore_label=-1)</c>).</summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="labelNum">The number of classes, or null for <c>max(t) + 1</c>.</param>
        /// <param name="ignoreLabel">The label to skip.</param>
        /// <returns>The recall and the support.</returns>
        public static (Variable recall, Variable support) Recall(Variable y, Variable t, int? labelNum = null, int ignoreLabel = -1)
        {
            var r = ClassificationSummary(y, t, labelNum, 1.0, ignoreLabel);
            return (r.recall, r.support);
        }

        /// <summary>Per-class F-beta score and support (<c>F.fbeta_score(y, t, label_num=None, beta=1.0, ignore_label=-1)</c>).</summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="labelNum">The number of classes, or null for <c>max(t) + 1</c>.</param>
        /// <param name="beta">The weight of recall.</param>
        /// <param name="ignoreLabel">The label to skip.</param>
        /// <returns>The F-beta score and the support.</returns>
        public static (Variable fbetaScore, Variable support) FbetaScore(Variable y, Variable t, int? labelNum = null, double beta = 1.0,
            int ignoreLabel = -1)
        {
            var r = ClassificationSummary(y, t, labelNum, beta, ignoreLabel);
            return (r.fbetaScore, r.support);
        }

        /// <summary>Per-class F1 score and support (<c>F.f1_score(y, t, label_num=None, ignore_label=-1)</c>).</summary>
        /// <param name="y">The (N, C, ...) scores (float).</param>
        /// <param name="t">The (N, ...) int labels.</param>
        /// <param name="labelNum">The number of classes, or null for <c>max(t) + 1</c>.</param>
        /// <param name="ignoreLabel">The label to skip.</param>
        /// <returns>The F1 score and the support.</returns>
        public static (Variable f1Score, Variable support) F1Score(Variable y, Variable t, int? labelNum = null, int ignoreLabel = -1)
        {
            var r = ClassificationSummary(y, t, labelNum, 1.0, ignoreLabel);
            return (r.fbetaScore, r.support);
        }

        /// <summary>
        /// Coefficient of determination R² per output column (<c>F.r2_score(pred, true, sample_weight=None,
        /// multioutput='uniform_average')</c>): <c>1 - SS_res / SS_tot</c> over axis 0, 0 where SS_tot is 0; averaged
        /// over the columns unless <paramref name="multioutput"/> is <c>"raw_values"</c>. No gradient, as in Chainer.
        /// </summary>
        /// <param name="pred">The predictions (float).</param>
        /// <param name="true">The targets (float, pred's shape).</param>
        /// <param name="sampleWeight">Not supported (must be null), as in Chainer.</param>
        /// <param name="multioutput"><c>"uniform_average"</c> or <c>"raw_values"</c>.</param>
        /// <returns>The score, 0-d or per column, in pred's dtype.</returns>
        /// <exception cref="NotSupportedException">A sample weight is given.</exception>
        /// <exception cref="ArgumentException">multioutput is invalid.</exception>
        public static Variable R2Score(Variable pred, Variable @true, NdArray? sampleWeight = null, string multioutput = "uniform_average")
        {
            ArgumentNullException.ThrowIfNull(pred);
            ArgumentNullException.ThrowIfNull(@true);
            ArgumentNullException.ThrowIfNull(multioutput);
            if (sampleWeight is not null)
            {
                throw new NotSupportedException("r2_score does not support sample_weight (as Chainer).");
            }

            if (multioutput is not ("uniform_average" or "raw_values"))
            {
                throw new ArgumentException("invalid multioutput argument", nameof(multioutput));
            }

            const string L = "R2_score";
            TypeChecks.Float(L, "pred", pred);
            TypeChecks.Float(L, "true", @true);
            long[] ps = pred.Shape;
            long[] ts = @true.Shape;
            if (!ShapeUtil.Equal(ps, ts))
            {
                throw TypeChecks.ShapeError(L, "pred.shape == true.shape", $"{ShapeUtil.Format(ps)} != {ShapeUtil.Format(ts)}");
            }

            DType dt = pred.Dtype;
            using (chainer.NoBackpropMode())
            {
                Variable p = pred;
                Variable t = @true;
                if (t.Dtype != dt)
                {
                    p = Cast(p, DType.Float64);
                    t = Cast(t, DType.Float64);
                }

                Variable ssRes = Sum(Square(p - t), 0);
                Variable ssTot = Sum(Square(t - Mean(t, 0)), 0);
                Variable isZero = Equal(ssTot, 0.0);
                Variable one = ConstantLike(ssTot, 1.0);
                Variable zero = ConstantLike(ssTot, 0.0);
                Variable safe = Where(isZero, BroadcastTo(one, ssTot.Shape), ssTot);
                Variable ret = Cast(Where(isZero, BroadcastTo(zero, ssTot.Shape), Sub(1.0, ssRes / safe)), dt);
                Variable result = multioutput == "uniform_average" ? Mean(ret) : ret;
                return new Variable(result.Array, requiresGrad: false);
            }
        }
    }
}
