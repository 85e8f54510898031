using System;
using System.Collections.Generic;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// The common part of <see cref="LSTM"/> and <see cref="StatelessLSTM"/> (<c>chainer.links.LSTMBase</c>): a chain
    /// with the children <c>upward</c> (Linear in → 4·out) and <c>lateral</c> (Linear out → 4·out, no bias). The four
    /// gate blocks of each weight are initialized separately, lateral then upward block by block, and the upward bias
    /// is 0 except the forget gates (1), exactly as Chainer does.
    /// </summary>
    public abstract class LSTMBase : Chain
    {
        private readonly Initializer? _lateralInit;
        private readonly Initializer? _upwardInit;
        private readonly Initializer _biasInit;
        private readonly Initializer _forgetBiasInit;

        /// <summary>Creates the links.</summary>
        /// <param name="inSize">The input size, or null to infer it from the first batch.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="lateralInit">The initializer of each gate block of lateral.W; null is LeCunNormal.</param>
        /// <param name="upwardInit">The initializer of each gate block of upward.W; null is LeCunNormal.</param>
        /// <param name="biasInit">The initializer of the cell-input, input and output gate biases; null is 0.</param>
        /// <param name="forgetBiasInit">The initializer of the forget gate bias; null is 1.</param>
        protected LSTMBase(int? inSize, int outSize, Initializer? lateralInit, Initializer? upwardInit, Initializer? biasInit, Initializer? forgetBiasInit)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
            StateSize = outSize;
            _lateralInit = lateralInit;
            _upwardInit = upwardInit;
            _biasInit = biasInit ?? new Constant(0.0);
            _forgetBiasInit = forgetBiasInit ?? new Constant(1.0);
            Upward = Add("upward", new Linear(inSize, 4 * outSize, initialW: 0.0));
            Lateral = Add("lateral", new Linear(outSize, 4 * outSize, nobias: true, initialW: 0.0));
            if (inSize is not null)
            {
                InitializeParams();
            }
        }

        /// <summary>The number of units (<c>state_size</c>).</summary>
        public int StateSize { get; }

        /// <summary>The input connection (<c>upward</c>).</summary>
        public Linear Upward { get; }

        /// <summary>The recurrent connection (<c>lateral</c>).</summary>
        public Linear Lateral { get; }

        /// <summary>Creates upward.W from the input's shape and initializes the gates, if not done yet.</summary>
        /// <param name="x">The input batch.</param>
        protected void EnsureInitialized(Variable x)
        {
            if (!Upward.W.IsInitialized)
            {
                long[] shape = x.Shape;
                long inSize = 1;
                for (int i = 1; i < shape.Length; i++)
                {
                    inSize *= shape[i];
                }

                Upward.W.Initialize(new long[] { 4L * StateSize, inSize });
                InitializeParams();
            }
        }

        private void InitializeParams()
        {
            int n = StateSize;
            using NdArray lateralW = Lateral.W.Array;
            using NdArray upwardW = Upward.W.Array;
            long inSize = upwardW.Shape[1];
            double[] lateral = new double[4L * n * n];
            double[] upward = new double[4L * n * inSize];
            for (int g = 0; g < 4; g++)
            {
                FillBlock(_lateralInit ?? new LeCunNormal(), lateralW.Dtype, n, n, lateral, g);
                FillBlock(_upwardInit ?? new LeCunNormal(), upwardW.Dtype, n, inSize, upward, g);
            }

            lateralW.CopyFrom(lateral);
            upwardW.CopyFrom(upward);

            // The bias is read as (1, n, 4, 1): element 4j + k belongs to gate k (a, i, f, o) of unit j.
            using NdArray bias = Upward.b!.Array;
            var values = new double[4 * n];
            double[][] gates = new double[4][];
            for (int k = 0; k < 4; k++)
            {
                using NdArray gate = NdArray.Empty(new long[] { 1, n, 1 }, bias.Dtype);
                (k == 2 ? _forgetBiasInit : _biasInit).Initialize(gate);
                using NdArray g64 = gate.AsType(DType.Float64);
                gates[k] = g64.ToArray<double>();
            }

            for (int j = 0; j < n; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    values[(4 * j) + k] = gates[k][j];
                }
            }

            bias.CopyFrom(values);
        }

        private static void FillBlock(Initializer init, DType dtype, long rows, long cols, double[] target, int block)
        {
            using NdArray part = NdArray.Empty(new long[] { rows, cols }, dtype);
            init.Initialize(part);
            using NdArray p64 = part.AsType(DType.Float64);
            double[] values = p64.ToArray<double>();
            Array.Copy(values, 0, target, block * rows * cols, values.Length);
        }
    }

    /// <summary>
    /// A stateless LSTM layer (<c>chainer.links.StatelessLSTM</c>): <see cref="Forward"/> takes the previous cell and
    /// output and returns the new ones.
    /// </summary>
    public class StatelessLSTM : LSTMBase
    {
        /// <summary>Creates the layer (<c>L.StatelessLSTM(in_size, out_size, lateral_init, upward_init, bias_init, forget_bias_init)</c>).</summary>
        /// <param name="inSize">The input size, or null to infer it.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="lateralInit">The initializer of lateral.W blocks.</param>
        /// <param name="upwardInit">The initializer of upward.W blocks.</param>
        /// <param name="biasInit">The initializer of the non-forget biases (0).</param>
        /// <param name="forgetBiasInit">The initializer of the forget bias (1).</param>
        public StatelessLSTM(int? inSize, int outSize, Initializer? lateralInit = null, Initializer? upwardInit = null,
            Initializer? biasInit = null, Initializer? forgetBiasInit = null)
            : base(inSize, outSize, lateralInit, upwardInit, biasInit, forgetBiasInit)
        {
        }

        /// <summary>Creates a layer whose input size is inferred (<c>L.StatelessLSTM(out_size)</c>).</summary>
        /// <param name="outSize">The number of units.</param>
        public StatelessLSTM(int outSize)
            : this(null, outSize)
        {
        }

        /// <summary>One step (<c>l(c, h, x)</c>).</summary>
        /// <param name="c">The previous cell state, or null for zeros.</param>
        /// <param name="h">The previous output, or null (no recurrent term).</param>
        /// <param name="x">The input batch.</param>
        /// <returns>The new cell state and output.</returns>
        public (Variable C, Variable H) Forward(Variable? c, Variable? h, Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            EnsureInitialized(x);
            Variable lstmIn = Upward.Forward(x);
            if (h is not null)
            {
                lstmIn = lstmIn + Lateral.Forward(h);
            }

            if (c is null)
            {
                c = new Variable(NdArray.FullLike(lstmIn, new long[] { x.Shape[0], StateSize }, 0.0, x.Dtype), requiresGrad: false);
            }

            (Variable cNew, Variable hNew) = Functions.Lstm(c, lstmIn);
            return (cNew, hNew);
        }
    }

    /// <summary>
    /// A stateful LSTM layer (<c>chainer.links.LSTM</c>): it keeps the cell state <see cref="C"/> and the previous
    /// output <see cref="H"/>. A batch smaller than the previous one updates the first rows of the state only (sort
    /// variable-length sequences by decreasing length).
    /// </summary>
    public class LSTM : LSTMBase, IForward
    {
        /// <summary>Creates the layer (<c>L.LSTM(in_size, out_size, lateral_init, upward_init, bias_init, forget_bias_init)</c>).</summary>
        /// <param name="inSize">The input size, or null to infer it.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="lateralInit">The initializer of lateral.W blocks.</param>
        /// <param name="upwardInit">The initializer of upward.W blocks.</param>
        /// <param name="biasInit">The initializer of the non-forget biases (0).</param>
        /// <param name="forgetBiasInit">The initializer of the forget bias (1).</param>
        public LSTM(int? inSize, int outSize, Initializer? lateralInit = null, Initializer? upwardInit = null,
            Initializer? biasInit = null, Initializer? forgetBiasInit = null)
            : base(inSize, outSize, lateralInit, upwardInit, biasInit, forgetBiasInit)
        {
        }

        /// <summary>Creates a layer whose input size is inferred (<c>L.LSTM(out_size)</c>).</summary>
        /// <param name="outSize">The number of units.</param>
        public LSTM(int outSize)
            : this(null, outSize)
        {
        }

        /// <summary>The cell state, or null after <see cref="ResetState"/>.</summary>
        public Variable? C { get; private set; }

        /// <summary>The previous output, or null after <see cref="ResetState"/>.</summary>
        public Variable? H { get; private set; }

        /// <summary>Sets the state (<c>set_state(c, h)</c>).</summary>
        /// <param name="c">The cell state.</param>
        /// <param name="h">The previous output.</param>
        public void SetState(Variable c, Variable h)
        {
            ArgumentNullException.ThrowIfNull(c);
            ArgumentNullException.ThrowIfNull(h);
            C = c;
            H = h;
        }

        /// <summary>Forgets the state (<c>reset_state()</c>).</summary>
        public void ResetState()
        {
            C = null;
            H = null;
        }

        /// <summary>One step: updates the state and returns the output (<c>l(x)</c>).</summary>
        /// <param name="x">The input batch; its size must not exceed the state's.</param>
        /// <returns>The output of the units for this batch.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            EnsureInitialized(x);
            long batch = x.Shape[0];
            Variable lstmIn = Upward.Forward(x);
            Variable? hRest = null;
            if (H is not null)
            {
                long hSize = H.Shape[0];
                if (batch == 0)
                {
                    hRest = H;
                }
                else if (hSize < batch)
                {
                    throw new InvalidTypeException("The batch size of x must be equal to or less than the size of the previous state h.");
                }
                else if (hSize > batch)
                {
                    Variable[] parts = Functions.SplitAxis(H, new[] { checked((int)batch) }, 0);
                    hRest = parts[1];
                    lstmIn = lstmIn + Lateral.Forward(parts[0]);
                }
                else
                {
                    lstmIn = lstmIn + Lateral.Forward(H);
                }
            }

            C ??= Keep(new Variable(NdArray.FullLike(lstmIn, new long[] { batch, StateSize }, 0.0, x.Dtype), requiresGrad: false));
            (Variable c, Variable y) = Functions.Lstm(C, lstmIn);
            C = Keep(c);
            if (hRest is null)
            {
                H = y;
            }
            else if (y.Shape[0] == 0)
            {
                H = hRest;
            }
            else
            {
                H = Functions.Concat(new[] { y, hRest }, axis: 0);
            }

            H = Keep(H);
            return y;
        }

        /// <inheritdoc/>
        protected override void OnCopied(CopyMode mode)
        {
            if (mode != CopyMode.Share)
            {
                ResetState();
            }
        }

        /// <summary>State variables outlive the memory scope they were made in (the link needs them next step).</summary>
        internal static Variable Keep(Variable v)
        {
            MemoryScope.Current?.Keep(v);
            return v;
        }
    }

    /// <summary>
    /// The common part of the GRU links (<c>chainer.links.GRUBase</c>): a chain of six <see cref="Linear"/> children,
    /// <c>W_r</c>, <c>U_r</c>, <c>W_z</c>, <c>U_z</c>, <c>W</c> and <c>U</c> (the W* take the input, the U* the state).
    /// </summary>
    public abstract class GRUBase : Chain
    {
        /// <summary>Creates the children.</summary>
        /// <param name="inSize">The input size, or null to infer it.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="init">The initializer of the W* weights; null is LeCunNormal.</param>
        /// <param name="innerInit">The initializer of the U* weights; null is LeCunNormal.</param>
        /// <param name="biasInit">The initializer of all biases; null is 0.</param>
        protected GRUBase(int? inSize, int outSize, Initializer? init, Initializer? innerInit, Initializer? biasInit)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
            OutSize = outSize;
            W_r = Add("W_r", new Linear(inSize, outSize, initialW: init, initialBias: biasInit));
            U_r = Add("U_r", new Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit));
            W_z = Add("W_z", new Linear(inSize, outSize, initialW: init, initialBias: biasInit));
            U_z = Add("U_z", new Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit));
            W = Add("W", new Linear(inSize, outSize, initialW: init, initialBias: biasInit));
            U = Add("U", new Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit));
        }

        /// <summary>The number of units.</summary>
        public int OutSize { get; }

