// Helpers shared by routine implementations.
#pragma once

#include "autograd/variable.h"
#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {

// Mixed-device operands raise DeviceError there (device/device.h).
inline Kernels& KernelsOf(const Array& a) { return DispatchKernels(a.device()); }

// Throws DeviceError unless `a` lives on `d` (for arrays a routine reads on
// the host or hands to kernels together with its main input).
void ExpectOnDevice(const Array& a, const Device& d, const char* what);

// Tests only: take the device (kernel-only) path of routines that have a
// separate host path, even for CPU arrays, so it can be checked without a GPU.
extern std::atomic<bool> g_force_device_paths;
// Whether a routine whose operands live on `d` may read them on the host.
inline bool UseHostPath(const Device& d) { return d.is_host() && !g_force_device_paths.load(std::memory_order_relaxed); }

// A constant (no gradient) variable.
inline Variable Constant(Array a) { return Variable::Leaf(std::move(a), false); }

inline Array UnaryArray(UnaryOp op, const Array& x) {
  Array y = Array::EmptyLike(x);
  KernelsOf(x).Unary(op, x, y);
  return y;
}

inline Array ScalarArray(const Array& like, double value) { return Array::Full(Shape{}, like.dtype(), value, like.device()); }

// a cmp b as a bool array (broadcasting).
Array CompareArrays(CompareOp op, const Array& a, const Array& b);
Array CompareScalar(CompareOp op, const Array& a, double s);
// Elementwise float unary routine with a recorded backward.
Variable FloatUnary(const char* label, const char* arg_name, UnaryOp op, const Variable& x, uint32_t retain_inputs,
                    bool retain_output, BackwardFn backward);
// Output that never carries a gradient (sign, floor, argmax...).
inline Variable NoGradOutput(Array a) { return Variable::Leaf(std::move(a), false); }
// Chainer's connection functions accept W of another float dtype and compute
// in x's (numpy promotes, then casts the result back); casting W first keeps
// the kernels single-dtype and gives W's gradient in W's dtype.
inline Variable InDtypeOf(const Variable& w, const Variable& x) { return w.dtype() == x.dtype() ? w : Cast(w, x.dtype()); }
// log_softmax along axis, computed as Chainer does.
Array LogSoftmaxArray(const Array& x, int axis);
// Reduces a broadcast gradient back to an input's shape.
inline Variable Unbroadcast(const Variable& g, const Shape& shape) { return g.shape() == shape ? g : SumTo(g, shape); }
// Sorted, unique, non-negative axes; nullptr means all. Throws like Chainer's Sum.
Axes NormalizeAxes(const TypeCheck& tc, const Axes* axes, int ndim);

}  // namespace routines
}  // namespace chainer
