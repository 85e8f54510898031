// Reductions: sum, prod/max/min, arg max/min along one axis, cumsum.
//
// Reduced axes are moved innermost through two strided indexers (kept dims,
// with the output's strides, and reduced dims). A group of G threads (G a
// power of two up to the block size, chosen from the reduced length) reduces
// one output: each thread accumulates a strided share serially, then the
// group combines in shared memory as a tree. Small outputs over huge
// reductions take two passes through pool scratch.
#include <algorithm>
#include <limits>
#include <type_traits>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename R>
__global__ void GroupReduceKernel(R r, Indexer<2> outer, Indexer<1> inner, int group, int64_t chunks,
                                  int64_t chunk_len) {
  using Acc = typename R::Acc;
  extern __shared__ __align__(16) unsigned char smem_raw[];
  Acc* sh = reinterpret_cast<Acc*>(smem_raw);
  const int per_block = blockDim.x / group;
  const int lane = threadIdx.x % group;
  const int slot = threadIdx.x / group;
  const int64_t n_out = outer.total * chunks;
  for (int64_t base = static_cast<int64_t>(blockIdx.x) * per_block; base < n_out;
       base += static_cast<int64_t>(gridDim.x) * per_block) {
    const int64_t v = base + slot;
    Acc acc = r.Identity();
    int64_t off[2] = {0, 0};
    if (v < n_out) {
      const int64_t o = v / chunks;
      const int64_t c = v - o * chunks;
      outer.Offsets(o, off);
      const int64_t begin = c * chunk_len;
      const int64_t end = DMin(inner.total, begin + chunk_len);
      for (int64_t j = begin + lane; j < end; j += group) {
        int64_t ioff[1];
        inner.Offsets(j, ioff);
        acc = r.Combine(acc, r.Load(off[0] + ioff[0], j));
      }
    }
    sh[threadIdx.x] = acc;
    __syncthreads();
    for (int s = group / 2; s > 0; s >>= 1) {
      if (lane < s) sh[threadIdx.x] = r.Combine(sh[threadIdx.x], sh[threadIdx.x + s]);
      __syncthreads();
    }
    if (lane == 0 && v < n_out) r.Store(chunks > 1 ? v : off[1], sh[threadIdx.x]);
    __syncthreads();
  }
}

template <typename TIn, typename TAcc, typename TOut, int Op>
struct ValueReducer {
  using Acc = TAcc;
  const TIn* x;
  TOut* y;
  TAcc init;
  __device__ __forceinline__ Acc Identity() const { return init; }
  __device__ __forceinline__ Acc Load(int64_t off, int64_t) const { return static_cast<Acc>(x[off]); }
  __device__ __forceinline__ Acc Combine(Acc a, Acc v) const {
    if constexpr (Op == CHC_REDUCE_SUM) return static_cast<Acc>(a + v);
    if constexpr (Op == CHC_REDUCE_PROD) return static_cast<Acc>(a * v);
    if constexpr (Op == CHC_REDUCE_MAX) return (a >= v || a != a) ? a : v;
    if constexpr (Op == CHC_REDUCE_MIN) return (a <= v || a != a) ? a : v;
    return a;
  }
  __device__ __forceinline__ void Store(int64_t off, Acc v) const { y[off] = static_cast<TOut>(v); }
};

template <typename T>
struct ArgAcc {
  T v;
  int64_t i;  // -1: no element yet
};

template <typename T, bool kMax>
struct ArgReducer {
  using Acc = ArgAcc<T>;
  const T* x;
  int64_t* y;
  __device__ __forceinline__ Acc Identity() const { return Acc{T(), -1}; }
  __device__ __forceinline__ Acc Load(int64_t off, int64_t j) const { return Acc{x[off], j}; }
  __device__ __forceinline__ Acc Combine(Acc a, Acc b) const {
    if (a.i < 0) return b;
    if (b.i < 0) return a;
    bool an = a.v != a.v, bn = b.v != b.v;  // the first NaN wins
    if (an || bn) {
      if (an && bn) return a.i < b.i ? a : b;
      return an ? a : b;
    }
    if (kMax ? a.v > b.v : a.v < b.v) return a;
    if (kMax ? b.v > a.v : b.v < a.v) return b;
    return a.i < b.i ? a : b;  // ties: the first index
  }
  __device__ __forceinline__ void Store(int64_t off, Acc v) const { y[off] = v.i < 0 ? 0 : v.i; }
};

