// The backend interface. Routines express every computation through these
// primitives; each device (CPU, CUDA) implements them. Operands arrive with
// the output's shape already (inputs broadcast as zero-stride views) and
// matching dtypes unless stated otherwise.
#pragma once

#include "array/array.h"

namespace chainer {

enum class UnaryOp {
  kNeg,
  kExp,
  kLog,
};

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
};

class Kernels {
 public:
  virtual ~Kernels() = default;

  virtual void Fill(const Array& out, double value) = 0;
  // out[i] = start + i * step (out is 1-d).
  virtual void Arange(const Array& out, double start, double step) = 0;
  // Element-wise copy with dtype conversion; shapes are equal.
  virtual void Copy(const Array& src, const Array& dst) = 0;
  virtual void Unary(UnaryOp op, const Array& x, const Array& out) = 0;
  virtual void Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) = 0;
  // out = a op s, or s op a when scalar_first.
  virtual void BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) = 0;
  // Sums x over `axes` (sorted, unique) into out, whose shape is x's without them.
  virtual void Sum(const Array& x, const Axes& axes, const Array& out) = 0;
  // out = op(a) @ op(b) for 2-d operands, or batched over equal leading dims.
  virtual void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) = 0;
};

}  // namespace chainer
