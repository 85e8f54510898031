using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// The common part of the stacked RNN links over variable-length sequences (<c>chainer.links.NStepRNNBase</c>): a
    /// <see cref="ChainList"/> with one plain <see cref="Link"/> per layer and direction, holding the parameters
    /// <c>w0</c>..<c>w{n-1}</c> and <c>b0</c>..<c>b{n-1}</c> (keys <c>0/w0</c>, <c>0/b0</c>, ... as in Chainer). The
    /// first half of the weights take the layer input, the second half the recurrent state.
    /// </summary>
    /// <remarks>
    /// The sequences are sorted by decreasing length, transposed to time-major batches and run through the cell one
    /// time step at a time; a batch that shrinks updates the first rows of the state only. This follows Chainer's
    /// reference implementation (<c>n_step_rnn_impl</c>) and favours correctness over speed. Between layers, dropout
    /// with <see cref="Dropout"/> is applied in training mode.
    /// </remarks>
    public abstract class NStepRNNBase : ChainList
    {
        private Parameter[][] _ws;
        private Parameter[][] _bs;

        /// <summary>Creates the parameters.</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="dropout">The dropout ratio between layers.</param>
        /// <param name="useBiDirection">Run a backward RNN too and concatenate.</param>
        /// <param name="nWeights">The number of weight matrices per cell (8 for LSTM, 6 for GRU).</param>
        /// <param name="initialW">The initializer of the weights; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of the biases; null is 0.</param>
        private protected NStepRNNBase(int nLayers, int inSize, int outSize, double dropout, bool useBiDirection, int nWeights,
            Initializer? initialW, Initializer? initialBias)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nLayers);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inSize);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
            NLayers = nLayers;
            OutSize = outSize;
            Dropout = dropout;
            Direction = useBiDirection ? 2 : 1;
            NWeights = nWeights;
            Initializer wInit = initialW ?? new LeCunNormal();
            Initializer bInit = initialBias ?? new Constant(0.0);
            for (int i = 0; i < nLayers; i++)
            {
                for (int di = 0; di < Direction; di++)
                {
                    var weight = new Link();
                    for (int j = 0; j < nWeights; j++)
                    {
                        long wIn = j < nWeights / 2 ? (i == 0 ? inSize : (long)outSize * Direction) : outSize;
                        weight.AddParam("w" + j.ToString(CultureInfo.InvariantCulture), new Parameter(wInit, new long[] { outSize, wIn }));
                        weight.AddParam("b" + j.ToString(CultureInfo.InvariantCulture), new Parameter(bInit, new long[] { outSize }));
                    }

                    Add(weight);
                }
            }

            (_ws, _bs) = CollectParams();
        }

        /// <summary>The number of layers.</summary>
        public int NLayers { get; }

        /// <summary>The number of units.</summary>
        public int OutSize { get; }

        /// <summary>The dropout ratio between layers.</summary>
        public double Dropout { get; set; }

        /// <summary>1, or 2 for a bidirectional RNN.</summary>
        public int Direction { get; }

        /// <summary>The number of weight matrices per cell.</summary>
        public int NWeights { get; }

        /// <summary>The weights per (layer, direction) cell: <c>Ws[cell][j]</c> is <c>w{j}</c> (Chainer's <c>ws</c>).</summary>
        public IReadOnlyList<IReadOnlyList<Parameter>> Ws => _ws;

        /// <summary>The biases per cell (Chainer's <c>bs</c>).</summary>
        public IReadOnlyList<IReadOnlyList<Parameter>> Bs => _bs;

        /// <summary>Runs the stacked RNN over <paramref name="xs"/> (the shared algorithm of the derived links).</summary>
        private protected (Variable Hy, Variable? Cy, Variable[] Ys) Run(Variable? hx, Variable? cx, IReadOnlyList<Variable> xs, bool useCell)
        {
            ArgumentNullException.ThrowIfNull(xs);
            if (xs.Count == 0)
            {
                throw new ArgumentException("xs must hold at least one sequence.", nameof(xs));
            }

            int batchSize = xs.Count;
            var lengths = new int[batchSize];
            for (int i = 0; i < batchSize; i++)
            {
                ArgumentNullException.ThrowIfNull(xs[i], nameof(xs));
                lengths[i] = checked((int)xs[i].Shape[0]);
                if (lengths[i] == 0)
                {
                    throw new ArgumentException($"Sequence {i} is empty; every sequence needs at least one step.", nameof(xs));
                }
            }

            // Sort by decreasing length (stable), as argsort of -len.
            int[] indices = Enumerable.Range(0, batchSize).OrderByDescending(i => lengths[i]).ToArray();
            int nCells = NLayers * Direction;
            DType dtype = xs[0].Dtype;
            Variable[] hs = InitialStates(hx, nCells, batchSize, indices, dtype);
            Variable[]? cs = useCell ? InitialStates(cx, nCells, batchSize, indices, dtype) : null;

            // Time-major batches of the sorted sequences (transpose_sequence).
            int maxLen = lengths[indices[0]];
            var rows = indices.Select(i => lengths[i] == 1 ? new[] { xs[i] } : Functions.SplitAxis(xs[i], lengths[i], 0)).ToArray();
            var xsNext = new List<Variable>(maxLen);
            for (int t = 0; t < maxLen; t++)
            {
                var step = new List<Variable>();
                for (int k = 0; k < batchSize && rows[k].Length > t; k++)
                {
                    step.Add(rows[k][t]);
                }

                xsNext.Add(step.Count == 1 ? step[0] : Functions.Concat(step, axis: 0));
            }

            var hy = new List<Variable>(nCells);
            var cy = new List<Variable>(nCells);
            for (int layer = 0; layer < NLayers; layer++)
            {
                List<Variable> input = layer == 0 ? xsNext : xsNext.Select(x => Functions.Dropout(x, Dropout)).ToList();
                int idx = Direction * layer;
                (Variable h, Variable? c, List<Variable> hForward) = Loop(input, hs[idx], cs?[idx], idx);
                hy.Add(h);
                if (c is not null)
                {
                    cy.Add(c);
                }

                if (Direction == 2)
                {
                    idx++;
                    List<Variable> reversed = (layer == 0 ? xsNext : xsNext.Select(x => Functions.Dropout(x, Dropout))).Reverse().ToList();
                    (Variable hb, Variable? cb, List<Variable> hBackward) = Loop(reversed, hs[idx], cs?[idx], idx);
                    hBackward.Reverse();
                    xsNext = hForward.Zip(hBackward, (f, b) => Functions.Concat(new[] { f, b }, axis: 1)).ToList();
                    hy.Add(hb);
                    if (cb is not null)
                    {
                        cy.Add(cb);
                    }
                }
                else
                {
                    xsNext = hForward;
                }
            }

            // Back to batch-major sequences in the caller's order.
            var outRows = new List<Variable>[batchSize];
            for (int k = 0; k < batchSize; k++)
            {
                outRows[k] = new List<Variable>();
            }

            foreach (Variable y in xsNext)
            {
                int n = checked((int)y.Shape[0]);
                Variable[] parts = n == 1 ? new[] { y } : Functions.SplitAxis(y, n, 0);
                for (int k = 0; k < n; k++)
                {
                    outRows[k].Add(parts[k]);
                }
            }

            var ys = new Variable[batchSize];
            for (int k = 0; k < batchSize; k++)
            {
                ys[indices[k]] = outRows[k].Count == 1 ? outRows[k][0] : Functions.Concat(outRows[k], axis: 0);
            }

            Variable hyAll = Unsort(Functions.Stack(hy), indices);
            Variable? cyAll = useCell ? Unsort(Functions.Stack(cy), indices) : null;
            return (hyAll, cyAll, ys);
        }

        /// <summary>One step of the cell on a (batch, in) input and (batch, out) state.</summary>
        private protected abstract (Variable H, Variable? C) Cell(Variable x, Variable h, Variable? c, IReadOnlyList<Parameter> w, IReadOnlyList<Parameter> b);

        /// <inheritdoc/>
        protected override void OnCopied(CopyMode mode) => (_ws, _bs) = CollectParams();

        private static Variable Unsort(Variable h, int[] indices)
        {
            // h is (cells, B, N) in sorted order; row k belongs to sequence indices[k].
            var inverse = new int[indices.Length];
            for (int k = 0; k < indices.Length; k++)
            {
                inverse[indices[k]] = k;
            }

            if (inverse.Select((v, i) => v == i).All(b => b))
            {
                return h;
            }

            Variable[] rows = Functions.Separate(h, axis: 1);
            return Functions.Stack(inverse.Select(k => rows[k]).ToArray(), axis: 1);
        }

        private Variable[] InitialStates(Variable? given, int nCells, int batchSize, int[] indices, DType dtype)
        {
            var states = new Variable[nCells];
            if (given is null)
            {
                for (int i = 0; i < nCells; i++)
                {
                    // On the device of the link's weights, which the inputs must share.
                    states[i] = new Variable(NdArray.Zeros(new long[] { batchSize, OutSize }, dtype, Device), requiresGrad: false);
                }

                return states;
            }

            long[] shape = given.Shape;
            if (shape.Length != 3 || shape[0] != nCells || shape[1] != batchSize || shape[2] != OutSize)
            {
                throw new ShapeMismatchException(
                    $"The initial state must have shape ({nCells}, {batchSize}, {OutSize}); its shape is {ShapeUtil.Format(shape)}.");
            }

            Variable[] cells = Functions.Separate(given, axis: 0);
            for (int i = 0; i < nCells; i++)
            {
                Variable[] rows = batchSize == 1 ? new[] { cells[i] } : Functions.Separate(cells[i], axis: 0);
                states[i] = batchSize == 1 ? cells[i] : Functions.Stack(indices.Select(k => rows[k]).ToArray(), axis: 0);
            }

            return states;
        }

        private (Variable H, Variable? C, List<Variable> Hs) Loop(List<Variable> xs, Variable h, Variable? c, int cell)
        {
            var hList = new List<Variable>(xs.Count);
            foreach (Variable x in xs)
            {
                long batch = x.Shape[0];
                bool split = h.Shape[0] > batch;
                Variable? hRest = null;
                Variable? cRest = null;
                if (split)
                {
                    Variable[] hp = Functions.SplitAxis(h, new[] { checked((int)batch) }, 0);
                    (h, hRest) = (hp[0], hp[1]);
                    if (c is not null)
                    {
                        Variable[] cp = Functions.SplitAxis(c, new[] { checked((int)batch) }, 0);
                        (c, cRest) = (cp[0], cp[1]);
                    }
                }

                (h, c) = Cell(x, h, c, _ws[cell], _bs[cell]);
                hList.Add(h);
                if (split)
                {
                    h = Functions.Concat(new[] { h, hRest! }, axis: 0);
                    if (c is not null)
                    {
                        c = Functions.Concat(new[] { c, cRest! }, axis: 0);
                    }
                }
            }

            return (h, c, hList);
        }

        private (Parameter[][] Ws, Parameter[][] Bs) CollectParams()
        {
            var ws = new Parameter[Count][];
            var bs = new Parameter[Count][];
            for (int i = 0; i < Count; i++)
            {
                ws[i] = new Parameter[NWeights];
                bs[i] = new Parameter[NWeights];
                for (int j = 0; j < NWeights; j++)
                {
                    string s = j.ToString(CultureInfo.InvariantCulture);
                    ws[i][j] = this[i].GetParam("w" + s)!;
                    bs[i][j] = this[i].GetParam("b" + s)!;
                }
            }

            return (ws, bs);
        }
    }

    /// <summary>
    /// A stacked uni-directional LSTM over variable-length sequences (<c>chainer.links.NStepLSTM</c>). Each cell has
    /// eight weights: w0..w3 act on the input and w4..w7 on the state, for the input gate, forget gate, cell input
    /// and output gate in that order (Chainer's layout).
    /// </summary>
    public class NStepLSTM : NStepRNNBase
    {
        /// <summary>Creates the link (<c>L.NStepLSTM(n_layers, in_size, out_size, dropout, initialW=, initial_bias=)</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="dropout">The dropout ratio between layers.</param>
        /// <param name="initialW">The initializer of the weights; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of the biases; null is 0.</param>
        public NStepLSTM(int nLayers, int inSize, int outSize, double dropout, Initializer? initialW = null, Initializer? initialBias = null)
            : this(nLayers, inSize, outSize, dropout, false, initialW, initialBias)
        {
        }

        private protected NStepLSTM(int nLayers, int inSize, int outSize, double dropout, bool bi, Initializer? initialW, Initializer? initialBias)
            : base(nLayers, inSize, outSize, dropout, bi, 8, initialW, initialBias)
        {
        }

        /// <summary>Runs the LSTM (<c>l(hx, cx, xs)</c>).</summary>
        /// <param name="hx">The initial states (layers·directions, B, out), or null for zeros.</param>
        /// <param name="cx">The initial cells (same shape), or null for zeros.</param>
        /// <param name="xs">B sequences, each (length, in); lengths may differ.</param>
        /// <returns>The final states hy and cells cy (shape of hx) and the outputs of the last layer per sequence, (length, out·directions).</returns>
        public (Variable Hy, Variable Cy, Variable[] Ys) Forward(Variable? hx, Variable? cx, IReadOnlyList<Variable> xs)
        {
            (Variable hy, Variable? cy, Variable[] ys) = Run(hx, cx, xs, useCell: true);
            return (hy, cy!, ys);
        }

        /// <inheritdoc/>
        private protected override (Variable H, Variable? C) Cell(Variable x, Variable h, Variable? c, IReadOnlyList<Parameter> w, IReadOnlyList<Parameter> b)
        {
            // Gates interleaved as F.lstm reads them (a, i, f, o): a = w2, i = w0, f = w1, o = w3.
            Variable xw = StackGates(w[2], w[0], w[1], w[3]);
            Variable hw = StackGates(w[6], w[4], w[5], w[7]);
            Variable xb = StackGates(b[2], b[0], b[1], b[3]);
            Variable hb = StackGates(b[6], b[4], b[5], b[7]);
            Variable lstmIn = Functions.Linear(x, xw, xb) + Functions.Linear(h, hw, hb);
            (Variable cNew, Variable hNew) = Functions.Lstm(c!, lstmIn);
            return (hNew, cNew);
        }

        private static Variable StackGates(Variable a, Variable i, Variable f, Variable o)
        {
            Variable s = Functions.Stack(new[] { a, i, f, o }, axis: 1);
            long[] shape = s.Shape;
            var flat = new long[shape.Length - 1];
            flat[0] = shape[0] * shape[1];
            Array.Copy(shape, 2, flat, 1, shape.Length - 2);
            return Functions.Reshape(s, flat);
        }
    }

    /// <summary>A stacked bidirectional LSTM (<c>chainer.links.NStepBiLSTM</c>): cells alternate forward and backward per layer.</summary>
    public class NStepBiLSTM : NStepLSTM
    {
        /// <summary>Creates the link (<c>L.NStepBiLSTM(n_layers, in_size, out_size, dropout)</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units per direction.</param>
        /// <param name="dropout">The dropout ratio between layers.</param>
        /// <param name="initialW">The initializer of the weights.</param>
        /// <param name="initialBias">The initializer of the biases.</param>
        public NStepBiLSTM(int nLayers, int inSize, int outSize, double dropout, Initializer? initialW = null, Initializer? initialBias = null)
            : base(nLayers, inSize, outSize, dropout, true, initialW, initialBias)
        {
        }
    }

    /// <summary>
    /// A stacked uni-directional GRU over variable-length sequences (<c>chainer.links.NStepGRU</c>). Each cell has six
    /// weights: w0..w2 act on the input and w3..w5 on the state, for the reset gate, update gate and candidate.
    /// </summary>
    public class NStepGRU : NStepRNNBase
    {
        /// <summary>Creates the link (<c>L.NStepGRU(n_layers, in_size, out_size, dropout, initialW=, initial_bias=)</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="dropout">The dropout ratio between layers.</param>
        /// <param name="initialW">The initializer of the weights; null is LeCunNormal.</param>
        /// <param name="initialBias">The initializer of the biases; null is 0.</param>
        public NStepGRU(int nLayers, int inSize, int outSize, double dropout, Initializer? initialW = null, Initializer? initialBias = null)
            : this(nLayers, inSize, outSize, dropout, false, initialW, initialBias)
        {
        }

        private protected NStepGRU(int nLayers, int inSize, int outSize, double dropout, bool bi, Initializer? initialW, Initializer? initialBias)
            : base(nLayers, inSize, outSize, dropout, bi, 6, initialW, initialBias)
        {
        }

        /// <summary>Runs the GRU (<c>l(hx, xs)</c>).</summary>
        /// <param name="hx">The initial states (layers·directions, B, out), or null for zeros.</param>
        /// <param name="xs">B sequences, each (length, in).</param>
        /// <returns>The final states and the outputs of the last layer per sequence.</returns>
        public (Variable Hy, Variable[] Ys) Forward(Variable? hx, IReadOnlyList<Variable> xs)
        {
            (Variable hy, _, Variable[] ys) = Run(hx, null, xs, useCell: false);
            return (hy, ys);
        }

        /// <inheritdoc/>
        private protected override (Variable H, Variable? C) Cell(Variable x, Variable h, Variable? c, IReadOnlyList<Parameter> w, IReadOnlyList<Parameter> b)
        {
            Variable xw = Functions.Concat(new Variable[] { w[0], w[1], w[2] }, axis: 0);
            Variable hw = Functions.Concat(new Variable[] { w[3], w[4], w[5] }, axis: 0);
            Variable xb = Functions.Concat(new Variable[] { b[0], b[1], b[2] }, axis: 0);
            Variable hb = Functions.Concat(new Variable[] { b[3], b[4], b[5] }, axis: 0);
            Variable[] gx = Functions.SplitAxis(Functions.Linear(x, xw, xb), 3, 1);
            Variable[] gh = Functions.SplitAxis(Functions.Linear(h, hw, hb), 3, 1);
            Variable r = Functions.Sigmoid(gx[0] + gh[0]);
            Variable z = Functions.Sigmoid(gx[1] + gh[1]);
            Variable hBar = Functions.Tanh(gx[2] + (r * gh[2]));
            return (((1.0 - z) * hBar) + (z * h), null);
        }
    }

    /// <summary>A stacked bidirectional GRU (<c>chainer.links.NStepBiGRU</c>).</summary>
    public class NStepBiGRU : NStepGRU
    {
        /// <summary>Creates the link (<c>L.NStepBiGRU(n_layers, in_size, out_size, dropout)</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units per direction.</param>
        /// <param name="dropout">The dropout ratio between layers.</param>
        /// <param name="initialW">The initializer of the weights.</param>
        /// <param name="initialBias">The initializer of the biases.</param>
        public NStepBiGRU(int nLayers, int inSize, int outSize, double dropout, Initializer? initialW = null, Initializer? initialBias = null)
            : base(nLayers, inSize, outSize, dropout, true, initialW, initialBias)
        {
        }
    }
}