struct ReducePlan {
  Indexer<2> outer;  // kept dims: (x, out) offsets
  Indexer<1> inner;  // reduced dims: x offsets
};

// Kept dims of x map to out's dims in order (out without the reduced axes) or
// one to one (keepdims: out has x's ndim with the reduced axes of size 1).
ReducePlan PlanReduce(const chc_array& x, const bool* reduced, int n_reduced, const chc_array& out, const char* what) {
  int64_t kshape[CHC_MAX_NDIM] = {}, kx[CHC_MAX_NDIM] = {}, ko[CHC_MAX_NDIM] = {};
  int64_t rshape[CHC_MAX_NDIM] = {}, rx[CHC_MAX_NDIM] = {};
  int nk = 0, nr = 0;
  bool keepdims = out.ndim == x.ndim && n_reduced > 0;
  if (!keepdims && out.ndim != x.ndim - n_reduced) {
    Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": the output has the wrong number of dimensions");
  }
  for (int i = 0; i < x.ndim; ++i) {
    if (reduced[i]) {
      if (keepdims && out.shape[i] != 1) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": output shape mismatch");
      rshape[nr] = x.shape[i];
      rx[nr] = x.strides[i];
      ++nr;
    } else {
      int oi = keepdims ? i : nk;
      if (out.shape[oi] != x.shape[i]) Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": output shape mismatch");
      kshape[nk] = x.shape[i];
      kx[nk] = x.strides[i];
      ko[nk] = out.strides[oi];
      ++nk;
    }
  }
  ReducePlan p;
  const int64_t* ks[2] = {kx, ko};
  p.outer = MakeIndexer<2>(nk, kshape, ks);
  const int64_t* rs[1] = {rx};
  p.inner = MakeIndexer<1>(nr, rshape, rs);
  return p;
}

int GroupFor(int64_t inner) {
  int g = 1;
  while (g < kThreads && g < inner) g *= 2;
  return g;
}

template <typename R>
void LaunchReduce(int32_t dev, const R& r, const Indexer<2>& outer, const Indexer<1>& inner, int64_t chunks,
                  int64_t chunk_len, const char* what) {
  int64_t n_out = outer.total * chunks;
  if (n_out == 0) return;
  int64_t per_thread_len = chunks > 1 ? chunk_len : inner.total;
  int group = GroupFor(per_thread_len);
  // Many outputs adjacent in memory, reduced along a strided axis (e.g. a sum
  // over the batch): one thread per output keeps the loads coalesced.
  if (chunks == 1 && outer.total >= 2048 && outer.ndim >= 1 && outer.strides[0][outer.ndim - 1] == 1 &&
      !(inner.ndim >= 1 && inner.strides[0][inner.ndim - 1] == 1)) {
    group = 1;
  }
  int per_block = kThreads / group;
  int64_t blocks = std::min<int64_t>((n_out + per_block - 1) / per_block, 1 << 16);
  size_t shmem = sizeof(typename R::Acc) * kThreads;
  GroupReduceKernel<R><<<static_cast<unsigned int>(blocks), kThreads, shmem, Stream(dev)>>>(r, outer, inner, group,
                                                                                              chunks, chunk_len);
  CheckLaunch(what);
}