#pragma warning disable CA1707, IDE1006 // Chainer's attribute names.
        /// <summary>The input weight of the reset gate.</summary>
        public Linear W_r { get; }

        /// <summary>The state weight of the reset gate.</summary>
        public Linear U_r { get; }

        /// <summary>The input weight of the update gate.</summary>
        public Linear W_z { get; }

        /// <summary>The state weight of the update gate.</summary>
        public Linear U_z { get; }
#pragma warning restore CA1707, IDE1006

        /// <summary>The input weight of the candidate.</summary>
        public Linear W { get; }

        /// <summary>The state weight of the candidate.</summary>
        public Linear U { get; }
    }

    /// <summary>
    /// A stateless GRU (<c>chainer.links.StatelessGRU</c>): <c>r = σ(W_r x + U_r h)</c>, <c>z = σ(W_z x + U_z h)</c>,
    /// <c>h̄ = tanh(W x + U(r ⊙ h))</c>, <c>h' = z ⊙ h̄ + (1 - z) ⊙ h</c> (Chainer's <c>linear_interpolate(z, h̄, h)</c>).
    /// </summary>
    public class StatelessGRU : GRUBase
    {
        /// <summary>Creates the layer (<c>L.StatelessGRU(in_size, out_size, init, inner_init, bias_init)</c>).</summary>
        /// <param name="inSize">The input size, or null to infer it.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="init">The initializer of the W* weights.</param>
        /// <param name="innerInit">The initializer of the U* weights.</param>
        /// <param name="biasInit">The initializer of the biases.</param>
        public StatelessGRU(int? inSize, int outSize, Initializer? init = null, Initializer? innerInit = null, Initializer? biasInit = null)
            : base(inSize, outSize, init, innerInit, biasInit)
        {
        }

        /// <summary>One step (<c>l(h, x)</c>).</summary>
        /// <param name="h">The previous state.</param>
        /// <param name="x">The input batch.</param>
        /// <returns>The new state.</returns>
        public Variable Forward(Variable h, Variable x)
        {
            ArgumentNullException.ThrowIfNull(h);
            ArgumentNullException.ThrowIfNull(x);
            Variable r = Functions.Sigmoid(W_r.Forward(x) + U_r.Forward(h));
            Variable z = Functions.Sigmoid(W_z.Forward(x) + U_z.Forward(h));
            Variable hBar = Functions.Tanh(W.Forward(x) + U.Forward(r * h));
            return Functions.LinearInterpolate(z, hBar, h);
        }
    }

    /// <summary>
    /// A stateful GRU (<c>chainer.links.StatefulGRU</c>): it keeps the state <see cref="H"/>; the first step, without
    /// a state, gives <c>z ⊙ h̄</c> with <c>z = σ(W_z x)</c> and <c>h̄ = tanh(W x)</c>.
    /// </summary>
    public class StatefulGRU : GRUBase, IForward
    {
        /// <summary>Creates the layer (<c>L.StatefulGRU(in_size, out_size, init, inner_init, bias_init=0)</c>).</summary>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="init">The initializer of the W* weights.</param>
        /// <param name="innerInit">The initializer of the U* weights.</param>
        /// <param name="biasInit">The initializer of the biases.</param>
        public StatefulGRU(int? inSize, int outSize, Initializer? init = null, Initializer? innerInit = null, Initializer? biasInit = null)
            : base(inSize, outSize, init, innerInit, biasInit)
        {
        }

        /// <summary>The state, or null after <see cref="ResetState"/>.</summary>
        public Variable? H { get; private set; }

        /// <summary>Sets the state (<c>set_state(h)</c>).</summary>
        /// <param name="h">The state.</param>
        public void SetState(Variable h)
        {
            ArgumentNullException.ThrowIfNull(h);
            H = h;
        }

        /// <summary>Forgets the state (<c>reset_state()</c>).</summary>
        public void ResetState() => H = null;

        /// <summary>One step: updates the state and returns it (<c>l(x)</c>).</summary>
        /// <param name="x">The input batch.</param>
        /// <returns>The new state.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            Variable z = W_z.Forward(x);
            Variable hBar = W.Forward(x);
            if (H is not null)
            {
                Variable r = Functions.Sigmoid(W_r.Forward(x) + U_r.Forward(H));
                z = z + U_z.Forward(H);
                hBar = hBar + U.Forward(r * H);
            }

            z = Functions.Sigmoid(z);
            hBar = Functions.Tanh(hBar);
            Variable hNew = H is not null ? Functions.LinearInterpolate(z, hBar, H) : z * hBar;
            H = LSTM.Keep(hNew);
            return hNew;
        }

        /// <inheritdoc/>
        protected override void OnCopied(CopyMode mode)
        {
            if (mode != CopyMode.Share)
            {
                ResetState();
            }
        }
    }

    /// <summary>An alias of <see cref="StatefulGRU"/> (<c>chainer.links.GRU</c>).</summary>
    public class GRU : StatefulGRU
    {
        /// <summary>Creates the layer (<c>L.GRU(in_size, out_size, init, inner_init, bias_init)</c>).</summary>
        /// <param name="inSize">The input size.</param>
        /// <param name="outSize">The number of units.</param>
        /// <param name="init">The initializer of the W* weights.</param>
        /// <param name="innerInit">The initializer of the U* weights.</param>
        /// <param name="biasInit">The initializer of the biases.</param>
        public GRU(int? inSize, int outSize, Initializer? init = null, Initializer? innerInit = null, Initializer? biasInit = null)
            : base(inSize, outSize, init, innerInit, biasInit)
        {
        }
    }
}
