using System.Collections.Generic;
using System.Text;

namespace Chainer.Bindings.Generator.Emit;

/// <summary>Builds C# text with four-space indentation and LF line endings on every platform.</summary>
public sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    public CodeWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A <c>/// &lt;summary&gt;</c> from comment lines; nothing when there are none.</summary>
    public CodeWriter Summary(IReadOnlyList<string> lines)
    {
        if (lines.Count == 1)
        {
            return Line($"/// <summary>{Xml(lines[0])}</summary>");
        }

        if (lines.Count > 1)
        {
            Line("/// <summary>");
            foreach (string line in lines)
            {
                Line(line.Length == 0 ? "///" : $"/// {Xml(line)}");
            }

            Line("/// </summary>");
        }

        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Header comments are prose, and the compiler checks doc comments as XML.</summary>
    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
