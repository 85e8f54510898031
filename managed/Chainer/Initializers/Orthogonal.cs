using System;

namespace Chainer.Initializers
{
    /// <summary>What <see cref="Orthogonal"/> asserts about the shape (Chainer's <c>mode</c>).</summary>
    public enum OrthogonalMode
    {
        /// <summary><c>'auto'</c>: no assertion; rows or columns are orthonormal, whichever are fewer.</summary>
        Auto,

        /// <summary><c>'projection'</c>: requires out_dim &lt;= in_dim (orthonormal rows).</summary>
        Projection,

        /// <summary><c>'embedding'</c>: requires out_dim &gt;= in_dim (orthonormal columns).</summary>
        Embedding,

        /// <summary><c>'basis'</c>: requires out_dim == in_dim.</summary>
        Basis,
    }

    /// <summary>
    /// Initializes with a scaled (semi-)orthogonal matrix (<c>chainer.initializers.Orthogonal</c>): a matrix of
    /// standard normal draws (out_dim × in_dim, in_dim being the product of the trailing axes, drawn in C order) is
    /// QR-decomposed (transposed first when it is wide), the signs are fixed so that R's diagonal is positive, and
    /// Q is multiplied by <see cref="Scale"/>. A 0-d array gets ±scale from one <c>randint(2)</c> draw.
    /// </summary>
    public class Orthogonal : Initializer
    {
        /// <summary>Creates the initializer.</summary>
        /// <param name="scale">The factor Q is multiplied by.</param>
        /// <param name="dtype">The dtype, or null.</param>
        /// <param name="mode">The shape assertion.</param>
        /// <param name="rng">The generator; null uses <see cref="RandomState.Default"/>.</param>
        public Orthogonal(double scale = 1.1, DType? dtype = null, OrthogonalMode mode = OrthogonalMode.Auto, RandomState? rng = null)
            : base(dtype, rng)
        {
            if (mode is not (OrthogonalMode.Auto or OrthogonalMode.Projection or OrthogonalMode.Embedding or OrthogonalMode.Basis))
            {
                throw new ArgumentException($"Invalid mode: {mode}. Choose from Auto, Projection, Embedding, Basis.", nameof(mode));
            }

            Scale = scale;
            Mode = mode;
        }

        /// <summary>The factor Q is multiplied by.</summary>
        public double Scale { get; }

        /// <summary>The shape assertion.</summary>
        public OrthogonalMode Mode { get; }

        /// <inheritdoc/>
        public override void Initialize(NdArray array)
        {
            CheckArray(array);
            long[] shape = array.Shape;
            if (shape.Length == 0)
            {
                long a = Generator.RandInt(0, 2);
                array.Fill(Scale * ((2 * a) - 1));
                return;
            }

            if (array.Size == 0)
            {
                throw new ArgumentException("Array to be initialized must be non-empty.", nameof(array));
            }

            long outDim = shape[0];
            long inDim = array.Size / outDim;
            bool assertEmbedding = Mode is OrthogonalMode.Embedding or OrthogonalMode.Basis;
            bool assertProjection = Mode is OrthogonalMode.Projection or OrthogonalMode.Basis;
            if ((inDim > outDim && assertEmbedding) || (inDim < outDim && assertProjection))
            {
                throw new ArgumentException(
                    $"Cannot make orthogonal {Mode.ToString().ToLowerInvariant()}. shape = {ShapeUtil.Format(shape)}, " +
                    $"interpreted as {inDim}-dim input and {outDim}-dim output.",
                    nameof(array));
            }

            int rows = (int)outDim;
            int cols = (int)inDim;
            double[] draws = HostBuffer(array);
            Generator.StandardNormal(draws);

            // Work on the tall matrix m×n (m >= n): the draws, or their transpose when they are wide.
            bool transpose = inDim > outDim;
            int m = transpose ? cols : rows;
            int n = transpose ? rows : cols;
            var a2 = new double[m, n];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    if (transpose)
                    {
                        a2[j, i] = draws[(i * cols) + j];
                    }
                    else
                    {
                        a2[i, j] = draws[(i * cols) + j];
                    }
                }
            }

            double[,] q = ReducedQ(a2, Scale);
            var result = new double[rows * cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    result[(i * cols) + j] = transpose ? q[j, i] : q[i, j];
                }
            }

            array.CopyFrom(result);
        }

        /// <summary>
        /// The reduced Q (m×n) of a tall matrix by Householder reflections, with column j multiplied by
        /// copysign(scale, R[j, j]), as <c>q *= numpy.copysign(scale, numpy.diag(r))</c> after <c>numpy.linalg.qr</c>.
        /// </summary>
        internal static double[,] ReducedQ(double[,] a, double scale)
        {
            int m = a.GetLength(0);
            int n = a.GetLength(1);
            var r = (double[,])a.Clone();
            var vs = new double[n][];
            var betas = new double[n];
            for (int k = 0; k < n; k++)
            {
                double norm = 0;
                for (int i = k; i < m; i++)
                {
                    norm = Hypot(norm, r[i, k]);
                }

                var v = new double[m - k];
                double alpha = r[k, k] >= 0 ? -norm : norm;
                for (int i = k; i < m; i++)
                {
                    v[i - k] = r[i, k];
                }

                v[0] -= alpha;
                double vnorm2 = 0;
                for (int i = 0; i < v.Length; i++)
                {
                    vnorm2 += v[i] * v[i];
                }

                double beta = vnorm2 == 0 ? 0 : 2.0 / vnorm2;
                vs[k] = v;
                betas[k] = beta;
                for (int j = k; j < n; j++)
                {
                    double dot = 0;
                    for (int i = k; i < m; i++)
                    {
                        dot += v[i - k] * r[i, j];
                    }

                    dot *= beta;
                    for (int i = k; i < m; i++)
                    {
                        r[i, j] -= dot * v[i - k];
                    }
                }
            }

            // Q = H0 H1 ... H(n-1) applied to the first n columns of the identity.
            var q = new double[m, n];
            for (int j = 0; j < n; j++)
            {
                q[j, j] = 1.0;
            }

            for (int k = n - 1; k >= 0; k--)
            {
                double[] v = vs[k];
                double beta = betas[k];
                for (int j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (int i = k; i < m; i++)
                    {
                        dot += v[i - k] * q[i, j];
                    }

                    dot *= beta;
                    for (int i = k; i < m; i++)
                    {
                        q[i, j] -= dot * v[i - k];
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                double factor = Math.CopySign(scale, r[j, j]);
                for (int i = 0; i < m; i++)
                {
                    q[i, j] *= factor;
                }
            }

            return q;
        }

        private static double Hypot(double a, double b)
        {
            a = Math.Abs(a);
            b = Math.Abs(b);
            double big = Math.Max(a, b);
            if (big == 0)
            {
                return 0;
            }

            double small = Math.Min(a, b) / big;
            return big * Math.Sqrt(1 + (small * small));
        }
    }
}
