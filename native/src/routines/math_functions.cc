// Element-wise mathematical functions (chainer.functions.math).
#include <cmath>

#include "routines/common.h"

namespace chainer {
namespace routines {
namespace {

Variable Zero(const Variable& like) { return Constant(ScalarArray(like.array(), 0.0)); }

// A function whose output carries no gradient (Chainer returns a plain variable).
Variable NoGradUnary(UnaryOp op, const Variable& x) { return NoGradOutput(UnaryArray(op, x.array())); }

}  // namespace

Variable Where(const Variable& cond, const Variable& a, const Variable& b) {
  TypeCheck tc("Where");
  if (cond.dtype() != Dtype::kBool) tc.Fail(CheckKind::kDtype, "condition.dtype == bool", std::string(DtypeName(cond.dtype())) + " != bool");
  tc.ExpectSameDtype(a, "x", b, "y");
  CheckSameDevice(a, b);
  CheckSameDevice(cond, a);
  Shape shape = BroadcastShapes(BroadcastShapes(cond.shape(), a.shape()), b.shape());
  const Array& aa = a.array();
  Array y = Array::Empty(shape, aa.dtype(), aa.device());
  KernelsOf(aa).Where(cond.array().BroadcastTo(shape), aa.BroadcastTo(shape), b.array().BroadcastTo(shape), y);
  Array c = cond.array();
  Shape as = a.shape(), bs = b.shape();
  return RecordSingle("Where", {a, b}, std::move(y), 0, false, [c, as, bs](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    Variable cv = Constant(c), zero = Zero(gy);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(Where(cv, gy, zero), as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(Where(cv, zero, gy), bs));
  });
}

Variable MaskGrad(const Array& mask, const Variable& gy) { return Where(Constant(mask), gy, Zero(gy)); }

Variable Absolute(const Variable& x) {
  return FloatUnary("|_|", "x", UnaryOp::kAbs, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() * Constant(UnaryArray(UnaryOp::kSign, ctx.input(0).array())));
  });
}

Variable Sqrt(const Variable& x) {
  return FloatUnary("sqrt", "x", UnaryOp::kSqrt, x, 0, true, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / MulScalar(ctx.output(), 2.0));
  });
}

// Chainer's rsqrt is 1.0 / sqrt(x): its label reads '1.0 / _'.
Variable Rsqrt(const Variable& x) { return RDivScalar(Sqrt(x), 1.0, true); }

Variable Square(const Variable& x) {
  return FloatUnary("square", "x", UnaryOp::kSquare, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(ctx.input(0), 2.0) * ctx.output_grad());
  });
}

Variable Expm1(const Variable& x) {
  return FloatUnary("expm1", "x", UnaryOp::kExpm1, x, 0, true, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, AddScalar(ctx.output(), 1.0) * ctx.output_grad());
  });
}

Variable Log1p(const Variable& x) {
  return FloatUnary("log1p", "x", UnaryOp::kLog1p, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / AddScalar(ctx.input(0), 1.0));
  });
}

Variable Log2(const Variable& x) {
  return FloatUnary("log2", "x", UnaryOp::kLog2, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(ctx.output_grad() / ctx.input(0), 1.0 / std::log(2.0)));
  });
}

Variable Log10(const Variable& x) {
  return FloatUnary("log10", "x", UnaryOp::kLog10, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(ctx.output_grad() / ctx.input(0), 1.0 / std::log(10.0)));
  });
}

Variable Sin(const Variable& x) {
  return FloatUnary("sin", "x", UnaryOp::kSin, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, Cos(ctx.input(0)) * ctx.output_grad());
  });
}

Variable Cos(const Variable& x) {
  return FloatUnary("cos", "x", UnaryOp::kCos, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, -Sin(ctx.input(0)) * ctx.output_grad());
  });
}

Variable Tan(const Variable& x) {
  return FloatUnary("tan", "x", UnaryOp::kTan, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / Square(Cos(ctx.input(0))));
  });
}

Variable Arcsin(const Variable& x) {
  return FloatUnary("arcsin", "x", UnaryOp::kArcsin, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / Sqrt(RSubScalar(Square(ctx.input(0)), 1.0)));
  });
}

Variable Arccos(const Variable& x) {
  return FloatUnary("arccos", "x", UnaryOp::kArccos, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, -(ctx.output_grad() / Sqrt(RSubScalar(Square(ctx.input(0)), 1.0))));
  });
}

Variable Arctan(const Variable& x) {
  return FloatUnary("arctan", "x", UnaryOp::kArctan, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / AddScalar(Square(ctx.input(0)), 1.0));
  });
}

Variable Sinh(const Variable& x) {
  return FloatUnary("sinh", "x", UnaryOp::kSinh, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, Cosh(ctx.input(0)) * ctx.output_grad());
  });
}

Variable Cosh(const Variable& x) {
  return FloatUnary("cosh", "x", UnaryOp::kCosh, x, 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, Sinh(ctx.input(0)) * ctx.output_grad());
  });
}

