using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Chainer.Optimizers;
using F = Chainer.Functions;
using L = Chainer.Links;

namespace Chainer.Benchmarks.Overhead;

/// <summary>What one worker run has: its options, its peers and the rows measured so far.</summary>
internal sealed class Context : IDisposable
{
    public Context(Options options) => Options = options;

    public Options Options { get; }

    /// <summary>The C limits (build/bench/limits), or null.</summary>
    public PeerProcess? C { get; set; }

    /// <summary>PyTorch with the environment as given (its default OpenMP waiting), or null.</summary>
    public PeerProcess? Torch { get; set; }

    /// <summary>PyTorch with OMP_WAIT_POLICY=PASSIVE, or null.</summary>
    public PeerProcess? TorchPassive { get; set; }

    /// <summary>Real Chainer (CHAINER_SRC), or null.</summary>
    public PeerProcess? Chainer { get; set; }

    public Dictionary<string, string> PeerErrors { get; } = new();

    public List<Row> Rows { get; } = new();

    public int Cores { get; } = Environment.ProcessorCount;

    /// <summary>Repetitions scaled for quick runs, at least 1.</summary>
    public int Reps(int full) => Options.Quick ? Math.Max(1, full / 4) : full;

    public void Dispose()
    {
        C?.Dispose();
        Torch?.Dispose();
        TorchPassive?.Dispose();
        Chainer?.Dispose();
    }
}

/// <summary>The six workloads of issue 6: ours in-process, the peers through their processes.</summary>
internal static class Workloads
{
    public const string PyTorch = "PyTorch";
    public const string CLimit = "C";
    public const string ChainerPeer = "Chainer";

    /// <summary>Workload names in run order, and whether each depends on OpenBLAS (run under every core-type setting).</summary>
    public static readonly (string Name, bool UsesBlas, Action<Context> Run)[] All =
    {
        ("sgemm", true, Sgemm),
        ("elementwise", false, Elementwise),
        ("overhead", false, Overhead),
        ("mlp", true, Mlp),
        ("cnn", true, Cnn),
        ("lstm", true, Lstm),
        ("lstm-nstep", true, LstmNStep),
    };

    // ------------------------------------------------------------------------------------------
    // (1) sgemm: F.MatMul / F.Linear forward against cblas_sgemm called directly and torch.mm

    private static void Sgemm(Context ctx)
    {
        var shapes = new List<(string Name, int M, int N, int K, bool Linear)>();
        foreach (int s in new[] { 128, 256, 512, 1024, 2048 })
        {
            shapes.Add(($"sgemm {s}x{s}x{s} (F.MatMul)", s, s, s, false));
        }

        foreach (int batch in new[] { 100, 1000 })
        {
            shapes.Add(($"sgemm {batch}x784 @ 784x1000 (F.Linear)", batch, 1000, 784, true));
            shapes.Add(($"sgemm {batch}x1000 @ 1000x1000 (F.Linear)", batch, 1000, 1000, true));
            shapes.Add(($"sgemm {batch}x1000 @ 1000x10 (F.Linear)", batch, 10, 1000, true));
        }

        foreach (var (name, m, n, k, linear) in shapes)
        {
            double flops = 2.0 * m * n * k;
            var row = new Row("sgemm", name, Unit.Gflops, flops) { Reference = CLimit, Target = ">=0.95x C" };
            ctx.Rows.Add(row);
            // about 0.08 s of work per implementation and round at 80 GFLOP/s
            int reps = ctx.Reps(Math.Clamp((int)(0.08 / (flops / 80e9)), 2, 400));
            // F.Linear(x, W) is x @ W^T: W is stored (n, k), as L.Linear stores it
            using var a = new Variable(RandomArray(m, k), requiresGrad: false);
            using var b = new Variable(linear ? RandomArray(n, k) : RandomArray(k, n), requiresGrad: false);
            var impls = new List<Impl>
            {
                new("ours", r => Time(r, () =>
                {
                    using (chainer.NoBackpropMode())
                    {
                        (linear ? F.Linear(a, b) : F.MatMul(a, b)).Dispose();
                    }
                }), reps),
            };
            int tb = linear ? 1 : 0;
            if (ctx.C is { } c)
            {
                impls.Add(new(CLimit, r => c.SamplesOrThrow($"sgemm {m} {n} {k} 0 {tb} {r}"), reps));
            }

            if (ctx.Torch is { } t)
            {
                impls.Add(new(PyTorch, r => t.SamplesOrThrow($"run sgemm {r} m={m} n={n} k={k} ta=0 tb={tb}"), reps));
            }

            Alternate.Run(row, ctx.Options.Rounds, impls, gapMs: ctx.Options.GapMs);
            Judge(row);
            Report.Detail(row);
        }
    }

