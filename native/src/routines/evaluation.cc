// F.classification_summary: per-class precision, recall, F-beta score and
// support, with NumPy's arithmetic (float64 ratios, 0/0 = nan, int64 support).
// No gradient flows through it.
#include <cmath>
#include <vector>

#include "routines/common.h"
#include "routines/noise_connection.h"

namespace chainer {
namespace routines {

std::vector<Variable> ClassificationSummary(const Variable& y, const Variable& t, const int64_t* label_num, double beta,
                                            int64_t ignore_label) {
  TypeCheck tc("ClassificationSummary");
  tc.ExpectFloat(y, "x");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  int t_ndim = t.ndim();
  if (y.ndim() < t_ndim) tc.Fail(CheckKind::kShape, "x.ndim >= t.ndim", std::to_string(y.ndim()) + " < " + std::to_string(t_ndim));
  if (y.ndim() < 1 || t_ndim < 1) tc.Fail(CheckKind::kShape, "x.ndim >= 1 and t.ndim >= 1", std::to_string(y.ndim()) + ", " + std::to_string(t_ndim));
  tc.ExpectEq("x.shape[0]", y.shape()[0], "t.shape[0]", t.shape()[0]);
  {
    // x.shape[2:t.ndim + 1] == t.shape[1:]
    Shape xs, ts;
    for (int i = 2; i < std::min(t_ndim + 1, y.ndim()); ++i) xs.push_back(y.shape()[i]);
    for (int i = 1; i < t_ndim; ++i) ts.push_back(t.shape()[i]);
    if (xs != ts) {
      tc.Fail(CheckKind::kShape, "x.shape[2:" + std::to_string(t_ndim + 1) + "] == t.shape[1:]", xs.ToString() + " != " + ts.ToString());
    }
  }
  for (int i = t_ndim + 1; i < y.ndim(); ++i) tc.ExpectEq("x.shape[" + std::to_string(i) + "]", y.shape()[i], "1", 1);
  if (y.ndim() < 2) tc.Fail(CheckKind::kShape, "x.ndim >= 2", std::to_string(y.ndim()) + " < 2");

  // pred = y.argmax(axis=1), laid out like t.
  Axes perm{0};
  for (int i = 2; i < y.ndim(); ++i) perm.push_back(i);
  perm.push_back(1);
  Array ym = y.array().Transpose(perm).AsContiguous();
  int64_t c = y.shape()[1];
  int64_t n = t.array().size();
  if (c == 0 && n > 0) throw InvalidArgumentError("attempt to get argmax of an empty sequence");
  Array pred = Array::Empty(Shape{n}, Dtype::kInt64, ym.device());
  if (n > 0) KernelsOf(ym).ArgReduce(ReduceOp::kMax, ym.Reshape(Shape{n, c}), 1, pred);
  // Counting runs on the host; the results go back to y's device.
  pred = OnHost(pred);
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  const int64_t* tp = ti.data<int64_t>();
  const int64_t* pp = pred.data<int64_t>();

  int64_t classes;
  if (label_num != nullptr) {
    if (*label_num < 0) throw InvalidArgumentError("label_num must be non-negative, got " + std::to_string(*label_num));
    classes = *label_num;
  } else {
    if (n == 0) throw InvalidArgumentError("zero-size array to reduction operation maximum which has no identity");
    int64_t m = tp[0];
    for (int64_t i = 1; i < n; ++i) m = std::max(m, tp[i]);
    classes = m + 1;
    if (classes < 0) throw InvalidArgumentError("label_num (max(t) + 1 = " + std::to_string(classes) + ") must be non-negative");
  }
  std::vector<int64_t> support(static_cast<size_t>(classes), 0), relevant(static_cast<size_t>(classes), 0),
      tp_count(static_cast<size_t>(classes), 0);
  for (int64_t i = 0; i < n; ++i) {
    if (tp[i] == ignore_label) continue;
    if (tp[i] < 0) {
      throw InvalidArgumentError("t holds the negative label " + std::to_string(tp[i]) + " (only ignore_label = " + std::to_string(ignore_label) +
                                 " may be negative)");
    }
    if (tp[i] < classes) ++support[static_cast<size_t>(tp[i])];
    if (pp[i] < classes) ++relevant[static_cast<size_t>(pp[i])];
    if (pp[i] == tp[i] && tp[i] < classes) ++tp_count[static_cast<size_t>(tp[i])];
  }
  Array precision = Array::Empty(Shape{classes}, Dtype::kFloat64, CpuDevice());
  Array recall = Array::Empty(Shape{classes}, Dtype::kFloat64, CpuDevice());
  Array fbeta = Array::Empty(Shape{classes}, Dtype::kFloat64, CpuDevice());
  Array sup = Array::Empty(Shape{classes}, Dtype::kInt64, CpuDevice());
  double beta2 = beta * beta;
  for (int64_t k = 0; k < classes; ++k) {
    // 0 / 0 is nan, as NumPy's true division.
    double p = static_cast<double>(tp_count[k]) / static_cast<double>(relevant[k]);
    double r = static_cast<double>(tp_count[k]) / static_cast<double>(support[k]);
    precision.data<double>()[k] = p;
    recall.data<double>()[k] = r;
    fbeta.data<double>()[k] = (1 + beta2) * p * r / (beta2 * p + r);
    sup.data<int64_t>()[k] = support[k];
  }
  Device& device = y.array().device();
  return {NoGradOutput(ToDevice(precision, device)), NoGradOutput(ToDevice(recall, device)), NoGradOutput(ToDevice(fbeta, device)),
          NoGradOutput(ToDevice(sup, device))};
}

}  // namespace routines
}  // namespace chainer
