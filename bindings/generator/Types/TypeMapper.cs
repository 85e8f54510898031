using Chainer.Bindings.Generator.Model;
using System;
using System.Collections.Generic;
using System.Linq;

namespace Chainer.Bindings.Generator.Types;

/// <summary>
/// The C-to-C# type mapping of docs/managed-api.md ("Layers"). Every rule is here,
/// and anything outside them throws with the declaration's name instead of guessing.
/// </summary>
public sealed class TypeMapper
{
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleModel> _handles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallbackModel> _callbacks = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, CType> _aliases;

    public TypeMapper(HeaderModel header)
    {
        _aliases = header.Aliases;
        foreach (EnumModel e in header.Enums)
        {
            _enums[e.CName] = e;
            if (e.TagName is not null)
            {
                _enums[e.TagName] = e;
            }
        }

        foreach (HandleModel h in header.Handles)
        {
            _handles[h.CName] = h;
        }

        foreach (CallbackModel c in header.Callbacks)
        {
            _callbacks[c.CName] = c;
        }
    }

    /// <summary>The C# return type: ch_status → ChStatus, scalars, enums, void.</summary>
    public string MapReturn(FunctionModel function)
    {
        CType type = ResolveAliases(function.Return);
        if (type.Depth == 0 && type.BaseName == "void")
        {
            return "void";
        }

        string? mapped = type.Depth == 0 ? MapValue(type) : null;
        mapped ??= type.Desugared is { Depth: 0 } d ? MapValue(d) : null;
        return mapped ?? throw Unmappable(function.Name, "return type", type);
    }

    /// <summary>The C# parameter type, including a leading "out " for out-parameters.</summary>
    public string MapParameter(FunctionModel function, ParameterModel parameter)
    {
        parameter = parameter with { Type = ResolveAliases(parameter.Type) };
        string? mapped = TryMapParameter(function, parameter);
        if (mapped is null && parameter.Type.Desugared is CType desugared)
        {
            mapped = TryMapParameter(function, parameter with { Type = desugared });
        }

        return mapped ?? throw Unmappable(function.Name, $"parameter '{parameter.Name}'", parameter.Type);
    }

    private string? TryMapParameter(FunctionModel function, ParameterModel parameter) => parameter.Type.Depth switch
    {
        0 => MapValue(parameter.Type),
        1 => MapPointer(function, parameter),
        2 => MapPointerToPointer(parameter),
        _ => null,
    };

    /// <summary>A function-pointer typedef as <c>delegate* unmanaged[Cdecl]&lt;params..., return&gt;</c>.</summary>
    public string MapCallback(CallbackModel callback)
    {
        var types = callback.Parameters.Select(p => MapCallbackSugared(p) ?? throw Unmappable(callback.CName, "callback parameter", p)).ToList();
        types.Add(callback.Return.Depth == 0 && callback.Return.BaseName == "void"
            ? "void"
            : MapCallbackSugared(callback.Return) ?? throw Unmappable(callback.CName, "callback return type", callback.Return));
        return $"delegate* unmanaged[Cdecl]<{string.Join(", ", types)}>";
    }

