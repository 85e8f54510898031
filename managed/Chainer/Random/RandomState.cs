using System;
using System.Security.Cryptography;
using System.Threading;

namespace Chainer
{
    /// <summary>
    /// A Mersenne Twister (MT19937) generator that reproduces NumPy's legacy
    /// <c>numpy.random.RandomState</c> value for value: the same seed and the same
    /// sequence of calls give bit-identical results, so examples written against
    /// <c>np.random.seed(...)</c> print the same numbers in C#.
    /// </summary>
    /// <remarks>
    /// All members are thread-safe (each instance serialises access with its own
    /// lock, as NumPy's RandomState does). Method names follow NumPy's:
    /// <see cref="RandomSample()"/> is <c>random_sample</c>,
    /// <see cref="StandardNormal()"/> is <c>standard_normal</c>,
    /// <see cref="RandInt(long, long)"/> is <c>randint</c> with the default int64 dtype.
    /// </remarks>
    public sealed class RandomState
    {
        private const int StateLength = 624;
        private const int ShiftSize = 397;
        private const uint MatrixA = 0x9908b0dfU;
        private const uint UpperMask = 0x80000000U;
        private const uint LowerMask = 0x7fffffffU;

        private static readonly RandomState DefaultInstance = new RandomState();

        private readonly uint[] key = new uint[StateLength];
        private readonly Lock sync = new Lock();
        private int position;

        // The polar method yields normals in pairs; NumPy's legacy generator keeps
        // the second one for the next call, and seeding discards it.
        private bool hasGauss;
        private double gauss;

        /// <summary>Creates a generator seeded like <c>numpy.random.RandomState(seed)</c>.</summary>
        /// <param name="seed">The seed (NumPy accepts 0 to 2**32 - 1).</param>
        public RandomState(uint seed)
        {
            Seed(seed);
        }

        /// <summary>Creates a generator seeded from operating-system entropy, like <c>numpy.random.RandomState()</c>.</summary>
        public RandomState()
        {
            Span<uint> entropy = stackalloc uint[8];
            RandomNumberGenerator.Fill(System.Runtime.InteropServices.MemoryMarshal.AsBytes(entropy));
            Seed(entropy);
        }

        /// <summary>
        /// The process-wide generator, the counterpart of the functions in
        /// <c>numpy.random</c> (<c>np.random.seed(0)</c> is <c>RandomState.Default.Seed(0)</c>).
        /// Seeded from entropy until <see cref="Seed(uint)"/> is called.
        /// </summary>
        public static RandomState Default => DefaultInstance;

        /// <summary>Re-seeds the generator like <c>RandomState.seed(seed)</c>, discarding any cached normal value.</summary>
        /// <param name="seed">The seed.</param>
        public void Seed(uint seed)
        {
            lock (sync)
            {
                InitGenRand(seed);
                hasGauss = false;
                gauss = 0;
            }
        }

        /// <summary>
        /// Re-seeds from a key, like <c>RandomState.seed(array_of_uint32)</c>
        /// (MT19937's <c>init_by_array</c>).
        /// </summary>
        /// <param name="seedKey">The key words; must not be empty.</param>
        internal void Seed(ReadOnlySpan<uint> seedKey)
        {
            if (seedKey.IsEmpty)
            {
                throw new ArgumentException("The seed key must not be empty.", nameof(seedKey));
            }

            lock (sync)
            {
                InitByArray(seedKey);
                hasGauss = false;
                gauss = 0;
            }
        }

        /// <summary>Returns the next raw 32-bit output of the generator.</summary>
        /// <returns>A uniformly distributed 32-bit integer.</returns>
        public uint NextUInt32()
        {
            lock (sync)
            {
                return Next32();
            }
        }

        /// <summary>A double in [0, 1) with 53 random bits, like <c>random_sample()</c>.</summary>
        /// <returns>The sample.</returns>
        public double RandomSample()
        {
            lock (sync)
            {
                return NextDouble();
            }
        }

