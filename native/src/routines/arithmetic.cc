// Arithmetic with broadcasting and with constants, named as Chainer names
// them (labels "_ + _", "_ * 2.0", ...). Constants are cast to the
// variable's dtype before the operation, as NumPy does with Python scalars.
#include <cmath>

#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {
namespace {

// a op b into a fresh array of the broadcast shape (views only where shapes differ).
Array BinaryForward(BinaryOp op, const Array& a, const Array& b, const Shape& shape) {
  Array out = Array::Empty(shape, a.dtype(), a.device());
  DispatchKernels(a.device()).Binary(op, a.shape() == shape ? a : a.BroadcastTo(shape), b.shape() == shape ? b : b.BroadcastTo(shape), out);
  return out;
}

Array ScalarForward(BinaryOp op, const Array& x, double s, bool scalar_first) {
  Array out = Array::EmptyLike(x);
  DispatchKernels(x.device()).BinaryScalar(op, x, s, scalar_first, out);
  return out;
}

Variable WithConstant(Variable y, double s, bool as_float = false) {
  if (auto fn = y.creator()) fn->set_constant(s, as_float);
  return y;
}

// Reduces a broadcast gradient back to an input's shape.
Variable Unbroadcast(const Variable& g, const Shape& shape) { return g.shape() == shape ? g : SumTo(g, shape); }

// Checks the operands and returns their broadcast shape.
Shape CheckBinary(const char* label, const Variable& a, const Variable& b, bool float_only) {
  TypeCheck tc(label);
  if (float_only) tc.ExpectFloat(a, "lhs");
  tc.ExpectSameDtype(a, "lhs", b, "rhs");
  CheckSameDevice(a, b);
  return a.shape() == b.shape() ? a.shape() : BroadcastShapes(a.shape(), b.shape());
}

std::string Label(const char* pattern_left, double s, const char* pattern_right) {
  return std::string(pattern_left) + ConstantToString(s) + pattern_right;
}

}  // namespace

Variable Add(const Variable& a, const Variable& b) {
  Shape shape = CheckBinary("_ + _", a, b, false);
  Array y = BinaryForward(BinaryOp::kAdd, a.array(), b.array(), shape);
  return RecordSingle("_ + _", {a, b}, std::move(y), 0, false, [](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(gy, as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(gy, bs));
  });
}

Variable Sub(const Variable& a, const Variable& b) {
  Shape shape = CheckBinary("_ - _", a, b, false);
  Array y = BinaryForward(BinaryOp::kSub, a.array(), b.array(), shape);
  return RecordSingle("_ - _", {a, b}, std::move(y), 0, false, [](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(gy, as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(-gy, bs));
  });
}

Variable Mul(const Variable& a, const Variable& b) {
  Shape shape = CheckBinary("_ * _", a, b, true);
  Array y = BinaryForward(BinaryOp::kMul, a.array(), b.array(), shape);
  return RecordSingle("_ * _", {a, b}, std::move(y), 0b11, false, [](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(gy * ctx.input(1), as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(gy * ctx.input(0), bs));
  });
}

Variable Div(const Variable& a, const Variable& b) {
  Shape shape = CheckBinary("_ / _", a, b, true);
  Array y = BinaryForward(BinaryOp::kDiv, a.array(), b.array(), shape);
  return RecordSingle("_ / _", {a, b}, std::move(y), 0b11, false, [](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    Variable x1 = ctx.input(1);
    Variable gx0 = gy / x1;
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Unbroadcast(gx0, as));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(-gx0 * ctx.input(0) / x1, bs));
  });
}

Variable Pow(const Variable& a, const Variable& b) {
  Shape shape = CheckBinary("_ ** _", a, b, true);
  Array y = BinaryForward(BinaryOp::kPow, a.array(), b.array(), shape);
  return RecordSingle("_ ** _", {a, b}, std::move(y), 0b11, false, [](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    const Shape& as = ctx.input_shape(0);
    const Shape& bs = ctx.input_shape(1);
    Variable x0 = ctx.input(0), x1 = ctx.input(1);
    if (ctx.is_input_grad_required(0)) {
      ctx.set_input_grad(0, Unbroadcast(x1 * Pow(x0, SubScalar(x1, 1.0)) * gy, as));
    }
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Unbroadcast(Log(x0) * Pow(x0, x1) * gy, bs));
  });
}

