// Sliding-window kernels: im2col/col2im (convolution, average pooling) and
// max pooling. Each (batch, channel) plane is independent, so planes are
// spread over the thread pool.
#include <cstring>
#include <limits>
#include <vector>

#include "cpu/cpu_kernels.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace cpu {
namespace {

// For every (kernel offset, output position) pair of a window geometry, the
// flat input offset within a plane, or -1 where the window hangs over the
// padding. Shared by all planes of a call.
struct WindowMap {
  int64_t k_total = 1, o_total = 1, in_total = 1;
  std::vector<int64_t> offsets;  // [k_total * o_total]

  explicit WindowMap(const ConvGeometry& g) {
    for (int i = 0; i < g.nd; ++i) {
      k_total *= g.k[i];
      o_total *= g.out[i];
      in_total *= g.in[i];
    }
    offsets.assign(static_cast<size_t>(k_total * o_total), -1);
    int64_t kidx[ConvGeometry::kMaxSpatial] = {}, oidx[ConvGeometry::kMaxSpatial] = {};
    for (int64_t kf = 0; kf < k_total; ++kf) {
      int64_t rem = kf;
      for (int i = g.nd - 1; i >= 0; --i) {
        kidx[i] = rem % g.k[i];
        rem /= g.k[i];
      }
      for (int64_t of = 0; of < o_total; ++of) {
        int64_t r = of, off = 0, stride = 1;
        bool inside = true;
        for (int i = g.nd - 1; i >= 0; --i) {
          oidx[i] = r % g.out[i];
          r /= g.out[i];
        }
        for (int i = g.nd - 1; i >= 0; --i) {
          int64_t pos = oidx[i] * g.s[i] - g.p[i] + kidx[i] * g.d[i];
          if (pos < 0 || pos >= g.in[i]) {
            inside = false;
            break;
          }
          off += pos * stride;
          stride *= g.in[i];
        }
        if (inside) offsets[static_cast<size_t>(kf * o_total + of)] = off;
      }
    }
  }
};

template <typename F>
void ForPlanes(int64_t planes, int64_t work_per_plane, F&& f) {
  int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(1, work_per_plane));
  ThreadPool::Instance().ParallelFor(planes, grain, [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) f(p);
  });
}

// Whether every window of a 2-d geometry lies inside the input (no padding, no
// dilation, no partial windows), so a plane can be walked directly.
bool DenseWindows2d(const ConvGeometry& g) {
  if (g.nd != 2) return false;
  for (int i = 0; i < 2; ++i) {
    if (g.p[i] != 0 || g.d[i] != 1 || g.out[i] < 1 || (g.out[i] - 1) * g.s[i] + g.k[i] > g.in[i]) return false;
  }
  return true;
}

// Max pooling of one plane whose windows are all inside it: the same choices as
// the general loop (first maximum wins, a NaN beats every number) without the
// offset table.
template <typename T>
void MaxPoolPlane2d(const T* src, const ConvGeometry& g, T* dst, int64_t* idx) {
  const int64_t iw = g.in[1], kh = g.k[0], kw = g.k[1], sh = g.s[0], sw = g.s[1], oh = g.out[0], ow = g.out[1];
  for (int64_t y = 0; y < oh; ++y) {
    for (int64_t x = 0; x < ow; ++x) {
      const T* base = src + y * sh * iw + x * sw;
      T best = base[0];
      int64_t best_k = 0;
      for (int64_t a = 0; a < kh; ++a) {
        const T* row = base + a * iw;
        for (int64_t b = 0; b < kw; ++b) {
          T v = row[b];
          if (v > best || (v != v && best == best)) {
            best = v;
            best_k = a * kw + b;
          }
        }
      }
      dst[y * ow + x] = best;
      idx[y * ow + x] = best_k;
    }
  }
}

}  // namespace

void CpuKernels::Im2Col(const Array& x_in, const ConvGeometry& g, double pad_value, const Array& col) {
  Array x = x_in.AsContiguous();
  WindowMap map(g);
  int64_t planes = x.shape()[0] * x.shape()[1];
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* xp = x.data<T>();
    T* cp = col.data<T>();
    const T pad = static_cast<T>(pad_value);
    int64_t per_plane = map.k_total * map.o_total;
    ForPlanes(planes, per_plane, [&](int64_t p) {
      const T* src = xp + p * map.in_total;
      T* dst = cp + p * per_plane;
      const int64_t* off = map.offsets.data();
      for (int64_t i = 0; i < per_plane; ++i) dst[i] = off[i] >= 0 ? src[off[i]] : pad;
    });
  });
}

