using System;
using System.Threading;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests
{
    /// <summary>Native memory is released by Dispose, scopes and finalizers (ch_live_storage_count).</summary>
    [TestFixture]
    [NonParallelizable]
    public class MemoryTests
    {
        [Test]
        public void Scope_ReleasesEverythingCreatedInside()
        {
            long start = TestUtil.SettledLiveCount();
            using (chainer.NewScope())
            {
                var x = new Variable(new NdArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
                Variable y = x.Pow(2) - 2 * x + 1;
                y.Grad = NdArray.Ones(new long[] { 2, 3 });
                y.Backward(enableDoubleBackprop: true);
                Variable gx = x.GradVar!;
                x.ClearGrad();
                gx.Grad = NdArray.Ones(new long[] { 2, 3 });
                gx.Backward();
                _ = x.Grad!.ToString();
                _ = (x.Array + 1) * 2;
                Assert.That(chainer.LiveStorageCount(), Is.GreaterThan(start));
            }

            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void Dispose_ReleasesStorage()
        {
            long start = TestUtil.SettledLiveCount();
            var a = NdArray.Ones(new long[] { 1000 });
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start + 1));
            var v = new Variable(a);
            a.Dispose();
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start + 1), "the variable still holds the data");
            v.Dispose();
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void Keep_ExemptsAnObject_AndMovesItToTheEnclosingScope()
        {
            long start = TestUtil.SettledLiveCount();
            Variable kept;
            using (MemoryScope outer = chainer.NewScope())
            {
                using (MemoryScope inner = chainer.NewScope())
                {
                    Assert.That(MemoryScope.Current, Is.SameAs(inner));
                    var x = new Variable(new NdArray(new float[] { 1, 2 }));
                    kept = inner.Keep(F.Sum(x * x));
                    Assert.That(inner.Count, Is.GreaterThan(0));
                }

                Assert.That(MemoryScope.Current, Is.SameAs(outer));
                Assert.That(kept.IsDisposed, Is.False);
                Assert.That(kept.Array.Item<float>(), Is.EqualTo(5f));
                Assert.That(outer.Count, Is.GreaterThanOrEqualTo(1));
            }

            Assert.That(kept.IsDisposed, Is.True);
            Assert.That(MemoryScope.Current, Is.Null);
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void Keep_WithoutEnclosingScope_LeavesTheObjectAlive()
        {
            long start = TestUtil.SettledLiveCount();
            NdArray kept;
            MemoryScope scope;
            using (scope = chainer.NewScope())
            {
                kept = scope.Keep(NdArray.Ones(new long[] { 3 }));
                _ = NdArray.Zeros(new long[] { 3 });
            }

            Assert.That(scope.IsDisposed, Is.True);
            Assert.That(kept.ToArray<float>(), Is.EqualTo(new float[] { 1, 1, 1 }));
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start + 1));
            kept.Dispose();
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
            Assert.Throws<ObjectDisposedException>(() => scope.Keep(NdArray.Ones(new long[] { 1 })));
        }

        [Test]
        public void Finalizers_AreTheFallback()
        {
            long start = TestUtil.SettledLiveCount();
            MakeGarbage();
            Assert.That(TestUtil.SettledLiveCount(), Is.EqualTo(start));
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void MakeGarbage()
        {
            for (int i = 0; i < 50; i++)
            {
                var x = new Variable(NdArray.Ones(new long[] { 10, 10 }));
                F.Sum(F.Exp(x) * x).Backward();
                _ = x.Grad;
            }
        }

        [Test]
        public void LinkParameters_OutliveScopes_AndAreFreedByDispose()
        {
            long start = TestUtil.SettledLiveCount();
            L.Linear link;
            using (chainer.NewScope())
            {
                link = new L.Linear(3, 2);
                Variable y = link.Forward(new Variable(NdArray.Ones(new long[] { 4, 3 })));
                F.Sum(y).Backward();
            }

            // W, b and their two grads are alive.
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start + 4));
            link.Dispose();
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void Scopes_ArePerThread()
        {
            long start = TestUtil.SettledLiveCount();
            NdArray? fromOtherThread = null;
            using (chainer.NewScope())
            {
                var t = new Thread(() =>
                {
                    Assert.That(MemoryScope.Current, Is.Null);
                    fromOtherThread = NdArray.Ones(new long[] { 2 });
                });
                t.Start();
                t.Join();
            }

            Assert.That(fromOtherThread!.IsDisposed, Is.False);
            fromOtherThread.Dispose();
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void GradientCheck_ReleasesItsTemporaries()
        {
            var rng = new RandomState(5);
            NdArray x = TestUtil.Randn(rng, 3, 2);
            NdArray gy = TestUtil.Randn(rng, 3, 2);
            NdArray ggx = TestUtil.Randn(rng, 3, 2);
            long start = TestUtil.SettledLiveCount();
            GradientCheck.CheckBackward(v => F.Exp(v) * v, x, gy, rng: rng);
            GradientCheck.CheckDoubleBackward(v => F.Exp(v) * v, x, gy, ggx, rng: rng);
            Assert.That(chainer.LiveStorageCount(), Is.EqualTo(start));
        }

        [Test]
        public void LiveBytes_AreReported()
        {
            long before = chainer.LiveStorageBytes();
            using var a = NdArray.Zeros(new long[] { 1024 }, DType.Float64);
            Assert.That(chainer.LiveStorageBytes() - before, Is.GreaterThanOrEqualTo(8192));
        }

        [Test]
        public void MemoryPressure_IsReportedToTheGC()
        {
            long before = Interop.MemoryPressure.Reported;
            using var a = NdArray.Zeros(new long[] { 4 << 20 }, DType.Float32);
            Assert.That(Interop.MemoryPressure.Reported - before, Is.GreaterThanOrEqualTo(8L << 20));
            a.Dispose();
            Assert.That(Interop.MemoryPressure.Reported - before, Is.LessThan(2L << 20));
        }
    }
}
