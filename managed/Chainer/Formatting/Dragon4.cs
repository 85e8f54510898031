using System;
using System.Numerics;
using System.Text;

namespace Chainer.Formatting
{
    /// <summary>
    /// How trailing zeros and the decimal point are treated after the digits
    /// are generated; the four modes of NumPy's <c>trim</c> argument.
    /// </summary>
    internal enum FloatTrim
    {
        /// <summary><c>'k'</c>: keep trailing zeros and the decimal point.</summary>
        None,

        /// <summary><c>'0'</c>: trim zeros but keep one after the point.</summary>
        LeaveOneZero,

        /// <summary><c>'.'</c>: trim zeros, keep the bare decimal point.</summary>
        Zeros,

        /// <summary><c>'-'</c>: trim zeros and the decimal point.</summary>
        DecimalPointAndZeros,
    }

    /// <summary>
    /// Float to decimal conversion with the semantics of NumPy's
    /// <c>format_float_positional</c> / <c>format_float_scientific</c>
    /// (Steele &amp; White / Dragon4 digit generation with exact big-integer
    /// arithmetic). A shortest round-trip string alone is not enough to match
    /// NumPy: its precision cut-off, <c>min_digits</c> extension and
    /// tie-breaking all act on the exact binary value, so we redo the digit
    /// generation rather than post-process <c>double.ToString("R")</c>.
    /// </summary>
    internal static class Dragon4
    {
        // NumPy formats into a fixed scratch buffer; its size bounds how many
        // digits an unbounded request can produce. Reproduced for fidelity.
        private const int ScratchSize = 16384;

        private const double Log10Of2 = 0.30102999566398119521373889472449;

        /// <summary>Positional notation (<c>ddd.ddd</c>).</summary>
        /// <param name="x">The value (a float32 value widened to double when <paramref name="isFloat32"/>).</param>
        /// <param name="isFloat32">Generate the shortest digits that identify the value among float32 values.</param>
        /// <param name="precision">Maximum digits (after the point when <paramref name="fractional"/>), or -1 for none.</param>
        /// <param name="minDigits">Minimum digits in unique mode, or -1.</param>
        /// <param name="unique">Shortest unique digits (true) or exact digits up to <paramref name="precision"/>.</param>
        /// <param name="fractional">Whether <paramref name="precision"/> counts fractional digits (else total digits).</param>
        /// <param name="trim">Trailing-zero treatment.</param>
        /// <param name="sign">Print '+' for non-negative values.</param>
        /// <param name="padLeft">Pad with spaces to this many characters left of the point, or -1.</param>
        /// <param name="padRight">Pad with spaces to this many characters right of the point, or -1.</param>
        public static string Positional(double x, bool isFloat32, int precision, int minDigits, bool unique,
            bool fractional, FloatTrim trim, bool sign, int padLeft, int padRight)
        {
            var parts = Decompose(x, isFloat32);
            if (parts.NonFinite is string special)
            {
                return special;
            }

            var sb = new StringBuilder();
            int hasSign = 0;
            if (parts.Negative || sign)
            {
                sb.Append(parts.Negative ? '-' : '+');
                hasSign = 1;
            }

            string digits = GenerateDigits(parts, unique, totalLength: !fractional, precision, minDigits,
                ScratchSize - 1 - hasSign, out int printExponent);

            int numWhole;
            int numFrac = 0;
            if (printExponent >= 0)
            {
                numWhole = printExponent + 1;
                if (digits.Length <= numWhole)
                {
                    sb.Append(digits).Append('0', numWhole - digits.Length);
                }
                else
                {
                    numFrac = digits.Length - numWhole;
                    sb.Append(digits, 0, numWhole).Append('.').Append(digits, numWhole, numFrac);
                }
            }
            else
            {
                int leadingZeros = -(printExponent + 1);
                sb.Append("0.").Append('0', leadingZeros).Append(digits);
                numFrac = leadingZeros + digits.Length;
                numWhole = 1;
            }

            if (trim != FloatTrim.DecimalPointAndZeros && numFrac == 0)
            {
                sb.Append('.');
            }

            int addDigits = unique ? minDigits : precision;
            int desiredFrac = addDigits < 0 ? 0 : addDigits;
            if (!fractional)
            {
                desiredFrac = addDigits - numWhole;
            }

            if (trim == FloatTrim.LeaveOneZero)
            {
                if (numFrac == 0)
                {
                    sb.Append('0');
                    numFrac++;
                }
            }
            else if (trim == FloatTrim.None && desiredFrac > numFrac)
            {
                sb.Append('0', desiredFrac - numFrac);
                numFrac = desiredFrac;
            }

            // Rounding can leave zeros at the end even in unique mode.
            if (trim != FloatTrim.None && numFrac > 0)
            {
                while (sb[sb.Length - 1] == '0')
                {
                    sb.Length--;
                    numFrac--;
                }

                if (sb[sb.Length - 1] == '.')
                {
                    if (trim == FloatTrim.LeaveOneZero)
                    {
                        sb.Append('0');
                        numFrac++;
                    }
                    else if (trim == FloatTrim.DecimalPointAndZeros)
                    {
                        sb.Length--;
                    }
                }
            }

            if (padRight >= numFrac)
            {
                // A dropped decimal point still occupies a column when aligning.
                if (trim == FloatTrim.DecimalPointAndZeros && numFrac == 0)
                {
                    sb.Append(' ');
                }

                sb.Append(' ', padRight - numFrac);
            }

            if (padLeft > numWhole + hasSign)
            {
                sb.Insert(0, " ", padLeft - numWhole - hasSign);
            }

            return sb.ToString();
        }

