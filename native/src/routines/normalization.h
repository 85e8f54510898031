#pragma once

#include "routines/routines.h"

namespace chainer {
namespace routines {

struct BatchNormOptions {
  double eps = 2e-5;
  double decay = 0.9;
  Array running_mean;  // updated in place when defined
  Array running_var;
  Axes axes;  // empty: all axes except those of gamma (axis 1...)
};

Variable BatchNormalization(const Variable& x, const Variable& gamma, const Variable& beta, const BatchNormOptions& options);
Variable FixedBatchNormalization(const Variable& x, const Variable& gamma, const Variable& beta, const Variable& mean,
                                 const Variable& var, double eps, const Axes& axes);
Variable LayerNormalization(const Variable& x, const Variable& gamma, const Variable& beta, double eps);
Variable GroupNormalization(const Variable& x, int64_t groups, const Variable& gamma, const Variable& beta, double eps);
Variable LocalResponseNormalization(const Variable& x, int64_t n, double k, double alpha, double beta);
Variable Normalize(const Variable& x, double eps, int64_t axis);

}  // namespace routines
}  // namespace chainer
