// Loss functions (chainer.functions.loss). softmax_cross_entropy and
// mean_squared_error follow Chainer's arithmetic step by step so float32
// results match; the others are compositions of differentiable routines.
#include <cmath>

#include "routines/common.h"
#include "routines/loss.h"

namespace chainer {
namespace routines {
namespace {

// Sample positions of a class-axis-1 input: (N, C, d...) → N * prod(d).
struct ClassLayout {
  int64_t n = 0, c = 0, inner = 1;
  int64_t Positions() const { return n * inner; }
};

ClassLayout CheckClassInput(const TypeCheck& tc, const Variable& x, const Variable& t) {
  tc.ExpectFloat(x, "x");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  if (x.ndim() < 2) tc.Fail(CheckKind::kShape, "x.ndim >= 2", std::to_string(x.ndim()) + " < 2");
  tc.ExpectEq("t.ndim", t.ndim(), "x.ndim - 1", x.ndim() - 1);
  tc.ExpectEq("x.shape[0]", x.shape()[0], "t.shape[0]", t.shape()[0]);
  ClassLayout l;
  l.n = x.shape()[0];
  l.c = x.shape()[1];
  for (int i = 2; i < x.ndim(); ++i) {
    tc.ExpectEq("x.shape[" + std::to_string(i) + "]", x.shape()[i], "t.shape[" + std::to_string(i - 1) + "]", t.shape()[i - 1]);
    l.inner *= x.shape()[i];
  }
  return l;
}

// Labels as int64 in host memory with ignored ones kept; throws for labels
// outside [0, C).
Array CheckedLabels(const Variable& t, int64_t c, int64_t ignore_label) {
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  const int64_t* p = ti.data<int64_t>();
  for (int64_t i = 0, n = ti.size(); i < n; ++i) {
    if (p[i] != ignore_label && (p[i] < 0 || p[i] >= c)) {
      throw InvalidArgumentError("Each label `t` need to satisfy `0 <= t < x.shape[1] or t == " + std::to_string(ignore_label) +
                                 "`; found t = " + std::to_string(p[i]) + " with x.shape[1] = " + std::to_string(c));
    }
  }
  return ti;
}

// The gradient node takes x as well as gy (as Chainer's does), so
// differentiating the gradient with respect to either raises.
Variable NoDoubleBackprop(const Variable& x, const Variable& gy, Array gx) {
  return RecordSingle("SoftmaxCrossEntropyGrad_NoDoubleBackprop", {x, gy}, std::move(gx), 0, false, [](BackwardContext&) {
    throw GradientError(
        "F.softmax_cross_entropy was called with 'enable_double_backprop=False' argument, but double-backprop is actually being "
        "performed. Please specify 'enable_double_backprop=True' explicitly.");
  });
}

template <typename T>
void ScaleRowsAt(T* g, const int64_t* t, const ClassLayout& l, int64_t ignore, const Array* class_weight) {
  // g laid out (N, C, inner); subtract 1 at the label, weight, and zero ignored positions.
  for (int64_t n = 0; n < l.n; ++n) {
    for (int64_t j = 0; j < l.inner; ++j) {
      int64_t pos = n * l.inner + j;
      bool valid = t[pos] != ignore;
      int64_t label = valid ? t[pos] : 0;
      T* col = g + n * l.c * l.inner + j;
      col[label * l.inner] -= T(1);
      T w = class_weight != nullptr ? class_weight->data<T>()[label] : T(1);
      for (int64_t k = 0; k < l.c; ++k) {
        T v = col[k * l.inner];
        if (class_weight != nullptr) v *= w;
        col[k * l.inner] = valid ? v : T(0);
      }
    }
  }
}

// The device path of the fused softmax cross entropy: the same arithmetic as
// the host loops, through kernels only. Index arrays are built on the host
// from the (host) labels and moved to the device once.
struct DeviceLabels {
  Array flat_index;  // int64 (P): flat index into (N, C, inner) of each position's label (0 when ignored)
  Array clipped;     // int64 (P): the label, 0 when ignored
  Array valid;       // bool (N, 1, inner): not ignored
  Array valid_t;     // x's dtype (P): 1 where not ignored, 0 where ignored
};

DeviceLabels MakeDeviceLabels(const Array& labels, const ClassLayout& l, int64_t ignore, Dtype dtype, Device& device) {
  int64_t positions = l.Positions();
  Array flat = Array::Empty(Shape{positions}, Dtype::kInt64, CpuDevice());
  Array clipped = Array::Empty(Shape{positions}, Dtype::kInt64, CpuDevice());
  Array valid = Array::Empty(Shape{l.n, 1, l.inner}, Dtype::kBool, CpuDevice());
  const int64_t* tp = labels.data<int64_t>();
  int64_t* fp = flat.data<int64_t>();
  int64_t* cp = clipped.data<int64_t>();
  bool* vp = valid.data<bool>();
  for (int64_t n = 0; n < l.n; ++n) {
    for (int64_t j = 0; j < l.inner; ++j) {
      int64_t pos = n * l.inner + j;
      bool ok = tp[pos] != ignore;
      int64_t label = ok ? tp[pos] : 0;
      fp[pos] = (n * l.c + label) * l.inner + j;
      cp[pos] = label;
      vp[pos] = ok;
    }
  }
  Array valid_t = valid.Reshape(Shape{positions}).AsType(dtype);
  return DeviceLabels{ToDevice(flat, device), ToDevice(clipped, device), ToDevice(valid, device), ToDevice(valid_t, device)};
}

// gx (N, C, d...) from softmax y: (y - onehot(t)) * class_weight[t], zero at
// ignored positions, times the output gradient.
Array SoftmaxCrossEntropyGradOnDevice(const Array& y_cache, const DeviceLabels& dl, const ClassLayout& l, const Array& cw,
                                      const Array& gloss, bool mean, double coeff) {
  Kernels& k = KernelsOf(y_cache);
  Device& device = y_cache.device();
  Dtype dtype = y_cache.dtype();
  Shape s3{l.n, l.c, l.inner};
  Array gx = y_cache.Copy();
  Array g3 = gx.Reshape(s3);
  Array onehot = Array::Empty(s3, dtype, device);
  k.ScatterAddFlat(Array::Ones(Shape{l.Positions()}, dtype, device), dl.flat_index, onehot);
  k.Binary(BinaryOp::kSub, g3, onehot, g3);
  if (cw.defined()) {
    Array w = Array::Empty(Shape{l.Positions()}, dtype, device);
    k.GatherFlat(cw, dl.clipped, w);
    k.Binary(BinaryOp::kMul, g3, w.Reshape(Shape{l.n, 1, l.inner}).BroadcastTo(s3), g3);
  }
  k.Where(dl.valid.BroadcastTo(s3), g3, ScalarArray(gx, 0.0).BroadcastTo(s3), g3);
  const Array& gl = gloss;
  if (mean) {
    // static_cast<T>(double(g) * coeff), as the host path.
    Array g64 = gl.AsType(Dtype::kFloat64);
    KernelsOf(g64).BinaryScalar(BinaryOp::kMul, g64, coeff, false, g64);
    Array scale = g64.AsType(dtype);
    k.Binary(BinaryOp::kMul, g3, scale.BroadcastTo(s3), g3);
  } else {
    k.Binary(BinaryOp::kMul, g3, gl.Reshape(Shape{l.n, 1, l.inner}).BroadcastTo(s3), g3);
  }
  return gx;
}

}  // namespace

Variable SoftmaxCrossEntropy(const Variable& x, const Variable& t, const SoftmaxCrossEntropyOptions& o) {
  TypeCheck tc("SoftmaxCrossEntropy");
  ClassLayout l = CheckClassInput(tc, x, t);
  if (o.class_weight.defined()) {
    if (o.class_weight.dtype() != x.dtype() || o.class_weight.ndim() != 1 || o.class_weight.shape()[0] != l.c) {
      throw InvalidArgumentError("class_weight must be a 1-d array of x's dtype with x.shape[1] = " + std::to_string(l.c) + " entries");
    }
  }
  Device& device = x.array().device();
  // An internal input: follows x to its device.
  Array cw = o.class_weight.defined() ? ToDevice(o.class_weight, device).AsContiguous() : Array();
  Array labels = CheckedLabels(t, l.c, o.ignore_label);  // host
  int64_t count = 0;
  for (int64_t i = 0; i < labels.size(); ++i) count += labels.data<int64_t>()[i] != o.ignore_label ? 1 : 0;

  if (o.enable_double_backprop) {
    // Differentiable composition, as Chainer's double-backprop path.
    Variable loss = -LogSoftmax(x, 1);
    if (cw.defined()) {
      Shape ws = Dims::Filled(x.ndim(), 1);
      ws[1] = l.c;
      loss = loss * Constant(cw.Reshape(ws).BroadcastTo(x.shape()));
    }
    Axes perm{0};
    for (int i = 2; i < x.ndim(); ++i) perm.push_back(i);
    perm.push_back(1);
    loss = Reshape(Transpose(loss, &perm), Shape{l.Positions(), l.c});
    Array clipped = labels.Copy();
    Array in_use = Array::Empty(t.shape(), x.dtype(), CpuDevice());
    VisitFloatDtype(x.dtype(), [&](auto tag) {
      using T = decltype(tag);
      int64_t* c = clipped.data<int64_t>();
      T* u = in_use.data<T>();
      for (int64_t i = 0; i < clipped.size(); ++i) {
        u[i] = c[i] != o.ignore_label ? T(1) : T(0);
        c[i] = std::min(std::max<int64_t>(c[i], 0), l.c - 1);
      }
    });
    loss = Reshape(SelectItem(loss, Constant(clipped.Reshape(Shape{l.Positions()}))), t.shape()) * Constant(ToDevice(in_use, device));
    if (!o.reduce_mean) return loss;
    double denom = std::max<double>(o.normalize ? static_cast<double>(count) : static_cast<double>(l.n), 1.0);
    return DivScalar(Sum(loss, nullptr, false), denom);
  }

  const Array& xa = x.array();
  Kernels& k = KernelsOf(xa);
  Array log_y = LogSoftmaxArray(xa, 1);
  Array y_cache = UnaryArray(UnaryOp::kExp, log_y);
  if (cw.defined()) {
    Shape ws = Dims::Filled(x.ndim(), 1);
    ws[1] = l.c;
    k.Binary(BinaryOp::kMul, log_y, cw.Reshape(ws).BroadcastTo(x.shape()), log_y);
  }
  Array log_p = Array::Empty(Shape{l.Positions()}, xa.dtype(), xa.device());
  bool host = UseHostPath(device);
  std::shared_ptr<const DeviceLabels> dl;
  if (host) {
    VisitFloatDtype(xa.dtype(), [&](auto tag) {
      using T = decltype(tag);
      const T* ly = log_y.data<T>();
      const int64_t* tp = labels.data<int64_t>();
      T* lp = log_p.data<T>();
      for (int64_t n = 0; n < l.n; ++n) {
        for (int64_t j = 0; j < l.inner; ++j) {
          int64_t pos = n * l.inner + j;
          bool valid = tp[pos] != o.ignore_label;
          lp[pos] = ly[(n * l.c + (valid ? tp[pos] : 0)) * l.inner + j] * T(valid ? 1 : 0);
        }
      }
    });
  } else {
    dl = std::make_shared<const DeviceLabels>(MakeDeviceLabels(labels, l, o.ignore_label, xa.dtype(), device));
    k.GatherFlat(log_y, dl->flat_index, log_p);
    k.Binary(BinaryOp::kMul, log_p, dl->valid_t, log_p);
  }
  double coeff = 0;
  Array loss;
  if (o.reduce_mean) {
    coeff = 1.0 / static_cast<double>(std::max<int64_t>(o.normalize ? count : l.n, 1));
    Array s = Array::Empty(Shape{}, xa.dtype(), xa.device());
    k.Sum(log_p, Axes{0}, s);
    loss = Array::EmptyLike(s);
    k.BinaryScalar(BinaryOp::kMul, s, -coeff, false, loss);
  } else {
    loss = UnaryArray(UnaryOp::kNeg, log_p).Reshape(t.shape());
  }
  ClassLayout lay = l;
  int64_t ignore = o.ignore_label;
  bool mean = o.reduce_mean;
  return RecordSingle("SoftmaxCrossEntropy", {x}, std::move(loss), 0b1, false,
                      [y_cache, labels, lay, ignore, mean, coeff, cw, dl](BackwardContext& ctx) {
                        const Variable& gloss = ctx.output_grad();
                        ExpectOnDevice(gloss.array(), y_cache.device(), "the loss gradient");
                        if (dl) {
                          Array gx = SoftmaxCrossEntropyGradOnDevice(y_cache, *dl, lay, cw, gloss.array(), mean, coeff);
                          ctx.set_input_grad(0, NoDoubleBackprop(ctx.input(0), gloss, std::move(gx)));
                          return;
                        }
                        Array gx = y_cache.Copy();
                        VisitFloatDtype(gx.dtype(), [&](auto tag) {
                          using T = decltype(tag);
                          ScaleRowsAt<T>(gx.data<T>(), labels.data<int64_t>(), lay, ignore, cw.defined() ? &cw : nullptr);
                          Array g = gloss.array().AsContiguous();
                          T* gp = gx.data<T>();
                          if (mean) {
                            T scale = static_cast<T>(static_cast<double>(g.data<T>()[0]) * coeff);
                            for (int64_t i = 0; i < gx.size(); ++i) gp[i] *= scale;
                          } else {
                            const T* gl = g.data<T>();
                            for (int64_t n = 0; n < lay.n; ++n) {
                              for (int64_t c = 0; c < lay.c; ++c) {
                                for (int64_t j = 0; j < lay.inner; ++j) gp[(n * lay.c + c) * lay.inner + j] *= gl[n * lay.inner + j];
                              }
                            }
                          }
                        });
                        ctx.set_input_grad(0, NoDoubleBackprop(ctx.input(0), gloss, std::move(gx)));
                      });
}

Variable MeanSquaredError(const Variable& x0, const Variable& x1) {
  TypeCheck tc("MeanSquaredError");
  tc.ExpectFloat(x0, "x0");
  tc.ExpectSameDtype(x0, "x0", x1, "x1");
  if (x0.shape() != x1.shape()) tc.Fail(CheckKind::kShape, "x0.shape == x1.shape", x0.shape().ToString() + " != " + x1.shape().ToString());
  const Array& a = x0.array();
  Array diff = Array::EmptyLike(a);
  Kernels& k = KernelsOf(a);
  k.Binary(BinaryOp::kSub, a, x1.array(), diff);
  Array y = Array::Empty(Shape{}, a.dtype(), a.device());
  k.Dot(diff, diff, y);
  k.BinaryScalar(BinaryOp::kDiv, y, static_cast<double>(std::max<int64_t>(diff.size(), 1)), false, y);
  return RecordSingle("MeanSquaredError", {x0, x1}, std::move(y), 0b11, false, [](BackwardContext& ctx) {
    Variable d = ctx.input(0) - ctx.input(1);
    Variable g = MulScalar(BroadcastTo(ctx.output_grad(), d.shape()) * d, 2.0 / static_cast<double>(std::max<int64_t>(d.array().size(), 1)));
    if (ctx.is_input_grad_required(0)) ctx.set_input_grad(0, g);
    if (ctx.is_input_grad_required(1)) ctx.set_input_grad(1, -g);
  });
}

Variable MeanAbsoluteError(const Variable& x0, const Variable& x1) {
  TypeCheck tc("MeanAbsoluteError");
  tc.ExpectFloat(x0, "x0");
  tc.ExpectSameDtype(x0, "x0", x1, "x1");
  if (x0.shape() != x1.shape()) tc.Fail(CheckKind::kShape, "x0.shape == x1.shape", x0.shape().ToString() + " != " + x1.shape().ToString());
  return DivScalarExact(Sum(Absolute(x0 - x1), nullptr, false), static_cast<double>(std::max<int64_t>(x0.array().size(), 1)));
}

Variable SigmoidCrossEntropy(const Variable& x, const Variable& t, bool normalize, bool reduce_mean) {
  TypeCheck tc("SigmoidCrossEntropy");
  tc.ExpectFloat(x, "x");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  if (x.shape() != t.shape()) tc.Fail(CheckKind::kShape, "x.shape == t.shape", x.shape().ToString() + " != " + t.shape().ToString());
  const Array& xa = x.array();
  // Labels are read on the host; the masks built from them follow x.
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  Array valid = Array::Empty(x.shape(), xa.dtype(), CpuDevice());
  Array tf = Array::Empty(x.shape(), xa.dtype(), CpuDevice());
  int64_t count = 0;
  VisitFloatDtype(xa.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const int64_t* tp = ti.data<int64_t>();
    for (int64_t i = 0; i < ti.size(); ++i) {
      if (tp[i] != -1 && tp[i] != 0 && tp[i] != 1) throw InvalidArgumentError("t must be 0, 1 or -1 (ignored); found " + std::to_string(tp[i]));
      bool v = tp[i] != -1;
      count += v ? 1 : 0;
      valid.data<T>()[i] = v ? T(1) : T(0);
      tf.data<T>()[i] = tp[i] == 1 ? T(1) : T(0);
    }
  });
  // -(t*x - log(1 + exp(x))) = log1p(exp(-|x|)) + max(x, 0) - t*x, stable for large |x|.
  Variable loss = (Log1p(Exp(-Absolute(x))) + Relu(x) - x * Constant(ToDevice(tf, xa.device()))) * Constant(ToDevice(valid, xa.device()));
  if (!reduce_mean) return loss;
  double denom = normalize ? static_cast<double>(std::max<int64_t>(count, 1)) : static_cast<double>(std::max<int64_t>(x.shape()[0], 1));
  return DivScalarExact(Sum(loss, nullptr, false), denom);
}

}  // namespace routines
}  // namespace chainer
