// Fill, arange, copy with dtype conversion, unary ops, comparisons and where.
#include <type_traits>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename T>
T CastFromDouble(double v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else {
    return static_cast<T>(v);
  }
}

template <typename T>
struct FillF {
  T* y;
  T v;
  __device__ void operator()(const int64_t* off) const { y[off[0]] = v; }
};

template <typename T>
struct ArangeF {
  T* y;
  int64_t stride;
  double start, step;
  __device__ void operator()(int64_t i) const {
    double v = start + static_cast<double>(i) * step;
    if constexpr (std::is_same_v<T, bool>) {
      y[i * stride] = v != 0;
    } else {
      y[i * stride] = static_cast<T>(v);
    }
  }
};

template <typename TIn, typename TOut>
struct CastF {
  const TIn* x;
  TOut* y;
  __device__ void operator()(const int64_t* off) const {
    if constexpr (std::is_same_v<TOut, bool>) {
      y[off[1]] = x[off[0]] != TIn{};
    } else {
      y[off[1]] = static_cast<TOut>(x[off[0]]);
    }
  }
};

template <typename T, int Op>
__device__ __forceinline__ T UnaryApply(T v) {
  if constexpr (Op == CHC_NEG) return static_cast<T>(-v);
  if constexpr (Op == CHC_ABS) return v < T(0) ? static_cast<T>(-v) : v;
  if constexpr (Op == CHC_SIGN) return v > T(0) ? T(1) : (v < T(0) ? T(-1) : v);
  if constexpr (Op == CHC_RELU) return (v > T(0) || v != v) ? v : T(0);
  if constexpr (std::is_floating_point_v<T>) {
    if constexpr (Op == CHC_EXP) return DExp(v);
    if constexpr (Op == CHC_LOG) return DLog(v);
    if constexpr (Op == CHC_SQRT) return DSqrt(v);
    if constexpr (Op == CHC_SQUARE) return v * v;
    if constexpr (Op == CHC_EXPM1) return DExpm1(v);
    if constexpr (Op == CHC_LOG1P) return DLog1p(v);
    if constexpr (Op == CHC_LOG2) return DLog2(v);
    if constexpr (Op == CHC_LOG10) return DLog10(v);
    if constexpr (Op == CHC_SIN) return DSin(v);
    if constexpr (Op == CHC_COS) return DCos(v);
    if constexpr (Op == CHC_TAN) return DTan(v);
    if constexpr (Op == CHC_ARCSIN) return DAsin(v);
    if constexpr (Op == CHC_ARCCOS) return DAcos(v);
    if constexpr (Op == CHC_ARCTAN) return DAtan(v);
    if constexpr (Op == CHC_SINH) return DSinh(v);
    if constexpr (Op == CHC_COSH) return DCosh(v);
    if constexpr (Op == CHC_TANH) return DTanh(v);
    if constexpr (Op == CHC_SIGMOID) return DTanh(v * T(0.5)) * T(0.5) + T(0.5);
    if constexpr (Op == CHC_FLOOR) return DFloor(v);
    if constexpr (Op == CHC_CEIL) return DCeil(v);
    if constexpr (Op == CHC_FIX) return DTrunc(v);
    if constexpr (Op == CHC_RECIPROCAL) return T(1) / v;
  }
  return v;
}

template <typename T, int Op>
struct UnaryF {
  const T* x;
  T* y;
  __device__ void operator()(const int64_t* off) const { y[off[1]] = UnaryApply<T, Op>(x[off[0]]); }
};

template <typename T, int Op>
struct CompareF {
  const T* a;
  const T* b;
  bool* y;
  __device__ void operator()(const int64_t* off) const {
    T x = a[off[0]], z = b[off[1]];
    bool r;
    if constexpr (Op == CHC_EQ) r = x == z;
    if constexpr (Op == CHC_NE) r = x != z;
    if constexpr (Op == CHC_LT) r = x < z;
    if constexpr (Op == CHC_LE) r = x <= z;
    if constexpr (Op == CHC_GT) r = x > z;
    if constexpr (Op == CHC_GE) r = x >= z;
    y[off[2]] = r;
  }
};

template <typename T>
struct WhereF {
  const bool* c;
  const T* a;
  const T* b;
  T* y;
  __device__ void operator()(const int64_t* off) const { y[off[3]] = c[off[0]] ? a[off[1]] : b[off[2]]; }
};

__global__ void ProbeKernel() {}

