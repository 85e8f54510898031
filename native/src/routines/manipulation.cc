// Shape manipulation: broadcast_to, sum_to, reshape, transpose.
#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {

Variable BroadcastTo(const Variable& x, const Shape& shape) {
  TypeCheck tc("BroadcastTo");
  CheckShape(shape);
  const Shape& xs = x.shape();
  if (xs.size() > shape.size()) {
    tc.Fail(CheckKind::kShape, "in_types[0].ndim <= len(shape)", std::to_string(xs.size()) + " > " + std::to_string(shape.size()));
  }
  for (int i = -1; i >= -xs.size(); --i) {
    int64_t d = xs[xs.size() + i], t = shape[shape.size() + i];
    if (d == t || d == 1) continue;
    std::string expect = "in_type[0].shape[" + std::to_string(i) + "] == " + std::to_string(t);
    if (t != 1) expect += " or in_type[0].shape[" + std::to_string(i) + "] == 1";
    tc.Fail(CheckKind::kShape, expect, "in_type[0].shape: " + xs.ToString());
  }
  Array y = x.array().BroadcastTo(shape);
  Shape x_shape = xs;
  return RecordSingle("BroadcastTo", {x}, std::move(y), 0, false, [x_shape](BackwardContext& ctx) {
    ctx.set_input_grad(0, SumTo(ctx.output_grad(), x_shape));
  });
}

Variable SumTo(const Variable& x, const Shape& shape) {
  const Shape& xs = x.shape();
  // The target must broadcast to x's shape.
  bool ok = shape.size() <= xs.size();
  int lead = xs.size() - shape.size();
  for (int i = 0; ok && i < shape.size(); ++i) ok = shape[i] == xs[lead + i] || shape[i] == 1;
  if (!ok) {
    ThrowInvalidType(CheckKind::kShape, "SumTo", "shape " + shape.ToString() + " broadcastable to x.shape", "x.shape: " + xs.ToString());
  }
  Axes axes;
  for (int i = 0; i < lead; ++i) axes.push_back(i);
  for (int i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && xs[lead + i] != 1) axes.push_back(lead + i);
  }
  const Array& xa = x.array();
  Array y;
  if (axes.empty()) {
    y = xa.Reshape(shape);
  } else {
    Shape reduced;
    for (int i = 0, k = 0; i < xs.size(); ++i) {
      if (k < axes.size() && axes[k] == i) {
        ++k;
      } else {
        reduced.push_back(xs[i]);
      }
    }
    y = Array::Empty(reduced, xa.dtype(), xa.device());
    DispatchKernels(xa.device()).Sum(xa, axes, y);
    y = y.Reshape(shape);
  }
  Shape x_shape = xs;
  return RecordSingle("SumTo", {x}, std::move(y), 0, false, [x_shape](BackwardContext& ctx) {
    ctx.set_input_grad(0, BroadcastTo(ctx.output_grad(), x_shape));
  });
}

Variable Reshape(const Variable& x, const Shape& shape_in) {
  TypeCheck tc("Reshape");
  Shape shape = shape_in;
  int infer = -1;
  int64_t known = 1;
  for (int i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1 && infer < 0) {
      infer = i;
    } else if (shape[i] < 0) {
      throw InvalidArgumentError("Reshape: invalid shape " + shape_in.ToString() + " (at most one -1 and no other negative size)");
    } else {
      known *= shape[i];
    }
  }
  int64_t size = x.array().size();
  if (infer >= 0) {
    if (known == 0 || size % known != 0) {
      tc.Fail(CheckKind::kShape, "prod(x.shape) % " + std::to_string(known) + " == 0",
              std::to_string(size) + " % " + std::to_string(known) + " != 0");
    }
    shape[infer] = size / known;
  } else if (known != size) {
    tc.Fail(CheckKind::kShape, "prod(x.shape) == prod(" + shape_in.ToString() + ")", std::to_string(size) + " != " + std::to_string(known));
  }
  Array y = x.array().Reshape(shape);
  Shape x_shape = x.shape();
  return RecordSingle("Reshape", {x}, std::move(y), 0, false, [x_shape](BackwardContext& ctx) {
    ctx.set_input_grad(0, Reshape(ctx.output_grad(), x_shape));
  });
}

Variable Transpose(const Variable& x, const Axes* axes_in) {
  int nd = x.ndim();
  Axes axes;
  if (axes_in == nullptr) {
    for (int i = nd - 1; i >= 0; --i) axes.push_back(i);
  } else {
    if (axes_in->size() != nd) throw InvalidArgumentError("axes don't match array: " + axes_in->ToString() + " for an array of dimension " + std::to_string(nd));
    for (int64_t a : *axes_in) axes.push_back(NormalizeAxis(a, nd));
  }
  Array y = x.array().Transpose(axes);
  Axes inverse = Dims::Filled(nd, 0);
  for (int i = 0; i < nd; ++i) inverse[static_cast<int>(axes[i])] = i;
  return RecordSingle("Transpose", {x}, std::move(y), 0, false, [inverse](BackwardContext& ctx) {
    ctx.set_input_grad(0, Transpose(ctx.output_grad(), &inverse));
  });
}

}  // namespace routines
}  // namespace chainer