        /// <summary>Scientific notation (<c>d.ddde+XX</c>).</summary>
        /// <param name="x">The value (a float32 value widened to double when <paramref name="isFloat32"/>).</param>
        /// <param name="isFloat32">Generate the shortest digits that identify the value among float32 values.</param>
        /// <param name="precision">Maximum fractional digits of the mantissa, or -1.</param>
        /// <param name="minDigits">Minimum fractional digits in unique mode, or -1.</param>
        /// <param name="unique">Shortest unique digits (true) or exact digits up to <paramref name="precision"/>.</param>
        /// <param name="trim">Trailing-zero treatment.</param>
        /// <param name="sign">Print '+' for non-negative values.</param>
        /// <param name="padLeft">Pad with spaces to this many characters left of the point, or -1.</param>
        /// <param name="expDigits">Minimum exponent digits, or -1 for the default of 2.</param>
        public static string Scientific(double x, bool isFloat32, int precision, int minDigits, bool unique,
            FloatTrim trim, bool sign, int padLeft, int expDigits)
        {
            var parts = Decompose(x, isFloat32);
            if (parts.NonFinite is string special)
            {
                return special;
            }

            var sb = new StringBuilder();
            bool hasSign = parts.Negative || sign;
            int leftChars = hasSign ? 2 : 1;
            if (padLeft > leftChars)
            {
                sb.Append(' ', padLeft - leftChars);
            }

            if (hasSign)
            {
                sb.Append(parts.Negative ? '-' : '+');
            }

            // Scientific precision counts the digits after the first one.
            string digits = GenerateDigits(parts, unique, totalLength: true,
                precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1,
                ScratchSize - sb.Length, out int printExponent);

            sb.Append(digits[0]);
            int numFrac = digits.Length - 1;
            if (numFrac > 0)
            {
                sb.Append('.').Append(digits, 1, numFrac);
            }

            if (trim != FloatTrim.DecimalPointAndZeros && numFrac == 0)
            {
                sb.Append('.');
            }

            int addDigits = Math.Max(unique ? minDigits : precision, 0);
            if (trim == FloatTrim.LeaveOneZero)
            {
                if (numFrac == 0)
                {
                    sb.Append('0');
                    numFrac++;
                }
            }
            else if (trim == FloatTrim.None && addDigits > numFrac)
            {
                sb.Append('0', addDigits - numFrac);
                numFrac = addDigits;
            }

            if (trim != FloatTrim.None && numFrac > 0)
            {
                while (sb[sb.Length - 1] == '0')
                {
                    sb.Length--;
                    numFrac--;
                }

                // Unlike positional output, NumPy keeps a bare '.' here even in '-' mode.
                if (trim == FloatTrim.LeaveOneZero && sb[sb.Length - 1] == '.')
                {
                    sb.Append('0');
                }
            }

            if (expDigits > 5)
            {
                expDigits = 5;
            }
            else if (expDigits < 0)
            {
                expDigits = 2;
            }

            sb.Append('e').Append(printExponent >= 0 ? '+' : '-');
            string expText = Math.Abs(printExponent).ToString(System.Globalization.CultureInfo.InvariantCulture);
            sb.Append(expText.PadLeft(expDigits, '0'));
            return sb.ToString();
        }

