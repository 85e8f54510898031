namespace Chainer
{
    /// <summary>The status codes of the native C API (<c>ch_status</c>), carried by <see cref="ChainerException.Status"/>.</summary>
    public enum ChainerStatus
    {
        /// <summary>Success (<c>CH_OK</c>).</summary>
        Ok = 0,

        /// <summary>A value is out of its domain (<c>CH_ERROR_INVALID_ARGUMENT</c>).</summary>
        InvalidArgument = 1,

        /// <summary>A Chainer type check failed (<c>CH_ERROR_INVALID_TYPE</c>).</summary>
        InvalidType = 2,

        /// <summary>Shapes cannot be broadcast or do not match (<c>CH_ERROR_SHAPE_MISMATCH</c>).</summary>
        ShapeMismatch = 3,

        /// <summary>dtypes do not match or are not allowed (<c>CH_ERROR_DTYPE_MISMATCH</c>).</summary>
        DTypeMismatch = 4,

        /// <summary>An index or axis lies outside its range (<c>CH_ERROR_INDEX_OUT_OF_RANGE</c>).</summary>
        IndexOutOfRange = 5,

        /// <summary>A required handle or pointer was NULL (<c>CH_ERROR_NULL_ARGUMENT</c>).</summary>
        NullArgument = 6,

        /// <summary>Backpropagation cannot proceed (<c>CH_ERROR_GRADIENT</c>).</summary>
        Gradient = 7,

        /// <summary>Device not available or arrays on different devices (<c>CH_ERROR_DEVICE</c>).</summary>
        Device = 8,

        /// <summary>Host or device memory exhausted (<c>CH_ERROR_OUT_OF_MEMORY</c>).</summary>
        OutOfMemory = 9,

        /// <summary>The operation is not supported for these arguments (<c>CH_ERROR_NOT_SUPPORTED</c>).</summary>
        NotSupported = 10,

        /// <summary>A bug in the native library (<c>CH_ERROR_INTERNAL</c>).</summary>
        Internal = 11,
    }
}
