using System;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.CudaTests
{
    /// <summary>Arrays and variables on a GPU: devices, transfers, factories, cross-device rules.</summary>
    [TestFixture]
    public class CudaArrayTests : CudaFixture
    {
        [Test]
        public void DeviceQueries()
        {
            Assert.That(Cuda.IsAvailable, Is.True);
            Assert.That(Cuda.UnavailableReason, Is.Null);
            Assert.That(Cuda.DeviceCount, Is.GreaterThanOrEqualTo(1));
            Assert.That(Cuda.GetDeviceName(0), Is.Not.Empty);
            Assert.DoesNotThrow(() => Cuda.Synchronize());
            Assert.Throws<DeviceException>(() => Device.Gpu(Cuda.DeviceCount), "an ordinal past the last device");
        }

        [TestCase("@cupy:0")]
        [TestCase("@cupy")]
        [TestCase("@cuda:0")]
        [TestCase("cuda:0")]
        [TestCase("cuda")]
        [TestCase("gpu:0")]
        public void CudaSpecifiers_AreCanonicalized(string spec)
        {
            Device d = Device.Get(spec);
            Assert.That(d.Name, Is.EqualTo("@cupy:0"));
            Assert.That(d.ToString(), Is.EqualTo("@cupy:0"));
            Assert.That(d, Is.EqualTo(Gpu));
            Assert.That(d.GetHashCode(), Is.EqualTo(Gpu.GetHashCode()));
            Assert.That(d.IsCuda, Is.True);
            Assert.That(d.Kind, Is.EqualTo(DeviceKind.Cuda));
            Assert.That(d.Id, Is.EqualTo(0));
            Assert.That(d, Is.Not.EqualTo(Device.Cpu));
            Assert.That(Device.Get(0), Is.EqualTo(d));
        }

        [Test]
        public void Transfers_RoundTripEveryDtype()
        {
            using var f32 = new NdArray(new float[] { 1.5f, -2, 3.25f, float.NaN, float.PositiveInfinity, -0f }, 2, 3);
            using var f64 = new NdArray(new double[] { Math.PI, -1e300, 5e-324 });
            using var i32 = new NdArray(new int[] { int.MinValue, 0, int.MaxValue });
            using var i64 = new NdArray(new long[] { long.MinValue, 7, long.MaxValue });
            using var b = new NdArray(new bool[] { true, false, true });
            foreach (NdArray a in new[] { f32, f64, i32, i64, b })
            {
                using NdArray g = a.ToGpu();
                Assert.That(g.Device, Is.EqualTo(Gpu));
                Assert.That(g.Dtype, Is.EqualTo(a.Dtype));
                Assert.That(g.Shape, Is.EqualTo(a.Shape));
                Assert.That(g.FlatValues(), Is.EqualTo(a.FlatValues()), "read back straight from the GPU");
                using NdArray h = g.ToCpu();
                Assert.That(h.Device, Is.EqualTo(Device.Cpu));
                Assert.That(h.FlatValues(), Is.EqualTo(a.FlatValues()));
                Assert.That(h.SameAs(a), Is.False, "a copy, not the original");

                using NdArray again = g.ToDevice("@cuda:0");
                Assert.That(again.SameAs(g), Is.True, "already on the device: the same data");
            }

            Assert.That(f32.ToGpu().ToString(), Is.EqualTo(f32.ToString()), "repr reads through the host");
        }

        [Test]
        public void Views_AreCopiedInLogicalOrder()
        {
            using var a = new NdArray(new double[] { 0, 1, 2, 3, 4, 5 }, 2, 3);
            Variable t = F.Transpose(a);
            using NdArray g = t.Array.ToGpu();
            Assert.That(g.Shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(g.ToArray<double>(), Is.EqualTo(new double[] { 0, 3, 1, 4, 2, 5 }));
        }

        [Test]
        public void Factories_CreateOnTheDevice()
        {
            using NdArray z = NdArray.Zeros(new long[] { 3, 4 }, DType.Float32, Gpu);
            using NdArray o = NdArray.Ones(new long[] { 5 }, DType.Float64, Gpu);
            using NdArray f = NdArray.Full(new long[] { 2 }, 7, DType.Int64, Gpu);
            using NdArray m = NdArray.FromArray(new int[,] { { 1, 2 }, { 3, 4 } }, null, DType.Float64, Gpu);
            foreach (NdArray a in new[] { z, o, f, m })
            {
                Assert.That(a.Device, Is.EqualTo(Gpu));
            }

            Assert.That(z.ToArray<float>(), Is.All.EqualTo(0f));
            Assert.That(o.ToArray<double>(), Is.All.EqualTo(1.0));
            Assert.That(f.ToArray<long>(), Is.EqualTo(new long[] { 7, 7 }));
            Assert.That(m.ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
            Assert.That(m.Shape, Is.EqualTo(new long[] { 2, 2 }));
        }

        [Test]
        public void CopyFrom_TransfersAcrossDevices()
        {
            using NdArray g = NdArray.Zeros(new long[] { 3 }, DType.Float32, Gpu);
            g.CopyFrom(new NdArray(new float[] { 1, 2, 3 }));
            Assert.That(g.Device, Is.EqualTo(Gpu));
            Assert.That(g.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3 }));
            g.CopyFrom(new[] { 4.0, 5.0, 6.0 });
            Assert.That(g.ToArray<float>(), Is.EqualTo(new float[] { 4, 5, 6 }));
            using var h = new NdArray(new double[3]);
            h.CopyFrom(g);
            Assert.That(h.ToArray<double>(), Is.EqualTo(new double[] { 4, 5, 6 }));
            g.Fill(9);
            Assert.That(g.ToArray<float>(), Is.All.EqualTo(9f));
        }

        [Test]
        public void MixingDevices_RaisesDeviceExceptionNamingBoth()
        {
            using var cpu = new NdArray(new float[] { 1, 2 });
            using NdArray gpu = cpu.ToGpu();
            DeviceException? e = Assert.Throws<DeviceException>(() => { using NdArray _ = cpu + gpu; });
            Assert.That(e!.Message, Does.Contain("@numpy").And.Contain("@cupy:0"));
            var a = new Variable(cpu);
            var b = new Variable(gpu);
            e = Assert.Throws<DeviceException>(() => F.Add(a, b));
            Assert.That(e!.Message, Does.Contain("@numpy").And.Contain("@cupy:0"));
            e = Assert.Throws<DeviceException>(() => F.MatMul(F.Reshape(a, 1, 2), F.Reshape(b, 2, 1)));
            Assert.That(e!.Message, Does.Contain("@numpy").And.Contain("@cupy:0"));
        }

        [Test]
        public void Variable_ToDevice_MovesDataAndGradInPlace()
        {
            var v = new Variable(new NdArray(new double[] { 1, 2, 3 }), name: "v");
            v.Grad = new NdArray(new double[] { 0.5, 0.25, 0.125 });
            v.ToGpu();
            Assert.That(v.Device, Is.EqualTo(Gpu));
            Assert.That(v.Array.Device, Is.EqualTo(Gpu));
            Assert.That(v.Grad!.Device, Is.EqualTo(Gpu));
            Assert.That(v.Array.ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 3 }));
            Assert.That(v.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 0.5, 0.25, 0.125 }));
            Assert.That(v.Name, Is.EqualTo("v"));

            Variable y = F.Sum(v * v);
            Assert.That(y.Device, Is.EqualTo(Gpu));
            v.ClearGrad();
            y.Backward();
            Assert.That(v.Grad!.Device, Is.EqualTo(Gpu));
            Assert.That(v.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 2, 4, 6 }));

            v.ToCpu();
            Assert.That(v.Device, Is.EqualTo(Device.Cpu));
            Assert.That(v.Grad!.Device, Is.EqualTo(Device.Cpu));
            Assert.That(v.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 2, 4, 6 }));
        }

        [Test]
        public void Copy_AcrossDevices_IsDifferentiable()
        {
            var x = new Variable(new NdArray(new double[] { 1, -2, 3 }));
            Variable y = F.Copy(x, "@cupy:0");
            Assert.That(y.Device, Is.EqualTo(Gpu));
            Assert.That(y.Array.ToArray<double>(), Is.EqualTo(new double[] { 1, -2, 3 }));
            Variable z = F.Copy(F.Square(y), -1);
            Assert.That(z.Device, Is.EqualTo(Device.Cpu));
            F.Sum(z).Backward();
            Assert.That(x.Grad!.Device, Is.EqualTo(Device.Cpu));
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 2, -4, 6 }));
        }

        [Test]
        public void ComparisonsWithScalars_AndZeroGrad_StayOnTheDevice()
        {
            var x = new Variable(new NdArray(new float[] { -1, 0, 2 }).ToGpu());
            Variable m = F.Greater(x, 0.5);
            Assert.That(m.Device, Is.EqualTo(Gpu));
            Assert.That(m.Array.ToArray<bool>(), Is.EqualTo(new[] { false, false, true }));
            x.ZeroGrad();
            Assert.That(x.Grad!.Device, Is.EqualTo(Gpu));
            Assert.That(x.Grad!.ToArray<float>(), Is.All.EqualTo(0f));
        }

        [Test]
        public void GradientCheck_WorksOnGpuArrays_AndStillCatchesWrongGradients()
        {
            var rng = new RandomState(3);
            NdArray x = TestUtil.Randn(rng, 3, 4).ToGpu();
            NdArray gy = TestUtil.Randn(rng, 3, 4).ToGpu();
            Func<Variable[], Variable?[]> f = xs => new Variable?[] { F.Tanh(xs[0]) * xs[0] };
            GradientCheck.CheckBackward(f, new[] { x }, new NdArray?[] { gy }, eps: 1e-3, atol: 1e-5, rtol: 1e-4);
            NdArray ggx = TestUtil.Randn(rng, 3, 4).ToGpu();
            GradientCheck.CheckDoubleBackward(f, new[] { x }, new[] { gy }, new NdArray?[] { ggx }, eps: 1e-3, atol: 1e-4, rtol: 1e-3);

            // A function whose backward is wrong by a factor must fail the check on the GPU as on the CPU.
            Assert.Throws<GradientCheckException>(() =>
                GradientCheck.CheckBackward(xs => new Variable?[] { new WrongDouble().Apply(xs[0])[0] }, new[] { x }, new NdArray?[] { gy }, eps: 1e-3, atol: 1e-5, rtol: 1e-4));
        }

        /// <summary>y = 2x with a backward that claims 3: the gradient check must reject it.</summary>
        private sealed class WrongDouble : FunctionNode
        {
            protected override NdArray[] Forward(NdArray[] inputs) => new[] { inputs[0] * 2.0 };

            protected override Variable?[] Backward(int[] targetInputIndexes, Variable?[] gradOutputs) =>
                new Variable?[] { gradOutputs[0]! * 3.0 };
        }
    }
}
