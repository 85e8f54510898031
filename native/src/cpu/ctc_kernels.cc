// Connectionist temporal classification in the log domain, following
// Chainer's arithmetic: log(0) is replaced by -1e10 rather than -inf, every
// transition is a three-term log-sum-exp (absent terms count as -1e10), the
// forward recursion runs over all T steps and the backward one over the
// sequence rotated by each sample's input length. Samples are independent,
// so they are spread over the pool.
#include <algorithm>
#include <cmath>
#include <vector>

#include "cpu/cpu_kernels.h"
#include "cpu/pairwise_sum.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace cpu {
namespace {

int64_t Mod(int64_t a, int64_t n) {
  int64_t r = a % n;
  return r < 0 ? r + n : r;
}

template <typename T>
T LogSumExp3(T f1, T f2, T f3) {
  T m = std::max(f1, std::max(f2, f3));
  T s = std::exp(f1 - m);
  s += std::exp(f2 - m);
  s += std::exp(f3 - m);
  return m + std::log(s);
}

template <typename T>
void CtcSample(const T* x, int64_t steps, int64_t batch, int64_t vocab, int64_t b, const int64_t* labels, int64_t max_labels,
               int64_t input_length, int64_t label_length, int64_t blank, T* loss, T* grad) {
  const T zero = static_cast<T>(-10000000000.0);
  const int64_t P = 2 * max_labels + 1;
  const int64_t L = 2 * label_length + 1;
  const int64_t I = input_length;

  // Softmax over the vocabulary and its log with log(0) -> zero.
  std::vector<T> y(static_cast<size_t>(steps * vocab)), logy(static_cast<size_t>(steps * vocab));
  for (int64_t t = 0; t < steps; ++t) {
    const T* xr = x + (t * batch + b) * vocab;
    T* yr = y.data() + t * vocab;
    T m = xr[0];
    for (int64_t v = 1; v < vocab; ++v) m = std::max(m, xr[v]);
    for (int64_t v = 0; v < vocab; ++v) yr[v] = std::exp(xr[v] - m);
    T s = PairwiseSum<T, T>(yr, vocab, 1);
    for (int64_t v = 0; v < vocab; ++v) {
      yr[v] /= s;
      logy[static_cast<size_t>(t * vocab + v)] = yr[v] == T(0) ? zero : std::log(yr[v]);
    }
  }

  // The blank-interleaved path (raw labels for comparisons, wrapped indices for lookups).
  std::vector<int64_t> path(static_cast<size_t>(P)), index(static_cast<size_t>(P));
  for (int64_t s = 0; s < P; ++s) {
    path[s] = s % 2 == 0 ? blank : labels[b * max_labels + (s - 1) / 2];
    index[s] = path[s] < 0 ? path[s] + vocab : path[s];
  }

  // prob[t][s] starts as log y_t(path_s) and accumulates both recursions.
  std::vector<T> prob(static_cast<size_t>(steps * P));
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t s = 0; s < P; ++s) prob[t * P + s] = logy[t * vocab + index[s]];
  }

  std::vector<T> cur(static_cast<size_t>(P)), next(static_cast<size_t>(P));
  // One step of the recursion over `seq` (path or its rotation): next = transition(cur);
  // prob at (row, col(s)) += next[s]; then next[s] += log y_row(seq[s]).
  auto run = [&](const std::vector<int64_t>& seq, const std::vector<int64_t>& seq_index, auto row_of, auto col_of) {
    std::fill(cur.begin(), cur.end(), zero);
    cur[0] = T(0);
    for (int64_t i = 0; i < steps; ++i) {
      int64_t row = row_of(i);
      for (int64_t s = 0; s < P; ++s) {
        T f1 = cur[s];
        T f2 = s >= 1 ? cur[s - 1] : zero;
        T f3 = s >= 2 && seq[s - 2] != seq[s] ? cur[s - 2] : zero;
        T v = s >= L ? zero : LogSumExp3(f1, f2, f3);
        prob[row * P + col_of(s)] += v;
        next[s] = v + logy[row * vocab + seq_index[s]];
      }
      std::swap(cur, next);
    }
  };
  run(path, index, [](int64_t i) { return i; }, [](int64_t s) { return s; });

  std::vector<int64_t> rpath(static_cast<size_t>(P)), rindex(static_cast<size_t>(P));
  for (int64_t k = 0; k < P; ++k) {
    int64_t s = Mod(P - 1 - k + L, P);
    rpath[k] = path[s];
    rindex[k] = index[s];
  }
  run(rpath, rindex, [&](int64_t i) { return Mod(steps - 1 - i + I, steps); }, [&](int64_t k) { return Mod(P - 1 - k + L, P); });

  // Total log-probability from the first step.
  const T* p0 = prob.data();
  T m = p0[0];
  for (int64_t s = 1; s < P; ++s) m = std::max(m, p0[s]);
  std::vector<T> e(static_cast<size_t>(std::max(P, vocab)));
  for (int64_t s = 0; s < P; ++s) e[s] = std::exp(p0[s] - m);
  T total = m + std::log(PairwiseSum<T, T>(e.data(), P, 1));
  loss[b] = -total;

  // grad = softmax - (posterior of each label), zero at and after the input length.
  int64_t valid = std::min(L, P);
  std::vector<int64_t> chars;
  for (int64_t s = 0; s < valid; ++s) {
    if (std::find(chars.begin(), chars.end(), path[s]) == chars.end()) chars.push_back(path[s]);
  }
  std::vector<T> label_prob(static_cast<size_t>(vocab));
  for (int64_t t = 0; t < steps; ++t) {
    T* g = grad + (t * batch + b) * vocab;
    if (t >= I) {
      std::fill(g, g + vocab, T(0));
      continue;
    }
    std::fill(label_prob.begin(), label_prob.end(), T(0));
    for (int64_t c : chars) {
      int64_t n = 0;
      for (int64_t s = 0; s < valid; ++s) {
        if (path[s] == c) e[n++] = std::exp(prob[t * P + s] - total);
      }
      label_prob[c < 0 ? c + vocab : c] = PairwiseSum<T, T>(e.data(), n, 1);
    }
    const T* yr = y.data() + t * vocab;
    for (int64_t v = 0; v < vocab; ++v) g[v] = yr[v] - label_prob[v];
  }
}

}  // namespace

void CpuKernels::Ctc(const Array& x_in, const Array& t_in, const Array& input_length_in, const Array& label_length_in,
                     int64_t blank, const Array& loss, const Array& grad) {
  Array x = x_in.AsContiguous();
  Array t = t_in.AsContiguous();
  Array il = input_length_in.AsContiguous();
  Array ll = label_length_in.AsContiguous();
  int64_t steps = x.shape()[0], batch = x.shape()[1], vocab = x.shape()[2], max_labels = t.shape()[1];
  VisitFloatDtype(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* xp = x.data<T>();
    const int64_t* tp = t.data<int64_t>();
    const int64_t* ip = il.data<int64_t>();
    const int64_t* lp = ll.data<int64_t>();
    T* out = loss.data<T>();
    T* gp = grad.data<T>();
    ThreadPool::Instance().ParallelFor(batch, 1, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) CtcSample<T>(xp, steps, batch, vocab, b, tp, max_labels, ip[b], lp[b], blank, out, gp);
    });
  });
}

}  // namespace cpu
}  // namespace chainer
