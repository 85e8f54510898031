using System;
using System.Collections.Generic;
using System.Linq;

namespace Chainer
{
    /// <summary>
    /// Recurrent network functions over variable-length sequences (<c>chainer.functions.rnn</c>): compositions of
    /// linear maps and activations, as Chainer's CPU path composes them.
    /// </summary>
    /// <remarks>
    /// As in Chainer, <c>xs</c> is time-major: <c>xs[t]</c> is the (B_t, I) input at step t with B_t non-increasing
    /// (sequences sorted by decreasing length). <c>hx</c> is (S, B, N) with S = layers (× 2 when bidirectional);
    /// <c>ws[l]</c> and <c>bs[l]</c> hold the weights and biases of layer/direction l in Chainer's order. Dropout with
    /// <c>dropoutRatio</c> is applied to the inputs of every layer but the first (in training mode).
    /// </remarks>
    public static partial class Functions
    {
        /// <summary>
        /// Stacked uni-directional LSTM (<c>F.n_step_lstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs)</c>). Each
        /// <c>ws[l]</c> holds 8 matrices: W0..W3 (N, I) applied to the input and W4..W7 (N, N) to the hidden state, for
        /// the input, forget, cell and output gates as Chainer orders them; <c>bs[l]</c> the 8 matching (N,) biases.
        /// </summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (layers, B, N) initial hidden states.</param>
        /// <param name="cx">The (layers, B, N) initial cell states.</param>
        /// <param name="ws">Per layer, the 8 weight matrices.</param>
        /// <param name="bs">Per layer, the 8 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <returns>The final hidden states, the final cell states and the per-step (B_t, N) outputs.</returns>
        public static (Variable hy, Variable cy, Variable[] ys) NStepLstm(int nLayers, double dropoutRatio, Variable hx, Variable cx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs)
        {
            ArgumentNullException.ThrowIfNull(cx);
            return NStepImpl(LstmCell, nLayers, dropoutRatio, hx, cx, ws, bs, xs, false, 8);
        }

        /// <summary>
        /// Stacked bidirectional LSTM (<c>F.n_step_bilstm(n_layers, dropout_ratio, hx, cx, ws, bs, xs)</c>): entries 2l and
        /// 2l + 1 of hx, cx, ws and bs are the forward and backward directions of layer l; the outputs concatenate both
        /// directions.
        /// </summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (2·layers, B, N) initial hidden states.</param>
        /// <param name="cx">The (2·layers, B, N) initial cell states.</param>
        /// <param name="ws">Per layer and direction, the 8 weight matrices.</param>
        /// <param name="bs">Per layer and direction, the 8 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <returns>The final hidden states, the final cell states and the per-step (B_t, 2N) outputs.</returns>
        public static (Variable hy, Variable cy, Variable[] ys) NStepBiLstm(int nLayers, double dropoutRatio, Variable hx, Variable cx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs)
        {
            ArgumentNullException.ThrowIfNull(cx);
            return NStepImpl(LstmCell, nLayers, dropoutRatio, hx, cx, ws, bs, xs, true, 8);
        }

        /// <summary>
        /// Stacked uni-directional GRU (<c>F.n_step_gru(n_layers, dropout_ratio, hx, ws, bs, xs)</c>). Each <c>ws[l]</c>
        /// holds 6 matrices: W0..W2 on the input and W3..W5 on the hidden state (reset, update, new), <c>bs[l]</c> 6 biases.
        /// </summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (layers, B, N) initial hidden states.</param>
        /// <param name="ws">Per layer, the 6 weight matrices.</param>
        /// <param name="bs">Per layer, the 6 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <returns>The final hidden states and the per-step outputs.</returns>
        public static (Variable hy, Variable[] ys) NStepGru(int nLayers, double dropoutRatio, Variable hx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs)
        {
            var r = NStepImpl(GruCell, nLayers, dropoutRatio, hx, null, ws, bs, xs, false, 6);
            return (r.hy, r.ys);
        }

        /// <summary>Stacked bidirectional GRU (<c>F.n_step_bigru(n_layers, dropout_ratio, hx, ws, bs, xs)</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (2·layers, B, N) initial hidden states.</param>
        /// <param name="ws">Per layer and direction, the 6 weight matrices.</param>
        /// <param name="bs">Per layer and direction, the 6 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <returns>The final hidden states and the per-step (B_t, 2N) outputs.</returns>
        public static (Variable hy, Variable[] ys) NStepBiGru(int nLayers, double dropoutRatio, Variable hx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs)
        {
            var r = NStepImpl(GruCell, nLayers, dropoutRatio, hx, null, ws, bs, xs, true, 6);
            return (r.hy, r.ys);
        }

