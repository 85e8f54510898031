// N-d convolution and deconvolution through im2col/col2im and GEMM. The
// three linear maps (convolution, deconvolution, and the weight gradient)
// are each other's adjoints, so each one's backward is built from the
// other two and gradients of any order follow.
#include "routines/common.h"
#include "routines/convolution.h"

namespace chainer {
namespace routines {
namespace {

Shape SpatialShape(const ConvGeometry& g, bool input) {
  Shape s;
  for (int i = 0; i < g.nd; ++i) s.push_back(input ? g.in[i] : g.out[i]);
  return s;
}

Shape Concat3(std::initializer_list<int64_t> lead, const Shape& tail) {
  Shape s;
  for (int64_t v : lead) s.push_back(v);
  for (int64_t v : tail) s.push_back(v);
  return s;
}

// col (B, C, K..., O...) for the geometry, as (B, G, Cg*K, O).
Array Im2ColGrouped(const Array& x, const ConvGeometry& g, int64_t groups) {
  int64_t b = x.shape()[0], c = x.shape()[1];
  Shape col_shape{b, c};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array col = Array::Empty(col_shape, x.dtype(), x.device());
  KernelsOf(x).Im2Col(x, g, 0.0, col);
  return col.Reshape(Shape{b, groups, (c / groups) * g.KernelSize(), g.OutSize()});
}

void AddBias(Array& y, const Variable& b, int nd) {
  if (!b.defined()) return;
  Shape bs{1, b.shape()[0]};
  for (int i = 0; i < nd; ++i) bs.push_back(1);
  KernelsOf(y).Binary(BinaryOp::kAdd, y, b.array().Reshape(bs).BroadcastTo(y.shape()), y);
}

// Chainer's names: the 2-d functions and the N-d ones.
const char* ConvLabel(int nd) { return nd == 2 ? "Convolution2DFunction" : "ConvolutionND"; }
const char* DeconvLabel(int nd) { return nd == 2 ? "Deconvolution2DFunction" : "DeconvolutionND"; }
const char* GradWLabel(int nd) { return nd == 2 ? "Convolution2DGradW" : "ConvolutionNDGradW"; }

Variable BiasGrad(const Variable& gy, int nd) {
  Axes axes{0};
  for (int i = 0; i < nd; ++i) axes.push_back(2 + i);
  return Sum(gy, &axes, false);
}

}  // namespace

// x (B, C, in...), W (OC, C/G, k...) → (B, OC, out...).
Variable ConvolutionWithGeometry(const Variable& x, const Variable& w, const Variable& b, const ConvGeometry& g, int64_t groups) {
  const Array& xa = x.array();
  int64_t batch = x.shape()[0], oc = w.shape()[0];
  Array col = Im2ColGrouped(xa, g, groups);  // (B, G, CgK, O)
  Array wm = w.array().Reshape(Shape{1, groups, oc / groups, col.shape()[2]}).BroadcastTo(Shape{batch, groups, oc / groups, col.shape()[2]});
  Array y = Array::Empty(Shape{batch, groups, oc / groups, g.OutSize()}, xa.dtype(), xa.device());
  KernelsOf(xa).Matmul(wm, col, false, false, y);
  y = y.Reshape(Concat3({batch, oc}, SpatialShape(g, false)));
  AddBias(y, b, g.nd);
  std::vector<Variable> inputs{x, w};
  if (b.defined()) inputs.push_back(b);
  std::vector<Array> outs{std::move(y)};
  return Record(ConvLabel(g.nd), inputs, std::move(outs), 0b011, 0, [g, groups](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    Variable xv = ctx.input(0), wv = ctx.input(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, DeconvolutionWithGeometry(gy, wv, Variable(), g, groups));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, ConvolutionGradW(xv, gy, wv.shape(), g, groups));
    if (ctx.num_inputs() > 2 && ctx.is_input_grad_required(2)) ctx.set_input_grad(2, BiasGrad(gy, g.nd));
  })[0];
}

// x (B, IC, out...) with W (IC, OC/G, k...) → (B, OC, in...): the adjoint of convolution.
Variable DeconvolutionWithGeometry(const Variable& x, const Variable& w, const Variable& b, const ConvGeometry& g, int64_t groups) {
  const Array& xa = x.array();
  int64_t batch = x.shape()[0], ic = w.shape()[0], ocg = w.shape()[1];
  int64_t icg = ic / groups, k = g.KernelSize();
  // col[b, g] = W[g]^T (OCg*K, ICg) @ x[b, g] (ICg, O)
  Array wm = w.array().Reshape(Shape{1, groups, icg, ocg * k}).BroadcastTo(Shape{batch, groups, icg, ocg * k});
  Array xm = xa.Reshape(Shape{batch, groups, icg, g.OutSize()});
  Array col = Array::Empty(Shape{batch, groups, ocg * k, g.OutSize()}, xa.dtype(), xa.device());
  KernelsOf(xa).Matmul(wm, xm, true, false, col);
  Shape col_shape{batch, groups * ocg};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array y = Array::Empty(Concat3({batch, groups * ocg}, SpatialShape(g, true)), xa.dtype(), xa.device());
  KernelsOf(xa).Col2Im(col.Reshape(col_shape), g, y);
  AddBias(y, b, g.nd);
  std::vector<Variable> inputs{x, w};
  if (b.defined()) inputs.push_back(b);
  std::vector<Array> outs{std::move(y)};
  return Record(DeconvLabel(g.nd), inputs, std::move(outs), 0b011, 0, [g, groups](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    Variable xv = ctx.input(0), wv = ctx.input(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, ConvolutionWithGeometry(gy, wv, Variable(), g, groups));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, ConvolutionGradW(gy, xv, wv.shape(), g, groups));
    if (ctx.num_inputs() > 2 && ctx.is_input_grad_required(2)) ctx.set_input_grad(2, BiasGrad(gy, g.nd));
  })[0];
}

