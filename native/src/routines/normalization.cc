// Normalization functions (chainer.functions.normalization).
#include <cmath>

#include "routines/common.h"
#include "routines/normalization.h"

namespace chainer {
namespace routines {
namespace {

// Shape with the statistics axes collapsed to 1 (for broadcasting per-channel values).
Shape StatShape(const Shape& xs, const Axes& axes) {
  Shape s = xs;
  for (int64_t a : axes) s[static_cast<int>(a)] = 1;
  return s;
}

Variable Expand(const Variable& v, const Shape& stat_shape, const Shape& x_shape) {
  return BroadcastTo(Reshape(v, stat_shape), x_shape);
}

Array ExpandArray(const Array& a, const Shape& stat_shape, const Shape& x_shape) { return a.Reshape(stat_shape).BroadcastTo(x_shape); }

}  // namespace

Variable BatchNormalization(const Variable& x, const Variable& gamma, const Variable& beta, const BatchNormOptions& o) {
  TypeCheck tc("BatchNormalization");
  tc.ExpectFloat(x, "x");
  tc.ExpectSameDtype(x, "x", gamma, "gamma");
  tc.ExpectSameDtype(x, "x", beta, "beta");
  if (gamma.shape() != beta.shape()) tc.Fail(CheckKind::kShape, "gamma.shape == beta.shape", gamma.shape().ToString() + " != " + beta.shape().ToString());
  Axes axes;
  if (o.axes.empty()) {
    axes.push_back(0);
    for (int i = gamma.ndim() + 1; i < x.ndim(); ++i) axes.push_back(i);
  } else {
    axes = NormalizeAxes(tc, &o.axes, x.ndim());
  }
  if (x.ndim() - axes.size() != gamma.ndim()) {
    tc.Fail(CheckKind::kShape, "x.ndim - len(axis) == gamma.ndim", std::to_string(x.ndim() - axes.size()) + " != " + std::to_string(gamma.ndim()));
  }
  Shape stat = StatShape(x.shape(), axes);
  {
    if (stat.Product() != gamma.array().size()) {
      tc.Fail(CheckKind::kShape, "gamma.size == prod of the non-aggregated axes of x", std::to_string(gamma.array().size()) + " != " + std::to_string(stat.Product()));
    }
  }
  const Array& xa = x.array();
  Kernels& k = KernelsOf(xa);
  int64_t m = xa.size() / std::max<int64_t>(gamma.array().size(), 1);
  Shape reduced;
  {
    bool red[kMaxNdim] = {};
    for (int64_t a : axes) red[a] = true;
    for (int i = 0; i < x.ndim(); ++i) if (!red[i]) reduced.push_back(x.shape()[i]);
  }
  // mean = x.mean(axis); var = x.var(axis) = mean((x - mean)**2); inv_std = 1 / sqrt(var + eps)
  Array mean = Array::Empty(reduced, xa.dtype(), xa.device());
  k.Sum(xa, axes, mean);
  k.BinaryScalar(BinaryOp::kDiv, mean, static_cast<double>(m), false, mean);
  Array xc = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kSub, xa, ExpandArray(mean, stat, x.shape()), xc);
  Array sq = UnaryArray(UnaryOp::kSquare, xc);
  Array var = Array::Empty(reduced, xa.dtype(), xa.device());
  k.Sum(sq, axes, var);
  k.BinaryScalar(BinaryOp::kDiv, var, static_cast<double>(m), false, var);
  Array inv_std = Array::EmptyLike(var);
  k.BinaryScalar(BinaryOp::kAdd, var, o.eps, false, inv_std);
  k.Unary(UnaryOp::kSqrt, inv_std, inv_std);
  k.Unary(UnaryOp::kReciprocal, inv_std, inv_std);
  Array y = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kMul, xc, ExpandArray(inv_std, stat, x.shape()), y);
  k.Binary(BinaryOp::kMul, y, ExpandArray(gamma.array(), stat, x.shape()), y);
  k.Binary(BinaryOp::kAdd, y, ExpandArray(beta.array(), stat, x.shape()), y);

