using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Chainer.Bindings.Generator;

/// <summary>Writes the generated files (UTF-8 without BOM, content already LF-only).</summary>
public static class OutputWriter
{
    public static void Write(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(directory);
        // A kind of declaration that disappeared from the header must not leave a stale file behind.
        foreach (string stale in Directory.GetFiles(directory, "*.g.cs"))
        {
            if (!files.ContainsKey(Path.GetFileName(stale)))
            {
                File.Delete(stale);
            }
        }

        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(directory, name), text, utf8);
        }
    }
}
