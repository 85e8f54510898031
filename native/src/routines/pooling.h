#pragma once

#include "kernels/kernels.h"
#include "routines/routines.h"

namespace chainer {
namespace routines {

struct PoolParams {
  int nd = 2;
  int64_t ksize[ConvGeometry::kMaxSpatial] = {1, 1, 1};
  int64_t stride[ConvGeometry::kMaxSpatial] = {1, 1, 1};
  int64_t pad[ConvGeometry::kMaxSpatial] = {0, 0, 0};
  bool cover_all = true;
};

Variable MaxPooling(const Variable& x, const PoolParams& params);
// Padded cells count as zeros in the divisor (Chainer's behaviour); no cover_all.
Variable AveragePooling(const Variable& x, const PoolParams& params);

}  // namespace routines
}  // namespace chainer
