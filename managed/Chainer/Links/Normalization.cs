using System;
using System.Collections.Generic;
using System.Linq;
using Chainer.Initializers;

namespace Chainer.Links
{
    /// <summary>
    /// Batch normalization (<c>chainer.links.BatchNormalization</c>). In training mode (<see cref="Config.Train"/>) it
    /// normalizes with the batch statistics and updates the running statistics <c>avg_mean</c> and <c>avg_var</c>
    /// (persistent values, saved with the model together with the count <c>N</c>); in test mode it uses the running
    /// statistics (<c>F.fixed_batch_normalization</c>).
    /// </summary>
    public class BatchNormalization : Link, IForward
    {
        private readonly Initializer? _initialAvgMean;
        private readonly Initializer? _initialAvgVar;

        /// <summary>Creates the link for <paramref name="size"/> channels (<c>L.BatchNormalization(size, decay=0.9, eps=2e-5, ...)</c>).</summary>
        /// <param name="size">The number of channels (the size of axis 1).</param>
        /// <param name="decay">The decay of the running statistics.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="dtype">The dtype of gamma, beta and the statistics; null is float32.</param>
        /// <param name="useGamma">Learn a scale gamma (ones at first).</param>
        /// <param name="useBeta">Learn a shift beta (zeros at first).</param>
        /// <param name="initialGamma">The initializer of gamma; null is 1.</param>
        /// <param name="initialBeta">The initializer of beta; null is 0.</param>
        /// <param name="axis">The axes the statistics are taken over, or null for all but axis 1.</param>
        /// <param name="initialAvgMean">The initializer of avg_mean; null is 0.</param>
        /// <param name="initialAvgVar">The initializer of avg_var; null is 1.</param>
        public BatchNormalization(int size, double decay = 0.9, double eps = 2e-5, DType? dtype = null, bool useGamma = true, bool useBeta = true,
            Initializer? initialGamma = null, Initializer? initialBeta = null, int[]? axis = null, Initializer? initialAvgMean = null,
            Initializer? initialAvgVar = null)
            : this(new long[] { size }, decay, eps, dtype, useGamma, useBeta, initialGamma, initialBeta, axis, initialAvgMean, initialAvgVar)
        {
        }

        /// <summary>
        /// Creates the link for a parameter shape, or, with <paramref name="size"/> null and <paramref name="axis"/> given,
        /// with the shape taken from the first batch (the axes of x not in <paramref name="axis"/>).
        /// </summary>
        /// <param name="size">The shape of gamma, beta and the statistics, or null.</param>
        /// <param name="decay">The decay of the running statistics.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="dtype">The dtype; null is float32.</param>
        /// <param name="useGamma">Learn a scale gamma.</param>
        /// <param name="useBeta">Learn a shift beta.</param>
        /// <param name="initialGamma">The initializer of gamma; null is 1.</param>
        /// <param name="initialBeta">The initializer of beta; null is 0.</param>
        /// <param name="axis">The axes the statistics are taken over, or null.</param>
        /// <param name="initialAvgMean">The initializer of avg_mean; null is 0.</param>
        /// <param name="initialAvgVar">The initializer of avg_var; null is 1.</param>
        /// <exception cref="ArgumentException">Neither size nor axis is given.</exception>
        public BatchNormalization(long[]? size, double decay = 0.9, double eps = 2e-5, DType? dtype = null, bool useGamma = true,
            bool useBeta = true, Initializer? initialGamma = null, Initializer? initialBeta = null, int[]? axis = null,
            Initializer? initialAvgMean = null, Initializer? initialAvgVar = null)
        {
            if (size is null && axis is null)
            {
                throw new ArgumentException("size or axis is required");
            }

            DType d = dtype ?? DType.Float32;
            if (!d.IsFloat())
            {
                throw new ArgumentException("The dtype of BatchNormalization must be float32 or float64.", nameof(dtype));
            }

            Decay = decay;
            Eps = eps;
            Axis = axis is null ? null : (int[])axis.Clone();
            Dtype = d;
            _initialAvgMean = initialAvgMean;
            _initialAvgVar = initialAvgVar;
            AddPersistent("N", 0L);
            if (useGamma)
            {
                gamma = AddParam("gamma", new Parameter(initialGamma ?? new Constant(1.0), null, d));
            }

            if (useBeta)
            {
                beta = AddParam("beta", new Parameter(initialBeta ?? new Constant(0.0), null, d));
            }

            AddPersistent("avg_mean", null);
            AddPersistent("avg_var", null);
            if (size is not null)
            {
                InitializeParams(size);
            }
        }

