using System;
using System.Runtime.InteropServices;
using Chainer.Interop;
using NUnit.Framework;

namespace Chainer.Tests
{
    /// <summary>The interop layer: library resolution and the status-to-exception table.</summary>
    [TestFixture]
    public class InteropTests
    {
        [Test]
        public void NativeLibrary_IsLoaded()
        {
            Assert.That(chainer.NativeVersion(), Does.Match(@"^\d+\.\d+\.\d+"));
        }

        [Test]
        public void PlatformNames()
        {
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            {
                Assert.That(NativeLibraryLoader.RuntimeIdentifier(), Is.EqualTo("linux-x64"));
                Assert.That(NativeLibraryLoader.PlatformFileName(), Is.EqualTo("libchainer_native.so"));
            }

            Assert.That(NativeLibraryLoader.RuntimeIdentifier(), Does.Contain("-"));
        }

        [TestCase((int)ChStatus.ErrorInvalidArgument, typeof(ChainerArgumentException), ChainerStatus.InvalidArgument)]
        [TestCase((int)ChStatus.ErrorInvalidType, typeof(InvalidTypeException), ChainerStatus.InvalidType)]
        [TestCase((int)ChStatus.ErrorShapeMismatch, typeof(ShapeMismatchException), ChainerStatus.ShapeMismatch)]
        [TestCase((int)ChStatus.ErrorDtypeMismatch, typeof(DTypeMismatchException), ChainerStatus.DTypeMismatch)]
        [TestCase((int)ChStatus.ErrorIndexOutOfRange, typeof(AxisOutOfRangeException), ChainerStatus.IndexOutOfRange)]
        [TestCase((int)ChStatus.ErrorGradient, typeof(GradientException), ChainerStatus.Gradient)]
        [TestCase((int)ChStatus.ErrorDevice, typeof(DeviceException), ChainerStatus.Device)]
        [TestCase((int)ChStatus.ErrorOutOfMemory, typeof(NativeOutOfMemoryException), ChainerStatus.OutOfMemory)]
        [TestCase((int)ChStatus.ErrorNotSupported, typeof(ChainerNotSupportedException), ChainerStatus.NotSupported)]
        [TestCase((int)ChStatus.ErrorInternal, typeof(ChainerInternalException), ChainerStatus.Internal)]
        public void StatusMapsToTypedException(int status, Type type, ChainerStatus code)
        {
            Exception e = Ensure.CreateException((ChStatus)status, "message");
            Assert.That(e, Is.TypeOf(type));
            Assert.That(e.Message, Is.EqualTo("message"));
            Assert.That(((ChainerException)e).Status, Is.EqualTo(code));
        }

        [Test]
        public void NullArgumentStatus_IsArgumentNullException()
        {
            Assert.That(Ensure.CreateException(ChStatus.ErrorNullArgument, "m"), Is.TypeOf<ArgumentNullException>());
            Assert.That(Ensure.CreateException(ChStatus.ErrorInternal, string.Empty).Message, Is.Not.Empty);
        }

        [Test]
        public void NativeNullHandle_IsReportedNotCrashed()
        {
            // A NULL handle straight into the C API: a status, never a crash.
            ChStatus status = NativeMethods.ch_array_free(0);
            Assert.That(status, Is.EqualTo(ChStatus.Ok));
            unsafe
            {
                ChStatus s = NativeMethods.ch_grad(null, 0, null, 0, null, 0, null, 0, 0, 0, 0, null);
                Assert.That(Enum.IsDefined(s), Is.True);
            }
        }
    }
}