        /// <summary>Fills <paramref name="destination"/> with <c>random_sample(size)</c> values, in order.</summary>
        /// <param name="destination">Where to write the samples.</param>
        public void RandomSample(Span<double> destination)
        {
            lock (sync)
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = NextDouble();
                }
            }
        }

        /// <summary>A standard normal sample, like <c>standard_normal()</c> (legacy polar Box–Muller).</summary>
        /// <returns>The sample.</returns>
        public double StandardNormal()
        {
            lock (sync)
            {
                return Gauss();
            }
        }

        /// <summary>Fills <paramref name="destination"/> with <c>standard_normal(size)</c> values, in order.</summary>
        /// <param name="destination">Where to write the samples.</param>
        public void StandardNormal(Span<double> destination)
        {
            lock (sync)
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = Gauss();
                }
            }
        }

        /// <summary>A normal sample <c>loc + scale * standard_normal()</c>, like <c>normal(loc, scale)</c>.</summary>
        /// <param name="loc">The mean.</param>
        /// <param name="scale">The standard deviation; must not be negative.</param>
        /// <returns>The sample.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative.</exception>
        public double Normal(double loc, double scale)
        {
            CheckScale(scale);
            lock (sync)
            {
                return loc + scale * Gauss();
            }
        }

        /// <summary>Fills <paramref name="destination"/> with <c>normal(loc, scale, size)</c> values, in order.</summary>
        /// <param name="destination">Where to write the samples.</param>
        /// <param name="loc">The mean.</param>
        /// <param name="scale">The standard deviation; must not be negative.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative.</exception>
        public void Normal(Span<double> destination, double loc, double scale)
        {
            CheckScale(scale);
            lock (sync)
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = loc + scale * Gauss();
                }
            }
        }

        /// <summary>A sample from [low, high), computed as <c>low + (high - low) * random_sample()</c> like <c>uniform(low, high)</c>.</summary>
        /// <param name="low">The lower bound.</param>
        /// <param name="high">The upper bound (NumPy allows it below <paramref name="low"/>).</param>
        /// <returns>The sample.</returns>
        /// <exception cref="OverflowException"><c>high - low</c> is not finite.</exception>
        public double Uniform(double low, double high)
        {
            double range = CheckRange(low, high);
            lock (sync)
            {
                return low + range * NextDouble();
            }
        }

        /// <summary>Fills <paramref name="destination"/> with <c>uniform(low, high, size)</c> values, in order.</summary>
        /// <param name="destination">Where to write the samples.</param>
        /// <param name="low">The lower bound.</param>
        /// <param name="high">The upper bound.</param>
        /// <exception cref="OverflowException"><c>high - low</c> is not finite.</exception>
        public void Uniform(Span<double> destination, double low, double high)
        {
            double range = CheckRange(low, high);
            lock (sync)
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = low + range * NextDouble();
                }
            }
        }

        /// <summary>An integer in [low, high), like <c>randint(low, high)</c> with NumPy's default int64 dtype.</summary>
        /// <param name="low">The smallest value that can be returned.</param>
        /// <param name="high">One past the largest value that can be returned.</param>
        /// <returns>The sample.</returns>
        /// <exception cref="ArgumentException"><paramref name="low"/> is not below <paramref name="high"/>.</exception>
        public long RandInt(long low, long high)
        {
            if (low >= high)
            {
                throw new ArgumentException($"low >= high ({low} >= {high}).", nameof(low));
            }

            // Offset and span of the closed interval [low, high - 1], as unsigned
            // 64-bit numbers so that the full int64 range fits.
            ulong span = unchecked((ulong)(high - 1) - (ulong)low);
            ulong offset = unchecked((ulong)low);
            if (span == 0)
            {
                return low;
            }

            ulong draw;
            lock (sync)
            {
                if (span <= uint.MaxValue)
                {
                    if (span == uint.MaxValue)
                    {
                        draw = Next32();
                    }
                    else
                    {
                        // Legacy randint rejects masked draws (not Lemire's method).
                        uint mask = (uint)SpanMask(span);
                        uint v;
                        do
                        {
                            v = Next32() & mask;
                        }
                        while (v > span);
                        draw = v;
                    }
                }
                else if (span == ulong.MaxValue)
                {
                    draw = Next64();
                }
                else
                {
                    ulong mask = SpanMask(span);
                    do
                    {
                        draw = Next64() & mask;
                    }
                    while (draw > span);
                }
            }

            return unchecked((long)(offset + draw));
        }

        /// <summary>A random permutation of 0 .. n-1, like <c>permutation(n)</c>.</summary>
        /// <param name="n">The number of elements; must not be negative.</param>
        /// <returns>The permuted integers.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
        public int[] Permutation(int n)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(n);
            var result = new int[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = i;
            }

            Shuffle(result);
            return result;
        }

        /// <summary>Shuffles <paramref name="values"/> in place, like <c>shuffle(x)</c> on a 1-d array (Fisher–Yates from the end).</summary>
        /// <typeparam name="T">The element type.</typeparam>
        /// <param name="values">The elements to shuffle.</param>
        public void Shuffle<T>(Span<T> values)
        {
            lock (sync)
            {
                for (int i = values.Length - 1; i > 0; i--)
                {
                    int j = (int)Interval((uint)i);
                    (values[i], values[j]) = (values[j], values[i]);
                }
            }
        }

        private static void CheckScale(double scale)
        {
            // NumPy rejects any value with the sign bit set (even -0.0) but lets nan through.
            if (!double.IsNaN(scale) && double.IsNegative(scale))
            {
                throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale < 0");
            }
        }

        private static double CheckRange(double low, double high)
        {
            double range = high - low;
            if (!double.IsFinite(range))
            {
                throw new OverflowException("Range exceeds valid bounds.");
            }

            return range;
        }

        /// <summary>The smallest all-ones bit mask covering <paramref name="max"/>.</summary>
        private static ulong SpanMask(ulong max)
        {
            ulong mask = max;
            mask |= mask >> 1;
            mask |= mask >> 2;
            mask |= mask >> 4;
            mask |= mask >> 8;
            mask |= mask >> 16;
            mask |= mask >> 32;
            return mask;
        }

        /// <summary>A value in [0, max] by masked rejection (NumPy's random_interval). Caller holds the lock.</summary>
        private uint Interval(uint max)
        {
            if (max == 0)
            {
                return 0;
            }

            uint mask = (uint)SpanMask(max);
            uint value;
            do
            {
                value = Next32() & mask;
            }
            while (value > max);
            return value;
        }

        /// <summary>Legacy gauss: polar Box–Muller, returning one value and caching the other. Caller holds the lock.</summary>
        private double Gauss()
        {
            if (hasGauss)
            {
                hasGauss = false;
                double cached = gauss;
                gauss = 0;
                return cached;
            }

            double x1;
            double x2;
            double r2;
            do
            {
                x1 = 2.0 * NextDouble() - 1.0;
                x2 = 2.0 * NextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            }
            while (r2 >= 1.0 || r2 == 0.0);

            double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
            gauss = f * x1;
            hasGauss = true;
            return f * x2;
        }

        /// <summary>53-bit double from two outputs (27 + 26 bits). Caller holds the lock.</summary>
        private double NextDouble()
        {
            uint a = Next32() >> 5;
            uint b = Next32() >> 6;
            return (a * 67108864.0 + b) / 9007199254740992.0;
        }

        /// <summary>Two outputs, the first one in the high word. Caller holds the lock.</summary>
        private ulong Next64()
        {
            ulong high = Next32();
            ulong low = Next32();
            return (high << 32) | low;
        }

        /// <summary>One tempered MT19937 output. Caller holds the lock.</summary>
        private uint Next32()
        {
            if (position == StateLength)
            {
                Regenerate();
            }

            uint y = key[position++];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680U;
            y ^= (y << 15) & 0xefc60000U;
            y ^= y >> 18;
            return y;
        }

        private void Regenerate()
        {
            int i = 0;
            uint y;
            for (; i < StateLength - ShiftSize; i++)
            {
                y = (key[i] & UpperMask) | (key[i + 1] & LowerMask);
                key[i] = key[i + ShiftSize] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }

            for (; i < StateLength - 1; i++)
            {
                y = (key[i] & UpperMask) | (key[i + 1] & LowerMask);
                key[i] = key[i + ShiftSize - StateLength] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            }

            y = (key[StateLength - 1] & UpperMask) | (key[0] & LowerMask);
            key[StateLength - 1] = key[ShiftSize - 1] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0U);
            position = 0;
        }

        private void InitGenRand(uint seed)
        {
            key[0] = seed;
            for (int i = 1; i < StateLength; i++)
            {
                uint prev = key[i - 1];
                key[i] = unchecked(1812433253U * (prev ^ (prev >> 30)) + (uint)i);
            }

            position = StateLength;
        }

        private void InitByArray(ReadOnlySpan<uint> seedKey)
        {
            InitGenRand(19650218U);
            int i = 1;
            int j = 0;
            for (int k = Math.Max(StateLength, seedKey.Length); k > 0; k--)
            {
                uint prev = key[i - 1];
                key[i] = unchecked((key[i] ^ ((prev ^ (prev >> 30)) * 1664525U)) + seedKey[j] + (uint)j);
                i++;
                j++;
                if (i >= StateLength)
                {
                    key[0] = key[StateLength - 1];
                    i = 1;
                }

                if (j >= seedKey.Length)
                {
                    j = 0;
                }
            }

            for (int k = StateLength - 1; k > 0; k--)
            {
                uint prev = key[i - 1];
                key[i] = unchecked((key[i] ^ ((prev ^ (prev >> 30)) * 1566083941U)) - (uint)i);
                i++;
                if (i >= StateLength)
                {
                    key[0] = key[StateLength - 1];
                    i = 1;
                }
            }

            // Guarantees a non-zero state whatever the key.
            key[0] = 0x80000000U;
            position = StateLength;
        }
    }
}