        /// <summary>The scale, or null without <c>useGamma</c>.</summary>
#pragma warning disable IDE1006 // Chainer's attribute names.
        public Parameter? gamma { get; }

        /// <summary>The shift, or null without <c>useBeta</c>.</summary>
        public Parameter? beta { get; }
#pragma warning restore IDE1006

        /// <summary>The running mean (persistent <c>avg_mean</c>), or null until the shape is known.</summary>
        public NdArray? AvgMean => PersistentArray("avg_mean");

        /// <summary>The running variance (persistent <c>avg_var</c>), or null until the shape is known.</summary>
        public NdArray? AvgVar => PersistentArray("avg_var");

        /// <summary>The number of batches seen in fine-tuning mode (persistent <c>N</c>).</summary>
        public long N
        {
            get => (long)GetPersistent("N")!;
            set => SetPersistentCore("N", value);
        }

        /// <summary>The decay of the running statistics.</summary>
        public double Decay { get; set; }

        /// <summary>The epsilon added to the variance.</summary>
        public double Eps { get; set; }

        /// <summary>The axes the statistics are taken over, or null for the default.</summary>
        public int[]? Axis { get; }

        /// <summary>The dtype of the parameters and statistics.</summary>
        public DType Dtype { get; }

        /// <summary>Normalizes <paramref name="x"/> (<c>bn(x)</c>).</summary>
        /// <param name="x">The input.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x) => Forward(x, finetune: false);

        /// <summary>
        /// Normalizes <paramref name="x"/> (<c>bn(x, finetune=...)</c>). In training mode with <paramref name="finetune"/>,
        /// N is incremented and the statistics are averaged with decay 1 - 1/N (population statistics).
        /// </summary>
        /// <param name="x">The input.</param>
        /// <param name="finetune">Accumulate population statistics.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x, bool finetune)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (AvgMean is null)
            {
                long[] shape = x.Shape;
                int[] axis = Axis!;
                InitializeParams(shape.Where((_, i) => !axis.Contains(i)).ToArray());
            }

            NdArray mean = AvgMean!;
            NdArray var = AvgVar!;
            var temporaries = new List<IDisposable>();
            try
            {
                Variable g = gamma ?? Constant(NdArray.FullLike(mean, mean.Shape, 1.0, Dtype), temporaries);
                Variable bt = beta ?? Constant(NdArray.FullLike(mean, mean.Shape, 0.0, Dtype), temporaries);
                if (Config.Train)
                {
                    double decay = Decay;
                    if (finetune)
                    {
                        N += 1;
                        decay = 1.0 - (1.0 / N);
                    }

                    return Functions.BatchNormalization(x, g, bt, Eps, mean, var, decay, Axis);
                }

                using var meanVar = new Variable(mean, requiresGrad: false);
                using var varVar = new Variable(var, requiresGrad: false);
                return Functions.FixedBatchNormalization(x, g, bt, meanVar, varVar, Eps, Axis);
            }
            finally
            {
                foreach (IDisposable t in temporaries)
                {
                    t.Dispose();
                }
            }
        }

        /// <summary>Resets N so that fine-tuning collects new population statistics (<c>start_finetuning</c>).</summary>
        public void StartFinetuning() => N = 0;

        private static Variable Constant(NdArray array, List<IDisposable> temporaries)
        {
            temporaries.Add(array);
            var v = new Variable(array, requiresGrad: false);
            temporaries.Add(v);
            return v;
        }

