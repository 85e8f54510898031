using System.IO;

namespace Chainer.Bindings.Generator;

/// <summary>The command line as a callable (Program only forwards to it), so tests can run it in-process.</summary>
public static class GeneratorCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            GeneratorOptions options = GeneratorOptions.Parse(args);
            string ast = options.AstFile is null
                ? ClangRunner.DumpAst(options.Clang, options.Header)
                : File.ReadAllText(options.AstFile);
            var files = BindingsGenerator.Generate(ast, options.Header);
            OutputWriter.Write(options.OutputDirectory, files);
            output.WriteLine($"bindings: wrote {files.Count} files to {options.OutputDirectory}");
            return 0;
        }
        catch (GeneratorException e)
        {
            error.WriteLine($"bindings generator: error: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"bindings generator: error: {e.Message}");
            return 1;
        }
    }
}
