using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests
{
    /// <summary><c>chainer.NumThreads</c>: the CPU pool's size, process-wide.</summary>
    [TestFixture]
    [NonParallelizable]
    public class NumThreadsTests
    {
        [Test]
        public void DefaultsToTheProcessorCount_AndResultsAgreeAcrossCounts()
        {
            int before = chainer.NumThreads;
            Assert.That(before, Is.EqualTo(Environment.ProcessorCount));
            var rng = new RandomState(3);
            using var a = new Variable(TestUtil.Randn(rng, 300, 200).AsType(DType.Float32));
            using var b = new Variable(TestUtil.Randn(rng, 200, 250).AsType(DType.Float32));
            float[] Run()
            {
                using Variable y = F.Tanh(F.MatMul(a, b));
                using Variable s = F.Sum(y, axis: 0);
                return s.Array.ToArray<float>();
            }

            float[] reference = Run();
            try
            {
                foreach (int n in new[] { 1, 3 })
                {
                    chainer.NumThreads = n;
                    Assert.That(chainer.NumThreads, Is.EqualTo(n));
                    // OpenBLAS's blocking follows the split of the product, so the last bits may differ.
                    TestUtil.AssertClose(Array.ConvertAll(Run(), v => (double)v), Array.ConvertAll(reference, v => (double)v), 1e-4, 1e-5);
                }
            }
            finally
            {
                chainer.NumThreads = before;
            }

            Assert.That(chainer.NumThreads, Is.EqualTo(before));
        }

        [TestCase(0)]
        [TestCase(-2)]
        [TestCase(1025)]
        public void OutOfRange_IsATypedError(int n)
        {
            int before = chainer.NumThreads;
            var e = Assert.Throws<ChainerArgumentException>(() => chainer.NumThreads = n)!;
            Assert.That(e.Message, Does.Contain("threads must be in [1, 1024]"));
            Assert.That(chainer.NumThreads, Is.EqualTo(before));
        }
    }
}