        private void InitializeParams(long[] shape)
        {
            using (NdArray mean = NdArray.Empty(shape, Dtype))
            {
                (_initialAvgMean ?? new Constant(0.0)).Initialize(mean);
                SetPersistentArray("avg_mean", mean);
            }

            using (NdArray var = NdArray.Empty(shape, Dtype))
            {
                (_initialAvgVar ?? new Constant(1.0)).Initialize(var);
                SetPersistentArray("avg_var", var);
            }

            gamma?.Initialize(shape);
            beta?.Initialize(shape);
        }
    }

    /// <summary>
    /// Layer normalization (<c>chainer.links.LayerNormalization</c>) of a 2-d (N, C) input, with learnable gamma (ones)
    /// and beta (zeros) of shape (C,); C is taken from the first batch when size is null.
    /// </summary>
    public class LayerNormalization : Link, IForward
    {
        /// <summary>Creates the link (<c>L.LayerNormalization(size=None, eps=1e-6, initial_gamma, initial_beta)</c>).</summary>
        /// <param name="size">The number of units, or null to infer it.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="initialGamma">The initializer of gamma; null is 1.</param>
        /// <param name="initialBeta">The initializer of beta; null is 0.</param>
        public LayerNormalization(int? size = null, double eps = 1e-6, Initializer? initialGamma = null, Initializer? initialBeta = null)
        {
            Eps = eps;
            gamma = AddParam("gamma", new Parameter(initialGamma ?? new Constant(1.0)));
            beta = AddParam("beta", new Parameter(initialBeta ?? new Constant(0.0)));
            if (size is int s)
            {
                InitializeParams(s);
            }
        }

        /// <summary>The scale.</summary>
#pragma warning disable IDE1006 // Chainer's attribute names.
        public Parameter gamma { get; }

        /// <summary>The shift.</summary>
        public Parameter beta { get; }
#pragma warning restore IDE1006

        /// <summary>The epsilon added to the variance.</summary>
        public double Eps { get; }

        /// <summary>Normalizes <paramref name="x"/> (<c>F.layer_normalization</c>).</summary>
        /// <param name="x">The (N, C) input.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!gamma.IsInitialized)
            {
                long[] shape = x.Shape;
                InitializeParams(checked((int)ShapeUtil.SizeOf(shape.Skip(1).ToArray())));
            }

            return Functions.LayerNormalization(x, gamma, beta, Eps);
        }

        private void InitializeParams(int size)
        {
            gamma.Initialize(new long[] { size });
            beta.Initialize(new long[] { size });
        }
    }

    /// <summary>
    /// Group normalization (<c>chainer.links.GroupNormalization</c>): the channels (axis 1) are split into groups,
    /// each normalized over its channels and the spatial axes; gamma (ones) and beta (zeros) have shape (C,).
    /// </summary>
    public class GroupNormalization : Link, IForward
    {
        /// <summary>Creates the link (<c>L.GroupNormalization(groups, size=None, eps=1e-5, initial_gamma, initial_beta)</c>).</summary>
        /// <param name="groups">The number of groups; it must divide the number of channels.</param>
        /// <param name="size">The number of channels, or null to infer it.</param>
        /// <param name="eps">Added to the variance.</param>
        /// <param name="initialGamma">The initializer of gamma; null is 1.</param>
        /// <param name="initialBeta">The initializer of beta; null is 0.</param>
        public GroupNormalization(int groups, int? size = null, double eps = 1e-5, Initializer? initialGamma = null, Initializer? initialBeta = null)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
            Groups = groups;
            Eps = eps;
            gamma = AddParam("gamma", new Parameter(initialGamma ?? new Constant(1.0), null, DType.Float32));
            beta = AddParam("beta", new Parameter(initialBeta ?? new Constant(0.0), null, DType.Float32));
            if (size is int s)
            {
                InitializeParams(s);
            }
        }

        /// <summary>The scale.</summary>
#pragma warning disable IDE1006 // Chainer's attribute names.
        public Parameter gamma { get; }

        /// <summary>The shift.</summary>
        public Parameter beta { get; }
#pragma warning restore IDE1006

        /// <summary>The number of groups.</summary>
        public int Groups { get; }

        /// <summary>The epsilon added to the variance.</summary>
        public double Eps { get; }

        /// <summary>Normalizes <paramref name="x"/> (<c>F.group_normalization</c>).</summary>
        /// <param name="x">The (N, C, ...) input.</param>
        /// <returns>The output.</returns>
        public Variable Forward(Variable x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (!gamma.IsInitialized)
            {
                if (x.Ndim < 2)
                {
                    throw new ArgumentException("Input dimension must be at least 2, including batch size dimension (first dimension).", nameof(x));
                }

                InitializeParams(checked((int)x.Shape[1]));
            }

            return Functions.GroupNormalization(x, Groups, gamma, beta, Eps);
        }

        private void InitializeParams(int size)
        {
            gamma.Initialize(new long[] { size });
            beta.Initialize(new long[] { size });
        }
    }
}
