// Fill, copy/cast, unary and binary element-wise kernels.
#include <cmath>
#include <type_traits>

#include "cpu/cpu_kernels.h"
#include "cpu/strided_loop.h"

namespace chainer {
namespace cpu {
namespace {

template <typename T>
T CastFromDouble(double v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else {
    return static_cast<T>(v);
  }
}

// Applies f(out&, in...) element-wise over arrays of one shape.
template <typename TOut, typename TIn, typename F>
void Map1(const Array& x, const Array& out, F f) {
  auto plan = MakePlan<2>(out.shape(), {&x.strides(), &out.strides()});
  const TIn* xp = x.data<TIn>();
  TOut* op = out.data<TOut>();
  RunPlan<2>(plan, [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* s) {
    const TIn* xi = xp + off[0];
    TOut* oi = op + off[1];
    if (s[0] == 1 && s[1] == 1) {
      for (int64_t i = 0; i < n; ++i) oi[i] = f(xi[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) oi[i * s[1]] = f(xi[i * s[0]]);
    }
  });
}

template <typename T, typename F>
void Map2(const Array& a, const Array& b, const Array& out, F f) {
  auto plan = MakePlan<3>(out.shape(), {&a.strides(), &b.strides(), &out.strides()});
  const T* ap = a.data<T>();
  const T* bp = b.data<T>();
  T* op = out.data<T>();
  RunPlan<3>(plan, [&](const std::array<int64_t, 3>& off, int64_t n, const int64_t* s) {
    const T* ai = ap + off[0];
    const T* bi = bp + off[1];
    T* oi = op + off[2];
    if (s[0] == 1 && s[1] == 1 && s[2] == 1) {
      for (int64_t i = 0; i < n; ++i) oi[i] = f(ai[i], bi[i]);
    } else if (s[0] == 1 && s[1] == 0 && s[2] == 1) {
      const T bv = *bi;
      for (int64_t i = 0; i < n; ++i) oi[i] = f(ai[i], bv);
    } else if (s[0] == 0 && s[1] == 1 && s[2] == 1) {
      const T av = *ai;
      for (int64_t i = 0; i < n; ++i) oi[i] = f(av, bi[i]);
    } else {
      for (int64_t i = 0; i < n; ++i) oi[i * s[2]] = f(ai[i * s[0]], bi[i * s[1]]);
    }
  });
}

template <typename T>
T PowOf(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::pow(a, b);
  } else if constexpr (std::is_same_v<T, bool>) {
    return a || !b;
  } else {
    // NumPy's integer power: repeated squaring; negative exponents are rejected upstream.
    T result = 1;
    T base = a;
    for (T e = b; e > 0; e >>= 1) {
      if (e & 1) result *= base;
      base *= base;
    }
    return result;
  }
}

template <typename T, typename Run>
void Dispatch2(BinaryOp op, Run&& run) {
  switch (op) {
    case BinaryOp::kAdd: run([](T a, T b) -> T { return static_cast<T>(a + b); }); return;
    case BinaryOp::kSub: run([](T a, T b) -> T { return static_cast<T>(a - b); }); return;
    case BinaryOp::kMul: run([](T a, T b) -> T { return static_cast<T>(a * b); }); return;
    case BinaryOp::kDiv:
      if constexpr (std::is_floating_point_v<T>) {
        run([](T a, T b) -> T { return a / b; });
        return;
      } else {
        throw NotSupportedError("integer division is not supported by this kernel");
      }
    case BinaryOp::kPow: run([](T a, T b) -> T { return PowOf<T>(a, b); }); return;
    // NumPy's maximum/minimum propagate NaN.
    case BinaryOp::kMaximum: run([](T a, T b) -> T { return (a >= b || a != a) ? a : b; }); return;
    case BinaryOp::kMinimum: run([](T a, T b) -> T { return (a <= b || a != a) ? a : b; }); return;
    case BinaryOp::kFmod:
      if constexpr (std::is_floating_point_v<T>) {
        run([](T a, T b) -> T { return std::fmod(a, b); });
        return;
      } else {
        throw NotSupportedError("fmod requires a float dtype");
      }
  }
  throw InternalError("unknown binary op");
}

}  // namespace

void CpuKernels::Fill(const Array& out, double value) {
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T v = CastFromDouble<T>(value);
    auto plan = MakePlan<1>(out.shape(), {&out.strides()});
    T* op = out.data<T>();
    RunPlan<1>(plan, [&](const std::array<int64_t, 1>& off, int64_t n, const int64_t* s) {
      T* oi = op + off[0];
      if (s[0] == 1) {
        for (int64_t i = 0; i < n; ++i) oi[i] = v;
      } else {
        for (int64_t i = 0; i < n; ++i) oi[i * s[0]] = v;
      }
    });
  });
}

