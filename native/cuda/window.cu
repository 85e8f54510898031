// Sliding-window kernels: im2col / col2im and max pooling (forward, and the
// scatter / gather of gradients through the argmax indexes). Layouts follow
// kernels.h: x (B, C, in...), col (B, C, k..., out...), y and indexes
// (B, C, out...). Every operand may be strided. col2im and max_pool_scatter
// run one thread per input element and gather their contributions in the
// CPU backend's order, so no atomics are needed and sums agree exactly.
#include <cmath>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

struct Geo {
  int nd;
  int64_t in[3], k[3], s[3], p[3], d[3], out[3];
  int64_t channels, k_total, o_total, in_total;
};

Geo MakeGeo(const chc_geometry* g, int64_t channels) {
  if (g == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "window kernel: geometry is NULL");
  if (g->nd < 1 || g->nd > 3) Fail(CH_ERROR_INVALID_ARGUMENT, "window kernel: nd must be 1, 2 or 3");
  Geo r{};
  r.nd = g->nd;
  r.k_total = r.o_total = r.in_total = 1;
  for (int i = 0; i < g->nd; ++i) {
    r.in[i] = g->in[i];
    r.k[i] = g->k[i];
    r.s[i] = g->s[i];
    r.p[i] = g->p[i];
    r.d[i] = g->d[i];
    r.out[i] = g->out[i];
    if (r.s[i] <= 0) Fail(CH_ERROR_INVALID_ARGUMENT, "window kernel: stride must be positive");
    r.k_total *= r.k[i];
    r.o_total *= r.out[i];
    r.in_total *= r.in[i];
  }
  r.channels = channels;
  return r;
}

// shape checks against (B, C, dims...)
void RequireWindowShape(const chc_array& a, int64_t b, int64_t c, int nd, const int64_t* dims, const char* what) {
  bool ok = a.ndim == 2 + nd && a.shape[0] == b && a.shape[1] == c;
  for (int i = 0; ok && i < nd; ++i) ok = a.shape[2 + i] == dims[i];
  if (!ok) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": operand shape does not match the geometry");
}

// The checks shared by the pooling kernels: `in` has the input's spatial size
// and `out` and `indexes` the output's, all with in's batch and channels.
Geo PoolGeometry(const chc_array& in, const chc_array& out, const chc_array& indexes, const chc_geometry* g, const char* what) {
  if (in.ndim < 2) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": arrays must be (B, C, ...)");
  Geo geo = MakeGeo(g, in.shape[1]);
  RequireWindowShape(in, in.shape[0], in.shape[1], geo.nd, geo.in, what);
  RequireWindowShape(out, in.shape[0], in.shape[1], geo.nd, geo.out, what);
  RequireWindowShape(indexes, in.shape[0], in.shape[1], geo.nd, geo.out, what);
  return geo;
}

void RequireColShape(const chc_array& col, int64_t b, int64_t c, const Geo& g, const char* what) {
  bool ok = col.ndim == 2 + 2 * g.nd && col.shape[0] == b && col.shape[1] == c;
  for (int i = 0; ok && i < g.nd; ++i) ok = col.shape[2 + i] == g.k[i] && col.shape[2 + g.nd + i] == g.out[i];
  if (!ok) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": col shape does not match the geometry");
}

// Splits a flat C-order index over dims[0..nd) into per-dim indices.
__device__ __forceinline__ void Unflatten(int64_t f, int nd, const int64_t* dims, int64_t* idx) {
  for (int i = nd - 1; i >= 0; --i) {
    idx[i] = f % dims[i];
    f /= dims[i];
  }
}

