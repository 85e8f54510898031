// Numerical gradient checks (first and second order) for routines in
// float64, used by the routine tests.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "device/device.h"
#include "routines/common.h"
#include "routines/routines.h"

namespace chainer {
namespace testing {

using Fn = std::function<Variable(const std::vector<Variable>&)>;

inline Array RandomArray(const Shape& shape, std::mt19937& rng, double lo = -1, double hi = 1, double avoid = 0.0) {
  Array a = Array::Empty(shape, Dtype::kFloat64);
  std::uniform_real_distribution<double> u(lo, hi);
  double* p = a.data<double>();
  for (int64_t i = 0; i < a.size(); ++i) {
    double v;
    do {
      v = u(rng);
    } while (std::abs(v) < avoid);
    p[i] = v;
  }
  return a;
}

inline double Dot(const Array& a, const Array& b) {
  Array ac = a.AsType(Dtype::kFloat64), bc = b.AsType(Dtype::kFloat64);
  double s = 0;
  for (int64_t i = 0; i < ac.size(); ++i) s += ac.data<double>()[i] * bc.data<double>()[i];
  return s;
}

// Checks d<f(x), gy>/dx_i against central differences for every element.
inline void CheckBackward(const Fn& f, const std::vector<Array>& xs, std::mt19937& rng, double eps = 1e-5, double atol = 1e-6,
                          double rtol = 1e-5) {
  std::vector<Variable> vars;
  for (const auto& x : xs) vars.push_back(Variable::Leaf(x.Copy(), true));
  Variable y = f(vars);
  Array gy = RandomArray(y.shape(), rng);
  auto grads = Grad({y}, vars, {Variable::Leaf(gy, false)}, {}, false, false, false);
  for (size_t i = 0; i < xs.size(); ++i) {
    Array x = xs[i].Copy();
    double* p = x.data<double>();
    for (int64_t j = 0; j < x.size(); ++j) {
      double orig = p[j];
      auto eval = [&](double v) {
        p[j] = v;
        std::vector<Variable> in;
        for (size_t k = 0; k < xs.size(); ++k) in.push_back(Variable::Leaf(k == i ? x.Copy() : xs[k], true));
        return Dot(f(in).array(), gy);
      };
      double numeric = (eval(orig + eps) - eval(orig - eps)) / (2 * eps);
      p[j] = orig;
      double analytic = grads[i].defined() ? grads[i].array().AsType(Dtype::kFloat64).data<double>()[j] : 0.0;
      ASSERT_NEAR(analytic, numeric, atol + rtol * std::abs(numeric)) << "input " << i << " element " << j;
    }
  }
}

// Checks the gradient of the backward pass: the first-order gradients,
// computed with double backprop, contracted with random weights, must
// themselves pass CheckBackward as a function of (x..., gy).
inline void CheckDoubleBackward(const Fn& f, const std::vector<Array>& xs, std::mt19937& rng, double eps = 1e-5,
                                double atol = 1e-5, double rtol = 1e-4) {
  std::vector<Variable> probe;
  for (const auto& x : xs) probe.push_back(Variable::Leaf(x, false));
  Shape y_shape = f(probe).shape();
  std::vector<Array> weights;
  for (const auto& x : xs) weights.push_back(RandomArray(x.shape(), rng));
  std::vector<Array> args = xs;
  args.push_back(RandomArray(y_shape, rng));
  size_t n = xs.size();
  Fn second = [&, n](const std::vector<Variable>& in) {
    std::vector<Variable> x(in.begin(), in.begin() + n);
    Variable y = f(x);
    auto g = Grad({y}, x, {in[n]}, {}, false, false, true);
    Variable total;
    for (size_t i = 0; i < n; ++i) {
      if (!g[i].defined()) continue;
      Variable term = routines::Sum(g[i] * Variable::Leaf(weights[i], false), nullptr, false);
      total = total.defined() ? total + term : term;
    }
    if (!total.defined()) total = Variable::Leaf(Array::Zeros(Shape{}, Dtype::kFloat64, CpuDevice()), false);
    return total;
  };
  CheckBackward(second, args, rng, eps, atol, rtol);
}

}  // namespace testing
}  // namespace chainer
