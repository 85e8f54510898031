// Sum and its adjoint pair (sum_to / broadcast_to live in manipulation.cc).
#include <algorithm>

#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {

Variable Sum(const Variable& x, const Axes* axes_in, bool keepdims) {
  TypeCheck tc("Sum");
  tc.ExpectFloat(x, "x");
  int nd = x.ndim();
  Axes axes;
  if (axes_in == nullptr) {
    for (int i = 0; i < nd; ++i) axes.push_back(i);
  } else {
    for (int64_t a : *axes_in) {
      if (a >= 0 && a >= nd) tc.Fail(CheckKind::kShape, "x.ndim > " + std::to_string(a), std::to_string(nd) + " <= " + std::to_string(a));
      if (a < 0 && -a - 1 >= nd) tc.Fail(CheckKind::kShape, "-" + std::to_string(-a) + " - 1 < x.ndim", std::to_string(-a - 1) + " >= " + std::to_string(nd));
      axes.push_back(a < 0 ? a + nd : a);
    }
    std::sort(axes.begin(), axes.end());
    for (int i = 1; i < axes.size(); ++i) {
      if (axes[i] == axes[i - 1]) throw InvalidArgumentError("duplicate value in axis: " + axes_in->ToString());
    }
  }
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
  xa.device().kernels().Sum(xa, axes, y);
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
