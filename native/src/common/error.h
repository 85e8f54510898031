// The one error hierarchy of the core. The C API maps each class to a
// ch_status code (capi/guard.h); nothing else decides codes.
#pragma once

#include <stdexcept>
#include <string>

#include "chainer/chainer.h"

namespace chainer {

class ChainerError : public std::runtime_error {
 public:
  explicit ChainerError(const std::string& message) : std::runtime_error(message) {}
  virtual ch_status status() const noexcept { return CH_ERROR_INTERNAL; }
};

#define CHAINER_DEFINE_ERROR(Name, Base, Code)                              \
  class Name : public Base {                                               \
   public:                                                                 \
    explicit Name(const std::string& message) : Base(message) {}           \
    ch_status status() const noexcept override { return Code; }            \
  };

CHAINER_DEFINE_ERROR(InvalidArgumentError, ChainerError, CH_ERROR_INVALID_ARGUMENT)
CHAINER_DEFINE_ERROR(InvalidTypeError, ChainerError, CH_ERROR_INVALID_TYPE)
CHAINER_DEFINE_ERROR(ShapeMismatchError, InvalidTypeError, CH_ERROR_SHAPE_MISMATCH)
CHAINER_DEFINE_ERROR(DtypeMismatchError, InvalidTypeError, CH_ERROR_DTYPE_MISMATCH)
CHAINER_DEFINE_ERROR(IndexError, ChainerError, CH_ERROR_INDEX_OUT_OF_RANGE)
CHAINER_DEFINE_ERROR(NullArgumentError, ChainerError, CH_ERROR_NULL_ARGUMENT)
CHAINER_DEFINE_ERROR(GradientError, ChainerError, CH_ERROR_GRADIENT)
CHAINER_DEFINE_ERROR(DeviceError, ChainerError, CH_ERROR_DEVICE)
CHAINER_DEFINE_ERROR(NotSupportedError, ChainerError, CH_ERROR_NOT_SUPPORTED)
CHAINER_DEFINE_ERROR(InternalError, ChainerError, CH_ERROR_INTERNAL)
// Device memory exhausted (host exhaustion stays std::bad_alloc).
CHAINER_DEFINE_ERROR(OutOfMemoryError, ChainerError, CH_ERROR_OUT_OF_MEMORY)

#undef CHAINER_DEFINE_ERROR

// Throws the error class of a non-OK status code with `message`.
[[noreturn]] void ThrowStatus(int32_t status, const std::string& message);

}  // namespace chainer
