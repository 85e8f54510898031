using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Chainer.Optimizers;
using Chainer.Serialization;
using NUnit.Framework;
using Serializers = Chainer.Serializers;

namespace Chainer.Tests.Optimizers
{
    /// <summary>
    /// Optimizer state in .npz files with Chainer's keys (<c>t</c>, <c>epoch</c>, <c>l1/W/t</c>, <c>l1/W/m</c>, ...),
    /// against files written by real Chainer 7.8.1.
    /// </summary>
    [TestFixture]
    public class OptimizerSerializationTests
    {
        private string _dir = string.Empty;

        [SetUp]
        public void SetUp()
        {
            _dir = Path.Combine(Path.GetTempPath(), "chainer-opt-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }

        /// <summary>Runs a case for its five steps and two epochs, as the script did before saving.</summary>
        private static (Chain Model, GradientMethod Opt) RunCase(string name)
        {
            JsonElement c = ChainerCases.Case(name);
            Chain model = ChainerCases.CreateModel();
            GradientMethod opt = ChainerCases.CreateOptimizer(name, model);
            for (int step = 1; step <= ChainerCases.Steps; step++)
            {
                ChainerCases.Step(opt, model, c.GetProperty("loss").GetString()!, step, c.GetProperty("use_lossfun").GetBoolean());
            }

            opt.NewEpoch();
            opt.NewEpoch();
            return (model, opt);
        }

        [Test]
        public void ChainersAdamFile_RestoresTheState_AndTrainingContinuesLikeChainer()
        {
            JsonElement c = ChainerCases.Case("adam");
            using Chain model = ChainerCases.CreateModel();
            ChainerCases.LoadParams(model, c.GetProperty("steps")[ChainerCases.Steps - 1].GetProperty("params"));
            GradientMethod opt = ChainerCases.CreateOptimizer("adam", model);
            Serializers.LoadNpz(ChainerCases.DataPath(c.GetProperty("npz_file").GetString()!), opt);

            Assert.That(opt.T, Is.EqualTo(5));
            Assert.That(opt.Epoch, Is.EqualTo(2));
            JsonElement states = c.GetProperty("states");
            foreach ((string name, Parameter p) in model.NamedParams())
            {
                UpdateRule rule = p.UpdateRule!;
                Assert.That(rule.T, Is.EqualTo(5), name);
                Assert.That(rule.State!.Keys, Is.EquivalentTo(new[] { "m", "v" }), name);
                foreach (JsonProperty s in states.GetProperty(name).GetProperty("state").EnumerateObject())
                {
                    Assert.That(rule.State[s.Name].ToArray<float>(), Is.EqualTo(ChainerCases.Bits(s.Value.GetProperty("bits"))), $"{name}/{s.Name}");
                }
            }

            // The sixth step from the loaded state equals Chainer's sixth step, bit for bit.
            ChainerCases.Step(opt, model, "mse", ChainerCases.Steps + 1, useLossFun: false);
            var report = new StringBuilder();
            ChainerTrajectoryTests.CompareParams(model, c.GetProperty("step6").GetProperty("params"), "step 6", report);
            Assert.That(report.ToString(), Is.Empty);
        }

        [Test]
        public void ChainersMomentumFile_Loads()
        {
            JsonElement c = ChainerCases.Case("momentum");
            using Chain model = ChainerCases.CreateModel();
            GradientMethod opt = ChainerCases.CreateOptimizer("momentum", model);
            Serializers.LoadNpz(ChainerCases.DataPath(c.GetProperty("npz_file").GetString()!), opt);
            Assert.That(opt.T, Is.EqualTo(5));
            Assert.That(opt.Epoch, Is.EqualTo(2));
            foreach ((string name, Parameter p) in model.NamedParams())
            {
                Assert.That(p.UpdateRule!.T, Is.EqualTo(5));
                float[] v = p.UpdateRule!.State!["v"].ToArray<float>();
                float[] expected = ChainerCases.Floats(c.GetProperty("npz").GetProperty(name.TrimStart('/') + "/v").GetProperty("values"));
                Assert.That(v, Is.EqualTo(expected), name);
            }
        }

        [TestCase("adam")]
        [TestCase("momentum")]
        public void SavedFile_HasChainersKeysDtypesAndShapes(string name)
        {
            (Chain model, GradientMethod opt) = RunCase(name);
            using (model)
            {
                string file = Path.Combine(_dir, name + ".npz");
                Serializers.SaveNpz(file, opt);
                NpzContents ours = NpzArchive.Read(file);
                JsonElement chainers = ChainerCases.Case(name).GetProperty("npz");
                Assert.That(ours.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(chainers.EnumerateObject().Select(e => e.Name).OrderBy(k => k, StringComparer.Ordinal)));
                foreach (JsonProperty e in chainers.EnumerateObject())
                {
                    NpyArray a = ours[e.Name];
                    Assert.That(a.DType.ToString().ToLowerInvariant(), Is.EqualTo(e.Value.GetProperty("dtype").GetString()), e.Name);
                    Assert.That(a.ShapeToArray(), Is.EqualTo(e.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray()), e.Name);
                    double[] values = a.ToDoubleArray();
                    double[] expected = e.Value.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray();
                    if (name == "adam")
                    {
                        Assert.That(values, Is.EqualTo(expected), e.Name);   // an exact (mean_squared_error) trajectory
                    }
                    else
                    {
                        Assert.That(values, Is.EqualTo(expected).Within(1e-6), e.Name);
                    }
                }
            }
        }

        /// <summary>
        /// Leaves adam_saved_by_chainer_native.npz in the test output folder; real Chainer loads it with
        /// <c>make_optimizer_cases.py --verify FILE</c> (checked when the reference data was made).
        /// </summary>
        [Test]
        public void SavedFile_ForChainer()
        {
            (Chain model, GradientMethod opt) = RunCase("adam");
            using (model)
            {
                string file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "adam_saved_by_chainer_native.npz");
                Serializers.SaveNpz(file, opt);
                Assert.That(File.Exists(file), Is.True);
            }
        }

        [Test]
        public void SaveThenLoad_RoundTrips_AndBothContinueIdentically()
        {
            (Chain model, GradientMethod opt) = RunCase("adam_amsgrad");
            using (model)
            {
                string file = Path.Combine(_dir, "opt.npz");
                Serializers.SaveNpz(file, opt, compression: false);

                using Chain model2 = ChainerCases.CreateModel();
                model2.CopyParams(model);
                var opt2 = new Adam(alpha: 0.01, amsgrad: true);
                opt2.Setup(model2);
                Serializers.LoadNpz(file, opt2);
                Assert.That(opt2.T, Is.EqualTo(opt.T));
                Assert.That(opt2.Epoch, Is.EqualTo(2));
                foreach (((string n, Parameter a), (string _, Parameter b)) in model.NamedParams().Zip(model2.NamedParams()))
                {
                    Assert.That(b.UpdateRule!.T, Is.EqualTo(a.UpdateRule!.T));
                    Assert.That(b.UpdateRule!.State!.Keys, Is.EquivalentTo(new[] { "m", "v", "vhat" }), n);
                    foreach (string key in a.UpdateRule!.State!.Keys)
                    {
                        Assert.That(b.UpdateRule!.State![key].ToArray<float>(), Is.EqualTo(a.UpdateRule!.State![key].ToArray<float>()), $"{n}/{key}");
                    }
                }

                ChainerCases.Step(opt, model, "mse", 6, useLossFun: false);
                ChainerCases.Step(opt2, model2, "mse", 6, useLossFun: false);
                foreach (((string n, Parameter a), (string _, Parameter b)) in model.NamedParams().Zip(model2.NamedParams()))
                {
                    using NdArray da = a.Array, db = b.Array;
                    Assert.That(db.ToArray<float>(), Is.EqualTo(da.ToArray<float>()), n);
                }
            }
        }

        [Test]
        public void LoadingIntoExistingState_CopiesInPlace()
        {
            (Chain model, GradientMethod opt) = RunCase("adam");
            using (model)
            {
                string file = Path.Combine(_dir, "opt.npz");
                Serializers.SaveNpz(file, opt);
                Parameter w = model.NamedParams().First().Param;
                NdArray m = w.UpdateRule!.State!["m"];
                float[] saved = m.ToArray<float>();
                m.Fill(0);
                w.UpdateRule!.T = 99;
                opt.T = 42;
                Serializers.LoadNpz(file, opt);
                Assert.That(w.UpdateRule!.State!["m"], Is.SameAs(m), "the same array, loaded in place");
                Assert.That(m.ToArray<float>(), Is.EqualTo(saved));
                Assert.That(w.UpdateRule!.T, Is.EqualTo(5));
                Assert.That(opt.T, Is.EqualTo(5));
            }
        }

        [Test]
        public void MissingStateKey_IsAKeyError_UnlessNotStrict()
        {
            (Chain model, GradientMethod opt) = RunCase("momentum");
            using (model)
            {
                string file = Path.Combine(_dir, "momentum.npz");
                Serializers.SaveNpz(file, opt);

                // An Adam file lacks nothing a MomentumSGD needs except 'v'... the reverse: Adam needs 'm'.
                using Chain model2 = ChainerCases.CreateModel();
                var adam = new Adam();
                adam.Setup(model2);
                var ex = Assert.Throws<SerializationKeyNotFoundException>(() => Serializers.LoadNpz(file, adam));
                Assert.That(ex!.Message, Does.Contain("l1/W/m"));

                // Not strict: the missing state stays unallocated (it is made at the next update).
                using Chain model3 = ChainerCases.CreateModel();
                var adam3 = new Adam();
                adam3.Setup(model3);
                Serializers.LoadNpz(file, adam3, strict: false);
                Assert.That(adam3.T, Is.EqualTo(5));
                Assert.That(model3.Params().All(p => p.UpdateRule!.State is null), Is.True);
                Assert.That(model3.Params().All(p => p.UpdateRule!.T == 5), Is.True);
            }
        }

        [Test]
        public void SerializingBeforeSetup_Throws()
        {
            Assert.Throws<InvalidOperationException>(() => Serializers.SaveNpz(Path.Combine(_dir, "x.npz"), new SGD()));
            Assert.That(File.Exists(Path.Combine(_dir, "x.npz")), Is.False);
        }

        [Test]
        public void FlatDictionary_ListsTheKeysInChainersOrder()
        {
            (Chain model, GradientMethod opt) = RunCase("adam");
            using (model)
            {
                List<string> keys = Serializers.Serialize(opt).Select(e => e.Key).ToList();
                Assert.That(keys.Take(5), Is.EqualTo(new[] { "t", "epoch", "l1/W/t", "l1/W/m", "l1/W/v" }));
                Assert.That(keys, Has.Count.EqualTo(2 + (6 * 3)));
            }
        }
    }
}