template <typename T, int Op>
void RunUnary(int32_t dev, const chc_array& x, const chc_array& out) {
  const int64_t* st[2] = {x.strides, out.strides};
  auto ix = MakeIndexer<2>(out.ndim, out.shape, st);
  LaunchMap(dev, ix, UnaryF<T, Op>{static_cast<const T*>(x.data), static_cast<T*>(out.data)}, "unary");
}

template <typename T>
void DispatchUnary(int32_t dev, int32_t op, const chc_array& x, const chc_array& out) {
  if constexpr (!std::is_same_v<T, bool>) {
    switch (op) {
      case CHC_NEG: RunUnary<T, CHC_NEG>(dev, x, out); return;
      case CHC_ABS: RunUnary<T, CHC_ABS>(dev, x, out); return;
      case CHC_SIGN: RunUnary<T, CHC_SIGN>(dev, x, out); return;
      case CHC_RELU: RunUnary<T, CHC_RELU>(dev, x, out); return;
      default: break;
    }
  } else {
    if (op >= CHC_NEG && op <= CHC_RELU) NotSupported("this unary operation", x.dtype);
  }
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
#define CHAINER_CUDA_UNARY_CASE(name) \
  case name: RunUnary<T, name>(dev, x, out); return;
      CHAINER_CUDA_UNARY_CASE(CHC_EXP)
      CHAINER_CUDA_UNARY_CASE(CHC_LOG)
      CHAINER_CUDA_UNARY_CASE(CHC_SQRT)
      CHAINER_CUDA_UNARY_CASE(CHC_SQUARE)
      CHAINER_CUDA_UNARY_CASE(CHC_EXPM1)
      CHAINER_CUDA_UNARY_CASE(CHC_LOG1P)
      CHAINER_CUDA_UNARY_CASE(CHC_LOG2)
      CHAINER_CUDA_UNARY_CASE(CHC_LOG10)
      CHAINER_CUDA_UNARY_CASE(CHC_SIN)
      CHAINER_CUDA_UNARY_CASE(CHC_COS)
      CHAINER_CUDA_UNARY_CASE(CHC_TAN)
      CHAINER_CUDA_UNARY_CASE(CHC_ARCSIN)
      CHAINER_CUDA_UNARY_CASE(CHC_ARCCOS)
      CHAINER_CUDA_UNARY_CASE(CHC_ARCTAN)
      CHAINER_CUDA_UNARY_CASE(CHC_SINH)
      CHAINER_CUDA_UNARY_CASE(CHC_COSH)
      CHAINER_CUDA_UNARY_CASE(CHC_TANH)
      CHAINER_CUDA_UNARY_CASE(CHC_SIGMOID)
      CHAINER_CUDA_UNARY_CASE(CHC_FLOOR)
      CHAINER_CUDA_UNARY_CASE(CHC_CEIL)
      CHAINER_CUDA_UNARY_CASE(CHC_FIX)
      CHAINER_CUDA_UNARY_CASE(CHC_RECIPROCAL)
#undef CHAINER_CUDA_UNARY_CASE
      default: break;
    }
    Fail(CH_ERROR_INVALID_ARGUMENT, "unknown unary op " + std::to_string(op));
  } else {
    if (op >= CHC_EXP && op <= CHC_RECIPROCAL) NotSupported("this unary operation (a float dtype is required)", x.dtype);
    Fail(CH_ERROR_INVALID_ARGUMENT, "unknown unary op " + std::to_string(op));
  }
}

template <typename T, int Op>
void RunCompare(int32_t dev, const chc_array& a, const chc_array& b, const chc_array& out) {
  const int64_t* st[3] = {a.strides, b.strides, out.strides};
  auto ix = MakeIndexer<3>(out.ndim, out.shape, st);
  LaunchMap(dev, ix,
            CompareF<T, Op>{static_cast<const T*>(a.data), static_cast<const T*>(b.data), static_cast<bool*>(out.data)},
            "compare");
}

}  // namespace

cudaError_t ProbeKernelImage() {
  cudaFuncAttributes attr;
  return cudaFuncGetAttributes(&attr, reinterpret_cast<const void*>(&ProbeKernel));
}

chc_array ContiguousLike(const chc_array& a, void* data) {
  chc_array r = a;
  r.data = data;
  int64_t s = 1;
  for (int i = a.ndim - 1; i >= 0; --i) {
    r.strides[i] = s;
    s *= a.shape[i];
  }
  return r;
}

void FillStrided(int32_t dev, const chc_array& out, double value) {
  VisitDtype(out.dtype, [&](auto tag) {
    using T = decltype(tag);
    const int64_t* st[1] = {out.strides};
    auto ix = MakeIndexer<1>(out.ndim, out.shape, st);
    LaunchMap(dev, ix, FillF<T>{static_cast<T*>(out.data), CastFromDouble<T>(value)}, "fill");
  });
}