        /// <summary>
        /// Stacked uni-directional Elman RNN (<c>F.n_step_rnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh')</c>):
        /// <c>h = act(W0 x + b0 + W1 h + b1)</c>.
        /// </summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (layers, B, N) initial hidden states.</param>
        /// <param name="ws">Per layer, the 2 weight matrices.</param>
        /// <param name="bs">Per layer, the 2 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <param name="activation"><c>"tanh"</c> or <c>"relu"</c>.</param>
        /// <returns>The final hidden states and the per-step outputs.</returns>
        public static (Variable hy, Variable[] ys) NStepRnn(int nLayers, double dropoutRatio, Variable hx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs,
            string activation = "tanh")
        {
            var r = NStepImpl(RnnCell(activation), nLayers, dropoutRatio, hx, null, ws, bs, xs, false, 2);
            return (r.hy, r.ys);
        }

        /// <summary>Stacked bidirectional Elman RNN (<c>F.n_step_birnn(n_layers, dropout_ratio, hx, ws, bs, xs, activation='tanh')</c>).</summary>
        /// <param name="nLayers">The number of layers.</param>
        /// <param name="dropoutRatio">The dropout ratio between layers.</param>
        /// <param name="hx">The (2·layers, B, N) initial hidden states.</param>
        /// <param name="ws">Per layer and direction, the 2 weight matrices.</param>
        /// <param name="bs">Per layer and direction, the 2 bias vectors.</param>
        /// <param name="xs">Per time step, the (B_t, I) inputs.</param>
        /// <param name="activation"><c>"tanh"</c> or <c>"relu"</c>.</param>
        /// <returns>The final hidden states and the per-step (B_t, 2N) outputs.</returns>
        public static (Variable hy, Variable[] ys) NStepBiRnn(int nLayers, double dropoutRatio, Variable hx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs,
            string activation = "tanh")
        {
            var r = NStepImpl(RnnCell(activation), nLayers, dropoutRatio, hx, null, ws, bs, xs, true, 2);
            return (r.hy, r.ys);
        }

        /// <summary>
        /// Transposes a list of sequences (<c>F.transpose_sequence(xs)</c>): sequences sorted by decreasing length
        /// become per-step batches, and back.
        /// </summary>
        /// <param name="xs">The sequences (L_i, ...), with non-increasing L_i.</param>
        /// <returns>Per position t, the (count of sequences longer than t, ...) stacked elements.</returns>
        public static Variable[] TransposeSequence(IReadOnlyList<Variable> xs)
        {
            ArgumentNullException.ThrowIfNull(xs);
            if (xs.Count == 0)
            {
                return Array.Empty<Variable>();
            }

            Variable[] v = NonEmpty(xs, nameof(xs));
            long[] lengths = v.Select(x => x.Shape.Length == 0 ? throw new ArgumentException("each sequence must have at least one dimension", nameof(xs)) : x.Shape[0]).ToArray();
            for (int i = 1; i < lengths.Length; i++)
            {
                if (lengths[i] > lengths[i - 1])
                {
                    throw new ArgumentException("xs must be sorted by decreasing length", nameof(xs));
                }
            }

            var ys = new Variable[lengths[0]];
            for (int t = 0; t < ys.Length; t++)
            {
                var rows = new List<Variable>();
                for (int i = 0; i < v.Length && lengths[i] > t; i++)
                {
                    rows.Add(GetItem(v[i], new Slice(t, t + 1)));
                }

                ys[t] = Concat(rows, 0);
            }

            return ys;
        }

        /// <summary>
        /// One layer and direction of an n-step RNN with its weights prepared once: the input projections of every
        /// time step as one matrix product (the input does not depend on the recurrence), then the recurrent steps.
        /// Chainer's reference implementation projects each step separately; the sums are the same.
        /// </summary>
        internal abstract class RecurrentCell
        {
            /// <summary>The input projections of all steps, (Σ B_t, in) → (Σ B_t, gates).</summary>
            internal abstract Variable ProjectInputs(Variable x);

            /// <summary>One step from the step's input projection and the (B_t, out) state.</summary>
            internal abstract (Variable h, Variable? c) Step(Variable xProjected, Variable h, Variable? c);
        }

        /// <summary>Prepares a cell from one layer-direction's weights and biases (Chainer's <c>ws[i]</c>, <c>bs[i]</c>).</summary>
        internal delegate RecurrentCell CellFactory(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b);

        /// <summary>Chainer's <c>_lstm</c>: gates stacked in its interleaved order (a, i, f, o from W2, W0, W1, W3).</summary>
        internal static RecurrentCell LstmCell(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b) => new LstmCellImpl(w, b);

        /// <summary>Chainer's <c>_gru</c>.</summary>
        internal static RecurrentCell GruCell(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b) => new GruCellImpl(w, b);

