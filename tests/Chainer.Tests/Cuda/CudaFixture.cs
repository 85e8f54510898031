using NUnit.Framework;

namespace Chainer.Tests.CudaTests
{
    /// <summary>
    /// The base of every fixture that needs a CUDA device: each test is skipped, with the backend's reason, where
    /// CUDA is not available (no backend built, no driver, no GPU), and really runs on a GPU host.
    /// </summary>
    [Category("Cuda")]
    [NonParallelizable]
    public abstract class CudaFixture
    {
        /// <summary>CUDA device 0.</summary>
        protected static Device Gpu => Device.Gpu(0);

        [SetUp]
        public void RequireCuda()
        {
            if (!Cuda.IsAvailable)
            {
                Assert.Ignore(Cuda.UnavailableReason ?? "CUDA is not available.");
            }
        }

        /// <summary>Relative closeness per element, with an absolute floor of <paramref name="rtol"/> times the largest magnitude.</summary>
        internal static void AssertClose(double[] actual, double[] expected, double rtol, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: size");
            double scale = 0;
            foreach (double e in expected)
            {
                if (double.IsFinite(e))
                {
                    scale = System.Math.Max(scale, System.Math.Abs(e));
                }
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (!double.IsFinite(expected[i]))
                {
                    Assert.That(actual[i], Is.EqualTo(expected[i]), $"{what}: element {i} (non-finite)");
                    continue;
                }

                double tol = (rtol * System.Math.Abs(expected[i])) + (rtol * scale);
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tol), $"{what}: element {i}");
            }
        }
    }
}