    // ------------------------------------------------------------------------------------------
    // (2) elementwise on 16M floats into a fresh output, against a C loop into an existing buffer

    private static void Elementwise(Context ctx)
    {
        const int n = 16 * 1024 * 1024;
        using var a = new Variable(RandomArray(n), requiresGrad: false);
        using var b = new Variable(RandomArray(n), requiresGrad: false);
        foreach (string op in new[] { "add", "mul", "relu" })
        {
            int operands = op == "relu" ? 1 : 2;
            double bytes = (operands + 1) * 4.0 * n;
            var row = new Row("elementwise", $"{op} 16M floats, fresh output", Unit.GBps, bytes)
            {
                Reference = CLimit,
                Target = ">=0.80x C",
            };
            ctx.Rows.Add(row);
            int reps = ctx.Reps(6);
            Func<Variable> f = op switch
            {
                "add" => () => F.Add(a, b),
                "mul" => () => F.Mul(a, b),
                _ => () => F.Relu(a),
            };
            var impls = new List<Impl>
            {
                new("ours", r => Time(r, () =>
                {
                    using (chainer.NoBackpropMode())
                    {
                        f().Dispose();
                    }
                }), reps),
            };
            if (ctx.C is { } c)
            {
                // the limit: the better of one thread and all cores
                impls.Add(new($"{CLimit} 1 thread", r => c.SamplesOrThrow($"ew {op} {n} 1 {r}"), reps, group: CLimit));
                if (ctx.Cores > 1)
                {
                    impls.Add(new($"{CLimit} {ctx.Cores} threads", r => c.SamplesOrThrow($"ew {op} {n} {ctx.Cores} {r}"), reps, group: CLimit));
                }
            }

            if (ctx.Torch is { } t)
            {
                impls.Add(new(PyTorch, r => t.SamplesOrThrow($"run ew {r} op={op} n={n}"), reps));
            }

            Alternate.Run(row, ctx.Options.Rounds, impls, pruneFactor: double.PositiveInfinity, gapMs: ctx.Options.GapMs);
            Judge(row);
            Report.Detail(row);
        }
    }

    // ------------------------------------------------------------------------------------------
    // (3) define-by-run overhead: chains of tiny adds, forward and forward+backward, us per op

    private static void Overhead(Context ctx)
    {
        int len = ctx.Options.Chain;
        foreach (long[] shape in new[] { new long[] { 1 }, new long[] { 10, 10 } })
        {
            string shapeName = "(" + string.Join(",", shape) + (shape.Length == 1 ? ",)" : ")");
            string shapeArg = string.Join("x", shape);
            foreach (bool backward in new[] { false, true })
            {
                var row = new Row("overhead", $"tiny op {shapeName} {(backward ? "fwd+bwd" : "fwd")}", Unit.UsPerOp, len)
                {
                    Reference = PyTorch,
                    Target = backward ? "<=1.5 us/op" : "<=0.5 us/op",
                };
                ctx.Rows.Add(row);
                using var x = new Variable(NdArray.Ones(shape), requiresGrad: true);
                var impls = new List<Impl>
                {
                    new("ours", r => OursChain(x, shape, backward, len, r), ctx.Reps(ctx.Options.ChainReps)),
                };
                int fb = backward ? 1 : 0;
                if (ctx.Torch is { } t)
                {
                    impls.Add(new(PyTorch, r => t.SamplesOrThrow($"run chain {r} shape={shapeArg} fb={fb} len={len}"),
                        ctx.Reps(Math.Max(1, ctx.Options.ChainReps / 3))));
                }

                if (ctx.Chainer is { } ch)
                {
                    impls.Add(new(ChainerPeer, r => ch.SamplesOrThrow($"run chain {r} shape={shapeArg} fb={fb} len={len}"),
                        ctx.Reps(Math.Max(1, ctx.Options.ChainReps / 15))));
                }

                Alternate.Run(row, ctx.Options.Rounds, impls);
                Judge(row);
                Report.Detail(row);
            }
        }
    }

