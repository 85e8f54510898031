#pragma once

#include <vector>

#include "routines/routines.h"

namespace chainer {
namespace routines {

enum class ResizeMode { kBilinear = 0, kNearest = 1 };

// F.resize_images(x, (out_h, out_w), mode=..., align_corners=...) for x (B, C, H, W).
Variable ResizeImages(const Variable& x, int64_t out_h, int64_t out_w, ResizeMode mode, bool align_corners);

}  // namespace routines
}  // namespace chainer
