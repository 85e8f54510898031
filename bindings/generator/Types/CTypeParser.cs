using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Chainer.Bindings.Generator.Types;

/// <summary>
/// Parses clang's qualType spelling of a parameter or return type. Only the shapes
/// the C API uses (a named base type plus pointer levels) are accepted; function
/// pointers must come through a typedef and arrays decay before they get here.
/// </summary>
public static partial class CTypeParser
{
    private static readonly HashSet<string> Ignored = new() { "volatile", "restrict", "__restrict", "_Nonnull", "_Null_unspecified", "struct", "enum", "union" };

    [GeneratedRegex(@"\*|[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Token();

    /// <summary>Parses <paramref name="spelling"/>, or returns null when it is not a base name with pointers.</summary>
    public static CType? TryParse(string spelling)
    {
        if (spelling.IndexOfAny(new[] { '(', '[', '&', ',', '<' }) >= 0)
        {
            return null;
        }

        var baseWords = new List<string>();
        bool baseConst = false;
        var pointers = new List<PointerLevel>();
        int consumed = 0;
        foreach (Match token in Token().Matches(spelling))
        {
            if (spelling[consumed..token.Index].Trim().Length != 0)
            {
                return null;
            }

            consumed = token.Index + token.Length;
            string t = token.Value;
            if (t == "*")
            {
                pointers.Add(new PointerLevel(false, false));
            }
            else if (t == "const")
            {
                if (pointers.Count == 0) { baseConst = true; }
                else { pointers[^1] = pointers[^1] with { IsConst = true }; }
            }
            else if (t == "_Nullable")
            {
                if (pointers.Count == 0) { return null; }
                pointers[^1] = pointers[^1] with { IsNullable = true };
            }
            else if (Ignored.Contains(t))
            {
                continue;
            }
            else if (pointers.Count == 0)
            {
                baseWords.Add(t);
            }
            else
            {
                return null;
            }
        }

        if (spelling[consumed..].Trim().Length != 0 || baseWords.Count == 0)
        {
            return null;
        }

        return new CType(spelling, string.Join(' ', baseWords), baseConst, pointers);
    }
}
