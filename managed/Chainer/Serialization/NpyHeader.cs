using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Chainer.Serialization
{
    /// <summary>The dictionary at the start of an .npy file: dtype, memory order and shape.</summary>
    internal sealed class NpyHeader
    {
        // NumPy pads the header after the shape so the leading (growth) axis can later be rewritten
        // in place with up to this many digits; matching it makes our files byte-identical to np.save's.
        private const int GrowthAxisMaxDigits = 21;

        private static readonly string[] ExpectedKeys = { "descr", "fortran_order", "shape" };

        private readonly long[] _shape;

        /// <summary>Creates a header.</summary>
        internal NpyHeader(NpyDType dtype, bool bigEndian, bool fortranOrder, long[] shape)
        {
            DType = dtype;
            BigEndian = bigEndian;
            FortranOrder = fortranOrder;
            _shape = shape;
        }

        /// <summary>The element type.</summary>
        internal NpyDType DType { get; }

        /// <summary>True when multi-byte elements are stored big-endian.</summary>
        internal bool BigEndian { get; }

        /// <summary>True when the data is in Fortran (column-major) order.</summary>
        internal bool FortranOrder { get; }

        /// <summary>The shape; empty for a 0-d array.</summary>
        internal ReadOnlySpan<long> Shape => _shape;

        /// <summary>Validates a parsed header literal the way numpy.lib.format does.</summary>
        /// <param name="literal">What <see cref="PythonLiteralParser.Parse"/> returned for the header text.</param>
        /// <exception cref="NpzFormatException">Not a dict with exactly descr/fortran_order/shape, or a bad value.</exception>
        internal static NpyHeader FromLiteral(object? literal)
        {
            if (literal is not Dictionary<string, object?> dict)
            {
                throw new NpzFormatException("the .npy header is not a dictionary");
            }

            if (dict.Count != ExpectedKeys.Length || !ExpectedKeys.All(dict.ContainsKey))
            {
                string keys = string.Join(", ", dict.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => $"'{k}'"));
                throw new NpzFormatException($"the .npy header has keys [{keys}], expected exactly 'descr', 'fortran_order' and 'shape'");
            }

            if (dict["fortran_order"] is not bool fortranOrder)
            {
                throw new NpzFormatException($"fortran_order in the .npy header is not a bool: {Describe(dict["fortran_order"])}");
            }

            if (dict["shape"] is not PythonSequence { IsTuple: true } shapeTuple
                || !shapeTuple.Items.All(item => item is long))
            {
                throw new NpzFormatException($"shape in the .npy header is not a tuple of integers: {Describe(dict["shape"])}");
            }

            long[] shape = shapeTuple.Items.Select(item => (long)item!).ToArray();
            if (shape.Any(extent => extent < 0))
            {
                throw new NpzFormatException($"shape {NpyArray.FormatShape(shape)} in the .npy header has a negative extent");
            }

            if (dict["descr"] is not string descr)
            {
                // A list here is a structured (record) dtype.
                throw new NpzFormatException($"unsupported dtype {Describe(dict["descr"])}: only numeric and bool arrays can be read");
            }

            if ((descr == "|O" || descr == "O") && shape.Length == 0)
            {
                // Only numpy.asarray(None) is accepted; NpyFormat checks the pickle that follows.
                return new NpyHeader(NpyDType.Object, bigEndian: false, fortranOrder, shape);
            }

            if (!NpyDTypes.TryParseDescr(descr, out NpyDType dtype, out bool bigEndian))
            {
                throw new NpzFormatException($"unsupported dtype '{descr}': only bool, int8-64, uint8-64 and float16/32/64 arrays can be read");
            }

            return new NpyHeader(dtype, bigEndian && NpyDTypes.ItemSize(dtype) > 1, fortranOrder, shape);
        }

        /// <summary>
        /// The header text exactly as numpy.lib.format writes it (keys sorted, trailing ", ", the
        /// growth-axis spaces), without the alignment padding and final newline.
        /// </summary>
        internal string Format()
        {
            if (BigEndian)
            {
                throw new InvalidOperationException("headers are only written for little-endian data");
            }

            var text = new StringBuilder();
            text.Append("{'descr': '").Append(NpyDTypes.Descr(DType)).Append("', ");
            text.Append("'fortran_order': ").Append(FortranOrder ? "True" : "False").Append(", ");
            text.Append("'shape': ").Append(NpyArray.FormatShape(_shape)).Append(", }");
            if (_shape.Length > 0)
            {
                long growthAxis = _shape[FortranOrder ? _shape.Length - 1 : 0];
                int digits = growthAxis.ToString(CultureInfo.InvariantCulture).Length;
                text.Append(' ', Math.Max(0, GrowthAxisMaxDigits - digits));
            }

            return text.ToString();
        }

        private static string Describe(object? value) => value switch
        {
            null => "None",
            string s => $"'{s}'",
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            PythonSequence { IsTuple: true, Items.Count: 1 } one => "(" + Describe(one.Items[0]) + ",)",
            PythonSequence seq => (seq.IsTuple ? "(" : "[") + string.Join(", ", seq.Items.Select(Describe)) + (seq.IsTuple ? ")" : "]"),
            Dictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => $"'{kv.Key}': {Describe(kv.Value)}")) + "}",
            _ => value.ToString() ?? string.Empty,
        };
    }
}