// gW (OC, C/G, k...) = Σ_b gy[b] (OC, O) @ im2col(x)[b]^T, as one GEMM per group.
Variable ConvolutionGradW(const Variable& x, const Variable& gy, const Shape& w_shape, const ConvGeometry& g, int64_t groups) {
  const Array& xa = x.array();
  int64_t batch = x.shape()[0], oc = gy.shape()[1];
  int64_t ocg = oc / groups;
  Array col = Im2ColGrouped(xa, g, groups);  // (B, G, CgK, O)
  int64_t cgk = col.shape()[2], o = g.OutSize();
  Axes perm{1, 2, 0, 3};
  Array colt = col.Transpose(perm).Copy().Reshape(Shape{groups, cgk, batch * o});
  Array gyt = gy.array().Reshape(Shape{batch, groups, ocg, o}).Transpose(perm).Copy().Reshape(Shape{groups, ocg, batch * o});
  Array gw = Array::Empty(Shape{groups, ocg, cgk}, xa.dtype(), xa.device());
  KernelsOf(xa).Matmul(gyt, colt, false, true, gw);
  gw = gw.Reshape(w_shape);
  return RecordSingle(GradWLabel(g.nd), {x, gy}, std::move(gw), 0b11, false, [g, groups](BackwardContext& ctx) {
    const Variable& ggw = ctx.output_grad();
    Variable xv = ctx.input(0), gyv = ctx.input(1);
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, DeconvolutionWithGeometry(gyv, ggw, Variable(), g, groups));
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, ConvolutionWithGeometry(xv, ggw, Variable(), g, groups));
  });
}

namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

int64_t ConvOutSize(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool cover_all) {
  int64_t dk = k + (k - 1) * (d - 1);
  if (cover_all) return FloorDiv(in + 2 * p - dk + s - 1, s) + 1;
  return FloorDiv(in + 2 * p - dk, s) + 1;
}

int64_t DeconvOutSize(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, bool cover_all) {
  int64_t dk = k + (k - 1) * (d - 1);
  if (cover_all) return s * (in - 1) + dk - s + 1 - 2 * p;
  return s * (in - 1) + dk - 2 * p;
}

namespace {

void CheckParams(const TypeCheck& tc, int nd, const ConvParams& prm) {
  for (int i = 0; i < nd; ++i) {
    if (prm.stride[i] <= 0) throw InvalidArgumentError(tc.label() + ": stride must be positive");
    if (prm.pad[i] < 0) throw InvalidArgumentError(tc.label() + ": pad must be non-negative");
    if (prm.dilate[i] <= 0) throw InvalidArgumentError(tc.label() + ": dilate must be positive");
  }
  if (prm.groups <= 0) throw InvalidArgumentError(tc.label() + ": groups must be positive");
}

}  // namespace

namespace {

// Chainer's checks on (x, W[, b]), named in_types[i] as Chainer prints them.
int CheckConvInputs(const TypeCheck& tc, const Variable& x, const Variable& w, const Variable& b) {
  int nd = x.ndim() - 2;
  tc.ExpectFloat(x, "in_types[0]");
  tc.ExpectFloat(w, "in_types[1]");
  if (nd < 1 || nd > ConvGeometry::kMaxSpatial) tc.Fail(CheckKind::kShape, "in_types[0].ndim in [3, 5]", std::to_string(x.ndim()));
  tc.ExpectEq("in_types[1].ndim", w.ndim(), std::to_string(x.ndim()), x.ndim());
  // Like Chainer, W may be of another float dtype; the result has x's (see InDtypeOf).
  CheckSameDevice(x, w);
  if (b.defined()) {
    tc.ExpectSameDtype(b, "in_types[2]", x, "in_types[0]");
    tc.ExpectEq("in_types[2].ndim", b.ndim(), "1", 1);
  }
  return nd;
}

}  // namespace

