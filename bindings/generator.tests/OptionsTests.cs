using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

public sealed class OptionsTests
{
    [Test]
    public void ParsesAllOptions()
    {
        var o = GeneratorOptions.Parse(new[] { "--header", "h.h", "--out", "gen", "--ast", "a.json", "--clang", "clang-15" });
        Assert.That(o, Is.EqualTo(new GeneratorOptions("h.h", "gen", "a.json", "clang-15")));
    }

    [Test]
    public void ClangDefaultsToClang14() =>
        Assert.That(GeneratorOptions.Parse(new[] { "--out", "gen", "--header", "h.h" }).Clang, Is.EqualTo("clang-14"));

    [TestCase("--header", "h.h")]
    [TestCase("--header", "h.h", "--out")]
    [TestCase("--header", "h.h", "--out", "o", "--bogus", "x")]
    public void BadCommandLinesFail(params string[] args) =>
        Assert.Throws<GeneratorException>(() => GeneratorOptions.Parse(args));
}
