using Chainer.Bindings.Generator.Ast;
using Chainer.Bindings.Generator.Emit;
using Chainer.Bindings.Generator.Model;
using Chainer.Bindings.Generator.Types;
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Chainer.Bindings.Generator;

/// <summary>The generator without I/O: AST JSON and header text in, file names and contents out.</summary>
public static class BindingsGenerator
{
    /// <summary>Generates from an AST dump; the header file is read for its comments.</summary>
    public static IReadOnlyDictionary<string, string> Generate(string astJson, string headerPath) =>
        Generate(astJson, headerPath, File.ReadAllText(headerPath));

    public static IReadOnlyDictionary<string, string> Generate(string astJson, string headerPath, string headerText) =>
        Emit(ReadModel(astJson, headerPath, headerText));

    /// <summary>Runs clang on the header and generates.</summary>
    public static IReadOnlyDictionary<string, string> GenerateFromHeader(string headerPath, string clang = "clang-14") =>
        Generate(ClangRunner.DumpAst(clang, headerPath), headerPath);

    public static HeaderModel ReadModel(string astJson, string headerPath, string headerText)
    {
        // The AST of a small header is a few MB; nesting follows the C expression depth.
        using JsonDocument document = JsonDocument.Parse(astJson, new JsonDocumentOptions { MaxDepth = 1024 });
        return HeaderReader.Read(document.RootElement, headerPath, headerText);
    }

    public static IReadOnlyDictionary<string, string> Emit(HeaderModel header)
    {
        var types = new TypeMapper(header);
        // Sorted by name so enumeration order (and thus writing) is deterministic.
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [NativeMethodsEmitter.FileName] = NativeMethodsEmitter.Emit(header, types),
            [EnumsEmitter.FileName] = EnumsEmitter.Emit(header),
            [SafeHandlesEmitter.FileName] = SafeHandlesEmitter.Emit(header, types),
        };
    }
}
