#pragma once

#include "kernels/kernels.h"

namespace chainer {
namespace cpu {

class CpuKernels final : public Kernels {
 public:
  void Fill(const Array& out, double value) override;
  void Arange(const Array& out, double start, double step) override;
  void Copy(const Array& src, const Array& dst) override;
  void Unary(UnaryOp op, const Array& x, const Array& out) override;
  void Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) override;
  void BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) override;
  void Sum(const Array& x, const Axes& axes, const Array& out) override;
  void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) override;
};

}  // namespace cpu
}  // namespace chainer