void CopyStrided(int32_t dev, const chc_array& src, const chc_array& dst) {
  RequireShape(src, dst.ndim, dst.shape, "copy");
  const int64_t* st[2] = {src.strides, dst.strides};
  auto ix = MakeIndexer<2>(dst.ndim, dst.shape, st);
  VisitDtype(src.dtype, [&](auto in_tag) {
    using TIn = decltype(in_tag);
    VisitDtype(dst.dtype, [&](auto out_tag) {
      using TOut = decltype(out_tag);
      LaunchMap(dev, ix, CastF<TIn, TOut>{static_cast<const TIn*>(src.data), static_cast<TOut*>(dst.data)}, "copy");
    });
  });
}

int32_t Fill(int32_t dev, const chc_array* out, double value) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    UseDevice(dev);
    FillStrided(dev, o, value);
  });
}

int32_t Arange(int32_t dev, const chc_array* out, double start, double step) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    UseDevice(dev);
    int64_t n = NumElements(o);
    int64_t stride = o.ndim == 1 ? o.strides[0] : 1;
    VisitDtype(o.dtype, [&](auto tag) {
      using T = decltype(tag);
      LaunchFor(dev, n, ArangeF<T>{static_cast<T*>(o.data), stride, start, step}, "arange");
    });
  });
}

int32_t Copy(int32_t dev, const chc_array* src, const chc_array* dst) {
  return Guard([&] {
    const chc_array& s = Arg(src, "src");
    const chc_array& d = Arg(dst, "dst");
    UseDevice(dev);
    CopyStrided(dev, s, d);
  });
}

int32_t Unary(int32_t dev, int32_t op, const chc_array* x, const chc_array* out) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& o = Arg(out, "out", xa.dtype);
    RequireShape(xa, o.ndim, o.shape, "unary");
    UseDevice(dev);
    VisitDtype(xa.dtype, [&](auto tag) { DispatchUnary<decltype(tag)>(dev, op, xa, o); });
  });
}

int32_t Compare(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out) {
  return Guard([&] {
    const chc_array& aa = Arg(a, "a");
    const chc_array& ba = Arg(b, "b", aa.dtype);
    const chc_array& o = Arg(out, "out", CH_DTYPE_BOOL);
    RequireShape(aa, o.ndim, o.shape, "compare");
    RequireShape(ba, o.ndim, o.shape, "compare");
    UseDevice(dev);
    VisitDtype(aa.dtype, [&](auto tag) {
      using T = decltype(tag);
      switch (op) {
        case CHC_EQ: RunCompare<T, CHC_EQ>(dev, aa, ba, o); return;
        case CHC_NE: RunCompare<T, CHC_NE>(dev, aa, ba, o); return;
        case CHC_LT: RunCompare<T, CHC_LT>(dev, aa, ba, o); return;
        case CHC_LE: RunCompare<T, CHC_LE>(dev, aa, ba, o); return;
        case CHC_GT: RunCompare<T, CHC_GT>(dev, aa, ba, o); return;
        case CHC_GE: RunCompare<T, CHC_GE>(dev, aa, ba, o); return;
        default: Fail(CH_ERROR_INVALID_ARGUMENT, "unknown compare op " + std::to_string(op));
      }
    });
  });
}

int32_t Where(int32_t dev, const chc_array* cond, const chc_array* a, const chc_array* b, const chc_array* out) {
  return Guard([&] {
    const chc_array& c = Arg(cond, "cond", CH_DTYPE_BOOL);
    const chc_array& o = Arg(out, "out");
    const chc_array& aa = Arg(a, "a", o.dtype);
    const chc_array& ba = Arg(b, "b", o.dtype);
    RequireShape(c, o.ndim, o.shape, "where");
    RequireShape(aa, o.ndim, o.shape, "where");
    RequireShape(ba, o.ndim, o.shape, "where");
    UseDevice(dev);
    const int64_t* st[4] = {c.strides, aa.strides, ba.strides, o.strides};
    auto ix = MakeIndexer<4>(o.ndim, o.shape, st);
    VisitDtype(o.dtype, [&](auto tag) {
      using T = decltype(tag);
      LaunchMap(dev, ix,
                WhereF<T>{static_cast<const bool*>(c.data), static_cast<const T*>(aa.data),
                          static_cast<const T*>(ba.data), static_cast<T*>(o.data)},
                "where");
    });
  });
}

}  // namespace chainer_cuda
