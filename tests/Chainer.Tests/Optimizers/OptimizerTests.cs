using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Chainer.OptimizerHooks;
using Chainer.Optimizers;
using NUnit.Framework;
using L = Chainer.Links;

namespace Chainer.Tests.Optimizers
{
    /// <summary>The optimizer machinery: setup, counts, hooks, hyperparameters, state, errors.</summary>
    [TestFixture]
    public class OptimizerTests
    {
        private static Link OneParam(double[] values, out Parameter p)
        {
            var link = new Link();
            p = link.AddParam("w", new Parameter(new NdArray(values, values.Length)));
            return link;
        }

        private static void SetGrad(Parameter p, params double[] g)
        {
            using var a = new NdArray(g, g.Length);
            p.Grad = a;
        }

        private static double[] Data(Parameter p)
        {
            using NdArray a = p.Array;
            return a.ToArray<double>();
        }

        [Test]
        public void UpdateBeforeSetup_Throws()
        {
            var opt = new SGD();
            var ex = Assert.Throws<InvalidOperationException>(() => opt.Update());
            Assert.That(ex!.Message, Does.Contain("Optimizer is not set up"));
            Assert.Throws<InvalidOperationException>(() => opt.Update(() => new Variable(NdArray.Zeros(new long[] { 1 }))));
            Assert.Throws<InvalidOperationException>(() => opt.AddHook(new GradientClipping(1)));
        }

        [Test]
        public void Setup_ReturnsTheOptimizer_AndGivesEveryParameterARule()
        {
            using Chain model = ChainerCases.CreateModel();
            Adam opt = new Adam().Setup(model);
            Assert.That(opt.Target, Is.SameAs(model));
            Assert.That(model.Params().All(p => p.UpdateRule is AdamRule), Is.True);
            Assert.That(model.Params().Select(p => p.UpdateRule).Distinct().Count(), Is.EqualTo(6), "one rule per parameter");
            Assert.That(model.Params().All(p => p.UpdateRule!.State is null), Is.True, "state is allocated lazily");
        }

        [Test]
        public void Update_CountsSteps_OnTheOptimizerAndEachRule()
        {
            using Chain model = ChainerCases.CreateModel();
            var opt = new MomentumSGD();
            opt.Setup(model);
            for (int step = 1; step <= 3; step++)
            {
                ChainerCases.Step(opt, model, "mse", step, useLossFun: false);
            }

            Assert.That(opt.T, Is.EqualTo(3));
            Assert.That(model.Params().Select(p => p.UpdateRule!.T), Is.All.EqualTo(3));
            foreach (Parameter p in model.Params())
            {
                NdArray v = p.UpdateRule!.State!["v"];
                using NdArray data = p.Array;
                Assert.That(v.Shape, Is.EqualTo(data.Shape));
                Assert.That(v.Dtype, Is.EqualTo(data.Dtype));
            }
        }

        [Test]
        public void UpdateWithLossFunction_EqualsTheManualLoop_BitForBit()
        {
            using Chain a = ChainerCases.CreateModel();
            using Chain b = ChainerCases.CreateModel();
            var optA = new Adam(alpha: 0.01);
            var optB = new Adam(alpha: 0.01);
            optA.Setup(a);
            optB.Setup(b);
            for (int step = 1; step <= 4; step++)
            {
                ChainerCases.Step(optA, a, "sce", step, useLossFun: true);
                ChainerCases.Step(optB, b, "sce", step, useLossFun: false);
            }

            Assert.That(optA.T, Is.EqualTo(4));
            Assert.That(optB.T, Is.EqualTo(4));
            foreach (((string name, Parameter pa), (string _, Parameter pb)) in a.NamedParams().Zip(b.NamedParams()))
            {
                using NdArray da = pa.Array, db = pb.Array;
                Assert.That(ChainerCases.Compare(da.ToArray<float>(), db.ToArray<float>()).Mismatches, Is.Zero, name);
            }
        }

