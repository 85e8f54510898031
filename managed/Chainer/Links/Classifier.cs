using System;
using System.Collections.Generic;

namespace Chainer.Links
{
    /// <summary>The values a link reports after a call (<c>chainer.reporter.report({...}, link)</c>), e.g. <c>loss</c> and <c>accuracy</c>.</summary>
    public sealed class ReportEventArgs : EventArgs
    {
        /// <summary>Creates the event data.</summary>
        /// <param name="values">The reported values by name.</param>
        public ReportEventArgs(IReadOnlyDictionary<string, Variable> values)
        {
            Values = values ?? throw new ArgumentNullException(nameof(values));
        }

        /// <summary>The reported values by name.</summary>
        public IReadOnlyDictionary<string, Variable> Values { get; }
    }

    /// <summary>
    /// A classifier (<c>chainer.links.Classifier</c>): it runs the child <c>predictor</c> on x, computes the loss
    /// against the labels t (<c>F.SoftmaxCrossEntropy</c> by default) and, unless <see cref="ComputeAccuracy"/> is
    /// off, the accuracy (<c>F.Accuracy</c>). The last results are kept in <see cref="Y"/>, <see cref="Loss"/> and
    /// <see cref="Accuracy"/>, and reported through <see cref="Report"/>.
    /// </summary>
    public class Classifier : Chain
    {
        /// <summary>Creates the classifier (<c>L.Classifier(predictor, lossfun=F.softmax_cross_entropy, accfun=F.accuracy)</c>).</summary>
        /// <param name="predictor">A link with a single-input forward.</param>
        /// <param name="lossfun">The loss of (y, t); null is <c>F.SoftmaxCrossEntropy</c>.</param>
        /// <param name="accfun">The accuracy of (y, t); null is <c>F.Accuracy</c>.</param>
        /// <exception cref="ArgumentException">The predictor does not implement <see cref="IForward"/>.</exception>
        public Classifier(Link predictor, Func<Variable, Variable, Variable>? lossfun = null, Func<Variable, Variable, Variable>? accfun = null)
        {
            ArgumentNullException.ThrowIfNull(predictor);
            if (predictor is not IForward)
            {
                throw new ArgumentException(
                    $"The predictor ({predictor.GetType().Name}) must implement IForward (a single-input Forward).", nameof(predictor));
            }

            Predictor = Add("predictor", predictor);
            LossFun = lossfun ?? ((y, t) => Functions.SoftmaxCrossEntropy(y, t));
            AccFun = accfun ?? ((y, t) => Functions.Accuracy(y, t));
        }

        /// <summary>Raised after each <see cref="Forward"/> with <c>loss</c> and, when computed, <c>accuracy</c>.</summary>
        public event EventHandler<ReportEventArgs>? Report;

        /// <summary>The predictor (<c>predictor</c>).</summary>
        public Link Predictor { get; }

        /// <summary>The loss function.</summary>
        public Func<Variable, Variable, Variable> LossFun { get; set; }

        /// <summary>The accuracy function.</summary>
        public Func<Variable, Variable, Variable> AccFun { get; set; }

        /// <summary>Whether <see cref="Forward"/> computes the accuracy (<c>compute_accuracy</c>, default true).</summary>
        public bool ComputeAccuracy { get; set; } = true;

        /// <summary>The prediction of the last call.</summary>
        public Variable? Y { get; private set; }

        /// <summary>The loss of the last call.</summary>
        public Variable? Loss { get; private set; }

        /// <summary>The accuracy of the last call, or null when not computed.</summary>
        public Variable? Accuracy { get; private set; }

        /// <summary>Computes the loss of the prediction for <paramref name="x"/> against the labels <paramref name="t"/>.</summary>
        /// <param name="x">The input.</param>
        /// <param name="t">The labels.</param>
        /// <returns>The loss.</returns>
        public Variable Forward(Variable x, Variable t)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(t);
            Y = null;
            Loss = null;
            Accuracy = null;
            Y = ((IForward)Predictor).Forward(x);
            Loss = LossFun(Y, t);
            var values = new Dictionary<string, Variable>(StringComparer.Ordinal) { ["loss"] = Loss };
            if (ComputeAccuracy)
            {
                Accuracy = AccFun(Y, t);
                values["accuracy"] = Accuracy;
            }

            Report?.Invoke(this, new ReportEventArgs(values));
            return Loss;
        }
    }
}
