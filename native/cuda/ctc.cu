// Connectionist temporal classification, one thread block per sample, with
// the arithmetic of the CPU backend (ctc_kernels.cc): log(0) -> -1e10,
// three-term log-sum-exp transitions, the forward recursion over all steps
// and the backward one over the sequence rotated by the input length, and
// NumPy's pairwise summation wherever the CPU sums. Rows of the softmax and
// of the gradient are spread over the block's threads; each recursion step
// updates all path positions in parallel.
#include <algorithm>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

constexpr int kCtcThreads = 128;

__device__ __forceinline__ int64_t Mod(int64_t a, int64_t n) {
  int64_t r = a % n;
  return r < 0 ? r + n : r;
}

// NumPy's pairwise sum of at(0..n) (the recursion of cpu/pairwise_sum.h, unrolled onto a stack).
template <typename T, typename F>
__device__ T PairwiseSum(int64_t n, const F& at) {
  struct Frame {
    int64_t off, n;
    int stage;
    T left;
  };
  Frame st[40];  // depth: one frame per halving above 128 elements (n < 2^45)
  int top = 0;
  st[0] = Frame{0, n, 0, T(0)};
  T ret = T(0);
  while (top >= 0) {
    Frame& f = st[top];
    if (f.n <= 128) {
      const int64_t off = f.off, m = f.n;
      if (m < 8) {
        T res = T(0);
        for (int64_t i = 0; i < m; ++i) res += at(off + i);
        ret = res;
      } else {
        T r[8];
        for (int j = 0; j < 8; ++j) r[j] = at(off + j);
        int64_t i = 8;
        for (; i < m - (m % 8); i += 8) {
          for (int j = 0; j < 8; ++j) r[j] += at(off + i + j);
        }
        T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < m; ++i) res += at(off + i);
        ret = res;
      }
      --top;
      continue;
    }
    int64_t n2 = f.n / 2;
    n2 -= n2 % 8;
    if (f.stage == 0) {
      f.stage = 1;
      st[top + 1] = Frame{f.off, n2, 0, T(0)};
      ++top;
    } else if (f.stage == 1) {
      f.left = ret;
      f.stage = 2;
      st[top + 1] = Frame{f.off + n2, f.n - n2, 0, T(0)};
      ++top;
    } else {
      ret = f.left + ret;
      --top;
    }
  }
  return ret;
}

template <typename T>
__device__ __forceinline__ T LogSumExp3(T f1, T f2, T f3) {
  T m = DMax(f1, DMax(f2, f3));
  T s = DExp(f1 - m);
  s += DExp(f2 - m);
  s += DExp(f3 - m);
  return m + DLog(s);
}

struct CtcArgs {
  int64_t steps, batch, vocab, max_labels, blank;
  int64_t xs[3], gs[3], ts[2], ils, lls, loss_s;
  int64_t float_per_sample, int_per_sample;
};

template <typename T>
struct RowAt {
  const T* p;
  __device__ __forceinline__ T operator()(int64_t i) const { return p[i]; }
};

template <typename T>
struct ExpAt {
  const T* p;
  T shift;
  __device__ __forceinline__ T operator()(int64_t i) const { return DExp(p[i] - shift); }
};

template <typename T>
struct GatherExpAt {
  const T* row;
  const int64_t* pos;
  T shift;
  __device__ __forceinline__ T operator()(int64_t i) const { return DExp(row[pos[i]] - shift); }
};

// One recursion over `seq` (the path or its rotation).
template <typename T>
__device__ void CtcRun(const CtcArgs& a, bool backward, const int64_t* seq, const int64_t* seq_index, int64_t P,
                       int64_t L, int64_t I, const T* logy, T* prob, T* cur, T* next, T zero) {
  for (int64_t s = threadIdx.x; s < P; s += blockDim.x) cur[s] = s == 0 ? T(0) : zero;
  __syncthreads();
  for (int64_t i = 0; i < a.steps; ++i) {
    const int64_t row = backward ? Mod(a.steps - 1 - i + I, a.steps) : i;
    for (int64_t s = threadIdx.x; s < P; s += blockDim.x) {
      T f1 = cur[s];
      T f2 = s >= 1 ? cur[s - 1] : zero;
      T f3 = s >= 2 && seq[s - 2] != seq[s] ? cur[s - 2] : zero;
      T v = s >= L ? zero : LogSumExp3(f1, f2, f3);
      const int64_t col = backward ? Mod(P - 1 - s + L, P) : s;
      prob[row * P + col] += v;
      next[s] = v + logy[row * a.vocab + seq_index[s]];
    }
    __syncthreads();
    T* t = cur;
    cur = next;
    next = t;
  }
}

