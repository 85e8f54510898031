using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Chainer.Initializers;
using Chainer.Optimizers;
using Chainer.Tests.SerializersTests;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.CudaTests
{
    /// <summary>Models on a GPU: moving links, lazy parameters, optimizer state, saving and loading, and training that matches the CPU.</summary>
    [TestFixture]
    public class CudaModelTests : CudaFixture
    {
        private string _dir = string.Empty;

        [SetUp]
        public void MakeDir()
        {
            _dir = Path.Combine(Path.GetTempPath(), "chainer-cuda-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TearDown]
        public void RemoveDir()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }

        [Test]
        public void Link_ToGpu_MovesEverything_AndToCpuRoundTrips()
        {
            var net = new SerializerTests.InteropNet();
            (NdArray img, NdArray ids) = Inputs(new RandomState(5));
            net.Forward(img, ids);  // initializes the lazy parameters and the statistics on the CPU
            Dictionary<string, double[]?> before = Snapshot(net);

            Assert.That(net.ToGpu(), Is.SameAs(net));
            foreach (Link link in net.Links())
            {
                Assert.That(link.Device, Is.EqualTo(Gpu), "every link of the hierarchy");
            }

            foreach (Parameter p in net.Params())
            {
                Assert.That(p.Array.Device, Is.EqualTo(Gpu), p.Name);
            }

            Assert.That(net.Bn.AvgMean!.Device, Is.EqualTo(Gpu), "persistent arrays move too");
            Assert.That(Snapshot(net), Is.EqualTo(before), "moving does not change values");

            net.ToCpu();
            Assert.That(net.Device, Is.EqualTo(Device.Cpu));
            Assert.That(net.Params().All(p => p.Array.Device == Device.Cpu), Is.True);
            Assert.That(net.Bn.AvgMean!.Device, Is.EqualTo(Device.Cpu));
            Assert.That(Snapshot(net), Is.EqualTo(before));
        }

        [Test]
        public void Forward_OnTheGpu_MatchesTheCpu_AndLazyParametersAreCreatedThere()
        {
            var cpuNet = new SerializerTests.InteropNet();
            var gpuNet = (SerializerTests.InteropNet)cpuNet.Copy(CopyMode.Copy);
            gpuNet.ToGpu();
            Assert.That(gpuNet.Fc.W.IsInitialized, Is.False);
            Assert.That(gpuNet.Fc.W.Device, Is.EqualTo(Gpu), "an uninitialized parameter knows its device");

            // Lazy initializers draw from the global generator: seed it identically for both models.
            (NdArray img, NdArray ids) = Inputs(new RandomState(6));
            RandomState.Default.Seed(11);
            Variable yCpu = cpuNet.Forward(img, ids);
            RandomState.Default.Seed(11);
            Variable yGpu = gpuNet.Forward(img.ToGpu(), ids.ToGpu());
            Assert.That(yGpu.Device, Is.EqualTo(Gpu));
            Assert.That(gpuNet.Fc.W.Array.Device, Is.EqualTo(Gpu), "initialized on the link's device");
            Assert.That(gpuNet.Bn.AvgMean!.Device, Is.EqualTo(Gpu), "statistics created on the link's device");
            AssertClose(TestUtil.F64(yGpu.Array), TestUtil.F64(yCpu.Array), 1e-4, "forward");
            AssertClose(TestUtil.F64(gpuNet.Bn.AvgVar!), TestUtil.F64(cpuNet.Bn.AvgVar!), 1e-4, "running variance");

            // A parameter added to a link on the GPU joins it there.
            Parameter extra = gpuNet.Fc.AddParam("extra", new long[] { 2 }, DType.Float32, new Constant(3));
            Assert.That(extra.Array.Device, Is.EqualTo(Gpu));
            var child = new L.Linear(2, 2);
            gpuNet.Stack.Add(child);
            Assert.That(child.Device, Is.EqualTo(Gpu), "a child added to a link on the GPU is moved there");
        }

        [Test]
        public void SaveNpz_FromTheGpu_AndLoadNpz_IntoTheGpu()
        {
            var net = new SerializerTests.InteropNet();
            net.ToGpu();
            (NdArray img, NdArray ids) = Inputs(new RandomState(7));
            net.Forward(img.ToGpu(), ids.ToGpu());
            string file = Path.Combine(_dir, "model.npz");
            Serializers.SaveNpz(file, net);

            var loaded = new SerializerTests.InteropNet();
            loaded.ToGpu();
            Serializers.LoadNpz(file, loaded);
            Assert.That(Snapshot(loaded), Is.EqualTo(Snapshot(net)));
            Assert.That(loaded.Params().All(p => p.Array.Device == Gpu), Is.True, "loaded into the parameters' device");
            Assert.That(loaded.Bn.AvgMean!.Device, Is.EqualTo(Gpu));

            // And into a CPU model, from the same file.
            var cpu = new SerializerTests.InteropNet();
            Serializers.LoadNpz(file, cpu);
            Assert.That(Snapshot(cpu), Is.EqualTo(Snapshot(net)));
            Assert.That(cpu.Params().All(p => p.Array.Device == Device.Cpu), Is.True);
        }

        [Test]
        public void OptimizerState_FollowsTheParameters()
        {
            var rng = new RandomState(8);
            var model = new L.Linear(4, 3);
            var opt = new Adam().Setup(model);
            NdArray x = TestUtil.Randn(rng, 5, 4).AsType(DType.Float32);
            opt.Update(() => F.Sum(F.Square(model.Forward(x))));
            Assert.That(model.W.UpdateRule!.State!["m"].Device, Is.EqualTo(Device.Cpu));

            // Set up on the CPU, then moved: the state follows at the next update (Chainer's behaviour).
            model.ToGpu();
            NdArray xg = x.ToGpu();
            opt.Update(() => F.Sum(F.Square(model.Forward(xg))));
            foreach (Parameter p in model.Params())
            {
                foreach (KeyValuePair<string, NdArray> s in p.UpdateRule!.State!)
                {
                    Assert.That(s.Value.Device, Is.EqualTo(Gpu), $"{p.Name}/{s.Key}");
                }
            }

            // Saved from the GPU, loaded into a fresh optimizer of a GPU model: the state lands on the GPU.
            string file = Path.Combine(_dir, "opt.npz");
            Serializers.SaveNpz(file, opt);
            var model2 = (L.Linear)model.Copy(CopyMode.Copy);
            var opt2 = new Adam().Setup(model2);
            Serializers.LoadNpz(file, opt2);
            opt.Update(() => F.Sum(F.Square(model.Forward(xg))));
            opt2.Update(() => F.Sum(F.Square(model2.Forward(xg))));
            Assert.That(model2.W.UpdateRule!.State!["v"].Device, Is.EqualTo(Gpu));
            Assert.That(model2.W.Array.ToArray<float>(), Is.EqualTo(model.W.Array.ToArray<float>()), "the same state gives the same step");
        }

        [TestCase(DType.Float64, 1e-9)]
        [TestCase(DType.Float32, 1e-4)]
        public void Mlp_Trains100Steps_LikeTheCpu(DType dtype, double rtol) =>
            TrainBoth(rng => new Mlp(784, 100, 10, dtype, rng), dtype, rtol, new long[] { 32, 784 }, steps: 100);

        [TestCase(DType.Float64, 1e-9)]
        [TestCase(DType.Float32, 1e-4)]
        public void Cnn_Trains100Steps_LikeTheCpu(DType dtype, double rtol) =>
            TrainBoth(rng => new SmallCnn(dtype, rng), dtype, rtol, new long[] { 16, 1, 28, 28 }, steps: 100);

        /// <summary>
        /// Trains a CPU model and its copy on the GPU from the same weights and batches with momentum SGD; the losses
        /// and the final parameters must agree step for step.
        /// </summary>
        internal static void TrainBoth(Func<RandomState, Chain> make, DType dtype, double rtol, long[] xShape, int steps)
        {
            var init = new RandomState(1);
            Chain cpu = make(init);
            var gpu = (Chain)cpu.Copy(CopyMode.Copy);
            gpu.ToGpu();
            var optCpu = new MomentumSGD(lr: 0.01).Setup(cpu);
            var optGpu = new MomentumSGD(lr: 0.01).Setup(gpu);
            var data = new RandomState(2);
            for (int step = 0; step < steps; step++)
            {
                using MemoryScope scope = chainer.NewScope();
                NdArray x = TestUtil.Randn(data, xShape).AsType(dtype);
                var labels = new int[xShape[0]];
                for (int i = 0; i < labels.Length; i++)
                {
                    labels[i] = (int)data.RandInt(0, 10);
                }

                var t = new NdArray(labels);
                double lossCpu = 0, lossGpu = 0;
                optCpu.Update(() =>
                {
                    Variable l = F.SoftmaxCrossEntropy(((IForward)cpu).Forward(x), t);
                    lossCpu = l.Array.Item<double>();
                    return l;
                });
                NdArray xg = x.ToGpu();
                NdArray tg = t.ToGpu();
                optGpu.Update(() =>
                {
                    Variable l = F.SoftmaxCrossEntropy(((IForward)gpu).Forward(xg), tg);
                    Assert.That(l.Device, Is.EqualTo(Gpu));
                    lossGpu = l.Array.Item<double>();
                    return l;
                });
                Assert.That(lossGpu, Is.EqualTo(lossCpu).Within(rtol * Math.Max(1, Math.Abs(lossCpu))), $"loss at step {step}");
            }

            List<Parameter> pc = cpu.Params().ToList();
            List<Parameter> pg = gpu.Params().ToList();
            for (int i = 0; i < pc.Count; i++)
            {
                Assert.That(pg[i].Array.Device, Is.EqualTo(Gpu));
                AssertClose(TestUtil.F64(pg[i].Array), TestUtil.F64(pc[i].Array), rtol, $"parameter {pc[i].Name} after {steps} steps");
            }
        }

        private static (NdArray Img, NdArray Ids) Inputs(RandomState rng)
        {
            NdArray img = TestUtil.Randn(rng, 2, 1, 4, 4).AsType(DType.Float32);
            var ids = new NdArray(new int[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            return (img, ids);
        }

        /// <summary>Every saved value of a model, read back to the host (null for an entry saved as None).</summary>
        private static Dictionary<string, double[]?> Snapshot(Link link) =>
            Serializers.Serialize(link).ToDictionary(kv => kv.Key, kv => kv.Value is null ? null : TestUtil.F64(kv.Value));

        /// <summary>An MLP of the benchmark suite's shape (smaller hidden layer): in - hidden - hidden - out, ReLU.</summary>
        internal sealed class Mlp : Chain, IForward
        {
            private readonly L.Linear _l1;
            private readonly L.Linear _l2;
            private readonly L.Linear _l3;

            internal Mlp(int nIn, int nHidden, int nOut, DType dtype, RandomState rng)
            {
                _l1 = Add("l1", new L.Linear(nIn, nHidden, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
                _l2 = Add("l2", new L.Linear(nHidden, nHidden, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
                _l3 = Add("l3", new L.Linear(nHidden, nOut, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
            }

            public Variable Forward(Variable x) => _l3.Forward(F.Relu(_l2.Forward(F.Relu(_l1.Forward(x)))));
        }

        /// <summary>A small CNN: conv 3x3 (8) - ReLU - max pool 2 - conv 3x3 (16) - ReLU - max pool 2 - linear 10.</summary>
        internal sealed class SmallCnn : Chain, IForward
        {
            private readonly L.Convolution2D _c1;
            private readonly L.Convolution2D _c2;
            private readonly L.Linear _fc;

            internal SmallCnn(DType dtype, RandomState rng)
            {
                _c1 = Add("c1", new L.Convolution2D(1, 8, 3, pad: 1, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
                _c2 = Add("c2", new L.Convolution2D(8, 16, 3, pad: 1, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
                _fc = Add("fc", new L.Linear(16 * 7 * 7, 10, initialW: new LeCunNormal(dtype: dtype, rng: rng), initialBias: new Constant(0, dtype)));
            }

            public Variable Forward(Variable x)
            {
                Variable h = F.MaxPooling2D(F.Relu(_c1.Forward(x)), 2);
                h = F.MaxPooling2D(F.Relu(_c2.Forward(h)), 2);
                return _fc.Forward(h);
            }
        }
    }
}