template <typename T>
struct Im2ColF {
  Geo g;
  Strides8 xs, cs;
  const T* x;
  T* col;
  T pad;
  __device__ void operator()(int64_t i) const {
    int64_t of = i % g.o_total;
    int64_t t = i / g.o_total;
    int64_t kf = t % g.k_total;
    int64_t plane = t / g.k_total;
    int64_t b = plane / g.channels, c = plane % g.channels;
    int64_t kidx[3], oidx[3];
    Unflatten(kf, g.nd, g.k, kidx);
    Unflatten(of, g.nd, g.out, oidx);
    int64_t coff = b * cs.s[0] + c * cs.s[1];
    int64_t xoff = b * xs.s[0] + c * xs.s[1];
    bool inside = true;
    for (int d = 0; d < g.nd; ++d) {
      coff += kidx[d] * cs.s[2 + d] + oidx[d] * cs.s[2 + g.nd + d];
      int64_t pos = oidx[d] * g.s[d] - g.p[d] + kidx[d] * g.d[d];
      if (pos < 0 || pos >= g.in[d]) inside = false;
      xoff += pos * xs.s[2 + d];
    }
    col[coff] = inside ? x[xoff] : pad;
  }
};

template <typename T>
struct Col2ImF {
  Geo g;
  Strides8 xs, cs;
  const T* col;
  T* x;
  __device__ void operator()(int64_t i) const {
    int64_t pf = i % g.in_total;
    int64_t plane = i / g.in_total;
    int64_t b = plane / g.channels, c = plane % g.channels;
    int64_t pos[3];
    Unflatten(pf, g.nd, g.in, pos);
    const int64_t cbase = b * cs.s[0] + c * cs.s[1];
    T acc = T(0);
    for (int64_t kf = 0; kf < g.k_total; ++kf) {  // the CPU's order
      int64_t kidx[3];
      Unflatten(kf, g.nd, g.k, kidx);
      int64_t coff = cbase;
      bool ok = true;
      for (int d = 0; d < g.nd && ok; ++d) {
        int64_t t = pos[d] + g.p[d] - kidx[d] * g.d[d];
        if (t < 0 || t % g.s[d] != 0) {
          ok = false;
        } else {
          int64_t o = t / g.s[d];
          if (o >= g.out[d]) ok = false;
          coff += kidx[d] * cs.s[2 + d] + o * cs.s[2 + g.nd + d];
        }
      }
      if (ok) acc += col[coff];
    }
    int64_t xoff = b * xs.s[0] + c * xs.s[1];
    for (int d = 0; d < g.nd; ++d) xoff += pos[d] * xs.s[2 + d];
    x[xoff] = acc;
  }
};

template <typename T>
struct MaxPoolF {
  Geo g;
  Strides8 xs, ys, is;
  const T* x;
  T* y;
  int64_t* idx;
  __device__ void operator()(int64_t i) const {
    int64_t of = i % g.o_total;
    int64_t plane = i / g.o_total;
    int64_t b = plane / g.channels, c = plane % g.channels;
    int64_t oidx[3];
    Unflatten(of, g.nd, g.out, oidx);
    const int64_t xbase = b * xs.s[0] + c * xs.s[1];
    const T neg_inf = -INFINITY;
    T best = neg_inf;
    int64_t best_k = 0;
    bool found = false;
    for (int64_t kf = 0; kf < g.k_total; ++kf) {
      int64_t kidx[3];
      Unflatten(kf, g.nd, g.k, kidx);
      int64_t xoff = xbase;
      bool inside = true;
      for (int d = 0; d < g.nd; ++d) {
        int64_t pos = oidx[d] * g.s[d] - g.p[d] + kidx[d] * g.d[d];
        if (pos < 0 || pos >= g.in[d]) inside = false;
        xoff += pos * xs.s[2 + d];
      }
      // Padding counts as -inf, so the first in-range maximum wins ties.
      T v = inside ? x[xoff] : neg_inf;
      if (!found || v > best || (v != v && best == best)) {
        best = v;
        best_k = kf;
        found = true;
      }
    }
    int64_t yoff = b * ys.s[0] + c * ys.s[1], ioff = b * is.s[0] + c * is.s[1];
    for (int d = 0; d < g.nd; ++d) {
      yoff += oidx[d] * ys.s[2 + d];
      ioff += oidx[d] * is.s[2 + d];
    }
    y[yoff] = best;
    idx[ioff] = best_k;
  }
};

