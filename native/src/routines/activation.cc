// Activation functions (chainer.functions.activation).
#include <cmath>

#include "routines/common.h"

namespace chainer {
namespace routines {
namespace {

Variable ZeroLike(const Variable& v) { return Constant(ScalarArray(v.array(), 0.0)); }
Variable GradWhere(const Array& mask, const Variable& gy) { return Where(Constant(mask), gy, ZeroLike(gy)); }

Array BinaryScalarArray(BinaryOp op, const Array& x, double s) {
  Array y = Array::EmptyLike(x);
  KernelsOf(x).BinaryScalar(op, x, s, false, y);
  return y;
}

Array AndArrays(const Array& a, const Array& b) {
  Array m = Array::EmptyLike(a);
  KernelsOf(a).Binary(BinaryOp::kMul, a, b, m);
  return m;
}

Shape KeepAxis(const Shape& s, int axis) {
  Shape k = s;
  k[axis] = 1;
  return k;
}

}  // namespace

Variable Relu(const Variable& x) {
  TypeCheck("ReLU").ExpectFloat(x, "x");
  return RecordSingle("ReLU", {x}, UnaryArray(UnaryOp::kRelu, x.array()), 0, true, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, GradWhere(CompareScalar(CompareOp::kGt, ctx.output().array(), 0.0), ctx.output_grad()));
  });
}

Variable ClippedRelu(const Variable& x, double z) {
  if (z <= 0) throw InvalidArgumentError("z must be positive, got " + std::to_string(z));
  TypeCheck("ClippedReLU").ExpectFloat(x, "x");
  Array y = BinaryScalarArray(BinaryOp::kMinimum, UnaryArray(UnaryOp::kRelu, x.array()), z);
  return RecordSingle("ClippedReLU", {x}, std::move(y), 0b1, false, [z](BackwardContext& ctx) {
    Array xa = ctx.input(0).array();
    Array mask = AndArrays(CompareScalar(CompareOp::kGt, xa, 0.0), CompareScalar(CompareOp::kLt, xa, z));
    ctx.set_input_grad(0, GradWhere(mask, ctx.output_grad()));
  });
}

Variable LeakyRelu(const Variable& x, double slope) {
  TypeCheck("LeakyReLU").ExpectFloat(x, "x");
  const Array& xa = x.array();
  Array neg = CompareScalar(CompareOp::kLt, xa, 0.0);
  Array y = Array::EmptyLike(xa);
  KernelsOf(xa).Where(neg, BinaryScalarArray(BinaryOp::kMul, xa, slope), xa, y);
  return RecordSingle("LeakyReLU", {x}, std::move(y), 0b1, false, [slope](BackwardContext& ctx) {
    Array neg = CompareScalar(CompareOp::kLt, ctx.input(0).array(), 0.0);
    const Variable& gy = ctx.output_grad();
    ctx.set_input_grad(0, Where(Constant(neg), MulScalar(gy, slope), gy));
  });
}

Variable Elu(const Variable& x, double alpha) {
  TypeCheck("ELU").ExpectFloat(x, "x");
  const Array& xa = x.array();
  Array pos = CompareScalar(CompareOp::kGt, xa, 0.0);
  Array y = Array::EmptyLike(xa);
  KernelsOf(xa).Where(pos, xa, BinaryScalarArray(BinaryOp::kMul, UnaryArray(UnaryOp::kExpm1, xa), alpha), y);
  return RecordSingle("ELU", {x}, std::move(y), 0b1, false, [alpha](BackwardContext& ctx) {
    Variable xv = ctx.input(0);
    Array pos = CompareScalar(CompareOp::kGt, xv.array(), 0.0);
    const Variable& gy = ctx.output_grad();
    ctx.set_input_grad(0, Where(Constant(pos), gy, gy * MulScalar(Exp(xv), alpha)));
  });
}

Variable Selu(const Variable& x, double alpha, double scale) { return MulScalar(Elu(x, alpha), scale); }