    /// <summary>The enum a mapped C# type name refers to, if any.</summary>
    public EnumModel? EnumOf(string csharpName)
    {
        foreach (EnumModel e in _enums.Values)
        {
            if (e.CSharpName == csharpName)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>The handle a type points to (for ch_x_free's own parameter).</summary>
    public HandleModel? HandleOf(CType type) =>
        type.Depth == 1 && _handles.TryGetValue(type.BaseName, out HandleModel? h) ? h : null;

    private static bool IsOut(ParameterModel parameter) => parameter.Name.StartsWith("out_", StringComparison.Ordinal);

    /// <summary>By value: scalars, enums and function-pointer typedefs.</summary>
    private string? MapValue(CType type)
    {
        if (ScalarTypes.TryMap(type.BaseName) is string scalar)
        {
            return scalar;
        }

        if (_enums.TryGetValue(type.BaseName, out EnumModel? e))
        {
            return e.CSharpName;
        }

        return _callbacks.TryGetValue(type.BaseName, out CallbackModel? callback) ? MapCallback(callback) : null;
    }

    private string? MapPointer(FunctionModel function, ParameterModel parameter)
    {
        CType type = parameter.Type;
        if (_handles.TryGetValue(type.BaseName, out HandleModel? handle))
        {
            // ch_x_free takes nint: SafeHandle.ReleaseHandle has only the raw handle.
            bool isFree = function.Name == handle.CName + "_free";
            if (isFree || type.IsNullable)
            {
                return "nint";
            }

            return handle.Free is null
                ? throw new GeneratorException($"{function.Name}: parameter '{parameter.Name}' is a {handle.CName}*, but the header declares no {handle.CName}_free, so there is no {handle.CSharpName} to map it to")
                : handle.CSharpName;
        }

        switch (type.BaseName)
        {
            case "void":
                return "void*";
            case "char":
                // A const char* is an input string; a writable char* is a byte buffer to fill.
                return type.IsBaseConst ? (type.IsNullable ? "string?" : "string") : "byte*";
        }

        string? pointee = ScalarTypes.TryMap(type.BaseName) ?? (_enums.TryGetValue(type.BaseName, out EnumModel? e) ? e.CSharpName : null);
        if (pointee is null)
        {
            return null;
        }

        return IsOut(parameter) && !type.IsBaseConst ? "out " + pointee : pointee + "*";
    }

    private string? MapPointerToPointer(ParameterModel parameter)
    {
        CType type = parameter.Type;
        // "* const *" means the callee cannot store through the outer pointer: an input array.
        bool outputSlot = IsOut(parameter) && !type.Pointers[0].IsConst;
        if (_handles.TryGetValue(type.BaseName, out HandleModel? handle))
        {
            if (outputSlot && handle.Free is not null)
            {
                return "out " + handle.CSharpName;
            }

            return outputSlot ? null : "nint*";
        }

        return type.BaseName switch
        {
            // Library-owned strings: marshalling them as string would free library memory.
            "char" when outputSlot && type.IsBaseConst => "out nint",
            "char" when !outputSlot => "nint*",
            "void" when outputSlot => "out nint",
            _ => null,
        };
    }

    private string? MapCallbackSugared(CType type) =>
        MapCallbackValue(ResolveAliases(type)) ?? (type.Desugared is CType d ? MapCallbackValue(d) : null);

    /// <summary>
    /// Replaces a header typedef in the base by what it names (<c>const ch_bool*</c> →
    /// <c>const int32_t*</c>), following chains; a const on the alias moves onto the
    /// alias's own outermost pointer when it names a pointer type.
    /// </summary>
    private CType ResolveAliases(CType type)
    {
        for (int guard = 0; guard < 32 && !IsKnownBase(type.BaseName) && _aliases.TryGetValue(type.BaseName, out CType? target); guard++)
        {
            var pointers = target.Pointers.ToList();
            bool baseConst = target.IsBaseConst;
            if (pointers.Count > 0)
            {
                pointers[^1] = pointers[^1] with { IsConst = pointers[^1].IsConst || type.IsBaseConst };
            }
            else
            {
                baseConst |= type.IsBaseConst;
            }

            pointers.AddRange(type.Pointers);
            type = new CType(type.Spelling, target.BaseName, baseConst, pointers) { Desugared = type.Desugared };
        }

        return type;
    }

    private bool IsKnownBase(string name) =>
        name is "void" or "char" || ScalarTypes.TryMap(name) is not null
        || _enums.ContainsKey(name) || _handles.ContainsKey(name) || _callbacks.ContainsKey(name);

    /// <summary>Callback signatures take only blittable values: pointers become raw pointers.</summary>
    private string? MapCallbackValue(CType type)
    {
        if (type.Depth == 0)
        {
            return ScalarTypes.TryMap(type.BaseName) ?? (_enums.TryGetValue(type.BaseName, out EnumModel? e) ? e.CSharpName : null);
        }

        if (type.Depth > 1 || _handles.ContainsKey(type.BaseName))
        {
            return "nint";
        }

        return type.BaseName switch
        {
            "void" => "void*",
            "char" => "byte*",
            _ => ScalarTypes.TryMap(type.BaseName) is string s ? s + "*"
                : _enums.TryGetValue(type.BaseName, out EnumModel? e) ? e.CSharpName + "*" : null,
        };
    }

    private static GeneratorException Unmappable(string declaration, string what, CType type) =>
        new($"{declaration}: {what} has type '{type.Spelling}', which has no C# mapping (see bindings/README.md)");
}
