#pragma once

#include <utility>

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
// Also returns the argmax of each window (int64, y's shape): the index into
// the window flattened in C order, padding included (return_indices=True).
std::pair<Variable, Array> MaxPoolingWithIndexes(const Variable& x, const PoolParams& params);
// F.upsampling_2d (any of 1-3 spatial dims): each x value lands on the cell
// of its window that `indexes` names. outsize: nullptr or one entry per dim.
Variable Upsampling(const Variable& x, const Array& indexes, const PoolParams& params, const int64_t* outsize);
// F.unpooling_nd: each x value spreads over its whole window (overlaps sum).
Variable Unpooling(const Variable& x, const PoolParams& params, const int64_t* outsize);
// F.roi_pooling_2d: rois (R, 5) = (batch index, x_min, y_min, x_max, y_max), x's dtype.
Variable RoiPooling2D(const Variable& x, const Variable& rois, int64_t outh, int64_t outw, double spatial_scale);
// Padded cells count as zeros in the divisor (Chainer's behaviour); no cover_all.
Variable AveragePooling(const Variable& x, const PoolParams& params);

}  // namespace routines
}  // namespace chainer