Variable Softplus(const Variable& x, double beta) {
  TypeCheck("Softplus").ExpectFloat(x, "x");
  const Array& xa = x.array();
  Kernels& k = KernelsOf(xa);
  // log(1 + exp(bx)) / b computed as max(bx, 0) + log1p(exp(-|bx|)), stable for large |x|.
  Array bx = BinaryScalarArray(BinaryOp::kMul, xa, beta);
  Array t = UnaryArray(UnaryOp::kAbs, bx);
  k.Unary(UnaryOp::kNeg, t, t);
  k.Unary(UnaryOp::kExp, t, t);
  k.Unary(UnaryOp::kLog1p, t, t);
  Array y = UnaryArray(UnaryOp::kRelu, bx);
  k.Binary(BinaryOp::kAdd, y, t, y);
  k.BinaryScalar(BinaryOp::kDiv, y, beta, false, y);
  return RecordSingle("Softplus", {x}, std::move(y), 0b1, false, [beta](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() * Sigmoid(MulScalar(ctx.input(0), beta)));
  });
}

Variable HardSigmoid(const Variable& x) {
  TypeCheck("HardSigmoid").ExpectFloat(x, "x");
  const Array& xa = x.array();
  Array y = BinaryScalarArray(BinaryOp::kMul, xa, 0.2);
  Kernels& k = KernelsOf(xa);
  k.BinaryScalar(BinaryOp::kAdd, y, 0.5, false, y);
  k.BinaryScalar(BinaryOp::kMaximum, y, 0.0, false, y);
  k.BinaryScalar(BinaryOp::kMinimum, y, 1.0, false, y);
  return RecordSingle("HardSigmoid", {x}, std::move(y), 0b1, false, [](BackwardContext& ctx) {
    Array xa = ctx.input(0).array();
    Array mask = AndArrays(CompareScalar(CompareOp::kGt, xa, -2.5), CompareScalar(CompareOp::kLt, xa, 2.5));
    ctx.set_input_grad(0, GradWhere(mask, MulScalar(ctx.output_grad(), 0.2)));
  });
}

namespace {

// Reshapes a per-channel parameter so it broadcasts against x from axis 1.
Variable AlongChannels(const Variable& p, const Variable& x) {
  Shape s;
  s.push_back(1);
  for (int64_t d : p.shape()) s.push_back(d);
  while (s.size() < x.ndim()) s.push_back(1);
  return BroadcastTo(Reshape(p, s), x.shape());
}

// x (N, C...) with a parameter p of x.shape[1:1 + p.ndim], checked as Chainer's
// PReLUFunction (x.shape[...] == W.shape) or Swish (beta.shape == x.shape[...]) words it.
void CheckChannelParam(const char* label, const Variable& x, const Variable& p, const char* pname, bool param_first) {
  TypeCheck tc(label);
  tc.ExpectFloat(x, "x");
  tc.ExpectSameDtype(p, pname, x, "x");
  if (param_first) {
    if (p.ndim() > x.ndim() - 1) {
      tc.Fail(CheckKind::kShape, std::string(pname) + ".ndim <= x.ndim - 1", std::to_string(p.ndim()) + " > " + std::to_string(x.ndim() - 1));
    }
  } else if (p.ndim() + 1 > x.ndim()) {
    tc.Fail(CheckKind::kShape, std::string("x.ndim >= ") + pname + ".ndim + 1", std::to_string(x.ndim()) + " < " + std::to_string(p.ndim() + 1));
  }
  Shape xs;
  for (int i = 0; i < p.ndim(); ++i) xs.push_back(x.shape()[i + 1]);
  if (xs != p.shape()) {
    std::string slice = "x.shape[1:" + std::to_string(1 + p.ndim()) + "]";
    std::string pshape = std::string(pname) + ".shape";
    if (param_first) {
      tc.Fail(CheckKind::kShape, pshape + " == " + slice, p.shape().ToString() + " != " + xs.ToString());
    }
    tc.Fail(CheckKind::kShape, slice + " == " + pshape, xs.ToString() + " != " + p.shape().ToString());
  }
}

}  // namespace

Variable Swish(const Variable& x, const Variable& beta) {
  CheckChannelParam("Swish", x, beta, "beta", true);
  return x * Sigmoid(AlongChannels(beta, x) * x);
}