Variable Tanh(const Variable& x) {
  return FloatUnary("Tanh", "x", UnaryOp::kTanh, x, 0, true, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() * RSubScalar(Square(ctx.output()), 1.0));
  });
}

Variable Sigmoid(const Variable& x) {
  return FloatUnary("Sigmoid", "x", UnaryOp::kSigmoid, x, 0, true, [](BackwardContext& ctx) {
    Variable y = ctx.output();
    ctx.set_input_grad(0, ctx.output_grad() * y * RSubScalar(y, 1.0));
  });
}

Variable Sign(const Variable& x) { return NoGradUnary(UnaryOp::kSign, x); }
Variable Floor(const Variable& x) {
  TypeCheck("floor").ExpectFloat(x, "x");
  return NoGradUnary(UnaryOp::kFloor, x);
}
Variable Ceil(const Variable& x) {
  TypeCheck("ceil").ExpectFloat(x, "x");
  return NoGradUnary(UnaryOp::kCeil, x);
}
Variable Fix(const Variable& x) {
  TypeCheck("fix").ExpectFloat(x, "x");
  return NoGradUnary(UnaryOp::kFix, x);
}

Variable Clip(const Variable& x, double x_min, double x_max) {
  if (!(x_min < x_max)) throw InvalidArgumentError("x_min must be less than x_max.");
  TypeCheck("Clip").ExpectFloat(x, "x");
  const Array& xa = x.array();
  Array lo = Array::EmptyLike(xa);
  KernelsOf(xa).BinaryScalar(BinaryOp::kMaximum, xa, x_min, false, lo);
  Array y = Array::EmptyLike(xa);
  KernelsOf(xa).BinaryScalar(BinaryOp::kMinimum, lo, x_max, false, y);
  return RecordSingle("Clip", {x}, std::move(y), 0b1, false, [x_min, x_max](BackwardContext& ctx) {
    Array xv = ctx.input(0).array();
    Array in_lo = CompareScalar(CompareOp::kGe, xv, x_min);
    Array in_hi = CompareScalar(CompareOp::kLe, xv, x_max);
    Array mask = Array::EmptyLike(in_lo);
    KernelsOf(xv).Binary(BinaryOp::kMul, in_lo, in_hi, mask);
    ctx.set_input_grad(0, MaskGrad(mask, ctx.output_grad()));
  });
}

namespace {

Variable MinMax(const char* label, BinaryOp op, CompareOp select_a, const Variable& a, const Variable& b) {
  TypeCheck tc(label);
  tc.ExpectFloat(a, "x1");
  tc.ExpectSameDtype(a, "x1", b, "x2");
  CheckSameDevice(a, b);
  Shape shape = BroadcastShapes(a.shape(), b.shape());
  const Array& aa = a.array();
  Array y = Array::Empty(shape, aa.dtype(), aa.device());
  KernelsOf(aa).Binary(op, aa.BroadcastTo(shape), b.array().BroadcastTo(shape), y);
  Shape as = a.shape(), bs = b.shape();
  return RecordSingle(label, {a, b}, std::move(y), 0b11, false, [select_a, as, bs](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    Variable cond = Constant(CompareArrays(select_a, ctx.input(0).array(), ctx.input(1).array()));
    Variable zero = Zero(gy);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(Where(cond, gy, zero), as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(Where(cond, zero, gy), bs));
  });
}

}  // namespace

Variable Maximum(const Variable& a, const Variable& b) { return MinMax("Maximum", BinaryOp::kMaximum, CompareOp::kGe, a, b); }
Variable Minimum(const Variable& a, const Variable& b) { return MinMax("Minimum", BinaryOp::kMinimum, CompareOp::kLe, a, b); }

Variable Fmod(const Variable& x, const Variable& d) {
  TypeCheck tc("fmod");
  tc.ExpectFloat(x, "x");
  tc.ExpectSameDtype(x, "x", d, "divisor");
  CheckSameDevice(x, d);
  Shape shape = BroadcastShapes(x.shape(), d.shape());
  const Array& xa = x.array();
  Array y = Array::Empty(shape, xa.dtype(), xa.device());
  KernelsOf(xa).Binary(BinaryOp::kFmod, xa.BroadcastTo(shape), d.array().BroadcastTo(shape), y);
  Shape xs = x.shape(), ds = d.shape();
  return RecordSingle("fmod", {x, d}, std::move(y), 0b11, false, [xs, ds](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(gy, xs));
    if (ctx.is_input_grad_required(1)) {
      Variable x0 = ctx.input(0), x1 = ctx.input(1);
      Shape shape = BroadcastShapes(x0.shape(), x1.shape());
      Array q = Array::Empty(shape, x0.dtype(), x0.array().device());
      KernelsOf(q).Binary(BinaryOp::kDiv, x0.array().BroadcastTo(shape), x1.array().BroadcastTo(shape), q);
      ctx.set_input_grad(1, Unbroadcast(-(gy * Constant(UnaryArray(UnaryOp::kFix, q))), ds));
    }
  });
}

}  // namespace routines
}  // namespace chainer
