using System;
using System.Linq;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.LinksTests
{
    /// <summary>
    /// Models written the way Chainer's "Creating Models" page writes them: a <see cref="Chain"/> with named children,
    /// a <see cref="ChainList"/>, and a small CNN. Their values against real Chainer are checked by
    /// <see cref="LinkFixtureTests"/> (cases MyChain, MyChain2, CNN); here they are trained a little.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class CreatingModelsTests
    {
        /// <summary><c>class MyChain(Chain)</c> with <c>self.l1 = L.Linear(4, 3)</c> and <c>self.l2 = L.Linear(3, 2)</c>.</summary>
        public sealed class MyChain : Chain, IForward
        {
            private readonly L.Linear l1;
            private readonly L.Linear l2;

            public MyChain()
            {
                l1 = Add("l1", new L.Linear(4, 3));
                l2 = Add("l2", new L.Linear(3, 2));
            }

            public Variable Forward(Variable x)
            {
                Variable h = l1.Forward(x);
                return l2.Forward(h);
            }
        }

        /// <summary><c>class MyChain2(ChainList)</c> holding <c>L.Linear(4, 3)</c> and <c>L.Linear(3, 2)</c>.</summary>
        public sealed class MyChain2 : ChainList, IForward
        {
            public MyChain2()
                : base(new L.Linear(4, 3), new L.Linear(3, 2))
            {
            }

            public Variable Forward(Variable x)
            {
                Variable h = ((L.Linear)this[0]).Forward(x);
                return ((L.Linear)this[1]).Forward(h);
            }
        }

        /// <summary>A LeNet-like CNN: conv, ReLU, max pooling, conv, ReLU, average pooling, a lazy Linear.</summary>
        public sealed class CNN : Chain, IForward
        {
            private readonly L.Convolution2D conv1;
            private readonly L.Convolution2D conv2;
            private readonly L.Linear fc;

            public CNN()
            {
                conv1 = Add("conv1", new L.Convolution2D(1, 4, 3));
                conv2 = Add("conv2", new L.Convolution2D(4, 6, 3, pad: 1));
                fc = Add("fc", new L.Linear(null, 5));
            }

            public Variable Forward(Variable x)
            {
                Variable h = F.MaxPooling2D(F.Relu(conv1.Forward(x)), 2);
                h = F.AveragePooling2D(F.Relu(conv2.Forward(h)), 2);
                return fc.Forward(h);
            }
        }

        [Test]
        public void MLP_LearnsAToyProblem()
        {
            RandomState.Default.Seed(0);
            var model = new L.Classifier(new Sequential { new L.Linear(2, 16), F.Relu, new L.Linear(16, 2) });
            var rng = new RandomState(1);
            NdArray x = TestUtil.Uniform(rng, -1, 1, 64, 2).AsType(DType.Float32);
            double[] xv = TestUtil.F64(x);
            int[] t = Enumerable.Range(0, 64).Select(i => xv[2 * i] * xv[(2 * i) + 1] > 0 ? 1 : 0).ToArray();
            using NdArray labels = new NdArray(t, 64);
            double first = 0, last = 0, accuracy = 0;
            int reports = 0;
            model.Report += (_, e) => reports += e.Values.Count;
            for (int step = 0; step < 300; step++)
            {
                using MemoryScope scope = chainer.NewScope();
                model.ClearGrads();
                Variable loss = model.Forward(x, labels);
                loss.Backward();
                Sgd(model, 0.5);
                if (step == 0)
                {
                    first = loss.Array.Item<float>();
                }

                last = loss.Array.Item<float>();
                accuracy = model.Accuracy!.Array.Item<float>();
            }

            Assert.That(last, Is.LessThan(first * 0.5), "the loss falls");
            Assert.That(accuracy, Is.GreaterThan(0.85));
            Assert.That(reports, Is.EqualTo(600), "loss and accuracy reported at each call");
        }

        [Test]
        public void CNN_ForwardBackward_AndTraining()
        {
            RandomState.Default.Seed(2);
            var model = new CNN();
            var rng = new RandomState(3);
            NdArray x = TestUtil.Uniform(rng, -1, 1, 4, 1, 8, 8).AsType(DType.Float32);
            using NdArray t = new NdArray(new[] { 0, 1, 2, 3 }, 4);
            Assert.That(model.NamedParams(includeUninit: false).Select(p => p.Name),
                Is.EqualTo(new[] { "/conv1/W", "/conv1/b", "/conv2/W", "/conv2/b", "/fc/b" }));
            double first = 0, last = 0;
            for (int step = 0; step < 40; step++)
            {
                using MemoryScope scope = chainer.NewScope();
                model.ClearGrads();
                Variable loss = F.SoftmaxCrossEntropy(model.Forward(x), t);
                loss.Backward();
                Assert.That(model.Params().All(p => p.Grad is not null), Is.True);
                Sgd(model, 0.1);
                last = loss.Array.Item<float>();
                if (step == 0)
                {
                    first = last;
                }
            }

            Assert.That(model.NamedParams().Last().Name, Is.EqualTo("/fc/b"));
            Assert.That(((L.Linear)model["fc"]).W.Shape, Is.EqualTo(new long[] { 5, 6 * 1 * 1 }));
            Assert.That(last, Is.LessThan(first), "the loss falls");
        }

        /// <summary>Plain SGD on every parameter: p -= lr * grad.</summary>
        internal static void Sgd(Link model, double lr)
        {
            foreach (Parameter p in model.Params(includeUninit: false))
            {
                using NdArray? g = p.Grad;
                if (g is null)
                {
                    continue;
                }

                using NdArray data = p.Array;
                using NdArray step = g * lr;
                using NdArray updated = data - step;
                data.CopyFrom(updated);
            }
        }
    }
}
