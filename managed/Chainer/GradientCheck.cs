using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Chainer
{
    /// <summary>
    /// Numerical checks of backward computations (<c>chainer.gradient_check</c>): the gradient computed by
    /// backpropagation is compared with a finite-difference derivative along a random direction.
    /// </summary>
    /// <remarks>
    /// With <c>g(t) = Σ ⟨f(x + t·d), gy⟩</c> for a random unit direction d, backpropagation must give
    /// <c>g'(0) = Σ ⟨gx, d⟩</c>; the check computes <c>(g(eps) − g(−eps)) / (2·eps)</c> in float64 and
    /// requires <c>|numeric − backward| ≤ atol + rtol·|backward|</c>. Temporaries are disposed when the
    /// check returns.
    /// </remarks>
    public static class GradientCheck
    {
        /// <summary>
        /// Checks the first-order gradients of <paramref name="func"/> (<c>chainer.gradient_check.check_backward</c>).
        /// </summary>
        /// <param name="func">The function under test; it may return null outputs, which are skipped.</param>
        /// <param name="xData">The input arrays; variables are made of them (float inputs require gradients).</param>
        /// <param name="yGrad">
        /// The output gradients (one per output; null entries are skipped), or null when <paramref name="func"/>
        /// returns a single 0-d output (then the gradient is 1).
        /// </param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="noGrads">
        /// Per input, whether it must receive no gradient (and is not perturbed); by default the non-float inputs.
        /// </param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed inputs are cast to this float dtype for the numerical derivative.</param>
        /// <exception cref="GradientCheckException">The gradients do not match.</exception>
        /// <exception cref="ArgumentException">The arguments are inconsistent.</exception>
        public static void CheckBackward(
            Func<Variable[], Variable?[]> func,
            NdArray[] xData,
            NdArray?[]? yGrad,
            double eps = 1e-3,
            double atol = 1e-5,
            double rtol = 1e-4,
            bool[]? noGrads = null,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            ArgumentNullException.ThrowIfNull(xData);
            for (int i = 0; i < xData.Length; i++)
            {
                if (xData[i] is null)
                {
                    throw new ArgumentNullException(nameof(xData), $"xData[{i}] is null.");
                }
            }

            if (!(eps > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive.");
            }

            if (dtype is DType d && !d.IsFloat())
            {
                throw new ArgumentException("`dtype` is allowed only float type", nameof(dtype));
            }

            if (noGrads is not null && noGrads.Length != xData.Length)
            {
                throw new ArgumentException(
                    $"Length of no_grads param and xs should be same.\nActual: {noGrads.Length} != {xData.Length}", nameof(noGrads));
            }

            using MemoryScope scope = chainer.NewScope();
            new BackwardCheck(func, xData, yGrad, eps, atol, rtol, noGrads, rng ?? RandomState.Default, dtype).Run();
        }

        /// <summary>Checks the first-order gradient of a function of one variable.</summary>
        /// <param name="func">The function under test.</param>
        /// <param name="xData">The input array.</param>
        /// <param name="yGrad">The output gradient, or null for a 0-d output.</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed input is cast to this float dtype for the numerical derivative.</param>
        public static void CheckBackward(
            Func<Variable, Variable> func,
            NdArray xData,
            NdArray? yGrad,
            double eps = 1e-3,
            double atol = 1e-5,
            double rtol = 1e-4,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            CheckBackward(
                xs => new Variable?[] { func(xs[0]) },
                new[] { xData },
                yGrad is null ? null : new[] { yGrad },
                eps, atol, rtol, null, rng, dtype);
        }

        /// <summary>Checks the first-order gradients of a function of several variables with one output.</summary>
        /// <param name="func">The function under test.</param>
        /// <param name="xData">The input arrays.</param>
        /// <param name="yGrad">The output gradient, or null for a 0-d output.</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="noGrads">Per input, whether it must receive no gradient.</param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed inputs are cast to this float dtype for the numerical derivative.</param>
        public static void CheckBackward(
            Func<Variable[], Variable> func,
            NdArray[] xData,
            NdArray? yGrad,
            double eps = 1e-3,
            double atol = 1e-5,
            double rtol = 1e-4,
            bool[]? noGrads = null,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            CheckBackward(
                xs => new Variable?[] { func(xs) },
                xData,
                yGrad is null ? null : new[] { yGrad },
                eps, atol, rtol, noGrads, rng, dtype);
        }

        /// <summary>
        /// Checks that the gradient computation of <paramref name="func"/> is itself differentiable
        /// (<c>chainer.gradient_check.check_double_backward</c>): the first-order gradient, as a function of the
        /// inputs and the output gradients, is checked with <see cref="CheckBackward(Func{Variable[], Variable?[]}, NdArray[], NdArray?[], double, double, double, bool[], RandomState, DType?)"/>.
        /// </summary>
        /// <param name="func">The function under test.</param>
        /// <param name="xData">The input arrays.</param>
        /// <param name="yGrad">The output gradients (they are inputs of the checked function too).</param>
        /// <param name="xGradGrad">The gradients of the first-order input gradients (one per input).</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="noGrads">Per input of the combined function (inputs then output gradients), whether it must receive no gradient.</param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed inputs are cast to this float dtype for the numerical derivative.</param>
        /// <exception cref="GradientCheckException">The second-order gradients do not match.</exception>
        public static void CheckDoubleBackward(
            Func<Variable[], Variable?[]> func,
            NdArray[] xData,
            NdArray[] yGrad,
            NdArray?[] xGradGrad,
            double eps = 1e-3,
            double atol = 1e-4,
            double rtol = 1e-3,
            bool[]? noGrads = null,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            ArgumentNullException.ThrowIfNull(xData);
            ArgumentNullException.ThrowIfNull(yGrad);
            ArgumentNullException.ThrowIfNull(xGradGrad);
            int nx = xData.Length;
            var firstOrderNoGrads = new bool[nx];
            for (int i = 0; i < nx; i++)
            {
                ArgumentNullException.ThrowIfNull(xData[i], nameof(xData));
                firstOrderNoGrads[i] = !xData[i].Dtype.IsFloat();
            }

            Variable?[] FirstOrderGrad(Variable[] inputs)
            {
                var xs = new Variable[nx];
                System.Array.Copy(inputs, xs, nx);
                var gys = new Variable[inputs.Length - nx];
                System.Array.Copy(inputs, nx, gys, 0, gys.Length);
                Variable?[] ys = func(xs);
                if (ys.Length != gys.Length)
                {
                    throw new ArgumentException(
                        "Output gradients must contain equally as many elements as the number of output elements.\n" +
                        $"Outputs: {ys.Length}, output gradients: {gys.Length}", nameof(yGrad));
                }

                var outs = new List<Variable>();
                var gouts = new List<Variable?>();
                for (int i = 0; i < ys.Length; i++)
                {
                    if (ys[i] is Variable y)
                    {
                        outs.Add(y);
                        gouts.Add(gys[i]);
                    }
                }

                var targets = new List<Variable>();
                for (int i = 0; i < nx; i++)
                {
                    targets.Add(xs[i]);
                }

                MergeDuplicateOutputs(outs, gouts);
                Variable?[] gxs = outs.Count == 0
                    ? new Variable?[nx]
                    : chainer.Grad(outs, targets, gouts, enableDoubleBackprop: true);
                var result = new List<Variable?>();
                for (int i = 0; i < nx; i++)
                {
                    if (firstOrderNoGrads[i])
                    {
                        if (gxs[i] is not null)
                        {
                            throw new GradientCheckException(
                                $"There are errors retrieving first-order gradients:\n[{i}]: Gradient was calculated while expected to not.");
                        }
                    }
                    else
                    {
                        result.Add(gxs[i]);
                    }
                }

                return result.ToArray();
            }

            var inputs = new NdArray[nx + yGrad.Length];
            System.Array.Copy(xData, inputs, nx);
            System.Array.Copy(yGrad, 0, inputs, nx, yGrad.Length);
            try
            {
                CheckBackward(FirstOrderGrad, inputs, xGradGrad, eps, atol, rtol, noGrads, rng, dtype);
            }
            catch (GradientCheckException e)
            {
                throw new GradientCheckException(
                    $"check_double_backward failed (eps={Num(eps)} atol={Num(atol)} rtol={Num(rtol)})\n{e.Message}", e);
            }
        }

        /// <summary>Checks the second-order gradient of a function of one variable.</summary>
        /// <param name="func">The function under test.</param>
        /// <param name="xData">The input array.</param>
        /// <param name="yGrad">The output gradient.</param>
        /// <param name="xGradGrad">The gradient of the first-order input gradient.</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed inputs are cast to this float dtype for the numerical derivative.</param>
        public static void CheckDoubleBackward(
            Func<Variable, Variable> func,
            NdArray xData,
            NdArray yGrad,
            NdArray xGradGrad,
            double eps = 1e-3,
            double atol = 1e-4,
            double rtol = 1e-3,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            CheckDoubleBackward(
                xs => new Variable?[] { func(xs[0]) },
                new[] { xData },
                new[] { yGrad },
                new NdArray?[] { xGradGrad },
                eps, atol, rtol, null, rng, dtype);
        }

        /// <summary>Checks the second-order gradients of a function of several variables with one output.</summary>
        /// <param name="func">The function under test.</param>
        /// <param name="xData">The input arrays.</param>
        /// <param name="yGrad">The output gradient.</param>
        /// <param name="xGradGrad">The gradients of the first-order input gradients (one per input).</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="rtol">The relative tolerance.</param>
        /// <param name="rng">The generator of the direction; null uses <see cref="RandomState.Default"/>.</param>
        /// <param name="dtype">If given, the perturbed inputs are cast to this float dtype for the numerical derivative.</param>
        public static void CheckDoubleBackward(
            Func<Variable[], Variable> func,
            NdArray[] xData,
            NdArray yGrad,
            NdArray?[] xGradGrad,
            double eps = 1e-3,
            double atol = 1e-4,
            double rtol = 1e-3,
            RandomState? rng = null,
            DType? dtype = null)
        {
            ArgumentNullException.ThrowIfNull(func);
            CheckDoubleBackward(
                xs => new Variable?[] { func(xs) },
                xData,
                new[] { yGrad },
                xGradGrad,
                eps, atol, rtol, null, rng, dtype);
        }

        /// <summary>
        /// Sums the gradients of outputs that are the same variable, so that the result equals
        /// <c>chainer.backward(ys, gys)</c>, which accumulates them (<c>chainer.grad</c> keeps only the last).
        /// </summary>
        private static void MergeDuplicateOutputs(List<Variable> outs, List<Variable?> gouts)
        {
            for (int i = 0; i < outs.Count; i++)
            {
                for (int j = outs.Count - 1; j > i; j--)
                {
                    if (!outs[i].SameAs(outs[j]))
                    {
                        continue;
                    }

                    Variable? gi = gouts[i];
                    Variable? gj = gouts[j];
                    gouts[i] = gi is null ? gj : gj is null ? gi : gi + gj;
                    outs.RemoveAt(j);
                    gouts.RemoveAt(j);
                }
            }
        }

        private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>One run of check_backward.</summary>
        private sealed class BackwardCheck
        {
            private readonly Func<Variable[], Variable?[]> _func;
            private readonly NdArray[] _xs;
            private readonly NdArray?[]? _yGradGiven;
            private readonly double _eps;
            private readonly double _atol;
            private readonly double _rtol;
            private readonly bool[] _noGrads;
            private readonly RandomState _rng;
            private readonly DType? _dtype;

            internal BackwardCheck(
                Func<Variable[], Variable?[]> func, NdArray[] xs, NdArray?[]? yGrad, double eps, double atol, double rtol,
                bool[]? noGrads, RandomState rng, DType? dtype)
            {
                _func = func;
                _xs = xs;
                _yGradGiven = yGrad;
                _eps = eps;
                _atol = atol;
                _rtol = rtol;
                _rng = rng;
                _dtype = dtype;
                if (noGrads is null)
                {
                    noGrads = new bool[xs.Length];
                    for (int i = 0; i < xs.Length; i++)
                    {
                        noGrads[i] = !xs[i].Dtype.IsFloat();
                    }
                }

                _noGrads = noGrads;
            }

            internal void Run()
            {
                // Forward pass for the backward gradients.
                var xVars = new Variable[_xs.Length];
                for (int i = 0; i < _xs.Length; i++)
                {
                    xVars[i] = new Variable(_xs[i], requiresGrad: _xs[i].Dtype.IsFloat());
                }

                Variable?[] ys = _func(xVars) ?? throw new ArgumentException("func returned null.");
                foreach (Variable x in xVars)
                {
                    x.ClearGrad();
                }

                // Output gradients.
                NdArray?[] gys;
                if (_yGradGiven is null)
                {
                    if (!(ys.Length == 1 && ys[0] is Variable y0 && y0.Ndim == 0))
                    {
                        var shapes = new List<string>();
                        foreach (Variable? y in ys)
                        {
                            shapes.Add(y is null ? "None" : ShapeUtil.Format(y.Shape));
                        }

                        throw new ArgumentException(
                            "y_grad argument cannot be omitted if the target function is not a loss function, " +
                            "which has a single output with shape ().\nActual output shapes: " + string.Join(", ", shapes));
                    }

                    gys = new NdArray?[] { NdArray.FullLike(ys[0]!, System.Array.Empty<long>(), 1.0, ys[0]!.Dtype) };
                }
                else
                {
                    CheckOutputsAndGradOutputs(ys, _yGradGiven);
                    gys = (NdArray?[])_yGradGiven.Clone();
                }

                for (int i = 0; i < gys.Length; i++)
                {
                    if (ys[i] is null)
                    {
                        gys[i] = null;
                    }
                }

                double[]?[] directions = SampleDirections();
                double backward = DirectionalBackward(xVars, ys, gys, directions);
                double numeric = DirectionalNumeric(gys, directions);
                if (!(Math.Abs(numeric - backward) <= _atol + _rtol * Math.Abs(backward)))
                {
                    throw new GradientCheckException(Report(gys, directions, numeric, backward), numeric, backward);
                }
            }

            private static void CheckOutputsAndGradOutputs(Variable?[] ys, NdArray?[] gys)
            {
                if (ys.Length != gys.Length)
                {
                    throw new ArgumentException(
                        "Output gradients must contain equally as many elements as the number of output elements.\n" +
                        $"Outputs: {ys.Length}, output gradients: {gys.Length}");
                }

                for (int i = 0; i < ys.Length; i++)
                {
                    NdArray? gy = gys[i];
                    Variable? y = ys[i];
                    if (gy is null || y is null)
                    {
                        continue;
                    }

                    long[] ys0 = y.Shape;
                    if (!ShapeUtil.Equal(ys0, gy.ShapeCached) || y.Dtype != gy.Dtype)
                    {
                        throw new ArgumentException(
                            "Shapes and/or dtypes of outputs and output gradients do not match.\n" +
                            $"Output {i}: {ShapeUtil.Format(ys0)} {y.Dtype.Name()}, gradient: {ShapeUtil.Format(gy.ShapeCached)} {gy.Dtype.Name()}");
                    }
                }
            }

            private double[]?[] SampleDirections()
            {
                long total = 0;
                for (int i = 0; i < _xs.Length; i++)
                {
                    if (!_noGrads[i])
                    {
                        total += _xs[i].Size;
                    }
                }

                var packed = new double[total];
                _rng.Normal(packed, 0.0, 1.0);
                if (total > 0)
                {
                    double sqNorm = 0;
                    foreach (double v in packed)
                    {
                        sqNorm += v * v;
                    }

                    // Chainer keeps every |component| at least 0.1/sqrt(size) for stability.
                    for (int k = 0; k < packed.Length; k++)
                    {
                        double magnitude = Math.Sqrt((0.99 / sqNorm) * packed[k] * packed[k] + 0.01 / total);
                        packed[k] = Math.CopySign(magnitude, packed[k]);
                    }
                }

                var directions = new double[]?[_xs.Length];
                long offset = 0;
                for (int i = 0; i < _xs.Length; i++)
                {
                    if (_noGrads[i])
                    {
                        continue;
                    }

                    long size = _xs[i].Size;
                    var d = new double[size];
                    System.Array.Copy(packed, offset, d, 0, size);
                    offset += size;
                    directions[i] = d;
                }

                return directions;
            }

            private double DirectionalBackward(Variable[] xVars, Variable?[] ys, NdArray?[] gys, double[]?[] directions)
            {
                var outs = new List<Variable>();
                var gouts = new List<Variable?>();
                for (int i = 0; i < ys.Length; i++)
                {
                    if (ys[i] is Variable y && gys[i] is NdArray gy)
                    {
                        outs.Add(y);

                        // A copy, so that backprop cannot change the numbers used by the numerical part.
                        gouts.Add(new Variable(gy.Copy(), requiresGrad: false));
                    }
                }

                MergeDuplicateOutputs(outs, gouts);
                Variable?[] gxs = outs.Count == 0 ? new Variable?[xVars.Length] : chainer.Grad(outs, xVars, gouts);
                double accum = 0;
                for (int i = 0; i < xVars.Length; i++)
                {
                    Variable? gx = gxs[i];
                    if (_noGrads[i])
                    {
                        if (gx is not null)
                        {
                            throw new GradientCheckException($"gradient of int variable must be None (input {i}).");
                        }

                        continue;
                    }

                    if (gx is null)
                    {
                        continue;
                    }

                    double[] g = ToFloat64(gx.Array);
                    double[] d = directions[i]!;
                    if (g.Length != d.Length)
                    {
                        throw new GradientCheckException(
                            $"The gradient of input {i} has {g.Length} elements, but the input has {d.Length}.");
                    }

                    for (int k = 0; k < g.Length; k++)
                    {
                        accum += g[k] * d[k];
                    }
                }

                return accum;
            }

            private double DirectionalNumeric(NdArray?[] gys, double[]?[] directions)
            {
                // The base point of every perturbed input, in float64, and the dtype it is evaluated in.
                var baseValues = new double[]?[_xs.Length];
                var evalDtypes = new DType[_xs.Length];
                var fixedInputs = new NdArray?[_xs.Length];
                for (int i = 0; i < _xs.Length; i++)
                {
                    DType own = _xs[i].Dtype;
                    if (_noGrads[i])
                    {
                        fixedInputs[i] = _dtype is DType dt && own.IsFloat() && own != dt ? _xs[i].AsType(dt) : _xs[i];
                        continue;
                    }

                    evalDtypes[i] = _dtype ?? own;
                    using NdArray cast = _xs[i].AsType(evalDtypes[i]);
                    baseValues[i] = ToFloat64(cast);
                }

                var gyValues = new double[]?[gys.Length];
                for (int i = 0; i < gys.Length; i++)
                {
                    if (gys[i] is NdArray gy)
                    {
                        gyValues[i] = ToFloat64(gy);
                    }
                }

                double plus = Evaluate(+_eps, baseValues, evalDtypes, fixedInputs, directions, gyValues);
                double minus = Evaluate(-_eps, baseValues, evalDtypes, fixedInputs, directions, gyValues);
                return (plus - minus) / (2 * _eps);
            }

            private double Evaluate(
                double delta, double[]?[] baseValues, DType[] evalDtypes, NdArray?[] fixedInputs,
                double[]?[] directions, double[]?[] gyValues)
            {
                using MemoryScope scope = chainer.NewScope();
                var inputs = new Variable[_xs.Length];
                for (int i = 0; i < _xs.Length; i++)
                {
                    if (fixedInputs[i] is NdArray fixedInput)
                    {
                        inputs[i] = new Variable(fixedInput, requiresGrad: false);
                        continue;
                    }

                    double[] x = baseValues[i]!;
                    double[] d = directions[i]!;
                    var perturbed = new double[x.Length];
                    for (int k = 0; k < x.Length; k++)
                    {
                        perturbed[k] = x[k] + delta * d[k];
                    }

                    NdArray data = NdArray.FromArray(perturbed, _xs[i].Shape);
                    if (evalDtypes[i] != DType.Float64)
                    {
                        data = data.AsType(evalDtypes[i]);
                    }

                    // The perturbation is computed on the host; the function sees it on the input's own device.
                    data = data.OnDeviceOf(_xs[i]);

                    inputs[i] = new Variable(data);
                }

                Variable?[] ys = _func(inputs);
                if (ys.Length != gyValues.Length)
                {
                    throw new ArgumentException(
                        $"func returned {ys.Length} outputs, but {gyValues.Length} output gradients were given.");
                }

                double total = 0;
                for (int i = 0; i < ys.Length; i++)
                {
                    double[]? gy = gyValues[i];
                    Variable? y = ys[i];
                    if (gy is null || y is null)
                    {
                        continue;
                    }

                    double[] values = ToFloat64(y.Array);
                    if (values.Length != gy.Length)
                    {
                        throw new ArgumentException(
                            $"Output {i} has {values.Length} elements, but its gradient has {gy.Length}.");
                    }

                    for (int k = 0; k < values.Length; k++)
                    {
                        total += values[k] * gy[k];
                    }
                }

                return total;
            }

            private string Report(NdArray?[] gys, double[]?[] directions, double numeric, double backward)
            {
                var sb = new StringBuilder();
                sb.Append(CultureInfo.InvariantCulture, $"check_backward failed (eps={Num(_eps)} atol={Num(_atol)} rtol={Num(_rtol)})\n");
                for (int i = 0; i < _xs.Length; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"inputs[{i}]:\n{_xs[i]}\n");
                }

                for (int i = 0; i < gys.Length; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"grad_outputs[{i}]:\n{(gys[i]?.ToString() ?? "None")}\n");
                }

                for (int i = 0; i < directions.Length; i++)
                {
                    double[]? d = directions[i];
                    string text = d is null ? "None" : "[" + string.Join(", ", Array.ConvertAll(d, v => Num(v))) + "]";
                    sb.Append(CultureInfo.InvariantCulture, $"directions[{i}]:\n{text}\n");
                }

                sb.Append(CultureInfo.InvariantCulture, $"gradients (numeric):  {Num(numeric)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"gradients (backward): {Num(backward)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"|numeric - backward| = {Num(Math.Abs(numeric - backward))} > atol + rtol * |backward| = {Num(_atol + _rtol * Math.Abs(backward))}");
                return sb.ToString();
            }

            private static double[] ToFloat64(NdArray array)
            {
                if (array.Dtype == DType.Float64)
                {
                    return array.ToArray<double>();
                }

                using NdArray cast = array.AsType(DType.Float64);
                return cast.ToArray<double>();
            }
        }
    }
}
