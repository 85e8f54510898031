// Sum and its adjoint pair (sum_to / broadcast_to live in manipulation.cc).
#include <algorithm>

#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/common.h"

namespace chainer {
namespace routines {

Variable Sum(const Variable& x, const Axes* axes_in, bool keepdims) {
  TypeCheck tc("Sum");
  tc.ExpectFloat(x, "x");
  int nd = x.ndim();
  Axes axes = NormalizeAxes(tc, axes_in, nd);
  Shape out_shape, keep_shape;
  for (int i = 0, k = 0; i < nd; ++i) {
    bool reduced = k < axes.size() && axes[k] == i;
    if (reduced) {
      ++k;
      keep_shape.push_back(1);
    } else {
      out_shape.push_back(x.shape()[i]);
      keep_shape.push_back(x.shape()[i]);
    }
  }
  const Array& xa = x.array();
  Array y = Array::Empty(out_shape, xa.dtype(), xa.device());
  DispatchKernels(xa.device()).Sum(xa, axes, y);
  if (keepdims) y = y.Reshape(keep_shape);
  Shape x_shape = x.shape();
  return RecordSingle("Sum", {x}, std::move(y), 0, false, [keep_shape, x_shape](BackwardContext& ctx) {
    Variable gy = ctx.output_grad();
    if (gy.shape() != keep_shape) gy = Reshape(gy, keep_shape);
    ctx.set_input_grad(0, BroadcastTo(gy, x_shape));
  });
}

}  // namespace routines
}  // namespace chainer