Variable Convolution(const Variable& x, const Variable& w, const Variable& b, const ConvParams& prm) {
  TypeCheck tc(ConvLabel(x.ndim() - 2));
  int nd = CheckConvInputs(tc, x, w, b);
  CheckParams(tc, nd, prm);
  tc.ExpectEq("in_types[0].shape[1]", x.shape()[1], "in_types[1].shape[1] * " + std::to_string(prm.groups), w.shape()[1] * prm.groups);
  if (w.shape()[0] % prm.groups != 0) {
    throw InvalidArgumentError("the number of output channels (" + std::to_string(w.shape()[0]) + ") must be divisible by groups");
  }
  if (b.defined()) tc.ExpectEq("in_types[2].shape[0]", b.shape()[0], "in_types[1].shape[0]", w.shape()[0]);
  ConvGeometry g;
  g.nd = nd;
  for (int i = 0; i < nd; ++i) {
    g.in[i] = x.shape()[2 + i];
    g.k[i] = w.shape()[2 + i];
    g.s[i] = prm.stride[i];
    g.p[i] = prm.pad[i];
    g.d[i] = prm.dilate[i];
    g.out[i] = ConvOutSize(g.in[i], g.k[i], g.s[i], g.p[i], g.d[i], prm.cover_all);
    if (g.out[i] <= 0) {
      // Chainer asserts 'Height/Width in the output should be positive.'
      throw InvalidTypeError("\nInvalid operation is performed in: " + tc.label() + " (Forward)\n\nExpect: output size > 0\nActual: " +
                             std::to_string(g.out[i]) + " (input " + std::to_string(g.in[i]) + ", kernel " + std::to_string(g.k[i]) + ")");
    }
  }
  return ConvolutionWithGeometry(x, InDtypeOf(w, x), b, g, prm.groups);
}

Variable Deconvolution(const Variable& x, const Variable& w, const Variable& b, const ConvParams& prm, const int64_t* outsize) {
  TypeCheck tc(DeconvLabel(x.ndim() - 2));
  int nd = CheckConvInputs(tc, x, w, b);
  CheckParams(tc, nd, prm);
  tc.ExpectEq("in_types[0].shape[1]", x.shape()[1], "in_types[1].shape[0]", w.shape()[0]);
  if (w.shape()[0] % prm.groups != 0) throw InvalidArgumentError("the number of input channels must be divisible by groups");
  if (b.defined()) {
    tc.ExpectEq("in_types[2].shape[0]", b.shape()[0], "in_types[1].shape[1] * " + std::to_string(prm.groups), w.shape()[1] * prm.groups);
  }
  ConvGeometry g;
  g.nd = nd;
  for (int i = 0; i < nd; ++i) {
    g.out[i] = x.shape()[2 + i];
    g.k[i] = w.shape()[2 + i];
    g.s[i] = prm.stride[i];
    g.p[i] = prm.pad[i];
    g.d[i] = prm.dilate[i];
    g.in[i] = outsize != nullptr ? outsize[i] : DeconvOutSize(g.out[i], g.k[i], g.s[i], g.p[i], g.d[i]);
    if (g.in[i] <= 0) throw InvalidArgumentError(tc.label() + ": output size must be positive");
    if (outsize != nullptr) {
      // As Chainer: x's size must lie between the pooled sizes of outsize without and with cover_all.
      int64_t lower = ConvOutSize(g.in[i], g.k[i], g.s[i], g.p[i], g.d[i], false);
      int64_t upper = ConvOutSize(g.in[i], g.k[i], g.s[i], g.p[i], g.d[i], true);
      std::string axis = std::to_string(2 + i);
      std::string dk = "in_types[1].shape[" + axis + "] + (in_types[1].shape[" + axis + "] - 1) * " + std::to_string(g.d[i] - 1);
      std::string padded = std::to_string(g.in[i] + 2 * g.p[i]);
      std::string s = std::to_string(g.s[i]);
      if (lower > g.out[i]) {
        tc.Fail(CheckKind::kShape, "(" + padded + " - (" + dk + ")) // " + s + " + 1 <= in_types[0].shape[" + axis + "]",
                std::to_string(lower) + " > " + std::to_string(g.out[i]));
      }
      if (g.out[i] > upper) {
        tc.Fail(CheckKind::kShape, "in_types[0].shape[" + axis + "] <= (" + padded + " - (" + dk + ") + " + s + " - 1) // " + s + " + 1",
                std::to_string(g.out[i]) + " > " + std::to_string(upper));
      }
    }
  }
  return DeconvolutionWithGeometry(x, InDtypeOf(w, x), b, g, prm.groups);
}

}  // namespace routines
}  // namespace chainer
