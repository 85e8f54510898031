// Image kernels: bilinear resize and its adjoint, RoI max pooling, and the
// flat gather/scatter pair that carries RoI pooling's gradients. Planes
// (batch, channel) are independent, so they are spread over the pool.
#include <algorithm>
#include <cmath>
#include <vector>

#include "cpu/cpu_kernels.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace cpu {
namespace {

template <typename F>
void ForEach(int64_t n, int64_t work_per_item, F&& f) {
  int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, work_per_item));
  ThreadPool::Instance().ParallelFor(n, grain, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) f(i);
  });
}

// The four bilinear weights of output (i, j), computed in T in the order
// Chainer computes them (so float32 results agree bit for bit).
template <typename T>
struct Weights {
  T w00, w01, w10, w11;
  Weights(double vw, double uw) {
    T v = static_cast<T>(vw);
    w01 = static_cast<T>(uw);
    w00 = T(1) - w01;
    w10 = w00 * v;
    w11 = w01 * v;
    w00 -= w10;
    w01 -= w11;
  }
};

}  // namespace

void CpuKernels::ResizeBilinear(const Array& x_in, const ResizeTable& t, const Array& y) {
  Array x = x_in.AsContiguous();
  int64_t planes = x.shape()[0] * x.shape()[1];
  int64_t h = x.shape()[2], w = x.shape()[3];
  int64_t oh = static_cast<int64_t>(t.v0.size()), ow = static_cast<int64_t>(t.u0.size());
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    ForEach(planes, oh * ow * 4, [&](int64_t p) {
      const T* src = xp + p * h * w;
      T* dst = yp + p * oh * ow;
      for (int64_t i = 0; i < oh; ++i) {
        const T* r0 = src + t.v0[i] * w;
        const T* r1 = src + t.v1[i] * w;
        for (int64_t j = 0; j < ow; ++j) {
          Weights<T> wt(t.vw[i], t.uw[j]);
          int64_t c0 = t.u0[j], c1 = t.u1[j];
          T acc = r0[c0] * wt.w00;
          acc += r0[c1] * wt.w01;
          acc += r1[c0] * wt.w10;
          acc += r1[c1] * wt.w11;
          dst[i * ow + j] = acc;
        }
      }
    });
  });
}

void CpuKernels::ResizeBilinearAdjoint(const Array& gy_in, const ResizeTable& t, const Array& gx) {
  Array gy = gy_in.AsContiguous();
  int64_t planes = gx.shape()[0] * gx.shape()[1];
  int64_t h = gx.shape()[2], w = gx.shape()[3];
  int64_t oh = static_cast<int64_t>(t.v0.size()), ow = static_cast<int64_t>(t.u0.size());
  VisitFloatDtype(gx.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* gp = gy.data<T>();
    T* xp = gx.data<T>();
    ForEach(planes, oh * ow * 4, [&](int64_t p) {
      // Products in T, sums in double (as NumPy's bincount), in Chainer's order.
      std::vector<double> acc(static_cast<size_t>(h * w), 0.0);
      const T* src = gp + p * oh * ow;
      for (int corner = 0; corner < 4; ++corner) {
        bool lower = corner >= 2, right = (corner & 1) != 0;
        for (int64_t i = 0; i < oh; ++i) {
          int64_t row = (lower ? t.v1[i] : t.v0[i]) * w;
          for (int64_t j = 0; j < ow; ++j) {
            Weights<T> wt(t.vw[i], t.uw[j]);
            T weight = corner == 0 ? wt.w00 : corner == 1 ? wt.w01 : corner == 2 ? wt.w10 : wt.w11;
            acc[static_cast<size_t>(row + (right ? t.u1[j] : t.u0[j]))] += static_cast<double>(src[i * ow + j] * weight);
          }
        }
      }
      T* dst = xp + p * h * w;
      for (int64_t k = 0; k < h * w; ++k) dst[k] = static_cast<T>(acc[static_cast<size_t>(k)]);
    });
  });
}

