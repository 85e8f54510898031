using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Chainer.Serialization
{
    /// <summary>A Python tuple or list read by <see cref="PythonLiteralParser"/>.</summary>
    /// <param name="IsTuple">True for (…), false for […].</param>
    /// <param name="Items">The elements.</param>
    internal sealed record PythonSequence(bool IsTuple, IReadOnlyList<object?> Items);

    /// <summary>
    /// Parses the subset of Python literal syntax that .npy headers are written in: dicts with
    /// string keys, tuples, lists, strings, integers, True, False and None.
    /// </summary>
    /// <remarks>
    /// NumPy reads headers with ast.literal_eval; this accepts what any NumPy version (and Python 2
    /// era files, whose integers may carry an 'L' suffix) writes, and rejects everything else with a
    /// <see cref="FormatException"/> that gives the offset. Values come back as string, bool, long,
    /// null (None), <see cref="PythonSequence"/> and <see cref="Dictionary{TKey, TValue}"/> with
    /// string keys.
    /// </remarks>
    internal sealed class PythonLiteralParser
    {
        // Real headers nest at most a few levels; the cap keeps hostile input from exhausting the stack.
        private const int MaxDepth = 64;

        private readonly string _text;
        private int _pos;

        private PythonLiteralParser(string text)
        {
            _text = text;
        }

        /// <summary>Parses one literal that makes up the whole text (surrounding whitespace allowed).</summary>
        /// <exception cref="FormatException">The text is not a supported literal.</exception>
        internal static object? Parse(string text)
        {
            var parser = new PythonLiteralParser(text);
            object? value = parser.ParseValue(0);
            parser.SkipWhitespace();
            if (parser._pos != text.Length)
            {
                throw parser.Error("unexpected text after the literal");
            }

            return value;
        }

        private object? ParseValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("literal nested too deeply");
            }

            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of text");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{':
                    return ParseDict(depth);
                case '(':
                    return ParseSequence(')', isTuple: true, depth);
                case '[':
                    return ParseSequence(']', isTuple: false, depth);
                case '\'':
                case '"':
                    return ParseString();
                case '-':
                case '+':
                    return ParseInteger();
            }

            if (char.IsAsciiDigit(c))
            {
                return ParseInteger();
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                return ParseNameOrPrefixedString();
            }

            throw Error($"unexpected character '{c}'");
        }

        private Dictionary<string, object?> ParseDict(int depth)
        {
            _pos++; // '{'
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipWhitespace();
                if (TryConsume('}'))
                {
                    return dict;
                }

                if (ParseValue(depth + 1) is not string key)
                {
                    throw Error("dictionary keys must be strings");
                }

                SkipWhitespace();
                Expect(':');

                // Python keeps the last value of a repeated key.
                dict[key] = ParseValue(depth + 1);
                SkipWhitespace();
                if (TryConsume('}'))
                {
                    return dict;
                }

                Expect(',');
            }
        }

        private object? ParseSequence(char close, bool isTuple, int depth)
        {
            _pos++; // '(' or '['
            var items = new List<object?>();
            bool sawComma = false;
            while (true)
            {
                SkipWhitespace();
                if (TryConsume(close))
                {
                    break;
                }

                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                if (TryConsume(close))
                {
                    break;
                }

                Expect(',');
                sawComma = true;
            }

            // "(3)" is just a parenthesised 3 in Python, not a tuple.
            if (isTuple && items.Count == 1 && !sawComma)
            {
                return items[0];
            }

            return new PythonSequence(isTuple, items);
        }

        private long ParseInteger()
        {
            int start = _pos;
            if (_text[_pos] == '-' || _text[_pos] == '+')
            {
                _pos++;
            }

            int digitsStart = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                throw Error("expected digits");
            }

            string digits = _text[start.._pos];

            // Python 2 wrote long integers as 123L.
            if (_pos < _text.Length && (_text[_pos] == 'L' || _text[_pos] == 'l'))
            {
                _pos++;
            }

            if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.' || _text[_pos] == '_'))
            {
                throw Error("only plain decimal integers are supported");
            }

            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                throw Error($"integer {digits} is out of range");
            }

            return value;
        }

        private object? ParseNameOrPrefixedString()
        {
            int start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            string name = _text[start.._pos];

            // u'...' (Python 2 unicode) and b'...' read the same for the ASCII text headers hold.
            if (_pos < _text.Length && (_text[_pos] == '\'' || _text[_pos] == '"')
                && (name == "u" || name == "U" || name == "b" || name == "B"))
            {
                return ParseString();
            }

            return name switch
            {
                "True" => true,
                "False" => false,
                "None" => null,
                _ => throw ErrorAt(start, $"unsupported name '{name}'"),
            };
        }

        private string ParseString()
        {
            char quote = _text[_pos++];
            var value = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length || _text[_pos] == '\n')
                {
                    throw Error("unterminated string");
                }

                char c = _text[_pos++];
                if (c == quote)
                {
                    return value.ToString();
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char e = _text[_pos++];
                switch (e)
                {
                    case '\\': value.Append('\\'); break;
                    case '\'': value.Append('\''); break;
                    case '"': value.Append('"'); break;
                    case 'n': value.Append('\n'); break;
                    case 'r': value.Append('\r'); break;
                    case 't': value.Append('\t'); break;
                    case '0': value.Append('\0'); break;
                    case 'x': value.Append(ParseHexEscape(2)); break;
                    case 'u': value.Append(ParseHexEscape(4)); break;
                    default:
                        // Python keeps an unknown escape as written.
                        value.Append('\\').Append(e);
                        break;
                }
            }
        }

        private char ParseHexEscape(int digits)
        {
            if (_pos + digits > _text.Length
                || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                throw Error("invalid escape sequence");
            }

            _pos += digits;
            return (char)code;
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length && (_text[_pos] == ' ' || _text[_pos] == '\t' || _text[_pos] == '\n' || _text[_pos] == '\r'))
            {
                _pos++;
            }
        }

        private bool TryConsume(char c)
        {
            if (_pos < _text.Length && _text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw _pos < _text.Length ? Error($"expected '{c}' but found '{_text[_pos]}'") : Error($"expected '{c}' but the text ended");
            }
        }

        private FormatException Error(string message) => ErrorAt(_pos, message);

        private static FormatException ErrorAt(int position, string message) =>
            new FormatException($"{message} at offset {position}");
    }
}
