// Sum reduction. Where the reduced axes are the innermost, contiguous ones,
// each output is a pairwise sum in NumPy's order (blocks of eight
// accumulators, halving above 128), so float32 sums match NumPy bit for bit;
// otherwise inputs are accumulated in memory order as NumPy's iterator does.
// Both paths split work across threads by output element only, so every
// output's summation order, and so its bits, never depend on the thread count.
#include <algorithm>
#include <utility>
#include <vector>

#include "cpu/cpu_kernels.h"
#include "cpu/isa_table.h"
#include "cpu/pairwise_sum.h"
#include "cpu/strided_loop.h"

namespace chainer {
namespace cpu {
namespace {

template <typename T>
using SumAcc = std::conditional_t<std::is_same_v<T, bool>, int64_t, T>;

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

// The pairwise recursion (pairwise_sum.h) splits [0, n) at points that
// depend on n alone, and its subtrees are independent: the top `depth`
// levels' subtrees are summed in parallel by leaf(begin, count) and combined
// in the same tree order, giving the serial recursion's bits exactly.
template <typename Acc, typename Leaf>
Acc SplitPairwiseSum(int64_t n, Leaf&& leaf) {
  constexpr int kDepth = 4;  // up to 16 subtrees
  std::vector<std::pair<int64_t, int64_t>> parts;
  auto collect = [&](auto&& self, int64_t b, int64_t len, int depth) -> void {
    if (depth == 0 || len <= 128) {
      parts.emplace_back(b, len);
      return;
    }
    int64_t n2 = len / 2;
    n2 -= n2 % 8;
    self(self, b, n2, depth - 1);
    self(self, b + n2, len - n2, depth - 1);
  };
  collect(collect, 0, n, kDepth);
  std::vector<Acc> sums(parts.size());
  ThreadPool::Instance().ParallelFor(static_cast<int64_t>(parts.size()), 1, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) sums[p] = leaf(parts[p].first, parts[p].second);
  });
  size_t next = 0;
  auto combine = [&](auto&& self, int64_t len, int depth) -> Acc {
    if (depth == 0 || len <= 128) return sums[next++];
    int64_t n2 = len / 2;
    n2 -= n2 % 8;
    Acc left = self(self, n2, depth - 1);
    Acc right = self(self, len - n2, depth - 1);
    return left + right;
  };
  return combine(combine, n, kDepth);
}

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
      // The unit-stride pairwise sum has a vectorised twin with the same order.
      T (*unit_sum)(const T*, int64_t) = nullptr;
      if constexpr (std::is_same_v<T, TOut>) {
        if (const IsaLoops<T>* loops = LoopsFor<T>(); loops != nullptr && run_stride == 1) unit_sum = loops->pairwise_sum;
      }
      // A strided run whose neighbouring outputs are neighbours in memory (a
      // sum over leading axes) goes a block of columns at a time, reading
      // rows instead of one cache line per element; each column keeps the
      // pairwise order.
      void (*cols_sum)(const T*, int64_t, int64_t, int64_t, T*) = nullptr;
      if constexpr (std::is_same_v<T, TOut>) {
        if (const IsaLoops<T>* loops = LoopsFor<T>();
            loops != nullptr && run_stride != 1 && kept > 0 && kept_strides[kept - 1] == 1 && kept_shape[kept - 1] > 1) {
          cols_sum = loops->pairwise_sum_cols;
        }
      }
      auto body = [&](int64_t o0, int64_t o1) {
        for (int64_t o = o0; o < o1;) {
          int64_t rem = o, off = 0;
          for (int i = kept - 1; i >= 0; --i) {
            off += (rem % kept_shape[i]) * kept_strides[i];
            rem /= kept_shape[i];
          }
          if constexpr (std::is_same_v<T, TOut>) {
            if (cols_sum != nullptr) {
              int64_t last = kept_shape[kept - 1];
              int64_t nc = std::min({kIsaPairwiseCols, last - o % last, o1 - o});
              T sums[kIsaPairwiseCols];
              cols_sum(base + off, inner, run_stride, nc, sums);
              for (int64_t c = 0; c < nc; ++c) op[o + c] = static_cast<TOut>(TOut{0} + sums[c]);
              o += nc;
              continue;
            }
            if (unit_sum != nullptr) {
              op[o] = static_cast<TOut>(TOut{0} + unit_sum(base + off, inner));
              ++o;
              continue;
            }
          }
          op[o] = static_cast<TOut>(TOut{0} + PairwiseSum<T, TOut>(base + off, inner, run_stride));
          ++o;
        }
      };
      if (outer == 1 && inner >= (int64_t{1} << 17) && ThreadPool::Instance().num_threads() > 1) {
        // One big sum: its pairwise tree's top subtrees go to the threads.
        op[0] = static_cast<TOut>(TOut{0} + SplitPairwiseSum<TOut>(inner, [&](int64_t b, int64_t n) -> TOut {
                  if constexpr (std::is_same_v<T, TOut>) {
                    if (unit_sum != nullptr) return unit_sum(base + b, n);
                  }
                  return PairwiseSum<T, TOut>(base + b * run_stride, n, run_stride);
                }));
        return;
      }
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
    void (*add_rows)(const T*, T*, int64_t) = nullptr;
    if constexpr (std::is_same_v<T, TOut>) {
      if (const IsaLoops<T>* loops = LoopsFor<T>(); loops != nullptr) add_rows = loops->reduce_rows[0];
    }
    RunPlanOverOutputs<2>(plan, 1, [&](const std::array<int64_t, 2>& off, int64_t n, const int64_t* s) {
      const T* xi = xptr + off[0];
      TOut* oi = op + off[1];
      if (s[1] == 0) {
        // One output: a running sum in memory order (a serial dependency).
        TOut acc = *oi;
        if (s[0] == 1) {
          for (int64_t i = 0; i < n; ++i) acc += static_cast<TOut>(xi[i]);
        } else {
          for (int64_t i = 0; i < n; ++i) acc += static_cast<TOut>(xi[i * s[0]]);
        }
        *oi = acc;
      } else if (s[0] == 1 && s[1] == 1) {
        // A row of outputs, each gaining one term: element-wise, vectorised.
        if constexpr (std::is_same_v<T, TOut>) {
          if (add_rows != nullptr) {
            add_rows(xi, oi, n);
            return;
          }
        }
        for (int64_t i = 0; i < n; ++i) oi[i] += static_cast<TOut>(xi[i]);
      } else {
        for (int64_t i = 0; i < n; ++i) oi[i * s[1]] += static_cast<TOut>(xi[i * s[0]]);
      }
    });
  });
}

}  // namespace cpu
}  // namespace chainer