void CpuKernels::Col2Im(const Array& col_in, const ConvGeometry& g, const Array& x) {
  Array col = col_in.AsContiguous();
  WindowMap map(g);
  int64_t planes = x.shape()[0] * x.shape()[1];
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* cp = col.data<T>();
    T* xp = x.data<T>();
    int64_t per_plane = map.k_total * map.o_total;
    ForPlanes(planes, per_plane, [&](int64_t p) {
      T* dst = xp + p * map.in_total;
      std::fill(dst, dst + map.in_total, T(0));
      const T* src = cp + p * per_plane;
      const int64_t* off = map.offsets.data();
      for (int64_t i = 0; i < per_plane; ++i) {
        if (off[i] >= 0) dst[off[i]] += src[i];
      }
    });
  });
}

void CpuKernels::MaxPool(const Array& x_in, const ConvGeometry& g, const Array& y, const Array& indexes) {
  Array x = x_in.AsContiguous();
  int64_t planes = x.shape()[0] * x.shape()[1];
  if (DenseWindows2d(g)) {
    int64_t in_total = g.in[0] * g.in[1], o_total = g.out[0] * g.out[1];
    VisitFloatDtype(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      const T* xp = x.data<T>();
      T* yp = y.data<T>();
      int64_t* ip = indexes.data<int64_t>();
      ForPlanes(planes, g.KernelSize() * o_total,
                [&](int64_t p) { MaxPoolPlane2d(xp + p * in_total, g, yp + p * o_total, ip + p * o_total); });
    });
    return;
  }
  WindowMap map(g);
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* xp = x.data<T>();
    T* yp = y.data<T>();
    int64_t* ip = indexes.data<int64_t>();
    ForPlanes(planes, map.k_total * map.o_total, [&](int64_t p) {
      const T* src = xp + p * map.in_total;
      T* dst = yp + p * map.o_total;
      int64_t* idx = ip + p * map.o_total;
      for (int64_t o = 0; o < map.o_total; ++o) {
        // Padding counts as -inf, so the first in-range maximum wins ties, as NumPy's argmax does.
        T best = -std::numeric_limits<T>::infinity();
        int64_t best_k = 0;
        bool found = false;
        for (int64_t k = 0; k < map.k_total; ++k) {
          int64_t off = map.offsets[static_cast<size_t>(k * map.o_total + o)];
          T v = off >= 0 ? src[off] : -std::numeric_limits<T>::infinity();
          if (!found || v > best || (v != v && best == best)) {
            best = v;
            best_k = k;
            found = true;
          }
        }
        dst[o] = best;
        idx[o] = best_k;
      }
    });
  });
}

void CpuKernels::MaxPoolScatter(const Array& gy_in, const Array& indexes, const ConvGeometry& g, const Array& gx) {
  Array gy = gy_in.AsContiguous();
  WindowMap map(g);
  int64_t planes = gx.shape()[0] * gx.shape()[1];
  VisitFloatDtype(gx.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* gyp = gy.data<T>();
    const int64_t* ip = indexes.data<int64_t>();
    T* gxp = gx.data<T>();
    ForPlanes(planes, map.o_total, [&](int64_t p) {
      T* dst = gxp + p * map.in_total;
      std::fill(dst, dst + map.in_total, T(0));
      for (int64_t o = 0; o < map.o_total; ++o) {
        int64_t off = map.offsets[static_cast<size_t>(ip[p * map.o_total + o] * map.o_total + o)];
        if (off >= 0) dst[off] += gyp[p * map.o_total + o];
      }
    });
  });
}

void CpuKernels::MaxPoolGather(const Array& gx_in, const Array& indexes, const ConvGeometry& g, const Array& gy) {
  Array gx = gx_in.AsContiguous();
  WindowMap map(g);
  int64_t planes = gy.shape()[0] * gy.shape()[1];
  VisitFloatDtype(gy.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* gxp = gx.data<T>();
    const int64_t* ip = indexes.data<int64_t>();
    T* gyp = gy.data<T>();
    ForPlanes(planes, map.o_total, [&](int64_t p) {
      for (int64_t o = 0; o < map.o_total; ++o) {
        int64_t off = map.offsets[static_cast<size_t>(ip[p * map.o_total + o] * map.o_total + o)];
        gyp[p * map.o_total + o] = off >= 0 ? gxp[p * map.in_total + off] : T(0);
      }
    });
  });
}

}  // namespace cpu
}  // namespace chainer
