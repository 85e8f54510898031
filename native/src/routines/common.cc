#include "routines/common.h"

#include <algorithm>

namespace chainer {
namespace routines {

std::atomic<bool> g_force_device_paths{false};

void ExpectOnDevice(const Array& a, const Device& d, const char* what) {
  if (a.defined() && &a.device() != &d) {
    throw DeviceError("arrays are on different devices: " + d.name() + " and " + a.device().name() + " (" + what + "); move them to one device first");
  }
}

Array CompareArrays(CompareOp op, const Array& a, const Array& b) {
  Shape shape = BroadcastShapes(a.shape(), b.shape());
  Array out = Array::Empty(shape, Dtype::kBool, a.device());
  KernelsOf(a).Compare(op, a.BroadcastTo(shape), b.BroadcastTo(shape), out);
  return out;
}

Array CompareScalar(CompareOp op, const Array& a, double s) { return CompareArrays(op, a, ScalarArray(a, s)); }

Variable FloatUnary(const char* label, const char* arg_name, UnaryOp op, const Variable& x, uint32_t retain_inputs,
                    bool retain_output, BackwardFn backward) {
  TypeCheck(label).ExpectFloat(x, arg_name);
  return RecordSingle(label, {x}, UnaryArray(op, x.array()), retain_inputs, retain_output, std::move(backward));
}

Axes NormalizeAxes(const TypeCheck& tc, const Axes* axes_in, int nd) {
  Axes axes;
  if (axes_in == nullptr) {
    for (int i = 0; i < nd; ++i) axes.push_back(i);
    return axes;
  }
  for (int64_t a : *axes_in) {
    if (a >= 0 && a >= nd) tc.Fail(CheckKind::kShape, "x.ndim > " + std::to_string(a), std::to_string(nd) + " <= " + std::to_string(a));
    if (a < 0 && -a - 1 >= nd) {
      tc.Fail(CheckKind::kShape, "-" + std::to_string(-a) + " - 1 < x.ndim", std::to_string(-a - 1) + " >= " + std::to_string(nd));
    }
    axes.push_back(a < 0 ? a + nd : a);
  }
  std::sort(axes.begin(), axes.end());
  for (int i = 1; i < axes.size(); ++i) {
    if (axes[i] == axes[i - 1]) throw InvalidArgumentError("duplicate value in axis: " + axes_in->ToString());
  }
  return axes;
}

}  // namespace routines
}  // namespace chainer