        /// <summary>Chainer's plain RNN cell with tanh or relu.</summary>
        internal static CellFactory RnnCell(string activation)
        {
            ArgumentNullException.ThrowIfNull(activation);
            if (activation is not ("tanh" or "relu"))
            {
                throw new ArgumentException($"Invalid activation: \"{activation}\". Please select from [tanh,relu]", nameof(activation));
            }

            return (w, b) => new PlainCellImpl(w, b, activation == "relu");
        }

        private sealed class LstmCellImpl : RecurrentCell
        {
            private readonly Variable _xw, _hw, _xb, _hb;

            internal LstmCellImpl(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b)
            {
                _xw = StackWeight(w[2], w[0], w[1], w[3]);
                _hw = StackWeight(w[6], w[4], w[5], w[7]);
                _xb = StackWeight(b[2], b[0], b[1], b[3]);
                _hb = StackWeight(b[6], b[4], b[5], b[7]);
            }

            internal override Variable ProjectInputs(Variable x) => Linear(x, _xw, _xb);

            internal override (Variable h, Variable? c) Step(Variable xProjected, Variable h, Variable? c)
            {
                (Variable cBar, Variable hBar) = Lstm(c!, xProjected + Linear(h, _hw, _hb));
                return (hBar, cBar);
            }
        }

        private sealed class GruCellImpl : RecurrentCell
        {
            private readonly Variable _xw, _hw, _xb, _hb;

            internal GruCellImpl(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b)
            {
                _xw = Concat(new[] { w[0], w[1], w[2] }, 0);
                _hw = Concat(new[] { w[3], w[4], w[5] }, 0);
                _xb = Concat(new[] { b[0], b[1], b[2] }, 0);
                _hb = Concat(new[] { b[3], b[4], b[5] }, 0);
            }

            internal override Variable ProjectInputs(Variable x) => Linear(x, _xw, _xb);

            internal override (Variable h, Variable? c) Step(Variable xProjected, Variable h, Variable? c)
            {
                Variable[] gx = SplitAxis(xProjected, 3, 1);
                Variable[] gh = SplitAxis(Linear(h, _hw, _hb), 3, 1);
                Variable r = Sigmoid(gx[0] + gh[0]);
                Variable z = Sigmoid(gx[1] + gh[1]);
                Variable hBar = Tanh(gx[2] + (r * gh[2]));
                return ((Sub(1.0, z) * hBar) + (z * h), null);
            }
        }

        private sealed class PlainCellImpl : RecurrentCell
        {
            private readonly IReadOnlyList<Variable> _w, _b;
            private readonly bool _relu;

            internal PlainCellImpl(IReadOnlyList<Variable> w, IReadOnlyList<Variable> b, bool relu)
            {
                _w = w;
                _b = b;
                _relu = relu;
            }

            internal override Variable ProjectInputs(Variable x) => Linear(x, _w[0], _b[0]);

            internal override (Variable h, Variable? c) Step(Variable xProjected, Variable h, Variable? c)
            {
                Variable rnnIn = xProjected + Linear(h, _w[1], _b[1]);
                return (_relu ? Relu(rnnIn) : Tanh(rnnIn), null);
            }
        }

        /// <summary>Chainer's <c>_stack_weight</c>: stack along axis 1 and merge the first two axes.</summary>
        private static Variable StackWeight(params Variable[] ws)
        {
            Variable w = Stack(ws, 1);
            long[] s = w.Shape;
            var shape = new long[s.Length - 1];
            shape[0] = s[0] * s[1];
            Array.Copy(s, 2, shape, 1, s.Length - 2);
            return Reshape(w, shape);
        }

        /// <summary>Chainer's <c>n_step_rnn_impl</c>: checks the arguments, then runs <see cref="NStepLayers"/>.</summary>
        private static (Variable hy, Variable cy, Variable[] ys) NStepImpl(CellFactory f, int nLayers, double dropoutRatio, Variable hx, Variable? cx,
            IReadOnlyList<IReadOnlyList<Variable>> ws, IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs, bool bidirectional,
            int weightsPerLayer)
        {
            ArgumentNullException.ThrowIfNull(hx);
            ArgumentNullException.ThrowIfNull(ws);
            ArgumentNullException.ThrowIfNull(bs);
            Variable[] inputs = NonEmpty(xs, nameof(xs));
            int direction = bidirectional ? 2 : 1;
            if (nLayers <= 0)
            {
                throw new ArgumentException($"n_layers must be positive, got {nLayers}", nameof(nLayers));
            }

            if (ws.Count != nLayers * direction || bs.Count != nLayers * direction)
            {
                throw new ArgumentException(
                    $"ws and bs must hold {nLayers * direction} entries (layers × directions), got {ws.Count} and {bs.Count}", nameof(ws));
            }

            for (int i = 0; i < ws.Count; i++)
            {
                if (ws[i] is null || bs[i] is null || ws[i].Count != weightsPerLayer || bs[i].Count != weightsPerLayer)
                {
                    throw new ArgumentException($"ws[{i}] and bs[{i}] must each hold {weightsPerLayer} arrays", nameof(ws));
                }
            }

            long xIn = inputs[0].Shape[1];
            long wIn = ws[0][0].Shape[1];
            if (xIn != wIn)
            {
                throw new ArgumentException($"Inconsistent input size in input values and weight parameters: {xIn} != {wIn}", nameof(xs));
            }

            Variable[] h0 = Separate(hx);
            Variable?[] c0 = cx is null ? new Variable?[h0.Length] : Separate(cx);
            (List<Variable> hy, List<Variable?> cy, Variable[] ys) = NStepLayers(f, nLayers, dropoutRatio, h0, c0, ws, bs, inputs, bidirectional);
            Variable hyAll = Stack(hy);
            Variable cyAll = cx is null ? null! : Stack(cy.Select(c => c!).ToArray());
            return (hyAll, cyAll, ys);
        }