template <typename T>
__global__ void CtcKernel(CtcArgs a, const T* x, const int64_t* labels, const int64_t* input_length,
                          const int64_t* label_length, T* loss, T* grad, T* fscratch, int64_t* iscratch) {
  const int64_t b = blockIdx.x;
  const T zero = static_cast<T>(-10000000000.0);
  const int64_t V = a.vocab, S = a.steps;
  const int64_t P = 2 * a.max_labels + 1;
  const int64_t L = 2 * label_length[b * a.lls] + 1;
  const int64_t I = input_length[b * a.ils];

  T* y = fscratch + b * a.float_per_sample;
  T* logy = y + S * V;
  T* prob = logy + S * V;
  T* cur = prob + S * P;
  T* next = cur + P;
  int64_t* path = iscratch + b * a.int_per_sample;
  int64_t* index = path + P;
  int64_t* rpath = index + P;
  int64_t* rindex = rpath + P;
  int64_t* chars = rindex + P;
  int64_t* char_ptr = chars + P;  // P + 1
  int64_t* char_pos = char_ptr + P + 1;

  // Softmax rows and their logs.
  for (int64_t t = threadIdx.x; t < S; t += blockDim.x) {
    const T* xr = x + t * a.xs[0] + b * a.xs[1];
    T* yr = y + t * V;
    T m = xr[0];
    for (int64_t v = 1; v < V; ++v) m = DMax(m, xr[v * a.xs[2]]);
    for (int64_t v = 0; v < V; ++v) yr[v] = DExp(xr[v * a.xs[2]] - m);
    T s = PairwiseSum<T>(V, RowAt<T>{yr});
    for (int64_t v = 0; v < V; ++v) {
      yr[v] /= s;
      logy[t * V + v] = yr[v] == T(0) ? zero : DLog(yr[v]);
    }
  }
  for (int64_t s = threadIdx.x; s < P; s += blockDim.x) {
    int64_t p = s % 2 == 0 ? a.blank : labels[b * a.ts[0] + ((s - 1) / 2) * a.ts[1]];
    path[s] = p;
    index[s] = p < 0 ? p + V : p;
  }
  __syncthreads();
  for (int64_t k = threadIdx.x; k < P; k += blockDim.x) {
    int64_t s = Mod(P - 1 - k + L, P);
    rpath[k] = path[s];
    rindex[k] = index[s];
  }
  for (int64_t i = threadIdx.x; i < S * P; i += blockDim.x) prob[i] = logy[(i / P) * V + index[i % P]];
  __syncthreads();

  CtcRun<T>(a, false, path, index, P, L, I, logy, prob, cur, next, zero);
  CtcRun<T>(a, true, rpath, rindex, P, L, I, logy, prob, cur, next, zero);

  __shared__ T total_sh;
  __shared__ int64_t nchars_sh;
  if (threadIdx.x == 0) {
    const T* p0 = prob;
    T m = p0[0];
    for (int64_t s = 1; s < P; ++s) m = DMax(m, p0[s]);
    T total = m + DLog(PairwiseSum<T>(P, ExpAt<T>{p0, m}));
    loss[b * a.loss_s] = -total;
    total_sh = total;
    // Distinct labels of the valid path in order of appearance, with their positions.
    const int64_t valid = DMin(L, P);
    int64_t nc = 0;
    for (int64_t s = 0; s < valid; ++s) {
      bool seen = false;
      for (int64_t c = 0; c < nc && !seen; ++c) seen = chars[c] == path[s];
      if (!seen) chars[nc++] = path[s];
    }
    int64_t k = 0;
    for (int64_t c = 0; c < nc; ++c) {
      char_ptr[c] = k;
      for (int64_t s = 0; s < valid; ++s) {
        if (path[s] == chars[c]) char_pos[k++] = s;
      }
    }
    char_ptr[nc] = k;
    nchars_sh = nc;
  }
  __syncthreads();
  const T total = total_sh;
  const int64_t nc = nchars_sh;
  for (int64_t t = threadIdx.x; t < S; t += blockDim.x) {
    T* g = grad + t * a.gs[0] + b * a.gs[1];
    if (t >= I) {
      for (int64_t v = 0; v < V; ++v) g[v * a.gs[2]] = T(0);
      continue;
    }
    const T* yr = y + t * V;
    for (int64_t v = 0; v < V; ++v) g[v * a.gs[2]] = yr[v];
    for (int64_t c = 0; c < nc; ++c) {  // a later label mapping to the same column wins, as on the CPU
      int64_t n = char_ptr[c + 1] - char_ptr[c];
      T lp = PairwiseSum<T>(n, GatherExpAt<T>{prob + t * P, char_pos + char_ptr[c], total});
      int64_t col = chars[c] < 0 ? chars[c] + V : chars[c];
      g[col * a.gs[2]] = yr[col] - lp;
    }
  }
}

}  // namespace

