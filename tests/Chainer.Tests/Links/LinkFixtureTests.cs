using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.LinksTests
{
    /// <summary>
    /// Every standard link against real Chainer 7.8.1 (data/links/links.json): with NumPy's global generator seeded
    /// the same way, the initial parameters are the same values; on the same inputs the outputs, and the gradients
    /// of sum(y * gy) with respect to the parameters and inputs, are the same.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class LinkFixtureTests
    {
        private delegate Variable[] Call(Link link, Variable[] inputs);

        private static IEnumerable<string> Cases() => LinkTestUtil.CaseNames("links.json");

        [TestCaseSource(nameof(Cases))]
        public void MatchesChainer(string name)
        {
            JsonElement rec = LinkTestUtil.Case("links.json", name);
            RandomState.Default.Seed((uint)rec.GetProperty("seed").GetInt32());
            (Link link, Call call) = Make(name);
            using MemoryScope scope = chainer.NewScope();

            LinkTestUtil.AssertParams(link, rec.GetProperty("params_init"), name + " initial");
            if (rec.TryGetProperty("params_used", out JsonElement used))
            {
                LinkTestUtil.SetParams(link, used);
            }

            Variable[] inputs = rec.GetProperty("inputs").EnumerateArray()
                .Select(r => LinkTestUtil.ToNdArray(r))
                .Select(a => new Variable(a, requiresGrad: a.Dtype.IsFloat()))
                .ToArray();
            Variable[] outputs = call(link, inputs);
            LinkTestUtil.AssertParams(link, rec.GetProperty("params_init_after_call"), name + " after the call");

            JsonElement[] expected = rec.GetProperty("outputs").EnumerateArray().ToArray();
            Assert.That(outputs.Length, Is.EqualTo(expected.Length), "number of outputs");
            for (int i = 0; i < outputs.Length; i++)
            {
                LinkTestUtil.AssertArray(outputs[i].Array, expected[i], $"{name} output {i}", rtol: 1e-5, atol: 1e-6);
            }

            // Gradients of sum(y_i * gy_i).
            JsonElement[] gys = rec.GetProperty("gys").EnumerateArray().ToArray();
            Variable loss = outputs.Select((y, i) => F.Sum(y * LinkTestUtil.ToNdArray(gys[i]))).Aggregate((a, b) => a + b);
            link.ClearGrads();
            loss.Backward();
            var ours = link.NamedParams().ToDictionary(p => p.Name, p => p.Param);
            foreach (JsonProperty g in rec.GetProperty("param_grads").EnumerateObject())
            {
                NdArray? grad = ours[g.Name].Grad;
                if (g.Value.ValueKind == JsonValueKind.Null)
                {
                    if (grad is not null)
                    {
                        Assert.That(TestUtil.F64(grad), Is.All.EqualTo(0.0), $"{name}: gradient of {g.Name} should be absent or zero");
                    }

                    continue;
                }

                Assert.That(grad, Is.Not.Null, $"{name}: gradient of {g.Name}");
                LinkTestUtil.AssertArray(grad!, g.Value, $"{name} grad {g.Name}", rtol: 1e-4, atol: 1e-5);
            }

            JsonElement[] inputGrads = rec.GetProperty("input_grads").EnumerateArray().ToArray();
            for (int i = 0; i < inputs.Length; i++)
            {
                if (inputGrads[i].ValueKind != JsonValueKind.Null)
                {
                    LinkTestUtil.AssertArray(inputs[i].Grad!, inputGrads[i], $"{name} input grad {i}", rtol: 1e-4, atol: 1e-5);
                }
            }

            CheckExtras(name, link, rec);
        }

        private static void CheckExtras(string name, Link link, JsonElement rec)
        {
            if (link is L.BatchNormalization bn)
            {
                LinkTestUtil.AssertArray(bn.AvgMean!, rec.GetProperty("avg_mean_after_train"), name + " avg_mean", rtol: 1e-5, atol: 1e-6);
                LinkTestUtil.AssertArray(bn.AvgVar!, rec.GetProperty("avg_var_after_train"), name + " avg_var", rtol: 1e-5, atol: 1e-6);
                Assert.That(bn.N, Is.EqualTo(rec.GetProperty("N").GetInt64()), name + " N");
            }

            if (link is L.Classifier c)
            {
                Assert.That(c.Accuracy!.Array.Item<float>(), Is.EqualTo(rec.GetProperty("accuracy").GetDouble()).Within(1e-6));
                Assert.That(c.Loss, Is.Not.Null);
                Assert.That(c.Y, Is.Not.Null);
            }
        }

        private static Variable[] One(Link link, Variable[] x) => new[] { ((IForward)link).Forward(x[0]) };

        private static (Link, Call) Make(string name) => name switch
        {
            "Linear" => (new L.Linear(3, 4), One),
            "LinearLazy" => (new L.Linear(null, 4), One),
            "LinearNoBias" => (new L.Linear(3, 2, nobias: true), One),
            "Convolution2D" => (new L.Convolution2D(2, 3, 3, stride: 2, pad: 1), One),
            "Convolution2DGroups" => (new L.Convolution2D(4, 6, (3, 2), stride: 1, pad: (1, 0), dilate: 2, groups: 2), One),
            "Convolution2DLazy" => (new L.Convolution2D(null, 2, 2), One),
            "Convolution1D" => (new L.Convolution1D(2, 3, 3, pad: 1), One),
            "Convolution3D" => (new L.Convolution3D(2, 2, 2), One),
            "Deconvolution2D" => (new L.Deconvolution2D(2, 3, 3, stride: 2, pad: 1), One),
            "Deconvolution1D" => (new L.Deconvolution1D(2, 3, 3, stride: 2), One),
            "Deconvolution3D" => (new L.Deconvolution3D(2, 2, 2), One),
            "DepthwiseConvolution2D" => (new L.DepthwiseConvolution2D(3, 2, 3, pad: 1), One),
            "DilatedConvolution2D" => (new L.DilatedConvolution2D(2, 3, 3, pad: 2, dilate: 2), One),
            "EmbedID" => (new L.EmbedID(7, 3, ignoreLabel: -1), One),
            "Bilinear" => (new L.Bilinear(3, 4, 2), (l, x) => new[] { ((L.Bilinear)l).Forward(x[0], x[1]) }),
            "BilinearNoBias" => (new L.Bilinear(3, 2, 2, nobias: true), (l, x) => new[] { ((L.Bilinear)l).Forward(x[0], x[1]) }),
            "BatchNormalization" => (new L.BatchNormalization(3), (l, x) =>
            {
                Variable yTrain = ((L.BatchNormalization)l).Forward(x[0]);
                using (Config.Using(train: false))
                {
                    return new[] { yTrain, ((L.BatchNormalization)l).Forward(x[0]) };
                }
            }),
            "BatchNormalizationFinetune" => (new L.BatchNormalization(2, decay: 0.5, eps: 1e-3), (l, x) =>
            {
                var bn = (L.BatchNormalization)l;
                return new[] { bn.Forward(x[0], finetune: true), bn.Forward(x[0] * 2, finetune: true) };
            }),
            "LayerNormalization" => (new L.LayerNormalization(5), One),
            "LayerNormalizationLazy" => (new L.LayerNormalization(), One),
            "GroupNormalization" => (new L.GroupNormalization(2, 4), One),
            "LSTM" => (new L.LSTM(3, 4), LstmCall),
            "LSTMLazy" => (new L.LSTM(4), LstmCall),
            "StatelessLSTM" => (new L.StatelessLSTM(3, 4), (l, x) =>
            {
                var s = (L.StatelessLSTM)l;
                (Variable c, Variable h) = s.Forward(null, null, x[0]);
                (Variable c2, Variable h2) = s.Forward(c, h, x[1]);
                return new[] { c, h, c2, h2 };
            }),
            "StatefulGRU" => (new L.StatefulGRU(3, 4), (l, x) =>
            {
                var g = (L.StatefulGRU)l;
                g.ResetState();
                return new[] { g.Forward(x[0]), g.Forward(x[1]) };
            }),
            "StatelessGRU" => (new L.StatelessGRU(3, 4), (l, x) => new[] { ((L.StatelessGRU)l).Forward(x[0], x[1]) }),
            "NStepLSTM" => (new L.NStepLSTM(2, 3, 4, 0.0), NStepLstmCall),
            "NStepLSTMWithState" => (new L.NStepLSTM(2, 3, 4, 0.0), (l, x) =>
            {
                (Variable hy, Variable cy, Variable[] ys) = ((L.NStepLSTM)l).Forward(x[0], x[1], x.Skip(2).ToArray());
                return new[] { hy, cy }.Concat(ys).ToArray();
            }),
            "NStepGRU" => (new L.NStepGRU(2, 3, 4, 0.0), NStepGruCall),
            "NStepBiLSTM" => (new L.NStepBiLSTM(2, 3, 2, 0.0), NStepLstmCall),
            "NStepBiGRU" => (new L.NStepBiGRU(1, 3, 2, 0.0), NStepGruCall),
            "Maxout" => (new L.Maxout(4, 3, 2), One),
            "PReLU" => (new L.PReLU(new long[] { 3 }), One),
            "Highway" => (new L.Highway(4), One),
            "Bias" => (new L.Bias(axis: 1, shape: new long[] { 3 }), One),
            "Scale" => (new L.Scale(axis: 1, wShape: new long[] { 3, 2 }, biasTerm: true), One),
            "Classifier" => (new L.Classifier(new L.Linear(3, 4)), (l, x) =>
            {
                var c = (L.Classifier)l;
                return new[] { c.Forward(x[0], x[1]), c.Y! };
            }),
            "MyChain" => (new CreatingModelsTests.MyChain(), One),
            "MyChain2" => (new CreatingModelsTests.MyChain2(), One),
            "CNN" => (new CreatingModelsTests.CNN(), (l, x) =>
            {
                Variable y = ((CreatingModelsTests.CNN)l).Forward(x[0]);
                return new[] { F.SoftmaxCrossEntropy(y, x[1]), y };
            }),
            _ => throw new ArgumentException("no C# counterpart for fixture " + name),
        };

        private static Variable[] LstmCall(Link link, Variable[] x)
        {
            var l = (L.LSTM)link;
            l.ResetState();
            Variable h1 = l.Forward(x[0]);
            Variable h2 = l.Forward(x[1]);
            return new[] { h1, h2, l.C!, l.H! };
        }

        private static Variable[] NStepLstmCall(Link link, Variable[] x)
        {
            (Variable hy, Variable cy, Variable[] ys) = ((L.NStepLSTM)link).Forward(null, null, x);
            return new[] { hy, cy }.Concat(ys).ToArray();
        }

        private static Variable[] NStepGruCall(Link link, Variable[] x)
        {
            (Variable hy, Variable[] ys) = ((L.NStepGRU)link).Forward(null, x);
            return new[] { hy }.Concat(ys).ToArray();
        }
    }
}
