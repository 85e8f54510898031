// Optimizer updates, fused into one pass per parameter. The loops live in
// simd_kernels.inc (UpdateLoop), vectorised per ISA; their arithmetic follows
// Chainer's NumPy expressions operation by operation (scalars are cast to the
// parameter dtype, no fused multiply-add), so float32 results match Chainer
// bit for bit.
#include "cpu/cpu_kernels.h"
#include "cpu/isa_table.h"
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

}  // namespace

void CpuKernels::Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0,
                        const Array& s1, const Array& s2) {
  VisitFloatDtype(param.dtype(), [&](auto tag) {
    using T = decltype(tag);
    auto ptr = [](const Array& a) { return a.defined() ? a.data<T>() : nullptr; };
    static_assert(static_cast<int>(UpdateRule::kSgd) == 0 && static_cast<int>(UpdateRule::kMomentumSgd) == 1 &&
                      static_cast<int>(UpdateRule::kAdam) == 2 && static_cast<int>(UpdateRule::kAdaGrad) == 3 &&
                      static_cast<int>(UpdateRule::kRmsProp) == 4,
                  "IsaUpdate::rule numbers UpdateRule");
    const IsaUpdate u{static_cast<int>(rule), h.lr, h.momentum, h.beta1, h.beta2, h.eta, h.weight_decay_rate,
                      h.eps, h.alpha, h.eps_inside_sqrt, h.amsgrad};
    T* p = param.data<T>();
    const T* g = grad.data<T>();
    T* a0 = ptr(s0);
    T* a1 = ptr(s1);
    T* a2 = ptr(s2);
    auto update = [&] {
      if constexpr (std::is_same_v<T, float>) {
        return Isa().f32.update;
      } else {
        return Isa().f64.update;
      }
    }();
    ForRange(param.size(), [&](int64_t b, int64_t e) { update(u, p, g, a0, a1, a2, b, e); });
  });
}

}  // namespace cpu
}  // namespace chainer
