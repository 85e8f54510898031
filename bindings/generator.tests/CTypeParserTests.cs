using Chainer.Bindings.Generator.Types;
using NUnit.Framework;
using System.Linq;

namespace Chainer.Bindings.Generator.Tests;

public sealed class CTypeParserTests
{
    [Test]
    public void PointerLevelsKeepTheirOwnQualifiers()
    {
        CType t = CTypeParser.TryParse("ch_variable *const *")!;
        Assert.That(t.BaseName, Is.EqualTo("ch_variable"));
        Assert.That(t.Pointers.Select(p => p.IsConst), Is.EqualTo(new[] { true, false }));
        Assert.That(t.IsNullable, Is.False);
    }

    [Test]
    public void NullableAppliesToTheOutermostPointer()
    {
        CType t = CTypeParser.TryParse("ch_array * _Nullable")!;
        Assert.That(t.Depth, Is.EqualTo(1));
        Assert.That(t.IsNullable, Is.True);
    }

    [Test]
    public void ConstBaseAndMultiWordNames()
    {
        CType t = CTypeParser.TryParse("const char **")!;
        Assert.That((t.BaseName, t.IsBaseConst, t.Depth), Is.EqualTo(("char", true, 2)));
        Assert.That(CTypeParser.TryParse("unsigned int")!.BaseName, Is.EqualTo("unsigned int"));
        Assert.That(CTypeParser.TryParse("enum ch_dtype")!.BaseName, Is.EqualTo("ch_dtype"));
    }

    [TestCase("void (*)(int64_t)")]
    [TestCase("int64_t [4]")]
    [TestCase("_Nullable int")]
    public void ShapesOutsideTheCApiAreRejected(string spelling) => Assert.That(CTypeParser.TryParse(spelling), Is.Null);
}
