using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using static Chainer.Tests.TestUtil;
using F = Chainer.Functions;

namespace Chainer.Tests.FunctionTests
{
    /// <summary>
    /// First- and second-order numerical gradient checks (float64, seeded random shapes, broadcasting where the
    /// function broadcasts) of every differentiable function, through <see cref="GradientCheck"/>. Inputs are kept
    /// away from the points where a function is not differentiable.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class FunctionGradientTests
    {
        private const int SeedsPerCase = 2;

        /// <summary>Tolerances and switches of one check.</summary>
        private sealed record Opt(double Atol = 1e-5, double Rtol = 1e-4, double Eps = 1e-3, bool Double = true,
            double Atol2 = 1e-4, double Rtol2 = 1e-3);

        private static readonly Opt Default = new Opt();

        private static readonly Dictionary<string, Action<RandomState>> Table = BuildTable();

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (string name in Table.Keys)
            {
                for (int s = 0; s < SeedsPerCase; s++)
                {
                    yield return new TestCaseData(name, s).SetName($"Grad_{name}_{s}");
                }
            }
        }

        /// <summary>The device the checks' inputs and gradients are placed on (null: the CPU); set by the CUDA suite.</summary>
        [ThreadStatic]
        private static Device? _targetDevice;

        /// <summary>The names of the gradient-check cases.</summary>
        internal static IEnumerable<string> CaseNames => Table.Keys;

        [TestCaseSource(nameof(Cases))]
        public void FirstAndSecondOrder(string name, int seed) => Run(name, seed, null);

        /// <summary>Runs one case with its inputs, output gradients and second-order directions on <paramref name="device"/>.</summary>
        internal static void Run(string name, int seed, Device? device)
        {
            Device? previous = _targetDevice;
            _targetDevice = device;
            TestUtil.TargetDevice = device;
            try
            {
                var rng = new RandomState((uint)(1000 + (StableHash(name) % 100000) + (7919 * seed)));
                using MemoryScope scope = chainer.NewScope();
                Table[name](rng);
            }
            finally
            {
                _targetDevice = previous;
                TestUtil.TargetDevice = previous;
            }
        }

        private static NdArray Place(NdArray a) => _targetDevice is Device d && !d.IsCpu && a.Device != d ? a.ToDevice(d) : a;

