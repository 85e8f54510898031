using Chainer.Bindings.Generator.Model;
using System;
using System.Linq;
using System.Text.Json;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// Typedefs decide what the bindings contain: an enum's name, an opaque handle,
/// a callback signature, or an alias that parameters see through.
/// </summary>
public sealed partial class HeaderReader
{
    private void ReadTypedef(JsonElement decl)
    {
        string name = Name(decl);
        JsonElement inner = decl.TryGetProperty("inner", out JsonElement i) && i.GetArrayLength() > 0 ? i[0] : default;
        if (inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("ownedTagDecl", out JsonElement owned))
        {
            string ownedId = owned.GetProperty("id").GetString() ?? "";
            if (_enumsById.TryGetValue(ownedId, out PendingEnum? e))
            {
                e.TypedefName ??= name;
                return;
            }
        }

        string spelling = decl.GetProperty("type").GetProperty("qualType").GetString() ?? "";
        if (spelling.StartsWith("enum ", StringComparison.Ordinal))
        {
            // typedef enum ch_x ch_x; after a separate "enum ch_x {...};".
            string tag = spelling.Substring(5);
            PendingEnum? e = _enums.FirstOrDefault(p => p.Tag == tag);
            if (e is not null)
            {
                e.TypedefName ??= name;
            }

            return;
        }

        if (spelling.StartsWith("struct ", StringComparison.Ordinal) && !spelling.Contains('*') && RecordDeclOf(inner) is string recordId
            && _recordIsComplete.TryGetValue(recordId, out bool complete) && !complete)
        {
            // An opaque struct: the handle pattern. A struct with a body is not a handle (and maps to nothing).
            _handleNames.Add(name);
            return;
        }

        if (FindFunctionProto(decl) is JsonElement proto && spelling.Contains("(*)", StringComparison.Ordinal))
        {
            _callbacks.Add(ReadCallback(name, proto));
        }
        else
        {
            // Other typedefs need no binding of their own; parameters using them map through what they alias.
            _aliases[name] = TypeReader.FromTypeObject(decl.GetProperty("type"));
        }
    }

    private static string? RecordDeclOf(JsonElement typeNode)
    {
        if (typeNode.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (typeNode.TryGetProperty("ownedTagDecl", out JsonElement owned))
        {
            return owned.GetProperty("id").GetString();
        }

        if (typeNode.TryGetProperty("decl", out JsonElement d) && d.GetProperty("kind").GetString() == "RecordDecl")
        {
            return d.GetProperty("id").GetString();
        }

        return typeNode.TryGetProperty("inner", out JsonElement inner) && inner.GetArrayLength() > 0 ? RecordDeclOf(inner[0]) : null;
    }

    private static JsonElement? FindFunctionProto(JsonElement node)
    {
        if (!node.TryGetProperty("inner", out JsonElement inner))
        {
            return null;
        }

        foreach (JsonElement child in inner.EnumerateArray())
        {
            string? kind = child.GetProperty("kind").GetString();
            if (kind == "FunctionProtoType")
            {
                return child;
            }

            if (kind is "PointerType" or "ParenType" or "ElaboratedType" && FindFunctionProto(child) is JsonElement found)
            {
                return found;
            }
        }

        return null;
    }

    private static CallbackModel ReadCallback(string name, JsonElement proto)
    {
        if (proto.TryGetProperty("variadic", out JsonElement v) && v.GetBoolean())
        {
            throw new GeneratorException($"callback {name}: variadic function pointers cannot be bound");
        }

        // FunctionProtoType's children: the return type, then each parameter type.
        var types = proto.GetProperty("inner").EnumerateArray().Select(TypeReader.FromTypeNode).ToList();
        return new CallbackModel(name, types[0], types.Skip(1).ToList());
    }
}
