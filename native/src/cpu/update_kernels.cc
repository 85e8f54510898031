// Optimizer updates, fused into one pass per parameter. The arithmetic
// follows Chainer's NumPy expressions operation by operation (scalars are
// cast to the parameter dtype, no fused multiply-add), so float32 results
// match Chainer bit for bit.
#include <cmath>

#include "cpu/cpu_kernels.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace cpu {
namespace {

template <typename F>
void ForRange(int64_t n, F&& f) {
  if (n >= (1 << 16)) {
    ThreadPool::Instance().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) { f(b, e); });
  } else {
    f(0, n);
  }
}

template <typename T>
void UpdateTyped(UpdateRule rule, const UpdateHyper& h, T* p, const T* g, T* s0, T* s1, T* s2, int64_t n) {
  const T lr = static_cast<T>(h.lr);
  switch (rule) {
    case UpdateRule::kSgd:
      ForRange(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          T step = lr * g[i];
          p[i] = p[i] - step;
        }
      });
      return;
    case UpdateRule::kMomentumSgd: {
      const T mom = static_cast<T>(h.momentum);
      ForRange(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          T v = s0[i] * mom;
          T step = lr * g[i];
          v = v - step;
          s0[i] = v;
          p[i] = p[i] + v;
        }
      });
      return;
    }
    case UpdateRule::kAdam: {
      // m += (1-b1)(g-m); v += (1-b2)(g²-v); step = alpha_t / (sqrt(vhat) + eps);
      // p = (1 - eta·wdr)·p - eta·(step·m), with Chainer's shortcut when 1 - eta·wdr == 1.
      const T one_m_b1 = static_cast<T>(1.0 - h.beta1), one_m_b2 = static_cast<T>(1.0 - h.beta2);
      const T alpha_t = lr, eps = static_cast<T>(h.eps), neg_eta = static_cast<T>(-h.eta);
      const double a = 1.0 - h.eta * h.weight_decay_rate;
      const T a_t = static_cast<T>(a);
      const bool keep = a == 1.0;
      ForRange(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          T gi = g[i];
          T dm = gi - s0[i];
          dm = one_m_b1 * dm;
          T m = s0[i] + dm;
          s0[i] = m;
          T gg = gi * gi;
          T dv = gg - s1[i];
          dv = one_m_b2 * dv;
          T v = s1[i] + dv;
          s1[i] = v;
          T vh = v;
          if (h.amsgrad) {
            vh = (s2[i] >= v || s2[i] != s2[i]) ? s2[i] : v;
            s2[i] = vh;
          }
          T den = std::sqrt(vh);
          den = den + eps;
          T step = alpha_t / den;
          T sm = step * m;
          T delta = neg_eta * sm;
          if (keep) {
            p[i] = p[i] + delta;
          } else {
            T scaled = a_t * p[i];
            p[i] = scaled + delta;
          }
        }
      });
      return;
    }
    case UpdateRule::kAdaGrad: {
      const T eps = static_cast<T>(h.eps);
      ForRange(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          T gi = g[i];
          T hh = s0[i];
          T gg = gi * gi;
          hh = hh + gg;
          s0[i] = hh;
          T num = lr * gi;
          T den = std::sqrt(hh);
          den = den + eps;
          T upd = num / den;
          p[i] = p[i] - upd;
        }
      });
      return;
    }
    case UpdateRule::kRmsProp: {
      const T alpha = static_cast<T>(h.alpha), one_m_alpha = static_cast<T>(1.0 - h.alpha), eps = static_cast<T>(h.eps);
      ForRange(n, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          T gi = g[i];
          T ms = s0[i] * alpha;
          T t = one_m_alpha * gi;
          t = t * gi;
          ms = ms + t;
          s0[i] = ms;
          T den;
          if (h.eps_inside_sqrt) {
            den = ms + eps;
            den = std::sqrt(den);
          } else {
            den = std::sqrt(ms);
            den = den + eps;
          }
          T num = lr * gi;
          T upd = num / den;
          p[i] = p[i] - upd;
        }
      });
      return;
    }
  }
}

}  // namespace

void CpuKernels::Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0,
                        const Array& s1, const Array& s2) {
  VisitFloatDtype(param.dtype(), [&](auto tag) {
    using T = decltype(tag);
    auto ptr = [](const Array& a) { return a.defined() ? a.data<T>() : nullptr; };
    UpdateTyped<T>(rule, h, param.data<T>(), grad.data<T>(), ptr(s0), ptr(s1), ptr(s2), param.size());
  });
}

}  // namespace cpu
}  // namespace chainer