void CpuKernels::RoiMaxPool(const Array& x_in, const Array& rois_in, double spatial_scale, const Array& y, const Array& argmax) {
  Array x = x_in.AsContiguous();
  Array rois = rois_in.AsContiguous();
  int64_t n = x.shape()[0], channels = x.shape()[1], height = x.shape()[2], width = x.shape()[3];
  int64_t n_rois = y.shape()[0], outh = y.shape()[2], outw = y.shape()[3];
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* xp = x.data<T>();
    const T* rp = rois.data<T>();
    T* yp = y.data<T>();
    int64_t* ap = argmax.data<int64_t>();
    ForEach(n_rois, channels * height * width, [&](int64_t r) {
      const T* roi = rp + r * 5;
      // int() truncates; a negative index counts from the end (validated by the caller).
      int64_t idx = static_cast<int64_t>(std::trunc(static_cast<double>(roi[0])));
      if (idx < 0) idx += n;
      // Python's round() on the scaled coordinate: half to even.
      int64_t xmin = static_cast<int64_t>(std::nearbyint(static_cast<double>(roi[1]) * spatial_scale));
      int64_t ymin = static_cast<int64_t>(std::nearbyint(static_cast<double>(roi[2]) * spatial_scale));
      int64_t xmax = static_cast<int64_t>(std::nearbyint(static_cast<double>(roi[3]) * spatial_scale));
      int64_t ymax = static_cast<int64_t>(std::nearbyint(static_cast<double>(roi[4]) * spatial_scale));
      int64_t roi_w = std::max<int64_t>(xmax - xmin + 1, 1), roi_h = std::max<int64_t>(ymax - ymin + 1, 1);
      double stride_h = static_cast<double>(roi_h) / static_cast<double>(outh);
      double stride_w = static_cast<double>(roi_w) / static_cast<double>(outw);
      auto bin = [](int64_t i, double stride, int64_t size, int64_t offset, int64_t* b, int64_t* e) {
        int64_t s = static_cast<int64_t>(std::floor(static_cast<double>(i) * stride));
        int64_t t = static_cast<int64_t>(std::ceil(static_cast<double>(i + 1) * stride));
        *b = std::min(std::max<int64_t>(s + offset, 0), size);
        *e = std::min(std::max<int64_t>(t + offset, 0), size);
      };
      for (int64_t c = 0; c < channels; ++c) {
        const T* plane = xp + (idx * channels + c) * height * width;
        T* yo = yp + (r * channels + c) * outh * outw;
        int64_t* ao = ap + (r * channels + c) * outh * outw;
        for (int64_t ph = 0; ph < outh; ++ph) {
          int64_t hs, he;
          bin(ph, stride_h, height, ymin, &hs, &he);
          for (int64_t pw = 0; pw < outw; ++pw) {
            int64_t ws, we;
            bin(pw, stride_w, width, xmin, &ws, &we);
            if (he <= hs || we <= ws) {
              yo[ph * outw + pw] = T(0);
              ao[ph * outw + pw] = -1;
              continue;
            }
            // The first maximum in row-major order; a NaN wins, as NumPy's max/argmax.
            T best = plane[hs * width + ws];
            int64_t best_at = hs * width + ws;
            for (int64_t hh = hs; hh < he; ++hh) {
              for (int64_t ww = ws; ww < we; ++ww) {
                T v = plane[hh * width + ww];
                if (v > best || (std::isnan(v) && !std::isnan(best))) {
                  best = v;
                  best_at = hh * width + ww;
                }
              }
            }
            yo[ph * outw + pw] = best;
            ao[ph * outw + pw] = (idx * channels + c) * height * width + best_at;
          }
        }
      }
    });
  });
}

void CpuKernels::GatherFlat(const Array& src_in, const Array& indices_in, const Array& out) {
  Array src = src_in.AsContiguous();
  Array indices = indices_in.AsContiguous();
  VisitFloatDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* sp = src.data<T>();
    const int64_t* ip = indices.data<int64_t>();
    T* op = out.data<T>();
    ForEach(out.size(), 1, [&](int64_t i) { op[i] = ip[i] >= 0 ? sp[ip[i]] : T(0); });
  });
}

void CpuKernels::ScatterAddFlat(const Array& src_in, const Array& indices_in, const Array& out) {
  Array src = src_in.AsContiguous();
  Array indices = indices_in.AsContiguous();
  VisitFloatDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* sp = src.data<T>();
    const int64_t* ip = indices.data<int64_t>();
    T* op = out.data<T>();
    std::fill(op, op + out.size(), T(0));
    // Sequential: several sources may land on one element.
    for (int64_t i = 0, n = src.size(); i < n; ++i) {
      if (ip[i] >= 0) op[ip[i]] += sp[i];
    }
  });
}

}  // namespace cpu
}  // namespace chainer
