// Max pooling's direct 2-d path (windows inside the input) against a plain
// reference of the rule every path follows: the first maximum of a window
// wins, and a NaN beats every number.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "array/array.h"
#include "device/device.h"
#include "kernels/kernels.h"

namespace {

using chainer::Array;
using chainer::ConvGeometry;
using chainer::CpuDevice;
using chainer::Dtype;

ConvGeometry Geometry(int64_t ih, int64_t iw, int64_t k, int64_t s) {
  ConvGeometry g;
  g.nd = 2;
  int64_t in[2] = {ih, iw};
  for (int i = 0; i < 2; ++i) {
    g.in[i] = in[i];
    g.k[i] = k;
    g.s[i] = s;
    g.p[i] = 0;
    g.d[i] = 1;
    g.out[i] = (in[i] - k) / s + 1;
  }
  return g;
}

void CheckAgainstReference(const ConvGeometry& g, bool with_nan) {
  const int64_t planes = 6;
  std::mt19937 rng(17);
  // Few distinct values, so windows hold ties.
  std::uniform_int_distribution<int> level(-3, 3);
  std::vector<float> x(static_cast<size_t>(planes * g.in[0] * g.in[1]));
  for (float& v : x) v = static_cast<float>(level(rng)) * 0.5f;
  if (with_nan) {
    x[5] = std::numeric_limits<float>::quiet_NaN();
    x[x.size() / 2] = std::numeric_limits<float>::quiet_NaN();
  }
  Array xa = Array::FromHost({2, 3, g.in[0], g.in[1]}, Dtype::kFloat32, x.data(), CpuDevice());
  Array y = Array::Empty({2, 3, g.out[0], g.out[1]}, Dtype::kFloat32, CpuDevice());
  Array idx = Array::Empty({2, 3, g.out[0], g.out[1]}, Dtype::kInt64, CpuDevice());
  CpuDevice().kernels().MaxPool(xa, g, y, idx);

  const float* yp = y.data<float>();
  const int64_t* ip = idx.data<int64_t>();
  for (int64_t p = 0; p < planes; ++p) {
    for (int64_t oy = 0; oy < g.out[0]; ++oy) {
      for (int64_t ox = 0; ox < g.out[1]; ++ox) {
        float best = 0;
        int64_t best_k = -1;
        for (int64_t a = 0; a < g.k[0]; ++a) {
          for (int64_t b = 0; b < g.k[1]; ++b) {
            float v = x[static_cast<size_t>(p * g.in[0] * g.in[1] + (oy * g.s[0] + a) * g.in[1] + ox * g.s[1] + b)];
            if (best_k < 0 || v > best || (std::isnan(v) && !std::isnan(best))) {
              best = v;
              best_k = a * g.k[1] + b;
            }
          }
        }
        int64_t o = p * g.out[0] * g.out[1] + oy * g.out[1] + ox;
        ASSERT_EQ(ip[o], best_k) << "plane " << p << " at (" << oy << ", " << ox << ")";
        if (std::isnan(best)) {
          ASSERT_TRUE(std::isnan(yp[o]));
        } else {
          ASSERT_EQ(yp[o], best);
        }
      }
    }
  }
}

TEST(MaxPoolDirect, NonOverlappingWindows) { CheckAgainstReference(Geometry(6, 8, 2, 2), false); }

TEST(MaxPoolDirect, OverlappingWindowsWithNaN) { CheckAgainstReference(Geometry(7, 5, 3, 1), true); }

TEST(MaxPoolDirect, StrideLargerThanKernel) { CheckAgainstReference(Geometry(9, 9, 2, 3), true); }

}  // namespace
