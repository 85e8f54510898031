using System;
using System.Linq;
using System.Runtime.InteropServices;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>Byte swapping and Fortran-to-C reordering.</summary>
    [TestFixture]
    public class NpyLayoutTests
    {
        [Test]
        public void SwapsEachElement()
        {
            byte[] data = { 1, 2, 3, 4, 5, 6, 7, 8 };
            NpyLayout.SwapBytes(data, 4);
            Assert.That(data, Is.EqualTo(new byte[] { 4, 3, 2, 1, 8, 7, 6, 5 }));
            NpyLayout.SwapBytes(data, 1);
            Assert.That(data, Is.EqualTo(new byte[] { 4, 3, 2, 1, 8, 7, 6, 5 }));
        }

        [TestCase(new long[] { 2, 3 })]
        [TestCase(new long[] { 3, 1, 4 })]
        [TestCase(new long[] { 2, 3, 4, 5 })]
        [TestCase(new long[] { 1, 1, 7 })]
        [TestCase(new long[] { 7 })]
        [TestCase(new long[] { 4, 0, 2 })]
        public void ReordersFortranDataToCOrder(long[] shape)
        {
            int size = (int)shape.Aggregate(1L, (a, b) => a * b);

            // Element value = its C-order position; lay the elements out in Fortran order first.
            var fortran = new int[size];
            for (int c = 0; c < size; c++)
            {
                long rest = c;
                long f = 0;
                long fStride = 1;
                var index = new long[shape.Length];
                for (int axis = shape.Length - 1; axis >= 0; axis--)
                {
                    index[axis] = rest % shape[axis];
                    rest /= shape[axis];
                }

                for (int axis = 0; axis < shape.Length; axis++)
                {
                    f += index[axis] * fStride;
                    fStride *= shape[axis];
                }

                fortran[f] = c;
            }

            byte[] result = NpyLayout.FortranToC(MemoryMarshal.AsBytes<int>(fortran).ToArray(), shape, sizeof(int));
            Assert.That(MemoryMarshal.Cast<byte, int>(result).ToArray(), Is.EqualTo(Enumerable.Range(0, size).ToArray()));
        }
    }
}
