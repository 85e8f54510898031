using NUnit.Framework;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>
/// Writes small headers to a temporary folder and runs the real pipeline on them
/// (clang-14 included), so tests see exactly what the build would generate.
/// </summary>
internal static class HeaderFixture
{
    public const string Clang = "clang-14";

    /// <summary>The usual prelude of chainer.h: stdint, the nullable macro and a status enum.</summary>
    public const string Prelude = """
        #include <stdint.h>
        #include <stddef.h>
        #define CH_NULLABLE _Nullable
        typedef enum ch_status { CH_OK = 0, CH_ERROR_FAILED = 1 } ch_status;

        """;

    private static readonly Lazy<bool> ClangAvailable = new(() =>
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Clang, "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            p!.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>A fresh folder under the system temp folder, removed by the caller's TearDown.</summary>
    public static string NewFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "chainer-bindings-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void RequireClang()
    {
        if (!ClangAvailable.Value)
        {
            Assert.Ignore($"{Clang} is not installed; the generator needs it to read headers.");
        }
    }

    /// <summary>Writes <paramref name="text"/> as <paramref name="name"/> in <paramref name="folder"/> and returns its path.</summary>
    public static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    /// <summary>Generates from a header made of the prelude and <paramref name="body"/>.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string folder, string body, bool prelude = true)
    {
        RequireClang();
        string header = Write(folder, "api.h", (prelude ? Prelude : "") + body);
        return BindingsGenerator.GenerateFromHeader(header, Clang);
    }

    /// <summary>The generated declaration line of one function.</summary>
    public static string Signature(IReadOnlyDictionary<string, string> files, string function)
    {
        string? line = files["NativeMethods.g.cs"].Split('\n')
            .FirstOrDefault(l => l.Contains($" {function}(", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"{function} was not generated");
        return line!.Trim();
    }
}
