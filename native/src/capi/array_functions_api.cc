// C entry points of array manipulation, convolution and pooling.
#include <memory>
#include <vector>

#include "capi/guard.h"
#include "routines/convolution.h"
#include "routines/pooling.h"
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

std::vector<Variable> List(ch_variable* const* xs, int32_t n) {
  if (n <= 0) throw chainer::InvalidArgumentError("at least one input is required");
  Require(xs, "xs");
  std::vector<Variable> out;
  for (int32_t i = 0; i < n; ++i) out.push_back(Require(xs[i], "xs entry")->var);
  return out;
}

std::vector<int64_t> Ints(const int64_t* p, int32_t n, const char* what) {
  if (n < 0) throw chainer::InvalidArgumentError(std::string(what) + ": negative count");
  if (n > 0) Require(p, what);
  return std::vector<int64_t>(p, p + n);
}

int SpatialDims(int32_t nd) {
  if (nd < 1 || nd > chainer::ConvGeometry::kMaxSpatial) throw chainer::InvalidArgumentError("nd must be 1, 2 or 3");
  return nd;
}

}  // namespace

extern "C" {

ch_status ch_concat(ch_variable* const* xs, int32_t n, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Concat(List(xs, n), axis); });
}

ch_status ch_stack(ch_variable* const* xs, int32_t n, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Stack(List(xs, n), axis); });
}

ch_status ch_split_axis(ch_variable* x, const int64_t* indices, int32_t n_indices, int64_t sections, int64_t axis, ch_variable** ys,
                        int32_t capacity) {
  return Guard([&] {
    std::vector<Variable> parts = indices != nullptr ? r::SplitAxis(V(x, "x"), Ints(indices, n_indices, "indices"), axis)
                                                     : r::SplitAxisSections(V(x, "x"), sections, axis);
    if (static_cast<int32_t>(parts.size()) > capacity) {
      throw chainer::InvalidArgumentError("ys has room for " + std::to_string(capacity) + " results, " + std::to_string(parts.size()) + " needed");
    }
    Require(ys, "ys");
    std::vector<std::unique_ptr<ch_variable>> handles;
    for (auto& p : parts) handles.emplace_back(NewHandle(p));
    for (size_t i = 0; i < handles.size(); ++i) ys[i] = handles[i].release();
  });
}

ch_status ch_expand_dims(ch_variable* x, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::ExpandDims(V(x, "x"), axis); });
}

ch_status ch_squeeze(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (axes == nullptr || n_axes < 0) return r::Squeeze(V(x, "x"), nullptr);
    chainer::Axes ax = chainer::capi::ShapeFrom(axes, n_axes, "axes");
    return r::Squeeze(V(x, "x"), &ax);
  });
}

ch_status ch_cast(ch_variable* x, ch_dtype dtype, ch_variable** out_y) {
  return Apply(out_y, [&] {
    return r::Cast(V(x, "x"), chainer::capi::DtypeFromCode(dtype));
  });
}

ch_status ch_pad(ch_variable* x, const int64_t* pad_width, int32_t n_pad_width, double value, ch_variable** out_y) {
  return Apply(out_y, [&] {
    std::vector<int64_t> w = Ints(pad_width, n_pad_width, "pad_width");
    std::vector<int64_t> before, after;
    for (size_t i = 0; i + 1 < w.size(); i += 2) {
      before.push_back(w[i]);
      after.push_back(w[i + 1]);
    }
    if (w.size() % 2 != 0) throw chainer::InvalidArgumentError("pad_width must hold (before, after) pairs");
    return r::Pad(V(x, "x"), before, after, value);
  });
}

ch_status ch_repeat(ch_variable* x, const int64_t* repeats, int32_t n_repeats, int32_t has_axis, int64_t axis, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Repeat(V(x, "x"), Ints(repeats, n_repeats, "repeats"), has_axis ? &axis : nullptr); });
}

ch_status ch_tile(ch_variable* x, const int64_t* reps, int32_t n_reps, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Tile(V(x, "x"), Ints(reps, n_reps, "reps")); });
}

ch_status ch_select_item(ch_variable* x, ch_variable* t, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::SelectItem(V(x, "x"), V(t, "t")); });
}

ch_status ch_convolution(ch_variable* x, ch_variable* w, ch_variable* b, const int64_t* stride, const int64_t* pad, const int64_t* dilate,
                         int32_t nd, int64_t groups, int32_t cover_all, ch_variable** out_y) {
  return Apply(out_y, [&] {
    int n = SpatialDims(nd);
    r::ConvParams prm;
    prm.label = "Convolution";
    for (int i = 0; i < n; ++i) {
      prm.stride[i] = Require(stride, "stride")[i];
      prm.pad[i] = Require(pad, "pad")[i];
      prm.dilate[i] = Require(dilate, "dilate")[i];
    }
    prm.groups = groups;
    prm.cover_all = cover_all != 0;
    return r::Convolution(V(x, "x"), V(w, "W"), b == nullptr ? Variable() : b->var, prm);
  });
}

ch_status ch_deconvolution(ch_variable* x, ch_variable* w, ch_variable* b, const int64_t* stride, const int64_t* pad,
                           const int64_t* dilate, const int64_t* outsize, int32_t nd, int64_t groups, ch_variable** out_y) {
  return Apply(out_y, [&] {
    int n = SpatialDims(nd);
    r::ConvParams prm;
    prm.label = "Deconvolution";
    for (int i = 0; i < n; ++i) {
      prm.stride[i] = Require(stride, "stride")[i];
      prm.pad[i] = Require(pad, "pad")[i];
      prm.dilate[i] = Require(dilate, "dilate")[i];
    }
    prm.groups = groups;
    return r::Deconvolution(V(x, "x"), V(w, "W"), b == nullptr ? Variable() : b->var, prm, outsize);
  });
}

ch_status ch_max_pooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, int32_t nd, int32_t cover_all,
                         ch_variable** out_y) {
  return Apply(out_y, [&] {
    r::PoolParams prm;
    prm.nd = SpatialDims(nd);
    for (int i = 0; i < prm.nd; ++i) {
      prm.ksize[i] = Require(ksize, "ksize")[i];
      prm.stride[i] = Require(stride, "stride")[i];
      prm.pad[i] = Require(pad, "pad")[i];
    }
    prm.cover_all = cover_all != 0;
    return r::MaxPooling(V(x, "x"), prm);
  });
}

ch_status ch_average_pooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, int32_t nd,
                             ch_variable** out_y) {
  return Apply(out_y, [&] {
    r::PoolParams prm;
    prm.nd = SpatialDims(nd);
    for (int i = 0; i < prm.nd; ++i) {
      prm.ksize[i] = Require(ksize, "ksize")[i];
      prm.stride[i] = Require(stride, "stride")[i];
      prm.pad[i] = Require(pad, "pad")[i];
    }
    return r::AveragePooling(V(x, "x"), prm);
  });
}

}  // extern "C"
