using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Chainer.OptimizerHooks;
using Chainer.Optimizers;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.Optimizers
{
    /// <summary>
    /// The reference trajectories of data/optimizers/optimizer_cases.json (written by make_optimizer_cases.py with
    /// real Chainer 7.8.1) and the same model and steps rebuilt here.
    /// </summary>
    internal static class ChainerCases
    {
        private static readonly Lazy<JsonDocument> Document = new Lazy<JsonDocument>(() =>
            JsonDocument.Parse(File.ReadAllText(DataPath("optimizer_cases.json"))));

        internal static JsonElement Root => Document.Value.RootElement;

        internal static int Steps => Root.GetProperty("steps").GetInt32();

        internal static IEnumerable<string> CaseNames =>
            Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

        internal static string DataPath(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "optimizers", file);

        internal static JsonElement Case(string name) =>
            Root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

        /// <summary>The MLP of the script (l1: Linear(3, 4), l2: Linear(4, 2), l3: Linear(4, 2)) with Chainer's initial parameters.</summary>
        internal static Chain CreateModel()
        {
            var model = new Chain(("l1", new L.Linear(3, 4)), ("l2", new L.Linear(4, 2)), ("l3", new L.Linear(4, 2)));
            LoadParams(model, Root.GetProperty("initial"));
            return model;
        }

        /// <summary>Copies recorded float32 parameters (by name, bit for bit) into the model.</summary>
        internal static void LoadParams(Link model, JsonElement parameters)
        {
            foreach ((string name, Parameter p) in model.NamedParams())
            {
                float[] values = Bits(parameters.GetProperty(name).GetProperty("bits"));
                using NdArray data = p.Array;
                data.CopyFrom(values);
            }
        }

        /// <summary>The loss of step <paramref name="step"/> (1-based), as in the script: l3 takes part in steps 1 and 2 only.</summary>
        internal static Variable Loss(Chain model, string loss, int step)
        {
            var x = new NdArray(Floats(Root.GetProperty("x").GetProperty("values")), 5, 3);
            Variable h = F.Relu(((L.Linear)model["l1"]).Forward(x));
            Variable y = ((L.Linear)model["l2"]).Forward(h);
            if (step <= 2)
            {
                y = y + ((L.Linear)model["l3"]).Forward(h);
            }

            if (loss == "mse")
            {
                var t = new NdArray(Floats(Root.GetProperty("t_reg").GetProperty("values")), 5, 2);
                return F.MeanSquaredError(y, t);
            }

            int[] labels = Root.GetProperty("t_cls").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            return F.SoftmaxCrossEntropy(y, new NdArray(labels, labels.Length));
        }

        /// <summary>The optimizer and hooks of a case, as the script builds them.</summary>
        internal static GradientMethod CreateOptimizer(string name, Chain model)
        {
            GradientMethod opt = name switch
            {
                "sgd_default" => new SGD(),
                "sgd" => new SGD(lr: 0.1),
                "momentum_default" => new MomentumSGD(),
                "momentum" => new MomentumSGD(lr: 0.05, momentum: 0.8),
                "adam_default" => new Adam(),
                "adam" => new Adam(alpha: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6),
                "adam_sce" => new Adam(alpha: 0.01),
                "adam_amsgrad" => new Adam(alpha: 0.01, amsgrad: true),
                "adam_weight_decay" => new Adam(alpha: 0.01, weightDecayRate: 0.1, eta: 0.5),
                "adagrad_default" => new AdaGrad(),
                "adagrad" => new AdaGrad(lr: 0.1, eps: 1e-6),
                "rmsprop_default" => new RMSprop(),
                "rmsprop_eps_inside_sqrt" => new RMSprop(lr: 0.01, alpha: 0.9, eps: 1e-4, epsInsideSqrt: true),
                "sgd_weight_decay" => new SGD(lr: 0.1),
                "momentum_gradient_clipping" => new MomentumSGD(lr: 0.05),
                "sgd_hard_clipping" => new SGD(lr: 0.1),
                "adam_all_hooks" => new Adam(alpha: 0.01),
                "rmsprop_rule_hook" => new RMSprop(lr: 0.01),
                _ => throw new ArgumentException("unknown case " + name),
            };
            opt.Setup(model);
            switch (name)
            {
                case "sgd_weight_decay":
                    opt.AddHook(new WeightDecay(0.05));
                    break;
                case "momentum_gradient_clipping":
                    opt.AddHook(new GradientClipping(0.5));
                    break;
                case "sgd_hard_clipping":
                    opt.AddHook(new GradientHardClipping(-0.05, 0.1));
                    break;
                case "adam_all_hooks":
                    opt.AddHook(new WeightDecay(0.01));
                    opt.AddHook(new GradientClipping(0.3));
                    opt.AddHook(new GradientHardClipping(-0.2, 0.2));
                    break;
                case "rmsprop_rule_hook":
                    Dictionary<string, Parameter> ps = model.NamedParams().ToDictionary(e => e.Name, e => e.Param);
                    ps["/l1/W"].UpdateRule!.AddHook(new WeightDecay(0.5));
                    ps["/l2/b"].UpdateRule!.AddHook(new GradientHardClipping(-0.01, 0.01));
                    break;
            }

            return opt;
        }

        /// <summary>One step as the script runs it: update(lossfun) or cleargrads/backward/update().</summary>
        internal static void Step(GradientMethod opt, Chain model, string loss, int step, bool useLossFun)
        {
            using MemoryScope scope = chainer.NewScope();
            if (useLossFun)
            {
                opt.Update(() => Loss(model, loss, step));
            }
            else
            {
                model.ClearGrads();
                Variable l = Loss(model, loss, step);
                l.Backward();
                opt.Update();
            }
        }

        /// <summary>float32 values written as Python floats.</summary>
        internal static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

        /// <summary>float32 values written as their bit patterns.</summary>
        internal static float[] Bits(JsonElement array) =>
            array.EnumerateArray().Select(e => BitConverter.UInt32BitsToSingle(e.GetUInt32())).ToArray();

        /// <summary>Compares float32 arrays bit for bit; returns the number of differing elements and the largest difference in ulps.</summary>
        internal static (int Mismatches, long MaxUlps) Compare(float[] actual, float[] expected)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length));
            int mismatches = 0;
            long maxUlps = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                int a = BitConverter.SingleToInt32Bits(actual[i]);
                int b = BitConverter.SingleToInt32Bits(expected[i]);
                if (a != b)
                {
                    mismatches++;
                    maxUlps = Math.Max(maxUlps, Math.Abs(Ordered(a) - Ordered(b)));
                }
            }

            return (mismatches, maxUlps);
        }

        /// <summary>The largest absolute difference.</summary>
        internal static double MaxAbsDiff(float[] actual, float[] expected)
        {
            double m = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                m = Math.Max(m, Math.Abs((double)actual[i] - expected[i]));
            }

            return m;
        }

        private static long Ordered(int bits) => bits < 0 ? (long)int.MinValue - bits : bits;
    }
}
