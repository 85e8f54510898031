// Max/min/prod reductions, arg-reductions and cumulative sums.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "cpu/cpu_kernels.h"
#include "cpu/isa_table.h"
#include "cpu/strided_loop.h"

namespace chainer {
namespace cpu {
namespace {

template <typename T>
T Identity(ReduceOp op) {
  switch (op) {
    case ReduceOp::kSum: return T(0);
    case ReduceOp::kProd: return T(1);
    case ReduceOp::kMax: return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
    case ReduceOp::kMin: return std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max();
  }
  return T(0);
}

template <typename T>
T Combine(ReduceOp op, T acc, T v) {
  switch (op) {
    case ReduceOp::kSum: return static_cast<T>(acc + v);
    case ReduceOp::kProd: return static_cast<T>(acc * v);
    case ReduceOp::kMax: return (acc >= v || acc != acc) ? acc : v;
    case ReduceOp::kMin: return (acc <= v || acc != acc) ? acc : v;
  }
  return acc;
}

// Strides of `out` seen from x's axes (zero along reduced axes).
Strides OutStridesOverX(const Array& x, const Axes& axes, const Array& out) {
  bool reduced[kMaxNdim] = {};
  for (int64_t a : axes) reduced[a] = true;
  Strides s = Dims::Filled(x.ndim(), 0);
  Strides os = ContiguousStrides(out.shape());
  bool keepdims = out.ndim() == x.ndim() && !axes.empty();
  for (int i = 0, k = 0; i < x.ndim(); ++i) {
    if (keepdims) {
      if (!reduced[i]) s[i] = os[i];
    } else if (!reduced[i]) {
      s[i] = os[k++];
    }
  }
  return s;
}

// Moves `axis` last: returns (outer count, axis length, element stride along axis) and a base-offset function.
struct Lines {
  Shape outer_shape;
  Strides outer_strides;
  int64_t length;
  int64_t stride;
  int64_t count;
  int64_t Offset(int64_t line) const {
    int64_t off = 0;
    for (int i = outer_shape.size() - 1; i >= 0; --i) {
      off += (line % outer_shape[i]) * outer_strides[i];
      line /= outer_shape[i];
    }
    return off;
  }
};

Lines LinesAlong(const Array& x, int axis) {
  Lines l;
  for (int i = 0; i < x.ndim(); ++i) {
    if (i == axis) continue;
    l.outer_shape.push_back(x.shape()[i]);
    l.outer_strides.push_back(x.strides()[i]);
  }
  l.length = x.shape()[axis];
  l.stride = x.strides()[axis];
  l.count = l.outer_shape.Product();
  return l;
}

// fn(line) for every line, in parallel chunks of lines when the lines hold
// kParallelGrain elements or more (each line's result is its own).
template <typename F>
void ForLines(const Lines& l, F&& fn) {
  auto run = [&](int64_t b, int64_t e) {
    for (int64_t line = b; line < e; ++line) fn(line);
  };
  if (l.count > 1 && l.count * l.length >= kParallelGrain) {
    ThreadPool::Instance().ParallelFor(l.count, std::max<int64_t>(1, kParallelGrain / 4 / std::max<int64_t>(1, l.length)), run);
  } else {
    run(0, l.count);
  }
}

}  // namespace

void CpuKernels::Reduce(ReduceOp op, const Array& x, const Axes& axes, const Array& out) {
  VisitDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      throw NotSupportedError("reductions of bool arrays are not supported");
    } else {
      T* op_ = out.data<T>();
      int64_t n_out = out.size();
      const T init = Identity<T>(op);
      for (int64_t i = 0; i < n_out; ++i) op_[i] = init;
      if (x.size() == 0) return;
      Strides os = OutStridesOverX(x, axes, out);
      auto plan = MakePlan<2>(x.shape(), {&x.strides(), &os});
      const T* xp = x.data<T>();
      void (*rows)(const T*, T*, int64_t) = nullptr;
      if constexpr (std::is_same_v<T, float>) {
        rows = Isa().f32.reduce_rows[static_cast<int>(op)];
      } else if constexpr (std::is_same_v<T, double>) {
        rows = Isa().f64.reduce_rows[static_cast<int>(op)];
      }
      // Split by output element only (see RunPlanOverOutputs): each output
      // is combined in the serial order, whatever the thread count.
      RunPlanOverOutputs<2>(plan, 1, [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* s) {
        const T* xi = xp + off[0];
        T* oi = op_ + off[1];
        if (s[1] == 0) {
          T acc = *oi;
          for (int64_t i = 0; i < n; ++i) acc = Combine(op, acc, xi[i * s[0]]);
          *oi = acc;
        } else if (s[0] == 1 && s[1] == 1 && rows != nullptr) {
          rows(xi, oi, n);
        } else if (s[0] == 1 && s[1] == 1) {
          for (int64_t i = 0; i < n; ++i) oi[i] = Combine(op, oi[i], xi[i]);
        } else {
          for (int64_t i = 0; i < n; ++i) oi[i * s[1]] = Combine(op, oi[i * s[1]], xi[i * s[0]]);
        }
      });
    }
  });
}

