#include "array/array.h"

#include <cmath>
#include <cstring>

#include "device/device.h"
#include "kernels/kernels.h"

namespace chainer {

Strides ContiguousStrides(const Shape& shape) {
  Strides s = Dims::Filled(shape.size(), 1);
  int64_t stride = 1;
  for (int i = shape.size() - 1; i >= 0; --i) {
    s[i] = stride;
    stride *= shape[i] > 0 ? shape[i] : 1;
  }
  return s;
}

void CheckShape(const Shape& shape) {
  for (int64_t d : shape) {
    if (d < 0) throw InvalidArgumentError("negative dimensions are not allowed: shape " + shape.ToString());
  }
  // Guard the byte count against overflow before any allocation.
  double total = 1;
  for (int64_t d : shape) total *= static_cast<double>(d);
  if (total > 9.0e15) throw InvalidArgumentError("array is too big: shape " + shape.ToString());
}

Shape BroadcastShapes(const Shape& a, const Shape& b) {
  int n = std::max(a.size(), b.size());
  Shape out = Dims::Filled(n, 1);
  for (int i = 0; i < n; ++i) {
    int ia = a.size() - n + i;
    int ib = b.size() - n + i;
    int64_t da = ia >= 0 ? a[ia] : 1;
    int64_t db = ib >= 0 ? b[ib] : 1;
    if (da == db || db == 1) {
      out[i] = da;
    } else if (da == 1) {
      out[i] = db;
    } else {
      throw ShapeMismatchError("cannot broadcast inputs of the following shapes:\nlhs.shape = " + a.ToString() + "\nrhs.shape = " + b.ToString());
    }
  }
  return out;
}

Device& Array::device() const { return storage_->device(); }

Array Array::Empty(const Shape& shape, Dtype dtype, Device& device) {
  CheckShape(shape);
  size_t bytes = static_cast<size_t>(shape.Product()) * ItemSize(dtype);
  return Array(Storage::Allocate(device, bytes), shape, ContiguousStrides(shape), 0, dtype);
}

Array Array::Empty(const Shape& shape, Dtype dtype) { return Empty(shape, dtype, CpuDevice()); }

Array Array::Full(const Shape& shape, Dtype dtype, double value, Device& device) {
  Array a = Empty(shape, dtype, device);
  a.Fill(value);
  return a;
}

Array Array::FromHost(const Shape& shape, Dtype dtype, const void* data, Device& device) {
  Array a = Empty(shape, dtype, device);
  if (a.nbytes() == 0) return a;
  if (device.is_host()) {
    std::memcpy(a.raw_data(), data, static_cast<size_t>(a.nbytes()));
  } else {
    device.CopyFromHost(a.raw_data(), data, static_cast<size_t>(a.nbytes()));
  }
  return a;
}

Array Array::Arange(double start, double stop, double step, Dtype dtype, Device& device) {
  if (step == 0) throw InvalidArgumentError("arange: step must not be zero");
  if (!std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step)) throw InvalidArgumentError("arange: arguments must be finite");
  double count = std::ceil((stop - start) / step);
  if (!(count < 9.0e15)) throw InvalidArgumentError("arange: the array would be too big (" + std::to_string(count) + " elements)");
  int64_t n = count > 0 ? static_cast<int64_t>(count) : 0;
  Array a = Empty(Shape{n}, dtype, device);
  device.kernels().Arange(a, start, step);
  return a;
}

bool Array::IsContiguous() const {
  int64_t expected = 1;
  for (int i = ndim() - 1; i >= 0; --i) {
    if (shape_[i] == 1) continue;
    if (shape_[i] == 0) return true;
    if (strides_[i] != expected) return false;
    expected *= shape_[i];
  }
  return true;
}

Array Array::Transpose(const Axes& axes) const {
  if (axes.size() != ndim()) throw InvalidArgumentError("axes don't match array: got " + std::to_string(axes.size()) + " axes for an array of dimension " + std::to_string(ndim()));
  bool seen[kMaxNdim] = {};
  Shape shape;
  Strides strides;
  for (int i = 0; i < axes.size(); ++i) {
    int ax = NormalizeAxis(axes[i], ndim());
    if (seen[ax]) throw InvalidArgumentError("repeated axis in transpose");
    seen[ax] = true;
    shape.push_back(shape_[ax]);
    strides.push_back(strides_[ax]);
  }
  return Array(storage_, shape, strides, offset_, dtype_);
}