template <typename T>
struct MaxPoolScatterF {
  Geo g;
  Strides8 gys, is, gxs;
  const T* gy;
  const int64_t* idx;
  T* gx;
  __device__ void operator()(int64_t i) const {
    int64_t pf = i % g.in_total;
    int64_t plane = i / g.in_total;
    int64_t b = plane / g.channels, c = plane % g.channels;
    int64_t pos[3];
    Unflatten(pf, g.nd, g.in, pos);
    T acc = T(0);
    // Descending kernel offsets visit the windows in ascending output order, as the CPU adds them.
    for (int64_t kf = g.k_total - 1; kf >= 0; --kf) {
      int64_t kidx[3];
      Unflatten(kf, g.nd, g.k, kidx);
      int64_t gyoff = b * gys.s[0] + c * gys.s[1], ioff = b * is.s[0] + c * is.s[1];
      bool ok = true;
      for (int d = 0; d < g.nd && ok; ++d) {
        int64_t t = pos[d] + g.p[d] - kidx[d] * g.d[d];
        if (t < 0 || t % g.s[d] != 0) {
          ok = false;
        } else {
          int64_t o = t / g.s[d];
          if (o >= g.out[d]) ok = false;
          gyoff += o * gys.s[2 + d];
          ioff += o * is.s[2 + d];
        }
      }
      if (ok && idx[ioff] == kf) acc += gy[gyoff];
    }
    int64_t xoff = b * gxs.s[0] + c * gxs.s[1];
    for (int d = 0; d < g.nd; ++d) xoff += pos[d] * gxs.s[2 + d];
    gx[xoff] = acc;
  }
};

template <typename T>
struct MaxPoolGatherF {
  Geo g;
  Strides8 gxs, is, gys;
  const T* gx;
  const int64_t* idx;
  T* gy;
  __device__ void operator()(int64_t i) const {
    int64_t of = i % g.o_total;
    int64_t plane = i / g.o_total;
    int64_t b = plane / g.channels, c = plane % g.channels;
    int64_t oidx[3];
    Unflatten(of, g.nd, g.out, oidx);
    int64_t ioff = b * is.s[0] + c * is.s[1], yoff = b * gys.s[0] + c * gys.s[1];
    for (int d = 0; d < g.nd; ++d) {
      ioff += oidx[d] * is.s[2 + d];
      yoff += oidx[d] * gys.s[2 + d];
    }
    int64_t kf = idx[ioff];
    T v = T(0);
    if (kf >= 0 && kf < g.k_total) {
      int64_t kidx[3];
      Unflatten(kf, g.nd, g.k, kidx);
      int64_t xoff = b * gxs.s[0] + c * gxs.s[1];
      bool inside = true;
      for (int d = 0; d < g.nd; ++d) {
        int64_t pos = oidx[d] * g.s[d] - g.p[d] + kidx[d] * g.d[d];
        if (pos < 0 || pos >= g.in[d]) inside = false;
        xoff += pos * gxs.s[2 + d];
      }
      if (inside) v = gx[xoff];
    }
    gy[yoff] = v;
  }
};

}  // namespace

int32_t Im2Col(int32_t dev, const chc_array* x, const chc_geometry* g, double pad_value, const chc_array* col) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ca = Arg(col, "col", xa.dtype);
    if (xa.ndim < 2) Fail(CH_ERROR_SHAPE_MISMATCH, "im2col: x must be (B, C, ...)");
    Geo geo = MakeGeo(g, xa.shape[1]);
    RequireWindowShape(xa, xa.shape[0], xa.shape[1], geo.nd, geo.in, "im2col");
    RequireColShape(ca, xa.shape[0], xa.shape[1], geo, "im2col");
    UseDevice(dev);
    VisitFloatDtype(xa.dtype, "im2col", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(ca),
                Im2ColF<T>{geo, StridesOf(xa), StridesOf(ca), static_cast<const T*>(xa.data), static_cast<T*>(ca.data),
                           static_cast<T>(pad_value)},
                "im2col");
    });
  });
}

