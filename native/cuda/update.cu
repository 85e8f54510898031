// Optimizer updates, one thread per element, with the CPU backend's
// arithmetic (update_kernels.cc): hyper-parameters cast to the parameter
// dtype, one operation at a time, no fused multiply-add (the library is
// built with --fmad=false), IEEE sqrt and division.
#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

template <typename T>
struct UpdateF {
  int rule;
  T* p;
  const T* g;
  T* s0;
  T* s1;
  T* s2;
  T lr, mom, one_m_b1, one_m_b2, eps, neg_eta, a_t, alpha, one_m_alpha;
  bool keep, amsgrad, eps_inside_sqrt;
  __device__ void operator()(const int64_t* off) const {
    T* pp = p + off[0];
    const T gi = g[off[1]];
    switch (rule) {
      case CHC_UPDATE_SGD: {
        T step = lr * gi;
        *pp = *pp - step;
        return;
      }
      case CHC_UPDATE_MOMENTUM_SGD: {
        T* v0 = s0 + off[2];
        T v = *v0 * mom;
        T step = lr * gi;
        v = v - step;
        *v0 = v;
        *pp = *pp + v;
        return;
      }
      case CHC_UPDATE_ADAM: {
        T* mp = s0 + off[2];
        T* vp = s1 + off[3];
        T dm = gi - *mp;
        dm = one_m_b1 * dm;
        T m = *mp + dm;
        *mp = m;
        T gg = gi * gi;
        T dv = gg - *vp;
        dv = one_m_b2 * dv;
        T v = *vp + dv;
        *vp = v;
        T vh = v;
        if (amsgrad) {
          T* hp = s2 + off[4];
          T old = *hp;
          vh = (old >= v || old != old) ? old : v;
          *hp = vh;
        }
        T den = DSqrt(vh);
        den = den + eps;
        T step = lr / den;
        T sm = step * m;
        T delta = neg_eta * sm;
        if (keep) {
          *pp = *pp + delta;
        } else {
          T scaled = a_t * *pp;
          *pp = scaled + delta;
        }
        return;
      }
      case CHC_UPDATE_ADAGRAD: {
        T* hp = s0 + off[2];
        T hh = *hp;
        T gg = gi * gi;
        hh = hh + gg;
        *hp = hh;
        T num = lr * gi;
        T den = DSqrt(hh);
        den = den + eps;
        T upd = num / den;
        *pp = *pp - upd;
        return;
      }
      case CHC_UPDATE_RMSPROP: {
        T* mp = s0 + off[2];
        T ms = *mp * alpha;
        T t = one_m_alpha * gi;
        t = t * gi;
        ms = ms + t;
        *mp = ms;
        T den;
        if (eps_inside_sqrt) {
          den = ms + eps;
          den = DSqrt(den);
        } else {
          den = DSqrt(ms);
          den = den + eps;
        }
        T num = lr * gi;
        T upd = num / den;
        *pp = *pp - upd;
        return;
      }
      default: return;
    }
  }
};

}  // namespace

int32_t Update(int32_t dev, int32_t rule, const chc_update_hyper* h, const chc_array* param, const chc_array* grad,
               const chc_array* s0, const chc_array* s1, const chc_array* s2) {
  return Guard([&] {
    if (h == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "update: hyper-parameters are NULL");
    const chc_array& pa = Arg(param, "param");
    const chc_array& ga = Arg(grad, "grad", pa.dtype);
    RequireShape(ga, pa.ndim, pa.shape, "update");
    int needed = 0;
    switch (rule) {
      case CHC_UPDATE_SGD: needed = 0; break;
      case CHC_UPDATE_MOMENTUM_SGD:
      case CHC_UPDATE_ADAGRAD:
      case CHC_UPDATE_RMSPROP: needed = 1; break;
      case CHC_UPDATE_ADAM: needed = h->amsgrad ? 3 : 2; break;
      default: Fail(CH_ERROR_INVALID_ARGUMENT, "update: unknown rule " + std::to_string(rule));
    }
    const chc_array* states[3] = {s0, s1, s2};
    const int64_t* st[5] = {pa.strides, ga.strides, pa.strides, pa.strides, pa.strides};
    void* sp[3] = {nullptr, nullptr, nullptr};
    for (int k = 0; k < needed; ++k) {
      static const char* names[3] = {"s0", "s1", "s2"};
      const chc_array& sa = Arg(states[k], names[k], pa.dtype);
      if (sa.data == nullptr && NumElements(pa) > 0) Fail(CH_ERROR_NULL_ARGUMENT, std::string("update: ") + names[k] + " is required");
      RequireShape(sa, pa.ndim, pa.shape, "update");
      st[2 + k] = sa.strides;
      sp[k] = sa.data;
    }
    UseDevice(dev);
    Indexer<5> ix = MakeIndexer<5>(pa.ndim, pa.shape, st);
    VisitFloatDtype(pa.dtype, "update", [&](auto tag) {
      using T = decltype(tag);
      UpdateF<T> f{};
      f.rule = rule;
      f.p = static_cast<T*>(pa.data);
      f.g = static_cast<const T*>(ga.data);
      f.s0 = static_cast<T*>(sp[0]);
      f.s1 = static_cast<T*>(sp[1]);
      f.s2 = static_cast<T*>(sp[2]);
      f.lr = static_cast<T>(h->lr);
      f.mom = static_cast<T>(h->momentum);
      f.one_m_b1 = static_cast<T>(1.0 - h->beta1);
      f.one_m_b2 = static_cast<T>(1.0 - h->beta2);
      f.eps = static_cast<T>(h->eps);
      f.neg_eta = static_cast<T>(-h->eta);
      const double a = 1.0 - h->eta * h->weight_decay_rate;
      f.a_t = static_cast<T>(a);
      f.keep = a == 1.0;
      f.alpha = static_cast<T>(h->alpha);
      f.one_m_alpha = static_cast<T>(1.0 - h->alpha);
      f.amsgrad = h->amsgrad != 0;
      f.eps_inside_sqrt = h->eps_inside_sqrt != 0;
      LaunchMap(dev, ix, f, "update");
    });
  });
}

}  // namespace chainer_cuda
