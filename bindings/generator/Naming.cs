using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Chainer.Bindings.Generator;

/// <summary>C-to-C# name conversions used throughout the generated code.</summary>
public static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>snake_case or SCREAMING_CASE to PascalCase: ch_function_node → ChFunctionNode, FLOAT32 → Float32.</summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (string part in name.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(char.ToUpperInvariant(part[0]));
            result.Append(part.Substring(1).ToLowerInvariant());
        }

        return result.ToString();
    }

    /// <summary>ch_status → ChStatus (the C# enum keeps the Ch prefix, as in ChStatus.Ok).</summary>
    public static string EnumName(string cName) => Pascal(cName);

    /// <summary>ch_function_node → FunctionNodeHandle.</summary>
    public static string HandleName(string cName) => Pascal(StripChPrefix(cName)) + "Handle";

    /// <summary>A C identifier usable as a C# identifier (out → @out).</summary>
    public static string Identifier(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>
    /// C# member names for an enum's C constants: the longest common prefix that ends
    /// in '_' is stripped (CH_DTYPE_FLOAT32 → Float32), but never so far that a name
    /// would be empty or start with a digit (CH_DIM_2D stays Dim2d).
    /// </summary>
    public static IReadOnlyList<string> EnumMembers(IReadOnlyList<string> cNames)
    {
        string prefix = CommonPrefix(cNames);
        int cut = prefix.LastIndexOf('_') + 1;
        while (cut > 0 && cNames.Any(n => n.Length == cut || char.IsDigit(n[cut])))
        {
            cut = cut >= 2 ? prefix.LastIndexOf('_', cut - 2) + 1 : 0;
        }

        return cNames.Select(n => Pascal(n.Substring(cut))).ToList();
    }

    private static string CommonPrefix(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return "";
        }

        string prefix = names[0];
        foreach (string name in names)
        {
            int i = 0;
            while (i < prefix.Length && i < name.Length && prefix[i] == name[i])
            {
                i++;
            }

            prefix = prefix.Substring(0, i);
        }

        return prefix;
    }

    private static string StripChPrefix(string name) =>
        name.StartsWith("ch_", StringComparison.Ordinal) ? name.Substring(3) : name;
}
