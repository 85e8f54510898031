using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Chainer.Initializers;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.LinksTests
{
    /// <summary>The link machinery: Chain, ChainList, Sequential, names and traversal, copies, persistents, devices.</summary>
    [TestFixture]
    [NonParallelizable]
    public class ChainTests
    {
        private sealed class NestedChain : Chain
        {
            public NestedChain()
            {
                Zeta = Add("zeta", new L.Linear(2, 2));
                Alpha = Add("alpha", new ChainList(new L.Linear(1, 1), new L.BatchNormalization(1)));
                W = AddParam("W", new Parameter(new NdArray(new float[] { 0 })));
                Mid = Add("mid", new L.Linear(3, 3, nobias: true));
            }

            public L.Linear Zeta { get; }

            public ChainList Alpha { get; }

            public Parameter W { get; }

            public L.Linear Mid { get; }
        }

        private sealed class MLP : Chain, IForward
        {
            private readonly L.Linear l1;
            private readonly L.Linear l2;

            public MLP(int nUnits, int nOut)
            {
                l1 = Add("l1", new L.Linear(null, nUnits));
                l2 = Add("l2", new L.Linear(null, nOut));
            }

            public L.Linear L1 => l1;

            public L.Linear L2 => l2;

            public Variable Forward(Variable x) => l2.Forward(F.Relu(l1.Forward(x)));
        }

        private static IEnumerable<string> NamingCases() => LinkTestUtil.CaseNames("naming.json");

        private static Link BuildNaming(string name) => name switch
        {
            "Sequential4" => new Sequential { new L.Linear(1, 2), F.Relu, new L.Linear(2, 3), new L.Linear(3, 4), new L.Linear(4, 5) },
            "Sequential3" => new Sequential(new L.Linear(1, 2), new L.Linear(2, 3), new L.Linear(3, 4)),
            "SequentialFunctionFirst" => new Sequential { F.Relu, new L.Linear(1, 2), new L.Linear(2, 3) },
            "ChainList" => new ChainList { new L.Linear(1, 2), new L.Linear(2, 3), new L.Linear(3, 4) },
            "Repeat3" => new Sequential { new L.Linear(2, 2), F.Relu }.Repeat(3),
            "NestedChain" => new NestedChain(),
            _ => throw new ArgumentException(name),
        };

        [TestCaseSource(nameof(NamingCases))]
        public void NamedParams_AndNamedLinks_AsChainer(string name)
        {
            JsonElement rec = LinkTestUtil.Case("naming.json", name);
            Link link = BuildNaming(name);
            var expected = rec.GetProperty("params").EnumerateArray()
                .Select(p => (p[0].GetString()!, p[1].EnumerateArray().Select(e => e.GetInt64()).ToArray())).ToList();
            var actual = link.NamedParams().Select(p => (p.Name, p.Param.Shape)).ToList();
            Assert.That(actual.Select(a => a.Name), Is.EqualTo(expected.Select(e => e.Item1)), "parameter paths in order");
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.That(actual[i].Shape, Is.EqualTo(expected[i].Item2), expected[i].Item1);
            }

            Assert.That(link.NamedLinks().Select(l => l.Name), Is.EqualTo(rec.GetProperty("links").EnumerateArray().Select(e => e.GetString())));
            Assert.That(link.Params().Count(), Is.EqualTo(expected.Count));
        }

        [Test]
        public void Chain_RegistersChildrenByName()
        {
            var chain = new Chain { ["l2"] = new L.Linear(4, 2), ["l1"] = new L.Linear(3, 4) };
            Assert.That(chain["l1"].Name, Is.EqualTo("l1"));
            Assert.That(chain.Children().Select(c => c.Name), Is.EqualTo(new[] { "l1", "l2" }), "sorted as Chainer does");
            Assert.That(chain.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/l1/W", "/l1/b", "/l2/W", "/l2/b" }));
            Assert.That(chain.Links().Count(), Is.EqualTo(3));
            Assert.That(chain.Links(skipSelf: true).Count(), Is.EqualTo(2));
            Assert.That(chain.Contains("l1") && !chain.Contains("l3"), Is.True);
            Assert.Throws<KeyNotFoundException>(() => _ = chain["l3"]);

            var tuple = new Chain(("b", new L.Linear(1, 1)), ("a", new L.Linear(1, 1)));
            Assert.That(tuple.Children().Select(c => c.Name), Is.EqualTo(new[] { "a", "b" }));

            // Replacing through the indexer keeps the name; Add refuses a used name.
            var replacement = new L.Linear(3, 4, nobias: true);
            chain["l1"] = replacement;
            Assert.That(chain["l1"], Is.SameAs(replacement));
            Assert.That(chain.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/l1/W", "/l2/W", "/l2/b" }));
            Assert.Throws<ArgumentException>(() => chain.Add("l1", new L.Linear(1, 1)));
            Assert.Throws<ArgumentException>(() => chain.Add("a/b", new L.Linear(1, 1)));
            Assert.Throws<ArgumentException>(() => chain.Add(string.Empty, new L.Linear(1, 1)));
            Assert.Throws<ArgumentException>(() => chain.Add("x", chain));
            chain.AddParam("p", new long[] { 2 });
            Assert.Throws<ArgumentException>(() => chain.Add("p", new L.Linear(1, 1)));
            Assert.Throws<ArgumentException>(() => chain.AddParam("l2", new long[] { 1 }));

            Assert.That(chain.Remove("l2"), Is.True);
            Assert.That(chain.Remove("l2"), Is.False);
            Assert.That(chain.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/p", "/l1/W" }), "own parameters first");
        }

        [Test]
        public void ChainList_NumbersChildren()
        {
            var list = new ChainList { new L.Linear(1, 2), new L.Linear(2, 3) };
            list.Insert(0, new L.Linear(5, 1));
            Assert.That(list.Select(l => l.Name), Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(list.NamedParams().Select(p => p.Name).First(), Is.EqualTo("/0/W"));
            Assert.That(((L.Linear)list[0]).InSize, Is.EqualTo(5));
            Assert.That(((L.Linear)list[-1]).InSize, Is.EqualTo(2));
            list.RemoveAt(0);
            Assert.That(list.Count, Is.EqualTo(2));
            Assert.That(list.Select(l => l.Name), Is.EqualTo(new[] { "0", "1" }));
            list[1] = new L.Linear(7, 7);
            Assert.That(list[1].Name, Is.EqualTo("1"));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = list[2]);
            Assert.Throws<ArgumentOutOfRangeException>(() => list.Insert(5, new L.Linear(1, 1)));
        }

        [Test]
        public void Sequential_AppliesLayersInOrder_AndNumbersLikeChainer()
        {
            RandomState.Default.Seed(0);
            var a = new L.Linear(3, 4);
            var b = new L.Linear(4, 5);
            var c = new L.Linear(5, 2);
            var seq = new Sequential { a, F.Relu, b, c };
            Assert.That(seq.Count, Is.EqualTo(4));
            Assert.That(seq[1], Is.InstanceOf<Func<Variable, Variable>>());

            // Chainer 7.8.1 names the links a "0", c "1", b "2" (see Sequential's remarks); forward order is unchanged.
            Assert.That(a.Name, Is.EqualTo("0"));
            Assert.That(c.Name, Is.EqualTo("1"));
            Assert.That(b.Name, Is.EqualTo("2"));
            var x = new Variable(TestUtil.Uniform(new RandomState(1), -1, 1, 2, 3).AsType(DType.Float32));
            Variable y = seq.Forward(x);
            Variable expected = c.Forward(b.Forward(F.Relu(a.Forward(x))));
            LinkTestUtil.AssertClose(y.Array, expected.Array, "sequential output", 0, 0);

            seq.RemoveAt(2);
            Assert.That(seq.LinkChildren.Select(l => l.Name), Is.EqualTo(new[] { "0", "1" }));
            Assert.That(b.Name, Is.Null);
            Assert.Throws<ArgumentException>(() => seq.Add(new L.Bilinear(1, 1, 1)), "a link without single-input Forward");
            Assert.Throws<InvalidOperationException>(() => new Sequential().Forward(x));
            var fluent = new Sequential().Append(new L.Linear(3, 3)).Append(F.Tanh).Append(x2 => x2 * 2);
            Assert.That(fluent.Forward(x).Shape, Is.EqualTo(new long[] { 2, 3 }));
        }

        [Test]
        public void ClearGrads_ZeroGrads_AddGrads_CountParams_OverTheHierarchy()
        {
            var model = new MLP(4, 2);
            Assert.That(model.CountParams(), Is.EqualTo(4 + 2), "only the biases exist before the first batch");
            var x = new Variable(NdArray.Ones(new long[] { 3, 5 }));
            F.Sum(model.Forward(x)).Backward();
            Assert.That(model.CountParams(), Is.EqualTo((4 * 5) + 4 + (2 * 4) + 2));
            Assert.That(model.Params().All(p => p.Grad is not null), Is.True);

            var other = (MLP)model.Copy(CopyMode.Copy);
            model.AddGrads(other);
            using (NdArray g = model.L1.b!.Grad!)
            using (NdArray og = other.L1.b!.Grad!)
            {
                LinkTestUtil.AssertClose(g, og * 2, "AddGrads doubles");
            }

            model.ZeroGrads();
            Assert.That(model.Params().All(p => TestUtil.F64(p.Grad!).All(v => v == 0)), Is.True);
            model.ClearGrads();
            Assert.That(model.Params().All(p => p.Grad is null), Is.True);
        }

        [Test]
        public void CopyParams_CopiesDataAndPersistents()
        {
            RandomState.Default.Seed(1);
            var src = new Chain { ["fc"] = new L.Linear(3, 2), ["bn"] = new L.BatchNormalization(2) };
            var dst = new Chain { ["fc"] = new L.Linear(3, 2), ["bn"] = new L.BatchNormalization(2) };
            var bnSrc = (L.BatchNormalization)src["bn"];
            bnSrc.Forward(new Variable(TestUtil.Uniform(new RandomState(2), -1, 1, 4, 2).AsType(DType.Float32)));
            bnSrc.N = 5;
            dst.CopyParams(src);
            foreach (((string n1, Parameter p1), (string _, Parameter p2)) in dst.NamedParams().Zip(src.NamedParams()))
            {
                LinkTestUtil.AssertClose(p1.Array, p2.Array, n1, 0, 0);
                Assert.That(p1.Array.SameAs(p2.Array), Is.False, "copied, not shared");
            }

            var bnDst = (L.BatchNormalization)dst["bn"];
            LinkTestUtil.AssertClose(bnDst.AvgMean!, bnSrc.AvgMean!, "avg_mean", 0, 0);
            Assert.That(bnDst.N, Is.EqualTo(5));

            var fresh = new Chain { ["fc"] = new L.Linear(3, 2), ["bn"] = new L.BatchNormalization(2) };
            fresh.CopyParams(src, copyPersistent: false);
            Assert.That(((L.BatchNormalization)fresh["bn"]).N, Is.EqualTo(0));
            Assert.Throws<ArgumentException>(() => dst.CopyParams(new Chain { ["fc"] = new L.Linear(3, 2) }));
        }

        [Test]
        public void Copy_Share_Copy_Init()
        {
            RandomState.Default.Seed(3);
            var model = new MLP(3, 2);
            model.Forward(new Variable(NdArray.Ones(new long[] { 1, 4 })));
            F.Sum(model.Forward(new Variable(NdArray.Ones(new long[] { 1, 4 })))).Backward();

            var shared = (MLP)model.Copy();
            Assert.That(shared, Is.Not.SameAs(model));
            Assert.That(shared.Name, Is.Null);
            Assert.That(shared.L1, Is.Not.SameAs(model.L1), "typed fields point at the copies");
            Assert.That(shared.L1, Is.SameAs(shared["l1"]));
            Assert.That(shared.L1.W, Is.Not.SameAs(model.L1.W));
            Assert.That(shared.L1.W.Array.SameAs(model.L1.W.Array), Is.True, "share mode shares the data");
            Assert.That(shared.L1.W.Grad, Is.Null, "share mode starts without gradients");
            using (NdArray w = model.L1.W.Array)
            {
                w.Fill(0.5);
            }

            Assert.That(TestUtil.F64(shared.L1.W.Array), Is.All.EqualTo(0.5));

            var deep = (MLP)model.Copy(CopyMode.Copy);
            Assert.That(deep.L2, Is.SameAs(deep["l2"]));
            LinkTestUtil.AssertClose(deep.L1.W.Array, model.L1.W.Array, "copy mode copies", 0, 0);
            Assert.That(deep.L1.W.Grad, Is.Not.Null, "copy mode copies gradients");
            using (NdArray w = model.L1.W.Array)
            {
                w.Fill(1.5);
            }

            Assert.That(TestUtil.F64(deep.L1.W.Array), Is.All.EqualTo(0.5));
            Assert.That(deep.NamedParams().Select(p => p.Name), Is.EqualTo(model.NamedParams().Select(p => p.Name)));

            var init = (MLP)model.Copy(CopyMode.Init);
            Assert.That(TestUtil.F64(init.L1.W.Array).Any(v => v != 1.5), Is.True, "init mode draws again");
            Assert.That(init.L1.W.Shape, Is.EqualTo(model.L1.W.Shape));

            // Disposing a copy leaves the original usable.
            shared.Dispose();
            Assert.That(model.L1.W.Array.Shape, Is.EqualTo(new long[] { 3, 4 }));
        }

        [Test]
        public void Copy_OfListsAndStatefulLinks()
        {
            var list = new ChainList { new L.Linear(2, 2), new L.LSTM(2, 2) };
            var lstm = (L.LSTM)list[1];
            lstm.Forward(new Variable(NdArray.Ones(new long[] { 1, 2 })));
            var copy = (ChainList)list.Copy(CopyMode.Copy);
            Assert.That(copy[0], Is.Not.SameAs(list[0]));
            Assert.That(copy.Select(l => l.Name), Is.EqualTo(new[] { "0", "1" }));
            var lstmCopy = (L.LSTM)copy[1];
            Assert.That(lstmCopy.Upward, Is.SameAs(lstmCopy["upward"]));
            Assert.That(lstmCopy.H, Is.Null, "a deep copy starts without state");
            Assert.That(lstm.H, Is.Not.Null);

            var nstep = new L.NStepLSTM(1, 2, 3, 0.0);
            var nstepCopy = (L.NStepLSTM)nstep.Copy(CopyMode.Copy);
            Assert.That(nstepCopy.Ws[0][0], Is.SameAs(nstepCopy[0].GetParam("w0")));
            Assert.That(nstepCopy.Ws[0][0], Is.Not.SameAs(nstep.Ws[0][0]));

            var seq = new Sequential { new L.Linear(2, 2), F.Relu, new L.Linear(2, 2), new L.Linear(2, 2) };
            var seqCopy = (Sequential)seq.Copy(CopyMode.Copy);
            Assert.That(seqCopy.LinkChildren.Select(l => l.Name), Is.EqualTo(new[] { "0", "1", "2" }));
            Assert.That(seqCopy[0], Is.SameAs(seqCopy.LinkChildren[0]));
            Assert.That(seqCopy[2], Is.SameAs(seqCopy.LinkChildren[2]), "layer order kept, Chainer's numbering kept");
        }

        [Test]
        public void Repeat_MakesASequentialOfCopies()
        {
            RandomState.Default.Seed(4);
            var block = new L.Linear(3, 3);
            Sequential init = block.Repeat(3);
            Assert.That(init.Count, Is.EqualTo(3));
            Assert.That(init.NamedParams().Select(p => p.Name), Is.EqualTo(new[] { "/0/W", "/0/b", "/1/W", "/1/b", "/2/W", "/2/b" }));
            var ws = init.LinkChildren.Select(l => TestUtil.F64(((L.Linear)l).W.Array)).ToList();
            Assert.That(ws[0], Is.Not.EqualTo(ws[1]), "init mode re-initializes each copy");

            Sequential copies = block.Repeat(2, CopyMode.Copy);
            Assert.That(TestUtil.F64(((L.Linear)copies[0]).W.Array), Is.EqualTo(TestUtil.F64(block.W.Array)));
            Sequential shared = block.Repeat(2, CopyMode.Share);
            Assert.That(((L.Linear)shared[1]).W.Array.SameAs(block.W.Array), Is.True);
            Assert.That(block.Repeat(0).Count, Is.EqualTo(0));
            Assert.Throws<ArgumentException>(() => new L.Bilinear(1, 1, 1).Repeat(2));
        }

        [Test]
        public void Persistents_ScalarsArraysAndNone()
        {
            var link = new Link();
            NdArray? owned = link.AddPersistent("stat", NdArray.Zeros(new long[] { 2 }));
            link.AddPersistent("count", 3L);
            link.AddPersistent("rate", 0.5);
            link.AddPersistent("flag", true);
            link.AddPersistent("later", null);
            Assert.That(link.PersistentNames, Is.EqualTo(new[] { "count", "flag", "later", "rate", "stat" }));
            Assert.That(link.GetPersistent("stat"), Is.SameAs(owned));
            Assert.That(link.GetPersistent("count"), Is.EqualTo(3L));
            Assert.That(link.GetPersistent("later"), Is.Null);
            link.SetPersistent("count", 4);
            link.SetPersistent("rate", 2);
            link.SetPersistent("stat", new NdArray(new float[] { 1, 2 }));
            link.SetPersistent("later", new NdArray(new double[] { 7 }));
            Assert.That(link.GetPersistent("count"), Is.EqualTo(4L));
            Assert.That(link.GetPersistent("rate"), Is.EqualTo(2.0));
            Assert.That(owned!.ToArray<float>(), Is.EqualTo(new float[] { 1, 2 }), "array persistents are updated in place");
            Assert.That(((NdArray)link.GetPersistent("later")!).ToArray<double>(), Is.EqualTo(new double[] { 7 }));
            Assert.Throws<ArgumentException>(() => link.SetPersistent("flag", 1L));
            Assert.Throws<KeyNotFoundException>(() => link.GetPersistent("nope"));
            Assert.Throws<ArgumentException>(() => link.AddPersistent("count", 1L));
            Assert.That(link.HasPersistent("flag"), Is.True);
            Assert.That(link.Params(), Is.Empty, "persistents are not parameters");

            // Persistent arrays survive the memory scope they were created in.
            NdArray? kept;
            using (chainer.NewScope())
            {
                kept = new Link().AddPersistent("a", NdArray.Ones(new long[] { 3 }));
            }

            Assert.That(kept!.ToArray<float>(), Is.EqualTo(new float[] { 1, 1, 1 }));
        }

        [Test]
        public void AddParam_CreatesParameters()
        {
            var link = new Link();
            Parameter w = link.AddParam("W", new long[] { 2, 3 }, DType.Float64, new Constant(2.0));
            Parameter lazy = link.AddParam("u");
            Assert.That(w.Dtype, Is.EqualTo(DType.Float64));
            Assert.That(TestUtil.F64(w.Array), Is.All.EqualTo(2.0));
            Assert.That(lazy.IsInitialized, Is.False);
            lazy.Initialize(new long[] { 2 });
            Assert.That(lazy.Array.ToArray<float>(), Is.All.NaN, "no initializer means NaN, as Chainer");
            Assert.That(link.GetParam("W"), Is.SameAs(w));
            Assert.That(link.GetParam("x"), Is.Null);
        }

        [Test]
        public void ToDevice_AcceptsCpuSpecifiers_AndRejectsInvalidOnes()
        {
            var model = new MLP(2, 2);
            Assert.That(model.Device, Is.EqualTo(Device.Cpu));
            Assert.That(model.ToDevice("@numpy"), Is.SameAs(model));
            Assert.DoesNotThrow(() => model.ToDevice("cpu"));
            Assert.DoesNotThrow(() => model.ToCpu());
            Assert.That(model.Device.Name, Is.EqualTo("@numpy"));
            Assert.Throws<ArgumentException>(() => model.ToDevice("tpu"));

            // Without CUDA a GPU device is refused with the backend's reason (tests/Cuda covers the GPU side).
            if (!Cuda.IsAvailable)
            {
                DeviceException? e = Assert.Throws<DeviceException>(() => model.ToDevice("@cuda:0"));
                Assert.That(e!.Message, Does.Contain(Cuda.UnavailableReason));
                Assert.Throws<DeviceException>(() => model.ToDevice("@cupy:1"));
                Assert.Throws<DeviceException>(() => model.ToGpu());
                Assert.That(model.Device, Is.EqualTo(Device.Cpu));
            }
        }

        [Test]
        public void Dispose_ReleasesTheHierarchy()
        {
            var model = new Chain { ["fc"] = new L.Linear(2, 2), ["bn"] = new L.BatchNormalization(2) };
            Parameter w = ((L.Linear)model["fc"]).W;
            NdArray mean = ((L.BatchNormalization)model["bn"]).AvgMean!;
            model.Dispose();
            Assert.That(model.IsDisposed, Is.True);
            Assert.That(w.IsDisposed, Is.True);
            Assert.That(mean.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => model.Copy());
            Assert.DoesNotThrow(() => model.Dispose());
        }

        [Test]
        public void ConfigTrain_SwitchesBatchNormalizationAndDropout()
        {
            RandomState.Default.Seed(5);
            var model = new Sequential { new L.Linear(4, 4), new L.BatchNormalization(4), x => F.Dropout(x, 0.5) };
            var bn = (L.BatchNormalization)model[1];
            var x = new Variable(TestUtil.Uniform(new RandomState(6), -1, 1, 8, 4).AsType(DType.Float32));
            model.Forward(x);
            Assert.That(TestUtil.F64(bn.AvgMean!).Any(v => v != 0), Is.True, "train mode updates the running mean");
            double[] before = TestUtil.F64(bn.AvgMean!);
            Variable y1, y2;
            using (Config.Using(train: false))
            {
                y1 = model.Forward(x);
                y2 = model.Forward(x);
            }

            Assert.That(TestUtil.F64(bn.AvgMean!), Is.EqualTo(before), "test mode leaves the statistics alone");
            Assert.That(TestUtil.F64(y1.Array), Is.EqualTo(TestUtil.F64(y2.Array)), "test mode is deterministic (no dropout)");
        }
    }
}