void CpuKernels::ArgReduce(ReduceOp op, const Array& x, int axis, const Array& out) {
  VisitDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    Lines l = LinesAlong(x, axis);
    const T* xp = x.data<T>();
    int64_t* op_ = out.data<int64_t>();
    // Lines are independent: spread them over the pool when there is work enough.
    ForLines(l, [&](int64_t line) {
      const T* p = xp + l.Offset(line);
      int64_t best = 0;
      T bv = p[0];
      if (!(bv != bv)) {
        for (int64_t i = 1; i < l.length; ++i) {
          T v = p[i * l.stride];
          if (v != v) {  // NumPy returns the first NaN
            best = i;
            break;
          }
          if (op == ReduceOp::kMax ? v > bv : v < bv) {
            bv = v;
            best = i;
          }
        }
      }
      op_[line] = best;
    });
  });
}

void CpuKernels::Cumsum(const Array& x, int axis, const Array& out) {
  VisitDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      throw NotSupportedError("cumsum of bool arrays is not supported");
    } else {
      Lines lx = LinesAlong(x, axis);
      Lines lo = LinesAlong(out, axis);
      const T* xp = x.data<T>();
      T* op_ = out.data<T>();
      ForLines(lx, [&](int64_t line) {
        const T* p = xp + lx.Offset(line);
        T* q = op_ + lo.Offset(line);
        T acc = T(0);
        if (lx.stride == 1 && lo.stride == 1) {
          for (int64_t i = 0; i < lx.length; ++i) {
            acc = static_cast<T>(acc + p[i]);
            q[i] = acc;
          }
        } else {
          for (int64_t i = 0; i < lx.length; ++i) {
            acc = static_cast<T>(acc + p[i * lx.stride]);
            q[i * lo.stride] = acc;
          }
        }
      });
    }
  });
}

void CpuKernels::Take(const Array& x_in, const Array& indices, int axis, const Array& out) {
  Array x = x_in.AsContiguous();
  const int64_t* idx = indices.data<int64_t>();
  int64_t n_idx = indices.size();
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= x.shape()[i];
  for (int i = axis + 1; i < x.ndim(); ++i) inner *= x.shape()[i];
  int64_t len = x.shape()[axis];
  size_t item = x.itemsize();
  const char* xp = static_cast<const char*>(x.raw_data());
  char* op_ = static_cast<char*>(out.raw_data());
  size_t row = static_cast<size_t>(inner) * item;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t j = 0; j < n_idx; ++j) {
      std::memcpy(op_ + ((o * n_idx + j) * inner) * item, xp + ((o * len + idx[j]) * inner) * item, row);
    }
  }
}

void CpuKernels::ScatterAdd(const Array& src_in, const Array& indices, int axis, const Array& out) {
  Array src = src_in.AsContiguous();
  VisitDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_same_v<T, bool>) {
      throw NotSupportedError("scatter-add of bool arrays is not supported");
    } else {
      const int64_t* idx = indices.data<int64_t>();
      int64_t n_idx = indices.size();
      int64_t outer = 1, inner = 1;
      for (int i = 0; i < axis; ++i) outer *= out.shape()[i];
      for (int i = axis + 1; i < out.ndim(); ++i) inner *= out.shape()[i];
      int64_t len = out.shape()[axis];
      const T* sp = src.data<T>();
      T* op_ = out.data<T>();
      for (int64_t o = 0; o < outer; ++o) {
        for (int64_t j = 0; j < n_idx; ++j) {
          const T* s = sp + (o * n_idx + j) * inner;
          T* d = op_ + (o * len + idx[j]) * inner;
          for (int64_t k = 0; k < inner; ++k) d[k] = static_cast<T>(d[k] + s[k]);
        }
      }
    }
  });
}

}  // namespace cpu
}  // namespace chainer
