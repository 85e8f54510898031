using Chainer.Bindings.Generator.Model;
using Chainer.Bindings.Generator.Types;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// Turns clang's JSON AST into a <see cref="HeaderModel"/>, keeping only what is
/// declared in the header itself (not in headers it includes), in header order.
/// </summary>
public sealed partial class HeaderReader
{
    private readonly string _headerFullPath;
    private readonly CommentReader _comments;
    private readonly IReadOnlyDictionary<string, NodeLocation> _locations;

    // Enum declarations in order; typedefs that follow give them their names.
    private readonly List<PendingEnum> _enums = new();
    private readonly Dictionary<string, PendingEnum> _enumsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _recordIsComplete = new(StringComparer.Ordinal);
    private readonly List<string> _handleNames = new();
    private readonly List<CallbackModel> _callbacks = new();
    private readonly List<FunctionModel> _functions = new();
    private readonly Dictionary<string, CType> _aliases = new(StringComparer.Ordinal);

    private HeaderReader(string headerPath, string headerText, IReadOnlyDictionary<string, NodeLocation> locations)
    {
        _headerFullPath = Path.GetFullPath(headerPath);
        _comments = new CommentReader(headerText);
        _locations = locations;
    }

    public static HeaderModel Read(JsonElement translationUnit, string headerPath, string headerText)
    {
        var reader = new HeaderReader(headerPath, headerText, SourceLocationTracker.Resolve(translationUnit));
        reader.ReadDeclarations(translationUnit);
        return reader.Build(DisplayPath.Of(headerPath));
    }

    private void ReadDeclarations(JsonElement container)
    {
        if (!container.TryGetProperty("inner", out JsonElement inner))
        {
            return;
        }

        foreach (JsonElement decl in inner.EnumerateArray())
        {
            string kind = decl.GetProperty("kind").GetString() ?? "";
            if (kind == "LinkageSpecDecl")
            {
                // extern "C" { ... } when the header is parsed as C++.
                ReadDeclarations(decl);
                continue;
            }

            if (Location(decl) is not NodeLocation location || !IsInHeader(location) || IsImplicit(decl))
            {
                continue;
            }

            switch (kind)
            {
                case "EnumDecl": ReadEnum(decl, location); break;
                case "RecordDecl": _recordIsComplete[Id(decl)] = decl.TryGetProperty("completeDefinition", out _); break;
                case "TypedefDecl": ReadTypedef(decl); break;
                case "FunctionDecl": ReadFunction(decl, location); break;
                case "VarDecl":
                    throw new GeneratorException($"variable {Name(decl)}: the C API exports functions only");
            }
        }
    }

    private void ReadEnum(JsonElement decl, NodeLocation location)
    {
        var members = new List<(string Name, long Value, IReadOnlyList<string> Comment)>();
        long next = 0;
        if (decl.TryGetProperty("inner", out JsonElement inner))
        {
            foreach (JsonElement constant in inner.EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "EnumConstantDecl"))
            {
                // clang folds explicit values into a ConstantExpr with "value"; implicit ones follow the previous.
                long value = ConstantValue(constant) ?? next;
                next = value + 1;
                int line = Location(constant)?.BeginLine ?? 0;
                members.Add((Name(constant), value, _comments.CommentAbove(line)));
            }
        }

