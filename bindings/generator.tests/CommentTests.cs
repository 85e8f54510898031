using Chainer.Bindings.Generator.Ast;
using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

public sealed class CommentTests : TempFolderTest
{
    [Test]
    public void BlockCommentAboveAFunctionBecomesItsSummary()
    {
        string text = Generate("""
            /* Sum over `axes` (all axes when n_axes < 0). */
            ch_status ch_sum(int32_t n_axes);

            /*
             * Gradients of `outputs`,
             * written as new handles & so on.
             */
            ch_status ch_grad(int32_t n);
            """)["NativeMethods.g.cs"];
        Assert.That(text, Does.Contain("    /// <summary>Sum over `axes` (all axes when n_axes &lt; 0).</summary>\n    [LibraryImport"));
        Assert.That(text, Does.Contain("    /// <summary>\n    /// Gradients of `outputs`,\n    /// written as new handles &amp; so on.\n    /// </summary>\n    [LibraryImport"));
    }

    [Test]
    public void ABlankLineDetachesTheComment()
    {
        string text = Generate("""
            /* ---------------------------------------------------------------- */
            /* Arrays                                                            */

            ch_status ch_f(int32_t x);
            """)["NativeMethods.g.cs"];
        Assert.That(text, Does.Not.Contain("Arrays"));
        Assert.That(text, Does.Contain("\n\n    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]\n    [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]\n    internal static partial ChStatus ch_f"));
    }

    [Test]
    public void MultiLineDeclarationUsesTheCommentAboveItsFirstLine()
    {
        string text = Generate("""
            // Line comments work too,
            // over several lines.
            ch_status ch_f(int32_t a,
                           int32_t b);
            """)["NativeMethods.g.cs"];
        Assert.That(text, Does.Contain("/// <summary>\n    /// Line comments work too,\n    /// over several lines.\n    /// </summary>"));
    }

    [Test]
    public void TrailingCommentOfThePreviousLineIsNotTaken()
    {
        var reader = new CommentReader("int a; /* about a */\nint b;\n");
        Assert.That(reader.CommentAbove(2), Is.Empty);
    }

    [Test]
    public void ReaderStripsMarkers()
    {
        var reader = new CommentReader("/**\n * Doc style.\n */\nint a;\n/**/\nint b;\n");
        Assert.That(reader.CommentAbove(4), Is.EqualTo(new[] { "Doc style." }));
        Assert.That(reader.CommentAbove(6), Is.Empty);
        Assert.That(reader.CommentAbove(1), Is.Empty);
    }
}