        [Test]
        public void UpdateWithLossFunction_ClearsOldGradients()
        {
            Link link = OneParam(new[] { 1.0, 2.0 }, out Parameter p);
            var opt = new SGD(lr: 1);
            opt.Setup(link);
            SetGrad(p, 100, 100);   // stale: must not be accumulated into
            opt.Update(() => Functions.Sum(p * 3));
            Assert.That(Data(p), Is.EqualTo(new[] { -2.0, -1.0 }));
        }

        [TestCase("momentum")]
        [TestCase("adam_sce")]
        [TestCase("adagrad")]
        public void WithChainersGradients_TheUpdateIsChainersBitForBit(string name)
        {
            // The softmax_cross_entropy cases differ from Chainer only through the gradients (NumPy's exp/log);
            // given Chainer's own first-step gradients, the update reproduces Chainer's parameters exactly.
            using Chain model = ChainerCases.CreateModel();
            GradientMethod opt = ChainerCases.CreateOptimizer(name, model);
            JsonElement grads = ChainerCases.Root.GetProperty("grads_step1_sce");
            foreach ((string pname, Parameter p) in model.NamedParams())
            {
                float[] g = ChainerCases.Bits(grads.GetProperty(pname).GetProperty("bits"));
                using NdArray data = p.Array;
                using var ga = NdArray.FromArray(g, data.Shape);
                p.Grad = ga;
            }

            opt.Update();
            var report = new System.Text.StringBuilder();
            ChainerTrajectoryTests.CompareParams(model, ChainerCases.Case(name).GetProperty("steps")[0].GetProperty("params"), "step 1", report);
            Assert.That(report.ToString(), Is.Empty);
        }

        [Test]
        public void ParameterWithoutGradient_GetsZeros_AndMomentumKeepsMovingIt()
        {
            using Chain model = ChainerCases.CreateModel();
            var opt = new MomentumSGD();
            opt.Setup(model);
            Parameter l3w = model.NamedParams().Single(e => e.Name == "/l3/W").Param;
            ChainerCases.Step(opt, model, "mse", 1, useLossFun: false);   // l3 takes part
            double[] before = Array.ConvertAll(Floats(l3w), v => (double)v);
            ChainerCases.Step(opt, model, "mse", 3, useLossFun: false);   // l3 does not
            using (NdArray g = l3w.Grad!)
            {
                Assert.That(g.ToArray<float>(), Is.All.EqualTo(0f), "Chainer's reallocate_cleared_grads gives a zero gradient");
            }

            Assert.That(Array.ConvertAll(Floats(l3w), v => (double)v), Is.Not.EqualTo(before), "v = momentum * v still moves it");
            Assert.That(l3w.UpdateRule!.T, Is.EqualTo(2));
        }

        [Test]
        public void UninitializedParameter_IsSkipped_ButCounted()
        {
            var lazy = new L.Linear(3);   // W has no shape yet
            var opt = new SGD();
            opt.Setup(lazy);
            opt.Update();
            Assert.That(lazy.W.IsInitialized, Is.False);
            Assert.That(lazy.W.UpdateRule!.T, Is.EqualTo(1));
            Assert.That(lazy.W.UpdateRule!.State, Is.Null);
        }

        [Test]
        public void DisabledRule_LeavesItsParameterAlone()
        {
            Link link = OneParam(new[] { 1.0, 2.0 }, out Parameter p);
            var opt = new SGD(lr: 0.5);
            opt.Setup(link);
            p.UpdateRule!.Enabled = false;
            SetGrad(p, 1, 1);
            opt.Update();
            Assert.That(Data(p), Is.EqualTo(new[] { 1.0, 2.0 }));
            Assert.That(p.UpdateRule!.T, Is.Zero);
            Assert.That(opt.T, Is.EqualTo(1));
        }

        [Test]
        public void Float64Parameters_AreUpdatedInFloat64()
        {
            Link link = OneParam(new[] { 1.0, -2.0 }, out Parameter p);
            var opt = new SGD(lr: 0.1);
            opt.Setup(link);
            SetGrad(p, 0.3, 0.7);
            opt.Update();
            Assert.That(Data(p), Is.EqualTo(new[] { 1.0 - (0.1 * 0.3), -2.0 - (0.1 * 0.7) }));
        }

