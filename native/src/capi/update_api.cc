// C entry points for in-place array updates used by optimizers and hooks.
#include "capi/guard.h"
#include "device/device.h"
#include "kernels/kernels.h"

using chainer::Array;
using chainer::capi::Guard;
using chainer::capi::A;
using chainer::capi::Apply;
using chainer::capi::Opt;
using chainer::capi::OptArray;
using chainer::capi::Require;
using chainer::capi::V;

namespace {

// param, grad and state must share dtype, shape and device, and be contiguous
// (they are whole arrays owned by the optimizer).
void CheckLike(const Array& p, const Array& other, const char* name) {
  if (!other.defined()) return;
  if (other.shape() != p.shape() || other.dtype() != p.dtype()) {
    throw chainer::ShapeMismatchError(std::string(name) + " must have the parameter's shape " + p.shape().ToString() + " and dtype " +
                                      chainer::DtypeName(p.dtype()) + ", got " + other.shape().ToString() + " " + chainer::DtypeName(other.dtype()));
  }
  if (&other.device() != &p.device()) throw chainer::DeviceError(std::string(name) + " is on " + other.device().name() + ", the parameter on " + p.device().name());
  if (!other.IsContiguous()) throw chainer::InvalidArgumentError(std::string(name) + " must be contiguous");
}

ch_status RunUpdate(chainer::UpdateRule rule, const chainer::UpdateHyper& h, ch_array* param, ch_array* grad, ch_array* s0, ch_array* s1,
                    ch_array* s2) {
  return Guard([&] {
    const Array& p = A(param, "param");
    if (!chainer::IsFloat(p.dtype())) throw chainer::DtypeMismatchError("optimizers update float parameters only");
    if (!p.IsContiguous()) throw chainer::InvalidArgumentError("param must be contiguous");
    Array g = A(grad, "grad"), a0 = s0 ? s0->array : Array(), a1 = s1 ? s1->array : Array(), a2 = s2 ? s2->array : Array();
    CheckLike(p, g, "grad");
    CheckLike(p, a0, "state");
    CheckLike(p, a1, "state");
    CheckLike(p, a2, "state");
    chainer::DispatchKernels(p.device()).Update(rule, h, p, g, a0, a1, a2);
  });
}

}  // namespace

extern "C" {

ch_status ch_sgd_update(ch_array* param, ch_array* grad, double lr) {
  chainer::UpdateHyper h;
  h.lr = lr;
  return RunUpdate(chainer::UpdateRule::kSgd, h, param, grad, nullptr, nullptr, nullptr);
}

ch_status ch_momentum_sgd_update(ch_array* param, ch_array* grad, ch_array* v, double lr, double momentum) {
  if (v == nullptr) return chainer::capi::SetLastError(CH_ERROR_NULL_ARGUMENT, "v must not be NULL");
  chainer::UpdateHyper h;
  h.lr = lr;
  h.momentum = momentum;
  return RunUpdate(chainer::UpdateRule::kMomentumSgd, h, param, grad, v, nullptr, nullptr);
}

ch_status ch_adam_update(ch_array* param, ch_array* grad, ch_array* m, ch_array* v, ch_array* vhat, double alpha_t, double beta1,
                         double beta2, double eps, double eta, double weight_decay_rate) {
  if (m == nullptr || v == nullptr) return chainer::capi::SetLastError(CH_ERROR_NULL_ARGUMENT, "m and v must not be NULL");
  chainer::UpdateHyper h;
  h.lr = alpha_t;
  h.beta1 = beta1;
  h.beta2 = beta2;
  h.eps = eps;
  h.eta = eta;
  h.weight_decay_rate = weight_decay_rate;
  h.amsgrad = vhat != nullptr;
  return RunUpdate(chainer::UpdateRule::kAdam, h, param, grad, m, v, vhat);
}

ch_status ch_adagrad_update(ch_array* param, ch_array* grad, ch_array* h_state, double lr, double eps) {
  if (h_state == nullptr) return chainer::capi::SetLastError(CH_ERROR_NULL_ARGUMENT, "h must not be NULL");
  chainer::UpdateHyper h;
  h.lr = lr;
  h.eps = eps;
  return RunUpdate(chainer::UpdateRule::kAdaGrad, h, param, grad, h_state, nullptr, nullptr);
}

ch_status ch_rmsprop_update(ch_array* param, ch_array* grad, ch_array* ms, double lr, double alpha, double eps, int32_t eps_inside_sqrt) {
  if (ms == nullptr) return chainer::capi::SetLastError(CH_ERROR_NULL_ARGUMENT, "ms must not be NULL");
  chainer::UpdateHyper h;
  h.lr = lr;
  h.alpha = alpha;
  h.eps = eps;
  h.eps_inside_sqrt = eps_inside_sqrt != 0;
  return RunUpdate(chainer::UpdateRule::kRmsProp, h, param, grad, ms, nullptr, nullptr);
}

ch_status ch_array_scale(ch_array* array, double s) {
  return Guard([&] {
    const Array& a = A(array, "array");
    chainer::DispatchKernels(a.device()).BinaryScalar(chainer::BinaryOp::kMul, a, s, false, a);
  });
}

ch_status ch_array_axpy(ch_array* y, ch_array* x, double a) {
  return Guard([&] {
    const Array& ya = A(y, "y");
    const Array& xa = A(x, "x");
    CheckLike(ya, xa, "x");
    chainer::Kernels& k = chainer::DispatchKernels(ya.device());
    Array t = Array::EmptyLike(xa);
    k.BinaryScalar(chainer::BinaryOp::kMul, xa, a, false, t);
    k.Binary(chainer::BinaryOp::kAdd, ya, t, ya);
  });
}

ch_status ch_array_clip(ch_array* array, double lo, double hi) {
  return Guard([&] {
    const Array& a = A(array, "array");
    if (!(lo <= hi)) throw chainer::InvalidArgumentError("clip: lower bound must not exceed the upper bound");
    chainer::Kernels& k = chainer::DispatchKernels(a.device());
    k.BinaryScalar(chainer::BinaryOp::kMaximum, a, lo, false, a);
    k.BinaryScalar(chainer::BinaryOp::kMinimum, a, hi, false, a);
  });
}

ch_status ch_array_dot(ch_array* a, ch_array* b, double* out_value) {
  return Guard([&] {
    Require(out_value, "out_value");
    const Array& aa = A(a, "a");
    const Array& ba = A(b, "b");
    if (aa.size() != ba.size() || aa.dtype() != ba.dtype()) throw chainer::ShapeMismatchError("dot: arrays must have the same size and dtype");
    Array out = Array::Empty(chainer::Shape{}, aa.dtype(), aa.device());
    chainer::DispatchKernels(aa.device()).Dot(aa, ba, out);
    double value = 0;
    out.AsType(chainer::Dtype::kFloat64).ToHost(&value);  // from any device
    *out_value = value;
  });
}

}  // extern "C"