int32_t Ctc(int32_t dev, const chc_array* x, const chc_array* t, const chc_array* input_length,
            const chc_array* label_length, int64_t blank, const chc_array* loss, const chc_array* grad) {
  return Guard([&] {
    const chc_array& xa = Arg(x, "x");
    const chc_array& ta = Arg(t, "t", CH_DTYPE_INT64);
    const chc_array& ia = Arg(input_length, "input_length", CH_DTYPE_INT64);
    const chc_array& la = Arg(label_length, "label_length", CH_DTYPE_INT64);
    const chc_array& lo = Arg(loss, "loss", xa.dtype);
    const chc_array& ga = Arg(grad, "grad", xa.dtype);
    if (xa.ndim != 3 || ta.ndim != 2 || ia.ndim != 1 || la.ndim != 1 || lo.ndim != 1) {
      Fail(CH_ERROR_SHAPE_MISMATCH, "ctc: x must be (T, B, V), t (B, M), lengths and loss (B,)");
    }
    RequireShape(ga, xa.ndim, xa.shape, "ctc");
    CtcArgs a{};
    a.steps = xa.shape[0];
    a.batch = xa.shape[1];
    a.vocab = xa.shape[2];
    a.max_labels = ta.shape[1];
    a.blank = blank;
    if (ta.shape[0] != a.batch || ia.shape[0] != a.batch || la.shape[0] != a.batch || lo.shape[0] != a.batch) {
      Fail(CH_ERROR_SHAPE_MISMATCH, "ctc: batch sizes differ");
    }
    for (int i = 0; i < 3; ++i) {
      a.xs[i] = xa.strides[i];
      a.gs[i] = ga.strides[i];
    }
    a.ts[0] = ta.strides[0];
    a.ts[1] = ta.strides[1];
    a.ils = ia.strides[0];
    a.lls = la.strides[0];
    a.loss_s = lo.strides[0];
    if (a.batch == 0 || a.steps == 0 || a.vocab == 0) return;
    if (a.batch > 2147483647) Fail(CH_ERROR_NOT_SUPPORTED, "ctc: batch too large");
    const int64_t P = 2 * a.max_labels + 1;
    a.float_per_sample = 2 * a.steps * a.vocab + a.steps * P + 2 * P;
    a.int_per_sample = 7 * P + 1;
    UseDevice(dev);
    VisitFloatDtype(xa.dtype, "ctc", [&](auto tag) {
      using T = decltype(tag);
      Scratch fs(dev, sizeof(T) * static_cast<size_t>(a.batch * a.float_per_sample));
      Scratch is(dev, sizeof(int64_t) * static_cast<size_t>(a.batch * a.int_per_sample));
      CtcKernel<T><<<static_cast<unsigned int>(a.batch), kCtcThreads, 0, Stream(dev)>>>(
          a, static_cast<const T*>(xa.data), static_cast<const int64_t*>(ta.data), static_cast<const int64_t*>(ia.data),
          static_cast<const int64_t*>(la.data), static_cast<T*>(lo.data), static_cast<T*>(ga.data), fs.as<T>(),
          is.as<int64_t>());
      CheckLaunch("ctc");
    });
  });
}

}  // namespace chainer_cuda
