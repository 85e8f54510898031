// Walks N operands of one shape in C order. Dimensions are coalesced first,
// so contiguous operands reach the inner function as one flat run; the inner
// function sees (element pointers, count, element strides) and branches to a
// unit-stride loop the compiler vectorises.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "array/array.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace cpu {

template <int N>
struct LoopPlan {
  int ndim = 0;
  int64_t shape[kMaxNdim];
  int64_t strides[N][kMaxNdim];  // in elements
};

template <int N>
LoopPlan<N> MakePlan(const Shape& shape, const std::array<const Strides*, N>& strides) {
  LoopPlan<N> p;
  for (int i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1) continue;  // size-1 dims carry no iteration
    if (p.ndim > 0) {
      bool merge = true;
      for (int k = 0; k < N; ++k) {
        if ((*strides[k])[i] * shape[i] != p.strides[k][p.ndim - 1]) {
          merge = false;
          break;
        }
      }
      if (merge) {
        p.shape[p.ndim - 1] *= shape[i];
        for (int k = 0; k < N; ++k) p.strides[k][p.ndim - 1] = (*strides[k])[i];
        continue;
      }
    }
    p.shape[p.ndim] = shape[i];
    for (int k = 0; k < N; ++k) p.strides[k][p.ndim] = (*strides[k])[i];
    ++p.ndim;
  }
  if (p.ndim == 0) {  // a scalar, or all dims of size 1
    p.ndim = 1;
    p.shape[0] = 1;
    for (int k = 0; k < N; ++k) p.strides[k][0] = 1;
  }
  return p;
}

constexpr int64_t kParallelGrain = 1 << 15;

// inner(std::array<int64_t, N> offsets, int64_t n, const int64_t* inner_strides /*N*/)
template <int N, typename Inner>
void RunPlan(const LoopPlan<N>& p, Inner&& inner, bool allow_parallel = true) {
  int nd = p.ndim;
  int64_t len = p.shape[nd - 1];
  int64_t rows = 1;
  for (int i = 0; i < nd - 1; ++i) rows *= p.shape[i];
  int64_t inner_strides[N];
  for (int k = 0; k < N; ++k) inner_strides[k] = p.strides[k][nd - 1];
  if (rows * len == 0) return;

  auto run_rows = [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      std::array<int64_t, N> off{};
      int64_t rem = r;
      for (int i = nd - 2; i >= 0; --i) {
        int64_t idx = rem % p.shape[i];
        rem /= p.shape[i];
        for (int k = 0; k < N; ++k) off[k] += idx * p.strides[k][i];
      }
      inner(off, len, inner_strides);
    }
  };

  bool parallel = allow_parallel && rows * len >= kParallelGrain && ThreadPool::Instance().num_threads() > 1;
  if (!parallel) {
    run_rows(0, rows);
  } else if (rows == 1) {
    ThreadPool::Instance().ParallelFor(len, kParallelGrain / 4, [&](int64_t b, int64_t e) {
      std::array<int64_t, N> off{};
      for (int k = 0; k < N; ++k) off[k] = b * inner_strides[k];
      inner(off, e - b, inner_strides);
    });
  } else {
    int64_t min_rows = std::max<int64_t>(1, kParallelGrain / 4 / std::max<int64_t>(1, len));
    ThreadPool::Instance().ParallelFor(rows, min_rows, run_rows);
  }
}

// Runs the whole plan on the calling thread, from element offsets `base`.
template <int N, typename Inner>
void RunPlanSerial(const LoopPlan<N>& p, const std::array<int64_t, N>& base, Inner&& inner) {
  int nd = p.ndim;
  int64_t len = p.shape[nd - 1];
  int64_t rows = 1;
  for (int i = 0; i < nd - 1; ++i) rows *= p.shape[i];
  if (rows * len == 0) return;
  int64_t inner_strides[N];
  for (int k = 0; k < N; ++k) inner_strides[k] = p.strides[k][nd - 1];
  for (int64_t r = 0; r < rows; ++r) {
    std::array<int64_t, N> off = base;
    int64_t rem = r;
    for (int i = nd - 2; i >= 0; --i) {
      int64_t idx = rem % p.shape[i];
      rem /= p.shape[i];
      for (int k = 0; k < N; ++k) off[k] += idx * p.strides[k][i];
    }
    inner(off, len, inner_strides);
  }
}

// For reductions, where operand `k` is the output (zero strides along the
// reduced dims): splits the work across threads along one kept dim only, so
// each output element is still combined by one thread, in the same order as
// the serial walk. Results are therefore independent of the thread count.
template <int N, typename Inner>
void RunPlanOverOutputs(const LoopPlan<N>& p, int k, Inner&& inner) {
  int64_t total = 1;
  int d = -1;
  for (int i = 0; i < p.ndim; ++i) {
    total *= p.shape[i];
    if (p.strides[k][i] != 0 && (d < 0 || p.shape[i] > p.shape[d])) d = i;
  }
  if (d < 0 || total < kParallelGrain || p.shape[d] < 2 || ThreadPool::Instance().num_threads() <= 1) {
    RunPlanSerial<N>(p, {}, inner);
    return;
  }
  int64_t per_index = total / p.shape[d];
  int64_t min_chunk = std::max<int64_t>(1, kParallelGrain / 4 / std::max<int64_t>(1, per_index));
  ThreadPool::Instance().ParallelFor(p.shape[d], min_chunk, [&](int64_t b, int64_t e) {
    LoopPlan<N> q = p;
    q.shape[d] = e - b;
    std::array<int64_t, N> base{};
    for (int j = 0; j < N; ++j) base[j] = b * p.strides[j][d];
    RunPlanSerial<N>(q, base, inner);
  });
}

}  // namespace cpu
}  // namespace chainer