// out = reduce(x) with accumulation in TAcc; splits huge reductions of few outputs in two passes.
template <typename TIn, typename TAcc, typename TOut, int Op>
void RunValueReduce(int32_t dev, const ReducePlan& p, const TIn* x, TOut* y, TAcc init, const char* what) {
  const int64_t outer = p.outer.total, inner = p.inner.total;
  if (outer == 0) return;
  if (outer < 1024 && inner >= (int64_t{1} << 15)) {
    int64_t chunks = std::min<int64_t>((inner + 8191) / 8192, std::max<int64_t>(2, 4096 / outer));
    int64_t chunk_len = (inner + chunks - 1) / chunks;
    Scratch partial(dev, sizeof(TAcc) * static_cast<size_t>(outer * chunks));
    ValueReducer<TIn, TAcc, TAcc, Op> r1{x, partial.as<TAcc>(), init};
    LaunchReduce(dev, r1, p.outer, p.inner, chunks, chunk_len, what);
    // Pass 2: (outer, chunks) partials -> out.
    int64_t kshape[CHC_MAX_NDIM] = {}, kx[CHC_MAX_NDIM] = {}, ko[CHC_MAX_NDIM] = {};
    int nk = p.outer.ndim;
    int64_t s = chunks;
    for (int i = nk - 1; i >= 0; --i) {
      kshape[i] = p.outer.shape[i];
      kx[i] = s;
      ko[i] = p.outer.strides[1][i];
      s *= kshape[i];
    }
    const int64_t* ks[2] = {kx, ko};
    Indexer<2> outer2 = MakeIndexer<2>(nk, kshape, ks);
    int64_t one = 1;
    const int64_t* rs[1] = {&one};
    Indexer<1> inner2 = MakeIndexer<1>(1, &chunks, rs);
    ValueReducer<TAcc, TAcc, TOut, Op> r2{partial.as<TAcc>(), y, init};
    LaunchReduce(dev, r2, outer2, inner2, 1, inner2.total, what);
    return;
  }
  ValueReducer<TIn, TAcc, TOut, Op> r{x, y, init};
  LaunchReduce(dev, r, p.outer, p.inner, 1, inner, what);
}

template <typename T>
T IdentityOf(int32_t op) {
  switch (op) {
    case CHC_REDUCE_PROD: return T(1);
    case CHC_REDUCE_MAX:
      return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
    case CHC_REDUCE_MIN:
      return std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max();
    default: return T(0);
  }
}

void ReducedAxes(const chc_array& x, const int32_t* axes, int32_t n_axes, bool* reduced) {
  if (n_axes < 0 || (n_axes > 0 && axes == nullptr)) Fail(CH_ERROR_NULL_ARGUMENT, "reduction: no axes");
  for (int i = 0; i < CHC_MAX_NDIM; ++i) reduced[i] = false;
  for (int32_t k = 0; k < n_axes; ++k) {
    int32_t a = axes[k];
    if (a < 0 || a >= x.ndim || reduced[a]) Fail(CH_ERROR_INVALID_ARGUMENT, "reduction: invalid axis " + std::to_string(a));
    reduced[a] = true;
  }
}

template <typename T>
struct CumsumF {
  Indexer<2> lines;  // (x, out) base offsets
  const T* x;
  T* y;
  int64_t length, xs, ys;
  __device__ void operator()(int64_t line) const {
    int64_t off[2];
    lines.Offsets(line, off);
    const T* p = x + off[0];
    T* q = y + off[1];
    T acc = T(0);
    for (int64_t i = 0; i < length; ++i) {
      acc = static_cast<T>(acc + p[i * xs]);
      q[i * ys] = acc;
    }
  }
};

}  // namespace

int32_t Sum(int32_t dev, const chc_array* x, const int32_t* axes, int32_t n_axes, const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& o = Arg(out, "out");
    bool reduced[CHC_MAX_NDIM];
    ReducedAxes(xa, axes, n_axes, reduced);
    if (!(o.dtype == xa.dtype || (xa.dtype == CH_DTYPE_BOOL && o.dtype == CH_DTYPE_INT64))) {
      Fail(CH_ERROR_DTYPE_MISMATCH, std::string("sum: unexpected output dtype ") + DtypeName(o.dtype));
    }
    ReducePlan p = PlanReduce(xa, reduced, n_axes, o, "sum");
    UseDevice(dev);
    VisitDtype(xa.dtype, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        if (o.dtype == CH_DTYPE_INT64) {
          RunValueReduce<bool, int64_t, int64_t, CHC_REDUCE_SUM>(dev, p, static_cast<const bool*>(xa.data),
                                                                 static_cast<int64_t*>(o.data), 0, "sum");
        } else {
          NotSupported("sum into a bool output", o.dtype);
        }
      } else {
        RunValueReduce<T, T, T, CHC_REDUCE_SUM>(dev, p, static_cast<const T*>(xa.data), static_cast<T*>(o.data), T(0),
                                                "sum");
      }
    });
  });
}

