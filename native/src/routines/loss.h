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

}  // namespace routines
}  // namespace chainer
