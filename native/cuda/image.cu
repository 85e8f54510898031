// Image kernels: bilinear resize through a sampling table and its adjoint,
// and RoI max pooling. The table is copied to the device per call (through
// the stream, into pool scratch); the adjoint gathers into each input
// element through per-row / per-column inverse lists, in the CPU backend's
// order and with its double accumulator, so results agree exactly.
#include <cmath>
#include <cstring>
#include <vector>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename T>
struct Weights {
  T w00, w01, w10, w11;
  __device__ __forceinline__ Weights(double vw, double uw) {
    T v = static_cast<T>(vw);
    w01 = static_cast<T>(uw);
    w00 = T(1) - w01;
    w10 = w00 * v;
    w11 = w01 * v;
    w00 -= w10;
    w01 -= w11;
  }
};

struct Plane4 {
  int64_t b, c, h, w;  // strides
};

inline Plane4 Strides4(const chc_array& a) { return Plane4{a.strides[0], a.strides[1], a.strides[2], a.strides[3]}; }

template <typename T>
struct ResizeF {
  const T* x;
  T* y;
  Plane4 xs, ys;
  int64_t channels, oh, ow;
  const int64_t* v0;
  const int64_t* v1;
  const int64_t* u0;
  const int64_t* u1;
  const double* vw;
  const double* uw;
  __device__ void operator()(int64_t i) const {
    int64_t j = i % ow;
    int64_t t = i / ow;
    int64_t r = t % oh;
    int64_t plane = t / oh;
    int64_t b = plane / channels, c = plane % channels;
    const T* base = x + b * xs.b + c * xs.c;
    const T* r0 = base + v0[r] * xs.h;
    const T* r1 = base + v1[r] * xs.h;
    Weights<T> wt(vw[r], uw[j]);
    int64_t c0 = u0[j] * xs.w, c1 = u1[j] * xs.w;
    T acc = r0[c0] * wt.w00;
    acc += r0[c1] * wt.w01;
    acc += r1[c0] * wt.w10;
    acc += r1[c1] * wt.w11;
    y[b * ys.b + c * ys.c + r * ys.h + j * ys.w] = acc;
  }
};

// Inverse lists (CSR): for input row r the output rows i with v0[i] == r
// (upper) or v1[i] == r (lower); for input column c the output columns j
// with u0[j] == c (left) or u1[j] == c (right).
struct AdjointTables {
  const int64_t* up_ptr;
  const int64_t* up_idx;
  const int64_t* lo_ptr;
  const int64_t* lo_idx;
  const int64_t* le_ptr;
  const int64_t* le_idx;
  const int64_t* ri_ptr;
  const int64_t* ri_idx;
  const double* vw;
  const double* uw;
};

template <typename T>
struct ResizeAdjointF {
  const T* gy;
  T* gx;
  Plane4 gys, gxs;
  int64_t channels, h, w;
  AdjointTables t;
  __device__ void operator()(int64_t i) const {
    int64_t col = i % w;
    int64_t q = i / w;
    int64_t row = q % h;
    int64_t plane = q / h;
    int64_t b = plane / channels, c = plane % channels;
    const T* src = gy + b * gys.b + c * gys.c;
    double acc = 0.0;
    for (int corner = 0; corner < 4; ++corner) {
      bool lower = corner >= 2, right = (corner & 1) != 0;
      const int64_t* rp = lower ? t.lo_ptr : t.up_ptr;
      const int64_t* ri = lower ? t.lo_idx : t.up_idx;
      const int64_t* cp = right ? t.ri_ptr : t.le_ptr;
      const int64_t* ci = right ? t.ri_idx : t.le_idx;
      for (int64_t a = rp[row]; a < rp[row + 1]; ++a) {
        int64_t oi = ri[a];
        for (int64_t e = cp[col]; e < cp[col + 1]; ++e) {
          int64_t oj = ci[e];
          Weights<T> wt(t.vw[oi], t.uw[oj]);
          T weight = corner == 0 ? wt.w00 : corner == 1 ? wt.w01 : corner == 2 ? wt.w10 : wt.w11;
          acc += static_cast<double>(src[oi * gys.h + oj * gys.w] * weight);
        }
      }
    }
    gx[b * gxs.b + c * gxs.c + row * gxs.h + col * gxs.w] = static_cast<T>(acc);
  }
};

