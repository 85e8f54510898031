// C entry points of losses, normalization, noise, connections and evaluation.
#include "capi/guard.h"
#include "routines/loss.h"
#include "routines/noise_connection.h"
#include "routines/normalization.h"

using chainer::Array;
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

chainer::Axes AxesOrEmpty(const int64_t* axes, int32_t n) {
  if (axes == nullptr || n <= 0) return chainer::Axes();
  return chainer::capi::ShapeFrom(axes, n, "axes");
}

}  // namespace

extern "C" {

ch_status ch_softmax_cross_entropy(ch_variable* x, ch_variable* t, int32_t normalize, ch_array* class_weight, int64_t ignore_label,
                                   int32_t reduce_mean, int32_t enable_double_backprop, ch_variable** out_y) {
  return Apply(out_y, [&] {
    r::SoftmaxCrossEntropyOptions o;
    o.normalize = normalize != 0;
    o.class_weight = OptArray(class_weight);
    o.ignore_label = ignore_label;
    o.reduce_mean = reduce_mean != 0;
    o.enable_double_backprop = enable_double_backprop != 0;
    return r::SoftmaxCrossEntropy(V(x, "x"), V(t, "t"), o);
  });
}

ch_status ch_mean_squared_error(ch_variable* x0, ch_variable* x1, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::MeanSquaredError(V(x0, "x0"), V(x1, "x1")); });
}

ch_status ch_mean_absolute_error(ch_variable* x0, ch_variable* x1, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::MeanAbsoluteError(V(x0, "x0"), V(x1, "x1")); });
}

ch_status ch_sigmoid_cross_entropy(ch_variable* x, ch_variable* t, int32_t normalize, int32_t reduce_mean, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::SigmoidCrossEntropy(V(x, "x"), V(t, "t"), normalize != 0, reduce_mean != 0); });
}

ch_status ch_batch_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, double eps, ch_array* running_mean,
                                 ch_array* running_var, double decay, const int64_t* axes, int32_t n_axes, ch_variable** out_y) {
  return Apply(out_y, [&] {
    r::BatchNormOptions o;
    o.eps = eps;
    o.decay = decay;
    o.running_mean = OptArray(running_mean);
    o.running_var = OptArray(running_var);
    o.axes = AxesOrEmpty(axes, n_axes);
    return r::BatchNormalization(V(x, "x"), V(gamma, "gamma"), V(beta, "beta"), o);
  });
}

ch_status ch_fixed_batch_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, ch_variable* mean, ch_variable* var,
                                       double eps, const int64_t* axes, int32_t n_axes, ch_variable** out_y) {
  return Apply(out_y, [&] {
    return r::FixedBatchNormalization(V(x, "x"), V(gamma, "gamma"), V(beta, "beta"), V(mean, "mean"), V(var, "var"), eps,
                                      AxesOrEmpty(axes, n_axes));
  });
}

ch_status ch_layer_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, double eps, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::LayerNormalization(V(x, "x"), V(gamma, "gamma"), V(beta, "beta"), eps); });
}

ch_status ch_group_normalization(ch_variable* x, int64_t groups, ch_variable* gamma, ch_variable* beta, double eps, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::GroupNormalization(V(x, "x"), groups, V(gamma, "gamma"), V(beta, "beta"), eps); });
}

ch_status ch_local_response_normalization(ch_variable* x, int64_t n, double k, double alpha, double beta, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::LocalResponseNormalization(V(x, "x"), n, k, alpha, beta); });
}

ch_status ch_normalize(ch_variable* x, double eps, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Normalize(V(x, "x"), eps, axis); });
}

ch_status ch_dropout(ch_variable* x, double ratio, ch_array* uniform, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Dropout(V(x, "x"), ratio, A(uniform, "uniform")); });
}

ch_status ch_gaussian(ch_variable* mean, ch_variable* ln_var, ch_array* noise, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Gaussian(V(mean, "mean"), V(ln_var, "ln_var"), A(noise, "noise")); });
}

ch_status ch_gumbel_softmax(ch_variable* log_pi, double tau, int64_t axis, ch_array* uniform, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::GumbelSoftmax(V(log_pi, "log_pi"), tau, axis, A(uniform, "uniform")); });
}

ch_status ch_embed_id(ch_variable* x, ch_variable* w, int32_t has_ignore_label, int64_t ignore_label, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::EmbedId(V(x, "x"), V(w, "W"), has_ignore_label ? &ignore_label : nullptr); });
}

ch_status ch_bilinear(ch_variable* e1, ch_variable* e2, ch_variable* w, ch_variable* v1, ch_variable* v2, ch_variable* b, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Bilinear(V(e1, "e1"), V(e2, "e2"), V(w, "W"), Opt(v1), Opt(v2), Opt(b)); });
}

ch_status ch_lstm(ch_variable* c_prev, ch_variable* x, ch_variable** out_c, ch_variable** out_h) {
  return Guard([&] {
    Require(out_c, "out_c");
    Require(out_h, "out_h");
    auto ch = r::Lstm(V(c_prev, "c_prev"), V(x, "x"));
    std::unique_ptr<ch_variable> c(NewHandle(ch.first));
    *out_h = NewHandle(ch.second);
    *out_c = c.release();
  });
}

ch_status ch_accuracy(ch_variable* y, ch_variable* t, int32_t has_ignore_label, int64_t ignore_label, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Accuracy(V(y, "y"), V(t, "t"), has_ignore_label ? &ignore_label : nullptr); });
}

ch_status ch_binary_accuracy(ch_variable* y, ch_variable* t, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::BinaryAccuracy(V(y, "y"), V(t, "t")); });
}

}  // extern "C"