        private readonly struct FloatParts
        {
            public FloatParts(ulong mantissa, int exponent, int mantissaBit, bool unequalMargins, bool negative)
            {
                Mantissa = mantissa;
                Exponent = exponent;
                MantissaBit = mantissaBit;
                UnequalMargins = unequalMargins;
                Negative = negative;
                NonFinite = null;
            }

            public FloatParts(string nonFinite)
            {
                NonFinite = nonFinite;
                Mantissa = 0;
                Exponent = 0;
                MantissaBit = 0;
                UnequalMargins = false;
                Negative = false;
            }

            /// <summary>Integer significand; the value is Mantissa * 2^Exponent.</summary>
            public ulong Mantissa { get; }

            public int Exponent { get; }

            /// <summary>Index of the highest set bit of <see cref="Mantissa"/>.</summary>
            public int MantissaBit { get; }

            /// <summary>The gap to the next value below is half the gap above (a power of two).</summary>
            public bool UnequalMargins { get; }

            public bool Negative { get; }

            public string? NonFinite { get; }
        }

        private static FloatParts Decompose(double x, bool isFloat32)
        {
            if (isFloat32)
            {
                uint bits = BitConverter.SingleToUInt32Bits((float)x);
                bool negative = (bits >> 31) != 0;
                uint biased = (bits >> 23) & 0xFF;
                uint fraction = bits & 0x7FFFFF;
                if (biased == 0xFF)
                {
                    return new FloatParts(fraction != 0 ? "nan" : negative ? "-inf" : "inf");
                }

                if (biased != 0)
                {
                    return new FloatParts((1UL << 23) | fraction, (int)biased - 127 - 23, 23,
                        biased != 1 && fraction == 0, negative);
                }

                return new FloatParts(fraction, 1 - 127 - 23, fraction == 0 ? 0 : BitOperations.Log2(fraction),
                    false, negative);
            }
            else
            {
                ulong bits = BitConverter.DoubleToUInt64Bits(x);
                bool negative = (bits >> 63) != 0;
                int biased = (int)((bits >> 52) & 0x7FF);
                ulong fraction = bits & 0xFFFFFFFFFFFFFUL;
                if (biased == 0x7FF)
                {
                    return new FloatParts(fraction != 0 ? "nan" : negative ? "-inf" : "inf");
                }

                if (biased != 0)
                {
                    return new FloatParts((1UL << 52) | fraction, biased - 1023 - 52, 52,
                        biased != 1 && fraction == 0, negative);
                }

                return new FloatParts(fraction, 1 - 1023 - 52, fraction == 0 ? 0 : BitOperations.Log2(fraction),
                    false, negative);
            }
        }

