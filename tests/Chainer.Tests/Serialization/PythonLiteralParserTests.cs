using System;
using System.Collections.Generic;
using Chainer.Serialization;
using NUnit.Framework;

namespace Chainer.Tests.Serialization
{
    /// <summary>The Python literal subset .npy headers are written in.</summary>
    [TestFixture]
    public class PythonLiteralParserTests
    {
        [Test]
        public void ParsesANumPyHeader()
        {
            var dict = (Dictionary<string, object?>)PythonLiteralParser.Parse(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                    \n")!;
            Assert.That(dict["descr"], Is.EqualTo("<f4"));
            Assert.That(dict["fortran_order"], Is.EqualTo(false));
            var shape = (PythonSequence)dict["shape"]!;
            Assert.That(shape.IsTuple, Is.True);
            Assert.That(shape.Items, Is.EqualTo(new object[] { 2L, 3L }));
        }

        [Test]
        public void DistinguishesTuplesFromParentheses()
        {
            Assert.That(((PythonSequence)PythonLiteralParser.Parse("()")!).Items, Is.Empty);
            Assert.That(((PythonSequence)PythonLiteralParser.Parse("(5,)")!).Items, Is.EqualTo(new object[] { 5L }));
            Assert.That(PythonLiteralParser.Parse("(5)"), Is.EqualTo(5L));
        }

        [Test]
        public void ParsesStructuredDescrLists()
        {
            var list = (PythonSequence)PythonLiteralParser.Parse("[('a', '<f4'), ('b', '<i8', (2,))]")!;
            Assert.That(list.IsTuple, Is.False);
            Assert.That(list.Items, Has.Count.EqualTo(2));
        }

        [TestCase("True", true)]
        [TestCase("False", false)]
        [TestCase("-12", -12L)]
        [TestCase("7L", 7L)]
        [TestCase("'it\\'s'", "it's")]
        [TestCase("\"dq\"", "dq")]
        [TestCase("u'uni'", "uni")]
        [TestCase("'\\x41\\n'", "A\n")]
        public void ParsesScalars(string text, object expected)
        {
            Assert.That(PythonLiteralParser.Parse(text), Is.EqualTo(expected));
        }

        [Test]
        public void ParsesNone()
        {
            Assert.That(PythonLiteralParser.Parse(" None "), Is.Null);
        }

        [TestCase("{'a': 1")]
        [TestCase("{'a' 1}")]
        [TestCase("{1: 2}")]
        [TestCase("'unterminated")]
        [TestCase("(1, 2")]
        [TestCase("1.5")]
        [TestCase("0x10")]
        [TestCase("99999999999999999999")]
        [TestCase("foo")]
        [TestCase("{} extra")]
        [TestCase("")]
        [TestCase("__import__('os')")]
        public void RejectsAnythingElse(string text)
        {
            Assert.Throws<FormatException>(() => PythonLiteralParser.Parse(text));
        }

        [Test]
        public void RejectsHostileNesting()
        {
            Assert.Throws<FormatException>(() => PythonLiteralParser.Parse(new string('(', 10000)));
        }
    }
}
