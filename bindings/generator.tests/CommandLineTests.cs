using NUnit.Framework;
using System.IO;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>The whole command in-process: --ast input, files on disk, exit codes.</summary>
public sealed class CommandLineTests : TempFolderTest
{
    [Test]
    public void AstOptionWritesTheSameFilesAsRunningClang()
    {
        HeaderFixture.RequireClang();
        string header = HeaderFixture.Write(Folder, "api.h", HeaderFixture.Prelude + "ch_status ch_f(double* out_x);\n");
        string astFile = Path.Combine(Folder, "api.ast.json");
        File.WriteAllText(astFile, ClangRunner.DumpAst(HeaderFixture.Clang, header));
        string fromAst = Path.Combine(Folder, "from-ast"), fromClang = Path.Combine(Folder, "from-clang");

        Assert.That(Run("--header", header, "--out", fromAst, "--ast", astFile), Is.EqualTo(0));
        Assert.That(Run("--header", header, "--out", fromClang, "--clang", HeaderFixture.Clang), Is.EqualTo(0));
        foreach (string name in new[] { "NativeMethods.g.cs", "Enums.g.cs", "SafeHandles.g.cs" })
        {
            Assert.That(File.ReadAllText(Path.Combine(fromAst, name)), Is.EqualTo(File.ReadAllText(Path.Combine(fromClang, name))), name);
        }

        Assert.That(File.ReadAllText(Path.Combine(fromAst, "NativeMethods.g.cs")), Does.Contain("ch_f(out double out_x);"));
    }

    [Test]
    public void ErrorsExitWithOneAndAMessage()
    {
        HeaderFixture.RequireClang();
        string header = HeaderFixture.Write(Folder, "api.h", HeaderFixture.Prelude + "ch_status ch_bad(long n);\n");
        var error = new StringWriter();
        int code = GeneratorCommand.Run(new[] { "--header", header, "--out", Path.Combine(Folder, "out") }, TextWriter.Null, error);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("ch_bad"));
        Assert.That(Directory.Exists(Path.Combine(Folder, "out")), Is.False, "nothing is written on failure");
    }

    [Test]
    public void MissingHeaderAndMissingClangAreErrors()
    {
        Assert.That(Run("--header", Path.Combine(Folder, "none.h"), "--out", Folder), Is.EqualTo(1));
        string header = HeaderFixture.Write(Folder, "api.h", "int x;\n");
        Assert.That(Run("--header", header, "--out", Folder, "--clang", "no-such-clang-binary"), Is.EqualTo(1));
    }

    private static int Run(params string[] args) => GeneratorCommand.Run(args, TextWriter.Null, TextWriter.Null);
}
