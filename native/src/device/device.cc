// The Device base: host copies for host devices, and the mixed-device check
// in front of every kernel.
#include "device/device.h"

#include <cstring>

#include "common/error.h"
#include "kernels/kernels.h"

namespace chainer {

namespace device_detail {
std::atomic<bool> g_multiple_devices{false};
}  // namespace device_detail

namespace {

// Forwards to the device's kernels after checking that every operand (the
// defined ones: optional arrays may be undefined) lives on that device. The
// check is a pointer compare per operand.
class CheckedKernels final : public Kernels {
 public:
  explicit CheckedKernels(Device& device) : device_(device) {}

  void Fill(const Array& out, double value) override {
    Check(out);
    K().Fill(out, value);
  }
  void Arange(const Array& out, double start, double step) override {
    Check(out);
    K().Arange(out, start, step);
  }
  void Copy(const Array& src, const Array& dst) override {
    Check(src, dst);
    K().Copy(src, dst);
  }
  void Unary(UnaryOp op, const Array& x, const Array& out) override {
    Check(x, out);
    K().Unary(op, x, out);
  }
  void Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) override {
    Check(a, b, out);
    K().Binary(op, a, b, out);
  }
  void BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) override {
    Check(a, out);
    K().BinaryScalar(op, a, s, scalar_first, out);
  }
  void Compare(CompareOp op, const Array& a, const Array& b, const Array& out) override {
    Check(a, b, out);
    K().Compare(op, a, b, out);
  }
  void Where(const Array& cond, const Array& a, const Array& b, const Array& out) override {
    Check(cond, a, b, out);
    K().Where(cond, a, b, out);
  }
  void Sum(const Array& x, const Axes& axes, const Array& out) override {
    Check(x, out);
    K().Sum(x, axes, out);
  }
  void Reduce(ReduceOp op, const Array& x, const Axes& axes, const Array& out) override {
    Check(x, out);
    K().Reduce(op, x, axes, out);
  }
  void ArgReduce(ReduceOp op, const Array& x, int axis, const Array& out) override {
    Check(x, out);
    K().ArgReduce(op, x, axis, out);
  }
  void Cumsum(const Array& x, int axis, const Array& out) override {
    Check(x, out);
    K().Cumsum(x, axis, out);
  }
  void Take(const Array& x, const Array& indices, int axis, const Array& out) override {
    Check(x, indices, out);
    K().Take(x, indices, axis, out);
  }
  void ScatterAdd(const Array& src, const Array& indices, int axis, const Array& out) override {
    Check(src, indices, out);
    K().ScatterAdd(src, indices, axis, out);
  }
  void Im2Col(const Array& x, const ConvGeometry& g, double pad_value, const Array& col) override {
    Check(x, col);
    K().Im2Col(x, g, pad_value, col);
  }
  void Col2Im(const Array& col, const ConvGeometry& g, const Array& x) override {
    Check(col, x);
    K().Col2Im(col, g, x);
  }
  void MaxPool(const Array& x, const ConvGeometry& g, const Array& y, const Array& indexes) override {
    Check(x, y, indexes);
    K().MaxPool(x, g, y, indexes);
  }
  void MaxPoolScatter(const Array& gy, const Array& indexes, const ConvGeometry& g, const Array& gx) override {
    Check(gy, indexes, gx);
    K().MaxPoolScatter(gy, indexes, g, gx);
  }
  void MaxPoolGather(const Array& gx, const Array& indexes, const ConvGeometry& g, const Array& gy) override {
    Check(gx, indexes, gy);
    K().MaxPoolGather(gx, indexes, g, gy);
  }
  void ResizeBilinear(const Array& x, const ResizeTable& t, const Array& y) override {
    Check(x, y);
    K().ResizeBilinear(x, t, y);
  }
  void ResizeBilinearAdjoint(const Array& gy, const ResizeTable& t, const Array& gx) override {
    Check(gy, gx);
    K().ResizeBilinearAdjoint(gy, t, gx);
  }
  void RoiMaxPool(const Array& x, const Array& rois, double spatial_scale, const Array& y, const Array& argmax) override {
    Check(x, rois, y, argmax);
    K().RoiMaxPool(x, rois, spatial_scale, y, argmax);
  }
  void GatherFlat(const Array& src, const Array& indices, const Array& out) override {
    Check(src, indices, out);
    K().GatherFlat(src, indices, out);
  }
  void ScatterAddFlat(const Array& src, const Array& indices, const Array& out) override {
    Check(src, indices, out);
    K().ScatterAddFlat(src, indices, out);
  }
  void Ctc(const Array& x, const Array& t, const Array& input_length, const Array& label_length, int64_t blank, const Array& loss,
           const Array& grad) override {
    Check(x, t, input_length, label_length, loss, grad);
    K().Ctc(x, t, input_length, label_length, blank, loss, grad);
  }
  void Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0, const Array& s1,
              const Array& s2) override {
    Check(param, grad, s0, s1, s2);
    K().Update(rule, h, param, grad, s0, s1, s2);
  }
  void Dot(const Array& a, const Array& b, const Array& out) override {
    Check(a, b, out);
    K().Dot(a, b, out);
  }
  void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) override {
    Check(a, b, out);
    K().Matmul(a, b, transa, transb, out);
  }

 private:
  Kernels& K() { return device_.kernels(); }

  template <typename... A>
  void Check(const A&... arrays) const {
    (CheckOne(arrays), ...);
  }
  void CheckOne(const Array& a) const {
    if (a.defined() && &a.device() != &device_) Mismatch(a.device());
  }
  [[noreturn]] void Mismatch(const Device& other) const {
    throw DeviceError("arrays are on different devices: " + device_.name() + " and " + other.name() + "; move them to one device first");
  }

  Device& device_;
};

}  // namespace

Device::Device() : checked_(std::make_unique<CheckedKernels>(*this)) {}

Device::~Device() = default;

void Device::CopyToHost(void* dst, const void* src, size_t bytes) {
  if (!is_host()) throw InternalError(name() + " does not implement copies to the host");
  if (bytes > 0) std::memcpy(dst, src, bytes);
}

void Device::CopyFromHost(void* dst, const void* src, size_t bytes) {
  if (!is_host()) throw InternalError(name() + " does not implement copies from the host");
  if (bytes > 0) std::memcpy(dst, src, bytes);
}

}  // namespace chainer