namespace chainer {
namespace routines {
namespace {

// Shape of x with `axes` kept as size 1.
Shape KeepDimsShape(const Shape& xs, const Axes& axes) {
  Shape s = xs;
  for (int64_t a : axes) s[static_cast<int>(a)] = 1;
  return s;
}

Shape ReducedShape(const Shape& xs, const Axes& axes) {
  Shape s;
  for (int i = 0, k = 0; i < xs.size(); ++i) {
    if (k < axes.size() && axes[k] == i) {
      ++k;
    } else {
      s.push_back(xs[i]);
    }
  }
  return s;
}

Variable MaxMin(const char* label, ReduceOp op, const Variable& x, const Axes* axes_in, bool keepdims) {
  TypeCheck tc(label);
  tc.ExpectFloat(x, "x");
  Axes axes = NormalizeAxes(tc, axes_in, x.ndim());
  for (int64_t a : axes) {
    if (x.shape()[static_cast<int>(a)] == 0) {
      throw InvalidArgumentError(std::string("zero-size array to reduction operation ") + (op == ReduceOp::kMax ? "maximum" : "minimum") +
                                 " which has no identity");
    }
  }
  const Array& xa = x.array();
  Shape keep = KeepDimsShape(x.shape(), axes);
  Array y = Array::Empty(ReducedShape(x.shape(), axes), xa.dtype(), xa.device());
  KernelsOf(xa).Reduce(op, xa, axes, y);
  if (keepdims) y = y.Reshape(keep);
  return RecordSingle(label, {x}, std::move(y), 0b1, true, [keep](BackwardContext& ctx) {
    Variable xv = ctx.input(0);
    Array ya = ctx.output().array();
    Variable gy = ctx.output_grad();
    if (gy.shape() != keep) gy = Reshape(gy, keep);
    // Every position equal to the extremum receives the gradient, as in Chainer.
    Array cond = CompareArrays(CompareOp::kEq, xv.array(), ya.Reshape(keep).BroadcastTo(xv.shape()));
    Variable g = BroadcastTo(gy, xv.shape());
    ctx.set_input_grad(0, Where(Constant(cond), g, Constant(ScalarArray(ya, 0.0))));
  });
}

Variable ArgMaxMin(ReduceOp op, const Variable& x, const int64_t* axis) {
  const Array& xa0 = x.array();
  Array xa = axis == nullptr ? xa0.Reshape(Shape{xa0.size()}) : xa0;
  int ax = axis == nullptr ? 0 : NormalizeAxis(*axis, xa.ndim());
  if (xa.shape()[ax] == 0) throw InvalidArgumentError("attempt to get argmax or argmin of an empty sequence");
  Shape out_shape;
  for (int i = 0; i < xa.ndim(); ++i) if (i != ax) out_shape.push_back(xa.shape()[i]);
  Array idx = Array::Empty(out_shape, Dtype::kInt64, xa.device());
  KernelsOf(xa).ArgReduce(op, xa, ax, idx);
  // Chainer returns int32 indices.
  return NoGradOutput(idx.AsType(Dtype::kInt32));
}

}  // namespace

Variable Max(const Variable& x, const Axes* axes, bool keepdims) { return MaxMin("Max", ReduceOp::kMax, x, axes, keepdims); }
Variable Min(const Variable& x, const Axes* axes, bool keepdims) { return MaxMin("Min", ReduceOp::kMin, x, axes, keepdims); }

Variable ArgMax(const Variable& x, const int64_t* axis) {
  TypeCheck("ArgMax").ExpectFloat(x, "x");
  return ArgMaxMin(ReduceOp::kMax, x, axis);
}

Variable ArgMin(const Variable& x, const int64_t* axis) {
  TypeCheck("ArgMin").ExpectFloat(x, "x");
  return ArgMaxMin(ReduceOp::kMin, x, axis);
}

Variable Mean(const Variable& x, const Axes* axes_in, bool keepdims) {
  TypeCheck tc("Mean");
  tc.ExpectFloat(x, "x");
  Axes axes = NormalizeAxes(tc, axes_in, x.ndim());
  int64_t n = 1;
  for (int64_t a : axes) n *= x.shape()[static_cast<int>(a)];
  const Array& xa = x.array();
  Array s = Array::Empty(ReducedShape(x.shape(), axes), xa.dtype(), xa.device());
  KernelsOf(xa).Sum(xa, axes, s);
  // NumPy divides the sum by the count (not a multiply by its reciprocal).
  Array y = Array::EmptyLike(s);
  KernelsOf(xa).BinaryScalar(BinaryOp::kDiv, s, static_cast<double>(n), false, y);
  Shape keep = KeepDimsShape(x.shape(), axes);
  if (keepdims) y = y.Reshape(keep);
  Shape x_shape = x.shape();
  return RecordSingle("Mean", {x}, std::move(y), 0, false, [keep, x_shape, n](BackwardContext& ctx) {
    Variable gy = ctx.output_grad();
    if (gy.shape() != keep) gy = Reshape(gy, keep);
    ctx.set_input_grad(0, BroadcastTo(MulScalar(gy, 1.0 / static_cast<double>(n)), x_shape));
  });
}

Variable Prod(const Variable& x, const Axes* axes_in, bool keepdims) {
  TypeCheck tc("Prod");
  tc.ExpectFloat(x, "x");
  Axes axes = NormalizeAxes(tc, axes_in, x.ndim());
  const Array& xa = x.array();
  Array y = Array::Empty(ReducedShape(x.shape(), axes), xa.dtype(), xa.device());
  KernelsOf(xa).Reduce(ReduceOp::kProd, xa, axes, y);
  Shape keep = KeepDimsShape(x.shape(), axes);
  if (keepdims) y = y.Reshape(keep);
  return RecordSingle("Prod", {x}, std::move(y), 0b1, false, [axes](BackwardContext& ctx) {
    // d/dx_i prod(x) = product of the others: gather, for each i, the K-1
    // other elements and take their product, so every order stays differentiable.
    Variable xv = ctx.input(0);
    int nd = xv.ndim();
    Axes perm, inv = Dims::Filled(nd, 0);
    Shape lead;
    int64_t k = 1;
    bool reduced[kMaxNdim] = {};
    for (int64_t a : axes) reduced[a] = true;
    for (int i = 0; i < nd; ++i) {
      if (!reduced[i]) {
        perm.push_back(i);
        lead.push_back(xv.shape()[i]);
      }
    }
    for (int64_t a : axes) {
      perm.push_back(a);
      k *= xv.shape()[static_cast<int>(a)];
    }
    for (int i = 0; i < nd; ++i) inv[static_cast<int>(perm[i])] = i;
    Shape flat = lead;
    flat.push_back(k);
    Variable xr = Reshape(Transpose(xv, &perm), flat);
    // Host indices; Take moves them to x's device.
    Array others = Array::Empty(Shape{k, std::max<int64_t>(k - 1, 0)}, Dtype::kInt64, CpuDevice());
    int64_t* o = others.data<int64_t>();
    for (int64_t i = 0; i < k; ++i) {
      for (int64_t j = 0; j + 1 < k; ++j) o[i * (k - 1) + j] = j < i ? j : j + 1;
    }
    Variable gathered = Take(xr, others, flat.size() - 1);  // lead..., k, k-1
    Axes last{static_cast<int64_t>(gathered.ndim() - 1)};
    Variable excl = Prod(gathered, &last, false);  // lead..., k
    Variable gy = ctx.output_grad();
    Shape gshape = lead;
    gshape.push_back(1);
    Variable gxr = Reshape(gy, gshape);
    Variable gx = BroadcastTo(gxr, flat) * excl;
    Shape tshape;
    for (int i = 0; i < nd; ++i) tshape.push_back(xv.shape()[static_cast<int>(perm[i])]);
    ctx.set_input_grad(0, Transpose(Reshape(gx, tshape), &inv));
  });
}

Variable Cumsum(const Variable& x, int64_t axis_in) {
  TypeCheck("Cumsum").ExpectFloat(x, "x");
  int axis = NormalizeAxis(axis_in, x.ndim());
  const Array& xa = x.array();
  Array y = Array::EmptyLike(xa);
  KernelsOf(xa).Cumsum(xa, axis, y);
  return RecordSingle("Cumsum", {x}, std::move(y), 0, false, [axis](BackwardContext& ctx) {
    ctx.set_input_grad(0, Flip(Cumsum(Flip(ctx.output_grad(), axis), axis), axis));
  });
}

Variable LogSumExp(const Variable& x, const Axes* axes_in) {
  TypeCheck tc("LogSumExp");
  tc.ExpectFloat(x, "x");
  Axes axes = NormalizeAxes(tc, axes_in, x.ndim());
  const Array& xa = x.array();
  Shape keep = KeepDimsShape(x.shape(), axes);
  Array m = Array::Empty(ReducedShape(x.shape(), axes), xa.dtype(), xa.device());
  Kernels& k = KernelsOf(xa);
  k.Reduce(ReduceOp::kMax, xa, axes, m);
  Array mk = m.Reshape(keep).BroadcastTo(x.shape());
  Array e = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kSub, xa, mk, e);
  k.Unary(UnaryOp::kExp, e, e);
  Array s = Array::EmptyLike(m);
  k.Sum(e, axes, s);
  k.Unary(UnaryOp::kLog, s, s);
  Array y = Array::EmptyLike(m);
  k.Binary(BinaryOp::kAdd, s, m, y);
  return RecordSingle("LogSumExp", {x}, std::move(y), 0b1, true, [keep](BackwardContext& ctx) {
    Variable xv = ctx.input(0);
    Variable yk = BroadcastTo(Reshape(ctx.output(), keep), xv.shape());
    Variable gy = BroadcastTo(Reshape(ctx.output_grad(), keep), xv.shape());
    ctx.set_input_grad(0, gy * Exp(xv - yk));
  });
}

}  // namespace routines
}  // namespace chainer
