// Pooling over 1-3 spatial dims and its inverses. Max pooling's gradient
// scatters to the argmax recorded in the forward pass; its own gradient
// gathers through the same indexes, so the pair closes under
// differentiation (upsampling is that scatter, with the gather as its
// gradient). Average pooling, unpooling, im2col and RoI pooling's gradient
// are linear maps whose backwards are their adjoints.
#include <cmath>
#include <memory>

#include "routines/common.h"
#include "routines/convolution.h"
#include "routines/pooling.h"

namespace chainer {
namespace routines {
namespace {

void CheckWindow(const std::string& label, const PoolParams& prm, int nd) {
  for (int i = 0; i < nd; ++i) {
    if (prm.ksize[i] <= 0 || prm.stride[i] <= 0 || prm.pad[i] < 0) {
      throw InvalidArgumentError(label + ": ksize and stride must be positive and pad non-negative");
    }
  }
}

// F.max_pooling_{1,2,3}d raise ValueError when x's spatial rank differs.
void CheckSpatialRank(const Variable& x, int nd) {
  if (nd < 1 || nd > ConvGeometry::kMaxSpatial) throw InvalidArgumentError("pooling supports 1 to 3 spatial dimensions, got " + std::to_string(nd));
  if (x.ndim() - 2 != nd) {
    throw InvalidArgumentError("The number of dimensions under channel dimension of the input 'x' should be " + std::to_string(nd) +
                               ". But the actual ndim was " + std::to_string(std::max(x.ndim() - 2, 0)) + ".");
  }
}

ConvGeometry PoolGeometry(const TypeCheck& tc, const Variable& x, const PoolParams& prm) {
  CheckSpatialRank(x, prm.nd);
  int nd = prm.nd;
  if (x.array().size() == 0) tc.Fail(CheckKind::kShape, "in_types[0].size > 0", "0 <= 0");
  CheckWindow(tc.label(), prm, nd);
  ConvGeometry g;
  g.nd = nd;
  for (int i = 0; i < nd; ++i) {
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

// The labels of a scatter/gather pair through max-pooling indexes.
struct IndexedLabels {
  const char* scatter;
  const char* gather;
};
constexpr IndexedLabels kMaxPoolLabels{"MaxPoolingNDGrad", "MaxPoolingNDWithIndexes"};
constexpr IndexedLabels kUpsamplingLabels{"Upsampling2D", "Upsampling2DGrad"};

// col2im of `a` (B, C, out...) repeated over every kernel offset: the
// adjoint of summing each window, shared by average pooling and unpooling.
Array TiledCol2Im(const Array& a, const ConvGeometry& g) {
  int64_t b = a.shape()[0], c = a.shape()[1];
  Shape col_shape{b, c}, bshape{b, c};
  for (int i = 0; i < g.nd; ++i) {
    col_shape.push_back(g.k[i]);
    bshape.push_back(1);
  }
  for (int i = 0; i < g.nd; ++i) {
    col_shape.push_back(g.out[i]);
    bshape.push_back(g.out[i]);
  }
  Array col = a.Reshape(bshape).BroadcastTo(col_shape).Copy();
  Array out = Array::Empty(PlaneShape(b, c, g, true), a.dtype(), a.device());
  KernelsOf(a).Col2Im(col, g, out);
  return out;
}

// The sum of each window of `a` (B, C, in...) into (B, C, out...): im2col with zero padding, then
// a sum over the kernel axes. The adjoint of TiledCol2Im, shared by average pooling and unpooling.
Array WindowSums(const Array& a, const ConvGeometry& g) {
  int64_t b = a.shape()[0], c = a.shape()[1];
  Shape col_shape{b, c};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array col = Array::Empty(col_shape, a.dtype(), a.device());
  Kernels& k = KernelsOf(a);
  k.Im2Col(a, g, 0.0, col);
  Axes axes;
  for (int i = 0; i < g.nd; ++i) axes.push_back(2 + i);
  Array sums = Array::Empty(PlaneShape(b, c, g, false), a.dtype(), a.device());
  k.Sum(col, axes, sums);
  return sums;
}

Variable MaxPoolGather(const Variable& gx, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g, IndexedLabels labels);

// (B, C, out...) → (B, C, in...): each value lands at its window's indexed cell (summed where windows overlap).
Variable MaxPoolScatter(const Variable& gy, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g, IndexedLabels labels) {
  const Array& ga = gy.array();
  Array gx = Array::Empty(PlaneShape(ga.shape()[0], ga.shape()[1], g, true), ga.dtype(), ga.device());
  KernelsOf(ga).MaxPoolScatter(ga, *indexes, g, gx);
  return RecordSingle(labels.scatter, {gy}, std::move(gx), 0, false, [indexes, g, labels](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolGather(ctx.output_grad(), indexes, g, labels));
  });
}

// (B, C, in...) → (B, C, out...): each window's indexed cell; the adjoint of MaxPoolScatter.
Variable MaxPoolGather(const Variable& gx, const std::shared_ptr<const Array>& indexes, const ConvGeometry& g, IndexedLabels labels) {
  const Array& ga = gx.array();
  Array gy = Array::Empty(PlaneShape(ga.shape()[0], ga.shape()[1], g, false), ga.dtype(), ga.device());
  KernelsOf(ga).MaxPoolGather(ga, *indexes, g, gy);
  return RecordSingle(labels.gather, {gx}, std::move(gy), 0, false, [indexes, g, labels](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolScatter(ctx.output_grad(), indexes, g, labels));
  });
}

// Average pooling is labelled AveragePooling2D for two spatial dims (F.average_pooling_2d).
const char* AveragePoolLabel(const ConvGeometry& g) { return g.nd == 2 ? "AveragePooling2D" : "AveragePoolingND"; }
const char* AveragePoolGradLabel(const ConvGeometry& g) { return g.nd == 2 ? "AveragePooling2DGrad" : "AveragePoolingNDGrad"; }

Variable AveragePoolGrad(const Variable& gy, const ConvGeometry& g);

Variable AveragePoolWithGeometry(const Variable& x, const ConvGeometry& g) {
  Array y = WindowSums(x.array(), g);
  // Padded cells count in the divisor, as in Chainer.
  KernelsOf(y).BinaryScalar(BinaryOp::kDiv, y, static_cast<double>(g.KernelSize()), false, y);
  return RecordSingle(AveragePoolLabel(g), {x}, std::move(y), 0, false, [g](BackwardContext& ctx) {
    ctx.set_input_grad(0, AveragePoolGrad(ctx.output_grad(), g));
  });
}

Variable AveragePoolGrad(const Variable& gy, const ConvGeometry& g) {
  const Array& ga = gy.array();
  Array gx = TiledCol2Im(ga, g);
  Kernels& k = KernelsOf(ga);
  k.BinaryScalar(BinaryOp::kDiv, gx, static_cast<double>(g.KernelSize()), false, gx);
  return RecordSingle(AveragePoolGradLabel(g), {gy}, std::move(gx), 0, false, [g](BackwardContext& ctx) {
    ctx.set_input_grad(0, AveragePoolWithGeometry(ctx.output_grad(), g));
  });
}

}  // namespace

Variable MaxPooling(const Variable& x, const PoolParams& prm) { return MaxPoolingWithIndexes(x, prm).first; }

std::pair<Variable, Array> MaxPoolingWithIndexes(const Variable& x, const PoolParams& prm) {
  TypeCheck tc("MaxPoolingND");
  CheckSpatialRank(x, prm.nd);
  tc.ExpectFloat(x, "in_types[0]");
  ConvGeometry g = PoolGeometry(tc, x, prm);
  const Array& xa = x.array();
  Shape ys = PlaneShape(x.shape()[0], x.shape()[1], g, false);
  Array y = Array::Empty(ys, xa.dtype(), xa.device());
  auto indexes = std::make_shared<Array>(Array::Empty(ys, Dtype::kInt64, xa.device()));
  KernelsOf(xa).MaxPool(xa, g, y, *indexes);
  std::shared_ptr<const Array> idx = indexes;
  Variable yv = RecordSingle("MaxPoolingND", {x}, std::move(y), 0, false, [idx, g](BackwardContext& ctx) {
    ctx.set_input_grad(0, MaxPoolScatter(ctx.output_grad(), idx, g, kMaxPoolLabels));
  });
  return {std::move(yv), *indexes};
}

Variable AveragePooling(const Variable& x, const PoolParams& prm) {
  TypeCheck tc(prm.nd == 2 ? "AveragePooling2D" : "AveragePoolingND");
  CheckSpatialRank(x, prm.nd);
  tc.ExpectFloat(x, "in_types[0]");
  PoolParams p = prm;
  p.cover_all = false;
  return AveragePoolWithGeometry(x, PoolGeometry(tc, x, p));
}

namespace {

std::string TupleString(const int64_t* v, int n) {
  std::string s = "(";
  for (int i = 0; i < n; ++i) s += (i > 0 ? ", " : "") + std::to_string(v[i]);
  return s + (n == 1 ? ",)" : ")");
}

// The geometry of an inverse pooling (unpooling, upsampling): x (B, C, out...)
// holds the windows of an image (B, C, in...) whose size is outsize, or
// get_deconv_outsize of x's size when outsize is NULL. With outsize given,
// its pooled size must be x's size (checked in Chainer's words: per axis
// for the 2-d functions, as a tuple for unpooling_nd).
ConvGeometry InverseGeometry(const TypeCheck& tc, const Variable& x, const PoolParams& prm, const int64_t* outsize, bool tuple_check) {
  int nd = prm.nd;
  ConvGeometry g;
  g.nd = nd;
  int64_t expected[ConvGeometry::kMaxSpatial] = {};
  for (int i = 0; i < nd; ++i) {
    g.out[i] = x.shape()[2 + i];
    g.k[i] = prm.ksize[i];
    g.s[i] = prm.stride[i];
    g.p[i] = prm.pad[i];
    g.d[i] = 1;
    if (outsize != nullptr) {
      if (outsize[i] <= 0) throw InvalidArgumentError(tc.label() + ": outsize must be positive");
      g.in[i] = outsize[i];
      expected[i] = ConvOutSize(outsize[i], g.k[i], g.s[i], g.p[i], 1, prm.cover_all);
    }
  }
  if (outsize != nullptr) {
    for (int i = 0; i < nd; ++i) {
      if (expected[i] == g.out[i]) continue;
      if (tuple_check) {
        tc.Fail(CheckKind::kShape, "in_types[0].shape[2:] == " + TupleString(expected, nd),
                TupleString(g.out, nd) + " != " + TupleString(expected, nd));
      }
      tc.Fail(CheckKind::kShape, "in_types[0].shape[" + std::to_string(2 + i) + "] == " + std::to_string(expected[i]),
              std::to_string(g.out[i]) + " != " + std::to_string(expected[i]));
    }
  } else {
    for (int i = 0; i < nd; ++i) {
      g.in[i] = DeconvOutSize(g.out[i], g.k[i], g.s[i], g.p[i], 1, prm.cover_all);
      if (g.in[i] <= 0) throw InvalidArgumentError(tc.label() + ": the output size would be " + std::to_string(g.in[i]));
    }
  }
  return g;
}

void CheckInverseInput(const TypeCheck& tc, const Variable& x, const PoolParams& prm) {
  if (prm.nd < 1 || prm.nd > ConvGeometry::kMaxSpatial) {
    throw InvalidArgumentError(tc.label() + ": 1 to 3 spatial dimensions are supported, got " + std::to_string(prm.nd));
  }
  tc.ExpectFloat(x, "in_types[0]");
  tc.ExpectEq("in_types[0].ndim", x.ndim(), std::to_string(prm.nd + 2), prm.nd + 2);
  CheckWindow(tc.label(), prm, prm.nd);
}

Variable UnpoolGrad(const Variable& gy, const ConvGeometry& g, const char* const* labels);

// y = col2im of x tiled over every kernel offset; labels = {forward, grad}.
Variable UnpoolWithGeometry(const Variable& x, const ConvGeometry& g, const char* const* labels) {
  Array y = TiledCol2Im(x.array(), g);
  return RecordSingle(labels[0], {x}, std::move(y), 0, false, [g, labels](BackwardContext& ctx) {
    ctx.set_input_grad(0, UnpoolGrad(ctx.output_grad(), g, labels));
  });
}

// gx = the sum over each window of gy: the adjoint of unpooling.
Variable UnpoolGrad(const Variable& gy, const ConvGeometry& g, const char* const* labels) {
  Array gx = WindowSums(gy.array(), g);
  return RecordSingle(labels[1], {gy}, std::move(gx), 0, false, [g, labels](BackwardContext& ctx) {
    ctx.set_input_grad(0, UnpoolWithGeometry(ctx.output_grad(), g, labels));
  });
}

constexpr const char* kUnpooling2DLabels[] = {"Unpooling2D", "Unpooling2DGrad"};
constexpr const char* kUnpoolingNDLabels[] = {"UnpoolingND", "UnpoolingNDGrad"};

Variable Col2ImFunction(const Variable& gy, const ConvGeometry& g, int64_t channels);

// x (B, C, in...) → (B, C * prod(k), out...).
Variable Im2ColWithGeometry(const Variable& x, const ConvGeometry& g) {
  const Array& xa = x.array();
  int64_t b = x.shape()[0], c = x.shape()[1];
  Shape col_shape{b, c};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array col = Array::Empty(col_shape, xa.dtype(), xa.device());
  KernelsOf(xa).Im2Col(xa, g, 0.0, col);
  Shape ys{b, c * g.KernelSize()};
  for (int i = 0; i < g.nd; ++i) ys.push_back(g.out[i]);
  return RecordSingle("Im2Col", {x}, col.Reshape(ys), 0, false, [g, c](BackwardContext& ctx) {
    ctx.set_input_grad(0, Col2ImFunction(ctx.output_grad(), g, c));
  });
}

Variable Col2ImFunction(const Variable& gy, const ConvGeometry& g, int64_t channels) {
  const Array& ga = gy.array();
  int64_t b = ga.shape()[0];
  Shape col_shape{b, channels};
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.k[i]);
  for (int i = 0; i < g.nd; ++i) col_shape.push_back(g.out[i]);
  Array gx = Array::Empty(PlaneShape(b, channels, g, true), ga.dtype(), ga.device());
  KernelsOf(ga).Col2Im(ga.Reshape(col_shape), g, gx);
  return RecordSingle("Im2ColGrad", {gy}, std::move(gx), 0, false, [g](BackwardContext& ctx) {
    ctx.set_input_grad(0, Im2ColWithGeometry(ctx.output_grad(), g));
  });
}

Variable RoiGather(const Variable& gx, const std::shared_ptr<const Array>& argmax, const Shape& y_shape);

// gx (x's shape) receives gy at each bin's argmax.
Variable RoiScatter(const Variable& gy, const std::shared_ptr<const Array>& argmax, const Shape& x_shape) {
  const Array& ga = gy.array();
  Array gx = Array::Empty(x_shape, ga.dtype(), ga.device());
  KernelsOf(ga).ScatterAddFlat(ga, *argmax, gx);
  Shape y_shape = ga.shape();
  return RecordSingle("ROIPooling2DGrad", {gy}, std::move(gx), 0, false, [argmax, y_shape](BackwardContext& ctx) {
    ctx.set_input_grad(0, RoiGather(ctx.output_grad(), argmax, y_shape));
  });
}

// The adjoint: each bin reads gx at its argmax (0 for empty bins).
Variable RoiGather(const Variable& gx, const std::shared_ptr<const Array>& argmax, const Shape& y_shape) {
  const Array& ga = gx.array();
  Array gy = Array::Empty(y_shape, ga.dtype(), ga.device());
  KernelsOf(ga).GatherFlat(ga, *argmax, gy);
  Shape x_shape = ga.shape();
  return RecordSingle("ROIPooling2D", {gx}, std::move(gy), 0, false, [argmax, x_shape](BackwardContext& ctx) {
    ctx.set_input_grad(0, RoiScatter(ctx.output_grad(), argmax, x_shape));
  });
}

}  // namespace

Variable Upsampling(const Variable& x, const Array& indexes, const PoolParams& prm, const int64_t* outsize) {
  TypeCheck tc("Upsampling2D");
  CheckInverseInput(tc, x, prm);
  if (!indexes.defined()) throw NullArgumentError("indexes must not be NULL");
  if (x.shape() != indexes.shape()) {
    tc.Fail(CheckKind::kShape, "in_types[0].shape == " + indexes.shape().ToString(), x.shape().ToString() + " != " + indexes.shape().ToString());
  }
  if (DtypeKind(indexes.dtype()) != 'i') {
    throw DtypeMismatchError(std::string("indexes must be an integer array, got ") + DtypeName(indexes.dtype()));
  }
  ConvGeometry g = InverseGeometry(tc, x, prm, outsize, false);
  // Checked on the host, used where x lives.
  Array host_idx = OnHost(indexes).AsType(Dtype::kInt64);
  const int64_t* ip = host_idx.data<int64_t>();
  int64_t k = g.KernelSize();
  for (int64_t i = 0, n = host_idx.size(); i < n; ++i) {
    if (ip[i] < 0 || ip[i] >= k) {
      throw IndexError("index " + std::to_string(ip[i]) + " is out of bounds for a window of " + std::to_string(k) + " cells");
    }
  }
  auto idx = std::make_shared<const Array>(ToDevice(host_idx, x.array().device()));
  return MaxPoolScatter(x, std::move(idx), g, kUpsamplingLabels);
}

Variable Unpooling(const Variable& x, const PoolParams& prm, const int64_t* outsize) {
  const char* const* labels = prm.nd == 2 ? kUnpooling2DLabels : kUnpoolingNDLabels;
  TypeCheck tc(labels[0]);
  CheckInverseInput(tc, x, prm);
  return UnpoolWithGeometry(x, InverseGeometry(tc, x, prm, outsize, prm.nd != 2), labels);
}

Variable Im2Col(const Variable& x, const ConvParams& prm, const int64_t* ksize, int nd) {
  TypeCheck tc("Im2Col");
  if (nd < 1 || nd > ConvGeometry::kMaxSpatial) throw InvalidArgumentError("Im2Col: 1 to 3 spatial dimensions are supported, got " + std::to_string(nd));
  tc.ExpectFloat(x, "x");
  tc.ExpectEq("x.ndim", x.ndim(), std::to_string(nd + 2), nd + 2);
  ConvGeometry g;
  g.nd = nd;
  for (int i = 0; i < nd; ++i) {
    if (ksize[i] <= 0 || prm.stride[i] <= 0 || prm.pad[i] < 0 || prm.dilate[i] <= 0) {
      throw InvalidArgumentError("Im2Col: ksize, stride and dilate must be positive and pad non-negative");
    }
    g.in[i] = x.shape()[2 + i];
    g.k[i] = ksize[i];
    g.s[i] = prm.stride[i];
    g.p[i] = prm.pad[i];
    g.d[i] = prm.dilate[i];
    g.out[i] = ConvOutSize(g.in[i], g.k[i], g.s[i], g.p[i], g.d[i], prm.cover_all);
    if (g.out[i] <= 0) throw InvalidArgumentError("Im2Col: the window does not fit the input (output size " + std::to_string(g.out[i]) + ")");
  }
  return Im2ColWithGeometry(x, g);
}

Variable RoiPooling2D(const Variable& x, const Variable& rois, int64_t outh, int64_t outw, double spatial_scale) {
  TypeCheck tc("ROIPooling2D");
  tc.ExpectFloat(x, "in_types[0]");
  tc.ExpectEq("in_types[0].ndim", x.ndim(), "4", 4);
  tc.ExpectSameDtype(x, "in_types[0]", rois, "in_types[1]");
  tc.ExpectEq("in_types[1].ndim", rois.ndim(), "2", 2);
  tc.ExpectEq("in_types[1].shape[1]", rois.shape()[1], "5", 5);
  CheckSameDevice(x, rois);
  if (outh <= 0 || outw <= 0) throw InvalidArgumentError("ROIPooling2D: outh and outw must be positive");
  const Array& xa = x.array();
  Array ra = rois.array().AsContiguous();
  Array host_rois = OnHost(ra);  // checked on the host
  int64_t n = x.shape()[0];
  VisitFloatDtype(ra.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* rp = host_rois.data<T>();
    for (int64_t r = 0; r < ra.shape()[0]; ++r) {
      double v = static_cast<double>(rp[r * 5]);
      if (!std::isfinite(v) || std::trunc(v) < static_cast<double>(-n) || std::trunc(v) >= static_cast<double>(n)) {
        throw IndexError("index " + (std::isfinite(v) ? std::to_string(static_cast<int64_t>(std::trunc(v))) : std::to_string(v)) +
                         " is out of bounds for axis 0 with size " + std::to_string(n));
      }
      for (int j = 1; j < 5; ++j) {
        if (!(std::abs(static_cast<double>(rp[r * 5 + j]) * spatial_scale) < 1e15)) {
          throw InvalidArgumentError("ROIPooling2D: roi coordinates times spatial_scale must be finite and below 1e15");
        }
      }
    }
  });
  Shape ys{ra.shape()[0], x.shape()[1], outh, outw};
  Array y = Array::Empty(ys, xa.dtype(), xa.device());
  auto argmax = std::make_shared<Array>(Array::Empty(ys, Dtype::kInt64, xa.device()));
  KernelsOf(xa).RoiMaxPool(xa, ra, spatial_scale, y, *argmax);
  std::shared_ptr<const Array> am = argmax;
  Shape x_shape = x.shape();
  std::vector<Variable> inputs{x, rois};
  std::vector<Array> outs{std::move(y)};
  return Record("ROIPooling2D", inputs, std::move(outs), 0, 0, [am, x_shape](BackwardContext& ctx) {
    // No gradient flows to the rois (as in Chainer).
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, RoiScatter(ctx.output_grad(), am, x_shape));
  })[0];
}

}  // namespace routines
}  // namespace chainer
