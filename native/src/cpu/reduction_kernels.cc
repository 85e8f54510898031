// Sum reduction. Where the reduced axes are the innermost, contiguous ones,
// each output is a pairwise sum in NumPy's order (blocks of eight
// accumulators, halving above 128), so float32 sums match NumPy bit for bit;
// otherwise inputs are accumulated in memory order as NumPy's iterator does.
#include <vector>

#include "cpu/cpu_kernels.h"
#include "cpu/pairwise_sum.h"
#include "cpu/strided_loop.h"

namespace chainer {
namespace cpu {
namespace {

template <typename T>
using SumAcc = std::conditional_t<std::is_same_v<T, bool>, int64_t, T>;

}  // namespace

void CpuKernels::Sum(const Array& x, const Axes& axes, const Array& out) {
  int nd = x.ndim();
  bool reduced[kMaxNdim] = {};
  for (int64_t a : axes) reduced[a] = true;

  // Move reduced axes behind the kept ones.
  Axes perm;
  for (int i = 0; i < nd; ++i) if (!reduced[i]) perm.push_back(i);
  int kept = perm.size();
  for (int i = 0; i < nd; ++i) if (reduced[i]) perm.push_back(i);
  Array xp = x.Transpose(perm);

  int64_t inner = 1;
  for (int i = kept; i < nd; ++i) inner *= xp.shape()[i];
  int64_t outer = out.size();

  // Is the reduced block one unit-stride (or fixed-stride) run?
  bool inner_run = true;
  int64_t run_stride = 1;
  {
    int64_t expected = -1;
    for (int i = nd - 1; i >= kept; --i) {
      int64_t d = xp.shape()[i];
      if (d == 1) continue;
      if (expected < 0) {
        run_stride = xp.strides()[i];
        expected = run_stride * d;
      } else if (xp.strides()[i] != expected) {
        inner_run = false;
        break;
      } else {
        expected *= d;
      }
    }
  }

  VisitDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using TOut = SumAcc<T>;
    if (out.dtype() != x.dtype() && !(std::is_same_v<T, bool> && out.dtype() == Dtype::kInt64)) {
      throw InternalError("sum: unexpected output dtype");
    }
    TOut* op = out.data<TOut>();
    if (out.size() == 0) return;
    if (inner_run) {
      // Kept dims in C order give each output's base offset.
      Shape kept_shape;
      Strides kept_strides;
      for (int i = 0; i < kept; ++i) {
        kept_shape.push_back(xp.shape()[i]);
        kept_strides.push_back(xp.strides()[i]);
      }
      const T* base = x.data<T>();
      auto body = [&](int64_t o0, int64_t o1) {
        for (int64_t o = o0; o < o1; ++o) {
          int64_t rem = o, off = 0;
          for (int i = kept - 1; i >= 0; --i) {
            off += (rem % kept_shape[i]) * kept_strides[i];
            rem /= kept_shape[i];
          }
          op[o] = static_cast<TOut>(TOut{0} + PairwiseSum<T, TOut>(base + off, inner, run_stride));
        }
      };
      if (outer * inner >= kParallelGrain && outer > 1) {
        ThreadPool::Instance().ParallelFor(outer, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(1, inner)), body);
      } else {
        body(0, outer);
      }
      return;
    }
    // General case: out starts at zero and x is added in C order; out is
    // viewed with zero strides along the reduced axes.
    for (int64_t i = 0; i < outer; ++i) op[i] = TOut{0};
    Strides out_strides = Dims::Filled(nd, 0);
    {
      // out may be given with or without the reduced axes kept as size 1.
      Strides os = ContiguousStrides(out.shape());
      bool keepdims = out.ndim() == nd && !axes.empty();
      int k = 0;
      for (int i = 0; i < nd; ++i) {
        if (reduced[i]) continue;
        out_strides[i] = keepdims ? os[i] : os[k++];
      }
    }
    auto plan = MakePlan<2>(x.shape(), {&x.strides(), &out_strides});
    const T* xptr = x.data<T>();
    RunPlan<2>(
        plan,
        [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* s) {
          const T* xi = xptr + off[0];
          TOut* oi = op + off[1];
          if (s[1] == 0) {
            TOut acc = *oi;
            for (int64_t i = 0; i < n; ++i) acc += static_cast<TOut>(xi[i * s[0]]);
            *oi = acc;
          } else {
            for (int64_t i = 0; i < n; ++i) oi[i * s[1]] += static_cast<TOut>(xi[i * s[0]]);
          }
        },
        /*allow_parallel=*/false);
  });
}

}  // namespace cpu
}  // namespace chainer
