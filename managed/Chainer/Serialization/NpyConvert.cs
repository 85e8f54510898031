using System;
using Chainer.Serialization;

namespace Chainer
{
    /// <summary>Conversions between <see cref="NdArray"/> and the codec's <see cref="NpyArray"/>, with NumPy's casting rules.</summary>
    internal static class NpyConvert
    {
        /// <summary>A host snapshot of <paramref name="array"/> (C order).</summary>
        internal static NpyArray FromNdArray(NdArray array)
        {
            long[] shape = array.Shape;
            return array.Dtype switch
            {
                DType.Float32 => NpyArray.FromSpan<float>(array.ToArray<float>(), shape),
                DType.Float64 => NpyArray.FromSpan<double>(array.ToArray<double>(), shape),
                DType.Int32 => NpyArray.FromSpan<int>(array.ToArray<int>(), shape),
                DType.Int64 => NpyArray.FromSpan<long>(array.ToArray<long>(), shape),
                DType.Bool => NpyArray.FromSpan<bool>(array.ToArray<bool>(), shape),
                _ => throw new NotSupportedException($"Cannot save an array of dtype {array.Dtype.Name()}."),
            };
        }

        /// <summary>The NdArray dtype a stored dtype loads as when there is no target: itself when NdArray has it, else the nearest wider one.</summary>
        internal static DType NaturalDType(NpyDType dtype) => dtype switch
        {
            NpyDType.Bool => DType.Bool,
            NpyDType.Int8 or NpyDType.UInt8 or NpyDType.Int16 or NpyDType.UInt16 or NpyDType.Int32 => DType.Int32,
            NpyDType.UInt32 or NpyDType.Int64 or NpyDType.UInt64 => DType.Int64,
            NpyDType.Float16 or NpyDType.Float32 => DType.Float32,
            NpyDType.Float64 => DType.Float64,
            _ => throw new NotSupportedException($"Cannot load an array of dtype {dtype}."),
        };

        /// <summary>NumPy's name of a stored dtype (float32, int64, ...).</summary>
        internal static string Name(NpyDType dtype) => dtype.ToString().ToLowerInvariant();

        /// <summary>
        /// Whether NumPy's <c>can_cast(from, to, 'same_kind')</c> holds: a cast within a kind, or to a later kind in
        /// the order bool &lt; unsigned &lt; signed &lt; float.
        /// </summary>
        internal static bool CanCastSameKind(NpyDType from, DType to) => KindRank(from) <= KindRank(to);

        /// <summary>A new array holding <paramref name="source"/> (registered with the current memory scope).</summary>
        internal static NdArray ToNdArray(NpyArray source)
        {
            DType dtype = NaturalDType(source.DType);
            NdArray result = NdArray.Empty(source.ShapeToArray(), dtype);
            try
            {
                Fill(result, source);
            }
            catch
            {
                result.Dispose();
                throw;
            }

            return result;
        }

        /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> after checking shape and same-kind casting.</summary>
        internal static void CopyInto(NpyArray source, NdArray target, string? file, string key)
        {
            long[] expected = target.Shape;
            long[] actual = source.ShapeToArray();
            if (!ShapeUtil.Equal(expected, actual))
            {
                throw new SerializationShapeMismatchException(file, key, expected, actual);
            }

            if (!CanCastSameKind(source.DType, target.Dtype))
            {
                throw new SerializationDTypeMismatchException(file, key, target.Dtype.Name(), Name(source.DType));
            }

            Fill(target, source);
        }

        /// <summary>The stored value as a C# long (Chainer: integers load into a Python int; floats are refused).</summary>
        internal static long ToInt64(NpyArray source, string? file, string key)
        {
            RequireSingle(source, file, key, "int");
            if (KindRank(source.DType) > 2)
            {
                throw new SerializationDTypeMismatchException(file, key, "int", Name(source.DType));
            }

            try
            {
                return source.ToInt64Array()[0];
            }
            catch (InvalidOperationException e)
            {
                throw new SerializationException(SerializationException.Compose(e.Message, file, key), file, key, e);
            }
        }

