using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Chainer.Initializers;
using Chainer.Tests.LinksTests;
using NUnit.Framework;

namespace Chainer.Tests.InitializersTests
{
    /// <summary>
    /// The initializers against real Chainer 7.8.1 (data/links/initializers.json: the same draws for the same seeds),
    /// their statistics on large draws, and the fans.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class InitializerTests
    {
        private static IEnumerable<TestCaseData> FixtureCases()
        {
            int i = 0;
            foreach (JsonElement c in LinkTestUtil.Json("initializers.json").GetProperty("cases").EnumerateArray())
            {
                string name = c.GetProperty("name").GetString()!;
                string shape = string.Join("x", c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
                yield return new TestCaseData(i++).SetArgDisplayNames($"{name} {shape} {c.GetProperty("dtype").GetString()}");
            }
        }

        private static Initializer Make(string name, RandomState? rng) => name switch
        {
            "Normal" => new Normal(rng: rng),
            "Normal(0.7)" => new Normal(0.7, rng: rng),
            "Normal(rng)" => new Normal(1.0, rng: rng),
            "LeCunNormal" => new LeCunNormal(rng: rng),
            "GlorotNormal(2.0)" => new GlorotNormal(2.0, rng: rng),
            "HeNormal" => new HeNormal(rng: rng),
            "HeNormal(fan_out)" => new HeNormal(0.5, fanOption: FanOption.FanOut, rng: rng),
            "Uniform" => new Uniform(rng: rng),
            "Uniform(0.3)" => new Uniform(0.3, rng: rng),
            "LeCunUniform" => new LeCunUniform(rng: rng),
            "GlorotUniform" or "GlorotUniform(rng)" => new GlorotUniform(rng: rng),
            "HeUniform(1.5)" => new HeUniform(1.5, rng: rng),
            "HeUniform(rng)" => new HeUniform(rng: rng),
            "Orthogonal" or "Orthogonal(rng)" => new Orthogonal(rng: rng),
            "Orthogonal(1.0)" => new Orthogonal(1.0, rng: rng),
            "Orthogonal(2.0)" => new Orthogonal(2.0, rng: rng),
            "Identity(2.0)" => new Identity(2.0),
            _ => throw new ArgumentException(name),
        };

        [TestCaseSource(nameof(FixtureCases))]
        public void SameDrawsAsChainer(int index)
        {
            JsonElement c = LinkTestUtil.Json("initializers.json").GetProperty("cases")[index];
            string name = c.GetProperty("name").GetString()!;
            long[] shape = c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            DType dtype = c.GetProperty("dtype").GetString() == "float32" ? DType.Float32 : DType.Float64;
            RandomState.Default.Seed((uint)c.GetProperty("seed").GetInt32());
            RandomState? rng = c.GetProperty("rng_seed").ValueKind == JsonValueKind.Null ? null : new RandomState((uint)c.GetProperty("rng_seed").GetInt32());
            using NdArray a = NdArray.Empty(shape, dtype);
            Make(name, rng).Initialize(a);

            // Draws are cast from the same float64 values: float32 results are identical; Orthogonal's QR differs from
            // LAPACK's only in the last bits.
            bool qr = name.StartsWith("Orthogonal", StringComparison.Ordinal) && shape.Length > 0;
            double rtol = qr ? 1e-9 : 1e-15;
            double atol = qr ? 1e-12 : 0;
            if (dtype == DType.Float32 && qr)
            {
                (rtol, atol) = (1e-6, 1e-7);
            }

            LinkTestUtil.AssertArray(a, c.GetProperty("values"), name, rtol, atol);
        }

        [Test]
        public void Fans_AsChainer()
        {
            foreach (JsonElement f in LinkTestUtil.Json("initializers.json").GetProperty("fans").EnumerateArray())
            {
                long[] shape = f.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                (long fanIn, long fanOut) = Initializer.GetFans(shape);
                Assert.That(fanIn, Is.EqualTo(f.GetProperty("fan_in").GetInt64()), "fan_in of " + ShapeText(shape));
                Assert.That(fanOut, Is.EqualTo(f.GetProperty("fan_out").GetInt64()), "fan_out of " + ShapeText(shape));
            }

            Assert.Throws<ArgumentException>(() => Initializer.GetFans(Array.Empty<long>()));
            Assert.Throws<ArgumentException>(() => new GlorotUniform().Initialize(NdArray.Empty(new long[] { 4 })));
            Assert.Throws<ArgumentException>(() => new HeNormal().Initialize(NdArray.Empty(new long[] { 4 })));
        }

        // name, expected mean, expected std (from the formula), shape (out, in, k): fan_in = in·k, fan_out = out·k.
        private static IEnumerable<TestCaseData> StatisticsCases()
        {
            const long Out = 300, In = 100, K = 2;
            double fanIn = In * K, fanOut = Out * K;
            yield return new TestCaseData("Normal(0.3)", (Func<Initializer>)(() => new Normal(0.3)), 0.3).SetName("Statistics_Normal");
            yield return new TestCaseData("LeCunNormal", (Func<Initializer>)(() => new LeCunNormal(2.0)), 2.0 * Math.Sqrt(1 / fanIn)).SetName("Statistics_LeCunNormal");
            yield return new TestCaseData("GlorotNormal", (Func<Initializer>)(() => new GlorotNormal()), Math.Sqrt(2 / (fanIn + fanOut))).SetName("Statistics_GlorotNormal");
            yield return new TestCaseData("HeNormal", (Func<Initializer>)(() => new HeNormal()), Math.Sqrt(2 / fanIn)).SetName("Statistics_HeNormal");
            yield return new TestCaseData("HeNormal fan_out", (Func<Initializer>)(() => new HeNormal(fanOption: FanOption.FanOut)), Math.Sqrt(2 / fanOut)).SetName("Statistics_HeNormalFanOut");

            // U(-s, s) has std s/√3.
            yield return new TestCaseData("Uniform", (Func<Initializer>)(() => new Uniform(0.2)), 0.2 / Math.Sqrt(3)).SetName("Statistics_Uniform");
            yield return new TestCaseData("LeCunUniform", (Func<Initializer>)(() => new LeCunUniform()), Math.Sqrt(3 / fanIn) / Math.Sqrt(3)).SetName("Statistics_LeCunUniform");
            yield return new TestCaseData("GlorotUniform", (Func<Initializer>)(() => new GlorotUniform()), Math.Sqrt(6 / (fanIn + fanOut)) / Math.Sqrt(3)).SetName("Statistics_GlorotUniform");
            yield return new TestCaseData("HeUniform", (Func<Initializer>)(() => new HeUniform()), Math.Sqrt(6 / fanIn) / Math.Sqrt(3)).SetName("Statistics_HeUniform");
        }

        [TestCaseSource(nameof(StatisticsCases))]
        public void Statistics_MatchTheFormula(string name, Func<Initializer> make, double std)
        {
            RandomState.Default.Seed(42);
            using NdArray a = NdArray.Empty(new long[] { 300, 100, 2 }, DType.Float64);
            make().Initialize(a);
            double[] v = a.ToArray<double>();
            double mean = v.Average();
            double sd = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Sum() / v.Length);

            // 60 000 draws: the sample mean is within a few std/√n, the sample std within a few percent.
            Assert.That(Math.Abs(mean), Is.LessThan(5 * std / Math.Sqrt(v.Length)), name + " mean");
            Assert.That(sd, Is.EqualTo(std).Within(0.02 * std), name + " std");
            if (name.Contains("Uniform", StringComparison.Ordinal))
            {
                double bound = std * Math.Sqrt(3);
                Assert.That(v.Max(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.99 * bound), name + " max");
                Assert.That(v.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.99 * bound), name + " min");
            }
        }