template <typename T>
struct RoiMaxPoolF {
  const T* x;
  const T* rois;
  T* y;
  int64_t* argmax;
  Plane4 xs, ys, as;
  int64_t rs0, rs1;
  int64_t n, channels, height, width, outh, outw;
  double spatial_scale;
  __device__ static void Bin(int64_t i, double stride, int64_t size, int64_t offset, int64_t* b, int64_t* e) {
    int64_t s = static_cast<int64_t>(floor(static_cast<double>(i) * stride));
    int64_t t = static_cast<int64_t>(ceil(static_cast<double>(i + 1) * stride));
    *b = DMin(DMax(s + offset, int64_t{0}), size);
    *e = DMin(DMax(t + offset, int64_t{0}), size);
  }
  __device__ void operator()(int64_t i) const {
    int64_t pw = i % outw;
    int64_t q = i / outw;
    int64_t ph = q % outh;
    q /= outh;
    int64_t c = q % channels;
    int64_t r = q / channels;
    const T* roi = rois + r * rs0;
    int64_t idx = static_cast<int64_t>(trunc(static_cast<double>(roi[0])));
    if (idx < 0) idx += n;
    int64_t xmin = static_cast<int64_t>(nearbyint(static_cast<double>(roi[1 * rs1]) * spatial_scale));
    int64_t ymin = static_cast<int64_t>(nearbyint(static_cast<double>(roi[2 * rs1]) * spatial_scale));
    int64_t xmax = static_cast<int64_t>(nearbyint(static_cast<double>(roi[3 * rs1]) * spatial_scale));
    int64_t ymax = static_cast<int64_t>(nearbyint(static_cast<double>(roi[4 * rs1]) * spatial_scale));
    int64_t roi_w = DMax(xmax - xmin + 1, int64_t{1}), roi_h = DMax(ymax - ymin + 1, int64_t{1});
    double stride_h = static_cast<double>(roi_h) / static_cast<double>(outh);
    double stride_w = static_cast<double>(roi_w) / static_cast<double>(outw);
    int64_t hs, he, ws, we;
    Bin(ph, stride_h, height, ymin, &hs, &he);
    Bin(pw, stride_w, width, xmin, &ws, &we);
    int64_t yoff = r * ys.b + c * ys.c + ph * ys.h + pw * ys.w;
    int64_t aoff = r * as.b + c * as.c + ph * as.h + pw * as.w;
    if (he <= hs || we <= ws) {
      y[yoff] = T(0);
      argmax[aoff] = -1;
      return;
    }
    const T* plane = x + idx * xs.b + c * xs.c;
    T best = plane[hs * xs.h + ws * xs.w];
    int64_t best_at = hs * width + ws;
    for (int64_t hh = hs; hh < he; ++hh) {
      for (int64_t ww = ws; ww < we; ++ww) {
        T v = plane[hh * xs.h + ww * xs.w];
        if (v > best || (v != v && best == best)) {
          best = v;
          best_at = hh * width + ww;
        }
      }
    }
    y[yoff] = best;
    argmax[aoff] = (idx * channels + c) * height * width + best_at;
  }
};

void CheckIndex(const int64_t* a, int64_t n, int64_t limit, const char* what) {
  for (int64_t i = 0; i < n; ++i) {
    if (a[i] < 0 || a[i] >= limit) Fail(CH_ERROR_INVALID_ARGUMENT, std::string(what) + ": table index out of range");
  }
}

void CheckTable(const chc_resize_table* t, int64_t h, int64_t w) {
  if (t == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "resize: table is NULL");
  if (t->out_h < 0 || t->out_w < 0) Fail(CH_ERROR_INVALID_ARGUMENT, "resize: negative table size");
  if ((t->out_h > 0 && (!t->v0 || !t->v1 || !t->vw)) || (t->out_w > 0 && (!t->u0 || !t->u1 || !t->uw))) {
    Fail(CH_ERROR_NULL_ARGUMENT, "resize: table array is NULL");
  }
  CheckIndex(t->v0, t->out_h, h, "resize");
  CheckIndex(t->v1, t->out_h, h, "resize");
  CheckIndex(t->u0, t->out_w, w, "resize");
  CheckIndex(t->u1, t->out_w, w, "resize");
}

