// Differentiable routines. Each computes its output with the device's
// kernels and records a backward written with these same routines, so
// gradients of any order need no extra code.
#pragma once

#include <vector>

#include "autograd/variable.h"

namespace chainer {
namespace routines {

Variable Add(const Variable& a, const Variable& b);
Variable Sub(const Variable& a, const Variable& b);
Variable Mul(const Variable& a, const Variable& b);
Variable Div(const Variable& a, const Variable& b);
Variable Pow(const Variable& a, const Variable& b);

Variable AddScalar(const Variable& x, double s);   // x + s
Variable SubScalar(const Variable& x, double s);   // x - s
Variable RSubScalar(const Variable& x, double s);  // s - x
// float_constant: label the constant as a Python float (2.0, not 2).
Variable MulScalar(const Variable& x, double s, bool float_constant = false);  // x * s
Variable DivScalar(const Variable& x, double s);   // x / s (as Chainer: x * (1 / s))
Variable DivScalarExact(const Variable& x, double s);  // x / s, true division (NumPy's sum / n)
Variable RDivScalar(const Variable& x, double s, bool float_constant = false);  // s / x
Variable PowScalar(const Variable& x, double s);   // x ** s
Variable RPowScalar(const Variable& x, double s);  // s ** x

Variable Neg(const Variable& x);
Variable Exp(const Variable& x);
Variable Log(const Variable& x);

// axes == nullptr sums everything.
Variable Sum(const Variable& x, const Axes* axes, bool keepdims);
Variable BroadcastTo(const Variable& x, const Shape& shape);
Variable SumTo(const Variable& x, const Shape& shape);
Variable Reshape(const Variable& x, const Shape& shape);
// axes == nullptr reverses the axes.
Variable Transpose(const Variable& x, const Axes* axes);
Variable MatMul(const Variable& a, const Variable& b, bool transa, bool transb);
// b may be undefined.
Variable Linear(const Variable& x, const Variable& w, const Variable& b, int n_batch_axes);

// chainer.functions.math
Variable Absolute(const Variable& x);
Variable Sqrt(const Variable& x);
Variable Rsqrt(const Variable& x);
Variable Square(const Variable& x);
Variable Expm1(const Variable& x);
Variable Log1p(const Variable& x);
Variable Log2(const Variable& x);
Variable Log10(const Variable& x);
Variable Sin(const Variable& x);
Variable Cos(const Variable& x);
Variable Tan(const Variable& x);
Variable Arcsin(const Variable& x);
Variable Arccos(const Variable& x);
Variable Arctan(const Variable& x);
Variable Sinh(const Variable& x);
Variable Cosh(const Variable& x);
Variable Tanh(const Variable& x);
Variable Sigmoid(const Variable& x);
// No gradient flows through these (as in Chainer).
Variable Sign(const Variable& x);
Variable Floor(const Variable& x);
Variable Ceil(const Variable& x);
Variable Fix(const Variable& x);
Variable Clip(const Variable& x, double x_min, double x_max);
Variable Maximum(const Variable& a, const Variable& b);
Variable Minimum(const Variable& a, const Variable& b);
// cond is a bool variable (never differentiated).
Variable Where(const Variable& cond, const Variable& a, const Variable& b);
Variable Fmod(const Variable& x, const Variable& divisor);
Variable Max(const Variable& x, const Axes* axes, bool keepdims);
Variable Min(const Variable& x, const Axes* axes, bool keepdims);
// axis == nullptr: over the flattened array. Returns int32 indices.
Variable ArgMax(const Variable& x, const int64_t* axis);
Variable ArgMin(const Variable& x, const int64_t* axis);
Variable Mean(const Variable& x, const Axes* axes, bool keepdims);
Variable Prod(const Variable& x, const Axes* axes, bool keepdims);
Variable Cumsum(const Variable& x, int64_t axis);
Variable LogSumExp(const Variable& x, const Axes* axes);

// chainer.functions.activation
Variable Relu(const Variable& x);
Variable ClippedRelu(const Variable& x, double z);
Variable LeakyRelu(const Variable& x, double slope);
Variable Elu(const Variable& x, double alpha);
Variable Selu(const Variable& x, double alpha, double scale);
Variable Softplus(const Variable& x, double beta);
Variable HardSigmoid(const Variable& x);
Variable Swish(const Variable& x, const Variable& beta);
Variable PRelu(const Variable& x, const Variable& w);
Variable Softmax(const Variable& x, int64_t axis);
Variable LogSoftmax(const Variable& x, int64_t axis);
Variable Maxout(const Variable& x, int64_t pool_size, int64_t axis);

// Indexing
Variable Flip(const Variable& x, int64_t axis);
// x.take(indices, axis) for an int array (negative indices wrap).
Variable Take(const Variable& x, const Array& indices, int64_t axis);

// chainer.functions.array
Variable SliceAxis(const Variable& x, int64_t start, int64_t stop, int axis);
Variable Concat(const std::vector<Variable>& xs, int64_t axis);
std::vector<Variable> SplitAxis(const Variable& x, const std::vector<int64_t>& indices, int64_t axis);
std::vector<Variable> SplitAxisSections(const Variable& x, int64_t sections, int64_t axis);
Variable ExpandDims(const Variable& x, int64_t axis);
Variable Squeeze(const Variable& x, const Axes* axes);
Variable Stack(const std::vector<Variable>& xs, int64_t axis);
Variable Cast(const Variable& x, Dtype dtype);
// Constant padding; before/after have one entry per axis.
Variable Pad(const Variable& x, const std::vector<int64_t>& before, const std::vector<int64_t>& after, double value);
// axis == nullptr repeats the flattened array.
Variable Repeat(const Variable& x, const std::vector<int64_t>& repeats, const int64_t* axis);
Variable Tile(const Variable& x, const std::vector<int64_t>& reps);
Variable SelectItem(const Variable& x, const Variable& t);
// numpy.diagonal(x, offset, axis1, axis2) as a view; the gradient writes into zeros.
Variable Diagonal(const Variable& x, int64_t offset, int64_t axis1, int64_t axis2);

}  // namespace routines

// Operators for writing backward formulas.
inline Variable operator+(const Variable& a, const Variable& b) { return routines::Add(a, b); }
inline Variable operator-(const Variable& a, const Variable& b) { return routines::Sub(a, b); }
inline Variable operator*(const Variable& a, const Variable& b) { return routines::Mul(a, b); }
inline Variable operator/(const Variable& a, const Variable& b) { return routines::Div(a, b); }
inline Variable operator-(const Variable& x) { return routines::Neg(x); }
inline Variable operator*(const Variable& a, double s) { return routines::MulScalar(a, s); }

}  // namespace chainer
