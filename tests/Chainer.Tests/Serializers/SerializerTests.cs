using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Chainer.Serialization;
using Chainer.Tests.LinksTests;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.SerializersTests
{
    /// <summary>
    /// Saving and loading models in Chainer's .npz format: files written by real Chainer 7.8.1 load and reproduce its
    /// outputs; our files use Chainer's keys and dtypes (and load in Chainer: see <see cref="WritesVerificationSet"/>);
    /// bad files give typed errors; a failed save leaves the old file intact.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class SerializerTests
    {
        private string _dir = string.Empty;

        /// <summary>The interop model of make_link_fixtures.py: Linear, Convolution2D, BatchNormalization, EmbedID and a ChainList.</summary>
        public sealed class InteropNet : Chain
        {
            public InteropNet()
            {
                Embed = Add("embed", new L.EmbedID(10, 4));
                Conv = Add("conv", new L.Convolution2D(1, 3, 3, pad: 1));
                Bn = Add("bn", new L.BatchNormalization(3));
                Fc = Add("fc", new L.Linear(6));
                Stack = Add("stack", new ChainList(new L.Linear(6, 5), new L.Linear(5, 4, nobias: true)));
            }

            public L.EmbedID Embed { get; }

            public L.Convolution2D Conv { get; }

            public L.BatchNormalization Bn { get; }

            public L.Linear Fc { get; }

            public ChainList Stack { get; }

            public Variable Forward(Variable img, Variable ids)
            {
                Variable h = F.Relu(Bn.Forward(Conv.Forward(img)));
                Variable e = F.Sum(Embed.Forward(ids), axis: 1);
                h = F.Concat(new[] { h.Reshape(h.Shape[0], -1), e }, axis: 1);
                h = F.Relu(Fc.Forward(h));
                foreach (Link link in Stack)
                {
                    h = F.Tanh(((L.Linear)link).Forward(h));
                }

                return h;
            }
        }

        [SetUp]
        public void SetUp()
        {
            _dir = Path.Combine(Path.GetTempPath(), "chainer-serializer-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TearDown]
        public void TearDown()
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        private static JsonElement Net => LinkTestUtil.Json("net.json");

        private static (NdArray Img, NdArray Ids) NetInputs() =>
            (LinkTestUtil.ToNdArray(Net.GetProperty("img")), LinkTestUtil.ToNdArray(Net.GetProperty("ids")));

        [TestCase("chainer_net.npz", "")]
        [TestCase("chainer_net_stored.npz", "")]
        [TestCase("chainer_net_prefixed.npz", "model/")]
        public void LoadsAModelSavedByChainer_AndReproducesItsOutputs(string file, string path)
        {
            RandomState.Default.Seed(123);
            var net = new InteropNet();
            Assert.That(net.Fc.W.IsInitialized, Is.False);
            global::Chainer.Serializers.LoadNpz(LinkTestUtil.FixturePath(file), net, path);
            Assert.That(net.Fc.W.Shape, Is.EqualTo(new long[] { 6, (3 * 4 * 4) + 4 }), "the lazy parameter takes its shape from the file");
            Assert.That(net.Bn.N, Is.EqualTo(0), "SGD updates do not touch N");

            (NdArray img, NdArray ids) = NetInputs();
            using (Config.Using(train: false))
            {
                LinkTestUtil.AssertArray(net.Forward(img, ids).Array, Net.GetProperty("y_test"), "test mode", rtol: 1e-6, atol: 1e-7);
            }

            LinkTestUtil.AssertArray(net.Forward(img, ids).Array, Net.GetProperty("y_train"), "train mode", rtol: 1e-6, atol: 1e-7);
            LinkTestUtil.AssertArray(net.Bn.AvgMean!, Net.GetProperty("avg_mean_after_train"), "avg_mean", rtol: 1e-6, atol: 1e-7);
            LinkTestUtil.AssertArray(net.Bn.AvgVar!, Net.GetProperty("avg_var_after_train"), "avg_var", rtol: 1e-6, atol: 1e-7);
        }

        [Test]
        public void OurKeysAreChainers()
        {
            var net = new InteropNet();
            (NdArray img, NdArray ids) = NetInputs();
            net.Forward(img, ids);
            IReadOnlyList<KeyValuePair<string, NdArray?>> flat = global::Chainer.Serializers.Serialize(net);
            Assert.That(flat.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal),
                Is.EqualTo(Net.GetProperty("keys").EnumerateArray().Select(e => e.GetString())));
            NdArray n = flat.Single(p => p.Key == "bn/N").Value!;
            Assert.That(n.Dtype, Is.EqualTo(DType.Int64));
            Assert.That(n.Shape, Is.Empty, "N is a 0-d int64, as Chainer writes a Python int");
            Assert.That(flat.Any(p => p.Key == "stack/1/b"), Is.False, "nobias: no b key");
        }

        [TestCase(true)]
        [TestCase(false)]
        public void RoundTrip_RestoresParametersAndPersistents(bool compression)
        {
            RandomState.Default.Seed(5);
            var net = new InteropNet();
            (NdArray img, NdArray ids) = NetInputs();
            net.Forward(img, ids);
            net.Bn.N = 7;
            string file = Path.Combine(_dir, "net.npz");
            global::Chainer.Serializers.SaveNpz(file, net, compression);

            using (var zip = ZipFile.OpenRead(file))
            {
                Assert.That(zip.Entries.All(e => e.CompressedLength < e.Length == compression || e.Length < 200), Is.True,
                    "members are deflated only with compression");
            }

            RandomState.Default.Seed(6);
            var other = new InteropNet();
            global::Chainer.Serializers.LoadNpz(file, other);
            foreach (((string name, Parameter p), (string _, Parameter q)) in net.NamedParams().Zip(other.NamedParams()))
            {
                LinkTestUtil.AssertClose(q.Array, p.Array, name, 0, 0);
            }

            Assert.That(other.Bn.N, Is.EqualTo(7));
            LinkTestUtil.AssertClose(other.Bn.AvgMean!, net.Bn.AvgMean!, "avg_mean", 0, 0);
            using (Config.Using(train: false))
            {
                LinkTestUtil.AssertClose(other.Forward(img, ids).Array, net.Forward(img, ids).Array, "outputs", 0, 0);
            }
        }

        [Test]
        public void LazyParameters_SavedAsNone_AndLoadedFromChainersNone()
        {
            // Chainer wrote l1/W as None (never initialized): it stays uninitialized here; l2/W is loaded.
            var chain = new Chain { ["l1"] = new L.Linear(3), ["l2"] = new L.Linear(2, 3) };
            global::Chainer.Serializers.LoadNpz(LinkTestUtil.FixturePath("chainer_lazy.npz"), chain);
            Assert.That(((L.Linear)chain["l1"]).W.IsInitialized, Is.False);
            LinkTestUtil.AssertArray(((L.Linear)chain["l2"]).W.Array, Net.GetProperty("lazy_l2_W"), "l2/W", 0, 0);

            // We write None the same way, and read it back.
            string file = Path.Combine(_dir, "lazy.npz");
            global::Chainer.Serializers.SaveNpz(file, chain);
            var again = new Chain { ["l1"] = new L.Linear(3), ["l2"] = new L.Linear(2, 3) };
            global::Chainer.Serializers.LoadNpz(file, again);
            Assert.That(((L.Linear)again["l1"]).W.IsInitialized, Is.False);
            using (var zip = ZipFile.OpenRead(file))
            {
                Assert.That(zip.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal),
                    Is.EqualTo(new[] { "l1/W.npy", "l1/b.npy", "l2/W.npy", "l2/b.npy" }));
            }

            // A lazy BatchNormalization (statistics None) gets its statistics' shape from the file.
            var bn = new L.BatchNormalization((long[]?)null, axis: new[] { 0 });
            var trained = new L.BatchNormalization(new long[] { 2 }, axis: new[] { 0 });
            trained.Forward(new Variable(new NdArray(new float[,] { { 1, 2 }, { 3, 5 } })));
            string bnFile = Path.Combine(_dir, "bn.npz");
            global::Chainer.Serializers.SaveNpz(bnFile, new L.BatchNormalization((long[]?)null, axis: new[] { 0 }));
            global::Chainer.Serializers.LoadNpz(bnFile, bn);
            Assert.That(bn.AvgMean, Is.Null, "None stays None");
            global::Chainer.Serializers.SaveNpz(bnFile, trained);
            global::Chainer.Serializers.LoadNpz(bnFile, bn);
            LinkTestUtil.AssertClose(bn.AvgMean!, trained.AvgMean!, "avg_mean", 0, 0);
            Assert.That(bn.gamma!.Shape, Is.EqualTo(new long[] { 2 }));
        }

        [Test]
        public void Sequential_LoadsChainersNumbering()
        {
            var seq = new Sequential { new L.Linear(3, 4), F.Relu, new L.Linear(4, 5), new L.Linear(5, 2) };
            global::Chainer.Serializers.LoadNpz(LinkTestUtil.FixturePath("chainer_sequential.npz"), seq);
            LinkTestUtil.AssertArray(seq.Forward(LinkTestUtil.ToNdArray(Net.GetProperty("seq_x"))).Array, Net.GetProperty("seq_y"), "y", 1e-6, 1e-7);
        }

        [Test]
        public void MissingKey_Strict_NonStrict_AndIgnoreNames()
        {
            string file = Path.Combine(_dir, "small.npz");
            global::Chainer.Serializers.SaveNpz(file, new Chain { ["l1"] = new L.Linear(2, 3) });
            var target = new Chain { ["l1"] = new L.Linear(2, 3), ["l3"] = new L.Linear(3, 3) };
            SerializationKeyNotFoundException e = Assert.Throws<SerializationKeyNotFoundException>(
                () => global::Chainer.Serializers.LoadNpz(file, target))!;
            Assert.That(e.Key, Is.EqualTo("l3/W").Or.EqualTo("l3/b"));
            Assert.That(e.FilePath, Is.EqualTo(file));
            Assert.That(e.Message, Does.Contain(e.Key!).And.Contain(file));
            Assert.That(e, Is.InstanceOf<SerializationException>().And.InstanceOf<ChainerException>());

            var l3 = (L.Linear)target["l3"];
            double[] before = TestUtil.F64(l3.W.Array);
            Assert.DoesNotThrow(() => global::Chainer.Serializers.LoadNpz(file, target, strict: false));
            Assert.That(TestUtil.F64(l3.W.Array), Is.EqualTo(before), "missing keys leave values alone");

            Assert.DoesNotThrow(() => global::Chainer.Serializers.LoadNpz(file, target, ignoreNames: new[] { "l3/W", "l3/b" }));
            Assert.DoesNotThrow(() => global::Chainer.Serializers.LoadNpz(file, target, k => k.StartsWith("l3/", StringComparison.Ordinal)));

            // A present key that is ignored keeps its value too.
            var l1 = (L.Linear)target["l1"];
            using (NdArray w = l1.W.Array)
            {
                w.Fill(9);
            }

            global::Chainer.Serializers.LoadNpz(file, target, strict: false, ignoreNames: new[] { "l1/W" });
            Assert.That(TestUtil.F64(l1.W.Array), Is.All.EqualTo(9.0));
        }

        [Test]
        public void WrongShape_IsATypedErrorNamingKeyAndFile()
        {
            string file = Path.Combine(_dir, "shape.npz");
            global::Chainer.Serializers.SaveNpz(file, new Chain { ["l1"] = new L.Linear(2, 5) });
            SerializationShapeMismatchException e = Assert.Throws<SerializationShapeMismatchException>(
                () => global::Chainer.Serializers.LoadNpz(file, new Chain { ["l1"] = new L.Linear(2, 6) }))!;
            Assert.That(e.Key, Is.EqualTo("l1/W").Or.EqualTo("l1/b"));
            Assert.That(e.Message, Does.Contain(e.Key!).And.Contain(file).And.Contain("(5,"));
            Assert.That(e.ActualShape[0], Is.EqualTo(5));
            Assert.That(e.ExpectedShape[0], Is.EqualTo(6));
        }

        [Test]
        public void DTypes_FollowNumpysSameKindCasting()
        {
            string file = Path.Combine(_dir, "dtypes.npz");
            var arrays = new List<KeyValuePair<string, NdArray>>
            {
                new("W", new NdArray(new double[,] { { 0.1, 0.2 } })),
                new("b", new NdArray(new[] { 3 }, 1)),
                new("N", NdArray.Scalar(2.5, DType.Float64)),
            };
            global::Chainer.Serializers.SaveNpz(file, arrays);

            // float64 → float32 and int32 → float32 are same-kind casts, as numpy.copyto allows.
            var link = new Link();
            Parameter w = link.AddParam("W", new long[] { 1, 2 }, initializer: new global::Chainer.Initializers.Zero());
            Parameter b = link.AddParam("b", new long[] { 1 }, initializer: new global::Chainer.Initializers.Zero());
            global::Chainer.Serializers.LoadNpz(file, link, strict: false);
            Assert.That(w.Array.ToArray<float>(), Is.EqualTo(new[] { 0.1f, 0.2f }));
            Assert.That(b.Array.ToArray<float>(), Is.EqualTo(new[] { 3f }));

            // A float into an integer persistent (N) is refused, naming the key.
            var bn = new L.BatchNormalization(2);
            SerializationDTypeMismatchException e = Assert.Throws<SerializationDTypeMismatchException>(
                () => global::Chainer.Serializers.LoadNpz(file, bn, strict: false))!;
            Assert.That(e.Key, Is.EqualTo("N"));
            Assert.That(e.FileDType, Is.EqualTo("float64"));

            // A float into an integer array is refused too.
            var ints = new Link();
            ints.AddPersistent("W", NdArray.Zeros(new long[] { 1, 2 }, DType.Int32));
            Assert.Throws<SerializationDTypeMismatchException>(() => global::Chainer.Serializers.LoadNpz(file, ints, strict: false));
        }

        [Test]
        public void DamagedFiles_AreTypedErrors()
        {
            string good = Path.Combine(_dir, "good.npz");
            global::Chainer.Serializers.SaveNpz(good, new Chain { ["l1"] = new L.Linear(20, 30) }, compression: false);
            byte[] bytes = File.ReadAllBytes(good);

            string truncated = Path.Combine(_dir, "truncated.npz");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            NpzFormatException e1 = Assert.Throws<NpzFormatException>(
                () => global::Chainer.Serializers.LoadNpz(truncated, new Chain { ["l1"] = new L.Linear(20, 30) }))!;
            Assert.That(e1.FilePath, Is.EqualTo(truncated));
            Assert.That(e1, Is.InstanceOf<SerializationException>());

            string garbage = Path.Combine(_dir, "garbage.npz");
            File.WriteAllText(garbage, "this is not a zip file");
            Assert.Throws<NpzFormatException>(() => global::Chainer.Serializers.LoadNpz(garbage, new L.Linear(2, 2)));

            // A flipped byte inside a member's data: the CRC check names the member.
            string flipped = Path.Combine(_dir, "flipped.npz");
            byte[] copy = (byte[])bytes.Clone();
            copy[bytes.Length / 3] ^= 0x55;
            File.WriteAllBytes(flipped, copy);
            NpzFormatException e3 = Assert.Throws<NpzFormatException>(
                () => global::Chainer.Serializers.LoadNpz(flipped, new Chain { ["l1"] = new L.Linear(20, 30) }))!;
            Assert.That(e3.Key, Is.EqualTo("l1/W"));
            Assert.That(e3.Message, Does.Contain("l1/W").And.Contain(flipped));

            Assert.Throws<FileNotFoundException>(() => global::Chainer.Serializers.LoadNpz(Path.Combine(_dir, "none.npz"), new L.Linear(2, 2)));
        }

        [Test]
        public void InterruptedSave_LeavesTheOldFileIntact()
        {
            string file = Path.Combine(_dir, "model.npz");
            RandomState.Default.Seed(8);
            var model = new Chain { ["l1"] = new L.Linear(30, 40), ["l2"] = new L.Linear(40, 2) };
            global::Chainer.Serializers.SaveNpz(file, model);
            byte[] original = File.ReadAllBytes(file);

            // The disk fails half-way through the new file.
            var changed = (Chain)model.Copy(CopyMode.Init);
            Assert.Throws<IOException>(() => global::Chainer.Serializers.SaveNpz(file, changed, true, s => new FailingStream(s, 2000)));
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(original));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { file }), "no temporary file is left behind");

            // Serializing fails before anything is written.
            Assert.Throws<InvalidOperationException>(() => global::Chainer.Serializers.SaveNpz(file, new Exploding()));
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(original));

            var loaded = new Chain { ["l1"] = new L.Linear(30, 40), ["l2"] = new L.Linear(40, 2) };
            global::Chainer.Serializers.LoadNpz(file, loaded);
            LinkTestUtil.AssertClose(((L.Linear)loaded["l1"]).W.Array, ((L.Linear)model["l1"]).W.Array, "the old model", 0, 0);
        }

        [Test]
        public void DictionarySerializer_AndNpzDeserializer_AsVisitors()
        {
            // A custom ISerializable (what an optimizer implements): scalars and a child object.
            var state = new CustomState { T = 3, Rate = 0.25, Flag = true };
            state.Inner.AddPersistent("v", new NdArray(new float[] { 1, 2 }));
            var s = new DictionarySerializer();
            s.Save(state);
            Assert.That(s.Keys, Is.EqualTo(new[] { "t", "rate", "flag", "inner/v" }));
            Assert.That(s.GetArray("t")!.Dtype, Is.EqualTo(DType.Int64));
            Assert.That(s.GetArray("rate")!.Dtype, Is.EqualTo(DType.Float64));
            Assert.That(s.GetArray("flag")!.Dtype, Is.EqualTo(DType.Bool));
            Assert.That(s.IsLoading, Is.False);

            string file = Path.Combine(_dir, "state.npz");
            global::Chainer.Serializers.SaveNpz(file, state);
            var loaded = new CustomState();
            loaded.Inner.AddPersistent("v", NdArray.Zeros(new long[] { 2 }));
            var d = new NpzDeserializer(file);
            Assert.That(d.IsLoading, Is.True);
            Assert.That(d.FileKeys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(new[] { "flag", "inner/v", "rate", "t" }));
            d.Load(loaded);
            Assert.That(loaded.T, Is.EqualTo(3));
            Assert.That(loaded.Rate, Is.EqualTo(0.25));
            Assert.That(loaded.Flag, Is.True);
            Assert.That(((NdArray)loaded.Inner.GetPersistent("v")!).ToArray<float>(), Is.EqualTo(new float[] { 1, 2 }));
            Assert.That(d["a/"]["/b"].Path, Is.EqualTo("a/b/"));

            // Chainer's optimizer files (t, epoch and per-parameter state) read through the same visitor.
            var adam = new NpzDeserializer(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "npz", "chainer_adam.npz"));
            Assert.That(adam.Serialize("t", 0L), Is.GreaterThan(0));
            Assert.That(adam.FileKeys, Does.Contain("epoch"));
        }

        /// <summary>
        /// Writes our files for real Chainer to load. With CHAINER_LINKS_EXPORT_DIR set, the files and expected.json stay
        /// there and <c>make_link_fixtures.py verify &lt;dir&gt;</c> loads each into the same Chainer model and compares
        /// outputs, keys and dtypes; otherwise they go to a temporary directory and are read back here.
        /// </summary>
        [Test]
        public void WritesVerificationSet()
        {
            string? export = Environment.GetEnvironmentVariable("CHAINER_LINKS_EXPORT_DIR");
            string dir = string.IsNullOrEmpty(export) ? _dir : export;
            Directory.CreateDirectory(dir);
            var files = new List<Dictionary<string, object>>();

            // The interop model, trained a little here (SGD, BatchNormalization statistics), saved both ways.
            RandomState.Default.Seed(31);
            var net = new InteropNet();
            var rng = new RandomState(32);
            for (int step = 0; step < 3; step++)
            {
                using MemoryScope scope = chainer.NewScope();
                NdArray img = TestUtil.Uniform(rng, -1, 1, 4, 1, 4, 4).AsType(DType.Float32);
                NdArray ids = new NdArray(Enumerable.Range(0, 12).Select(_ => (int)rng.RandInt(0, 10)).ToArray(), 4, 3);
                NdArray target = TestUtil.Uniform(rng, -1, 1, 4, 4).AsType(DType.Float32);
                net.ClearGrads();
                F.MeanSquaredError(net.Forward(img, ids), target).Backward();
                LinksTests.CreatingModelsTests.Sgd(net, 0.1);
            }

            net.Bn.N = 4;
            (NdArray x, NdArray xIds) = NetInputs();
            foreach ((string name, bool compression) in new[] { ("ours_net.npz", true), ("ours_net_stored.npz", false) })
            {
                global::Chainer.Serializers.SaveNpz(Path.Combine(dir, name), net, compression);
            }

            Variable yTest;
            using (Config.Using(train: false))
            {
                yTest = net.Forward(x, xIds);
            }

            Variable yTrain = net.Forward(x, xIds);
            IReadOnlyList<KeyValuePair<string, NdArray?>> flat = global::Chainer.Serializers.Serialize(net);
            foreach (string name in new[] { "ours_net.npz", "ours_net_stored.npz" })
            {
                files.Add(new Dictionary<string, object>
                {
                    ["file"] = name,
                    ["kind"] = "InteropNet",
                    ["keys"] = flat.Select(p => p.Key).ToArray(),
                    ["dtypes"] = flat.ToDictionary(p => p.Key, p => p.Value!.Dtype.Name()),
                    ["shapes"] = flat.ToDictionary(p => p.Key, p => p.Value!.Shape),
                    ["img"] = Record(x),
                    ["ids"] = Record(xIds),
                    ["y_test"] = Record(yTest.Array),
                    ["y_train"] = Record(yTrain.Array),
                    ["avg_mean_after_train"] = Record(net.Bn.AvgMean!),
                    ["avg_var_after_train"] = Record(net.Bn.AvgVar!),
                    ["N"] = net.Bn.N,
                });
            }

            // Sequential: Chainer's numbering of the links.
            RandomState.Default.Seed(33);
            var seq = new Sequential { new L.Linear(3, 4), F.Relu, new L.Linear(4, 5), new L.Linear(5, 2) };
            global::Chainer.Serializers.SaveNpz(Path.Combine(dir, "ours_sequential.npz"), seq);
            NdArray sx = TestUtil.Uniform(new RandomState(34), -1, 1, 2, 3).AsType(DType.Float32);
            files.Add(new Dictionary<string, object>
            {
                ["file"] = "ours_sequential.npz",
                ["kind"] = "Sequential",
                ["keys"] = new[] { "0/W", "0/b", "1/W", "1/b", "2/W", "2/b" },
                ["x"] = Record(sx),
                ["y"] = Record(seq.Forward(sx).Array),
            });

            // An uninitialized lazy parameter is written as None.
            RandomState.Default.Seed(35);
            var lazy = new Chain { ["l1"] = new L.Linear(3), ["l2"] = new L.Linear(2, 3) };
            global::Chainer.Serializers.SaveNpz(Path.Combine(dir, "ours_lazy.npz"), lazy, compression: false);
            files.Add(new Dictionary<string, object>
            {
                ["file"] = "ours_lazy.npz",
                ["kind"] = "LazyChain",
                ["keys"] = new[] { "l1/W", "l1/b", "l2/W", "l2/b" },
                ["dtypes"] = new Dictionary<string, string> { ["l1/W"] = "object", ["l2/W"] = "float32" },
                ["l2_W"] = Record(((L.Linear)lazy["l2"]).W.Array),
            });

            File.WriteAllText(Path.Combine(dir, "expected.json"), JsonSerializer.Serialize(new Dictionary<string, object> { ["files"] = files }));

            // Read back here too.
            var back = new InteropNet();
            global::Chainer.Serializers.LoadNpz(Path.Combine(dir, "ours_net_stored.npz"), back);
            using (Config.Using(train: false))
            {
                LinkTestUtil.AssertClose(back.Forward(x, xIds).Array, yTest.Array, "read back", 0, 0);
            }
        }

        private static Dictionary<string, object> Record(NdArray a) => new Dictionary<string, object>
        {
            ["dtype"] = a.Dtype.Name(),
            ["shape"] = a.Shape,
            ["values"] = TestUtil.F64(a),
        };

        private sealed class CustomState : ISerializable
        {
            public long T { get; set; }

            public double Rate { get; set; }

            public bool Flag { get; set; }

            public Link Inner { get; } = new Link();

            public void Serialize(AbstractSerializer serializer)
            {
                T = serializer.Serialize("t", T);
                Rate = serializer.Serialize("rate", Rate);
                Flag = serializer.Serialize("flag", Flag);
                serializer.Serialize("inner", Inner);
            }
        }

        private sealed class Exploding : Link
        {
            public override void Serialize(AbstractSerializer serializer) => throw new InvalidOperationException("boom");
        }

        /// <summary>A stream that fails with an IOException after a number of bytes (a full disk).</summary>
        private sealed class FailingStream : Stream
        {
            private readonly Stream _inner;
            private long _left;

            public FailingStream(Stream inner, long bytes)
            {
                _inner = inner;
                _left = bytes;
            }

            public override bool CanRead => false;

            public override bool CanSeek => _inner.CanSeek;

            public override bool CanWrite => true;

            public override long Length => _inner.Length;

            public override long Position
            {
                get => _inner.Position;
                set => _inner.Position = value;
            }

            public override void Flush() => _inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

            public override void SetLength(long value) => _inner.SetLength(value);

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (count > _left)
                {
                    throw new IOException("No space left on device (simulated)");
                }

                _left -= count;
                _inner.Write(buffer, offset, count);
            }
        }
    }
}
