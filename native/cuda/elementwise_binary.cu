// Binary element-wise ops (array-array and array-scalar) with NumPy's
// semantics as the CPU backend has them: NaN-propagating maximum/minimum,
// integer power by repeated squaring, no integer division or fmod.
#include <type_traits>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename T, int Op>
__device__ __forceinline__ T BinaryApply(T a, T b) {
  if constexpr (Op == CHC_ADD) return static_cast<T>(a + b);
  if constexpr (Op == CHC_SUB) return static_cast<T>(a - b);
  if constexpr (Op == CHC_MUL) return static_cast<T>(a * b);
  if constexpr (Op == CHC_DIV) return a / b;  // float only
  if constexpr (Op == CHC_POW) {
    if constexpr (std::is_floating_point_v<T>) {
      return DPow(a, b);
    } else if constexpr (std::is_same_v<T, bool>) {
      return a || !b;
    } else {
      T result = 1;
      T base = a;
      for (T e = b; e > 0; e >>= 1) {
        if (e & 1) result *= base;
        base *= base;
      }
      return result;
    }
  }
  if constexpr (Op == CHC_MAXIMUM) return (a >= b || a != a) ? a : b;
  if constexpr (Op == CHC_MINIMUM) return (a <= b || a != a) ? a : b;
  if constexpr (Op == CHC_FMOD) return DFmod(a, b);  // float only
  return a;
}

template <typename T, int Op>
struct BinaryF {
  const T* a;
  const T* b;
  T* y;
  __device__ void operator()(const int64_t* off) const { y[off[2]] = BinaryApply<T, Op>(a[off[0]], b[off[1]]); }
};

template <typename T, int Op>
struct BinaryScalarF {
  const T* a;
  T* y;
  T s;
  bool scalar_first;
  __device__ void operator()(const int64_t* off) const {
    T v = a[off[0]];
    y[off[1]] = scalar_first ? BinaryApply<T, Op>(s, v) : BinaryApply<T, Op>(v, s);
  }
};

template <typename T>
T CastFromDouble(double v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else {
    return static_cast<T>(v);
  }
}

// run(std::integral_constant<int, Op>) for a supported (op, T) pair.
template <typename T, typename Run>
void DispatchBinary(int32_t op, int32_t dtype, Run&& run) {
  switch (op) {
    case CHC_ADD: run(std::integral_constant<int, CHC_ADD>{}); return;
    case CHC_SUB: run(std::integral_constant<int, CHC_SUB>{}); return;
    case CHC_MUL: run(std::integral_constant<int, CHC_MUL>{}); return;
    case CHC_DIV:
      if constexpr (std::is_floating_point_v<T>) {
        run(std::integral_constant<int, CHC_DIV>{});
        return;
      } else {
        NotSupported("integer division", dtype);
      }
    case CHC_POW: run(std::integral_constant<int, CHC_POW>{}); return;
    case CHC_MAXIMUM: run(std::integral_constant<int, CHC_MAXIMUM>{}); return;
    case CHC_MINIMUM: run(std::integral_constant<int, CHC_MINIMUM>{}); return;
    case CHC_FMOD:
      if constexpr (std::is_floating_point_v<T>) {
        run(std::integral_constant<int, CHC_FMOD>{});
        return;
      } else {
        NotSupported("fmod", dtype);
      }
    default: break;
  }
  Fail(CH_ERROR_INVALID_ARGUMENT, "unknown binary op " + std::to_string(op));
}

}  // namespace

int32_t Binary(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    const chc_array& aa = Arg(a, "a", o.dtype);
    const chc_array& ba = Arg(b, "b", o.dtype);
    RequireShape(aa, o.ndim, o.shape, "binary");
    RequireShape(ba, o.ndim, o.shape, "binary");
    UseDevice(dev);
    const int64_t* st[3] = {aa.strides, ba.strides, o.strides};
    auto ix = MakeIndexer<3>(o.ndim, o.shape, st);
    VisitDtype(o.dtype, [&](auto tag) {
      using T = decltype(tag);
      DispatchBinary<T>(op, o.dtype, [&](auto opc) {
        constexpr int Op = decltype(opc)::value;
        LaunchMap(dev, ix,
                  BinaryF<T, Op>{static_cast<const T*>(aa.data), static_cast<const T*>(ba.data),
                                 static_cast<T*>(o.data)},
                  "binary");
      });
    });
  });
}

int32_t BinaryScalar(int32_t dev, int32_t op, const chc_array* a, double s, int32_t scalar_first,
                     const chc_array* out) {
  return Guard([&] {
    const chc_array& o = Arg(out, "out");
    const chc_array& aa = Arg(a, "a", o.dtype);
    RequireShape(aa, o.ndim, o.shape, "binary_scalar");
    UseDevice(dev);
    const int64_t* st[2] = {aa.strides, o.strides};
    auto ix = MakeIndexer<2>(o.ndim, o.shape, st);
    VisitDtype(o.dtype, [&](auto tag) {
      using T = decltype(tag);
      DispatchBinary<T>(op, o.dtype, [&](auto opc) {
        constexpr int Op = decltype(opc)::value;
        LaunchMap(dev, ix,
                  BinaryScalarF<T, Op>{static_cast<const T*>(aa.data), static_cast<T*>(o.data), CastFromDouble<T>(s),
                                       scalar_first != 0},
                  "binary_scalar");
      });
    });
  });
}

}  // namespace chainer_cuda