        /// <summary>
        /// The layers of a stacked (bi)directional RNN over time-major batches <paramref name="xs"/> (sorted by
        /// decreasing batch size), from the initial state of each layer-direction; dropout between layers in training
        /// mode. Shared by the <c>F.n_step_*</c> functions and the <c>L.NStep*</c> links.
        /// </summary>
        internal static (List<Variable> hy, List<Variable?> cy, Variable[] ys) NStepLayers(CellFactory f, int nLayers, double dropoutRatio,
            IReadOnlyList<Variable> h0, IReadOnlyList<Variable?> c0, IReadOnlyList<IReadOnlyList<Variable>> ws,
            IReadOnlyList<IReadOnlyList<Variable>> bs, IReadOnlyList<Variable> xs, bool bidirectional)
        {
            int direction = bidirectional ? 2 : 1;
            IReadOnlyList<Variable> next = xs;
            var hy = new List<Variable>();
            var cy = new List<Variable?>();
            for (int layer = 0; layer < nLayers; layer++)
            {
                IReadOnlyList<Variable> layerIn = layer == 0 ? next : next.Select(x => Dropout(x, dropoutRatio)).ToArray();
                int idx = direction * layer;
                var (h, c, forward) = OneDirection(f(ws[idx], bs[idx]), layerIn, h0[idx], c0[idx]);
                hy.Add(h);
                cy.Add(c);
                if (bidirectional)
                {
                    idx = (direction * layer) + 1;
                    layerIn = layer == 0 ? next : next.Select(x => Dropout(x, dropoutRatio)).ToArray();
                    var (hb, cb, backward) = OneDirection(f(ws[idx], bs[idx]), layerIn.Reverse().ToArray(), h0[idx], c0[idx]);
                    backward.Reverse();
                    next = forward.Zip(backward, (a, b) => Concat(new[] { a, b }, 1)).ToArray();
                    hy.Add(hb);
                    cy.Add(cb);
                }
                else
                {
                    next = forward;
                }
            }

            return (hy, cy, next.ToArray());
        }

        /// <summary>Chainer's <c>_one_directional_loop</c>: shrinking batches keep the rows of finished sequences.</summary>
        private static (Variable h, Variable? c, List<Variable> hs) OneDirection(RecurrentCell cell, IReadOnlyList<Variable> xs, Variable h, Variable? c)
        {
            // All steps' input projections in one product, split back per step.
            Variable[] projected;
            if (xs.Count == 1)
            {
                projected = new[] { cell.ProjectInputs(xs[0]) };
            }
            else
            {
                var bounds = new int[xs.Count - 1];
                long offset = 0;
                for (int t = 0; t < bounds.Length; t++)
                {
                    offset += xs[t].Shape[0];
                    bounds[t] = checked((int)offset);
                }

                projected = SplitAxis(cell.ProjectInputs(Concat(xs, 0)), bounds, 0);
            }

            var hs = new List<Variable>(xs.Count);
            foreach (Variable xp in projected)
            {
                long batch = xp.Shape[0];
                bool split = h.Shape[0] > batch;
                Variable? hRest = null, cRest = null;
                if (split)
                {
                    Variable[] hp = SplitAxis(h, new[] { checked((int)batch) }, 0);
                    h = hp[0];
                    hRest = hp[1];
                    if (c is not null)
                    {
                        Variable[] cp = SplitAxis(c, new[] { checked((int)batch) }, 0);
                        c = cp[0];
                        cRest = cp[1];
                    }
                }

                (h, c) = cell.Step(xp, h, c);
                hs.Add(h);
                if (split)
                {
                    h = Concat(new[] { h, hRest! }, 0);
                    if (c is not null)
                    {
                        c = Concat(new[] { c, cRest! }, 0);
                    }
                }
            }

            return (h, c, hs);
        }
    }
}
