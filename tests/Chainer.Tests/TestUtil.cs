using System;
using System.Linq;
using NUnit.Framework;

namespace Chainer.Tests
{
    /// <summary>Helpers shared by the tests.</summary>
    internal static class TestUtil
    {
        /// <summary>
        /// The device the random generators below place their arrays on (null: the CPU); the CUDA suite sets it to
        /// re-run whole test tables on a GPU, captured constants included.
        /// </summary>
        [ThreadStatic]
        internal static Device? TargetDevice;

        /// <summary><paramref name="host"/> on <see cref="TargetDevice"/> (itself when that is the CPU).</summary>
        internal static NdArray Placed(NdArray host)
        {
            if (TargetDevice is not Device d || d.IsCpu)
            {
                return host;
            }

            using (host)
            {
                return host.ToDevice(d);
            }
        }
        /// <summary>A float64 array of N(0, 1) draws from a seeded generator.</summary>
        internal static NdArray Randn(RandomState rng, params long[] shape)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[size];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = rng.StandardNormal();
            }

            return Placed(NdArray.FromArray(values, shape));
        }

        /// <summary>A float64 array of uniform draws in [low, high).</summary>
        internal static NdArray Uniform(RandomState rng, double low, double high, params long[] shape)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[size];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = rng.Uniform(low, high);
            }

            return Placed(NdArray.FromArray(values, shape));
        }

        /// <summary>A float64 array whose magnitudes lie in [low, high) with random signs.</summary>
        internal static NdArray AwayFromZero(RandomState rng, double low, double high, params long[] shape)
        {
            long size = shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[size];
            for (int i = 0; i < values.Length; i++)
            {
                double v = rng.Uniform(low, high);
                values[i] = rng.RandomSample() < 0.5 ? -v : v;
            }

            return Placed(NdArray.FromArray(values, shape));
        }

        /// <summary>A random shape with 1..maxNdim dimensions of length 1..maxDim.</summary>
        internal static long[] RandomShape(RandomState rng, int minNdim, int maxNdim, int maxDim = 4)
        {
            int ndim = (int)rng.RandInt(minNdim, maxNdim + 1);
            var shape = new long[ndim];
            for (int i = 0; i < ndim; i++)
            {
                shape[i] = rng.RandInt(1, maxDim + 1);
            }

            return shape;
        }

        /// <summary>A shape that broadcasts to <paramref name="shape"/>: some axes set to 1, some leading axes dropped.</summary>
        internal static long[] BroadcastableTo(RandomState rng, long[] shape)
        {
            int drop = shape.Length == 0 ? 0 : (int)rng.RandInt(0, shape.Length + 1);
            var result = shape.Skip(drop).ToArray();
            for (int i = 0; i < result.Length; i++)
            {
                if (rng.RandomSample() < 0.4)
                {
                    result[i] = 1;
                }
            }

            return result;
        }

        /// <summary>Asserts that two float arrays are element-wise close.</summary>
        internal static void AssertClose(double[] actual, double[] expected, double atol = 1e-6, double rtol = 1e-6)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), "length");
            for (int i = 0; i < actual.Length; i++)
            {
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(atol + rtol * Math.Abs(expected[i])), $"element {i}");
            }
        }

        /// <summary>The elements of an array as float64.</summary>
        internal static double[] F64(NdArray a)
        {
            using NdArray c = a.AsType(DType.Float64);
            return c.ToArray<double>();
        }

        /// <summary>The number of live native storage buffers after the finalizers of unreachable objects ran.</summary>
        internal static long SettledLiveCount()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return chainer.LiveStorageCount();
        }
    }
}