        /// <summary>
        /// Generates the decimal digits of a finite non-negative value.
        /// </summary>
        /// <param name="parts">The decomposed value.</param>
        /// <param name="unique">Stop as soon as the digits identify the value (else print exact digits).</param>
        /// <param name="totalLength">Cut-offs count all digits (else digits after the point).</param>
        /// <param name="cutoffMax">Most digits to print, or -1.</param>
        /// <param name="cutoffMin">Fewest digits to print in unique mode, or -1.</param>
        /// <param name="bufferSize">Hard digit limit.</param>
        /// <param name="outExponent">Power of ten of the first digit.</param>
        private static string GenerateDigits(in FloatParts parts, bool unique, bool totalLength, int cutoffMax,
            int cutoffMin, int bufferSize, out int outExponent)
        {
            ulong mantissa = parts.Mantissa;
            int exponent = parts.Exponent;
            if (mantissa == 0)
            {
                outExponent = 0;
                return "0";
            }

            // Work with value = scaledValue / scale and half-gaps to the neighbouring
            // floats as marginLow / scale (marginHigh is twice that at a power of two).
            // Everything is pre-multiplied by 2 (or 4) so the half-gaps are integers.
            int extra = parts.UnequalMargins ? 2 : 1;
            BigInteger scaledValue = mantissa;
            BigInteger scale;
            BigInteger marginLow;
            if (exponent > 0)
            {
                scaledValue <<= exponent + extra;
                scale = new BigInteger(1 << extra);
                marginLow = BigInteger.One << exponent;
            }
            else
            {
                scaledValue <<= extra;
                scale = BigInteger.One << (-exponent + extra);
                marginLow = BigInteger.One;
            }

            // Estimate floor(log10(v)) + 1; it may be one too small and is fixed below.
            int digitExponent = (int)Math.Ceiling(((double)(parts.MantissaBit + exponent)) * Log10Of2 - 0.69);

            // With a fraction-length cut-off, a value below the last printable digit
            // starts at that digit (its leading digit is then a rounded 0 or 1).
            if (cutoffMax >= 0 && !totalLength && digitExponent <= -cutoffMax)
            {
                digitExponent = -cutoffMax + 1;
            }

            if (digitExponent > 0)
            {
                scale *= BigInteger.Pow(10, digitExponent);
            }
            else if (digitExponent < 0)
            {
                BigInteger pow10 = BigInteger.Pow(10, -digitExponent);
                scaledValue *= pow10;
                marginLow *= pow10;
            }

            if (scaledValue >= scale)
            {
                digitExponent++;
            }
            else
            {
                scaledValue *= 10;
                marginLow *= 10;
            }

            int cutoffMaxExponent = digitExponent - bufferSize;
            if (cutoffMax >= 0)
            {
                int desired = totalLength ? digitExponent - cutoffMax : -cutoffMax;
                if (desired > cutoffMaxExponent)
                {
                    cutoffMaxExponent = desired;
                }
            }

            int cutoffMinExponent = digitExponent;
            if (cutoffMin >= 0)
            {
                int desired = totalLength ? digitExponent - cutoffMin : -cutoffMin;
                if (desired < cutoffMinExponent)
                {
                    cutoffMinExponent = desired;
                }
            }

            outExponent = digitExponent - 1;

            // Round-half-even input: with an even mantissa the interval boundaries
            // themselves still parse back to this value.
            bool isEven = (mantissa & 1) == 0;
            var digits = new StringBuilder(24);
            bool low;
            bool high;
            int digit;
            if (unique)
            {
                while (true)
                {
                    digitExponent--;
                    digit = (int)BigInteger.DivRem(scaledValue, scale, out scaledValue);
                    BigInteger marginHigh = parts.UnequalMargins ? marginLow * 2 : marginLow;
                    int cmpLow = scaledValue.CompareTo(marginLow);
                    low = isEven ? cmpLow <= 0 : cmpLow < 0;
                    int cmpHigh = (scaledValue + marginHigh).CompareTo(scale);
                    high = isEven ? cmpHigh >= 0 : cmpHigh > 0;
                    if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent)
                    {
                        break;
                    }

                    digits.Append((char)('0' + digit));
                    scaledValue *= 10;
                    marginLow *= 10;
                }
            }
            else
            {
                low = false;
                high = false;
                while (true)
                {
                    digitExponent--;
                    digit = (int)BigInteger.DivRem(scaledValue, scale, out scaledValue);
                    if (scaledValue.IsZero || digitExponent == cutoffMaxExponent)
                    {
                        break;
                    }

                    digits.Append((char)('0' + digit));
                    scaledValue *= 10;
                }
            }

            // Only one direction keeps the digits inside the rounding interval:
            // take it; otherwise round to nearest, ties to an even digit.
            bool roundDown = low;
            if (low == high)
            {
                int compare = (scaledValue * 2).CompareTo(scale);
                roundDown = compare < 0;
                if (compare == 0)
                {
                    roundDown = (digit & 1) == 0;
                }
            }

            if (roundDown)
            {
                digits.Append((char)('0' + digit));
            }
            else if (digit != 9)
            {
                digits.Append((char)('0' + digit + 1));
            }
            else
            {
                // Carry through trailing nines; those positions become implied zeros.
                while (true)
                {
                    if (digits.Length == 0)
                    {
                        digits.Append('1');
                        outExponent++;
                        break;
                    }

                    char last = digits[digits.Length - 1];
                    digits.Length--;
                    if (last != '9')
                    {
                        digits.Append((char)(last + 1));
                        break;
                    }
                }
            }

            return digits.ToString();
        }
    }
}
