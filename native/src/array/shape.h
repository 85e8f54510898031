// Shapes, strides and axis lists: a small vector with inline storage, so the
// per-op path allocates nothing for them.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "common/error.h"

namespace chainer {

constexpr int kMaxNdim = 16;

class Dims {
 public:
  Dims() = default;
  Dims(std::initializer_list<int64_t> values) {
    for (int64_t v : values) push_back(v);
  }
  Dims(const int64_t* values, int n) {
    if (n < 0 || n > kMaxNdim) throw InvalidArgumentError("number of dimensions must be in [0, " + std::to_string(kMaxNdim) + "], got " + std::to_string(n));
    for (int i = 0; i < n; ++i) data_[i] = values[i];
    size_ = n;
  }
  static Dims Filled(int n, int64_t value) {
    Dims d;
    for (int i = 0; i < n; ++i) d.push_back(value);
    return d;
  }

  int size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t& operator[](int i) { return data_[i]; }
  int64_t operator[](int i) const { return data_[i]; }
  int64_t* begin() { return data_.data(); }
  int64_t* end() { return data_.data() + size_; }
  const int64_t* begin() const { return data_.data(); }
  const int64_t* end() const { return data_.data() + size_; }
  const int64_t* data() const { return data_.data(); }
  int64_t back() const { return data_[size_ - 1]; }

  void push_back(int64_t v) {
    if (size_ >= kMaxNdim) throw InvalidArgumentError("too many dimensions (max " + std::to_string(kMaxNdim) + ")");
    data_[size_++] = v;
  }
  void insert(int pos, int64_t v) {
    push_back(0);
    for (int i = size_ - 1; i > pos; --i) data_[i] = data_[i - 1];
    data_[pos] = v;
  }
  void erase(int pos) {
    for (int i = pos; i + 1 < size_; ++i) data_[i] = data_[i + 1];
    --size_;
  }

  int64_t Product() const {
    int64_t p = 1;
    for (int i = 0; i < size_; ++i) p *= data_[i];
    return p;
  }

  bool operator==(const Dims& o) const { return size_ == o.size_ && std::equal(begin(), end(), o.begin()); }
  bool operator!=(const Dims& o) const { return !(*this == o); }

  // Python tuple notation, as Chainer prints shapes: (2, 3), (2,), ().
  std::string ToString() const {
    std::string s = "(";
    for (int i = 0; i < size_; ++i) {
      if (i > 0) s += ", ";
      s += std::to_string(data_[i]);
    }
    if (size_ == 1) s += ",";
    return s + ")";
  }

 private:
  std::array<int64_t, kMaxNdim> data_{};
  int size_ = 0;
};

using Shape = Dims;
using Strides = Dims;  // in elements, not bytes
using Axes = Dims;

// Normalises a possibly negative axis for an array of rank ndim.
inline int NormalizeAxis(int64_t axis, int ndim) {
  if (axis < -ndim || axis >= ndim) {
    throw IndexError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " + std::to_string(ndim));
  }
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

}  // namespace chainer
