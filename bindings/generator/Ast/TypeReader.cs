using Chainer.Bindings.Generator.Types;
using System.Text.Json;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>Reads the "type" objects of clang's JSON AST into <see cref="CType"/>s.</summary>
public static class TypeReader
{
    /// <summary>A declaration's "type": {"qualType", "desugaredQualType"?}.</summary>
    public static CType FromTypeObject(JsonElement type)
    {
        string spelling = type.GetProperty("qualType").GetString() ?? "";
        CType parsed = CTypeParser.TryParse(spelling) ?? CType.Unparsed(spelling);
        if (type.TryGetProperty("desugaredQualType", out JsonElement desugared) && desugared.GetString() is string d && d != spelling)
        {
            parsed = parsed with { Desugared = CTypeParser.TryParse(d) };
        }

        return parsed;
    }

    /// <summary>A type node (inside a FunctionProtoType): its spelling, desugared through typedef sugar nodes.</summary>
    public static CType FromTypeNode(JsonElement node)
    {
        CType parsed = FromTypeObject(node.GetProperty("type"));
        JsonElement bottom = node;
        while (bottom.TryGetProperty("kind", out JsonElement kind)
               && kind.GetString() is "TypedefType" or "ElaboratedType" or "ParenType"
               && bottom.TryGetProperty("inner", out JsonElement inner) && inner.GetArrayLength() > 0)
        {
            bottom = inner[0];
        }

        string? desugared = bottom.GetProperty("type").GetProperty("qualType").GetString();
        return desugared is null || desugared == parsed.Spelling ? parsed : parsed with { Desugared = CTypeParser.TryParse(desugared) };
    }

    /// <summary>The return type in a function's qualType: "ch_status (ch_array *)" → "ch_status".</summary>
    public static CType ReturnTypeOf(string functionSpelling)
    {
        string s = functionSpelling.TrimEnd();
        int depth = 0;
        for (int i = s.Length - 1; i >= 0; i--)
        {
            if (s[i] == ')') { depth++; }
            else if (s[i] == '(' && --depth == 0)
            {
                string result = s.Substring(0, i).Trim();
                return CTypeParser.TryParse(result) ?? CType.Unparsed(result);
            }
        }

        return CType.Unparsed(functionSpelling);
    }
}