// Appends the CSR inverse of map[0..n) over [0, limit) to blob; returns (ptr offset, idx offset) in elements.
void AppendInverse(std::vector<int64_t>* blob, const int64_t* map, int64_t n, int64_t limit, size_t* ptr_at,
                   size_t* idx_at) {
  *ptr_at = blob->size();
  blob->resize(blob->size() + static_cast<size_t>(limit + 1), 0);
  int64_t* ptr = blob->data() + *ptr_at;
  for (int64_t i = 0; i < n; ++i) ++ptr[map[i] + 1];
  for (int64_t r = 0; r < limit; ++r) ptr[r + 1] += ptr[r];
  std::vector<int64_t> fill(ptr, ptr + limit);
  *idx_at = blob->size();
  blob->resize(blob->size() + static_cast<size_t>(n), 0);
  int64_t* idx = blob->data() + *idx_at;
  for (int64_t i = 0; i < n; ++i) idx[fill[static_cast<size_t>(map[i])]++] = i;  // ascending i per row
}

void AppendDoubles(std::vector<int64_t>* blob, const double* v, int64_t n, size_t* at) {
  *at = blob->size();
  blob->resize(blob->size() + static_cast<size_t>(n), 0);
  if (n > 0) std::memcpy(blob->data() + *at, v, static_cast<size_t>(n) * sizeof(double));
}

void AppendInts(std::vector<int64_t>* blob, const int64_t* v, int64_t n, size_t* at) {
  *at = blob->size();
  blob->insert(blob->end(), v, v + n);
}

void Require4(const chc_array& a, const char* what) {
  if (a.ndim != 4) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": 4-d (B, C, H, W) operands are required");
}

}  // namespace

int32_t ResizeBilinear(int32_t dev, const chc_array* x, const chc_resize_table* t, const chc_array* y) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ya = Arg(y, "y", xa.dtype);
    Require4(xa, "resize_bilinear");
    Require4(ya, "resize_bilinear");
    CheckTable(t, xa.shape[2], xa.shape[3]);
    if (ya.shape[0] != xa.shape[0] || ya.shape[1] != xa.shape[1] || ya.shape[2] != t->out_h || ya.shape[3] != t->out_w) {
      Fail(CH_ERROR_SHAPE_MISMATCH, "resize_bilinear: y does not match the table");
    }
    VisitFloatDtype(xa.dtype, "resize_bilinear", [&](auto tag) {
      using T = decltype(tag);
      int64_t n = NumElements(ya);
      if (n == 0) return;
      UseDevice(dev);
      std::vector<int64_t> blob;
      size_t v0, v1, u0, u1, vw, uw;
      AppendInts(&blob, t->v0, t->out_h, &v0);
      AppendInts(&blob, t->v1, t->out_h, &v1);
      AppendInts(&blob, t->u0, t->out_w, &u0);
      AppendInts(&blob, t->u1, t->out_w, &u1);
      AppendDoubles(&blob, t->vw, t->out_h, &vw);
      AppendDoubles(&blob, t->uw, t->out_w, &uw);
      Scratch table(dev, blob.size() * sizeof(int64_t));
      CopyFromHost(dev, table.get(), blob.data(), blob.size() * sizeof(int64_t));
      const int64_t* tb = table.as<int64_t>();
      LaunchFor(dev, n,
                ResizeF<T>{static_cast<const T*>(xa.data), static_cast<T*>(ya.data), Strides4(xa), Strides4(ya),
                           xa.shape[1], t->out_h, t->out_w, tb + v0, tb + v1, tb + u0, tb + u1,
                           reinterpret_cast<const double*>(tb + vw), reinterpret_cast<const double*>(tb + uw)},
                "resize_bilinear");
    });
  });
}

