using System.Diagnostics;
using System.ComponentModel;
using System.IO;
using System.Threading.Tasks;

namespace Chainer.Bindings.Generator;

/// <summary>Runs clang to get the header's AST as JSON.</summary>
public static class ClangRunner
{
    public static string DumpAst(string clang, string header)
    {
        if (!File.Exists(header))
        {
            throw new GeneratorException($"header not found: {header}");
        }

        var start = new ProcessStartInfo(clang)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Parsed as C: the header is C with an extern "C" guard, and C keeps the AST free of
        // LinkageSpecDecl and C++-only sugar. The full path keeps "file" in the AST unambiguous.
        foreach (string arg in new[] { "-Xclang", "-ast-dump=json", "-fsyntax-only", "-x", "c", Path.GetFullPath(header) })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GeneratorException($"could not start {clang}");
        }
        catch (Win32Exception e)
        {
            throw new GeneratorException($"could not start {clang}: {e.Message}");
        }

        using (process)
        {
            // Both pipes are drained concurrently: the AST is large and would fill one pipe
            // while we block on the other.
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new GeneratorException($"{clang} failed on {header} (exit {process.ExitCode}):\n{stderr.Result}");
            }

            return stdout.Result;
        }
    }
}