        /// <summary>The stored value as a double (Chainer: safe casts into a Python float).</summary>
        internal static double ToDouble(NpyArray source, string? file, string key)
        {
            RequireSingle(source, file, key, "float");
            return source.ToDoubleArray()[0];
        }

        /// <summary>The stored value as a bool (only a bool array casts safely to bool).</summary>
        internal static bool ToBool(NpyArray source, string? file, string key)
        {
            RequireSingle(source, file, key, "bool");
            if (source.DType != NpyDType.Bool)
            {
                throw new SerializationDTypeMismatchException(file, key, "bool", Name(source.DType));
            }

            return source.AsSpan<bool>()[0];
        }

        private static void RequireSingle(NpyArray source, string? file, string key, string target)
        {
            if (source.Size != 1)
            {
                throw new SerializationShapeMismatchException(file, key, Array.Empty<long>(), source.ShapeToArray());
            }

            _ = target;
        }

        private static int KindRank(NpyDType dtype) => dtype switch
        {
            NpyDType.Bool => 0,
            NpyDType.UInt8 or NpyDType.UInt16 or NpyDType.UInt32 or NpyDType.UInt64 => 1,
            NpyDType.Int8 or NpyDType.Int16 or NpyDType.Int32 or NpyDType.Int64 => 2,
            _ => 3,
        };

        private static int KindRank(DType dtype) => dtype switch
        {
            DType.Bool => 0,
            DType.Int32 or DType.Int64 => 2,
            _ => 3,
        };

        private static void Fill(NdArray target, NpyArray source)
        {
            switch (target.Dtype)
            {
                case DType.Float32:
                    if (source.DType == NpyDType.Float32)
                    {
                        target.CopyFrom(source.ToArray<float>());
                    }
                    else
                    {
                        double[] d = source.ToDoubleArray();
                        var f = new float[d.Length];
                        for (int i = 0; i < d.Length; i++)
                        {
                            f[i] = (float)d[i];
                        }

                        target.CopyFrom(f);
                    }

                    break;
                case DType.Float64:
                    target.CopyFrom(source.ToDoubleArray());
                    break;
                case DType.Int64:
                    target.CopyFrom(IntegerValues(source));
                    break;
                case DType.Int32:
                    {
                        long[] l = IntegerValues(source);
                        var v = new int[l.Length];
                        for (int i = 0; i < l.Length; i++)
                        {
                            v[i] = unchecked((int)l[i]);
                        }

                        target.CopyFrom(v);
                        break;
                    }

                case DType.Bool:
                    if (source.DType == NpyDType.Bool)
                    {
                        target.CopyFrom(source.ToArray<bool>());
                    }
                    else
                    {
                        double[] d = source.ToDoubleArray();
                        var b = new bool[d.Length];
                        for (int i = 0; i < d.Length; i++)
                        {
                            b[i] = d[i] != 0;
                        }

                        target.CopyFrom(b);
                    }

                    break;
                default:
                    throw new NotSupportedException($"Cannot load into an array of dtype {target.Dtype.Name()}.");
            }
        }

        private static long[] IntegerValues(NpyArray source)
        {
            if (source.DType is NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64)
            {
                // Only reached without a kind check (an uninitialized target); truncate as NumPy's unsafe cast does.
                double[] d = source.ToDoubleArray();
                var l = new long[d.Length];
                for (int i = 0; i < d.Length; i++)
                {
                    l[i] = (long)d[i];
                }

                return l;
            }

            if (source.DType == NpyDType.UInt64)
            {
                ReadOnlySpan<ulong> u = source.AsSpan<ulong>();
                var l = new long[u.Length];
                for (int i = 0; i < u.Length; i++)
                {
                    l[i] = unchecked((long)u[i]);
                }

                return l;
            }

            return source.ToInt64Array();
        }
    }
}