        [Test]
        public void StateSurvivesMemoryScopes()
        {
            Link link = OneParam(new[] { 1.0, 2.0 }, out Parameter p);
            var opt = new Adam();
            opt.Setup(link);
            for (int i = 0; i < 3; i++)
            {
                using MemoryScope scope = chainer.NewScope();
                opt.Update(() => Functions.Sum(p * p));
            }

            Assert.That(p.UpdateRule!.State!["m"].IsDisposed, Is.False);
            Assert.That(p.UpdateRule!.T, Is.EqualTo(3));
        }

        [Test]
        public void EpsTooSmallForFloat32_ThrowsLikeChainer()
        {
            JsonElement errors = ChainerCases.Root.GetProperty("errors");
            using Chain model = ChainerCases.CreateModel();
            foreach ((GradientMethod opt, string label) in new (GradientMethod, string)[] { (new Adam(eps: 1e-50), "Adam"), (new RMSprop(eps: 1e-50), "RMSprop") })
            {
                opt.Setup(model);
                model.ClearGrads();
                using (MemoryScope scope = chainer.NewScope())
                {
                    ChainerCases.Loss(model, "mse", 1).Backward();
                }

                var ex = Assert.Throws<ChainerArgumentException>(() => opt.Update());
                Assert.That(ex!.Message, Is.EqualTo($"eps of {label} optimizer is too small for float32 (1e-50)"));
            }

            // Chainer's RMSprop says exactly this; its Adam fails with an AttributeError (a Chainer bug) instead.
            Assert.That(errors.GetProperty("rmsprop").GetString(), Is.EqualTo("ValueError: eps of RMSprop optimizer is too small for float32 (1e-50)"));
        }

        [Test]
        public void Float64Parameters_AcceptTinyEps()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new Adam(eps: 1e-50);
            opt.Setup(link);
            SetGrad(p, 1);
            Assert.DoesNotThrow(() => opt.Update());
        }