Array Array::BroadcastTo(const Shape& shape) const {
  if (shape.size() < ndim()) {
    throw ShapeMismatchError("cannot broadcast an array of shape " + shape_.ToString() + " to shape " + shape.ToString());
  }
  CheckShape(shape);
  Strides strides = Dims::Filled(shape.size(), 0);
  int lead = shape.size() - ndim();
  for (int i = 0; i < ndim(); ++i) {
    int64_t d = shape_[i];
    int64_t target = shape[lead + i];
    if (d == target) {
      strides[lead + i] = strides_[i];
    } else if (d == 1) {
      strides[lead + i] = 0;
    } else {
      throw ShapeMismatchError("cannot broadcast an array of shape " + shape_.ToString() + " to shape " + shape.ToString());
    }
  }
  return Array(storage_, shape, strides, offset_, dtype_);
}

Array Array::Reshape(const Shape& requested) const {
  Shape shape = requested;
  int infer = -1;
  int64_t known = 1;
  for (int i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (infer >= 0) throw InvalidArgumentError("can only specify one unknown dimension");
      infer = i;
    } else if (shape[i] < 0) {
      throw InvalidArgumentError("negative dimensions are not allowed: shape " + requested.ToString());
    } else {
      known *= shape[i];
    }
  }
  if (infer >= 0) {
    if (known == 0 || size() % known != 0) {
      throw InvalidTypeError("cannot reshape array of size " + std::to_string(size()) + " into shape " + requested.ToString());
    }
    shape[infer] = size() / known;
  }
  if (shape.Product() != size()) {
    throw InvalidTypeError("cannot reshape array of size " + std::to_string(size()) + " into shape " + requested.ToString());
  }
  if (IsContiguous()) return Array(storage_, shape, ContiguousStrides(shape), offset_, dtype_);
  Array c = Copy();
  return Array(c.storage_, shape, ContiguousStrides(shape), 0, dtype_);
}

Array Array::AsType(Dtype dtype) const {
  Array out = Empty(shape_, dtype, device());
  device().kernels().Copy(*this, out);
  return out;
}

void Array::Assign(const Array& src) const {
  Device& dev = device();
  if (&src.device() == &dev) {
    dev.kernels().Copy(src.BroadcastTo(shape_), *this);
    return;
  }
  // Across devices: move src (before broadcasting, so only its own elements
  // travel) onto this device, then copy with the cast and the broadcast there.
  Array staged = ToDevice(src, dev);
  dev.kernels().Copy(staged.BroadcastTo(shape_), *this);
}

void Array::Fill(double value) const {
  if (DtypeKind(dtype_) == 'i' && !std::isfinite(value)) {
    throw InvalidArgumentError(std::string("cannot convert float ") + (std::isnan(value) ? "NaN" : "infinity") + " to integer");
  }
  device().kernels().Fill(*this, value);
}

void Array::ToHost(void* dst) const {
  if (nbytes() == 0) return;
  if (!device().is_host()) {
    Array c = AsContiguous();
    device().CopyToHost(dst, c.raw_data(), static_cast<size_t>(nbytes()));
    return;
  }
  if (IsContiguous()) {
    std::memcpy(dst, raw_data(), static_cast<size_t>(nbytes()));
    return;
  }
  Array c = Copy();
  std::memcpy(dst, c.raw_data(), static_cast<size_t>(nbytes()));
}

Array ToDevice(const Array& a, Device& device) {
  Device& from = a.device();
  if (&from == &device) return a;
  Array src = a.AsContiguous();
  Array out = Array::Empty(a.shape(), a.dtype(), device);
  size_t bytes = static_cast<size_t>(out.nbytes());
  if (bytes == 0) return out;
  if (from.is_host()) {
    device.CopyFromHost(out.raw_data(), src.raw_data(), bytes);
  } else if (device.is_host()) {
    from.CopyToHost(out.raw_data(), src.raw_data(), bytes);
  } else {
    // Between two devices: stage through host memory.
    Array staged = Array::Empty(a.shape(), a.dtype(), CpuDevice());
    from.CopyToHost(staged.raw_data(), src.raw_data(), bytes);
    device.CopyFromHost(out.raw_data(), staged.raw_data(), bytes);
  }
  return out;
}

Array OnHost(const Array& a) {
  if (a.device().is_host()) return a.AsContiguous();
  return ToDevice(a, CpuDevice());
}

}  // namespace chainer
