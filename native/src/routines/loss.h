#pragma once

#include "routines/routines.h"

namespace chainer {
namespace routines {

struct SoftmaxCrossEntropyOptions {
  bool normalize = true;
  Array class_weight;  // undefined: none
  int64_t ignore_label = -1;
  bool reduce_mean = true;  // false: reduce='no'
  bool enable_double_backprop = false;
};

Variable SoftmaxCrossEntropy(const Variable& x, const Variable& t, const SoftmaxCrossEntropyOptions& options);
Variable MeanSquaredError(const Variable& x0, const Variable& x1);
Variable MeanAbsoluteError(const Variable& x0, const Variable& x1);
Variable SigmoidCrossEntropy(const Variable& x, const Variable& t, bool normalize, bool reduce_mean);
// x (T, B, V) unnormalised scores, t (B, M) int32 labels; input_length and
// label_length (B,) int32 may be undefined (all of x / all of t).
// reduce_mean: 'mean' (a scalar) or 'no' (B,).
Variable ConnectionistTemporalClassification(const Variable& x, const Variable& t, int64_t blank_symbol, const Variable& input_length,
                                             const Variable& label_length, bool reduce_mean);

}  // namespace routines
}  // namespace chainer