  if (o.running_mean.defined() && o.running_var.defined()) {
    if (o.running_mean.size() != mean.size() || o.running_var.size() != var.size()) {
      throw InvalidArgumentError("running_mean and running_var must have gamma's size");
    }
    double adjust = static_cast<double>(m) / std::max(static_cast<double>(m) - 1.0, 1.0);
    Array rm = o.running_mean.Reshape(reduced), rv = o.running_var.Reshape(reduced);
    Array tmp = Array::EmptyLike(mean);
    k.BinaryScalar(BinaryOp::kMul, rm, o.decay, false, rm);
    k.BinaryScalar(BinaryOp::kMul, mean, 1.0 - o.decay, false, tmp);
    k.Binary(BinaryOp::kAdd, rm, tmp, rm);
    k.BinaryScalar(BinaryOp::kMul, rv, o.decay, false, rv);
    k.BinaryScalar(BinaryOp::kMul, var, (1.0 - o.decay) * adjust, false, tmp);
    k.Binary(BinaryOp::kAdd, rv, tmp, rv);
  }

  double eps = o.eps;
  Shape gshape = gamma.shape();
  return RecordSingle("BatchNormalization", {x, gamma, beta}, std::move(y), 0b011, false,
                      [axes, stat, eps, m, gshape](BackwardContext& ctx) {
                        // Analytic gradient written with routines, so it is differentiable again.
                        Variable xv = ctx.input(0), gv = ctx.input(1);
                        const Variable& gy = ctx.output_grad();
                        Shape xs = xv.shape();
                        Variable mu = Mean(xv, &axes, true);
                        Variable xc = xv - BroadcastTo(mu, xs);
                        Variable inv = Rsqrt(AddScalar(Mean(Square(xc), &axes, true), eps));
                        Variable xhat = xc * BroadcastTo(inv, xs);
                        Variable gbeta = Sum(gy, &axes, false);
                        Variable ggamma = Sum(gy * xhat, &axes, false);
                        if (ctx.is_input_grad_required(0)) {
                          Variable t = xhat * Expand(ggamma, stat, xs) + Expand(gbeta, stat, xs);
                          Variable gx = Expand(gv, stat, xs) * BroadcastTo(inv, xs) * (gy - MulScalar(t, 1.0 / static_cast<double>(m)));
                          ctx.set_input_grad(0, gx);
                        }
                        if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Reshape(ggamma, gshape));
                        if (ctx.is_input_grad_required(2)) ctx.set_input_grad(2, Reshape(gbeta, gshape));
                      });
}

Variable FixedBatchNormalization(const Variable& x, const Variable& gamma, const Variable& beta, const Variable& mean,
                                 const Variable& var, double eps, const Axes& axes_in) {
  TypeCheck tc("FixedBatchNormalization");
  tc.ExpectFloat(x, "x");
  tc.ExpectSameDtype(x, "x", gamma, "gamma");
  Axes axes;
  if (axes_in.empty()) {
    axes.push_back(0);
    for (int i = gamma.ndim() + 1; i < x.ndim(); ++i) axes.push_back(i);
  } else {
    axes = NormalizeAxes(tc, &axes_in, x.ndim());
  }
  Shape stat = StatShape(x.shape(), axes);
  if (stat.Product() != gamma.array().size()) {
    tc.Fail(CheckKind::kShape, "gamma.size == prod of the non-aggregated axes of x", std::to_string(gamma.array().size()) + " != " + std::to_string(stat.Product()));
  }
  Shape xs = x.shape();
  Variable inv = Rsqrt(AddScalar(var, eps));
  return Expand(gamma, stat, xs) * ((x - Expand(mean, stat, xs)) * Expand(inv, stat, xs)) + Expand(beta, stat, xs);
}

