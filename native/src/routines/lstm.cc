// The lstm activation (chainer.functions.lstm) as one node with two outputs,
// as Chainer's LSTM function: the forward and the first-order backward run on
// arrays with Chainer's formulas in Chainer's order, so an unrolled network
// pays one graph node per cell and step rather than a dozen. The backward of
// a double-backprop traversal is the same formulas on variables (Chainer's
// LSTMGrad is differentiable too). A batch smaller than c's (the shrinking
// batches of variable-length sequences) takes the composite path.
#include <array>

#include "routines/common.h"
#include "routines/noise_connection.h"

namespace chainer {
namespace routines {
namespace {

// x (B, 4H, rest...) viewed as (B, H, 4, rest...), Chainer's gate layout.
Shape GateShape(const Shape& c_shape) {
  Shape gs{c_shape[0], c_shape[1], 4};
  for (int d = 2; d < static_cast<int>(c_shape.size()); ++d) gs.push_back(c_shape[d]);
  return gs;
}

// Axes that move the gate axis of (B, H, 4, rest...) to the front, and back.
Axes GateFirst(int ndim) {
  Axes axes{2, 0, 1};
  for (int d = 3; d < ndim; ++d) axes.push_back(d);
  return axes;
}
Axes GateLast(int ndim) {
  Axes axes{1, 2, 0};
  for (int d = 3; d < ndim; ++d) axes.push_back(d);
  return axes;
}

// Gate k of a gate-major (4, B, H, rest...) buffer: a contiguous block of c's shape.
Array GateOf(const Array& gate_major, const Shape& c_shape, int k) {
  int64_t block = gate_major.size() / 4;
  return gate_major.Strided(c_shape, ContiguousStrides(c_shape), gate_major.offset() + k * block);
}

// Chainer's _extract_gates with tanh on a and sigmoid on i, f, o, into one gate-major buffer, so
// every activation runs on contiguous memory (the same loops, hence the same values, as F.tanh
// and F.sigmoid).
Array Activate(const Array& x, const Shape& c_shape) {
  Shape gs = GateShape(c_shape);
  Array gate_major = x.Reshape(gs).Transpose(GateFirst(gs.size())).Copy();
  Kernels& k = KernelsOf(gate_major);
  Array act = Array::Empty(gate_major.shape(), x.dtype(), x.device());
  k.Unary(UnaryOp::kTanh, GateOf(gate_major, c_shape, 0), GateOf(act, c_shape, 0));
  Shape ifo = gate_major.shape();
  ifo[0] = 3;
  int64_t block = gate_major.size() / 4;
  Strides st = ContiguousStrides(ifo);
  k.Unary(UnaryOp::kSigmoid, gate_major.Strided(ifo, st, gate_major.offset() + block), act.Strided(ifo, st, act.offset() + block));
  return act;
}

// Small helpers over one device's kernels.
struct Ops {
  Kernels& k;
  const Shape& shape;
  Dtype dtype;
  Device& device;

