// Fill, copy/cast, unary and binary element-wise kernels. The strided walk
// (strided_loop.h) hands contiguous runs to the run-time chosen inner loops
// of isa_table.h where the dtype and op have one (float32/float64), and to
// unit-stride loops here otherwise; only genuinely strided runs index by stride.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "cpu/cpu_kernels.h"
#include "cpu/isa_table.h"
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

// The ISA loops for T, or null for dtypes without them.
template <typename T>
const IsaLoops<T>* LoopsFor() {
  if constexpr (std::is_same_v<T, float>) {
    return &Isa().f32;
  } else if constexpr (std::is_same_v<T, double>) {
    return &Isa().f64;
  } else {
    return nullptr;
  }
}

// The operand layout of a run (isa_table.h's IsaMode), or -1 if strided.
inline int RunMode(int64_t sa, int64_t sb) {
  if (sa == 1 && sb == 1) return kIsaVV;
  if (sa == 1 && sb == 0) return kIsaVS;
  if (sa == 0 && sb == 1) return kIsaSV;
  return -1;
}

int IsaUnaryOf(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNeg: return kIsaNeg;
    case UnaryOp::kAbs: return kIsaAbs;
    case UnaryOp::kRelu: return kIsaRelu;
    case UnaryOp::kSqrt: return kIsaSqrt;
    case UnaryOp::kSquare: return kIsaSquare;
    case UnaryOp::kFloor: return kIsaFloor;
    case UnaryOp::kCeil: return kIsaCeil;
    case UnaryOp::kFix: return kIsaFix;
    case UnaryOp::kReciprocal: return kIsaReciprocal;
    case UnaryOp::kExp: return kIsaExp;
    case UnaryOp::kExpm1: return kIsaExpm1;
    case UnaryOp::kLog: return kIsaLog;
    case UnaryOp::kLog1p: return kIsaLog1p;
    case UnaryOp::kTanh: return kIsaTanh;
    case UnaryOp::kSigmoid: return kIsaSigmoid;
    default: return -1;
  }
}

int IsaBinaryOf(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return kIsaAdd;
    case BinaryOp::kSub: return kIsaSub;
    case BinaryOp::kMul: return kIsaMul;
    case BinaryOp::kDiv: return kIsaDiv;
    case BinaryOp::kMaximum: return kIsaMaximum;
    case BinaryOp::kMinimum: return kIsaMinimum;
    default: return -1;
  }
}

// Applies f(out&, in...) element-wise over arrays of one shape; `fast`, when
// given, does the contiguous runs.
template <typename TOut, typename TIn, typename F>
void Map1(const Array& x, const Array& out, F f, void (*fast)(const TIn*, TOut*, int64_t) = nullptr) {
  auto plan = MakePlan<2>(out.shape(), {&x.strides(), &out.strides()});
  const TIn* xp = x.data<TIn>();
  TOut* op = out.data<TOut>();
  RunPlan<2>(plan, [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* s) {
    const TIn* xi = xp + off[0];
    TOut* oi = op + off[1];
    if (s[0] == 1 && s[1] == 1) {
      if (fast != nullptr) {
        fast(xi, oi, n);
      } else {
        for (int64_t i = 0; i < n; ++i) oi[i] = f(xi[i]);
      }
    } else if (s[0] == 0 && s[1] == 1) {
      // A broadcast input: one value, from the same loop as a contiguous run would use (the
      // vector loops round differently from `f` for float32 tanh, exp, ...).
      TOut v;
      if (fast != nullptr) {
        fast(xi, &v, 1);
      } else {
        v = f(*xi);
      }
      for (int64_t i = 0; i < n; ++i) oi[i] = v;
    } else if (fast != nullptr) {
      // Strided runs go through the same loop as contiguous ones, by a gather into a small buffer:
      // a value must not depend on the layout it is read from.
      constexpr int64_t kBlock = 256;
      TIn in[kBlock];
      TOut res[kBlock];
      for (int64_t i0 = 0; i0 < n; i0 += kBlock) {
        int64_t m = std::min(kBlock, n - i0);
        for (int64_t i = 0; i < m; ++i) in[i] = xi[(i0 + i) * s[0]];
        fast(in, res, m);
        for (int64_t i = 0; i < m; ++i) oi[(i0 + i) * s[1]] = res[i];
      }
    } else {
      for (int64_t i = 0; i < n; ++i) oi[i * s[1]] = f(xi[i * s[0]]);
    }
  });
}

