// Max and average pooling over 1-3 spatial dims. Max pooling's gradient
// scatters to the argmax recorded in the forward pass; its own gradient
// gathers through the same indexes, so the pair closes under
// differentiation. Average pooling and its gradient are adjoint linear maps.
#include <memory>

#include "routines/common.h"
#include "routines/convolution.h"
#include "routines/pooling.h"

namespace chainer {
namespace routines {
namespace {

ConvGeometry PoolGeometry(const TypeCheck& tc, const Variable& x, const PoolParams& prm) {
  int nd = x.ndim() - 2;
  if (nd < 1 || nd > ConvGeometry::kMaxSpatial || nd != prm.nd) {
    tc.Fail(CheckKind::kShape, "x.ndim == " + std::to_string(prm.nd + 2), std::to_string(x.ndim()) + " != " + std::to_string(prm.nd + 2));
  }
  ConvGeometry g;
  g.nd = nd;
  for (int i = 0; i < nd; ++i) {
    if (prm.ksize[i] <= 0 || prm.stride[i] <= 0 || prm.pad[i] < 0) {
      throw InvalidArgumentError(tc.label() + ": ksize and stride must be positive and pad non-negative");
    }
    g.in[i] = x.shape()[2 + i];
    g.k[i] = prm.ksize[i];
    g.s[i] = prm.stride[i];
    g.p[i] = prm.pad[i];
    g.d[i] = 1;
    g.out[i] = ConvOutSize(g.in[i], g.k[i], g.s[i], g.p[i], 1, prm.cover_all);
    if (g.out[i] <= 0) throw InvalidArgumentError(tc.label() + ": the window does not fit the input");
  }
  return g;
}

Shape PlaneShape(int64_t b, int64_t c, const ConvGeometry& g, bool input) {
  Shape s{b, c};
  for (int i = 0; i < g.nd; ++i) s.push_back(input ? g.in[i] : g.out[i]);
  return s;
}

Variable MaxPoolGather(const Variable& gx, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g);

Variable MaxPoolScatter(const Variable& gy, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g) {
  const Array& ga = gy.array();
  Array gx = Array::Empty(PlaneShape(ga.shape()[0], ga.shape()[1], g, true), ga.dtype(), ga.device());
  KernelsOf(ga).MaxPoolScatter(ga, *indexes, g, gx);
  return RecordSingle("MaxPoolingNDGrad", {gy}, std::move(gx), 0, false, [indexes, g](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolGather(ctx.output_grad(), indexes, g));
  });
}

Variable MaxPoolGather(const Variable& gx, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g) {
  const Array& ga = gx.array();
  Array gy = Array::Empty(PlaneShape(ga.shape()[0], ga.shape()[1], g, false), ga.dtype(), ga.device());
  KernelsOf(ga).MaxPoolGather(ga, *indexes, g, gy);
  return RecordSingle("MaxPoolingNDWithIndexes", {gx}, std::move(gy), 0, false, [indexes, g](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolScatter(ctx.output_grad(), indexes, g));
  });
}

Variable AveragePoolGrad(const Variable& gy, const ConvGeometry& g);

Variable AveragePoolWithGeometry(const Variable& x, const ConvGeometry& g) {
  const Array& xa = x.array();
  int64_t b = x.shape()[0], c = x.shape()[1];
  Shape col_shape{b, c};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array col = Array::Empty(col_shape, xa.dtype(), xa.device());
  Kernels& k = KernelsOf(xa);
  k.Im2Col(xa, g, 0.0, col);
  Axes axes;
  for (int i = 0; i < g.nd; ++i) axes.push_back(2 + i);
  Array y = Array::Empty(PlaneShape(b, c, g, false), xa.dtype(), xa.device());
  k.Sum(col, axes, y);
  // Padded cells count in the divisor, as in Chainer.
  k.BinaryScalar(BinaryOp::kDiv, y, static_cast<double>(g.KernelSize()), false, y);
  return RecordSingle("AveragePoolingND", {x}, std::move(y), 0, false, [g](BackwardContext& ctx) {
    ctx.set_input_grad(0, AveragePoolGrad(ctx.output_grad(), g));
  });
}

Variable AveragePoolGrad(const Variable& gy, const ConvGeometry& g) {
  const Array& ga = gy.array();
  int64_t b = ga.shape()[0], c = ga.shape()[1];
  Shape col_shape{b, c}, bshape{b, c};
  for (int i = 0; i < g.nd; ++i) {
    col_shape.push_back(g.k[i]);
    bshape.push_back(1);
  }
  for (int i = 0; i < g.nd; ++i) {
    col_shape.push_back(g.out[i]);
    bshape.push_back(g.out[i]);
  }
  Array col = ga.Reshape(bshape).BroadcastTo(col_shape).Copy();
  Array gx = Array::Empty(PlaneShape(b, c, g, true), ga.dtype(), ga.device());
  Kernels& k = KernelsOf(ga);
  k.Col2Im(col, g, gx);
  k.BinaryScalar(BinaryOp::kDiv, gx, static_cast<double>(g.KernelSize()), false, gx);
  return RecordSingle("AveragePoolingNDGrad", {gy}, std::move(gx), 0, false, [g](BackwardContext& ctx) {
    ctx.set_input_grad(0, AveragePoolWithGeometry(ctx.output_grad(), g));
  });
}

}  // namespace

Variable MaxPooling(const Variable& x, const PoolParams& prm) {
  TypeCheck tc("MaxPoolingND");
  tc.ExpectFloat(x, "x");
  ConvGeometry g = PoolGeometry(tc, x, prm);
  const Array& xa = x.array();
  Shape ys = PlaneShape(x.shape()[0], x.shape()[1], g, false);
  Array y = Array::Empty(ys, xa.dtype(), xa.device());
  auto indexes = std::make_shared<Array>(Array::Empty(ys, Dtype::kInt64, xa.device()));
  KernelsOf(xa).MaxPool(xa, g, y, *indexes);
  std::shared_ptr<const Array> idx = indexes;
  return RecordSingle("MaxPoolingND", {x}, std::move(y), 0, false, [idx, g](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolScatter(ctx.output_grad(), idx, g));
  });
}

Variable AveragePooling(const Variable& x, const PoolParams& prm) {
  TypeCheck tc("AveragePoolingND");
  tc.ExpectFloat(x, "x");
  PoolParams p = prm;
  p.cover_all = false;
  return AveragePoolWithGeometry(x, PoolGeometry(tc, x, p));
}

}  // namespace routines
}  // namespace chainer