  Array New() const { return Array::Empty(shape, dtype, device); }
  void Mul(const Array& a, const Array& b, const Array& out) const { k.Binary(BinaryOp::kMul, a, b, out); }
  Array Mul(const Array& a, const Array& b) const {
    Array out = New();
    Mul(a, b, out);
    return out;
  }
  Array Add(const Array& a, const Array& b) const {
    Array out = New();
    k.Binary(BinaryOp::kAdd, a, b, out);
    return out;
  }
  // 1 - y * y (Chainer's _grad_tanh of a tanh output)
  Array GradTanh(const Array& y) const {
    Array out = Mul(y, y);
    k.BinaryScalar(BinaryOp::kSub, out, 1.0, true, out);
    return out;
  }
  // y * (1 - y) (Chainer's _grad_sigmoid of a sigmoid output)
  Array GradSigmoid(const Array& y) const {
    Array one_minus = New();
    k.BinaryScalar(BinaryOp::kSub, y, 1.0, true, one_minus);
    return Mul(y, one_minus);
  }
  Array Tanh(const Array& x) const {
    Array out = New();
    k.Unary(UnaryOp::kTanh, x, out);
    return out;
  }
};

// The gradients of (c_prev, x) from those of (c, h), with Chainer's LSTMGrad formulas and order;
// gc or gh may be undefined (zero). act: the forward's activated gates; co: tanh(c).
std::pair<Array, Array> BackwardArrays(const Array& c_prev, const Shape& x_shape, const Array& act, const Array& co,
                                       const Array& gc, const Array& gh) {
  const Shape& cs = c_prev.shape();
  Ops ops{KernelsOf(act), cs, act.dtype(), act.device()};
  Array a = GateOf(act, cs, 0), i = GateOf(act, cs, 1), f = GateOf(act, cs, 2), o = GateOf(act, cs, 3);
  Array gx_major = Array::Empty(act.shape(), act.dtype(), act.device());
  // gc_prev = gh * o * _grad_tanh(co) + gc_update, multiplied by f at the end
  Array gcp;
  if (gh.defined()) {
    gcp = ops.Mul(ops.Mul(gh, o), ops.GradTanh(co));
    if (gc.defined()) gcp = ops.Add(gcp, gc);
    ops.Mul(ops.Mul(gh, co), ops.GradSigmoid(o), GateOf(gx_major, cs, 3));
  } else {
    gcp = gc;
    GateOf(gx_major, cs, 3).Fill(0.0);
  }
  ops.Mul(ops.Mul(gcp, i), ops.GradTanh(a), GateOf(gx_major, cs, 0));
  ops.Mul(ops.Mul(gcp, a), ops.GradSigmoid(i), GateOf(gx_major, cs, 1));
  ops.Mul(ops.Mul(gcp, c_prev), ops.GradSigmoid(f), GateOf(gx_major, cs, 2));
  Shape gs = GateShape(cs);
  Array gx = Array::Empty(gs, act.dtype(), act.device());
  gx.Assign(gx_major.Transpose(GateLast(gs.size())));
  return {ops.Mul(gcp, f), gx.Reshape(x_shape)};
}

// The activated gates (a, i, f, o) of x as variables. One split for the four: its backward joins
// their gradients in one pass.
std::array<Variable, 4> ActivateVariables(const Variable& x, int64_t units) {
  Shape gs{x.shape()[0], units, 4};
  for (int d = 2; d < x.ndim(); ++d) gs.push_back(x.shape()[d]);
  std::vector<Variable> parts = SplitAxis(Reshape(x, gs), {1, 2, 3}, 2);
  Axes gate_axis{2};
  return {Tanh(Squeeze(parts[0], &gate_axis)), Sigmoid(Squeeze(parts[1], &gate_axis)), Sigmoid(Squeeze(parts[2], &gate_axis)),
          Sigmoid(Squeeze(parts[3], &gate_axis))};
}

// The same formulas on variables, for a traversal that records a graph of the gradients.
std::pair<Variable, Variable> BackwardVariables(const Variable& c_prev, const Variable& x, const Variable& c, const Variable& gc,
                                                const Variable& gh) {
  auto [a, i, f, o] = ActivateVariables(x, c.shape()[1]);
  Variable co = Tanh(c);
  auto grad_tanh = [](const Variable& y) { return RSubScalar(y * y, 1.0); };
  auto grad_sigmoid = [](const Variable& y) { return y * RSubScalar(y, 1.0); };
  Variable gcp, go;
  if (gh.defined()) {
    gcp = gh * o * grad_tanh(co);
    if (gc.defined()) gcp = gcp + gc;
    go = gh * co * grad_sigmoid(o);
  } else {
    gcp = gc;
    go = Variable::Leaf(Array::Zeros(c.shape(), c.dtype(), c.array().device()), false);
  }
  Variable ga = gcp * i * grad_tanh(a);
  Variable gi = gcp * a * grad_sigmoid(i);
  Variable gf = gcp * c_prev * grad_sigmoid(f);
  Variable gx = Reshape(Stack({ga, gi, gf, go}, 2), x.shape());
  return {gcp * f, gx};
}

// The graph-of-primitives form, for a batch smaller than c's.
std::pair<Variable, Variable> Composite(const Variable& c_prev, const Variable& x) {
  int64_t batch = x.shape()[0];
  auto [a, i, f, o] = ActivateVariables(x, c_prev.shape()[1]);
  Variable c_head = SliceAxis(c_prev, 0, batch, 0);
  Variable c = a * i + f * c_head;
  Variable h = o * Tanh(c);
  c = Concat({c, SliceAxis(c_prev, batch, c_prev.shape()[0], 0)}, 0);
  return {c, h};
}

}  // namespace

std::pair<Variable, Variable> Lstm(const Variable& c_prev, const Variable& x) {
  TypeCheck tc("LSTM");
  tc.ExpectFloat(c_prev, "c");
  tc.ExpectSameDtype(c_prev, "c", x, "x");
  tc.ExpectEq("c.ndim", c_prev.ndim(), "x.ndim", x.ndim());
  if (x.ndim() < 2) tc.Fail(CheckKind::kShape, "x.ndim >= 2", std::to_string(x.ndim()) + " < 2");
  tc.ExpectEq("x.shape[1]", x.shape()[1], "4 * c.shape[1]", 4 * c_prev.shape()[1]);
  if (x.shape()[0] > c_prev.shape()[0]) tc.Fail(CheckKind::kShape, "x.shape[0] <= c.shape[0]", std::to_string(x.shape()[0]) + " > " + std::to_string(c_prev.shape()[0]));
  for (int d = 2; d < x.ndim(); ++d) tc.ExpectEq("x.shape[" + std::to_string(d) + "]", x.shape()[d], "c.shape[" + std::to_string(d) + "]", c_prev.shape()[d]);
  CheckSameDevice(c_prev, x);
  if (x.shape()[0] < c_prev.shape()[0]) return Composite(c_prev, x);

  const Shape& cs = c_prev.shape();
  const Array& cp = c_prev.array();
  Ops ops{KernelsOf(cp), cs, cp.dtype(), cp.device()};
  Array act = Activate(x.array(), cs);
  // c = a * i + f * c_prev; h = o * tanh(c)
  Array c = ops.Add(ops.Mul(GateOf(act, cs, 0), GateOf(act, cs, 1)), ops.Mul(GateOf(act, cs, 2), cp));
  Array co = ops.Tanh(c);
  Array h = ops.Mul(GateOf(act, cs, 3), co);
  std::vector<Array> outs{std::move(c), std::move(h)};
  // The activated gates and tanh(c) stay with the node for the first-order backward.
  auto result = Record("LSTM", {c_prev, x}, std::move(outs), 0b11, 0b01, [act, co](BackwardContext& ctx) {
    const Variable& gc = ctx.output_grad(0);
    const Variable& gh = ctx.output_grad(1);
    if (!gc.defined() && !gh.defined()) return;
    if (Config().enable_backprop) {
      auto [gc_prev, gx] = BackwardVariables(ctx.input(0), ctx.input(1), ctx.output(0), gc, gh);
      ctx.set_input_grad(0, gc_prev);
      ctx.set_input_grad(1, gx);
      return;
    }
    auto [gc_prev, gx] = BackwardArrays(ctx.input(0).array(), ctx.input_shape(1), act, co, gc.defined() ? gc.array() : Array(),
                                        gh.defined() ? gh.array() : Array());
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, Variable::Leaf(std::move(gc_prev), false));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, Variable::Leaf(std::move(gx), false));
  });
  return {result[0], result[1]};
}

}  // namespace routines
}  // namespace chainer
