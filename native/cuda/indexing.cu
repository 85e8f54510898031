// Take / scatter-add along an axis and the flat gather / scatter-add pair.
#include <type_traits>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename T>
__device__ __forceinline__ void AtomicAddTo(T* p, T v) {
  if constexpr (std::is_same_v<T, int64_t>) {
    atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
  } else {
    atomicAdd(p, v);
  }
}

// Elements of `big` (C order of outer + indices.shape + inner, whatever its
// own shape) against `small`'s axis (shape outer + (len,) + inner): linear
// index i of big -> offsets.
struct AxisMap {
  Indexer<1> outer;  // small's dims before the axis
  Indexer<1> inner;  // small's dims after the axis
  Indexer<1> idx;    // the indices array
  Indexer<1> big;    // the big array
  int64_t n_idx, inner_size, axis_stride;
  __device__ __forceinline__ void Map(int64_t i, int64_t* small_off, int64_t* big_off, int64_t* idx_off) const {
    int64_t k = i % inner_size;
    int64_t t = i / inner_size;
    int64_t j = t % n_idx;
    int64_t o = t / n_idx;
    int64_t a[1], b[1], c[1], d[1];
    outer.Offsets(o, a);
    inner.Offsets(k, b);
    idx.Offsets(j, c);
    big.Offsets(i, d);
    *small_off = a[0] + b[0];
    *big_off = d[0];
    *idx_off = c[0];
  }
};

AxisMap MakeAxisMap(const chc_array& small, const chc_array& indices, int axis, const chc_array& big, const char* what) {
  if (axis < 0 || axis >= small.ndim) Fail(CH_ERROR_INVALID_ARGUMENT, std::string(what) + ": invalid axis");
  // Like the CPU kernel, `big` is read in C order as (outer, n_idx, inner): the core may hand it with
  // another shape of that size (indices flattened, or out already reshaped), so only the size is checked.
  AxisMap m;
  const int64_t* s1[1] = {small.strides};
  m.outer = MakeIndexer<1>(axis, small.shape, s1);
  const int64_t* s2[1] = {small.strides + axis + 1};
  m.inner = MakeIndexer<1>(small.ndim - axis - 1, small.shape + axis + 1, s2);
  const int64_t* s3[1] = {indices.strides};
  m.idx = MakeIndexer<1>(indices.ndim, indices.shape, s3);
  const int64_t* s4[1] = {big.strides};
  m.big = MakeIndexer<1>(big.ndim, big.shape, s4);
  m.n_idx = m.idx.total;
  m.inner_size = m.inner.total;
  m.axis_stride = small.strides[axis];
  if (m.big.total != m.outer.total * m.n_idx * m.inner_size) {
    Fail(CH_ERROR_SHAPE_MISMATCH, std::string(what) + ": shape mismatch");
  }
  return m;
}

template <typename E>
struct TakeF {
  AxisMap m;
  const E* x;
  const int64_t* idx;
  E* y;
  __device__ void operator()(int64_t i) const {
    int64_t so, bo, io;
    m.Map(i, &so, &bo, &io);
    y[bo] = x[so + idx[io] * m.axis_stride];
  }
};

template <typename T>
struct ScatterAddF {
  AxisMap m;
  const T* src;
  const int64_t* idx;
  T* out;
  __device__ void operator()(int64_t i) const {
    int64_t so, bo, io;
    m.Map(i, &so, &bo, &io);
    AtomicAddTo(out + so + idx[io] * m.axis_stride, src[bo]);
  }
};

template <typename T>
struct GatherFlatF {
  Indexer<2> ix;    // (indices, out)
  Indexer<1> flat;  // src
  const T* src;
  const int64_t* idx;
  T* out;
  __device__ void operator()(int64_t i) const {
    int64_t off[2];
    ix.Offsets(i, off);
    int64_t k = idx[off[0]];
    T v = T(0);
    if (k >= 0) {
      int64_t so[1];
      flat.Offsets(k, so);
      v = src[so[0]];
    }
    out[off[1]] = v;
  }
};

template <typename T>
struct ScatterAddFlatF {
  Indexer<2> ix;    // (src, indices)
  Indexer<1> flat;  // out
  const T* src;
  const int64_t* idx;
  T* out;
  __device__ void operator()(int64_t i) const {
    int64_t off[2];
    ix.Offsets(i, off);
    int64_t k = idx[off[1]];
    if (k >= 0) {
      int64_t oo[1];
      flat.Offsets(k, oo);
      AtomicAddTo(out + oo[0], src[off[0]]);
    }
  }
};

}  // namespace

