#include <cstring>

#include "capi/guard.h"
#include "device/device.h"

using chainer::Array;
using chainer::Dtype;
using chainer::capi::Guard;
using chainer::capi::NewHandle;
using chainer::capi::A;
using chainer::capi::Apply;
using chainer::capi::Opt;
using chainer::capi::OptArray;
using chainer::capi::Require;
using chainer::capi::V;
using chainer::capi::ShapeFrom;

namespace {

Dtype DtypeFrom(const ch_dtype& dtype) { return chainer::capi::DtypeFromCode(dtype); }

}  // namespace

namespace chainer {
namespace capi {

Dtype DtypeFromCode(const ch_dtype& dtype) {
  static_assert(sizeof(ch_dtype) == sizeof(int32_t), "ch_dtype is passed as a 32-bit integer");
  int32_t raw = 0;
  std::memcpy(&raw, &dtype, sizeof raw);
  if (!IsValidDtype(raw)) throw InvalidArgumentError("unknown dtype code " + std::to_string(raw));
  return static_cast<Dtype>(raw);
}

}  // namespace capi
}  // namespace chainer

extern "C" {

ch_status ch_array_free(ch_array* array) {
  return Guard([&] { delete array; });
}

ch_status ch_array_retain(ch_array* array, ch_array** out_array) {
  return Guard([&] { *Require(out_array, "out_array") = NewHandle(A(array, "array")); });
}

ch_status ch_array_from_buffer(ch_dtype dtype, const int64_t* shape, int32_t ndim, const void* data, int64_t byte_length,
                               ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    Dtype dt = DtypeFrom(dtype);
    chainer::Shape s = ShapeFrom(shape, ndim, "shape");
    chainer::CheckShape(s);
    int64_t needed = s.Product() * static_cast<int64_t>(chainer::ItemSize(dt));
    if (byte_length != needed) {
      throw chainer::InvalidArgumentError("buffer holds " + std::to_string(byte_length) + " bytes but shape " + s.ToString() + " of " +
                                          chainer::DtypeName(dt) + " needs " + std::to_string(needed));
    }
    if (needed > 0) Require(data, "data");
    *out_array = NewHandle(Array::FromHost(s, dt, data, chainer::CpuDevice()));
  });
}

ch_status ch_array_empty(ch_dtype dtype, const int64_t* shape, int32_t ndim, ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    *out_array = NewHandle(Array::Empty(ShapeFrom(shape, ndim, "shape"), DtypeFrom(dtype), chainer::CpuDevice()));
  });
}

ch_status ch_array_full(ch_dtype dtype, const int64_t* shape, int32_t ndim, double value, ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    *out_array = NewHandle(Array::Full(ShapeFrom(shape, ndim, "shape"), DtypeFrom(dtype), value, chainer::CpuDevice()));
  });
}

ch_status ch_array_arange(double start, double stop, double step, ch_dtype dtype, ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    *out_array = NewHandle(Array::Arange(start, stop, step, DtypeFrom(dtype), chainer::CpuDevice()));
  });
}

ch_status ch_array_copy(ch_array* array, ch_dtype dtype, ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    *out_array = NewHandle(A(array, "array").AsType(DtypeFrom(dtype)));
  });
}

ch_status ch_array_assign(ch_array* dst, ch_array* src) {
  return Guard([&] {
    const Array& d = A(dst, "dst");
    const Array& s = A(src, "src");
    if (&d.device() != &s.device()) throw chainer::DeviceError("arrays are on different devices: " + d.device().name() + " and " + s.device().name());
    d.Assign(s);
  });
}

ch_status ch_array_fill(ch_array* array, double value) {
  return Guard([&] { A(array, "array").Fill(value); });
}

ch_status ch_array_to_buffer(ch_array* array, void* data, int64_t byte_length) {
  return Guard([&] {
    const Array& a = A(array, "array");
    if (byte_length != a.nbytes()) {
      throw chainer::InvalidArgumentError("buffer holds " + std::to_string(byte_length) + " bytes but the array has " + std::to_string(a.nbytes()));
    }
    if (a.nbytes() > 0) a.ToHost(Require(data, "data"));
  });
}

ch_status ch_array_dtype(ch_array* array, ch_dtype* out_dtype) {
  return Guard([&] { *Require(out_dtype, "out_dtype") = static_cast<ch_dtype>(A(array, "array").dtype()); });
}

ch_status ch_array_ndim(ch_array* array, int32_t* out_ndim) {
  return Guard([&] { *Require(out_ndim, "out_ndim") = A(array, "array").ndim(); });
}

ch_status ch_array_shape(ch_array* array, int64_t* shape, int32_t capacity) {
  return Guard([&] {
    const Array& a = A(array, "array");
    if (capacity < a.ndim()) throw chainer::InvalidArgumentError("shape buffer too small: " + std::to_string(capacity) + " < " + std::to_string(a.ndim()));
    if (a.ndim() > 0) std::memcpy(Require(shape, "shape"), a.shape().data(), sizeof(int64_t) * a.ndim());
  });
}

ch_status ch_array_strides(ch_array* array, int64_t* strides, int32_t capacity) {
  return Guard([&] {
    const Array& a = A(array, "array");
    if (capacity < a.ndim()) throw chainer::InvalidArgumentError("strides buffer too small");
    if (a.ndim() > 0) Require(strides, "strides");
    for (int i = 0; i < a.ndim(); ++i) strides[i] = a.strides()[i] * static_cast<int64_t>(a.itemsize());
  });
}

ch_status ch_array_size(ch_array* array, int64_t* out_size) {
  return Guard([&] { *Require(out_size, "out_size") = A(array, "array").size(); });
}

ch_status ch_array_nbytes(ch_array* array, int64_t* out_nbytes) {
  return Guard([&] { *Require(out_nbytes, "out_nbytes") = A(array, "array").nbytes(); });
}

ch_status ch_array_device(ch_array* array, const char** out_device) {
  return Guard([&] { *Require(out_device, "out_device") = A(array, "array").device().name().c_str(); });
}

ch_status ch_array_same(ch_array* a, ch_array* b, int32_t* out_same) {
  return Guard([&] { *Require(out_same, "out_same") = A(a, "a").SameView(A(b, "b")) ? 1 : 0; });
}

}  // extern "C"
