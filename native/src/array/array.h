// An n-dimensional array: a view (shape, strides, offset) over shared storage.
// Copying an Array copies the view, never the data.
#pragma once

#include <cstdint>
#include <memory>

#include "array/dtype.h"
#include "array/shape.h"
#include "array/storage.h"

namespace chainer {

class Device;

class Array {
 public:
  Array() = default;

  static Array Empty(const Shape& shape, Dtype dtype, Device& device);
  static Array Empty(const Shape& shape, Dtype dtype);  // on the CPU
  static Array Full(const Shape& shape, Dtype dtype, double value, Device& device);
  static Array Zeros(const Shape& shape, Dtype dtype, Device& device) { return Full(shape, dtype, 0.0, device); }
  static Array Ones(const Shape& shape, Dtype dtype, Device& device) { return Full(shape, dtype, 1.0, device); }
  static Array EmptyLike(const Array& a) { return Empty(a.shape(), a.dtype(), a.device()); }
  static Array ZerosLike(const Array& a) { return Full(a.shape(), a.dtype(), 0.0, a.device()); }
  static Array OnesLike(const Array& a) { return Full(a.shape(), a.dtype(), 1.0, a.device()); }
  // Copies C-ordered host data onto `device`.
  static Array FromHost(const Shape& shape, Dtype dtype, const void* data, Device& device);
  static Array Arange(double start, double stop, double step, Dtype dtype, Device& device);

  bool defined() const { return storage_ != nullptr; }
  const Shape& shape() const { return shape_; }
  const Strides& strides() const { return strides_; }
  int64_t offset() const { return offset_; }
  Dtype dtype() const { return dtype_; }
  int ndim() const { return shape_.size(); }
  int64_t size() const { return shape_.Product(); }
  size_t itemsize() const { return ItemSize(dtype_); }
  int64_t nbytes() const { return size() * static_cast<int64_t>(itemsize()); }
  Device& device() const;
  const std::shared_ptr<Storage>& storage() const { return storage_; }

  // Address of element 0 of this view.
  void* raw_data() const { return static_cast<char*>(storage_->data()) + offset_ * static_cast<int64_t>(itemsize()); }
  template <typename T>
  T* data() const { return static_cast<T*>(raw_data()); }

  bool IsContiguous() const;

  // Views (no copy).
  // A view with explicit geometry over the same storage (offset in elements
  // from the storage start); the caller guarantees it stays in bounds.
  Array Strided(const Shape& shape, const Strides& strides, int64_t offset) const {
    return Array(storage_, shape, strides, offset, dtype_);
  }
  Array Transpose(const Axes& axes) const;
  Array BroadcastTo(const Shape& shape) const;
  // A view when the layout allows, a copy otherwise. One entry may be -1.
  Array Reshape(const Shape& shape) const;

  // A C-contiguous copy (cast to dtype).
  Array Copy() const { return AsType(dtype_); }
  Array AsType(Dtype dtype) const;
  // This array itself when already C-contiguous.
  Array AsContiguous() const { return IsContiguous() ? *this : Copy(); }
  // Copies src into this view (src is broadcast, its dtype cast), from any device.
  void Assign(const Array& src) const;
  void Fill(double value) const;
  // Copies to host memory in C order (from any device); bytes must be nbytes().
  void ToHost(void* dst) const;

  bool SameView(const Array& o) const {
    return storage_ == o.storage_ && offset_ == o.offset_ && shape_ == o.shape_ && strides_ == o.strides_ && dtype_ == o.dtype_;
  }

 private:
  Array(std::shared_ptr<Storage> storage, const Shape& shape, const Strides& strides, int64_t offset, Dtype dtype)
      : storage_(std::move(storage)), shape_(shape), strides_(strides), offset_(offset), dtype_(dtype) {}

  std::shared_ptr<Storage> storage_;
  Shape shape_;
  Strides strides_;
  int64_t offset_ = 0;
  Dtype dtype_ = Dtype::kFloat32;
};

// `a` on `device`: `a` itself when it is there already, else a C-contiguous
// copy (host <-> device through the device's copies, device <-> another
// device through host memory).
Array ToDevice(const Array& a, Device& device);
// `a` as a C-contiguous array in host memory (itself when it already is), for
// routines that read small metadata (labels, masks, lengths) on the host.
Array OnHost(const Array& a);

Strides ContiguousStrides(const Shape& shape);
// NumPy broadcasting of two shapes; throws ShapeMismatchError naming them.
Shape BroadcastShapes(const Shape& a, const Shape& b);
void CheckShape(const Shape& shape);

}  // namespace chainer