        [TestCase(3, 7, 1.1)]
        [TestCase(7, 3, 1.1)]
        [TestCase(5, 5, 0.5)]
        public void Orthogonal_IsScaledOrthonormal(int rows, int cols, double scale)
        {
            RandomState.Default.Seed(3);
            using NdArray a = NdArray.Empty(new long[] { rows, cols }, DType.Float64);
            new Orthogonal(scale).Initialize(a);
            double[] v = a.ToArray<double>();

            // The smaller Gram matrix (rows·rowsᵀ when wide, colsᵀ·cols when tall) is scale²·I.
            bool wide = cols >= rows;
            int n = wide ? rows : cols;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (int k = 0; k < (wide ? cols : rows); k++)
                    {
                        dot += wide ? v[(i * cols) + k] * v[(j * cols) + k] : v[(k * cols) + i] * v[(k * cols) + j];
                    }

                    Assert.That(dot, Is.EqualTo(i == j ? scale * scale : 0.0).Within(1e-12), $"gram[{i},{j}]");
                }
            }
        }

        [Test]
        public void Orthogonal_ModesAndErrors()
        {
            Assert.Throws<ArgumentException>(() => new Orthogonal(mode: OrthogonalMode.Basis).Initialize(NdArray.Empty(new long[] { 2, 3 })));
            Assert.Throws<ArgumentException>(() => new Orthogonal(mode: OrthogonalMode.Embedding).Initialize(NdArray.Empty(new long[] { 2, 3 })));
            Assert.Throws<ArgumentException>(() => new Orthogonal(mode: OrthogonalMode.Projection).Initialize(NdArray.Empty(new long[] { 3, 2 })));
            Assert.DoesNotThrow(() => new Orthogonal(mode: OrthogonalMode.Projection).Initialize(NdArray.Empty(new long[] { 2, 3 })));
            Assert.DoesNotThrow(() => new Orthogonal(mode: OrthogonalMode.Embedding).Initialize(NdArray.Empty(new long[] { 3, 2 })));
            Assert.DoesNotThrow(() => new Orthogonal(mode: OrthogonalMode.Basis).Initialize(NdArray.Empty(new long[] { 3, 3 })));
            ArgumentException? e = Assert.Throws<ArgumentException>(() => new Orthogonal().Initialize(NdArray.Empty(new long[] { 0, 3 })));
            Assert.That(e!.Message, Does.Contain("non-empty"));
        }

        [Test]
        public void Identity_AndErrors()
        {
            using NdArray a = NdArray.Empty(new long[] { 3, 3 });
            new Identity(2.5).Initialize(a);
            Assert.That(a.ToArray<float>(), Is.EqualTo(new float[] { 2.5f, 0, 0, 0, 2.5f, 0, 0, 0, 2.5f }));
            Assert.Throws<ArgumentException>(() => new Identity().Initialize(NdArray.Empty(new long[] { 2, 3 })));
            Assert.Throws<ArgumentException>(() => new Identity().Initialize(NdArray.Empty(new long[] { 2, 2, 2 })));
        }

        [Test]
        public void DtypeOfTheInitializerIsEnforced()
        {
            using NdArray f32 = NdArray.Empty(new long[] { 2, 2 });
            Assert.Throws<ArgumentException>(() => new GlorotNormal(dtype: DType.Float64).Initialize(f32));
            Assert.Throws<ArgumentException>(() => new Uniform(dtype: DType.Float64).Initialize(f32));
            Assert.Throws<ArgumentException>(() => new Orthogonal(dtype: DType.Float64).Initialize(f32));
            var p = new Parameter(new HeUniform(dtype: DType.Float64), new long[] { 2, 2 });
            Assert.That(p.Dtype, Is.EqualTo(DType.Float64));
        }

        [Test]
        public void OwnGenerator_LeavesTheGlobalOneAlone()
        {
            RandomState.Default.Seed(11);
            double expected = new RandomState(11).StandardNormal();
            using NdArray a = NdArray.Empty(new long[] { 4, 4 });
            new GlorotNormal(rng: new RandomState(1)).Initialize(a);
            new Orthogonal(rng: new RandomState(2)).Initialize(a);
            Assert.That(RandomState.Default.StandardNormal(), Is.EqualTo(expected));
        }

        [Test]
        public void ScalarsAndArraysConvertToConstant()
        {
            Initializer fromScalar = 1.5;
            Initializer fromArray = new NdArray(new float[] { 1, 2 });
            Assert.That(fromScalar, Is.TypeOf<Constant>());
            Assert.That(fromArray, Is.TypeOf<Constant>());
            using NdArray a = NdArray.Empty(new long[] { 2, 2 });
            new NaN().Initialize(a);
            Assert.That(a.ToArray<float>(), Is.All.NaN);
        }

        private static string ShapeText(long[] shape) => "(" + string.Join(", ", shape) + ")";
    }
}