        [Test]
        public void AlphaT_IsChainersFormula()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new Adam(alpha: 0.002, beta1: 0.8, beta2: 0.95);
            opt.Setup(link);
            Assert.Throws<InvalidOperationException>(() => _ = opt.AlphaT);
            SetGrad(p, 1);
            opt.Update();
            opt.Update();
            double expected = 0.002 * Math.Sqrt(1 - Math.Pow(0.95, 2)) / (1 - Math.Pow(0.8, 2));
            Assert.That(opt.AlphaT, Is.EqualTo(expected));
            Assert.That(((AdamRule)p.UpdateRule!).AlphaT, Is.EqualTo(expected));
        }

        [Test]
        public void Hyperparameters_AreInheritedByRules_AndCanBeOverridden()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new MomentumSGD(lr: 0.1);
            opt.Setup(link);
            var rule = (MomentumSGDRule)p.UpdateRule!;
            Assert.That(rule.Lr, Is.EqualTo(0.1));
            opt.Lr = 0.2;
            Assert.That(rule.Lr, Is.EqualTo(0.2), "the rule reads the optimizer's value");
            rule.Lr = 0.5;
            Assert.That(rule.Lr, Is.EqualTo(0.5));
            Assert.That(opt.Lr, Is.EqualTo(0.2));
            Assert.That(rule.Hyperparam.Parent, Is.SameAs(opt.Hyperparam));
            Assert.That(rule.Momentum, Is.EqualTo(0.9));

            SetGrad(p, 1);
            opt.Update();
            Assert.That(Data(p)[0], Is.EqualTo(1.0 - 0.5), "the rule's own learning rate is used");
        }

        [Test]
        public void StandaloneRules_HaveChainersDefaults()
        {
            Assert.That(new SGDRule().Lr, Is.EqualTo(0.01));
            Assert.That(new MomentumSGDRule().Momentum, Is.EqualTo(0.9));
            Assert.That(new AdamRule().Beta2, Is.EqualTo(0.999));
            Assert.That(new AdaGradRule().Lr, Is.EqualTo(0.001));
            Assert.That(new RMSpropRule().Alpha, Is.EqualTo(0.99));
            Assert.That(new SGDRule(lr: 0.3).Lr, Is.EqualTo(0.3));
        }

        [Test]
        public void Hyperparameter_PrintsLikeChainer()
        {
            Assert.That(new MomentumSGD().Hyperparam.ToString(), Is.EqualTo("Hyperparameter(lr=0.01, momentum=0.9)"));
            Assert.That(new RMSprop().Hyperparam.ToString(), Is.EqualTo("Hyperparameter(alpha=0.99, eps=1e-08, eps_inside_sqrt=False, lr=0.01)"));
            Assert.That(new AdaGrad(lr: 1).Hyperparam.ToString(), Is.EqualTo("Hyperparameter(eps=1e-08, lr=1.0)"));
            Assert.That(Hyperparameter.PythonFloat(1e16), Is.EqualTo("1e+16"));
            Assert.That(Hyperparameter.PythonFloat(123456.5), Is.EqualTo("123456.5"));
            Assert.That(Hyperparameter.PythonFloat(0.0001), Is.EqualTo("0.0001"));
            Assert.That(Hyperparameter.PythonFloat(-2.5e-7), Is.EqualTo("-2.5e-07"));
        }

        [Test]
        public void Hooks_RunInOrder_AroundTheUpdate()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new SGD(lr: 1);
            opt.Setup(link);
            var log = new List<string>();
            opt.AddHook(o => log.Add($"pre1 t={o.T}"), "pre1");
            opt.AddHook(o => log.Add($"post t={o.T} p={Data(p)[0]}"), "post", HookTiming.Post);
            opt.AddHook(o => log.Add($"pre2 t={o.T}"), "pre2");
            p.UpdateRule!.AddHook((r, q) => log.Add($"rule-pre t={r!.T}"), "rp");
            p.UpdateRule!.AddHook((r, q) => log.Add($"rule-post p={Data(q)[0]}"), "rq", HookTiming.Post);
            SetGrad(p, 0.25);
            opt.Update();
            Assert.That(log, Is.EqualTo(new[] { "pre1 t=0", "pre2 t=0", "rule-pre t=1", "rule-post p=0.75", "post t=1 p=0.75" }));
        }

        [Test]
        public void HookNames_AreUnique_AndRemovable()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new SGD();
            opt.Setup(link);
            opt.AddHook(new WeightDecay(0.1));
            var ex = Assert.Throws<ArgumentException>(() => opt.AddHook(new WeightDecay(0.2)));
            Assert.That(ex!.Message, Does.Contain("hook \"WeightDecay\" already exists"));
            opt.AddHook(new WeightDecay(0.2), name: "wd2");
            opt.RemoveHook("WeightDecay");
            opt.RemoveHook("wd2");
            Assert.Throws<KeyNotFoundException>(() => opt.RemoveHook("wd2"));
            Assert.Throws<KeyNotFoundException>(() => p.UpdateRule!.RemoveHook("nothing"));
        }

        [Test]
        public void Setup_ResetsCountsAndHooks()
        {
            Link link = OneParam(new[] { 1.0 }, out Parameter p);
            var opt = new SGD();
            opt.Setup(link);
            opt.AddHook(new GradientClipping(1));
            SetGrad(p, 1);
            opt.Update();
            opt.NewEpoch();
            opt.Setup(link);
            Assert.That(opt.T, Is.Zero);
            Assert.That(opt.Epoch, Is.Zero);
            Assert.DoesNotThrow(() => opt.AddHook(new GradientClipping(1)), "the old hooks are gone");
        }

        [Test]
        public void WeightDecay_AddsRateTimesParameter_AndCanRunAfterTheUpdate()
        {
            Link link = OneParam(new[] { 2.0 }, out Parameter p);
            var opt = new SGD(lr: 0.5);
            opt.Setup(link);
            opt.AddHook(new WeightDecay(0.1));
            SetGrad(p, 1);
            opt.Update();
            Assert.That(Data(p)[0], Is.EqualTo(2.0 - (0.5 * (1 + (0.1 * 2.0)))));

            Link link2 = OneParam(new[] { 2.0 }, out Parameter q);
            var opt2 = new SGD(lr: 0.5);
            opt2.Setup(link2);
            opt2.AddHook(new WeightDecay(0.1) { Timing = HookTiming.Post });
            SetGrad(q, 1);
            opt2.Update();
            Assert.That(Data(q)[0], Is.EqualTo(1.5));
            using NdArray g = q.Grad!;
            Assert.That(g.ToArray<double>()[0], Is.EqualTo(1 + (0.1 * 1.5)), "the post hook changed the gradient after the update");
        }

        [Test]
        public void GradientClipping_ScalesOnlyAboveTheThreshold()
        {
            var link = new Link();
            Parameter a = link.AddParam("a", new Parameter(new NdArray(new[] { 0.0, 0.0 }, 2)));
            Parameter b = link.AddParam("b", new Parameter(new NdArray(new[] { 0.0 }, 1)));
            var opt = new SGD(lr: 1);
            opt.Setup(link);
            opt.AddHook(new GradientClipping(10));
            SetGrad(a, 3, 0);
            SetGrad(b, 4);   // norm 5 < 10: untouched
            opt.Update();
            Assert.That(Data(a), Is.EqualTo(new[] { -3.0, 0.0 }));
            opt.RemoveHook("GradientClipping");
            opt.AddHook(new GradientClipping(1));
            SetGrad(a, 3, 0);
            SetGrad(b, 4);   // norm 5: scaled by 1/5
            opt.Update();
            Assert.That(Data(a), Is.EqualTo(new[] { -3.0 - 0.6, 0.0 }));
            Assert.That(Data(b)[0], Is.EqualTo(-4.0 - 0.8).Within(1e-15));
        }

        [Test]
        public void GradientHardClipping_ClipsEachElement()
        {
            Link link = OneParam(new[] { 0.0, 0.0, 0.0 }, out Parameter p);
            var opt = new SGD(lr: 1);
            opt.Setup(link);
            opt.AddHook(new GradientHardClipping(-0.5, 0.25));
            SetGrad(p, -3, 0.1, 7);
            opt.Update();
            Assert.That(Data(p), Is.EqualTo(new[] { 0.5, -0.1, -0.25 }));
            Assert.Throws<ArgumentException>(() => _ = new GradientHardClipping(1, -1));
        }

        [Test]
        public void NewEpoch_CountsEpochs_AndChecksTheAutoFlag()
        {
            var opt = new SGD();
            opt.NewEpoch();
            opt.NewEpoch();
            Assert.That(opt.Epoch, Is.EqualTo(2));
            Assert.Throws<InvalidOperationException>(() => opt.NewEpoch(auto: true));
            opt.UseAutoNewEpoch = true;
            opt.NewEpoch(auto: true);
            Assert.Throws<InvalidOperationException>(() => opt.NewEpoch());
            Assert.That(opt.Epoch, Is.EqualTo(3));
        }

        [Test]
        public void AmsgradAndAdamW_AreAdamVariants()
        {
            Assert.That(new AMSGrad().Amsgrad, Is.True);
            Assert.That(new AdamW(weightDecayRate: 0.1).WeightDecayRate, Is.EqualTo(0.1));
            Link link = OneParam(new[] { 1.0, 2.0 }, out Parameter p);
            var opt = new AMSGrad();
            opt.Setup(link);
            SetGrad(p, 1, 1);
            opt.Update();
            Assert.That(p.UpdateRule!.State!.Keys, Is.EquivalentTo(new[] { "m", "v", "vhat" }));
        }

        private static float[] Floats(Parameter p)
        {
            using NdArray a = p.Array;
            return a.ToArray<float>();
        }
    }
}
