#pragma once

#include <utility>
#include <vector>

#include "routines/routines.h"

namespace chainer {
namespace routines {

// uniform: draws in [0, 1) of x's shape (from the caller's generator).
Variable Dropout(const Variable& x, double ratio, const Array& uniform);
// noise: standard-normal draws of mean's shape.
Variable Gaussian(const Variable& mean, const Variable& ln_var, const Array& noise);
Variable GumbelSoftmax(const Variable& log_pi, double tau, int64_t axis, const Array& uniform);
Variable EmbedId(const Variable& x, const Variable& w, const int64_t* ignore_label);
// v1, v2, b may be undefined.
Variable Bilinear(const Variable& e1, const Variable& e2, const Variable& w, const Variable& v1, const Variable& v2, const Variable& b);
// Returns (c, h).
std::pair<Variable, Variable> Lstm(const Variable& c_prev, const Variable& x);
Variable Accuracy(const Variable& y, const Variable& t, const int64_t* ignore_label);
Variable BinaryAccuracy(const Variable& y, const Variable& t);
// Returns (precision, recall, fbeta_score, support); label_num may be nullptr (max(t) + 1).
std::vector<Variable> ClassificationSummary(const Variable& y, const Variable& t, const int64_t* label_num, double beta,
                                            int64_t ignore_label);

}  // namespace routines
}  // namespace chainer
