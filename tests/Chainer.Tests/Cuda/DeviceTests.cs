using System;
using NUnit.Framework;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Tests.CudaTests
{
    /// <summary>The device API where it does not need a GPU: specifier parsing, CPU transfers, and the refusals without CUDA.</summary>
    [TestFixture]
    [Category("Cuda")]
    [NonParallelizable]
    public class DeviceTests
    {
        [TestCase("@numpy")]
        [TestCase("cpu")]
        [TestCase("native")]
        [TestCase("native:0")]
        public void CpuSpecifiers_ResolveToTheCpu(string spec)
        {
            Device d = Device.Get(spec);
            Assert.That(d, Is.SameAs(Device.Cpu));
            Assert.That(d.Name, Is.EqualTo("@numpy"));
            Assert.That(d.ToString(), Is.EqualTo("@numpy"));
            Assert.That(d.Kind, Is.EqualTo(DeviceKind.Cpu));
            Assert.That(d.IsCpu, Is.True);
            Assert.That(d.IsCuda, Is.False);
            Assert.That(d.Id, Is.EqualTo(-1));
        }

        [Test]
        public void Equality_IsByName()
        {
            Assert.That(Device.Get(-1), Is.SameAs(Device.Cpu));
            Assert.That(Device.Get("cpu").Equals(Device.Get("@numpy")), Is.True);
            Assert.That(Device.Get("cpu") == Device.Cpu, Is.True);
            Assert.That(Device.Get("cpu") != Device.Cpu, Is.False);
            Assert.That(Device.Cpu.Equals((object)"@numpy"), Is.False, "a device is not equal to its name");
            Assert.That(Device.Get("native").GetHashCode(), Is.EqualTo(Device.Cpu.GetHashCode()));
            Device? none = null;
            Assert.That(Device.Cpu.Equals(none), Is.False);
        }

        [TestCase("")]
        [TestCase("tpu")]
        [TestCase("CPU")]
        [TestCase(" cpu")]
        [TestCase("@numpy:1")]
        [TestCase("@cupy:")]
        [TestCase("@cupy:x")]
        [TestCase("@cupy:-1")]
        [TestCase("@cupy:+1")]
        [TestCase("@cupy:0:1")]
        [TestCase("@cupy0")]
        [TestCase("cuda:1.5")]
        [TestCase("gpu:99999999999")]
        public void InvalidSpecifiers_ThrowArgumentException(string spec)
        {
            ArgumentException? e = Assert.Throws<ArgumentException>(() => Device.Get(spec));
            Assert.That(e!.Message, Does.Contain("Invalid device specifier"));
            Assert.Throws<ArgumentException>(() => new L.Linear(2, 2).ToDevice(spec));
            using var a = new NdArray(new float[] { 1 });
            Assert.Throws<ArgumentException>(() => a.ToDevice(spec));
        }

        [Test]
        public void NullAndOutOfRangeIds_AreRejected()
        {
            Assert.Throws<ArgumentNullException>(() => Device.Get((string)null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => Device.Get(-2));
            Assert.Throws<ArgumentOutOfRangeException>(() => Device.Gpu(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Cuda.GetDeviceName(-1));
        }

        [Test]
        public void NdArray_ToCpu_OnTheCpu_SharesTheData()
        {
            var a = new NdArray(new double[] { 1, 2, 3 });
            Assert.That(a.Device, Is.EqualTo(Device.Cpu));
            NdArray b = a.ToCpu();
            Assert.That(b, Is.Not.SameAs(a), "a new wrapper the caller owns");
            Assert.That(b.SameAs(a), Is.True, "already on the device: the same data");
            b.Dispose();
            Assert.That(a.IsDisposed, Is.False);
            Assert.That(a.ToArray<double>(), Is.EqualTo(new double[] { 1, 2, 3 }));
            using NdArray c = a.ToDevice("cpu");
            Assert.That(c.SameAs(a), Is.True);
        }

        [Test]
        public void Factories_WithTheCpuDevice()
        {
            using NdArray z = NdArray.Zeros(new long[] { 2, 3 }, DType.Float64, Device.Cpu);
            Assert.That(z.Device, Is.EqualTo(Device.Cpu));
            Assert.That(z.ToArray<double>(), Is.All.EqualTo(0.0));
            using NdArray o = NdArray.Ones(new long[] { 2 }, DType.Int32, null);
            Assert.That(o.ToArray<int>(), Is.EqualTo(new[] { 1, 1 }));
            using NdArray f = NdArray.Full(new long[] { 2 }, 2.5, DType.Float32, Device.Cpu);
            Assert.That(f.ToArray<float>(), Is.EqualTo(new[] { 2.5f, 2.5f }));
            using NdArray m = NdArray.FromArray(new long[,] { { 1, 2 }, { 3, 4 } }, null, DType.Float32, Device.Cpu);
            Assert.That(m.Dtype, Is.EqualTo(DType.Float32));
            Assert.That(m.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        }

        [Test]
        public void Variable_ToCpu_KeepsDataAndGrad()
        {
            var v = new Variable(new NdArray(new float[] { 1, 2 }));
            v.Grad = new NdArray(new float[] { 3, 4 });
            Assert.That(v.Device, Is.EqualTo(Device.Cpu));
            v.ToCpu();
            v.ToDevice("@numpy");
            Assert.That(v.Array.ToArray<float>(), Is.EqualTo(new float[] { 1, 2 }));
            Assert.That(v.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 3, 4 }));
            var p = new Parameter();
            Assert.That(p.Device, Is.EqualTo(Device.Cpu), "an uninitialized parameter reports where it will be created");
        }

        [Test]
        public void Copy_ToTheCpu_IsAView()
        {
            var x = new Variable(new NdArray(new double[] { 1, 2 }));
            Variable y = F.Copy(x, "@numpy");
            Assert.That(y.Device, Is.EqualTo(Device.Cpu));
            F.Sum(y * y).Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 2, 4 }));
            Assert.That(F.Copy(x, -1).Device, Is.EqualTo(Device.Cpu));
            Assert.Throws<ArgumentException>(() => F.Copy(x, "tpu"));
        }

        [Test]
        public void WithoutCuda_EverythingGpuFailsWithTheReason()
        {
            if (Cuda.IsAvailable)
            {
                Assert.Ignore("CUDA is available on this machine; the GPU fixtures cover it.");
            }

            string? reason = Cuda.UnavailableReason;
            Assert.That(reason, Is.Not.Null.And.Not.Empty);
            Assert.That(Cuda.DeviceCount, Is.EqualTo(0));
            Assert.DoesNotThrow(Cuda.FreeCachedMemory, "FreeCachedMemory is a no-op without CUDA");

            foreach (string spec in new[] { "@cupy:0", "@cuda:0", "cuda", "gpu:1", "@cupy:3" })
            {
                DeviceException? e = Assert.Throws<DeviceException>(() => Device.Get(spec), spec);
                Assert.That(e!.Message, Does.Contain(reason), spec);
            }

            Assert.That(Assert.Throws<DeviceException>(() => Device.Gpu())!.Message, Does.Contain(reason));
            Assert.That(Assert.Throws<DeviceException>(() => Device.Get(0))!.Message, Does.Contain(reason));

            var model = new L.Linear(3, 2);
            Assert.That(Assert.Throws<DeviceException>(() => model.ToGpu())!.Message, Does.Contain(reason));
            Assert.That(model.Device, Is.EqualTo(Device.Cpu), "a refused move leaves the link where it was");
            Assert.That(model.W.Array.Device, Is.EqualTo(Device.Cpu));

            using var a = new NdArray(new float[] { 1 });
            Assert.That(Assert.Throws<DeviceException>(() => a.ToGpu())!.Message, Does.Contain(reason));
            var v = new Variable(a);
            Assert.Throws<DeviceException>(() => v.ToDevice("@cupy:0"));
            Assert.Throws<DeviceException>(() => F.Copy(v, 0));
            Assert.Throws<DeviceException>(() => Cuda.Synchronize());
        }
    }
}
