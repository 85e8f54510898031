using System;
using System.Collections.Generic;
using System.Linq;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// Finds the comment written directly above a declaration in the header text.
/// clang attaches only Doxygen-style comments (/** or ///) to declarations, while
/// chainer.h uses plain /* */ comments, so the header lines are read instead. A
/// blank line between comment and declaration detaches it (section banners stay out).
/// </summary>
public sealed class CommentReader
{
    private readonly string[] _lines;

    public CommentReader(string headerText)
    {
        _lines = headerText.Replace("\r\n", "\n").Split('\n');
    }

    /// <summary>The comment's text lines (markers stripped) ending on the line above <paramref name="line"/> (1-based), or none.</summary>
    public IReadOnlyList<string> CommentAbove(int line)
    {
        int last = line - 2;
        if (last < 0 || last >= _lines.Length)
        {
            return Array.Empty<string>();
        }

        string previous = _lines[last].Trim();
        if (previous.StartsWith("//", StringComparison.Ordinal))
        {
            return LineComment(last);
        }

        return previous.EndsWith("*/", StringComparison.Ordinal) ? BlockComment(last) : Array.Empty<string>();
    }

    private IReadOnlyList<string> LineComment(int last)
    {
        int first = last;
        while (first > 0 && _lines[first - 1].TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            first--;
        }

        return Clean(_lines[first..(last + 1)].Select(l => l.Trim().TrimStart('/')));
    }

    private IReadOnlyList<string> BlockComment(int last)
    {
        int first = last;
        while (first >= 0 && !_lines[first].Contains("/*", StringComparison.Ordinal))
        {
            first--;
        }

        // A comment that starts after code on its line belongs to that code, not to us.
        if (first < 0 || !_lines[first].TrimStart().StartsWith("/*", StringComparison.Ordinal))
        {
            return Array.Empty<string>();
        }

        var text = new List<string>();
        for (int i = first; i <= last; i++)
        {
            string l = _lines[i].Trim();
            // The end marker goes first so a one-line "/**/" cannot overlap its two markers.
            if (i == last)
            {
                l = l.Substring(0, l.Length - 2).TrimEnd('*');
            }

            if (i == first)
            {
                l = l.Substring(l.IndexOf("/*", StringComparison.Ordinal) + 2).TrimStart('*');
            }

            if (i != first && l.StartsWith('*'))
            {
                l = l.Substring(1);
            }

            text.Add(l);
        }

        return Clean(text);
    }

    /// <summary>Trims each line and drops blank lines at both ends.</summary>
    private static IReadOnlyList<string> Clean(IEnumerable<string> lines)
    {
        var trimmed = lines.Select(l => l.Trim()).ToList();
        while (trimmed.Count > 0 && trimmed[0].Length == 0)
        {
            trimmed.RemoveAt(0);
        }

        while (trimmed.Count > 0 && trimmed[^1].Length == 0)
        {
            trimmed.RemoveAt(trimmed.Count - 1);
        }

        return trimmed;
    }
}
