using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>Mathematical functions (<c>chainer.functions.math</c>).</summary>
    public static partial class Functions
    {
        /// <summary>Element-wise absolute value (<c>F.absolute</c>); the gradient is <c>sign(x)</c>.</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Absolute(Variable x) => Unary(x, &NativeMethods.ch_absolute);

        /// <summary>Element-wise absolute value; an alias of <see cref="Absolute"/> (Python's <c>abs(x)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static Variable Abs(Variable x) => Absolute(x);

        /// <summary>Element-wise square root (<c>F.sqrt</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sqrt(Variable x) => Unary(x, &NativeMethods.ch_sqrt);

        /// <summary>Element-wise reciprocal square root <c>1 / sqrt(x)</c> (<c>F.rsqrt</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Rsqrt(Variable x) => Unary(x, &NativeMethods.ch_rsqrt);

        /// <summary>Element-wise square (<c>F.square</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Square(Variable x) => Unary(x, &NativeMethods.ch_square);

        /// <summary>Element-wise <c>exp(x) - 1</c> (<c>F.expm1</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Expm1(Variable x) => Unary(x, &NativeMethods.ch_expm1);

        /// <summary>Element-wise <c>log(1 + x)</c> (<c>F.log1p</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Log1p(Variable x) => Unary(x, &NativeMethods.ch_log1p);

        /// <summary>Element-wise base-2 logarithm (<c>F.log2</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Log2(Variable x) => Unary(x, &NativeMethods.ch_log2);

        /// <summary>Element-wise base-10 logarithm (<c>F.log10</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Log10(Variable x) => Unary(x, &NativeMethods.ch_log10);

        /// <summary>Element-wise sine (<c>F.sin</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sin(Variable x) => Unary(x, &NativeMethods.ch_sin);

        /// <summary>Element-wise cosine (<c>F.cos</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Cos(Variable x) => Unary(x, &NativeMethods.ch_cos);

        /// <summary>Element-wise tangent (<c>F.tan</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Tan(Variable x) => Unary(x, &NativeMethods.ch_tan);

        /// <summary>Element-wise inverse sine (<c>F.arcsin</c>).</summary>
        /// <param name="x">The input (float, in [-1, 1]).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Arcsin(Variable x) => Unary(x, &NativeMethods.ch_arcsin);

        /// <summary>Element-wise inverse cosine (<c>F.arccos</c>).</summary>
        /// <param name="x">The input (float, in [-1, 1]).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Arccos(Variable x) => Unary(x, &NativeMethods.ch_arccos);

        /// <summary>Element-wise inverse tangent (<c>F.arctan</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Arctan(Variable x) => Unary(x, &NativeMethods.ch_arctan);

        /// <summary>Element-wise hyperbolic sine (<c>F.sinh</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Sinh(Variable x) => Unary(x, &NativeMethods.ch_sinh);

        /// <summary>Element-wise hyperbolic cosine (<c>F.cosh</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Cosh(Variable x) => Unary(x, &NativeMethods.ch_cosh);

        /// <summary>Element-wise sign, -1, 0 or 1 (<c>F.sign</c>); no gradient flows through it, as in Chainer.</summary>
        /// <param name="x">The input.</param>
        /// <returns>The result, a variable without a creator.</returns>
        public static unsafe Variable Sign(Variable x) => Unary(x, &NativeMethods.ch_sign);

        /// <summary>Element-wise floor (<c>F.floor</c>); no gradient flows through it, as in Chainer.</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result, a variable without a creator.</returns>
        public static unsafe Variable Floor(Variable x) => Unary(x, &NativeMethods.ch_floor);

        /// <summary>Element-wise ceiling (<c>F.ceil</c>); no gradient flows through it, as in Chainer.</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result, a variable without a creator.</returns>
        public static unsafe Variable Ceil(Variable x) => Unary(x, &NativeMethods.ch_ceil);

        /// <summary>Element-wise rounding toward zero (<c>F.fix</c>); no gradient flows through it, as in Chainer.</summary>
        /// <param name="x">The input (float).</param>
        /// <returns>The result, a variable without a creator.</returns>
        public static unsafe Variable Fix(Variable x) => Unary(x, &NativeMethods.ch_fix);

        /// <summary>
        /// Clips the elements to [<paramref name="xMin"/>, <paramref name="xMax"/>] (<c>F.clip(x, x_min, x_max)</c>);
        /// the gradient is passed where <c>x_min &lt;= x &lt;= x_max</c>.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="xMin">The lower bound, or null for none.</param>
        /// <param name="xMax">The upper bound, or null for none.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">Both bounds are null, or <c>xMin &gt;= xMax</c>.</exception>
        public static Variable Clip(Variable x, double? xMin, double? xMax)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (xMin is null && xMax is null)
            {
                throw new ArgumentException("must set either max or min", nameof(xMin));
            }

            if (xMin is double lo && xMax is double hi && !(lo < hi))
            {
                throw new ArgumentException("x_min must be less than x_max.", nameof(xMin));
            }

            double min = xMin ?? double.NegativeInfinity;
            double max = xMax ?? double.PositiveInfinity;
            return Result(NativeMethods.ch_clip(x.Handle, min, max, out VariableHandle y), y);
        }

        /// <summary>Element-wise maximum with broadcasting (<c>F.maximum(x1, x2)</c>).</summary>
        /// <param name="x1">The first input (float).</param>
        /// <param name="x2">The second input (same dtype).</param>
        /// <returns>The result; where the inputs tie, the gradient goes to <paramref name="x1"/>.</returns>
        public static unsafe Variable Maximum(Variable x1, Variable x2) => Binary(x1, x2, &NativeMethods.ch_maximum, nameof(x1), nameof(x2));

        /// <summary>Element-wise minimum with broadcasting (<c>F.minimum(x1, x2)</c>).</summary>
        /// <param name="x1">The first input (float).</param>
        /// <param name="x2">The second input (same dtype).</param>
        /// <returns>The result; where the inputs tie, the gradient goes to <paramref name="x1"/>.</returns>
        public static unsafe Variable Minimum(Variable x1, Variable x2) => Binary(x1, x2, &NativeMethods.ch_minimum, nameof(x1), nameof(x2));

        /// <summary>Element-wise remainder with the sign of the dividend (<c>F.fmod(x, divisor)</c>, C's <c>fmod</c>).</summary>
        /// <param name="x">The dividend (float).</param>
        /// <param name="divisor">The divisor (same dtype).</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Fmod(Variable x, Variable divisor) => Binary(x, divisor, &NativeMethods.ch_fmod, nameof(x), nameof(divisor));

        /// <summary>Maximum over an axis (<c>F.max(x, axis=None, keepdims=False)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis (negative counts from the end), or null for all axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Max(Variable x, int? axis = null, bool keepdims = false) =>
            Reduce(x, AxisList(axis), keepdims, &NativeMethods.ch_max);

        /// <summary>Maximum over several axes (<c>F.max(x, axis=(...), keepdims)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Max(Variable x, int[] axis, bool keepdims = false) =>
            Reduce(x, axis ?? throw new ArgumentNullException(nameof(axis)), keepdims, &NativeMethods.ch_max);

        /// <summary>Minimum over an axis (<c>F.min(x, axis=None, keepdims=False)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null for all axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Min(Variable x, int? axis = null, bool keepdims = false) =>
            Reduce(x, AxisList(axis), keepdims, &NativeMethods.ch_min);

        /// <summary>Minimum over several axes (<c>F.min(x, axis=(...), keepdims)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Min(Variable x, int[] axis, bool keepdims = false) =>
            Reduce(x, axis ?? throw new ArgumentNullException(nameof(axis)), keepdims, &NativeMethods.ch_min);

        /// <summary>Product over an axis (<c>F.prod(x, axis=None, keepdims=False)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null for all axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Prod(Variable x, int? axis = null, bool keepdims = false) =>
            Reduce(x, AxisList(axis), keepdims, &NativeMethods.ch_prod);

        /// <summary>Product over several axes (<c>F.prod(x, axis=(...), keepdims)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Prod(Variable x, int[] axis, bool keepdims = false) =>
            Reduce(x, axis ?? throw new ArgumentNullException(nameof(axis)), keepdims, &NativeMethods.ch_prod);

        /// <summary>
        /// Mean over an axis, optionally weighted (<c>F.mean(x, axis=None, weights=None, keepdims=False)</c>, which is
        /// <c>F.average</c>).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null for all axes.</param>
        /// <param name="weights">Weights (see <see cref="Average(Variable, int?, Variable?, bool)"/>), or null.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static Variable Mean(Variable x, int? axis = null, Variable? weights = null, bool keepdims = false) =>
            Average(x, axis, weights, keepdims);

        /// <summary>Mean over several axes (<c>F.mean(x, axis=(...), weights=None, keepdims)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes.</param>
        /// <param name="weights">Weights (only with a single axis), or null.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static Variable Mean(Variable x, int[] axis, Variable? weights = null, bool keepdims = false) =>
            Average(x, axis, weights, keepdims);

        /// <summary>
        /// Weighted average over an axis (<c>F.average(x, axis=None, weights=None, keepdims=False)</c>). Without
        /// weights it is the mean; with weights it is <c>sum(x * w, axis) / sum(w)</c>, where <paramref name="weights"/>
        /// has x's shape when <paramref name="axis"/> is null and the length of that axis otherwise.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null for all axes.</param>
        /// <param name="weights">The weights, or null.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable Average(Variable x, int? axis = null, Variable? weights = null, bool keepdims = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (weights is null)
            {
                return Reduce(x, AxisList(axis), keepdims, &NativeMethods.ch_mean);
            }

            return WeightedAverage(x, axis is int a ? new[] { a } : null, weights, keepdims);
        }

        /// <summary>Weighted average over several axes (<c>F.average(x, axis=(...), weights, keepdims)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes (only one when weights are given).</param>
        /// <param name="weights">The weights, or null.</param>
        /// <param name="keepdims">Keep the reduced axes with length 1.</param>
        /// <returns>The result.</returns>
        /// <exception cref="ArgumentException">Weights are given with more than one axis, or an axis repeats.</exception>
        public static unsafe Variable Average(Variable x, int[] axis, Variable? weights = null, bool keepdims = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(axis);
            if (weights is null)
            {
                return Reduce(x, axis, keepdims, &NativeMethods.ch_mean);
            }

            return WeightedAverage(x, axis, weights, keepdims);
        }

        private static Variable WeightedAverage(Variable x, int[]? axis, Variable weights, bool keepdims)
        {
            int ndim = x.Ndim;
            long[] xShape = x.Shape;
            int[]? normalized = null;
            if (axis is not null)
            {
                normalized = new int[axis.Length];
                for (int i = 0; i < axis.Length; i++)
                {
                    normalized[i] = axis[i] < 0 ? axis[i] + ndim : axis[i];
                }

                Array.Sort(normalized);
                for (int i = 1; i < normalized.Length; i++)
                {
                    if (normalized[i] == normalized[i - 1])
                    {
                        throw new ArgumentException("duplicate value in 'axis'", nameof(axis));
                    }
                }

                if (normalized.Length > 1)
                {
                    throw new ArgumentException("tuple axis is not supported when weights is given", nameof(axis));
                }
            }

            Variable divider = Sum(weights);
            Variable w = weights;
            if (normalized is not null)
            {
                var wShape = new long[ndim];
                for (int i = 0; i < ndim; i++)
                {
                    wShape[i] = Array.IndexOf(normalized, i) >= 0 ? xShape[i] : 1;
                }

                w = BroadcastTo(Reshape(weights, wShape), xShape);
            }

            Variable weighted = x * w;
            Variable xSum = normalized is null ? Sum(weighted, (int?)null, keepdims) : Sum(weighted, normalized, keepdims);
            return xSum / BroadcastTo(divider, xSum.Shape);
        }

        /// <summary>Log of the sum of exponentials over axes, computed stably (<c>F.logsumexp(x, axis=None)</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null for all axes.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable LogSumExp(Variable x, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            VariableHandle y;
            if (axis is int a)
            {
                long ax = a;
                return Result(NativeMethods.ch_logsumexp(x.Handle, &ax, 1, out y), y);
            }

            return Result(NativeMethods.ch_logsumexp(x.Handle, null, -1, out y), y);
        }

        /// <summary>Log-sum-exp over several axes (<c>F.logsumexp(x, axis=(...))</c>).</summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axes.</param>
        /// <returns>The result.</returns>
        public static unsafe Variable LogSumExp(Variable x, int[] axis)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(axis);
            long[] a = Longs(axis);
            fixed (long* p = a)
            {
                return Result(NativeMethods.ch_logsumexp(x.Handle, p, a.Length, out VariableHandle y), y);
            }
        }

        /// <summary>
        /// Indices of the maxima (<c>F.argmax(x, axis=None)</c>), int32 as in Chainer, over the flattened array when
        /// <paramref name="axis"/> is null; no gradient.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null.</param>
        /// <returns>An int32 variable without a creator.</returns>
        public static Variable ArgMax(Variable x, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_argmax(x.Handle, axis.HasValue ? 1 : 0, axis ?? 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Indices of the minima (<c>F.argmin(x, axis=None)</c>), int32 as in Chainer, over the flattened array when
        /// <paramref name="axis"/> is null; no gradient.
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null.</param>
        /// <returns>An int32 variable without a creator.</returns>
        public static Variable ArgMin(Variable x, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Result(NativeMethods.ch_argmin(x.Handle, axis.HasValue ? 1 : 0, axis ?? 0, out VariableHandle y), y);
        }

        /// <summary>
        /// Cumulative sum along an axis (<c>F.cumsum(x, axis=None)</c>); with a null axis the input is flattened
        /// first, as in Chainer (and NumPy).
        /// </summary>
        /// <param name="x">The input (float).</param>
        /// <param name="axis">The axis, or null.</param>
        /// <returns>The result.</returns>
        public static Variable Cumsum(Variable x, int? axis = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (axis is int a)
            {
                return Result(NativeMethods.ch_cumsum(x.Handle, a, out VariableHandle y), y);
            }

            Variable flat = Reshape(x, -1);
            return Result(NativeMethods.ch_cumsum(flat.Handle, 0, out VariableHandle yf), yf);
        }

        /// <summary>
        /// Element-wise squared difference <c>(x1 - x2)^2</c> (<c>F.squared_difference(x1, x2)</c>, the same as
        /// <see cref="SquaredError"/>).
        /// </summary>
        /// <param name="x1">The first input (float).</param>
        /// <param name="x2">The second input (same dtype and shape).</param>
        /// <returns>The result.</returns>
        public static Variable SquaredDifference(Variable x1, Variable x2) => SquaredError(x1, x2);

        /// <summary>Element-wise linear interpolation <c>p * x + (1 - p) * y</c> (<c>F.linear_interpolate(p, x, y)</c>).</summary>
        /// <param name="p">The weight (float).</param>
        /// <param name="x">The first input (same dtype and shape).</param>
        /// <param name="y">The second input (same dtype and shape).</param>
        /// <returns>The result.</returns>
        /// <exception cref="InvalidTypeException">The dtypes or shapes differ.</exception>
        public static Variable LinearInterpolate(Variable p, Variable x, Variable y)
        {
            ArgumentNullException.ThrowIfNull(p);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            TypeChecks.SameShape("LinearInterpolate", "p", p, "x", x);
            TypeChecks.SameShape("LinearInterpolate", "x", x, "y", y);
            return (p * x) + (Sub(1.0, p) * y);
        }

        /// <summary>
        /// Batched matrix product (<c>F.batch_matmul(a, b, transa=False, transb=False)</c>, deprecated in Chainer in
        /// favour of <see cref="MatMul"/>): 2-d operands (B, N) are treated as (B, N, 1). float64 is accepted too
        /// (Chainer accepts float32 only).
        /// </summary>
        /// <param name="a">The left operand, (B, N, M) or (B, N).</param>
        /// <param name="b">The right operand, (B, M, K) or (B, M).</param>
        /// <param name="transa">Transpose each matrix of <paramref name="a"/>.</param>
        /// <param name="transb">Transpose each matrix of <paramref name="b"/>.</param>
        /// <returns>The (B, ., .) products.</returns>
        public static Variable BatchMatMul(Variable a, Variable b, bool transa = false, bool transb = false)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            TypeChecks.NdimRange("BatchMatMul", "a", a, 2, 3);
            TypeChecks.NdimRange("BatchMatMul", "b", b, 2, 3);
            long[] sa = a.Shape;
            long[] sb = b.Shape;
            Variable a3 = a.Ndim == 3 ? a : Reshape(a, sa[0], sa[1], -1);
            Variable b3 = b.Ndim == 3 ? b : Reshape(b, sb[0], sb[1], -1);
            return MatMul(a3, b3, transa, transb);
        }

        /// <summary>Element-wise <c>a == b</c> with broadcasting (NumPy's <c>equal</c>); a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable Equal(Variable a, Variable b) => Compare(a, b, 0);

        /// <summary>Element-wise <c>a != b</c> with broadcasting; a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable NotEqual(Variable a, Variable b) => Compare(a, b, 1);

        /// <summary>Element-wise <c>a &lt; b</c> with broadcasting; a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable Less(Variable a, Variable b) => Compare(a, b, 2);

        /// <summary>Element-wise <c>a &lt;= b</c> with broadcasting; a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable LessEqual(Variable a, Variable b) => Compare(a, b, 3);

        /// <summary>Element-wise <c>a &gt; b</c> with broadcasting; a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable Greater(Variable a, Variable b) => Compare(a, b, 4);

        /// <summary>Element-wise <c>a &gt;= b</c> with broadcasting; a bool variable without gradient.</summary>
        /// <param name="a">The left operand.</param>
        /// <param name="b">The right operand (same dtype).</param>
        /// <returns>A bool variable.</returns>
        public static Variable GreaterEqual(Variable a, Variable b) => Compare(a, b, 5);

        /// <summary>Element-wise <c>a == s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable Equal(Variable a, double s) => CompareScalar(a, s, 0);

        /// <summary>Element-wise <c>a != s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable NotEqual(Variable a, double s) => CompareScalar(a, s, 1);

        /// <summary>Element-wise <c>a &lt; s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable Less(Variable a, double s) => CompareScalar(a, s, 2);

        /// <summary>Element-wise <c>a &lt;= s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable LessEqual(Variable a, double s) => CompareScalar(a, s, 3);

        /// <summary>Element-wise <c>a &gt; s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable Greater(Variable a, double s) => CompareScalar(a, s, 4);

        /// <summary>Element-wise <c>a &gt;= s</c> (the scalar is cast to a's dtype); a bool variable.</summary>
        /// <param name="a">The operand.</param>
        /// <param name="s">The scalar.</param>
        /// <returns>A bool variable.</returns>
        public static Variable GreaterEqual(Variable a, double s) => CompareScalar(a, s, 5);

        private static Variable Compare(Variable a, Variable b, int op)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            return Result(NativeMethods.ch_compare(a.Handle, b.Handle, op, out VariableHandle y), y);
        }

        private static Variable CompareScalar(Variable a, double s, int op)
        {
            ArgumentNullException.ThrowIfNull(a);
            using NdArray c = NdArray.FullLike(a, Array.Empty<long>(), s, a.Dtype);
            using var cv = new Variable(c, requiresGrad: false);
            return Compare(a, cv, op);
        }
    }
}