Variable PRelu(const Variable& x, const Variable& w) {
  CheckChannelParam("PReLUFunction", x, w, "W", false);
  Array neg = CompareScalar(CompareOp::kLt, x.array(), 0.0);
  return Where(Constant(neg), x * AlongChannels(w, x), x);
}

Variable Softmax(const Variable& x, int64_t axis_in) {
  TypeCheck("Softmax").ExpectFloat(x, "x");
  int axis = NormalizeAxis(axis_in, x.ndim());
  const Array& xa = x.array();
  Kernels& k = KernelsOf(xa);
  Axes ax{axis};
  Shape keep = KeepAxis(x.shape(), axis);
  Array m = Array::Empty(keep, xa.dtype(), xa.device());
  k.Reduce(ReduceOp::kMax, xa, ax, m);
  Array y = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kSub, xa, m.BroadcastTo(x.shape()), y);
  k.Unary(UnaryOp::kExp, y, y);
  Array s = Array::Empty(keep, xa.dtype(), xa.device());
  k.Sum(y, ax, s);
  k.Binary(BinaryOp::kDiv, y, s.BroadcastTo(x.shape()), y);
  return RecordSingle("Softmax", {x}, std::move(y), 0, true, [axis](BackwardContext& ctx) {
    Variable y = ctx.output();
    Variable gx = y * ctx.output_grad();
    Axes ax{axis};
    Variable s = BroadcastTo(Sum(gx, &ax, true), y.shape());
    ctx.set_input_grad(0, gx - y * s);
  });
}

Array LogSoftmaxArray(const Array& xa, int axis) {
  // As Chainer: log_z = max + log(sum(exp(x - max))), then y = x - log_z.
  Kernels& k = KernelsOf(xa);
  Axes ax{axis};
  Shape keep = KeepAxis(xa.shape(), axis);
  Array m = Array::Empty(keep, xa.dtype(), xa.device());
  k.Reduce(ReduceOp::kMax, xa, ax, m);
  Array e = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kSub, xa, m.BroadcastTo(xa.shape()), e);
  k.Unary(UnaryOp::kExp, e, e);
  Array s = Array::Empty(keep, xa.dtype(), xa.device());
  k.Sum(e, ax, s);
  k.Unary(UnaryOp::kLog, s, s);
  k.Binary(BinaryOp::kAdd, m, s, m);
  Array y = Array::EmptyLike(xa);
  k.Binary(BinaryOp::kSub, xa, m.BroadcastTo(xa.shape()), y);
  return y;
}

Variable LogSoftmax(const Variable& x, int64_t axis_in) {
  TypeCheck("LogSoftmax").ExpectFloat(x, "x");
  int axis = NormalizeAxis(axis_in, x.ndim());
  return RecordSingle("LogSoftmax", {x}, LogSoftmaxArray(x.array(), axis), 0, true, [axis](BackwardContext& ctx) {
    Variable y = ctx.output();
    const Variable& gy = ctx.output_grad();
    Axes ax{axis};
    ctx.set_input_grad(0, gy - Exp(y) * BroadcastTo(Sum(gy, &ax, true), y.shape()));
  });
}

Variable Maxout(const Variable& x, int64_t pool_size, int64_t axis_in) {
  if (pool_size <= 0) throw InvalidArgumentError("pool_size must be a positive integer, got " + std::to_string(pool_size));
  TypeCheck tc("Maxout");
  tc.ExpectFloat(x, "x");
  int axis = NormalizeAxis(axis_in, x.ndim());
  int64_t c = x.shape()[axis];
  if (c % pool_size != 0) {
    throw InvalidArgumentError("channel dimension " + std::to_string(c) + " must be a multiple of pool_size " + std::to_string(pool_size));
  }
  Shape s;
  for (int i = 0; i < x.ndim(); ++i) {
    if (i == axis) {
      s.push_back(c / pool_size);
      s.push_back(pool_size);
    } else {
      s.push_back(x.shape()[i]);
    }
  }
  Axes ax{axis + 1};
  return Max(Reshape(x, s), &ax, false);
}

}  // namespace routines
}  // namespace chainer