    private static double[] OursChain(Variable x, long[] shape, bool backward, int len, int reps)
    {
        var samples = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            using (chainer.NewScope())
            {
                Variable y = x;
                for (int k = 0; k < len; k++)
                {
                    y = y + x;
                }

                if (backward)
                {
                    y.Grad = NdArray.Ones(shape);
                    y.Backward();
                    x.ClearGrad();
                }
            }

            samples[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        return samples;
    }

    // ------------------------------------------------------------------------------------------
    // (4) MLP training step: 784-1000-1000-10, relu, softmax cross entropy, SGD(lr=0.01)

    internal sealed class MlpModel : Chain
    {
        private readonly L.Linear _l1, _l2, _l3;

        public MlpModel()
        {
            _l1 = Add("l1", new L.Linear(784, 1000));
            _l2 = Add("l2", new L.Linear(1000, 1000));
            _l3 = Add("l3", new L.Linear(1000, 10));
        }

        public Variable Forward(Variable x) => _l3.Forward(F.Relu(_l2.Forward(F.Relu(_l1.Forward(x)))));
    }

    private static void Mlp(Context ctx)
    {
        foreach (int batch in new[] { 100, 1000 })
        {
            var row = new Row("mlp", $"MLP step 784-1000-1000-10, batch {batch}", Unit.Ms)
            {
                Reference = PyTorch,
                Target = "<=0.80x PyTorch best",
            };
            ctx.Rows.Add(row);
            using var model = new MlpModel();
            using var x = new Variable(RandomArray(batch, 784), requiresGrad: false);
            using var t = new Variable(RandomLabels(batch, 10), requiresGrad: false);
            Action step = SgdStep(model, () => F.SoftmaxCrossEntropy(model.Forward(x), t));
            int reps = ctx.Reps(batch == 100 ? 8 : 2);
            // The floor: the step's eight GEMMs alone through cblas_sgemm (forward x3; backward gx3, gW3, gx2,
            // gW2, gW1; x needs no gradient), as "M N K TA TB" row-major.
            int B = batch;
            string gemms = $"8 {B} 1000 784 0 1  {B} 1000 1000 0 1  {B} 10 1000 0 1  {B} 1000 10 0 0  10 1000 {B} 1 0  " +
                $"{B} 1000 1000 0 0  1000 1000 {B} 1 0  1000 784 {B} 1 0";
            Training(ctx, row, step, reps, $"mlp batch={batch}", gemms);
        }
    }

    // ------------------------------------------------------------------------------------------
    // (5) small CNN step: conv 1->32 3x3, relu, maxpool 2, conv 32->64 3x3, relu, maxpool 2, linear ->10

    internal sealed class CnnModel : Chain
    {
        private readonly L.Convolution2D _c1, _c2;
        private readonly L.Linear _fc;

        public CnnModel()
        {
            _c1 = Add("c1", new L.Convolution2D(1, 32, 3));
            _c2 = Add("c2", new L.Convolution2D(32, 64, 3));
            _fc = Add("fc", new L.Linear(64 * 5 * 5, 10));
        }

        // cover_all=False: floor division, as torch.nn.MaxPool2d(2) (11x11 -> 5x5)
        public Variable Forward(Variable x)
        {
            Variable h = F.MaxPooling2D(F.Relu(_c1.Forward(x)), 2, coverAll: false);
            h = F.MaxPooling2D(F.Relu(_c2.Forward(h)), 2, coverAll: false);
            return _fc.Forward(h);
        }
    }

    private static void Cnn(Context ctx)
    {
        const int batch = 64;
        var row = new Row("cnn", $"CNN step (conv32-conv64-fc), batch {batch}, 28x28", Unit.Ms)
        {
            Reference = PyTorch,
            Target = "<=0.80x PyTorch best",
        };
        ctx.Rows.Add(row);
        using var model = new CnnModel();
        using var x = new Variable(RandomArray(batch, 1, 28, 28), requiresGrad: false);
        using var t = new Variable(RandomLabels(batch, 10), requiresGrad: false);
        Action step = SgdStep(model, () => F.SoftmaxCrossEntropy(model.Forward(x), t));
        Training(ctx, row, step, ctx.Reps(4), $"cnn batch={batch}");
    }

    // ------------------------------------------------------------------------------------------
    // (6) 2-layer LSTM step: embed, L.LSTM x2 unrolled over 35 steps, linear -> vocab, mean cross entropy

    private const int LstmVocab = 1000, LstmSeq = 35, LstmBatch = 20, LstmHidden = 256;

    private sealed class LstmLm : Chain
    {
        public LstmLm()
        {
            Embed = Add("embed", new L.EmbedID(LstmVocab, LstmHidden));
            L1 = Add("l1", new L.LSTM(LstmHidden, LstmHidden));
            L2 = Add("l2", new L.LSTM(LstmHidden, LstmHidden));
            Out = Add("out", new L.Linear(LstmHidden, LstmVocab));
        }

        public L.EmbedID Embed { get; }
        public L.LSTM L1 { get; }
        public L.LSTM L2 { get; }
        public L.Linear Out { get; }

        public Variable Loss(Variable[] xs, Variable[] ts)
        {
            L1.ResetState();
            L2.ResetState();
            Variable? loss = null;
            for (int i = 0; i < xs.Length; i++)
            {
                Variable h = L2.Forward(L1.Forward(Embed.Forward(xs[i])));
                Variable l = F.SoftmaxCrossEntropy(Out.Forward(h), ts[i]);
                loss = loss is null ? l : loss + l;
            }

            return loss! / xs.Length;
        }
    }

    private static void Lstm(Context ctx)
    {
        using var model = new LstmLm();
        var xs = new Variable[LstmSeq];
        var ts = new Variable[LstmSeq];
        for (int i = 0; i < LstmSeq; i++)
        {
            xs[i] = new Variable(RandomLabels(LstmBatch, LstmVocab, seed: 100 + i), requiresGrad: false);
            ts[i] = new Variable(RandomLabels(LstmBatch, LstmVocab, seed: 200 + i), requiresGrad: false);
        }

        try
        {
            LanguageModelStep(ctx, "lstm", "LSTM step", model, () => model.Loss(xs, ts));
        }
        finally
        {
            foreach (Variable v in xs.Concat(ts))
            {
                v.Dispose();
            }
        }
    }

    /// <summary>One SGD training step of an LSTM language model per sample, against the peers' same model.</summary>
    private static void LanguageModelStep(Context ctx, string workload, string title, Chain model, Func<Variable> loss)
    {
        var row = new Row(workload, $"{title} 2x{LstmHidden}, seq {LstmSeq}, batch {LstmBatch}, vocab {LstmVocab}", Unit.Ms)
        {
            Reference = PyTorch,
            Target = "<=0.90x PyTorch best",
        };
        ctx.Rows.Add(row);
        Training(ctx, row, SgdStep(model, loss), ctx.Reps(2), $"{workload} vocab={LstmVocab} seq={LstmSeq} batch={LstmBatch} hidden={LstmHidden}");
    }

    // (6b) the same LSTM language model written the way Chainer runs RNNs fast: L.NStepLSTM over the whole sequence
    // (one input projection per layer) and one output projection and loss over all steps, as PyTorch's nn.LSTM model.

    private sealed class NStepLstmLm : Chain
    {
        public NStepLstmLm()
        {
            Embed = Add("embed", new L.EmbedID(LstmVocab, LstmHidden));
            Rnn = Add("rnn", new L.NStepLSTM(2, LstmHidden, LstmHidden, 0.0));
            Out = Add("out", new L.Linear(LstmHidden, LstmVocab));
        }

        public L.EmbedID Embed { get; }
        public L.NStepLSTM Rnn { get; }
        public L.Linear Out { get; }

        // ids and targets: batch * seq int32 labels, sequence by sequence.
        public Variable Loss(Variable ids, Variable targets)
        {
            Variable[] sequences = F.Separate(Embed.Forward(F.Reshape(ids, LstmBatch, LstmSeq)), 0);  // batch x (seq, hidden)
            (_, _, Variable[] ys) = Rnn.Forward(null, null, sequences);
            Variable h = F.Concat(ys, 0);                                                            // (batch * seq, hidden)
            return F.SoftmaxCrossEntropy(Out.Forward(h), targets);
        }
    }

    private static void LstmNStep(Context ctx)
    {
        using var model = new NStepLstmLm();
        using var ids = new Variable(RandomLabels(LstmBatch * LstmSeq, LstmVocab, seed: 100), requiresGrad: false);
        using var targets = new Variable(RandomLabels(LstmBatch * LstmSeq, LstmVocab, seed: 200), requiresGrad: false);
        LanguageModelStep(ctx, "lstm-nstep", "LSTM step (L.NStepLSTM)", model, () => model.Loss(ids, targets));
    }

    // ------------------------------------------------------------------------------------------
    // common parts

    /// <summary>One SGD (lr 0.01) training step of <paramref name="model"/>: clear the gradients, backward from the loss, update.</summary>
    internal static Action SgdStep(Chain model, Func<Variable> loss)
    {
        SGD opt = new SGD(lr: 0.01).Setup(model);
        return () =>
        {
            model.ClearGrads();
            using (chainer.NewScope())
            {
                loss().Backward();
                opt.Update();
            }
        };
    }

    /// <summary>
    /// A training step for us against PyTorch with its default threads, 1 thread and all cores (and all cores with
    /// passive OpenMP waiting, in a second process), the fastest of which is the reference; and real Chainer.
    /// </summary>
    private static void Training(Context ctx, Row row, Action step, int reps, string peerArgs, string? gemmFloor = null)
    {
        string workload = peerArgs.Split(' ')[0];
        var impls = new List<Impl> { new("ours", r => Time(r, step), reps) };
        if (gemmFloor is not null && ctx.C is { } c)
        {
            impls.Add(new($"{CLimit} GEMMs only", r => c.SamplesOrThrow($"gemmseq {r} {gemmFloor}"), reps));
        }

        if (ctx.Torch is { } t)
        {
            int def = t.Threads > 0 ? t.Threads : 1;
            foreach (int threads in new[] { def, 1, ctx.Cores }.Distinct())
            {
                string label = $"{PyTorch} {threads}t{(threads == def ? " (default)" : "")}";
                impls.Add(new(label, r => t.SamplesOrThrow($"run {workload} {r} {Args(peerArgs)} threads={threads}"), reps, group: PyTorch));
            }
        }

        if (ctx.TorchPassive is { } tp && ctx.Cores > 1)
        {
            int threads = ctx.Cores;
            impls.Add(new($"{PyTorch} {threads}t passive", r => tp.SamplesOrThrow($"run {workload} {r} {Args(peerArgs)} threads={threads}"), reps, group: PyTorch));
        }

        if (ctx.Chainer is { } ch && ch.Workloads.Contains(workload))
        {
            impls.Add(new(ChainerPeer, r => ch.SamplesOrThrow($"run {workload} {r} {Args(peerArgs)}"), Math.Max(1, reps / 2)));
        }

        Alternate.Run(row, ctx.Options.Rounds, impls, gapMs: ctx.Options.GapMs);
        Judge(row);
        Report.Detail(row);
    }

    private static string Args(string peerArgs) => string.Join(' ', peerArgs.Split(' ').Skip(1));

    /// <summary>Ratio against the reference (the best of its group) and whether the target is met.</summary>
    public static void Judge(Row row)
    {
        double? ours = row.Median("ours");
        (_, double? reference) = row.Reference is null ? (null, null) : row.Best(row.Reference);
        if (ours is double o && reference is double r && r > 0)
        {
            row.Ratio = o / r;
        }

        if (ours is not double v)
        {
            row.Unavailable ??= row.Notes.TryGetValue("ours", out string? why) ? why : "no result";
            return;
        }

        string target = row.Target;
        double bound = double.Parse(new string(target.Where(ch => char.IsDigit(ch) || ch == '.').ToArray()), CultureInfo.InvariantCulture);
        bool atMost = target.StartsWith("<=", StringComparison.Ordinal);
        if (target.EndsWith("us/op", StringComparison.Ordinal))
        {
            row.Met = v <= bound;
        }
        else if (row.Ratio is double ratio)
        {
            row.Met = atMost ? ratio <= bound : ratio >= bound;
        }
    }

    /// <summary>
    /// Seconds each implementation runs untimed before its samples (ours here, the peers and the C limits alike):
    /// on the 2-vCPU guests a thread pool that has slept shares one core with its caller for tens of milliseconds,
    /// and the rows compare steady states.
    /// </summary>
    public const double WarmSeconds = 0.15;

    public static double[] Time(int reps, Action action)
    {
        long w0 = Stopwatch.GetTimestamp();
        do
        {
            action();
        }
        while (Stopwatch.GetElapsedTime(w0).TotalSeconds < WarmSeconds);

        var samples = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }

        return samples;
    }

    internal static NdArray RandomArray(params long[] shape)
    {
        long size = 1;
        foreach (long s in shape)
        {
            size *= s;
        }

        var data = new float[size];
        uint state = 12345;
        for (long i = 0; i < size; i++)
        {
            state = state * 1664525u + 1013904223u;
            data[i] = (int)state * (1.0f / 2147483648.0f);  // [-1, 1)
        }

        return new NdArray(data, shape);
    }

    internal static NdArray RandomLabels(int n, int classes, int seed = 7)
    {
        var rng = new Random(seed);
        var data = new int[n];
        for (int i = 0; i < n; i++)
        {
            data[i] = rng.Next(classes);
        }

        return new NdArray(data, n);
    }
}