Variable AddScalar(const Variable& x, double s) {
  Array y = ScalarForward(BinaryOp::kAdd, x.array(), s, false);
  return WithConstant(RecordSingle("_ + const", {x}, std::move(y), 0, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad());
  }), s);
}

// Chainer computes x - c as x + (-c).
Variable SubScalar(const Variable& x, double s) { return AddScalar(x, -s); }

Variable RSubScalar(const Variable& x, double s) {
  Array y = ScalarForward(BinaryOp::kSub, x.array(), s, true);
  return WithConstant(RecordSingle("const - _", {x}, std::move(y), 0, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, -ctx.output_grad());
  }), s);
}

Variable MulScalar(const Variable& x, double s, bool float_constant) {
  Array y = ScalarForward(BinaryOp::kMul, x.array(), s, false);
  return WithConstant(RecordSingle("_ * const", {x}, std::move(y), 0, false, [s](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(ctx.output_grad(), s));
  }), s, float_constant);
}

// Chainer computes x / c as x * (1. / c): the constant is a Python float.
Variable DivScalar(const Variable& x, double s) {
  TypeCheck("_ * " + ConstantToString(1.0 / s, true)).ExpectFloat(x, "x");
  return MulScalar(x, 1.0 / s, true);
}

Variable RDivScalar(const Variable& x, double s, bool float_constant) {
  TypeCheck(std::string(ConstantToString(s, float_constant)) + " / _").ExpectFloat(x, "x");
  Array y = ScalarForward(BinaryOp::kDiv, x.array(), s, true);
  return WithConstant(RecordSingle("const / _", {x}, std::move(y), 0b1, false, [s](BackwardContext& ctx) {
    Variable xv = ctx.input(0);
    ctx.set_input_grad(0, MulScalar(ctx.output_grad() / (xv * xv), -s));
  }), s, float_constant);
}

Variable PowScalar(const Variable& x, double s) {
  TypeCheck(Label("_ ** ", s, "")).ExpectFloat(x, "x");
  Array y = ScalarForward(BinaryOp::kPow, x.array(), s, false);
  return WithConstant(RecordSingle("_ ** const", {x}, std::move(y), 0b1, false, [s](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(PowScalar(ctx.input(0), s - 1.0), s) * ctx.output_grad());
  }), s);
}

Variable RPowScalar(const Variable& x, double s) {
  TypeCheck(Label("", s, " ** _")).ExpectFloat(x, "x");
  Array y = ScalarForward(BinaryOp::kPow, x.array(), s, true);
  return WithConstant(RecordSingle("const ** _", {x}, std::move(y), 0, true, [s](BackwardContext& ctx) {
    ctx.set_input_grad(0, MulScalar(ctx.output(), std::log(s)) * ctx.output_grad());
  }), s);
}

Variable Neg(const Variable& x) {
  Array y = Array::EmptyLike(x.array());
  DispatchKernels(x.array().device()).Unary(UnaryOp::kNeg, x.array(), y);
  return RecordSingle("__neg__", {x}, std::move(y), 0, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, -ctx.output_grad());
  });
}

}  // namespace routines
}  // namespace chainer

namespace chainer {
namespace routines {

Variable DivScalarExact(const Variable& x, double s) {
  TypeCheck(std::string("_ / ") + ConstantToString(s)).ExpectFloat(x, "x");
  Array y = Array::EmptyLike(x.array());
  DispatchKernels(x.array().device()).BinaryScalar(BinaryOp::kDiv, x.array(), s, false, y);
  Variable out = RecordSingle("_ / const", {x}, std::move(y), 0, false, [s](BackwardContext& ctx) {
    ctx.set_input_grad(0, DivScalarExact(ctx.output_grad(), s));
  });
  if (auto fn = out.creator()) fn->set_constant(s);
  return out;
}

}  // namespace routines
}  // namespace chainer
