// C entry points of pooling inverses, image functions, CTC and
// classification_summary.
#include <memory>

#include "capi/guard.h"
#include "routines/convolution.h"
#include "routines/image.h"
#include "routines/loss.h"
#include "routines/noise_connection.h"
#include "routines/pooling.h"

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

int SpatialDims(int32_t nd) {
  if (nd < 1 || nd > chainer::ConvGeometry::kMaxSpatial) throw chainer::InvalidArgumentError("nd must be 1, 2 or 3");
  return nd;
}

r::PoolParams Pool(const int64_t* ksize, const int64_t* stride, const int64_t* pad, int32_t nd, int32_t cover_all) {
  r::PoolParams prm;
  prm.nd = SpatialDims(nd);
  for (int i = 0; i < prm.nd; ++i) {
    prm.ksize[i] = Require(ksize, "ksize")[i];
    prm.stride[i] = Require(stride, "stride")[i];
    prm.pad[i] = Require(pad, "pad")[i];
  }
  prm.cover_all = cover_all != 0;
  return prm;
}

}  // namespace

extern "C" {

ch_status ch_max_pooling_with_indexes(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, int32_t nd,
                                      int32_t cover_all, ch_variable** out_y, ch_array** out_indexes) {
  return Guard([&] {
    Require(out_y, "out_y");
    Require(out_indexes, "out_indexes");
    auto result = r::MaxPoolingWithIndexes(V(x, "x"), Pool(ksize, stride, pad, nd, cover_all));
    std::unique_ptr<ch_variable> y(NewHandle(std::move(result.first)));
    *out_indexes = NewHandle(std::move(result.second));
    *out_y = y.release();
  });
}

ch_status ch_upsampling(ch_variable* x, ch_array* indexes, const int64_t* ksize, const int64_t* stride, const int64_t* pad,
                        const int64_t* outsize, int32_t nd, int32_t cover_all, ch_variable** out_y) {
  return Apply(out_y, [&] {
    return r::Upsampling(V(x, "x"), Require(indexes, "indexes")->array, Pool(ksize, stride, pad, nd, cover_all), outsize);
  });
}

ch_status ch_unpooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, const int64_t* outsize,
                       int32_t nd, int32_t cover_all, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Unpooling(V(x, "x"), Pool(ksize, stride, pad, nd, cover_all), outsize); });
}

ch_status ch_im2col(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, const int64_t* dilate, int32_t nd,
                    int32_t cover_all, ch_variable** out_y) {
  return Apply(out_y, [&] {
    int n = SpatialDims(nd);
    r::ConvParams prm;
    prm.label = "Im2Col";
    for (int i = 0; i < n; ++i) {
      prm.stride[i] = Require(stride, "stride")[i];
      prm.pad[i] = Require(pad, "pad")[i];
      prm.dilate[i] = Require(dilate, "dilate")[i];
    }
    prm.cover_all = cover_all != 0;
    return r::Im2Col(V(x, "x"), prm, Require(ksize, "ksize"), n);
  });
}

ch_status ch_resize_images(ch_variable* x, int64_t out_h, int64_t out_w, int32_t mode, int32_t align_corners, ch_variable** out_y) {
  return Apply(out_y, [&] {
    if (mode != 0 && mode != 1) throw chainer::InvalidArgumentError("mode must be 0 (bilinear) or 1 (nearest), got " + std::to_string(mode));
    return r::ResizeImages(V(x, "x"), out_h, out_w, static_cast<r::ResizeMode>(mode), align_corners != 0);
  });
}

ch_status ch_roi_pooling_2d(ch_variable* x, ch_variable* rois, int64_t outh, int64_t outw, double spatial_scale, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::RoiPooling2D(V(x, "x"), V(rois, "rois"), outh, outw, spatial_scale); });
}

ch_status ch_diagonal(ch_variable* x, int64_t offset, int64_t axis1, int64_t axis2, ch_variable** out_y) {
  return Apply(out_y, [&] { return r::Diagonal(V(x, "x"), offset, axis1, axis2); });
}

ch_status ch_connectionist_temporal_classification(ch_variable* x, ch_variable* t, int64_t blank_symbol, ch_variable* input_length,
                                                   ch_variable* label_length, int32_t reduce_mean, ch_variable** out_y) {
  return Apply(out_y, [&] {
    return r::ConnectionistTemporalClassification(V(x, "x"), V(t, "t"), blank_symbol, Opt(input_length), Opt(label_length),
                                                  reduce_mean != 0);
  });
}

ch_status ch_classification_summary(ch_variable* y, ch_variable* t, int32_t has_label_num, int64_t label_num, double beta,
                                    int64_t ignore_label, ch_variable** out_precision, ch_variable** out_recall,
                                    ch_variable** out_fbeta_score, ch_variable** out_support) {
  return Guard([&] {
    Require(out_precision, "out_precision");
    Require(out_recall, "out_recall");
    Require(out_fbeta_score, "out_fbeta_score");
    Require(out_support, "out_support");
    auto r4 = r::ClassificationSummary(V(y, "y"), V(t, "t"), has_label_num ? &label_num : nullptr, beta, ignore_label);
    std::unique_ptr<ch_variable> p(NewHandle(r4[0])), rc(NewHandle(r4[1])), f(NewHandle(r4[2])), s(NewHandle(r4[3]));
    *out_precision = p.release();
    *out_recall = rc.release();
    *out_fbeta_score = f.release();
    *out_support = s.release();
  });
}

}  // extern "C"