int32_t Take(int32_t dev, const chc_array* x, const chc_array* indices, int32_t axis, const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ia = Arg(indices, "indices", CH_DTYPE_INT64);
    const chc_array& o = Arg(out, "out", xa.dtype);
    AxisMap m = MakeAxisMap(xa, ia, axis, o, "take");
    UseDevice(dev);
    const int64_t* ip = static_cast<const int64_t*>(ia.data);
    switch (ItemSize(xa.dtype)) {
      case 1:
        LaunchFor(dev, m.big.total, TakeF<uint8_t>{m, static_cast<const uint8_t*>(xa.data), ip, static_cast<uint8_t*>(o.data)}, "take");
        break;
      case 4:
        LaunchFor(dev, m.big.total, TakeF<uint32_t>{m, static_cast<const uint32_t*>(xa.data), ip, static_cast<uint32_t*>(o.data)}, "take");
        break;
      default:
        LaunchFor(dev, m.big.total, TakeF<uint64_t>{m, static_cast<const uint64_t*>(xa.data), ip, static_cast<uint64_t*>(o.data)}, "take");
        break;
    }
  });
}

int32_t ScatterAdd(int32_t dev, const chc_array* src, const chc_array* indices, int32_t axis, const chc_array* out) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    const chc_array& sa = Arg(src, "src", o.dtype);
    const chc_array& ia = Arg(indices, "indices", CH_DTYPE_INT64);
    AxisMap m = MakeAxisMap(o, ia, axis, sa, "scatter_add");
    UseDevice(dev);
    VisitDtype(o.dtype, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        NotSupported("scatter-add", o.dtype);
      } else {
        LaunchFor(dev, m.big.total,
                  ScatterAddF<T>{m, static_cast<const T*>(sa.data), static_cast<const int64_t*>(ia.data),
                                 static_cast<T*>(o.data)},
                  "scatter_add");
      }
    });
  });
}

int32_t GatherFlat(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    const chc_array& sa = Arg(src, "src", o.dtype);
    const chc_array& ia = Arg(indices, "indices", CH_DTYPE_INT64);
    if (NumElements(ia) != NumElements(o)) Fail(CH_ERROR_SHAPE_MISMATCH, "gather_flat: indices and out differ in size");
    UseDevice(dev);
    // indices and out are walked in C order over out's shape.
    chc_array iv = ia;
    if (ia.ndim != o.ndim) iv = ContiguousLike(o, ia.data);  // same size; contiguous indices assumed as on the CPU
    const int64_t* st[2] = {iv.strides, o.strides};
    Indexer<2> ix = MakeIndexer<2>(o.ndim, o.shape, st);
    const int64_t* ss[1] = {sa.strides};
    Indexer<1> flat = MakeIndexer<1>(sa.ndim, sa.shape, ss);
    VisitFloatDtype(o.dtype, "gather_flat", [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, ix.total,
                GatherFlatF<T>{ix, flat, static_cast<const T*>(sa.data), static_cast<const int64_t*>(ia.data),
                               static_cast<T*>(o.data)},
                "gather_flat");
    });
  });
}

int32_t ScatterAddFlat(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    const chc_array& sa = Arg(src, "src", o.dtype);
    const chc_array& ia = Arg(indices, "indices", CH_DTYPE_INT64);
    if (NumElements(ia) != NumElements(sa)) Fail(CH_ERROR_SHAPE_MISMATCH, "scatter_add_flat: indices and src differ in size");
    UseDevice(dev);
    VisitFloatDtype(o.dtype, "scatter_add_flat", [&](auto tag) {
      using T = decltype(tag);
      FillStrided(dev, o, 0.0);
      chc_array iv = ia;
      if (ia.ndim != sa.ndim) iv = ContiguousLike(sa, ia.data);
      const int64_t* st[2] = {sa.strides, iv.strides};
      Indexer<2> ix = MakeIndexer<2>(sa.ndim, sa.shape, st);
      const int64_t* os[1] = {o.strides};
      Indexer<1> flat = MakeIndexer<1>(o.ndim, o.shape, os);
      LaunchFor(dev, ix.total,
                ScatterAddFlatF<T>{ix, flat, static_cast<const T*>(sa.data), static_cast<const int64_t*>(ia.data),
                                   static_cast<T*>(o.data)},
                "scatter_add_flat");
    });
  });
}

}  // namespace chainer_cuda
