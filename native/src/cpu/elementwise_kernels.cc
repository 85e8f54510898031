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

template <typename T>
auto BinaryFunctor(BinaryOp op) {
  return op;  // the switch happens in Dispatch2 so each loop gets a concrete functor
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
  if (op == UnaryOp::kNeg) {
    VisitDtype(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        throw NotSupportedError("negation of a bool array is not supported");
      } else {
        Map1<T, T>(x, out, [](T v) { return static_cast<T>(-v); });
      }
    });
    return;
  }
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    switch (op) {
      case UnaryOp::kExp: Map1<T, T>(x, out, [](T v) { return std::exp(v); }); return;
      case UnaryOp::kLog: Map1<T, T>(x, out, [](T v) { return std::log(v); }); return;
      case UnaryOp::kNeg: break;
    }
    throw InternalError("unknown unary op");
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
