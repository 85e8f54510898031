// Differentiable routines. Each computes its output with the device's
// kernels and records a backward written with these same routines, so
// gradients of any order need no extra code.
#pragma once

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
Variable MulScalar(const Variable& x, double s);   // x * s
Variable DivScalar(const Variable& x, double s);   // x / s
Variable RDivScalar(const Variable& x, double s);  // s / x
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

}  // namespace routines

// Operators for writing backward formulas.
inline Variable operator+(const Variable& a, const Variable& b) { return routines::Add(a, b); }
inline Variable operator-(const Variable& a, const Variable& b) { return routines::Sub(a, b); }
inline Variable operator*(const Variable& a, const Variable& b) { return routines::Mul(a, b); }
inline Variable operator/(const Variable& a, const Variable& b) { return routines::Div(a, b); }
inline Variable operator-(const Variable& x) { return routines::Neg(x); }
inline Variable operator*(const Variable& a, double s) { return routines::MulScalar(a, s); }

}  // namespace chainer