        private static uint StableHash(string s)
        {
            uint h = 2166136261;
            foreach (char c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }

        /// <summary>Runs CheckBackward and (unless disabled) CheckDoubleBackward with random directions.</summary>
        private static void Check(Func<Variable[], Variable?[]> func, NdArray[] inputs, RandomState rng, Opt? opt = null)
        {
            opt ??= Default;
            inputs = inputs.Select(Place).ToArray();
            Variable?[] ys;
            using (chainer.NoBackpropMode())
            {
                ys = func(inputs.Select(a => new Variable(a, requiresGrad: false)).ToArray());
            }

            // Each output gradient where its output is (F.Copy to the CPU leaves its output there).
            NdArray[] gy = ys.Select(y => Cast(Randn(rng, y!.Shape), y.Dtype).OnDeviceOf(y.Array)).ToArray();
            NdArray?[] ggx = inputs.Where(a => a.Dtype.IsFloat()).Select(a => (NdArray?)Place(Cast(Randn(rng, a.Shape), a.Dtype))).ToArray();
            GradientCheck.CheckBackward(func, inputs, gy, opt.Eps, opt.Atol, opt.Rtol, rng: rng);
            if (opt.Double)
            {
                GradientCheck.CheckDoubleBackward(func, inputs, gy, ggx, opt.Eps, opt.Atol2, opt.Rtol2, rng: rng);
            }
        }

        private static void Check(Func<Variable[], Variable> func, NdArray[] inputs, RandomState rng, Opt? opt = null) =>
            Check(xs => new Variable?[] { func(xs) }, inputs, rng, opt);

        private static NdArray Cast(NdArray a, DType d) => a.Dtype == d ? a : a.AsType(d);

        /// <summary>float64 values with pairwise gaps of at least 0.1/size·4 (no ties within eps): for max, min, pooling.</summary>
        private static NdArray Distinct(RandomState rng, params long[] shape)
        {
            int size = (int)shape.Aggregate(1L, (a, b) => a * b);
            int[] perm = rng.Permutation(size);
            double[] v = perm.Select(p => ((p - (size / 2.0)) * 0.05) + (rng.Uniform(0, 0.01))).ToArray();
            return Place(NdArray.FromArray(v, shape));
        }

        private static NdArray Ints(int[] values, params long[] shape) => Place(NdArray.FromArray(values, shape));

        private static NdArray RandInts(RandomState rng, int lo, int hi, params long[] shape)
        {
            int size = (int)shape.Aggregate(1L, (a, b) => a * b);
            return Place(NdArray.FromArray(Enumerable.Range(0, size).Select(_ => (int)rng.RandInt(lo, hi)).ToArray(), shape));
        }

        private static long[] Shape(RandomState rng, int minNdim = 0, int maxNdim = 3, int maxDim = 4) => RandomShape(rng, minNdim, maxNdim, maxDim);

        private static int R(RandomState rng, int lo, int hiInclusive) => (int)rng.RandInt(lo, hiInclusive + 1);

        private static Dictionary<string, Action<RandomState>> BuildTable()
        {
            var t = new Dictionary<string, Action<RandomState>>();

            // ------------------------------------------------------------ math
            void Unary(string name, Func<Variable, Variable> f, Func<RandomState, long[], NdArray> gen, Opt? o = null) =>
                t[name] = rng => Check(xs => f(xs[0]), new[] { gen(rng, Shape(rng)) }, rng, o);

            Unary("Absolute", F.Absolute, (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Abs", F.Abs, (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Sqrt", F.Sqrt, (r, s) => Uniform(r, 0.5, 2, s));
            Unary("Rsqrt", F.Rsqrt, (r, s) => Uniform(r, 0.5, 2, s));
            Unary("Square", F.Square, Randn);
            Unary("Exp", F.Exp, Randn);
            Unary("Expm1", F.Expm1, Randn);
            Unary("Log", F.Log, (r, s) => Uniform(r, 0.5, 2, s));
            Unary("Log1p", F.Log1p, (r, s) => Uniform(r, -0.5, 2, s));
            Unary("Log2", F.Log2, (r, s) => Uniform(r, 0.5, 2, s));
            Unary("Log10", F.Log10, (r, s) => Uniform(r, 0.5, 2, s));
            Unary("Sin", F.Sin, Randn);
            Unary("Cos", F.Cos, Randn);
            Unary("Tan", F.Tan, (r, s) => Uniform(r, -1, 1, s));
            Unary("Arcsin", F.Arcsin, (r, s) => Uniform(r, -0.8, 0.8, s));
            Unary("Arccos", F.Arccos, (r, s) => Uniform(r, -0.8, 0.8, s));
            Unary("Arctan", F.Arctan, Randn);
            Unary("Sinh", F.Sinh, Randn);
            Unary("Cosh", F.Cosh, Randn);
            Unary("Tanh", F.Tanh, Randn);
            Unary("Sigmoid", F.Sigmoid, Randn);
            Unary("Clip", x => F.Clip(x, -0.5, 0.5), (r, s) => Distinct(r, s));
            Unary("ClipUpperOnly", x => F.Clip(x, null, 0.3), (r, s) => Distinct(r, s));

            void Binary(string name, Func<Variable, Variable, Variable> f, Func<RandomState, long[], NdArray> ga,
                Func<RandomState, long[], NdArray> gb, bool broadcast = true, Opt? o = null) =>
                t[name] = rng =>
                {
                    long[] a = Shape(rng);
                    long[] b = broadcast ? BroadcastableTo(rng, a) : a;
                    if (broadcast && rng.RandomSample() < 0.5)
                    {
                        (a, b) = (b, a);
                    }

                    Check(xs => f(xs[0], xs[1]), new[] { ga(rng, a), gb(rng, b) }, rng, o);
                };

            // Maximum/minimum: operands separated by at least 0.5 with random sides.
            t["Maximum"] = rng => SeparatedPair(rng, F.Maximum);
            t["Minimum"] = rng => SeparatedPair(rng, F.Minimum);
            Binary("Fmod", F.Fmod, (r, s) => Uniform(r, 0.2, 0.8, s), (r, s) => Uniform(r, 1.0, 2.0, s));
            Binary("SquaredDifference", F.SquaredDifference, Randn, Randn, broadcast: false);
            t["Where"] = rng =>
            {
                long[] s = Shape(rng, 1);
                long[] sc = BroadcastableTo(rng, s);
                using NdArray c = Place(NdArray.FromArray(Enumerable.Range(0, (int)sc.Aggregate(1L, (a, b) => a * b)).Select(_ => rng.RandomSample() < 0.5).ToArray(), sc));
                Check(xs => F.Where(c, xs[0], xs[1]), new[] { Randn(rng, s), Randn(rng, BroadcastableTo(rng, s)) }, rng);
            };
            t["LinearInterpolate"] = rng =>
            {
                long[] s = Shape(rng);
                Check(xs => F.LinearInterpolate(xs[0], xs[1], xs[2]), new[] { Uniform(rng, 0, 1, s), Randn(rng, s), Randn(rng, s) }, rng);
            };

            void Reduction(string name, Func<Variable, int?, bool, Variable> one, Func<Variable, int[], bool, Variable> many,
                Func<RandomState, long[], NdArray> gen, Opt? o = null)
            {
                t[name + "_All"] = rng => Check(xs => one(xs[0], null, false), new[] { gen(rng, Shape(rng, 1)) }, rng, o);
                t[name + "_Axis"] = rng =>
                {
                    long[] s = Shape(rng, 1);
                    int axis = R(rng, -s.Length, s.Length - 1);
                    bool keep = rng.RandomSample() < 0.5;
                    Check(xs => one(xs[0], axis, keep), new[] { gen(rng, s) }, rng, o);
                };
                t[name + "_Axes"] = rng =>
                {
                    long[] s = Shape(rng, 2, 4);
                    int[] axes = new[] { 0, s.Length - 1 };
                    bool keep = rng.RandomSample() < 0.5;
                    Check(xs => many(xs[0], axes, keep), new[] { gen(rng, s) }, rng, o);
                };
            }

            Reduction("Sum", (x, a, k) => F.Sum(x, a, k), (x, a, k) => F.Sum(x, a, k), Randn);
            Reduction("Mean", (x, a, k) => F.Mean(x, a, keepdims: k), (x, a, k) => F.Mean(x, a, keepdims: k), Randn);
            Reduction("Max", (x, a, k) => F.Max(x, a, k), (x, a, k) => F.Max(x, a, k), (r, s) => Distinct(r, s));
            Reduction("Min", (x, a, k) => F.Min(x, a, k), (x, a, k) => F.Min(x, a, k), (r, s) => Distinct(r, s));
            Reduction("Prod", (x, a, k) => F.Prod(x, a, k), (x, a, k) => F.Prod(x, a, k), (r, s) => Uniform(r, 0.5, 1.5, s));
            Reduction("LogSumExp", (x, a, k) => F.LogSumExp(x, a), (x, a, k) => F.LogSumExp(x, a), Randn);
            t["Average_Weights"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(xs => F.Average(xs[0], (int?)null, xs[1]), new[] { Randn(rng, s), Uniform(rng, 0.5, 1.5, s) }, rng);
            };
            t["Average_WeightsAxis"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, 0, s.Length - 1);
                bool keep = rng.RandomSample() < 0.5;
                Check(xs => F.Average(xs[0], axis, xs[1], keep), new[] { Randn(rng, s), Uniform(rng, 0.5, 1.5, s[axis]) }, rng);
            };
            t["Cumsum_Flat"] = rng => Check(xs => F.Cumsum(xs[0]), new[] { Randn(rng, Shape(rng, 0)) }, rng);
            t["Cumsum_Axis"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, -s.Length, s.Length - 1);
                Check(xs => F.Cumsum(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["MatMul_Batched"] = rng =>
            {
                int b = R(rng, 1, 3), n = R(rng, 1, 4), m = R(rng, 1, 4), k = R(rng, 1, 4);
                Check(xs => F.MatMul(xs[0], xs[1], true, false), new[] { Randn(rng, b, m, n), Randn(rng, b, m, k) }, rng);
            };
            t["BatchMatMul"] = rng =>
            {
                int b = R(rng, 1, 3), n = R(rng, 1, 4), m = R(rng, 1, 4), k = R(rng, 1, 4);
                Check(xs => F.BatchMatMul(xs[0], xs[1], false, true), new[] { Randn(rng, b, n, m), Randn(rng, b, k, m) }, rng);
            };
            t["BatchMatMul_2D"] = rng =>
            {
                int b = R(rng, 1, 3), n = R(rng, 1, 4);
                Check(xs => F.BatchMatMul(xs[0], xs[1], true), new[] { Randn(rng, b, n), Randn(rng, b, n) }, rng);
            };

            // ------------------------------------------------------ activation
            Unary("Relu", F.Relu, (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Relu6", F.Relu6, (r, s) => Pick(r, s, new[] { (-2.0, -0.1), (0.1, 5.9), (6.1, 8.0) }));
            Unary("ClippedRelu", x => F.ClippedRelu(x, 1.5), (r, s) => Pick(r, s, new[] { (-2.0, -0.1), (0.1, 1.4), (1.6, 3.0) }));
            Unary("LeakyRelu", x => F.LeakyRelu(x), (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("LeakyRelu_Slope", x => F.LeakyRelu(x, 0.4), (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Elu", x => F.Elu(x), (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Elu_Alpha", x => F.Elu(x, 0.6), (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Selu", x => F.Selu(x), (r, s) => AwayFromZero(r, 0.1, 2, s));
            Unary("Softplus", x => F.Softplus(x), Randn);
            Unary("Softplus_Beta", x => F.Softplus(x, 2.5), Randn);
            Unary("HardSigmoid", F.HardSigmoid, (r, s) => Pick(r, s, new[] { (-4.0, -2.6), (-2.4, 2.4), (2.6, 4.0) }));
            t["Swish"] = rng =>
            {
                long[] s = Shape(rng, 2, 4);
                Check(xs => F.Swish(xs[0], xs[1]), new[] { Randn(rng, s), Randn(rng, s[1]) }, rng);
            };
            t["PRelu"] = rng =>
            {
                long[] s = Shape(rng, 2, 4);
                Check(xs => F.PRelu(xs[0], xs[1]), new[] { AwayFromZero(rng, 0.1, 2, s), Randn(rng, s[1]) }, rng);
            };
            t["Softmax"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, -s.Length, s.Length - 1);
                Check(xs => F.Softmax(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["LogSoftmax"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, -s.Length, s.Length - 1);
                Check(xs => F.LogSoftmax(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["Maxout"] = rng =>
            {
                int p = R(rng, 1, 3);
                long[] s = { R(rng, 1, 3), p * R(rng, 1, 3), R(rng, 1, 3) };
                int axis = rng.RandomSample() < 0.5 ? 1 : -2;
                Check(xs => F.Maxout(xs[0], p, axis), new[] { Distinct(rng, s) }, rng);
            };
            t["Lstm"] = rng =>
            {
                int b = R(rng, 1, 3), h = R(rng, 1, 3), shrink = R(rng, 0, b - 1);
                Check(xs =>
                {
                    (Variable c, Variable hh) = F.Lstm(xs[0], xs[1]);
                    return new Variable?[] { c, hh };
                }, new[] { Randn(rng, b, h), Randn(rng, b - shrink, 4 * h) }, rng);
            };
            // One output left without a gradient: the fused backward takes it as zeros (Chainer's gc_update / gh = 0).
            t["Lstm_HOnly"] = rng =>
            {
                int b = R(rng, 1, 3), h = R(rng, 1, 3);
                Check(xs => F.Lstm(xs[0], xs[1]).h, new[] { Randn(rng, b, h), Randn(rng, b, 4 * h) }, rng);
            };
            t["Lstm_COnly"] = rng =>
            {
                int b = R(rng, 1, 3), h = R(rng, 1, 3);
                Check(xs => F.Lstm(xs[0], xs[1]).c, new[] { Randn(rng, b, h, 2), Randn(rng, b, 4 * h, 2) }, rng);
            };
            t["CRelu"] = rng =>
            {
                long[] s = Shape(rng, 2);
                int axis = R(rng, 0, s.Length - 1);
                Check(xs => F.CRelu(xs[0], axis), new[] { AwayFromZero(rng, 0.1, 2, s) }, rng);
            };

            // ----------------------------------------------------------- array
            t["Broadcast"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(xs => F.Broadcast(xs[0], xs[1], xs[2]), new[] { Randn(rng, s), Randn(rng, BroadcastableTo(rng, s)), Randn(rng, BroadcastableTo(rng, s)) }, rng);
            };
            t["BroadcastTo"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(xs => F.BroadcastTo(xs[0], s), new[] { Randn(rng, BroadcastableTo(rng, s)) }, rng);
            };
            t["Cast"] = rng => Check(xs => F.Cast(F.Cast(xs[0], DType.Float32), DType.Float64) * 2, new[] { Randn(rng, Shape(rng)) }, rng,
                new Opt(Atol: 1e-3, Rtol: 1e-3, Atol2: 1e-3, Rtol2: 1e-2));
            t["Concat"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, -s.Length, s.Length - 1);
                long[] s2 = (long[])s.Clone();
                s2[axis < 0 ? axis + s.Length : axis] = R(rng, 1, 3);
                Check(xs => F.Concat(xs, axis), new[] { Randn(rng, s), Randn(rng, s2) }, rng);
            };
            t["Stack"] = rng =>
            {
                long[] s = Shape(rng);
                int axis = R(rng, -(s.Length + 1), s.Length);
                Check(xs => F.Stack(xs, axis), new[] { Randn(rng, s), Randn(rng, s), Randn(rng, s) }, rng);
            };
            t["HStack"] = rng =>
            {
                long[] s = Shape(rng, 0);
                long[] s2 = (long[])s.Clone();
                if (s.Length > 0)
                {
                    s2[s.Length == 1 ? 0 : 1] = R(rng, 1, 3);
                }

                Check(xs => F.HStack(xs), new[] { Randn(rng, s), Randn(rng, s2) }, rng);
            };
            t["VStack"] = rng =>
            {
                long[] s = Shape(rng, 0);
                long[] s2 = (long[])s.Clone();
                if (s.Length > 1)
                {
                    s2[0] = R(rng, 1, 3);
                }

                Check(xs => F.VStack(xs), new[] { Randn(rng, s), Randn(rng, s2) }, rng);
            };
            t["DStack"] = rng =>
            {
                long[] s = Shape(rng, 0, 4);
                long[] s2 = (long[])s.Clone();
                if (s.Length > 2)
                {
                    s2[2] = R(rng, 1, 3);
                }

                Check(xs => F.DStack(xs), new[] { Randn(rng, s), Randn(rng, s2) }, rng);
            };
            t["SplitAxis_Sections"] = rng =>
            {
                int n = R(rng, 1, 3);
                long[] s = { R(rng, 1, 3), n * R(rng, 1, 2) };
                Check(xs => F.SplitAxis(xs[0], n, 1), new[] { Randn(rng, s) }, rng);
            };
            t["SplitAxis_Indices"] = rng =>
            {
                long[] s = { R(rng, 3, 6), R(rng, 1, 3) };
                int[] idx = { 1, (int)s[0] - 1 };
                Check(xs => F.SplitAxis(xs[0], idx, 0), new[] { Randn(rng, s) }, rng);
            };
            t["Separate"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, 0, s.Length - 1);
                Check(xs => F.Separate(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["Squeeze"] = rng => Check(xs => F.Squeeze(xs[0]), new[] { Randn(rng, 1, R(rng, 1, 3), 1, 2) }, rng);
            t["Squeeze_Axes"] = rng => Check(xs => F.Squeeze(xs[0], new[] { 0, -2 }), new[] { Randn(rng, 1, R(rng, 1, 3), 1, 2) }, rng);
            t["ExpandDims"] = rng =>
            {
                long[] s = Shape(rng);
                int axis = R(rng, -(s.Length + 1), s.Length);
                Check(xs => F.ExpandDims(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["Flatten"] = rng => Check(xs => F.Flatten(xs[0]), new[] { Randn(rng, Shape(rng)) }, rng);
            t["Flip"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, -s.Length, s.Length - 1);
                Check(xs => F.Flip(xs[0], axis), new[] { Randn(rng, s) }, rng);
            };
            t["FlipLR"] = rng => Check(xs => F.FlipLR(xs[0]), new[] { Randn(rng, Shape(rng, 2)) }, rng);
            t["FlipUD"] = rng => Check(xs => F.FlipUD(xs[0]), new[] { Randn(rng, Shape(rng, 1)) }, rng);
            t["GetItem_Slices"] = rng =>
                Check(xs => F.GetItem(xs[0], 1.., new Slice(null, null, -2), NewAxis.Value), new[] { Randn(rng, R(rng, 2, 4), R(rng, 1, 4)) }, rng);
            t["GetItem_IntEllipsis"] = rng =>
                Check(xs => F.GetItem(xs[0], ^1, Ellipsis.Value, 0), new[] { Randn(rng, R(rng, 1, 3), 2, R(rng, 1, 3)) }, rng);
            t["GetItem_IndexArray"] = rng =>
                Check(xs => F.GetItem(xs[0], Slice.All, new[] { 0, 2, 0, 1 }), new[] { Randn(rng, R(rng, 1, 3), 3) }, rng);
            t["GetItem_BoolArray"] = rng =>
                Check(xs => F.GetItem(xs[0], new[] { true, false, true }), new[] { Randn(rng, 3, R(rng, 1, 3)) }, rng);
            t["SelectItem"] = rng =>
            {
                int n = R(rng, 1, 4), c = R(rng, 1, 4);
                Check(xs => F.SelectItem(xs[0], xs[1]), new[] { Randn(rng, n, c), RandInts(rng, 0, c, n) }, rng);
            };
            t["Pad"] = rng => Check(xs => F.Pad(xs[0], new[,] { { 1, 0 }, { 2, 1 } }, "constant", 0.5), new[] { Randn(rng, R(rng, 1, 3), R(rng, 1, 3)) }, rng);
            t["Repeat"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, 0, s.Length - 1);
                Check(xs => F.Repeat(xs[0], 2, axis), new[] { Randn(rng, s) }, rng);
            };
            t["Repeat_Flat"] = rng => Check(xs => F.Repeat(xs[0], 3), new[] { Randn(rng, Shape(rng)) }, rng);
            t["Tile"] = rng => Check(xs => F.Tile(xs[0], new[] { 2, 1, 2 }), new[] { Randn(rng, Shape(rng, 1, 2)) }, rng);
            t["Transpose"] = rng => Check(xs => F.Transpose(xs[0], new[] { 1, 2, 0 }), new[] { Randn(rng, Shape(rng, 3, 3)) }, rng);
            t["SwapAxes"] = rng => Check(xs => F.SwapAxes(xs[0], 0, -1), new[] { Randn(rng, Shape(rng, 2, 3)) }, rng);
            t["MoveAxis"] = rng => Check(xs => F.MoveAxis(xs[0], new[] { 0, 1 }, new[] { -1, 0 }), new[] { Randn(rng, Shape(rng, 3, 4)) }, rng);
            t["RollAxis"] = rng => Check(xs => F.RollAxis(xs[0], -1, 1), new[] { Randn(rng, Shape(rng, 3, 4)) }, rng);
            t["Reshape"] = rng => Check(xs => F.Reshape(xs[0], -1, 1), new[] { Randn(rng, Shape(rng)) }, rng);
            t["Copy"] = rng => Check(xs => F.Copy(xs[0], "@numpy"), new[] { Randn(rng, Shape(rng)) }, rng);
            t["Im2Col"] = rng =>
            {
                long[] s = { R(rng, 1, 2), R(rng, 1, 3), R(rng, 3, 5), R(rng, 3, 5) };
                bool coverAll = rng.RandomSample() < 0.5;
                Check(xs => F.Im2Col(xs[0], (2, 3), stride: (1, 2), pad: 1, coverAll: coverAll, dilate: (2, 1)), new[] { Randn(rng, s) }, rng);
            };
            t["Permutate"] = rng =>
            {
                long[] s = Shape(rng, 1);
                int axis = R(rng, 0, s.Length - 1);
                int[] perm = rng.Permutation((int)s[axis]);
                bool inv = rng.RandomSample() < 0.5;
                Check(xs => F.Permutate(xs[0], perm, axis, inv), new[] { Randn(rng, s) }, rng);
            };
            t["Diagonal"] = rng =>
            {
                long[] s = Shape(rng, 2, 3);
                int offset = R(rng, -1, 1);
                Check(xs => F.Diagonal(xs[0], offset, -1, 0), new[] { Randn(rng, s) }, rng);
            };
            t["ResizeImages"] = rng =>
            {
                bool align = rng.RandomSample() < 0.5;
                Check(v => F.ResizeImages(v[0], (5, 3), alignCorners: align), new[] { Randn(rng, R(rng, 1, 2), R(rng, 1, 2), R(rng, 2, 4), R(rng, 2, 4)) }, rng);
            };
            t["ResizeImages_Nearest"] = rng =>
                Check(v => F.ResizeImages(v[0], (4, 6), "nearest"), new[] { Randn(rng, 1, R(rng, 1, 2), R(rng, 2, 4), R(rng, 2, 4)) }, rng);
            t["Depth2Space"] = rng => Check(xs => F.Depth2Space(xs[0], 2), new[] { Randn(rng, R(rng, 1, 2), 4 * R(rng, 1, 2), R(rng, 1, 3), R(rng, 1, 3)) }, rng);
            t["Space2Depth"] = rng => Check(xs => F.Space2Depth(xs[0], 2), new[] { Randn(rng, R(rng, 1, 2), R(rng, 1, 2), 2 * R(rng, 1, 2), 2 * R(rng, 1, 2)) }, rng);

            // ------------------------------------------------------ connection
            t["Linear"] = rng =>
            {
                int n = R(rng, 1, 3), i = R(rng, 1, 4), o = R(rng, 1, 4);
                Check(xs => F.Linear(xs[0], xs[1], xs[2]), new[] { Randn(rng, n, i), Randn(rng, o, i), Randn(rng, o) }, rng);
            };
            void Conv(string name, int nd, Func<Variable[], int, Variable> f, bool deconv = false, int groups = 1)
            {
                t[name] = rng =>
                {
                    int n = R(rng, 1, 2), cin = groups * R(rng, 1, 2), cout = groups * R(rng, 1, 2);
                    var xs = new List<long> { n, cin };
                    var ws = deconv ? new List<long> { cin, cout / groups } : new List<long> { cout, cin / groups };
                    for (int d = 0; d < nd; d++)
                    {
                        xs.Add(R(rng, 3, 5));
                        ws.Add(R(rng, 1, 3));
                    }

                    Check(v => f(v, groups), new[] { Randn(rng, xs.ToArray()), Randn(rng, ws.ToArray()), Randn(rng, cout) }, rng);
                };
            }

            Conv("Convolution1D", 1, (v, g) => F.Convolution1D(v[0], v[1], v[2], stride: 2, pad: 1));
            Conv("Convolution2D", 2, (v, g) => F.Convolution2D(v[0], v[1], v[2], stride: (1, 2), pad: (1, 2), dilate: (1, 2), groups: g), groups: 2);
            Conv("Convolution2D_CoverAll", 2, (v, g) => F.Convolution2D(v[0], v[1], v[2], stride: 2, coverAll: true));
            Conv("Convolution3D", 3, (v, g) => F.Convolution3D(v[0], v[1], v[2], pad: 1));
            Conv("ConvolutionND", 2, (v, g) => F.ConvolutionND(v[0], v[1], v[2], stride: 2));
            Conv("DilatedConvolution2D", 2, (v, g) => F.DilatedConvolution2D(v[0], v[1], v[2], pad: 2, dilate: 2));
            Conv("Deconvolution1D", 1, (v, g) => F.Deconvolution1D(v[0], v[1], v[2], stride: 2), deconv: true);
            Conv("Deconvolution2D", 2, (v, g) => F.Deconvolution2D(v[0], v[1], v[2], stride: (2, 1), pad: 1, groups: g), deconv: true, groups: 2);
            Conv("Deconvolution3D", 3, (v, g) => F.Deconvolution3D(v[0], v[1], v[2], stride: 2), deconv: true);
            Conv("DeconvolutionND", 2, (v, g) => F.DeconvolutionND(v[0], v[1], v[2], dilate: 2), deconv: true);
            t["Deconvolution2D_Outsize"] = rng =>
            {
                int h = R(rng, 2, 3), w = R(rng, 2, 3);
                Check(v => F.Deconvolution2D(v[0], v[1], null, stride: 2, pad: 1, outsize: (2 * h - 1, 2 * w)), new[] { Randn(rng, 1, 2, h, w), Randn(rng, 2, 3, 3, 3) }, rng);
            };
            t["DepthwiseConvolution2D"] = rng =>
            {
                int c = R(rng, 1, 3), m = R(rng, 1, 2);
                Check(v => F.DepthwiseConvolution2D(v[0], v[1], v[2], stride: 1, pad: 1), new[] { Randn(rng, 2, c, 4, 3), Randn(rng, m, c, 2, 2), Randn(rng, c * m) }, rng);
            };
            t["EmbedID"] = rng =>
            {
                int v = R(rng, 2, 5);
                using NdArray ids = RandInts(rng, -1, v, 2, 3);
                Check(xs => F.EmbedID(ids, xs[0], ignoreLabel: -1), new[] { Randn(rng, v, R(rng, 1, 3)) }, rng);
            };
            t["Bilinear"] = rng =>
            {
                int n = R(rng, 1, 3), i = R(rng, 1, 3), j = R(rng, 1, 3), l = R(rng, 1, 3);
                Check(xs => F.Bilinear(xs[0], xs[1], xs[2], xs[3], xs[4], xs[5]),
                    new[] { Randn(rng, n, i), Randn(rng, n, j), Randn(rng, i, j, l), Randn(rng, i, l), Randn(rng, j, l), Randn(rng, l) }, rng);
            };
            t["Bilinear_NoBias"] = rng =>
            {
                int n = R(rng, 1, 3), i = R(rng, 1, 3), j = R(rng, 1, 3), l = R(rng, 1, 3);
                Check(xs => F.Bilinear(xs[0], xs[1], xs[2]), new[] { Randn(rng, n, i), Randn(rng, n, j), Randn(rng, i, j, l) }, rng);
            };

            // ------------------------------------------------------------- rnn
            void NStep(string name, bool bi, int nw, bool cell, Func<Variable, Variable?, List<IReadOnlyList<Variable>>, List<IReadOnlyList<Variable>>, Variable[], Variable?[]> f)
            {
                t[name] = rng =>
                {
                    int layers = R(rng, 1, 2), d = bi ? 2 : 1, i = R(rng, 1, 2), n = R(rng, 1, 2);
                    long[] batches = { 2, 2, 1 };
                    var inputs = new List<NdArray> { Randn(rng, layers * d, 2, n) };
                    if (cell)
                    {
                        inputs.Add(Randn(rng, layers * d, 2, n));
                    }

                    int first = inputs.Count;
                    for (int l = 0; l < layers * d; l++)
                    {
                        long inSize = l < d ? i : n * d;
                        for (int k = 0; k < nw; k++)
                        {
                            inputs.Add(Randn(rng, n, k < nw / 2 ? inSize : n));
                        }
                    }

                    for (int l = 0; l < layers * d; l++)
                    {
                        for (int k = 0; k < nw; k++)
                        {
                            inputs.Add(Randn(rng, n));
                        }
                    }

                    inputs.AddRange(batches.Select(b => Randn(rng, b, i)));
                    int count = layers * d;
                    Check(v =>
                    {
                        var ws = new List<IReadOnlyList<Variable>>();
                        var bs = new List<IReadOnlyList<Variable>>();
                        for (int l = 0; l < count; l++)
                        {
                            ws.Add(v.Skip(first + (l * nw)).Take(nw).ToArray());
                            bs.Add(v.Skip(first + ((count + l) * nw)).Take(nw).ToArray());
                        }

                        return f(v[0], cell ? v[1] : null, ws, bs, v.Skip(first + (2 * count * nw)).ToArray());
                    }, inputs.ToArray(), rng);
                };
            }

            NStep("NStepLstm", false, 8, true, (h, c, w, b, x) => { var r = F.NStepLstm(w.Count, 0.0, h, c!, w, b, x); return new Variable?[] { r.hy, r.cy }.Concat(r.ys).ToArray(); });
            NStep("NStepBiLstm", true, 8, true, (h, c, w, b, x) => { var r = F.NStepBiLstm(w.Count / 2, 0.0, h, c!, w, b, x); return new Variable?[] { r.hy, r.cy }.Concat(r.ys).ToArray(); });
            NStep("NStepGru", false, 6, false, (h, c, w, b, x) => { var r = F.NStepGru(w.Count, 0.0, h, w, b, x); return new Variable?[] { r.hy }.Concat(r.ys).ToArray(); });
            NStep("NStepBiGru", true, 6, false, (h, c, w, b, x) => { var r = F.NStepBiGru(w.Count / 2, 0.0, h, w, b, x); return new Variable?[] { r.hy }.Concat(r.ys).ToArray(); });
            NStep("NStepRnn", false, 2, false, (h, c, w, b, x) => { var r = F.NStepRnn(w.Count, 0.0, h, w, b, x); return new Variable?[] { r.hy }.Concat(r.ys).ToArray(); });
            NStep("NStepBiRnn", true, 2, false, (h, c, w, b, x) => { var r = F.NStepBiRnn(w.Count / 2, 0.0, h, w, b, x); return new Variable?[] { r.hy }.Concat(r.ys).ToArray(); });
            t["TransposeSequence"] = rng =>
                Check(v => F.TransposeSequence(v), new[] { Randn(rng, 3, 2), Randn(rng, 2, 2), Randn(rng, 2, 2), Randn(rng, 1, 2) }, rng);

            // --------------------------------------------------------- pooling
            void Pool(string name, int nd, Func<Variable, Variable> f, bool max)
            {
                t[name] = rng =>
                {
                    var s = new List<long> { R(rng, 1, 2), R(rng, 1, 2) };
                    for (int d = 0; d < nd; d++)
                    {
                        s.Add(R(rng, 3, 5));
                    }

                    Check(v => f(v[0]), new[] { max ? Distinct(rng, s.ToArray()) : Randn(rng, s.ToArray()) }, rng);
                };
            }

            Pool("MaxPooling1D", 1, x => F.MaxPooling1D(x, 2), max: true);
            Pool("MaxPooling2D", 2, x => F.MaxPooling2D(x, 2), max: true);
            Pool("MaxPooling2D_Args", 2, x => F.MaxPooling2D(x, (3, 2), stride: (1, 2), pad: 1, coverAll: false), max: true);
            Pool("MaxPooling3D", 3, x => F.MaxPooling3D(x, 2, stride: 1), max: true);
            Pool("MaxPoolingND", 2, x => F.MaxPoolingND(x, 3, stride: 2, pad: 1), max: true);
            // Sizes that are multiples of 4 (3 levels): other sizes give windows made of padding only, -inf as in Chainer.
            t["SpatialPyramidPooling2D"] = rng =>
                Check(v => F.SpatialPyramidPooling2D(v[0], 3), new[] { Distinct(rng, R(rng, 1, 2), R(rng, 1, 2), 4 * R(rng, 1, 2), 4 * R(rng, 1, 2)) }, rng);
            t["MaxPooling2D_Indexes_Upsampling2D"] = rng =>
            {
                long[] s = { R(rng, 1, 2), R(rng, 1, 2), R(rng, 3, 5), R(rng, 3, 5) };
                using NdArray x0 = Distinct(rng, s);
                F.MaxPooling2D(x0, 2, out NdArray idx);
                long[] ys = idx.Shape;
                Check(v => F.Upsampling2D(v[0], idx, 2, outsize: (s[2], s[3])), new[] { Randn(rng, ys) }, rng);
                Check(v => F.MaxPooling2D(v[0], 2, out NdArray _), new[] { x0.Copy() }, rng);
            };
            t["Unpooling1D"] = rng => Check(v => F.Unpooling1D(v[0], 3, 2), new[] { Randn(rng, 2, R(rng, 1, 2), R(rng, 2, 4)) }, rng);
            t["Unpooling2D"] = rng => Check(v => F.Unpooling2D(v[0], 2), new[] { Randn(rng, R(rng, 1, 2), R(rng, 1, 2), R(rng, 2, 3), R(rng, 2, 3)) }, rng);
            t["Unpooling2D_Args"] = rng => Check(v => F.Unpooling2D(v[0], 3, stride: 2, pad: 1, outsize: (5, 4)), new[] { Randn(rng, 1, 2, 3, 3) }, rng);
            t["Unpooling3D"] = rng => Check(v => F.Unpooling3D(v[0], 2, coverAll: false), new[] { Randn(rng, 1, 1, 2, R(rng, 1, 3), 2) }, rng);
            t["UnpoolingND"] = rng => Check(v => F.UnpoolingND(v[0], (2, 3), pad: (0, 1)), new[] { Randn(rng, 1, 2, R(rng, 2, 3), 2) }, rng);
            t["RoiPooling2D"] = rng =>
            {
                using NdArray rois = Place(new NdArray(new double[] { 0, 1, 1, 4, 3, 0, 0.4, 0, 2.6, 4.2 }, 2, 5));
                Check(v => F.RoiPooling2D(v[0], rois, 2, 2, 1.0), new[] { Distinct(rng, 1, R(rng, 1, 2), 5, 5) }, rng);
            };
            Pool("AveragePooling1D", 1, x => F.AveragePooling1D(x, 2, pad: 1), max: false);
            Pool("AveragePooling2D", 2, x => F.AveragePooling2D(x, 3, stride: 2, pad: 1), max: false);
            Pool("AveragePooling3D", 3, x => F.AveragePooling3D(x, 2), max: false);
            Pool("AveragePoolingND", 2, x => F.AveragePoolingND(x, (2, 3), stride: 1), max: false);
            Pool("AveragePoolingND_PadValueNone", 2, x => F.AveragePoolingND(x, 3, stride: 2, pad: 1, padValue: null), max: false);

            // --------------------------------------------------- normalization
            t["BatchNormalization"] = rng =>
            {
                long[] s = { R(rng, 2, 4), R(rng, 1, 3), R(rng, 1, 3) };
                Check(v => F.BatchNormalization(v[0], v[1], v[2]), new[] { Randn(rng, s), Uniform(rng, 0.5, 1.5, s[1]), Randn(rng, s[1]) }, rng);
            };
            t["BatchNormalization_Axis"] = rng =>
            {
                long[] s = { R(rng, 2, 3), R(rng, 1, 3), R(rng, 2, 3) };
                Check(v => F.BatchNormalization(v[0], v[1], v[2], axis: new[] { 0, 2 }), new[] { Randn(rng, s), Uniform(rng, 0.5, 1.5, s[1]), Randn(rng, s[1]) }, rng);
            };
            t["FixedBatchNormalization"] = rng =>
            {
                long[] s = { R(rng, 1, 3), R(rng, 1, 3), R(rng, 1, 3) };
                long c = s[1];
                Check(v => F.FixedBatchNormalization(v[0], v[1], v[2], v[3], v[4]),
                    new[] { Randn(rng, s), Uniform(rng, 0.5, 1.5, c), Randn(rng, c), Randn(rng, c), Uniform(rng, 0.5, 1.5, c) }, rng);
            };
            t["LayerNormalization"] = rng =>
            {
                // Rows of 3+ standard-normal values: a tiny spread would make the finite difference inaccurate.
                int n = R(rng, 1, 3), c = R(rng, 3, 5);
                Check(v => F.LayerNormalization(v[0], v[1], v[2]), new[] { Randn(rng, n, c), Uniform(rng, 0.5, 1.5, c), Randn(rng, c) }, rng,
                    new Opt(Eps: 1e-4));
            };
            t["GroupNormalization"] = rng =>
            {
                int g = R(rng, 1, 2), c = g * R(rng, 1, 2);
                Check(v => F.GroupNormalization(v[0], g, v[1], v[2]), new[] { Randn(rng, R(rng, 1, 2), c, R(rng, 2, 3)), Uniform(rng, 0.5, 1.5, c), Randn(rng, c) }, rng);
            };
            t["LocalResponseNormalization"] = rng =>
                Check(v => F.LocalResponseNormalization(v[0], 3, 1, 0.5, 0.6), new[] { Randn(rng, R(rng, 1, 2), R(rng, 2, 6), R(rng, 1, 2)) }, rng);
            t["Normalize"] = rng =>
            {
                long[] s = Shape(rng, 2);
                Check(v => F.Normalize(v[0], 1e-5, s.Length - 1), new[] { Randn(rng, s) }, rng);
            };

            // ----------------------------------------------------------- noise
            t["Dropout"] = rng => Check(v =>
            {
                RandomState.Default.Seed(11);
                return F.Dropout(v[0], 0.3);
            }, new[] { Randn(rng, Shape(rng, 1)) }, rng);
            t["Gaussian"] = rng =>
            {
                long[] s = Shape(rng);
                Check(v =>
                {
                    RandomState.Default.Seed(12);
                    return F.Gaussian(v[0], v[1]);
                }, new[] { Randn(rng, s), Randn(rng, s) }, rng);
            };
            t["GumbelSoftmax"] = rng => Check(v =>
            {
                RandomState.Default.Seed(13);
                return F.GumbelSoftmax(v[0], 0.8);
            }, new[] { Randn(rng, R(rng, 1, 3), R(rng, 2, 4)) }, rng);

            // ------------------------------------------------------------ loss
            t["SoftmaxCrossEntropy"] = rng =>
            {
                int n = R(rng, 1, 4), c = R(rng, 2, 4);
                using NdArray lbl = RandInts(rng, -1, c, n);
                Check(v => F.SoftmaxCrossEntropy(v[0], lbl, enableDoubleBackprop: true), new[] { Randn(rng, n, c) }, rng);
            };
            t["SoftmaxCrossEntropy_Options"] = rng =>
            {
                int n = R(rng, 1, 3), c = R(rng, 2, 4), d = R(rng, 1, 3);
                using NdArray lbl = RandInts(rng, 0, c, n, d);
                using NdArray w = Uniform(rng, 0.5, 1.5, c);
                Check(v => F.SoftmaxCrossEntropy(v[0], lbl, normalize: false, classWeight: w, ignoreLabel: 0, enableDoubleBackprop: true),
                    new[] { Randn(rng, n, c, d) }, rng);
            };
            t["SoftmaxCrossEntropy_NoReduce"] = rng =>
            {
                int n = R(rng, 1, 4), c = R(rng, 2, 4);
                using NdArray lbl = RandInts(rng, 0, c, n);
                Check(v => F.SoftmaxCrossEntropy(v[0], lbl, reduce: "no", enableDoubleBackprop: true), new[] { Randn(rng, n, c) }, rng);
            };
            t["SoftmaxCrossEntropy_FirstOrderOnly"] = rng =>
            {
                int n = R(rng, 1, 4), c = R(rng, 2, 4);
                using NdArray lbl = RandInts(rng, 0, c, n);
                Check(v => F.SoftmaxCrossEntropy(v[0], lbl), new[] { Randn(rng, n, c) }, rng, new Opt(Double: false));
            };
            t["ConnectionistTemporalClassification"] = rng =>
            {
                int tt = R(rng, 3, 5), b = R(rng, 1, 3), v = R(rng, 3, 4);
                using NdArray lbl = RandInts(rng, 1, v, b, 2);
                Check(xs => F.ConnectionistTemporalClassification(F.Separate(xs[0], 0), lbl, 0), new[] { Randn(rng, tt, b, v) }, rng,
                    new Opt(Double: false));
            };
            t["Crf1d"] = rng =>
            {
                int k = R(rng, 2, 3);
                long[] batches = { 3, 3, 2, 1 };
                NdArray[] ys = batches.Select(b => RandInts(rng, 0, k, b)).ToArray();
                var inputs = new List<NdArray> { Randn(rng, k, k) };
                inputs.AddRange(batches.Select(b => Randn(rng, b, k)));
                string reduce = rng.RandomSample() < 0.5 ? "mean" : "no";
                Check(v => F.Crf1d(v[0], v.Skip(1).ToArray(), ys.Select(y => (Variable)y).ToArray(), reduce), inputs.ToArray(), rng);
            };
            t["NegativeSampling"] = rng =>
            {
                int n = R(rng, 1, 4), d = R(rng, 1, 3), vocab = R(rng, 3, 5), ss = R(rng, 1, 3);
                using NdArray samples = RandInts(rng, 0, vocab, n, ss + 1);
                using NdArray tgt = RandInts(rng, -1, vocab, n);
                string reduce = rng.RandomSample() < 0.5 ? "sum" : "no";
                Check(v => F.NegativeSampling(v[0], tgt, v[1], shape => samples.Copy(), ss, reduce), new[] { Randn(rng, n, d), Randn(rng, vocab, d) }, rng);
            };
            t["SigmoidCrossEntropy"] = rng =>
            {
                long[] s = { R(rng, 1, 3), R(rng, 1, 4) };
                using NdArray lbl = RandInts(rng, -1, 2, s);
                bool normalize = rng.RandomSample() < 0.5;
                Check(v => F.SigmoidCrossEntropy(v[0], lbl, normalize), new[] { Randn(rng, s) }, rng);
            };
            t["SigmoidCrossEntropy_NoReduce"] = rng =>
            {
                long[] s = { R(rng, 1, 3), R(rng, 1, 4) };
                using NdArray lbl = RandInts(rng, -1, 2, s);
                Check(v => F.SigmoidCrossEntropy(v[0], lbl, reduce: "no"), new[] { Randn(rng, s) }, rng);
            };
            t["MeanSquaredError"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(v => F.MeanSquaredError(v[0], v[1]), new[] { Randn(rng, s), Randn(rng, s) }, rng);
            };
            t["MeanAbsoluteError"] = rng =>
            {
                long[] s = Shape(rng, 1);
                (NdArray a, NdArray b) = Apart(rng, s);
                Check(v => F.MeanAbsoluteError(v[0], v[1]), new[] { a, b }, rng);
            };
            t["SquaredError"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(v => F.SquaredError(v[0], v[1]), new[] { Randn(rng, s), Randn(rng, s) }, rng);
            };
            t["AbsoluteError"] = rng =>
            {
                long[] s = Shape(rng, 1);
                (NdArray a, NdArray b) = Apart(rng, s);
                Check(v => F.AbsoluteError(v[0], v[1]), new[] { a, b }, rng);
            };
            t["HuberLoss"] = rng =>
            {
                long[] s = { R(rng, 1, 3), R(rng, 1, 4) };
                using NdArray zero = NdArray.Zeros(s, DType.Float64);
                Check(v => F.HuberLoss(v[0], v[1], 1.0), new[] { Pick(rng, s, new[] { (-3.0, -1.1), (-0.9, 0.9), (1.1, 3.0) }), zero.Copy() }, rng);
            };
            t["HuberLoss_NoReduce"] = rng =>
            {
                long[] s = Shape(rng, 1);
                Check(v => F.HuberLoss(v[0], v[1], 0.5, "no"), new[] { Pick(rng, s, new[] { (-2.0, -0.6), (-0.4, 0.4), (0.6, 2.0) }), NdArray.Zeros(s, DType.Float64) }, rng);
            };
            t["Hinge"] = rng =>
            {
                int n = R(rng, 1, 3), k = R(rng, 2, 4);
                using NdArray lbl = RandInts(rng, 0, k, n);
                Check(v => F.Hinge(v[0], lbl, "L1"), new[] { Pick(rng, new long[] { n, k }, new[] { (-3.0, -1.1), (-0.9, 0.9), (1.1, 3.0) }) }, rng);
            };
            t["Hinge_L2NoReduce"] = rng =>
            {
                int n = R(rng, 1, 3), k = R(rng, 2, 4);
                using NdArray lbl = RandInts(rng, 0, k, n);
                Check(v => F.Hinge(v[0], lbl, "L2", "no"), new[] { Pick(rng, new long[] { n, k }, new[] { (-3.0, -1.1), (-0.9, 0.9), (1.1, 3.0) }) }, rng);
            };
            t["Contrastive"] = rng =>
            {
                int n = R(rng, 1, 4), k = R(rng, 1, 3);
                using NdArray y = RandInts(rng, 0, 2, n);
                Check(v => F.Contrastive(v[0], v[1], y, margin: 1.5), new[] { Randn(rng, n, k), Randn(rng, n, k) }, rng,
                    new Opt(Atol: 1e-4, Rtol: 1e-3));
            };
            t["Contrastive_NoReduce"] = rng =>
            {
                int n = R(rng, 1, 4), k = R(rng, 1, 3);
                using NdArray y = RandInts(rng, 0, 2, n);
                Check(v => F.Contrastive(v[0], v[1], y, 10.0, "no"), new[] { Randn(rng, n, k), Randn(rng, n, k) }, rng,
                    new Opt(Atol: 1e-4, Rtol: 1e-3));
            };
            t["Triplet"] = rng =>
            {
                int n = R(rng, 1, 4), k = R(rng, 1, 3);
                Check(v => F.Triplet(v[0], v[1], v[2], margin: 20.0), new[] { Randn(rng, n, k), Randn(rng, n, k), Randn(rng, n, k) }, rng);
            };
            t["Triplet_NoReduce"] = rng =>
            {
                int n = R(rng, 1, 4), k = R(rng, 1, 3);
                Check(v => F.Triplet(v[0], v[1], v[2], 20.0, "no"), new[] { Randn(rng, n, k), Randn(rng, n, k), Randn(rng, n, k) }, rng);
            };
            foreach (string reduce in new[] { "sum", "mean", "no" })
            {
                t["GaussianKLDivergence_" + reduce] = rng =>
                {
                    long[] s = Shape(rng, 1);
                    Check(v => F.GaussianKLDivergence(v[0], v[1], reduce), new[] { Randn(rng, s), Randn(rng, s) }, rng);
                };
                t["GaussianNll_" + reduce] = rng =>
                {
                    long[] s = Shape(rng, 1);
                    Check(v => F.GaussianNll(v[0], v[1], v[2], reduce), new[] { Randn(rng, s), Randn(rng, s), Randn(rng, s) }, rng);
                };
                t["BernoulliNll_" + reduce] = rng =>
                {
                    long[] s = Shape(rng, 1);
                    Check(v => F.BernoulliNll(v[0], v[1], reduce), new[] { Uniform(rng, 0, 1, s), Randn(rng, s) }, rng);
                };
            }

            return t;
        }

        /// <summary>Max/min of two operands separated by at least 0.3 (random sides), with broadcasting.</summary>
        private static void SeparatedPair(RandomState rng, Func<Variable, Variable, Variable> f)
        {
            long[] s = Shape(rng, 1);
            long[] sb = BroadcastableTo(rng, s);
            using NdArray b = Randn(rng, sb);
            using NdArray shift = AwayFromZero(rng, 0.3, 1.5, s);
            using NdArray bb = F.BroadcastTo(b, s).Array;
            NdArray a = bb + shift;
            Check(xs => f(xs[0], xs[1]), new[] { a, b.Copy() }, rng);
        }

        /// <summary>Values drawn uniformly from one of the given intervals (to stay away from kinks).</summary>
        private static NdArray Pick(RandomState rng, long[] shape, (double Lo, double Hi)[] ranges)
        {
            int size = (int)shape.Aggregate(1L, (a, b) => a * b);
            double[] v = Enumerable.Range(0, size).Select(_ =>
            {
                (double lo, double hi) = ranges[rng.RandInt(0, ranges.Length)];
                return rng.Uniform(lo, hi);
            }).ToArray();
            return Place(NdArray.FromArray(v, shape));
        }

        /// <summary>Two arrays whose elements differ by at least 0.2 (for |x0 - x1|).</summary>
        private static (NdArray A, NdArray B) Apart(RandomState rng, long[] shape)
        {
            NdArray a = Randn(rng, shape);
            using NdArray shift = AwayFromZero(rng, 0.2, 2, shape);
            return (a, a + shift);
        }
    }
}
