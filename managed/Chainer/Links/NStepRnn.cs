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
    /// The sequences are sorted by decreasing length, transposed to time-major batches and run through the same layers
    /// as the <c>F.NStep*</c> functions (Chainer's <c>n_step_rnn_impl</c>): each layer projects the inputs of all time
    /// steps in one matrix product, then runs the recurrence step by step; a batch that shrinks updates the first rows
    /// of the state only. Between layers, dropout with <see cref="Dropout"/> is applied in training mode.
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
            Variable[] sorted = indices.Select(i => xs[i]).ToArray();
            List<Variable> xsNext;
            if (lengths.All(l => l == maxLen))
            {
                // Equal lengths: stack along a new time axis, (T, B, in), and split per step.
                xsNext = Functions.Separate(Functions.Stack(sorted, axis: 1), axis: 0).ToList();
            }
            else
            {
                var rows = sorted.Select(x => x.Shape[0] == 1 ? new[] { x } : Functions.SplitAxis(x, checked((int)x.Shape[0]), 0)).ToArray();
                xsNext = new List<Variable>(maxLen);
                for (int t = 0; t < maxLen; t++)
                {
                    var step = new List<Variable>();
                    for (int k = 0; k < batchSize && rows[k].Length > t; k++)
                    {
                        step.Add(rows[k][t]);
                    }

                    xsNext.Add(step.Count == 1 ? step[0] : Functions.Concat(step, axis: 0));
                }
            }

            (List<Variable> hy, List<Variable?> cy, Variable[] last) = Functions.NStepLayers(
                CellFactory, NLayers, Dropout, hs, cs ?? new Variable?[nCells], _ws, _bs, xsNext, Direction == 2);

            // Back to batch-major sequences in the caller's order.
            var ys = new Variable[batchSize];
            if (lengths.All(l => l == maxLen))
            {
                Variable[] perSequence = Functions.Separate(Functions.Stack(last, axis: 1), axis: 0);
                for (int k = 0; k < batchSize; k++)
                {
                    ys[indices[k]] = perSequence[k];
                }
            }
            else
            {
                var outRows = new List<Variable>[batchSize];
                for (int k = 0; k < batchSize; k++)
                {
                    outRows[k] = new List<Variable>();
                }

                foreach (Variable y in last)
                {
                    int n = checked((int)y.Shape[0]);
                    Variable[] parts = n == 1 ? new[] { y } : Functions.SplitAxis(y, n, 0);
                    for (int k = 0; k < n; k++)
                    {
                        outRows[k].Add(parts[k]);
                    }
                }

                for (int k = 0; k < batchSize; k++)
                {
                    ys[indices[k]] = outRows[k].Count == 1 ? outRows[k][0] : Functions.Concat(outRows[k], axis: 0);
                }
            }

            Variable hyAll = Unsort(Functions.Stack(hy), indices);
            Variable? cyAll = useCell ? Unsort(Functions.Stack(cy.Select(c => c!).ToArray()), indices) : null;
            return (hyAll, cyAll, ys);
        }

        /// <summary>The cell of the derived link (the <c>F.n_step_*</c> function's).</summary>
        private protected abstract Functions.CellFactory CellFactory { get; }

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
        private protected override Functions.CellFactory CellFactory => Functions.LstmCell;
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
        private protected override Functions.CellFactory CellFactory => Functions.GruCell;
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
