#include "common/error.h"

namespace chainer {

void ThrowStatus(int32_t status, const std::string& message) {
  switch (status) {
    case CH_ERROR_INVALID_ARGUMENT: throw InvalidArgumentError(message);
    case CH_ERROR_INVALID_TYPE: throw InvalidTypeError(message);
    case CH_ERROR_SHAPE_MISMATCH: throw ShapeMismatchError(message);
    case CH_ERROR_DTYPE_MISMATCH: throw DtypeMismatchError(message);
    case CH_ERROR_INDEX_OUT_OF_RANGE: throw IndexError(message);
    case CH_ERROR_NULL_ARGUMENT: throw NullArgumentError(message);
    case CH_ERROR_GRADIENT: throw GradientError(message);
    case CH_ERROR_DEVICE: throw DeviceError(message);
    case CH_ERROR_OUT_OF_MEMORY: throw OutOfMemoryError(message);
    case CH_ERROR_NOT_SUPPORTED: throw NotSupportedError(message);
    default: throw InternalError(message);
  }
}

}  // namespace chainer
