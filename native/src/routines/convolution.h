#pragma once

#include "kernels/kernels.h"
#include "routines/routines.h"

namespace chainer {
namespace routines {

struct ConvParams {
  const char* label = "Convolution";
  int64_t stride[ConvGeometry::kMaxSpatial] = {1, 1, 1};
  int64_t pad[ConvGeometry::kMaxSpatial] = {0, 0, 0};
  int64_t dilate[ConvGeometry::kMaxSpatial] = {1, 1, 1};
  int64_t groups = 1;
  bool cover_all = false;
};

int64_t ConvOutSize(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool cover_all);
// Chainer's get_conv_outsize / get_deconv_outsize (floor division, as Python).
int64_t DeconvOutSize(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool cover_all = false);

// b may be undefined.
Variable Convolution(const Variable& x, const Variable& w, const Variable& b, const ConvParams& params);
// outsize: nullptr or one entry per spatial dim.
Variable Deconvolution(const Variable& x, const Variable& w, const Variable& b, const ConvParams& params, const int64_t* outsize);

// F.im2col: x (B, C, in...) → (B, C * prod(ksize), out...); ksize has nd entries.
Variable Im2Col(const Variable& x, const ConvParams& params, const int64_t* ksize, int nd);

Variable ConvolutionWithGeometry(const Variable& x, const Variable& w, const Variable& b, const ConvGeometry& g, int64_t groups);
Variable DeconvolutionWithGeometry(const Variable& x, const Variable& w, const Variable& b, const ConvGeometry& g, int64_t groups);
Variable ConvolutionGradW(const Variable& x, const Variable& gy, const Shape& w_shape, const ConvGeometry& g, int64_t groups);

}  // namespace routines
}  // namespace chainer