Variable LayerNormalization(const Variable& x, const Variable& gamma, const Variable& beta, double eps) {
  TypeCheck tc("LayerNormalization");
  tc.ExpectFloat(x, "in_types[0]");
  tc.ExpectEq("in_types[0].ndim", x.ndim(), "2", 2);
  tc.ExpectEq("in_types[1].ndim", gamma.ndim(), "1", 1);
  tc.ExpectEq("in_types[2].ndim", beta.ndim(), "1", 1);
  tc.ExpectSameDtype(gamma, "in_types[1]", x, "in_types[0]");
  tc.ExpectSameDtype(beta, "in_types[2]", x, "in_types[0]");
  if (gamma.shape() != beta.shape()) {
    tc.Fail(CheckKind::kShape, "in_types[1].shape == in_types[2].shape", gamma.shape().ToString() + " != " + beta.shape().ToString());
  }
  // Chainer fails later, broadcasting; the check reads the same way.
  tc.ExpectEq("in_types[1].shape[0]", gamma.shape()[0], "in_types[0].shape[1]", x.shape()[1]);
  Axes ax{1};
  Shape xs = x.shape();
  Variable mu = BroadcastTo(Mean(x, &ax, true), xs);
  Variable xc = x - mu;
  Variable inv = BroadcastTo(Rsqrt(AddScalar(Mean(Square(xc), &ax, true), eps)), xs);
  Shape row{1, xs[1]};
  return xc * inv * BroadcastTo(Reshape(gamma, row), xs) + BroadcastTo(Reshape(beta, row), xs);
}

Variable GroupNormalization(const Variable& x, int64_t groups, const Variable& gamma, const Variable& beta, double eps) {
  TypeCheck tc("GroupNormalization");
  tc.ExpectFloat(x, "x");
  if (x.ndim() < 2) tc.Fail(CheckKind::kShape, "x.ndim >= 2", std::to_string(x.ndim()) + " < 2");
  int64_t n = x.shape()[0], c = x.shape()[1];
  if (groups <= 0 || c % groups != 0) throw InvalidArgumentError("the number of channels (" + std::to_string(c) + ") must be divisible by groups (" + std::to_string(groups) + ")");
  tc.ExpectEq("gamma.shape[0]", gamma.shape()[0], "x.shape[1]", c);
  Shape xs = x.shape();
  Variable xg = Reshape(x, Shape{n * groups, -1});
  Axes ax{1};
  Shape gs = xg.shape();
  Variable xc = xg - BroadcastTo(Mean(xg, &ax, true), gs);
  Variable xhat = Reshape(xc * BroadcastTo(Rsqrt(AddScalar(Mean(Square(xc), &ax, true), eps)), gs), xs);
  Shape cs = Dims::Filled(x.ndim(), 1);
  cs[1] = c;
  return xhat * BroadcastTo(Reshape(gamma, cs), xs) + BroadcastTo(Reshape(beta, cs), xs);
}

Variable LocalResponseNormalization(const Variable& x, int64_t n, double k, double alpha, double beta) {
  TypeCheck tc("LocalResponseNormalization");
  tc.ExpectFloat(x, "x");
  if (x.ndim() < 2) tc.Fail(CheckKind::kShape, "x.ndim >= 2", std::to_string(x.ndim()) + " < 2");
  if (n <= 0) throw InvalidArgumentError("n must be positive");
  int64_t half = n / 2;
  std::vector<int64_t> before(x.ndim(), 0), after(x.ndim(), 0);
  before[1] = half;
  after[1] = half;
  Variable padded = Pad(Square(x), before, after, 0.0);
  int64_t c = x.shape()[1];
  Variable sum;
  for (int64_t i = 0; i <= 2 * half; ++i) {
    Variable part = SliceAxis(padded, i, i + c, 1);
    sum = sum.defined() ? sum + part : part;
  }
  Variable scale = AddScalar(MulScalar(sum, alpha), k);
  return x * PowScalar(scale, -beta);
}

Variable Normalize(const Variable& x, double eps, int64_t axis_in) {
  TypeCheck tc("NormalizeL2");
  tc.ExpectFloat(x, "x");
  int axis = NormalizeAxis(axis_in, x.ndim());
  Axes ax{axis};
  Variable norm = AddScalar(Sqrt(Sum(Square(x), &ax, true)), eps);
  return x / BroadcastTo(norm, x.shape());
}

}  // namespace routines
}  // namespace chainer
