using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Chainer.Formatting
{
    /// <summary>
    /// Text forms of arrays that match NumPy 1.24 (<c>repr</c> / <c>str</c> of an
    /// <c>ndarray</c> under the default print options) and Chainer 7's
    /// <c>repr(Variable)</c>, so that output printed by C# programs reads
    /// exactly like the Python tutorials.
    /// </summary>
    /// <remarks>
    /// Default print options: precision 8, floatmode 'maxprec', suppress off,
    /// line width 75, arrays over 1000 elements summarised to 3 edge items.
    /// </remarks>
    internal static class NumpyFormat
    {
        private const int LineWidth = 75;
        private const int Threshold = 1000;
        private const int EdgeItems = 3;
        private const int Precision = 8;
        private const string SummaryInsert = "...";

        /// <summary>NumPy's <c>repr(ndarray)</c>, e.g. <c>array([1., 2.], dtype=float32)</c>.</summary>
        /// <param name="values">Flat C-order elements (float[], double[], int[], long[] or bool[]; converted to <paramref name="dtype"/> as by a cast).</param>
        /// <param name="shape">The array shape; empty for a 0-d array.</param>
        /// <param name="dtype">The element type, which decides the formatting and the dtype suffix.</param>
        public static string ArrayRepr(Array values, long[] shape, DType dtype)
        {
            var data = Elements.Create(values, shape, dtype);
            const string prefix = "array(";

            // float64, int64 and bool are what NumPy infers from Python literals,
            // so it leaves their dtype out (unless the array is empty).
            bool impliedDtype = dtype is DType.Float64 or DType.Int64 or DType.Bool;
            bool skipDtype = impliedDtype && data.Length > 0;
            string suffix = skipDtype ? ")" : ",";

            string body;
            if (data.Length > 0 || IsShape0(shape))
            {
                body = ArrayToString(data, shape, ", ", prefix, LineWidth - suffix.Length);
            }
            else
            {
                body = "[], shape=" + ShapeTuple(shape);
            }

            string text = prefix + body + suffix;
            if (skipDtype)
            {
                return text;
            }

            string dtypeText = "dtype=" + DTypeName(dtype) + ")";
            int lastLineLength = text.Length - (text.LastIndexOf('\n') + 1);
            string spacer = lastLineLength + dtypeText.Length + 1 > LineWidth
                ? "\n" + new string(' ', prefix.Length)
                : " ";
            return text + spacer + dtypeText;
        }

        /// <summary>Chainer's <c>repr(Variable)</c>, e.g. <c>variable([1., 2.])</c> or <c>variable x([1., 2.])</c>.</summary>
        /// <param name="values">Flat C-order elements.</param>
        /// <param name="shape">The array shape; empty for a 0-d array.</param>
        /// <param name="dtype">The element type.</param>
        /// <param name="name">The variable name, or null / empty for none.</param>
        public static string VariableRepr(Array values, long[] shape, DType dtype, string? name)
        {
            var data = Elements.Create(values, shape, dtype);
            string prefix = string.IsNullOrEmpty(name) ? "variable" : "variable " + name;

            string body;
            if (data.Length > 0 || IsShape0(shape))
            {
                // Chainer calls array2string without a suffix, so the full width is used.
                body = ArrayToString(data, shape, ", ", prefix + "(", LineWidth);
            }
            else
            {
                body = "[], shape=" + ShapeTuple(shape);
            }

            return prefix + "(" + body + ")";
        }

        /// <summary>NumPy's <c>str(ndarray)</c>, e.g. <c>[[0. 2.]\n [1. 3.]]</c>; a 0-d array prints as its scalar.</summary>
        /// <param name="values">Flat C-order elements.</param>
        /// <param name="shape">The array shape; empty for a 0-d array.</param>
        /// <param name="dtype">The element type.</param>
        public static string ArrayStr(Array values, long[] shape, DType dtype)
        {
            var data = Elements.Create(values, shape, dtype);
            if (shape.Length == 0)
            {
                return ScalarStr(data, 0);
            }

            return ArrayToString(data, shape, " ", "", LineWidth);
        }

        private static bool IsShape0(long[] shape) => shape.Length == 1 && shape[0] == 0;

        private static string DTypeName(DType dtype) => dtype switch
        {
            DType.Bool => "bool",
            DType.Int32 => "int32",
            DType.Int64 => "int64",
            DType.Float32 => "float32",
            DType.Float64 => "float64",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
        };

        /// <summary>Python's repr of a shape tuple: <c>(0,)</c>, <c>(0, 3)</c>.</summary>
        private static string ShapeTuple(long[] shape)
        {
            var parts = new string[shape.Length];
            for (int i = 0; i < shape.Length; i++)
            {
                parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
            }

            return shape.Length == 1 ? "(" + parts[0] + ",)" : "(" + string.Join(", ", parts) + ")";
        }

        /// <summary>str() of a NumPy scalar, which is what str() of a 0-d array prints.</summary>
        private static string ScalarStr(Elements data, int index)
        {
            switch (data.Dtype)
            {
                case DType.Bool:
                    return data.Bools![index] ? "True" : "False";
                case DType.Int32:
                case DType.Int64:
                    return data.Longs![index].ToString(CultureInfo.InvariantCulture);
                default:
                    double x = data.Doubles![index];
                    bool isFloat32 = data.Dtype == DType.Float32;
                    double abs = Math.Abs(x);
                    // Scalars switch to scientific notation outside [1e-4, 1e16),
                    // a different rule from the array formatter's.
                    if (double.IsNaN(x) || x == 0 || (abs >= 1e-4 && abs < 1e16))
                    {
                        return Dragon4.Positional(x, isFloat32, -1, -1, true, false, FloatTrim.LeaveOneZero,
                            false, -1, -1);
                    }

                    return Dragon4.Scientific(x, isFloat32, -1, -1, true, FloatTrim.DecimalPointAndZeros,
                        false, -1, -1);
            }
        }

        /// <summary>NumPy's array2string body (what sits between the prefix and suffix).</summary>
        private static string ArrayToString(Elements data, long[] shape, string separator, string prefix, int lineWidth)
        {
            if (data.Length == 0)
            {
                return "[]";
            }

            bool summarize = data.Length > Threshold;
            var strides = new int[shape.Length];
            int stride = 1;
            for (int axis = shape.Length - 1; axis >= 0; axis--)
            {
                strides[axis] = stride;
                stride *= (int)shape[axis];
            }

            // Column widths come only from the elements that will be shown.
            List<int> shown = new List<int>();
            CollectShown(shape, strides, 0, 0, summarize, shown);
            ElementFormatter formatter = ElementFormatter.Create(data, shown, shape.Length == 0);

            var layout = new Layout(shape, strides, formatter, separator, summarize);
            string nextLinePrefix = " " + new string(' ', prefix.Length);
            return layout.Format(0, 0, nextLinePrefix, lineWidth);
        }

        private static void CollectShown(long[] shape, int[] strides, int axis, int offset, bool summarize,
            List<int> shown)
        {
            if (axis == shape.Length)
            {
                shown.Add(offset);
                return;
            }

            int length = (int)shape[axis];
            if (summarize && length > 2 * EdgeItems)
            {
                for (int i = 0; i < EdgeItems; i++)
                {
                    CollectShown(shape, strides, axis + 1, offset + i * strides[axis], summarize, shown);
                }

                for (int i = length - EdgeItems; i < length; i++)
                {
                    CollectShown(shape, strides, axis + 1, offset + i * strides[axis], summarize, shown);
                }
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    CollectShown(shape, strides, axis + 1, offset + i * strides[axis], summarize, shown);
                }
            }
        }

        /// <summary>The nested-bracket layout with line wrapping (NumPy's _formatArray).</summary>
        private sealed class Layout
        {
            private readonly long[] shape;
            private readonly int[] strides;
            private readonly ElementFormatter formatter;
            private readonly string separator;
            private readonly string trimmedSeparator;
            private readonly bool summarize;

            public Layout(long[] shape, int[] strides, ElementFormatter formatter, string separator, bool summarize)
            {
                this.shape = shape;
                this.strides = strides;
                this.formatter = formatter;
                this.separator = separator;
                trimmedSeparator = separator.TrimEnd();
                this.summarize = summarize;
            }

            public string Format(int axis, int offset, string hangingIndent, int width)
            {
                int axesLeft = shape.Length - axis;
                if (axesLeft == 0)
                {
                    return formatter.Format(offset);
                }

                // Nested rows sit one column further right and must leave room for their ']'.
                string nextIndent = hangingIndent + " ";
                int nextWidth = width - 1;
                int length = (int)shape[axis];
                bool showSummary = summarize && 2 * EdgeItems < length;
                int leading = showSummary ? EdgeItems : 0;
                int trailing = showSummary ? EdgeItems : length;
                int stride = strides[axis];
                var s = new StringBuilder();

                if (axesLeft == 1)
                {
                    int elementWidth = width - Math.Max(trimmedSeparator.Length, 1);
                    string line = hangingIndent;
                    for (int i = 0; i < leading; i++)
                    {
                        string word = Format(axis + 1, offset + i * stride, nextIndent, nextWidth);
                        line = ExtendLine(s, line, word, elementWidth, hangingIndent) + separator;
                    }

                    if (showSummary)
                    {
                        line = ExtendLine(s, line, SummaryInsert, elementWidth, hangingIndent) + separator;
                    }

                    for (int i = trailing; i > 1; i--)
                    {
                        string word = Format(axis + 1, offset + (length - i) * stride, nextIndent, nextWidth);
                        line = ExtendLine(s, line, word, elementWidth, hangingIndent) + separator;
                    }

                    string lastWord = Format(axis + 1, offset + (length - 1) * stride, nextIndent, nextWidth);
                    line = ExtendLine(s, line, lastWord, elementWidth, hangingIndent);
                    s.Append(line);
                }
                else
                {
                    // Blank lines between blocks grow with the number of axes they separate.
                    string lineSeparator = trimmedSeparator + new string('\n', axesLeft - 1);
                    for (int i = 0; i < leading; i++)
                    {
                        s.Append(hangingIndent)
                            .Append(Format(axis + 1, offset + i * stride, nextIndent, nextWidth))
                            .Append(lineSeparator);
                    }

                    if (showSummary)
                    {
                        s.Append(hangingIndent).Append(SummaryInsert).Append(lineSeparator);
                    }

                    for (int i = trailing; i > 1; i--)
                    {
                        s.Append(hangingIndent)
                            .Append(Format(axis + 1, offset + (length - i) * stride, nextIndent, nextWidth))
                            .Append(lineSeparator);
                    }

                    s.Append(hangingIndent)
                        .Append(Format(axis + 1, offset + (length - 1) * stride, nextIndent, nextWidth));
                }

                // The first line's indent is replaced by the opening bracket.
                s.Remove(0, hangingIndent.Length);
                s.Insert(0, '[').Append(']');
                return s.ToString();
            }

            /// <summary>Appends a word to the current line, first flushing the line to <paramref name="s"/> if it would overflow.</summary>
            private static string ExtendLine(StringBuilder s, string line, string word, int lineWidth,
                string nextLinePrefix)
            {
                bool needsWrap = line.Length + word.Length > lineWidth;

                // Wrapping a line that holds nothing but indentation would not help.
                if (line.Length <= nextLinePrefix.Length)
                {
                    needsWrap = false;
                }

                if (needsWrap)
                {
                    s.Append(line.TrimEnd()).Append('\n');
                    line = nextLinePrefix;
                }

                return line + word;
            }
        }

        /// <summary>The elements normalised to one storage type per kind.</summary>
        private sealed class Elements
        {
            private Elements(DType dtype, int length)
            {
                Dtype = dtype;
                Length = length;
            }

            public DType Dtype { get; }

            public int Length { get; }

            /// <summary>Float elements (float32 values widened exactly).</summary>
            public double[]? Doubles { get; private set; }

            public long[]? Longs { get; private set; }

            public bool[]? Bools { get; private set; }

            public static Elements Create(Array values, long[] shape, DType dtype)
            {
                ArgumentNullException.ThrowIfNull(values);
                ArgumentNullException.ThrowIfNull(shape);

                long size = 1;
                foreach (long extent in shape)
                {
                    if (extent < 0)
                    {
                        throw new ArgumentException("Shape extents must be non-negative.", nameof(shape));
                    }

                    size *= extent;
                }

                if (size != values.Length)
                {
                    throw new ArgumentException(
                        $"The shape holds {size} elements but {values.Length} values were given.", nameof(values));
                }

                var result = new Elements(dtype, values.Length);
                int n = values.Length;
                switch (dtype)
                {
                    case DType.Float32:
                    case DType.Float64:
                    {
                        var d = new double[n];
                        if (values is float[] floats)
                        {
                            for (int k = 0; k < n; k++)
                            {
                                d[k] = floats[k];
                            }
                        }
                        else if (values is double[] doubles && dtype == DType.Float64)
                        {
                            Array.Copy(doubles, d, n);
                        }
                        else
                        {
                            int i = 0;
                            foreach (object? item in values)
                            {
                                double v = ToDouble(item);
                                d[i++] = dtype == DType.Float32 ? (float)v : v;
                            }
                        }

                        result.Doubles = d;
                        break;
                    }

                    case DType.Int32:
                    case DType.Int64:
                    {
                        var l = new long[n];
                        if (values is int[] ints)
                        {
                            for (int k = 0; k < n; k++)
                            {
                                l[k] = ints[k];
                            }
                        }
                        else if (values is long[] longs && dtype == DType.Int64)
                        {
                            Array.Copy(longs, l, n);
                        }
                        else
                        {
                            int i = 0;
                            foreach (object? item in values)
                            {
                                long v = ToInt64(item);
                                l[i++] = dtype == DType.Int32 ? unchecked((int)v) : v;
                            }
                        }

                        result.Longs = l;
                        break;
                    }

                    case DType.Bool:
                    {
                        var b = new bool[n];
                        if (values is bool[] bools)
                        {
                            Array.Copy(bools, b, n);
                        }
                        else
                        {
                            int i = 0;
                            foreach (object? item in values)
                            {
                                b[i++] = item switch
                                {
                                    bool x => x,
                                    _ => ToDouble(item) != 0,
                                };
                            }
                        }

                        result.Bools = b;
                        break;
                    }

                    default:
                        throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype.");
                }

                return result;
            }

            private static double ToDouble(object? item) => item switch
            {
                float f => f,
                double d => d,
                int i => i,
                long l => l,
                bool b => b ? 1.0 : 0.0,
                _ => throw new ArgumentException(
                    $"Unsupported element type {item?.GetType().Name ?? "null"}; expected float, double, int, long or bool."),
            };

            private static long ToInt64(object? item) => item switch
            {
                int i => i,
                long l => l,
                bool b => b ? 1 : 0,
                float f => (long)f,
                double d => (long)d,
                _ => throw new ArgumentException(
                    $"Unsupported element type {item?.GetType().Name ?? "null"}; expected float, double, int, long or bool."),
            };
        }

        /// <summary>Formats single elements at a width shared by all shown elements.</summary>
        private abstract class ElementFormatter
        {
            public abstract string Format(int index);

            public static ElementFormatter Create(Elements data, List<int> shown, bool zeroDimensional) =>
                data.Dtype switch
                {
                    DType.Bool => new BoolFormatter(data.Bools!, zeroDimensional),
                    DType.Int32 or DType.Int64 => new IntegerFormatter(data.Longs!, shown),
                    _ => new FloatFormatter(data.Doubles!, data.Dtype == DType.Float32, shown),
                };
        }

        private sealed class BoolFormatter : ElementFormatter
        {
            private readonly bool[] values;
            private readonly string trueText;

            public BoolFormatter(bool[] values, bool zeroDimensional)
            {
                this.values = values;

                // " True" lines up with "False"; a lone 0-d value needs no alignment.
                trueText = zeroDimensional ? "True" : " True";
            }

            public override string Format(int index) => values[index] ? trueText : "False";
        }

        private sealed class IntegerFormatter : ElementFormatter
        {
            private readonly long[] values;
            private readonly int width;

            public IntegerFormatter(long[] values, List<int> shown)
            {
                this.values = values;
                long max = long.MinValue;
                long min = long.MaxValue;
                foreach (int i in shown)
                {
                    max = Math.Max(max, values[i]);
                    min = Math.Min(min, values[i]);
                }

                width = Math.Max(Text(max).Length, Text(min).Length);
            }

            public override string Format(int index) => Text(values[index]).PadLeft(width);

            private static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>NumPy's FloatingFormat in 'maxprec' mode without sign or suppression options.</summary>
        private sealed class FloatFormatter : ElementFormatter
        {
            private readonly double[] values;
            private readonly bool isFloat32;
            private readonly bool exponential;
            private readonly int padLeft;
            private readonly int padRight;
            private readonly int precision;
            private readonly int minDigits;
            private readonly FloatTrim trim;
            private readonly int exponentSize;

            public FloatFormatter(double[] values, bool isFloat32, List<int> shown)
            {
                this.values = values;
                this.isFloat32 = isFloat32;
                precision = Precision;

                var finite = new List<double>(shown.Count);
                bool anyNegativeInfinity = false;
                foreach (int i in shown)
                {
                    double v = values[i];
                    if (double.IsFinite(v))
                    {
                        finite.Add(v);
                    }
                    else if (double.IsNegativeInfinity(v))
                    {
                        anyNegativeInfinity = true;
                    }
                }

                // Scientific notation when the magnitudes are too big, too small or too
                // spread out to share one positional column at 8 digits.
                double maxAbs = 0;
                double minAbs = double.PositiveInfinity;
                foreach (double v in finite)
                {
                    if (v != 0)
                    {
                        double a = Math.Abs(v);
                        maxAbs = Math.Max(maxAbs, a);
                        minAbs = Math.Min(minAbs, a);
                    }
                }

                if (maxAbs > 0)
                {
                    // NumPy divides in the array's own precision (float32 can overflow to inf).
                    double ratio = isFloat32 ? (float)maxAbs / (float)minAbs : maxAbs / minAbs;
                    exponential = maxAbs >= 1e8 || minAbs < 0.0001 || ratio > 1000.0;
                }

                if (finite.Count == 0)
                {
                    padLeft = 0;
                    padRight = 0;
                    trim = FloatTrim.Zeros;
                    exponentSize = -1;
                    minDigits = -1;
                }
                else if (exponential)
                {
                    // First pass: shortest digits of each value fix the shared widths.
                    int maxFrac = 0;
                    int maxInt = 0;
                    int maxExp = 0;
                    foreach (double v in finite)
                    {
                        string s = Dragon4.Scientific(v, isFloat32, precision, -1, true, FloatTrim.Zeros, false, -1, -1);
                        int e = s.IndexOf('e');
                        int dot = s.IndexOf('.');
                        maxInt = Math.Max(maxInt, dot);
                        maxFrac = Math.Max(maxFrac, e - dot - 1);
                        maxExp = Math.Max(maxExp, s.Length - e - 1);
                    }

                    exponentSize = maxExp - 1;
                    trim = FloatTrim.None;
                    precision = maxFrac;
                    minDigits = maxFrac;
                    padLeft = maxInt;
                    padRight = exponentSize + 2 + precision;
                }
                else
                {
                    int maxFrac = 0;
                    int maxInt = 0;
                    foreach (double v in finite)
                    {
                        string s = Dragon4.Positional(v, isFloat32, precision, -1, true, true, FloatTrim.Zeros,
                            false, -1, -1);
                        int dot = s.IndexOf('.');
                        maxInt = Math.Max(maxInt, dot);
                        maxFrac = Math.Max(maxFrac, s.Length - dot - 1);
                    }

                    padLeft = maxInt;
                    padRight = maxFrac;
                    exponentSize = -1;
                    trim = FloatTrim.Zeros;
                    minDigits = 0;
                }

                // 'nan' / 'inf' / '-inf' must still fit the column.
                if (finite.Count != shown.Count)
                {
                    int offset = padRight + 1;
                    int infLength = 3 + (anyNegativeInfinity ? 1 : 0);
                    padLeft = Math.Max(padLeft, Math.Max(3 - offset, infLength - offset));
                }
            }

            public override string Format(int index)
            {
                double x = values[index];
                if (!double.IsFinite(x))
                {
                    string text = double.IsNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
                    int pad = padLeft + padRight + 1 - text.Length;
                    return pad > 0 ? new string(' ', pad) + text : text;
                }

                if (exponential)
                {
                    return Dragon4.Scientific(x, isFloat32, precision, minDigits, true, trim, false, padLeft,
                        exponentSize);
                }

                return Dragon4.Positional(x, isFloat32, precision, minDigits, true, true, trim, false, padLeft,
                    padRight);
            }
        }
    }
}
