// Noise (dropout, gaussian, gumbel_softmax), embed_id, bilinear and
// evaluation metrics (the lstm activation is in lstm.cc). Random draws come in as arrays from the
// caller's RandomState, so results match NumPy's global generator.
#include <cmath>

#include "routines/common.h"
#include "routines/noise_connection.h"

namespace chainer {
namespace routines {

Variable Dropout(const Variable& x, double ratio, const Array& uniform) {
  TypeCheck tc("Dropout");
  tc.ExpectFloat(x, "x");
  if (!(ratio >= 0.0 && ratio < 1.0)) throw InvalidArgumentError("dropout_ratio must be in [0, 1), got " + std::to_string(ratio));
  if (uniform.shape() != x.shape()) throw InvalidArgumentError("the random array must have x's shape");
  // The random draws are an internal input: they follow x to its device.
  Array u = ToDevice(uniform, x.array().device());
  // mask = scale * (rand >= ratio), with scale cast to x's dtype first (as Chainer).
  Array flag = CompareScalar(CompareOp::kGe, u, ratio);
  Array mask = flag.AsType(x.dtype());
  KernelsOf(mask).BinaryScalar(BinaryOp::kMul, mask, static_cast<double>(static_cast<float>(1.0 / (1.0 - ratio))), false, mask);
  if (x.dtype() == Dtype::kFloat64) {
    mask = flag.AsType(x.dtype());
    KernelsOf(mask).BinaryScalar(BinaryOp::kMul, mask, 1.0 / (1.0 - ratio), false, mask);
  }
  return x * Constant(mask);
}

Variable Gaussian(const Variable& mean, const Variable& ln_var, const Array& noise) {
  TypeCheck tc("Gaussian");
  tc.ExpectFloat(mean, "mean");
  tc.ExpectSameDtype(mean, "mean", ln_var, "ln_var");
  if (mean.shape() != ln_var.shape()) tc.Fail(CheckKind::kShape, "mean.shape == ln_var.shape", mean.shape().ToString() + " != " + ln_var.shape().ToString());
  if (noise.shape() != mean.shape()) throw InvalidArgumentError("the noise array must have mean's shape");
  // The noise is an internal input: it follows mean to its device.
  return mean + Exp(MulScalar(ln_var, 0.5)) * Constant(ToDevice(noise, mean.array().device()).AsType(mean.dtype()));
}

Variable GumbelSoftmax(const Variable& log_pi, double tau, int64_t axis, const Array& uniform) {
  TypeCheck("GumbelSoftmax").ExpectFloat(log_pi, "log_pi");
  if (uniform.shape() != log_pi.shape()) throw InvalidArgumentError("the random array must have log_pi's shape");
  // NumPy's gumbel: -log(-log(1 - u)), computed where log_pi lives.
  Array u = ToDevice(uniform, log_pi.array().device());
  Array g = Array::EmptyLike(u);
  Kernels& k = KernelsOf(u);
  k.BinaryScalar(BinaryOp::kSub, u, 1.0, true, g);
  k.Unary(UnaryOp::kLog, g, g);
  k.Unary(UnaryOp::kNeg, g, g);
  k.Unary(UnaryOp::kLog, g, g);
  k.Unary(UnaryOp::kNeg, g, g);
  return Softmax(DivScalar(log_pi + Constant(g.AsType(log_pi.dtype())), tau), axis);
}

Variable EmbedId(const Variable& x, const Variable& w, const int64_t* ignore_label) {
  TypeCheck tc("EmbedIDFunction");
  if (DtypeKind(x.dtype()) != 'i') {
    tc.Fail(CheckKind::kDtype, "in_types[0].dtype.kind == i", std::string(1, DtypeKind(x.dtype())) + " != i");
  }
  if (x.ndim() < 1) tc.Fail(CheckKind::kShape, "in_types[0].ndim >= 1", std::to_string(x.ndim()) + " < 1");
  tc.ExpectFloat(w, "in_types[1]");
  tc.ExpectEq("in_types[1].ndim", w.ndim(), "2", 2);
  int64_t n = w.shape()[0];
  // ids are checked on the host; Take moves them to w's device.
  Array ids = OnHost(x.array()).AsType(Dtype::kInt64);
  Array keep = Array::Empty(x.shape(), Dtype::kBool, CpuDevice());
  int64_t* p = ids.data<int64_t>();
  bool* kp = keep.data<bool>();
  for (int64_t i = 0; i < ids.size(); ++i) {
    bool ignored = ignore_label != nullptr && p[i] == *ignore_label;
    if (!ignored && (p[i] < 0 || p[i] >= n)) {
      throw InvalidArgumentError("Each not ignored `x` value need to satisfy `0 <= x < len(W)`; found " + std::to_string(p[i]) + " with len(W) = " + std::to_string(n));
    }
    kp[i] = !ignored;
    if (ignored) p[i] = 0;
  }
  Variable y = Take(w, ids, 0);
  if (ignore_label == nullptr) return y;
  Shape ks = x.shape();
  ks.push_back(1);
  Array mask = ToDevice(keep, w.array().device()).Reshape(ks).BroadcastTo(y.shape());
  return Where(Constant(mask), y, Constant(ScalarArray(w.array(), 0.0)));
}

Variable Bilinear(const Variable& e1, const Variable& e2, const Variable& w, const Variable& v1, const Variable& v2, const Variable& b) {
  TypeCheck tc("BilinearFunction");
  tc.ExpectFloat(e1, "e1");
  tc.ExpectSameDtype(e1, "e1", e2, "e2");
  tc.ExpectSameDtype(e1, "e1", w, "W");
  tc.ExpectEq("e1.ndim", e1.ndim(), "2", 2);
  tc.ExpectEq("e2.ndim", e2.ndim(), "2", 2);
  tc.ExpectEq("W.ndim", w.ndim(), "3", 3);
  tc.ExpectEq("e1.shape[0]", e1.shape()[0], "e2.shape[0]", e2.shape()[0]);
  tc.ExpectEq("e1.shape[1]", e1.shape()[1], "W.shape[0]", w.shape()[0]);
  tc.ExpectEq("e2.shape[1]", e2.shape()[1], "W.shape[1]", w.shape()[1]);
  int64_t n = e1.shape()[0], i = e1.shape()[1], j = e2.shape()[1], l = w.shape()[2];
  // y[n, l] = Σ_ij e1[n, i] e2[n, j] W[i, j, l]
  Variable outer = BroadcastTo(Reshape(e1, Shape{n, i, 1}), Shape{n, i, j}) * BroadcastTo(Reshape(e2, Shape{n, 1, j}), Shape{n, i, j});
  Variable y = MatMul(Reshape(outer, Shape{n, i * j}), Reshape(w, Shape{i * j, l}), false, false);
  if (v1.defined()) y = y + MatMul(e1, v1, false, false);
  if (v2.defined()) y = y + MatMul(e2, v2, false, false);
  if (b.defined()) y = y + BroadcastTo(b, y.shape());
  return y;
}

Variable Accuracy(const Variable& y, const Variable& t, const int64_t* ignore_label) {
  TypeCheck tc("Accuracy");
  tc.ExpectFloat(y, "x");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  tc.ExpectEq("t.ndim", t.ndim(), "x.ndim - 1", y.ndim() - 1);
  tc.ExpectEq("x.shape[0]", y.shape()[0], "t.shape[0]", t.shape()[0]);
  int64_t axis = 1;
  // argmax over the class axis, laid out like t.
  Axes perm{0};
  for (int i = 2; i < y.ndim(); ++i) perm.push_back(i);
  perm.push_back(1);
  Array ym = y.array().Transpose(perm).AsContiguous();
  int64_t c = y.shape()[1];
  Array flat = ym.Reshape(Shape{ym.size() / std::max<int64_t>(c, 1), c});
  Array pred = Array::Empty(Shape{flat.shape()[0]}, Dtype::kInt64, flat.device());
  KernelsOf(flat).ArgReduce(ReduceOp::kMax, flat, static_cast<int>(axis), pred);
  // Counted on the host.
  pred = OnHost(pred);
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  int64_t total = 0, correct = 0;
  for (int64_t i = 0; i < ti.size(); ++i) {
    int64_t tv = ti.data<int64_t>()[i];
    if (ignore_label != nullptr && tv == *ignore_label) continue;
    ++total;
    correct += pred.data<int64_t>()[i] == tv ? 1 : 0;
  }
  Array out = Array::Empty(Shape{}, y.dtype(), y.array().device());
  // mean(pred == t) in y's dtype; 0 when every label is ignored.
  double acc = total == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(total);
  out.Fill(acc);
  return NoGradOutput(out);
}

Variable BinaryAccuracy(const Variable& y, const Variable& t) {
  TypeCheck tc("BinaryAccuracy");
  tc.ExpectFloat(y, "x");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  if (y.shape() != t.shape()) tc.Fail(CheckKind::kShape, "x.shape == t.shape", y.shape().ToString() + " != " + t.shape().ToString());
  Array yd = OnHost(y.array()).AsType(Dtype::kFloat64);
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  int64_t total = 0, correct = 0;
  for (int64_t i = 0; i < ti.size(); ++i) {
    int64_t tv = ti.data<int64_t>()[i];
    if (tv == -1) continue;
    ++total;
    int64_t pred = yd.data<double>()[i] >= 0 ? 1 : 0;
    correct += pred == tv ? 1 : 0;
  }
  Array out = Array::Empty(Shape{}, y.dtype(), y.array().device());
  out.Fill(total == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(total));
  return NoGradOutput(out);
}

}  // namespace routines
}  // namespace chainer