void CpuKernels::Arange(const Array& out, double start, double step) {
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* op = out.data<T>();
    int64_t n = out.size();
    int64_t s = out.ndim() == 1 ? out.strides()[0] : 1;
    for (int64_t i = 0; i < n; ++i) op[i * s] = CastFromDouble<T>(start + static_cast<double>(i) * step);
  });
}

void CpuKernels::Copy(const Array& src, const Array& dst) {
  VisitDtype(src.dtype(), [&](auto in_tag) {
    using TIn = decltype(in_tag);
    VisitDtype(dst.dtype(), [&](auto out_tag) {
      using TOut = decltype(out_tag);
      if constexpr (std::is_same_v<TOut, bool>) {
        Map1<TOut, TIn>(src, dst, [](TIn v) { return v != TIn{}; });
      } else {
        Map1<TOut, TIn>(src, dst, [](TIn v) { return static_cast<TOut>(v); });
      }
    });
  });
}

void CpuKernels::Unary(UnaryOp op, const Array& x, const Array& out) {
  if (op == UnaryOp::kNeg || op == UnaryOp::kAbs || op == UnaryOp::kSign || op == UnaryOp::kRelu) {
    VisitDtype(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        throw NotSupportedError("this operation is not supported for bool arrays");
      } else {
        switch (op) {
          case UnaryOp::kNeg: Map1<T, T>(x, out, [](T v) { return static_cast<T>(-v); }); return;
          case UnaryOp::kAbs: Map1<T, T>(x, out, [](T v) { return v < T(0) ? static_cast<T>(-v) : v; }); return;
          case UnaryOp::kSign:
            Map1<T, T>(x, out, [](T v) { return v > T(0) ? T(1) : (v < T(0) ? T(-1) : v); });
            return;
          case UnaryOp::kRelu: Map1<T, T>(x, out, [](T v) { return (v > T(0) || v != v) ? v : T(0); }); return;
          default: break;
        }
      }
    });
    return;
  }
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    switch (op) {
#define CHAINER_UNARY_CASE(name, expr)                                  \
  case UnaryOp::k##name:                                                \
    Map1<T, T>(x, out, [](T v) -> T { return static_cast<T>(expr); }); \
    return;
      CHAINER_FLOAT_UNARY_OPS(CHAINER_UNARY_CASE)
#undef CHAINER_UNARY_CASE
      default: break;
    }
    throw InternalError("unknown unary op");
  });
}

void CpuKernels::Compare(CompareOp op, const Array& a, const Array& b, const Array& out) {
  VisitDtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    auto plan = MakePlan<3>(out.shape(), {&a.strides(), &b.strides(), &out.strides()});
    const T* ap = a.data<T>();
    const T* bp = b.data<T>();
    bool* op_ = out.data<bool>();
    auto run = [&](auto cmp) {
      RunPlan<3>(plan, [&](const std::array<int64_t, 3>& off, int64_t n, const int64_t* s) {
        for (int64_t i = 0; i < n; ++i) op_[off[2] + i * s[2]] = cmp(ap[off[0] + i * s[0]], bp[off[1] + i * s[1]]);
      });
    };
    switch (op) {
      case CompareOp::kEq: run([](T x, T y) { return x == y; }); return;
      case CompareOp::kNe: run([](T x, T y) { return x != y; }); return;
      case CompareOp::kLt: run([](T x, T y) { return x < y; }); return;
      case CompareOp::kLe: run([](T x, T y) { return x <= y; }); return;
      case CompareOp::kGt: run([](T x, T y) { return x > y; }); return;
      case CompareOp::kGe: run([](T x, T y) { return x >= y; }); return;
    }
  });
}

void CpuKernels::Where(const Array& cond, const Array& a, const Array& b, const Array& out) {
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    auto plan = MakePlan<4>(out.shape(), {&cond.strides(), &a.strides(), &b.strides(), &out.strides()});
    const bool* cp = cond.data<bool>();
    const T* ap = a.data<T>();
    const T* bp = b.data<T>();
    T* op_ = out.data<T>();
    RunPlan<4>(plan, [&](const std::array<int64_t, 4>& off, int64_t n, const int64_t* s) {
      for (int64_t i = 0; i < n; ++i) {
        op_[off[3] + i * s[3]] = cp[off[0] + i * s[0]] ? ap[off[1] + i * s[1]] : bp[off[2] + i * s[2]];
      }
    });
  });
}

void CpuKernels::Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) {
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    Dispatch2<T>(op, [&](auto f) { Map2<T>(a, b, out, f); });
  });
}

void CpuKernels::BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) {
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T sv = CastFromDouble<T>(s);
    Dispatch2<T>(op, [&](auto f) {
      if (scalar_first) {
        Map1<T, T>(a, out, [f, sv](T v) { return f(sv, v); });
      } else {
        Map1<T, T>(a, out, [f, sv](T v) { return f(v, sv); });
      }
    });
  });
}

}  // namespace cpu
}  // namespace chainer
