using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Chainer.Optimizers
{
    /// <summary>
    /// A set of hyperparameter entries (<c>chainer.optimizer.Hyperparameter</c>). An entry that is not set here is
    /// read from the <see cref="Parent"/>: each update rule's hyperparameter has its optimizer's as parent, so
    /// changing <c>optimizer.Lr</c> changes every rule, while a rule can still override an entry for itself.
    /// </summary>
    public sealed class Hyperparameter
    {
        private readonly List<KeyValuePair<string, object>> _entries = new List<KeyValuePair<string, object>>();

        /// <summary>Creates a hyperparameter set.</summary>
        /// <param name="parent">The set that provides the entries not set here, or null.</param>
        public Hyperparameter(Hyperparameter? parent = null)
        {
            Parent = parent;
        }

        /// <summary>The parent set, or null.</summary>
        public Hyperparameter? Parent { get; }

        /// <summary>
        /// The value of the entry <paramref name="name"/>, here or in a parent. Setting always sets it here.
        /// </summary>
        /// <param name="name">The entry name (Chainer's: <c>lr</c>, <c>alpha</c>, <c>eps</c>, ...).</param>
        /// <exception cref="KeyNotFoundException">(get) Neither this set nor a parent has the entry.</exception>
        public object this[string name]
        {
            get => TryGetValue(name, out object? value)
                ? value
                : throw new KeyNotFoundException($"The hyperparameter has no entry '{name}'.");

            set
            {
                ArgumentNullException.ThrowIfNull(name);
                ArgumentNullException.ThrowIfNull(value);
                for (int i = 0; i < _entries.Count; i++)
                {
                    if (_entries[i].Key == name)
                    {
                        _entries[i] = new KeyValuePair<string, object>(name, value);
                        return;
                    }
                }

                _entries.Add(new KeyValuePair<string, object>(name, value));
            }
        }

        /// <summary>Whether the entry exists here or in a parent.</summary>
        /// <param name="name">The entry name.</param>
        /// <returns>True when it can be read.</returns>
        public bool Contains(string name) => TryGetValue(name, out _);

        /// <summary>Whether the entry is set on this object itself (not inherited).</summary>
        /// <param name="name">The entry name.</param>
        /// <returns>True when set here.</returns>
        public bool IsSetHere(string name) => _entries.Any(e => e.Key == name);

        /// <summary>Removes an entry set here, so that the parent's value shows through again.</summary>
        /// <param name="name">The entry name.</param>
        /// <returns>True when an entry was removed.</returns>
        public bool Remove(string name) => _entries.RemoveAll(e => e.Key == name) > 0;

        /// <summary>Reads an entry, here or in a parent.</summary>
        /// <param name="name">The entry name.</param>
        /// <param name="value">The value.</param>
        /// <returns>True when found.</returns>
        public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? value)
        {
            ArgumentNullException.ThrowIfNull(name);
            for (Hyperparameter? h = this; h is not null; h = h.Parent)
            {
                foreach (KeyValuePair<string, object> e in h._entries)
                {
                    if (e.Key == name)
                    {
                        value = e.Value;
                        return true;
                    }
                }
            }

            value = null;
            return false;
        }

        /// <summary>Reads a numeric entry as a double.</summary>
        /// <param name="name">The entry name.</param>
        /// <returns>The value.</returns>
        public double GetDouble(string name) => Convert.ToDouble(this[name], CultureInfo.InvariantCulture);

        /// <summary>Reads a flag entry.</summary>
        /// <param name="name">The entry name.</param>
        /// <returns>The value.</returns>
        public bool GetBool(string name) => Convert.ToBoolean(this[name], CultureInfo.InvariantCulture);

        /// <summary>All entries that can be read, the parent's overridden by this object's (<c>get_dict</c>).</summary>
        /// <returns>A new dictionary.</returns>
        public Dictionary<string, object> GetDict()
        {
            Dictionary<string, object> d = Parent is null ? new Dictionary<string, object>() : Parent.GetDict();
            foreach (KeyValuePair<string, object> e in _entries)
            {
                d[e.Key] = e.Value;
            }

            return d;
        }

        /// <summary>Chainer's repr: <c>Hyperparameter(lr=0.01, momentum=0.9)</c>, entries sorted by name.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            var sb = new StringBuilder("Hyperparameter(");
            bool first = true;
            foreach (KeyValuePair<string, object> e in GetDict().OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (!first)
                {
                    sb.Append(", ");
                }

                first = false;
                sb.Append(e.Key).Append('=').Append(PythonRepr(e.Value));
            }

            return sb.Append(')').ToString();
        }

        /// <summary>Python's <c>str</c> of a hyperparameter value (<c>0.001</c>, <c>1e-08</c>, <c>True</c>, <c>1.0</c>).</summary>
        /// <param name="value">The value.</param>
        /// <returns>The text.</returns>
        internal static string PythonRepr(object value) => value switch
        {
            bool b => b ? "True" : "False",
            double d => PythonFloat(d),
            float f => PythonFloat(f),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, positional for exponents -4..15.</summary>
        /// <param name="d">The value.</param>
        /// <returns>The text.</returns>
        internal static string PythonFloat(double d)
        {
            if (double.IsNaN(d))
            {
                return "nan";
            }

            if (double.IsInfinity(d))
            {
                return d > 0 ? "inf" : "-inf";
            }

            if (d == 0)
            {
                return BitConverter.DoubleToInt64Bits(d) < 0 ? "-0.0" : "0.0";
            }

            // Shortest round-trip digits and the decimal exponent of the first digit.
            string e = Math.Abs(d).ToString("E16", CultureInfo.InvariantCulture);
            string r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
            int exp = int.Parse(e.Substring(e.IndexOf('E') + 1), CultureInfo.InvariantCulture);
            string digits;
            int ePos = r.IndexOf('E');
            string mantissa = ePos >= 0 ? r.Substring(0, ePos) : r;
            digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
            if (ePos >= 0)
            {
                exp = int.Parse(r.Substring(ePos + 1), CultureInfo.InvariantCulture);
            }
            else
            {
                int dot = mantissa.IndexOf('.');
                int intLen = dot >= 0 ? dot : mantissa.Length;
                string intPart = mantissa.Substring(0, intLen).TrimStart('0');
                if (intPart.Length > 0)
                {
                    exp = intPart.Length - 1;
                }
                else
                {
                    string frac = dot >= 0 ? mantissa.Substring(dot + 1) : string.Empty;
                    exp = -(frac.Length - frac.TrimStart('0').Length) - 1;
                }
            }

            digits = digits.TrimEnd('0');
            if (digits.Length == 0)
            {
                digits = "0";
            }

            string sign = d < 0 ? "-" : string.Empty;
            if (exp < -4 || exp >= 16)
            {
                string m = digits.Length == 1 ? digits : digits[0] + "." + digits.Substring(1);
                return sign + m + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
            }

            string text;
            if (exp < 0)
            {
                text = "0." + new string('0', -exp - 1) + digits;
            }
            else if (digits.Length <= exp + 1)
            {
                text = digits + new string('0', exp + 1 - digits.Length) + ".0";
            }
            else
            {
                text = digits.Substring(0, exp + 1) + "." + digits.Substring(exp + 1);
            }

            return sign + text;
        }
    }
}
