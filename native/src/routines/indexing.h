// Python-style indexing (chainer.functions.get_item): integers, slices,
// None, Ellipsis, and at most one integer or boolean array.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "array/array.h"
#include "autograd/variable.h"

namespace chainer {

struct IndexKey {
  enum Kind : int64_t { kInt = 0, kSlice = 1, kNewAxis = 2, kEllipsis = 3, kArray = 4 };
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  Kind kind = kInt;
  int64_t a = 0, b = 0, c = 0;  // int: a; slice: start a, stop b, step c (kNone = omitted)
  Array array;                  // kArray: int or bool indices
};

// The resolved plan: a strided view of the input, then optionally a take of
// flat int64 indices along one axis of that view (after merging the axes a
// boolean mask covers).
struct IndexPlan {
  Shape view_shape;
  Strides view_strides;  // relative to the input's element 0
  int64_t view_offset = 0;
  bool has_take = false;
  int take_axis = 0;
  int merge_count = 1;  // axes of the view merged into the take axis
  Array take_indices;   // int64, flat, in range
  Shape take_index_shape;
  Shape out_shape;
};

IndexPlan MakeIndexPlan(const Shape& x_shape, const Strides& x_strides, const std::vector<IndexKey>& keys);

namespace routines {
Variable GetItem(const Variable& x, const std::vector<IndexKey>& keys);
}  // namespace routines

}  // namespace chainer
