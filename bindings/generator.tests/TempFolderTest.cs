using NUnit.Framework;
using System.Collections.Generic;
using System.IO;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>Base for tests that write headers: one temporary folder per test, removed afterwards.</summary>
public abstract class TempFolderTest
{
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Folder = HeaderFixture.NewFolder();

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    protected IReadOnlyDictionary<string, string> Generate(string body, bool prelude = true) =>
        HeaderFixture.Generate(Folder, body, prelude);

    protected string SignatureOf(string body, string function) =>
        HeaderFixture.Signature(Generate(body), function);
}
