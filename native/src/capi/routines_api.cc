#include "capi/guard.h"
#include "routines/routines.h"

using chainer::Variable;
using chainer::capi::Guard;
using chainer::capi::NewHandle;
using chainer::capi::A;
using chainer::capi::Apply;
using chainer::capi::Opt;
using chainer::capi::OptArray;
using chainer::capi::Require;
using chainer::capi::V;
namespace r = chainer::routines;

namespace {

chainer::Axes AxesFrom(const int64_t* axes, int32_t n) { return chainer::capi::ShapeFrom(axes, n, "axes"); }

}  // namespace

extern "C" {

#define CH_BINARY(name, fn) \
  ch_status name(ch_variable* a, ch_variable* b, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(a, "a"), V(b, "b")); }); }
CH_BINARY(ch_add, r::Add)
CH_BINARY(ch_sub, r::Sub)
CH_BINARY(ch_mul, r::Mul)
CH_BINARY(ch_div, r::Div)
CH_BINARY(ch_pow, r::Pow)
#undef CH_BINARY

#define CH_SCALAR(name, fn) \
  ch_status name(ch_variable* a, double s, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(a, "a"), s); }); }
CH_SCALAR(ch_add_scalar, r::AddScalar)
CH_SCALAR(ch_sub_scalar, r::SubScalar)
CH_SCALAR(ch_rsub_scalar, r::RSubScalar)
CH_SCALAR(ch_mul_scalar, r::MulScalar)
CH_SCALAR(ch_div_scalar, r::DivScalar)
CH_SCALAR(ch_rdiv_scalar, r::RDivScalar)
CH_SCALAR(ch_pow_scalar, r::PowScalar)
CH_SCALAR(ch_rpow_scalar, r::RPowScalar)
#undef CH_SCALAR

#define CH_UNARY(name, fn) \
  ch_status name(ch_variable* x, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(x, "x")); }); }
CH_UNARY(ch_neg, r::Neg)
CH_UNARY(ch_exp, r::Exp)
CH_UNARY(ch_log, r::Log)
#undef CH_UNARY

ch_status ch_sum(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (axes == nullptr || n_axes < 0) return r::Sum(V(x, "x"), nullptr, keepdims != 0);
    chainer::Axes ax = AxesFrom(axes, n_axes);
    return r::Sum(V(x, "x"), &ax, keepdims != 0);
  });
}

ch_status ch_broadcast_to(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::BroadcastTo(V(x, "x"), chainer::capi::ShapeFrom(shape, ndim, "shape")); });
}

ch_status ch_sum_to(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::SumTo(V(x, "x"), chainer::capi::ShapeFrom(shape, ndim, "shape")); });
}

ch_status ch_reshape(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Reshape(V(x, "x"), chainer::capi::ShapeFrom(shape, ndim, "shape")); });
}

ch_status ch_transpose(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (axes == nullptr || n_axes < 0) return r::Transpose(V(x, "x"), nullptr);
    chainer::Axes ax = AxesFrom(axes, n_axes);
    return r::Transpose(V(x, "x"), &ax);
  });
}

ch_status ch_matmul(ch_variable* a, ch_variable* b, int32_t transa, int32_t transb, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::MatMul(V(a, "a"), V(b, "b"), transa != 0, transb != 0); });
}

ch_status ch_linear(ch_variable* x, ch_variable* w, ch_variable* b, int32_t n_batch_axes, ch_variable** out_y) {
  return Apply(out_y, [&] {
    return r::Linear(V(x, "x"), V(w, "W"), b == nullptr ? Variable() : b->var, n_batch_axes);
  });
}

}  // extern "C"
