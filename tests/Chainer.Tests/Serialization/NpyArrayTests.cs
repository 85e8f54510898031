using System;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>NpyArray construction, typed views and conversions; NpyDTypes parsing.</summary>
    [TestFixture]
    public class NpyArrayTests
    {
        [Test]
        public void ZeroDimensionalArrayHasOneElement()
        {
            NpyArray array = NpyArray.Scalar(42L);
            Assert.That(array.NDim, Is.EqualTo(0));
            Assert.That(array.Size, Is.EqualTo(1));
            Assert.That(array.Descr, Is.EqualTo("<i8"));
            Assert.That(array.ToInt64Array(), Is.EqualTo(new[] { 42L }));
        }

        [Test]
        public void ZeroExtentMakesAnEmptyArray()
        {
            var array = new NpyArray(NpyDType.Float64, new long[] { 3, 0, long.MaxValue }, Array.Empty<byte>());
            Assert.That(array.Size, Is.EqualTo(0));
            Assert.That(array.ToArray<double>(), Is.Empty);
        }

        [Test]
        public void RejectsDataOfTheWrongLength()
        {
            Assert.Throws<ArgumentException>(() => new NpyArray(NpyDType.Float32, new long[] { 2 }, new byte[7]));
            Assert.Throws<ArgumentException>(() => new NpyArray(NpyDType.Float32, new long[] { -1 }, new byte[0]));
            Assert.Throws<ArgumentException>(() => NpyArray.FromSpan<int>(new[] { 1, 2, 3 }, new long[] { 2, 2 }));
        }

        [Test]
        public void TypedViewMustMatchTheDType()
        {
            var array = NpyArray.FromSpan<float>(new[] { 1f }, new long[] { 1 });
            var e = Assert.Throws<InvalidOperationException>(() => array.AsSpan<double>().ToArray());
            Assert.That(e!.Message, Does.Contain("<f4"));
        }

        [Test]
        public void ConvertsEveryDTypeToDouble()
        {
            foreach (var (key, array) in NpzTestData.SampleEntries())
            {
                double[] values = array.ToDoubleArray();
                Assert.That(values.LongLength, Is.EqualTo(array.Size), key);
            }

            Assert.That(NpyArray.FromSpan<bool>(new[] { true, false }, new long[] { 2 }).ToDoubleArray(), Is.EqualTo(new[] { 1.0, 0.0 }));
            Assert.That(NpyArray.FromSpan<Half>(new[] { (Half)0.25 }, new long[] { 1 }).ToDoubleArray(), Is.EqualTo(new[] { 0.25 }));
            Assert.That(NpyArray.FromSpan<uint>(new[] { uint.MaxValue }, new long[] { 1 }).ToDoubleArray(), Is.EqualTo(new[] { 4294967295.0 }));
        }

        [Test]
        public void Int64ConversionRefusesFloatsAndOverflow()
        {
            Assert.Throws<InvalidOperationException>(() => NpyArray.Scalar(1.0f).ToInt64Array());
            Assert.Throws<InvalidOperationException>(() => NpyArray.Scalar(ulong.MaxValue).ToInt64Array());
            Assert.That(NpyArray.Scalar((ulong)long.MaxValue).ToInt64Array(), Is.EqualTo(new[] { long.MaxValue }));
            Assert.That(NpyArray.Scalar((short)-5).ToInt64Array(), Is.EqualTo(new[] { -5L }));
        }

        [TestCase("<f4", "Float32", false)]
        [TestCase(">f8", "Float64", true)]
        [TestCase("|b1", "Bool", false)]
        [TestCase("<u1", "UInt8", false)]
        [TestCase(">u1", "UInt8", true)]
        [TestCase("|i1", "Int8", false)]
        [TestCase("=i4", "Int32", false)]
        [TestCase("i8", "Int64", false)]
        [TestCase("<f2", "Float16", false)]
        public void ParsesTypeStrings(string descr, string dtypeName, bool bigEndian)
        {
            NpyDType dtype = Enum.Parse<NpyDType>(dtypeName);
            Assert.That(NpyDTypes.TryParseDescr(descr, out NpyDType parsed, out bool be), Is.True);
            Assert.That(parsed, Is.EqualTo(dtype));
            Assert.That(be, Is.EqualTo(bigEndian));
        }

        [TestCase("<c8")]
        [TestCase("|O")]
        [TestCase("<U5")]
        [TestCase("<M8[ns]")]
        [TestCase("<f16")]
        [TestCase("|V8")]
        [TestCase("float32")]
        [TestCase("")]
        public void RejectsOtherTypeStrings(string descr)
        {
            Assert.That(NpyDTypes.TryParseDescr(descr, out _, out _), Is.False);
        }

        [Test]
        public void WritesNumPysTypeStrings()
        {
            Assert.That(NpyDTypes.Descr(NpyDType.Bool), Is.EqualTo("|b1"));
            Assert.That(NpyDTypes.Descr(NpyDType.UInt8), Is.EqualTo("|u1"));
            Assert.That(NpyDTypes.Descr(NpyDType.Int8), Is.EqualTo("|i1"));
            Assert.That(NpyDTypes.Descr(NpyDType.Float32), Is.EqualTo("<f4"));
            Assert.That(NpyDTypes.Descr(NpyDType.UInt64), Is.EqualTo("<u8"));
        }
    }
}
