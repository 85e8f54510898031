namespace Chainer.Serialization
{
    /// <summary>The element types an <see cref="NpyArray"/> can hold: NumPy's fixed-size numeric types.</summary>
    /// <remarks>
    /// Chainer itself writes float16/32/64, int32, int64 and bool; the other integer widths are
    /// accepted because they cost nothing here and a user's hand-made file may contain them.
    /// </remarks>
    internal enum NpyDType
    {
        /// <summary>numpy.bool_, one byte holding 0 or 1 ('|b1').</summary>
        Bool,

        /// <summary>numpy.int8 ('|i1').</summary>
        Int8,

        /// <summary>numpy.uint8 ('|u1').</summary>
        UInt8,

        /// <summary>numpy.int16 ('&lt;i2').</summary>
        Int16,

        /// <summary>numpy.uint16 ('&lt;u2').</summary>
        UInt16,

        /// <summary>numpy.int32 ('&lt;i4').</summary>
        Int32,

        /// <summary>numpy.uint32 ('&lt;u4').</summary>
        UInt32,

        /// <summary>numpy.int64 ('&lt;i8').</summary>
        Int64,

        /// <summary>numpy.uint64 ('&lt;u8').</summary>
        UInt64,

        /// <summary>numpy.float16 ('&lt;f2').</summary>
        Float16,

        /// <summary>numpy.float32 ('&lt;f4').</summary>
        Float32,

        /// <summary>numpy.float64 ('&lt;f8').</summary>
        Float64,

        /// <summary>
        /// numpy.object_ ('|O'), read and written only for the 0-d array holding None that Chainer's save_npz writes
        /// for an uninitialized parameter (see <see cref="NpyArray.None"/>).
        /// </summary>
        Object,
    }
}