// Binary map; `fast` (a row of IsaLoops::binary, indexed by IsaMode), when
// given, does the contiguous and broadcast-operand runs.
template <typename T, typename F>
void Map2(const Array& a, const Array& b, const Array& out, F f,
          void (*const* fast)(const T*, const T*, T*, int64_t) = nullptr) {
  auto plan = MakePlan<3>(out.shape(), {&a.strides(), &b.strides(), &out.strides()});
  const T* ap = a.data<T>();
  const T* bp = b.data<T>();
  T* op = out.data<T>();
  RunPlan<3>(plan, [&](const std::array<int64_t, 3>& off, int64_t n, const int64_t* s) {
    const T* ai = ap + off[0];
    const T* bi = bp + off[1];
    T* oi = op + off[2];
    if (fast != nullptr && s[2] == 1) {
      int mode = RunMode(s[0], s[1]);
      if (mode >= 0) {
        fast[mode](ai, bi, oi, n);
        return;
      }
    }
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
  const int iop = IsaUnaryOf(op);
  if (op == UnaryOp::kNeg || op == UnaryOp::kAbs || op == UnaryOp::kSign || op == UnaryOp::kRelu) {
    VisitDtype(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      if constexpr (std::is_same_v<T, bool>) {
        throw NotSupportedError("this operation is not supported for bool arrays");
      } else {
        const IsaLoops<T>* loops = LoopsFor<T>();
        auto fast = loops != nullptr && iop >= 0 ? loops->unary[iop] : nullptr;
        switch (op) {
          case UnaryOp::kNeg: Map1<T, T>(x, out, [](T v) { return static_cast<T>(-v); }, fast); return;
          case UnaryOp::kAbs: Map1<T, T>(x, out, [](T v) { return v < T(0) ? static_cast<T>(-v) : v; }, fast); return;
          case UnaryOp::kSign:
            Map1<T, T>(x, out, [](T v) { return v > T(0) ? T(1) : (v < T(0) ? T(-1) : v); });
            return;
          case UnaryOp::kRelu: Map1<T, T>(x, out, [](T v) { return (v > T(0) || v != v) ? v : T(0); }, fast); return;
          default: break;
        }
      }
    });
    return;
  }
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const IsaLoops<T>* loops = LoopsFor<T>();
    auto fast = loops != nullptr && iop >= 0 ? loops->unary[iop] : nullptr;
    switch (op) {
#define CHAINER_UNARY_CASE(name, expr)                                        \
  case UnaryOp::k##name:                                                      \
    Map1<T, T>(x, out, [](T v) -> T { return static_cast<T>(expr); }, fast); \
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
    const IsaLoops<T>* loops = LoopsFor<T>();
    auto fast = loops != nullptr ? loops->compare[static_cast<int>(op)] : nullptr;
    auto run = [&](auto cmp) {
      RunPlan<3>(plan, [&](const std::array<int64_t, 3>& off, int64_t n, const int64_t* s) {
        const T* ai = ap + off[0];
        const T* bi = bp + off[1];
        bool* oi = op_ + off[2];
        int mode = s[2] == 1 ? RunMode(s[0], s[1]) : -1;
        if (mode >= 0 && fast != nullptr) {
          fast[mode](ai, bi, oi, n);
        } else if (mode == kIsaVV) {
          for (int64_t i = 0; i < n; ++i) oi[i] = cmp(ai[i], bi[i]);
        } else if (mode == kIsaVS) {
          const T bv = *bi;
          for (int64_t i = 0; i < n; ++i) oi[i] = cmp(ai[i], bv);
        } else if (mode == kIsaSV) {
          const T av = *ai;
          for (int64_t i = 0; i < n; ++i) oi[i] = cmp(av, bi[i]);
        } else {
          for (int64_t i = 0; i < n; ++i) oi[i * s[2]] = cmp(ai[i * s[0]], bi[i * s[1]]);
        }
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
    const IsaLoops<T>* loops = LoopsFor<T>();
    RunPlan<4>(plan, [&](const std::array<int64_t, 4>& off, int64_t n, const int64_t* s) {
      const bool* ci = cp + off[0];
      const T* ai = ap + off[1];
      const T* bi = bp + off[2];
      T* oi = op_ + off[3];
      int mode = s[0] == 1 && s[3] == 1 ? RunMode(s[1], s[2]) : -1;
      if (mode >= 0 && loops != nullptr) {
        loops->where[mode](ci, ai, bi, oi, n);
      } else if (mode == kIsaVV) {
        for (int64_t i = 0; i < n; ++i) oi[i] = ci[i] ? ai[i] : bi[i];
      } else if (mode == kIsaVS) {
        const T bv = *bi;
        for (int64_t i = 0; i < n; ++i) oi[i] = ci[i] ? ai[i] : bv;
      } else if (mode == kIsaSV) {
        const T av = *ai;
        for (int64_t i = 0; i < n; ++i) oi[i] = ci[i] ? av : bi[i];
      } else {
        for (int64_t i = 0; i < n; ++i) oi[i * s[3]] = ci[i * s[0]] ? ai[i * s[1]] : bi[i * s[2]];
      }
    });
  });
}

void CpuKernels::Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) {
  const int iop = IsaBinaryOf(op);
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const IsaLoops<T>* loops = LoopsFor<T>();
    auto fast = loops != nullptr && iop >= 0 ? loops->binary[iop] : nullptr;
    Dispatch2<T>(op, [&](auto f) { Map2<T>(a, b, out, f, fast); });
  });
}

void CpuKernels::BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) {
  const int iop = IsaBinaryOf(op);
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T sv = CastFromDouble<T>(s);
    const IsaLoops<T>* loops = LoopsFor<T>();
    auto fast = loops != nullptr && iop >= 0 ? loops->binary[iop] : nullptr;
    Dispatch2<T>(op, [&](auto f) {
      if (fast != nullptr) {
        // The scalar is a broadcast operand: the table's VS/SV loops take it by pointer.
        auto plan = MakePlan<2>(out.shape(), {&a.strides(), &out.strides()});
        const T* ap = a.data<T>();
        T* op_ = out.data<T>();
        auto loop = fast[scalar_first ? kIsaSV : kIsaVS];
        RunPlan<2>(plan, [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* st) {
          const T* ai = ap + off[0];
          T* oi = op_ + off[1];
          if (st[0] == 1 && st[1] == 1) {
            if (scalar_first) {
              loop(&sv, ai, oi, n);
            } else {
              loop(ai, &sv, oi, n);
            }
          } else {
            for (int64_t i = 0; i < n; ++i) oi[i * st[1]] = scalar_first ? f(sv, ai[i * st[0]]) : f(ai[i * st[0]], sv);
          }
        });
        return;
      }
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
