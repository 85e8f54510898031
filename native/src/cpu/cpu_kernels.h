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
  void Compare(CompareOp op, const Array& a, const Array& b, const Array& out) override;
  void Where(const Array& cond, const Array& a, const Array& b, const Array& out) override;
  void Sum(const Array& x, const Axes& axes, const Array& out) override;
  void Reduce(ReduceOp op, const Array& x, const Axes& axes, const Array& out) override;
  void ArgReduce(ReduceOp op, const Array& x, int axis, const Array& out) override;
  void Cumsum(const Array& x, int axis, const Array& out) override;
  void Take(const Array& x, const Array& indices, int axis, const Array& out) override;
  void ScatterAdd(const Array& src, const Array& indices, int axis, const Array& out) override;
  void Im2Col(const Array& x, const ConvGeometry& g, double pad_value, const Array& col) override;
  void Col2Im(const Array& col, const ConvGeometry& g, const Array& x) override;
  void MaxPool(const Array& x, const ConvGeometry& g, const Array& y, const Array& indexes) override;
  void MaxPoolScatter(const Array& gy, const Array& indexes, const ConvGeometry& g, const Array& gx) override;
  void MaxPoolGather(const Array& gx, const Array& indexes, const ConvGeometry& g, const Array& gy) override;
  void ResizeBilinear(const Array& x, const ResizeTable& t, const Array& y) override;
  void ResizeBilinearAdjoint(const Array& gy, const ResizeTable& t, const Array& gx) override;
  void RoiMaxPool(const Array& x, const Array& rois, double spatial_scale, const Array& y, const Array& argmax) override;
  void GatherFlat(const Array& src, const Array& indices, const Array& out) override;
  void ScatterAddFlat(const Array& src, const Array& indices, const Array& out) override;
  void Ctc(const Array& x, const Array& t, const Array& input_length, const Array& label_length, int64_t blank, const Array& loss,
           const Array& grad) override;
  void Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0, const Array& s1,
              const Array& s2) override;
  void Dot(const Array& a, const Array& b, const Array& out) override;
  void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) override;
};

}  // namespace cpu
}  // namespace chainer