int32_t Reduce(int32_t dev, int32_t op, const chc_array* x, const int32_t* axes, int32_t n_axes,
               const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& o = Arg(out, "out", xa.dtype);
    bool reduced[CHC_MAX_NDIM];
    ReducedAxes(xa, axes, n_axes, reduced);
    ReducePlan p = PlanReduce(xa, reduced, n_axes, o, "reduce");
    UseDevice(dev);
    VisitDtype(xa.dtype, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        NotSupported("reduction", xa.dtype);
      } else {
        const T* xp = static_cast<const T*>(xa.data);
        T* yp = static_cast<T*>(o.data);
        T init = IdentityOf<T>(op);
        switch (op) {
          case CHC_REDUCE_SUM: RunValueReduce<T, T, T, CHC_REDUCE_SUM>(dev, p, xp, yp, init, "reduce"); return;
          case CHC_REDUCE_PROD: RunValueReduce<T, T, T, CHC_REDUCE_PROD>(dev, p, xp, yp, init, "reduce"); return;
          case CHC_REDUCE_MAX: RunValueReduce<T, T, T, CHC_REDUCE_MAX>(dev, p, xp, yp, init, "reduce"); return;
          case CHC_REDUCE_MIN: RunValueReduce<T, T, T, CHC_REDUCE_MIN>(dev, p, xp, yp, init, "reduce"); return;
          default: Fail(CH_ERROR_INVALID_ARGUMENT, "unknown reduce op " + std::to_string(op));
        }
      }
    });
  });
}

int32_t ArgReduce(int32_t dev, int32_t op, const chc_array* x, int32_t axis, const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& o = Arg(out, "out", CH_DTYPE_INT64);
    if (axis < 0 || axis >= xa.ndim) Fail(CH_ERROR_INVALID_ARGUMENT, "arg_reduce: invalid axis " + std::to_string(axis));
    if (op != CHC_REDUCE_MAX && op != CHC_REDUCE_MIN) Fail(CH_ERROR_INVALID_ARGUMENT, "arg_reduce: op must be max or min");
    bool reduced[CHC_MAX_NDIM] = {};
    reduced[axis] = true;
    ReducePlan p = PlanReduce(xa, reduced, 1, o, "arg_reduce");
    UseDevice(dev);
    VisitDtype(xa.dtype, [&](auto tag) {
      using T = decltype(tag);
      const T* xp = static_cast<const T*>(xa.data);
      int64_t* yp = static_cast<int64_t*>(o.data);
      if (op == CHC_REDUCE_MAX) {
        LaunchReduce(dev, ArgReducer<T, true>{xp, yp}, p.outer, p.inner, 1, p.inner.total, "arg_reduce");
      } else {
        LaunchReduce(dev, ArgReducer<T, false>{xp, yp}, p.outer, p.inner, 1, p.inner.total, "arg_reduce");
      }
    });
  });
}

int32_t Cumsum(int32_t dev, const chc_array* x, int32_t axis, const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& o = Arg(out, "out", xa.dtype);
    RequireShape(xa, o.ndim, o.shape, "cumsum");
    if (axis < 0 || axis >= xa.ndim) Fail(CH_ERROR_INVALID_ARGUMENT, "cumsum: invalid axis " + std::to_string(axis));
    UseDevice(dev);
    int64_t shape[CHC_MAX_NDIM] = {}, xs[CHC_MAX_NDIM] = {}, os[CHC_MAX_NDIM] = {};
    int n = 0;
    for (int i = 0; i < xa.ndim; ++i) {
      if (i == axis) continue;
      shape[n] = xa.shape[i];
      xs[n] = xa.strides[i];
      os[n] = o.strides[i];
      ++n;
    }
    const int64_t* st[2] = {xs, os};
    Indexer<2> lines = MakeIndexer<2>(n, shape, st);
    VisitDtype(xa.dtype, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        NotSupported("cumsum", xa.dtype);
      } else {
        if (xa.shape[axis] == 0) return;
        LaunchFor(dev, lines.total,
                  CumsumF<T>{lines, static_cast<const T*>(xa.data), static_cast<T*>(o.data), xa.shape[axis],
                             xa.strides[axis], o.strides[axis]},
                  "cumsum");
      }
    });
  });
}

}  // namespace chainer_cuda