int32_t Col2Im(int32_t dev, const chc_array* col, const chc_geometry* g, const chc_array* x) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ca = Arg(col, "col", xa.dtype);
    if (xa.ndim < 2) Fail(CH_ERROR_SHAPE_MISMATCH, "col2im: x must be (B, C, ...)");
    Geo geo = MakeGeo(g, xa.shape[1]);
    RequireWindowShape(xa, xa.shape[0], xa.shape[1], geo.nd, geo.in, "col2im");
    RequireColShape(ca, xa.shape[0], xa.shape[1], geo, "col2im");
    UseDevice(dev);
    VisitFloatDtype(xa.dtype, "col2im", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(xa),
                Col2ImF<T>{geo, StridesOf(xa), StridesOf(ca), static_cast<const T*>(ca.data), static_cast<T*>(xa.data)},
                "col2im");
    });
  });
}

int32_t MaxPool(int32_t dev, const chc_array* x, const chc_geometry* g, const chc_array* y, const chc_array* indexes) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ya = Arg(y, "y", xa.dtype);
    const chc_array& ia = Arg(indexes, "indexes", CH_DTYPE_INT64);
    Geo geo = PoolGeometry(xa, ya, ia, g, "max_pool");
    UseDevice(dev);
    VisitFloatDtype(xa.dtype, "max_pool", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(ya),
                MaxPoolF<T>{geo, StridesOf(xa), StridesOf(ya), StridesOf(ia), static_cast<const T*>(xa.data),
                            static_cast<T*>(ya.data), static_cast<int64_t*>(ia.data)},
                "max_pool");
    });
  });
}

int32_t MaxPoolScatter(int32_t dev, const chc_array* gy, const chc_array* indexes, const chc_geometry* g,
                       const chc_array* gx) {
  return Guard([&] {
    const chc_array& gxa = Arg(gx, "gx");
    const chc_array& gya = Arg(gy, "gy", gxa.dtype);
    const chc_array& ia = Arg(indexes, "indexes", CH_DTYPE_INT64);
    Geo geo = PoolGeometry(gxa, gya, ia, g, "max_pool_scatter");
    UseDevice(dev);
    VisitFloatDtype(gxa.dtype, "max_pool_scatter", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(gxa),
                MaxPoolScatterF<T>{geo, StridesOf(gya), StridesOf(ia), StridesOf(gxa), static_cast<const T*>(gya.data),
                                   static_cast<const int64_t*>(ia.data), static_cast<T*>(gxa.data)},
                "max_pool_scatter");
    });
  });
}

int32_t MaxPoolGather(int32_t dev, const chc_array* gx, const chc_array* indexes, const chc_geometry* g,
                      const chc_array* gy) {
  return Guard([&] {
    const chc_array& gya = Arg(gy, "gy");
    const chc_array& gxa = Arg(gx, "gx", gya.dtype);
    const chc_array& ia = Arg(indexes, "indexes", CH_DTYPE_INT64);
    Geo geo = PoolGeometry(gxa, gya, ia, g, "max_pool_gather");
    UseDevice(dev);
    VisitFloatDtype(gya.dtype, "max_pool_gather", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(gya),
                MaxPoolGatherF<T>{geo, StridesOf(gxa), StridesOf(ia), StridesOf(gya), static_cast<const T*>(gxa.data),
                                  static_cast<const int64_t*>(ia.data), static_cast<T*>(gya.data)},
                "max_pool_gather");
    });
  });
}

}  // namespace chainer_cuda
