// Strided N-operand indexing: a linear C-order index over a common shape maps
// to one element offset per operand. Dimensions are coalesced on the host
// (size-1 dims dropped, adjacent dims merged where every operand is
// contiguous across them), and an all-unit-stride 1-d result takes a fast
// path on the device.
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

#include "common.h"

namespace chainer_cuda {

constexpr int kThreads = 256;

inline unsigned int GridFor(int64_t n, int threads = kThreads) {
  int64_t blocks = (n + threads - 1) / threads;
  return static_cast<unsigned int>(std::max<int64_t>(1, std::min<int64_t>(blocks, 1 << 16)));
}

template <int N>
struct Indexer {
  int ndim;         // coalesced; 0 for a single element
  int contiguous;   // ndim <= 1 and every operand has unit stride
  int64_t total;    // number of elements
  int64_t shape[CHC_MAX_NDIM];
  int64_t strides[N][CHC_MAX_NDIM];

  __device__ __forceinline__ void Offsets(int64_t i, int64_t* off) const {
    if (contiguous) {
#pragma unroll
      for (int k = 0; k < N; ++k) off[k] = i;
      return;
    }
#pragma unroll
    for (int k = 0; k < N; ++k) off[k] = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      int64_t s = shape[d];
      int64_t q = i / s;
      int64_t idx = i - q * s;
      i = q;
#pragma unroll
      for (int k = 0; k < N; ++k) off[k] += idx * strides[k][d];
    }
  }
};

// shape (ndim dims) with one stride list per operand.
template <int N>
Indexer<N> MakeIndexer(int ndim, const int64_t* shape, const int64_t* const* strides) {
  Indexer<N> ix{};
  ix.total = 1;
  for (int i = 0; i < ndim; ++i) ix.total *= shape[i];
  int nd = 0;
  for (int i = 0; i < ndim; ++i) {
    if (shape[i] == 1) continue;
    if (nd > 0) {
      bool merge = true;
      for (int k = 0; k < N; ++k) {
        if (strides[k][i] * shape[i] != ix.strides[k][nd - 1]) {
          merge = false;
          break;
        }
      }
      if (merge) {
        ix.shape[nd - 1] *= shape[i];
        for (int k = 0; k < N; ++k) ix.strides[k][nd - 1] = strides[k][i];
        continue;
      }
    }
    ix.shape[nd] = shape[i];
    for (int k = 0; k < N; ++k) ix.strides[k][nd] = strides[k][i];
    ++nd;
  }
  ix.ndim = nd;
  bool unit = true;
  if (nd == 1) {
    for (int k = 0; k < N; ++k) unit = unit && ix.strides[k][0] == 1;
  }
  ix.contiguous = (nd == 0 || (nd == 1 && unit)) ? 1 : 0;
  return ix;
}

// Operands of one shape (the first array's).
template <int N>
Indexer<N> MakeIndexer(const chc_array* const* arrays) {
  const int64_t* strides[N];
  for (int k = 0; k < N; ++k) strides[k] = arrays[k]->strides;
  return MakeIndexer<N>(arrays[0]->ndim, arrays[0]->shape, strides);
}

// Strides of up to 8 dims, passed by value to kernels with a fixed layout.
struct Strides8 {
  int64_t s[8];
};

inline Strides8 StridesOf(const chc_array& a) {
  Strides8 r{};
  for (int i = 0; i < a.ndim && i < 8; ++i) r.s[i] = a.strides[i];
  return r;
}

}  // namespace chainer_cuda

namespace chainer_cuda {

// One thread per element (grid-stride): f(offsets) for every linear index.
template <int N, typename F>
__global__ void MapKernel(Indexer<N> ix, F f) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < ix.total; i += step) {
    int64_t off[N];
    ix.Offsets(i, off);
    f(off);
  }
}

template <int N, typename F>
void LaunchMap(int32_t dev, const Indexer<N>& ix, const F& f, const char* what) {
  if (ix.total == 0) return;
  MapKernel<N, F><<<GridFor(ix.total), kThreads, 0, Stream(dev)>>>(ix, f);
  CheckLaunch(what);
}

// One thread per index in [0, n) (grid-stride): f(i).
template <typename F>
__global__ void ForKernel(int64_t n, F f) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) f(i);
}

template <typename F>
void LaunchFor(int32_t dev, int64_t n, const F& f, const char* what) {
  if (n <= 0) return;
  ForKernel<F><<<GridFor(n), kThreads, 0, Stream(dev)>>>(n, f);
  CheckLaunch(what);
}

// Requires a to have exactly `shape` (ndim dims).
inline void RequireShape(const chc_array& a, int ndim, const int64_t* shape, const char* what) {
  bool ok = a.ndim == ndim;
  for (int i = 0; ok && i < ndim; ++i) ok = a.shape[i] == shape[i];
  if (!ok) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": operand shapes differ");
}

inline void RequireDtype(const chc_array& a, int32_t dtype, const char* what) {
  if (a.dtype != dtype) {
    Fail(CH_ERROR_DTYPE_MISMATCH, std::string(what) + ": expected dtype " + DtypeName(dtype) + ", got " +
                                      DtypeName(a.dtype));
  }
}

// Device math with float and double overloads (float calls the f-suffixed functions).
#define CHAINER_CUDA_MATH1(Name, ffn, dfn)                                   \
  __device__ __forceinline__ float Name(float v) { return ::ffn(v); }        \
  __device__ __forceinline__ double Name(double v) { return ::dfn(v); }
CHAINER_CUDA_MATH1(DExp, expf, exp)
CHAINER_CUDA_MATH1(DLog, logf, log)
CHAINER_CUDA_MATH1(DSqrt, sqrtf, sqrt)
CHAINER_CUDA_MATH1(DExpm1, expm1f, expm1)
CHAINER_CUDA_MATH1(DLog1p, log1pf, log1p)
CHAINER_CUDA_MATH1(DLog2, log2f, log2)
CHAINER_CUDA_MATH1(DLog10, log10f, log10)
CHAINER_CUDA_MATH1(DSin, sinf, sin)
CHAINER_CUDA_MATH1(DCos, cosf, cos)
CHAINER_CUDA_MATH1(DTan, tanf, tan)
CHAINER_CUDA_MATH1(DAsin, asinf, asin)
CHAINER_CUDA_MATH1(DAcos, acosf, acos)
CHAINER_CUDA_MATH1(DAtan, atanf, atan)
CHAINER_CUDA_MATH1(DSinh, sinhf, sinh)
CHAINER_CUDA_MATH1(DCosh, coshf, cosh)
CHAINER_CUDA_MATH1(DTanh, tanhf, tanh)
CHAINER_CUDA_MATH1(DFloor, floorf, floor)
CHAINER_CUDA_MATH1(DCeil, ceilf, ceil)
CHAINER_CUDA_MATH1(DTrunc, truncf, trunc)
#undef CHAINER_CUDA_MATH1
// std::min / std::max semantics (the first argument wins ties and NaN comparisons).
template <typename T>
__device__ __forceinline__ T DMin(T a, T b) { return b < a ? b : a; }
template <typename T>
__device__ __forceinline__ T DMax(T a, T b) { return a < b ? b : a; }
__device__ __forceinline__ float DPow(float a, float b) { return ::powf(a, b); }
__device__ __forceinline__ double DPow(double a, double b) { return ::pow(a, b); }
__device__ __forceinline__ float DFmod(float a, float b) { return ::fmodf(a, b); }
__device__ __forceinline__ double DFmod(double a, double b) { return ::fmod(a, b); }

}  // namespace chainer_cuda
