using System;
using System.Runtime.CompilerServices;
using Chainer.Optimizers;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.CudaTests
{
    /// <summary>The caching memory pool: statistics, deterministic release, finalizers, and no growth over long training.</summary>
    [TestFixture]
    public class CudaMemoryTests : CudaFixture
    {
        private const long Bytes64M = 64L << 20;

        [Test]
        public void Dispose_ReturnsMemoryToThePool()
        {
            Settle();
            CudaMemoryStats before = Cuda.GetMemoryStats();
            NdArray a = NdArray.Zeros(new long[] { Bytes64M / 4 }, DType.Float32, Gpu);
            CudaMemoryStats held = Cuda.GetMemoryStats();
            Assert.That(held.Used - before.Used, Is.GreaterThanOrEqualTo(Bytes64M), "the array is counted as used");
            Assert.That(held.Peak, Is.GreaterThanOrEqualTo(held.Used));
            a.Dispose();
            CudaMemoryStats after = Cuda.GetMemoryStats();
            Assert.That(after.Used, Is.EqualTo(before.Used), "Dispose gives the block back at once");
            Assert.That(after.Cached, Is.GreaterThanOrEqualTo(Bytes64M), "kept for reuse");

            // The same size again is served from the cache, without a new device allocation.
            using (NdArray b = NdArray.Zeros(new long[] { Bytes64M / 4 }, DType.Float32, Gpu))
            {
                Assert.That(Cuda.GetMemoryStats().DeviceAllocations, Is.EqualTo(after.DeviceAllocations));
            }

            Cuda.ResetPeakMemory();
            CudaMemoryStats reset = Cuda.GetMemoryStats();
            Assert.That(reset.Peak, Is.EqualTo(reset.Used));

            Cuda.FreeCachedMemory();
            CudaMemoryStats freed = Cuda.GetMemoryStats();
            Assert.That(freed.Cached, Is.EqualTo(0), "every cached block went back to the driver");
            Assert.That(freed.DeviceFrees, Is.GreaterThan(after.DeviceFrees));
            Assert.That(freed.Used, Is.EqualTo(before.Used));
        }

        [Test]
        public void MemoryScope_ReleasesEverythingCreatedInside()
        {
            // Once untimed, so that anything the backend keeps for the process (a cuBLAS workspace) is already held.
            long used = 0;
            Step(checkGrowth: false);
            Settle();
            used = Cuda.GetMemoryStats().Used;
            Step(checkGrowth: true);
            Assert.That(Cuda.GetMemoryStats().Used, Is.EqualTo(used));

            void Step(bool checkGrowth)
            {
                using MemoryScope scope = chainer.NewScope();
                var x = new Variable(NdArray.Ones(new long[] { 256, 256 }, DType.Float32, Gpu));
                Variable y = F.Sum(F.Tanh(F.MatMul(x, x)));
                y.Backward();
                if (checkGrowth)
                {
                    Assert.That(Cuda.GetMemoryStats().Used, Is.GreaterThan(used));
                }
            }
        }

        [Test]
        public void Finalizers_ReleaseGpuArraysSafely()
        {
            Settle();
            long used = Cuda.GetMemoryStats().Used;
            LeakArrays(32);
            Assert.That(Cuda.GetMemoryStats().Used, Is.GreaterThan(used));
            Settle();
            Assert.That(Cuda.GetMemoryStats().Used, Is.EqualTo(used), "the finalizer thread freed the device memory");

            // The pool is still usable after frees from another thread.
            using NdArray z = NdArray.Full(new long[] { 1000 }, 2, DType.Float64, Gpu);
            Assert.That(z.ToArray<double>(), Is.All.EqualTo(2.0));
        }

        [Test]
        public void LongTraining_KeepsUsedMemoryFlat()
        {
            var model = new CudaModelTests.Mlp(784, 100, 10, DType.Float32, new RandomState(3));
            model.ToGpu();
            var opt = new MomentumSGD(lr: 0.01).Setup(model);
            var rng = new RandomState(4);
            NdArray x = TestUtil.Randn(rng, 32, 784).AsType(DType.Float32).ToGpu();
            var labels = new int[32];
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (int)rng.RandInt(0, 10);
            }

            NdArray t = new NdArray(labels).ToGpu();
            const int warmup = 100;
            const int steps = 10_000;
            CudaMemoryStats afterWarmup = default;
            for (int step = 0; step < steps; step++)
            {
                using (MemoryScope scope = chainer.NewScope())
                {
                    opt.Update(() => F.SoftmaxCrossEntropy(model.Forward(x), t));
                }

                if (step + 1 == warmup)
                {
                    Cuda.Synchronize();
                    afterWarmup = Cuda.GetMemoryStats();
                }
            }

            Cuda.Synchronize();
            CudaMemoryStats end = Cuda.GetMemoryStats();
            Assert.That(end.Used, Is.EqualTo(afterWarmup.Used), "no memory is held by finished steps");
            Assert.That(end.DeviceAllocations, Is.EqualTo(afterWarmup.DeviceAllocations), "the pool serves every step from its cache");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void LeakArrays(int n)
        {
            for (int i = 0; i < n; i++)
            {
                // Created outside any scope and never disposed: only the finalizer releases them.
                var a = NdArray.Zeros(new long[] { 1 << 16 }, DType.Float32, Gpu);
                GC.KeepAlive(a);
            }
        }

        private static void Settle()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Cuda.Synchronize();
        }
    }
}
