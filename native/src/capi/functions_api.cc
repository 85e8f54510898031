// C entry points of the function library (chainer.functions).
#include <vector>

#include "capi/guard.h"
#include "routines/common.h"
#include "routines/indexing.h"
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

// Calls f(axes pointer or nullptr).
template <typename F>
Variable WithAxes(const int64_t* axes, int32_t n_axes, F&& f) {
  if (axes == nullptr || n_axes < 0) return f(nullptr);
  chainer::Axes ax = chainer::capi::ShapeFrom(axes, n_axes, "axes");
  return f(&ax);
}

}  // namespace

extern "C" {

#define CH_UNARY(name, fn) \
  ch_status name(ch_variable* x, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(x, "x")); }); }
CH_UNARY(ch_absolute, r::Absolute)
CH_UNARY(ch_sqrt, r::Sqrt)
CH_UNARY(ch_rsqrt, r::Rsqrt)
CH_UNARY(ch_square, r::Square)
CH_UNARY(ch_expm1, r::Expm1)
CH_UNARY(ch_log1p, r::Log1p)
CH_UNARY(ch_log2, r::Log2)
CH_UNARY(ch_log10, r::Log10)
CH_UNARY(ch_sin, r::Sin)
CH_UNARY(ch_cos, r::Cos)
CH_UNARY(ch_tan, r::Tan)
CH_UNARY(ch_arcsin, r::Arcsin)
CH_UNARY(ch_arccos, r::Arccos)
CH_UNARY(ch_arctan, r::Arctan)
CH_UNARY(ch_sinh, r::Sinh)
CH_UNARY(ch_cosh, r::Cosh)
CH_UNARY(ch_tanh, r::Tanh)
CH_UNARY(ch_sigmoid, r::Sigmoid)
CH_UNARY(ch_sign, r::Sign)
CH_UNARY(ch_floor, r::Floor)
CH_UNARY(ch_ceil, r::Ceil)
CH_UNARY(ch_fix, r::Fix)
CH_UNARY(ch_relu, r::Relu)
CH_UNARY(ch_hard_sigmoid, r::HardSigmoid)
#undef CH_UNARY

#define CH_BINARY(name, fn) \
  ch_status name(ch_variable* a, ch_variable* b, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(a, "a"), V(b, "b")); }); }
CH_BINARY(ch_maximum, r::Maximum)
CH_BINARY(ch_minimum, r::Minimum)
CH_BINARY(ch_fmod, r::Fmod)
CH_BINARY(ch_swish, r::Swish)
CH_BINARY(ch_prelu, r::PRelu)
#undef CH_BINARY

#define CH_WITH_DOUBLE(name, fn) \
  ch_status name(ch_variable* x, double v, ch_variable** out_y) { return Apply(out_y, [&] { return fn(V(x, "x"), v); }); }
CH_WITH_DOUBLE(ch_clipped_relu, r::ClippedRelu)
CH_WITH_DOUBLE(ch_leaky_relu, r::LeakyRelu)
CH_WITH_DOUBLE(ch_elu, r::Elu)
CH_WITH_DOUBLE(ch_softplus, r::Softplus)
#undef CH_WITH_DOUBLE

#define CH_REDUCE(name, fn)                                                                                 \
  ch_status name(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y) { \
    return Apply(out_y, [&] {                                                                              \
      return WithAxes(axes, n_axes, [&](const chainer::Axes* ax) { return fn(V(x, "x"), ax, keepdims != 0); }); \
    });                                                                                                    \
  }
CH_REDUCE(ch_max, r::Max)
CH_REDUCE(ch_min, r::Min)
CH_REDUCE(ch_mean, r::Mean)
CH_REDUCE(ch_prod, r::Prod)
#undef CH_REDUCE

ch_status ch_clip(ch_variable* x, double x_min, double x_max, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Clip(V(x, "x"), x_min, x_max); });
}

ch_status ch_where(ch_variable* condition, ch_variable* a, ch_variable* b, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Where(V(condition, "condition"), V(a, "a"), V(b, "b")); });
}

ch_status ch_logsumexp(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y) {
  return Apply(out_y, [&] { return WithAxes(axes, n_axes, [&](const chainer::Axes* ax) { return r::LogSumExp(V(x, "x"), ax); }); });
}

ch_status ch_argmax(ch_variable* x, int32_t has_axis, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::ArgMax(V(x, "x"), has_axis ? &axis : nullptr); });
}

ch_status ch_argmin(ch_variable* x, int32_t has_axis, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::ArgMin(V(x, "x"), has_axis ? &axis : nullptr); });
}

ch_status ch_cumsum(ch_variable* x, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Cumsum(V(x, "x"), axis); });
}

ch_status ch_compare(ch_variable* a, ch_variable* b, int32_t op, ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (op < 0 || op > 5) throw chainer::InvalidArgumentError("unknown comparison " + std::to_string(op));
    const Variable& av = V(a, "a");
    const Variable& bv = V(b, "b");
    chainer::TypeCheck("compare").ExpectSameDtype(av, "lhs", bv, "rhs");
    return r::NoGradOutput(r::CompareArrays(static_cast<chainer::CompareOp>(op), av.array(), bv.array()));
  });
}

ch_status ch_selu(ch_variable* x, double alpha, double scale, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Selu(V(x, "x"), alpha, scale); });
}

ch_status ch_softmax(ch_variable* x, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Softmax(V(x, "x"), axis); });
}

ch_status ch_log_softmax(ch_variable* x, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::LogSoftmax(V(x, "x"), axis); });
}

ch_status ch_maxout(ch_variable* x, int64_t pool_size, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Maxout(V(x, "x"), pool_size, axis); });
}

ch_status ch_get_item(ch_variable* x, const int64_t* keys, int32_t n_keys, ch_array* const* index_arrays, int32_t n_index_arrays,
                      ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (n_keys < 0 || n_index_arrays < 0) throw chainer::InvalidArgumentError("negative key count");
    if (n_keys > 0) Require(keys, "keys");
    std::vector<chainer::IndexKey> parsed;
    for (int32_t i = 0; i < n_keys; ++i) {
      chainer::IndexKey k;
      int64_t kind = keys[4 * i];
      if (kind < 0 || kind > 4) throw chainer::InvalidArgumentError("unknown index kind " + std::to_string(kind));
      k.kind = static_cast<chainer::IndexKey::Kind>(kind);
      k.a = keys[4 * i + 1];
      k.b = keys[4 * i + 2];
      k.c = keys[4 * i + 3];
      if (k.kind == chainer::IndexKey::kArray) {
        if (k.a < 0 || k.a >= n_index_arrays) throw chainer::InvalidArgumentError("index array " + std::to_string(k.a) + " was not given");
        k.array = Require(Require(index_arrays, "index_arrays")[k.a], "index_arrays entry")->array;
      }
      parsed.push_back(std::move(k));
    }
    return r::GetItem(V(x, "x"), parsed);
  });
}

ch_status ch_flip(ch_variable* x, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Flip(V(x, "x"), axis); });
}

}  // extern "C"
