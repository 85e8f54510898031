#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "chainer/chainer.h"
#include "common/error.h"

namespace chainer {

enum class Dtype : int32_t {
  kBool = CH_DTYPE_BOOL,
  kInt32 = CH_DTYPE_INT32,
  kInt64 = CH_DTYPE_INT64,
  kFloat32 = CH_DTYPE_FLOAT32,
  kFloat64 = CH_DTYPE_FLOAT64,
};

inline bool IsValidDtype(int32_t value) { return value >= CH_DTYPE_BOOL && value <= CH_DTYPE_FLOAT64; }

inline size_t ItemSize(Dtype dtype) {
  switch (dtype) {
    case Dtype::kBool: return 1;
    case Dtype::kInt32: return 4;
    case Dtype::kInt64: return 8;
    case Dtype::kFloat32: return 4;
    case Dtype::kFloat64: return 8;
  }
  throw InternalError("unknown dtype");
}

inline const char* DtypeName(Dtype dtype) {
  switch (dtype) {
    case Dtype::kBool: return "bool";
    case Dtype::kInt32: return "int32";
    case Dtype::kInt64: return "int64";
    case Dtype::kFloat32: return "float32";
    case Dtype::kFloat64: return "float64";
  }
  return "unknown";
}

// NumPy's dtype.kind, used in Chainer's type-check messages.
inline char DtypeKind(Dtype dtype) {
  switch (dtype) {
    case Dtype::kBool: return 'b';
    case Dtype::kInt32:
    case Dtype::kInt64: return 'i';
    case Dtype::kFloat32:
    case Dtype::kFloat64: return 'f';
  }
  return '?';
}

inline bool IsFloat(Dtype dtype) { return DtypeKind(dtype) == 'f'; }

// Calls f with a value of the C++ type for dtype (as a tag), e.g.
//   VisitDtype(dtype, [&](auto tag) { using T = decltype(tag); ... });
template <typename F>
decltype(auto) VisitDtype(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::kBool: return f(bool{});
    case Dtype::kInt32: return f(int32_t{});
    case Dtype::kInt64: return f(int64_t{});
    case Dtype::kFloat32: return f(float{});
    case Dtype::kFloat64: return f(double{});
  }
  throw InternalError("unknown dtype");
}

template <typename F>
decltype(auto) VisitFloatDtype(Dtype dtype, F&& f) {
  switch (dtype) {
    case Dtype::kFloat32: return f(float{});
    case Dtype::kFloat64: return f(double{});
    default: break;
  }
  throw NotSupportedError(std::string("dtype ") + DtypeName(dtype) + " is not supported here; a float dtype is required");
}

}  // namespace chainer
