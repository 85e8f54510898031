using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Chainer.Tests.FunctionTests;
using NUnit.Framework;

namespace Chainer.Tests.CudaTests
{
    /// <summary>
    /// The routine suite on a GPU: every reference case (data/functions/function_cases.json) run with all its arrays
    /// on @cupy:0 must give the CPU's outputs, in-place updates and gradients; every gradient-check case must pass
    /// with its inputs on the GPU.
    /// </summary>
    [TestFixture]
    public class CudaFunctionTests : CudaFixture
    {
        /// <summary>Relative tolerance against the CPU for float32 results.</summary>
        private const double Float32Rtol = 1e-5;

        /// <summary>Relative tolerance against the CPU for float64 results (summation order and libm differ).</summary>
        private const double Float64Rtol = 1e-12;

        /// <summary>Cases documented to differ more between devices, with the tolerance they meet and why.</summary>
        private static readonly Dictionary<string, double> Looser = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            // Long recurrences accumulate weight gradients over every step in another order on the GPU.
            ["ctc"] = 1e-4,
            ["ctc_lengths_no_reduce"] = 1e-4,
        };

        public static IEnumerable<TestCaseData> ReferenceCases()
        {
            foreach (JsonElement c in FunctionTests.ReferenceCases.All())
            {
                string name = c.GetProperty("name").GetString()!;
                yield return new TestCaseData(name).SetName("CudaReference_" + name);
            }
        }

        public static IEnumerable<TestCaseData> GradientCases()
        {
            foreach (string name in FunctionGradientTests.CaseNames)
            {
                yield return new TestCaseData(name).SetName("CudaGrad_" + name);
            }
        }

        [TestCaseSource(nameof(ReferenceCases))]
        public void ReferenceCase_MatchesTheCpu(string name)
        {
            List<(string What, DType Dtype, long[] Shape, double[] Values, string Device)> cpu = Evaluate(name, null);
            List<(string What, DType Dtype, long[] Shape, double[] Values, string Device)> gpu = Evaluate(name, Gpu);

            // F.copy's cases copy to the CPU (dst=-1): their output is on the host by definition.
            bool toHost = FunctionTests.ReferenceCases.Get(name).GetProperty("func").GetString() == "copy";
            Assert.That(gpu.Select(r => r.What), Is.EqualTo(cpu.Select(r => r.What)), "the same results");
            for (int i = 0; i < cpu.Count; i++)
            {
                string what = gpu[i].What;
                string expectedDevice = toHost && what.StartsWith("output", StringComparison.Ordinal) ? "@numpy" : "@cupy:0";
                Assert.That(gpu[i].Device, Is.EqualTo(expectedDevice), $"{what} is computed on the GPU");
                Assert.That(gpu[i].Dtype, Is.EqualTo(cpu[i].Dtype), $"{what}: dtype");
                Assert.That(gpu[i].Shape, Is.EqualTo(cpu[i].Shape), $"{what}: shape");
                double rtol = Looser.TryGetValue(name, out double loose) ? loose
                    : cpu[i].Dtype == DType.Float64 ? Float64Rtol : Float32Rtol;
                AssertClose(gpu[i].Values, cpu[i].Values, rtol, what);
            }
        }

        [TestCaseSource(nameof(GradientCases))]
        public void GradientCheck_PassesOnTheGpu(string name) => FunctionGradientTests.Run(name, 0, Gpu);

        /// <summary>Runs one reference case with every array on <paramref name="device"/>; the results as host values.</summary>
        private static List<(string What, DType Dtype, long[] Shape, double[] Values, string Device)> Evaluate(string name, Device? device)
        {
            Device? previous = FunctionTests.ReferenceCases.TargetDevice;
            FunctionTests.ReferenceCases.TargetDevice = device;
            try
            {
                JsonElement c = FunctionTests.ReferenceCases.Get(name);
                string func = c.GetProperty("func").GetString()!;
                var kw = new Kw(c.GetProperty("kwargs"));
                int[] nograd = c.GetProperty("nograd").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                using MemoryScope scope = chainer.NewScope();
                NdArray[] arrays = c.GetProperty("inputs").EnumerateArray().Select(FunctionTests.ReferenceCases.ToArray).ToArray();
                var inputs = new Variable[arrays.Length];
                for (int i = 0; i < arrays.Length; i++)
                {
                    inputs[i] = new Variable(arrays[i], requiresGrad: arrays[i].Dtype.IsFloat() && !nograd.Contains(i));
                }

                // Random draws are made on the host from the same seed, so both devices see the same masks and noise.
                if (c.GetProperty("seed").ValueKind == JsonValueKind.Number)
                {
                    RandomState.Default.Seed(c.GetProperty("seed").GetUInt32());
                }

                var inPlace = new Dictionary<string, NdArray>();
                Variable[] outputs = FunctionReferenceTests.Call(func, inputs, kw, inPlace);
                var results = new List<(string, DType, long[], double[], string)>();
                for (int i = 0; i < outputs.Length; i++)
                {
                    results.Add(Snapshot($"output {i}", outputs[i].Array));
                }

                foreach (KeyValuePair<string, NdArray> p in inPlace.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    results.Add(Snapshot(p.Key, p.Value));
                }

                if (c.GetProperty("grads").ValueKind == JsonValueKind.Array)
                {
                    JsonElement[] gys = c.GetProperty("gys").EnumerateArray().ToArray();
                    var gouts = new List<Variable?>();
                    for (int i = 0; i < outputs.Length; i++)
                    {
                        // Each output gradient sits where its output is.
                        NdArray gy = FunctionTests.ReferenceCases.ToArray(gys[i]).OnDeviceOf(outputs[i].Array);
                        gouts.Add(new Variable(gy, requiresGrad: false));
                    }

                    var targets = Enumerable.Range(0, inputs.Length).Where(i => inputs[i].RequiresGrad).ToList();
                    Variable?[] gx = chainer.Grad(outputs.ToList(), targets.Select(i => inputs[i]).ToList(), gouts);
                    for (int j = 0; j < targets.Count; j++)
                    {
                        if (gx[j] is Variable g)
                        {
                            results.Add(Snapshot($"grad {targets[j]}", g.Array));
                        }
                    }
                }

                return results;
            }
            finally
            {
                FunctionTests.ReferenceCases.TargetDevice = previous;
            }
        }

        private static (string, DType, long[], double[], string) Snapshot(string what, NdArray a)
        {
            double[] values = TestUtil.F64(a.Dtype == DType.Bool ? a.AsType(DType.Int32) : a);
            return (what, a.Dtype, a.Shape, values, a.Device.Name);
        }
    }
}
