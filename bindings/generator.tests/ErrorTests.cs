using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>What cannot be mapped stops the generator with the declaration's name; nothing is skipped.</summary>
public sealed class ErrorTests : TempFolderTest
{
    [TestCase("ch_status ch_bad(long n);", "ch_bad", "long")]
    [TestCase("ch_status ch_bad(_Bool flag);", "ch_bad", "_Bool")]
    [TestCase("ch_status ch_bad(void (*cb)(int32_t));", "ch_bad", "void (*)(int32_t)")]
    [TestCase("ch_status ch_bad(int64_t*** p);", "ch_bad", "int64_t ***")]
    [TestCase("ch_status ch_bad(char** out_text);", "ch_bad", "char **")]
    [TestCase("const char* ch_bad(void);", "ch_bad", "return type")]
    [TestCase("ch_status ch_bad(int64_t** out_p);", "ch_bad", "int64_t **")]
    [TestCase("struct ch_point { int32_t x; };\nch_status ch_bad(struct ch_point p);", "ch_bad", "ch_point")]
    public void UnmappableTypeNamesTheDeclaration(string body, string name, string detail)
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate(body));
        Assert.That(e!.Message, Does.Contain(name).And.Contain(detail));
    }

    [Test]
    public void VariadicFunctionFails()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("ch_status ch_log_message(const char* format, ...);"));
        Assert.That(e!.Message, Does.Contain("ch_log_message").And.Contain("variadic"));
    }

    [Test]
    public void FunctionOutsideTheChNamespaceFails()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("ch_status helper(int32_t x);"));
        Assert.That(e!.Message, Does.Contain("helper"));
    }

    [Test]
    public void AnonymousEnumWithoutTypedefFails()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("enum { CH_MAX_DIMS = 32 };"));
        Assert.That(e!.Message, Does.Contain("CH_MAX_DIMS"));
    }

    [Test]
    public void ClangErrorsAreReported()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("ch_status ch_f(undeclared_t x);"));
        Assert.That(e!.Message, Does.Contain("undeclared_t"));
    }

    [Test]
    public void StaticInlineHelpersAreNotBound()
    {
        string text = Generate("static inline int32_t local_helper(int32_t x) { return x; }\nch_status ch_f(int32_t x);")["NativeMethods.g.cs"];
        Assert.That(text, Does.Not.Contain("local_helper"));
    }
}