int32_t ResizeBilinearAdjoint(int32_t dev, const chc_array* gy, const chc_resize_table* t, const chc_array* gx) {
  return Guard([&] {
    const chc_array& gxa = Arg(gx, "gx");
    const chc_array& gya = Arg(gy, "gy", gxa.dtype);
    Require4(gxa, "resize_bilinear_adjoint");
    Require4(gya, "resize_bilinear_adjoint");
    int64_t h = gxa.shape[2], w = gxa.shape[3];
    CheckTable(t, h, w);
    if (gya.shape[0] != gxa.shape[0] || gya.shape[1] != gxa.shape[1] || gya.shape[2] != t->out_h ||
        gya.shape[3] != t->out_w) {
      Fail(CH_ERROR_SHAPE_MISMATCH, "resize_bilinear_adjoint: gy does not match the table");
    }
    VisitFloatDtype(gxa.dtype, "resize_bilinear_adjoint", [&](auto tag) {
      using T = decltype(tag);
      int64_t n = NumElements(gxa);
      if (n == 0) return;
      UseDevice(dev);
      std::vector<int64_t> blob;
      size_t up_p, up_i, lo_p, lo_i, le_p, le_i, ri_p, ri_i, vw, uw;
      AppendInverse(&blob, t->v0, t->out_h, h, &up_p, &up_i);
      AppendInverse(&blob, t->v1, t->out_h, h, &lo_p, &lo_i);
      AppendInverse(&blob, t->u0, t->out_w, w, &le_p, &le_i);
      AppendInverse(&blob, t->u1, t->out_w, w, &ri_p, &ri_i);
      AppendDoubles(&blob, t->vw, t->out_h, &vw);
      AppendDoubles(&blob, t->uw, t->out_w, &uw);
      Scratch table(dev, blob.size() * sizeof(int64_t));
      CopyFromHost(dev, table.get(), blob.data(), blob.size() * sizeof(int64_t));
      const int64_t* tb = table.as<int64_t>();
      AdjointTables at{tb + up_p, tb + up_i, tb + lo_p, tb + lo_i, tb + le_p, tb + le_i, tb + ri_p, tb + ri_i,
                       reinterpret_cast<const double*>(tb + vw), reinterpret_cast<const double*>(tb + uw)};
      LaunchFor(dev, n,
                ResizeAdjointF<T>{static_cast<const T*>(gya.data), static_cast<T*>(gxa.data), Strides4(gya),
                                  Strides4(gxa), gxa.shape[1], h, w, at},
                "resize_bilinear_adjoint");
    });
  });
}

int32_t RoiMaxPool(int32_t dev, const chc_array* x, const chc_array* rois, double spatial_scale, const chc_array* y,
                   const chc_array* argmax) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ra = Arg(rois, "rois", xa.dtype);
    const chc_array& ya = Arg(y, "y", xa.dtype);
    const chc_array& aa = Arg(argmax, "argmax", CH_DTYPE_INT64);
    Require4(xa, "roi_max_pool");
    Require4(ya, "roi_max_pool");
    Require4(aa, "roi_max_pool");
    if (ra.ndim != 2 || ra.shape[1] != 5 || ra.shape[0] != ya.shape[0] || ya.shape[1] != xa.shape[1]) {
      Fail(CH_ERROR_SHAPE_MISMATCH, "roi_max_pool: rois must be (R, 5) and y (R, C, out_h, out_w)");
    }
    for (int i = 0; i < 4; ++i) {
      if (aa.shape[i] != ya.shape[i]) Fail(CH_ERROR_SHAPE_MISMATCH, "roi_max_pool: argmax must have y's shape");
    }
    UseDevice(dev);
    VisitFloatDtype(xa.dtype, "roi_max_pool", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, NumElements(ya),
                RoiMaxPoolF<T>{static_cast<const T*>(xa.data), static_cast<const T*>(ra.data),
                               static_cast<T*>(ya.data), static_cast<int64_t*>(aa.data), Strides4(xa), Strides4(ya),
                               Strides4(aa), ra.strides[0], ra.strides[1], xa.shape[0], xa.shape[1], xa.shape[2],
                               xa.shape[3], ya.shape[2], ya.shape[3], spatial_scale},
                "roi_max_pool");
    });
  });
}

}  // namespace chainer_cuda