        string tag = decl.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";
        var pending = new PendingEnum(Id(decl), tag.Length == 0 ? null : tag, members, _comments.CommentAbove(location.BeginLine));
        _enums.Add(pending);
        _enumsById[pending.Id] = pending;
    }

    private static long? ConstantValue(JsonElement constant)
    {
        if (!constant.TryGetProperty("inner", out JsonElement inner))
        {
            return null;
        }

        foreach (JsonElement expr in inner.EnumerateArray())
        {
            if (expr.TryGetProperty("value", out JsonElement value) && long.TryParse(value.GetString(), out long v))
            {
                return v;
            }
        }

        throw new GeneratorException($"enumerator {Name(constant)}: clang gave no constant value");
    }

    private void ReadFunction(JsonElement decl, NodeLocation location)
    {
        string name = Name(decl);
        if (decl.TryGetProperty("storageClass", out JsonElement storage) && storage.GetString() == "static")
        {
            // static inline helpers are compiled into the caller and exported by nobody.
            return;
        }

        if (!name.StartsWith("ch_", StringComparison.Ordinal))
        {
            throw new GeneratorException($"function {name}: the C API exports only ch_* symbols");
        }

        if (_functions.Any(f => f.Name == name))
        {
            return; // a redeclaration
        }

        if (decl.TryGetProperty("variadic", out JsonElement variadic) && variadic.GetBoolean())
        {
            throw new GeneratorException($"function {name}: variadic functions cannot be bound");
        }

        var parameters = new List<ParameterModel>();
        if (decl.TryGetProperty("inner", out JsonElement inner))
        {
            foreach (JsonElement p in inner.EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "ParmVarDecl"))
            {
                string pName = p.TryGetProperty("name", out JsonElement pn) ? pn.GetString() ?? "" : "";
                parameters.Add(new ParameterModel(pName.Length == 0 ? $"arg{parameters.Count}" : pName, TypeReader.FromTypeObject(p.GetProperty("type"))));
            }
        }

        CType returnType = TypeReader.ReturnTypeOf(decl.GetProperty("type").GetProperty("qualType").GetString() ?? "");
        _functions.Add(new FunctionModel(name, returnType, parameters, _comments.CommentAbove(location.BeginLine)));
    }

    private HeaderModel Build(string displayPath)
    {
        var enums = new List<EnumModel>();
        foreach (PendingEnum e in _enums)
        {
            string cName = e.TypedefName ?? e.Tag
                ?? throw new GeneratorException($"an anonymous enum ({string.Join(", ", e.Members.Select(m => m.Name))}) has no typedef name to bind");
            IReadOnlyList<string> names = Naming.EnumMembers(e.Members.Select(m => m.Name).ToList());
            var members = e.Members.Select((m, i) => new EnumMemberModel(m.Name, names[i], m.Value, m.Comment)).ToList();
            enums.Add(new EnumModel(cName, e.Tag, Naming.EnumName(cName), members, e.Comment));
        }

        var handles = _handleNames
            .Select(h => new HandleModel(h, Naming.HandleName(h), _functions.FirstOrDefault(f => f.Name == h + "_free")))
            .ToList();
        return new HeaderModel(displayPath, enums, handles, _callbacks, _functions, _aliases);
    }

    private NodeLocation? Location(JsonElement decl) =>
        decl.TryGetProperty("id", out JsonElement id) && id.GetString() is string key && _locations.TryGetValue(key, out NodeLocation? l) ? l : null;

    private bool IsInHeader(NodeLocation location) =>
        location.File is not null && string.Equals(Path.GetFullPath(location.File), _headerFullPath,
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool IsImplicit(JsonElement decl) =>
        decl.TryGetProperty("isImplicit", out JsonElement i) && i.GetBoolean();

    private static string Id(JsonElement decl) => decl.GetProperty("id").GetString() ?? "";

    private static string Name(JsonElement decl) =>
        decl.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? "" : "";

    private sealed class PendingEnum
    {
        public PendingEnum(string id, string? tag, List<(string Name, long Value, IReadOnlyList<string> Comment)> members, IReadOnlyList<string> comment)
        {
            Id = id;
            Tag = tag;
            Members = members;
            Comment = comment;
        }

        public string Id { get; }
        public string? Tag { get; }
        public string? TypedefName { get; set; }
        public List<(string Name, long Value, IReadOnlyList<string> Comment)> Members { get; }
        public IReadOnlyList<string> Comment { get; }
    }
}
