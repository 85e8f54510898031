using System;
using System.Collections.Generic;

namespace Chainer.Bindings.Generator;

/// <summary>Command line: --header H --out DIR [--ast FILE.json] [--clang EXE].</summary>
public sealed record GeneratorOptions(string Header, string OutputDirectory, string? AstFile, string Clang)
{
    public const string Usage =
        "usage: Chainer.Bindings.Generator --header <chainer.h> --out <folder> [--ast <ast.json>] [--clang <clang-14>]";

    public static GeneratorOptions Parse(IReadOnlyList<string> args)
    {
        string? header = null, output = null, ast = null;
        string clang = "clang-14";
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new GeneratorException($"option {name} needs a value\n{Usage}");
            }

            string value = args[++i];
            switch (name)
            {
                case "--header": header = value; break;
                case "--out": output = value; break;
                case "--ast": ast = value; break;
                case "--clang": clang = value; break;
                default: throw new GeneratorException($"unknown option {name}\n{Usage}");
            }
        }

        if (header is null || output is null)
        {
            throw new GeneratorException($"--header and --out are required\n{Usage}");
        }

        return new GeneratorOptions(header, output, ast, clang);
    }
}
