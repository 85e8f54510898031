// C entry points of the Devices section: specifiers, transfers, and the CUDA
// backend's status, synchronisation and memory pool.
#include <string>

#include "capi/guard.h"
#include "device/cuda_device.h"
#include "device/device.h"

using chainer::Array;
using chainer::Device;
using chainer::capi::A;
using chainer::capi::Guard;
using chainer::capi::NewHandle;
using chainer::capi::Require;
using chainer::capi::ShapeFrom;

namespace {

Device& DeviceFrom(const char* spec) { return chainer::GetDevice(Require(spec, "device")); }

const chc_api& CudaApi() { return chainer::cuda::Api(); }

// A CUDA ordinal that names an existing device (DeviceError otherwise).
int32_t CudaOrdinal(int32_t device) {
  chainer::cuda::GetCudaDevice(device);
  return device;
}

void CheckCuda(int32_t status, const char* what) {
  if (status == CH_OK) return;
  const char* m = CudaApi().last_error != nullptr ? CudaApi().last_error() : nullptr;
  std::string message = m != nullptr && m[0] != '\0' ? std::string(m) : std::string("CUDA ") + what + " failed with status " + std::to_string(status);
  chainer::ThrowStatus(status, message);
}

}  // namespace

extern "C" {

ch_status ch_device_resolve(const char* device, const char** out_name) {
  return Guard([&] {
    Require(out_name, "out_name");
    // Device objects live as long as the process, and so do their names.
    *out_name = DeviceFrom(device).name().c_str();
  });
}

ch_status ch_array_to_device(ch_array* array, const char* device, ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    const Array& a = A(array, "array");
    *out_array = NewHandle(chainer::ToDevice(a, DeviceFrom(device)));
  });
}

ch_status ch_array_full_on_device(const char* device, ch_dtype dtype, const int64_t* shape, int32_t ndim, double value,
                                  ch_array** out_array) {
  return Guard([&] {
    Require(out_array, "out_array");
    Device& d = DeviceFrom(device);
    *out_array = NewHandle(Array::Full(ShapeFrom(shape, ndim, "shape"), chainer::capi::DtypeFromCode(dtype), value, d));
  });
}

ch_status ch_cuda_available(int32_t* out_available, const char** out_reason) {
  return Guard([&] {
    Require(out_available, "out_available");
    bool available = chainer::cuda::Available();
    *out_available = available ? 1 : 0;
    // Fixed once the backend has been tried; owned by the library for good.
    if (out_reason != nullptr) *out_reason = available ? "" : chainer::cuda::UnavailableReason().c_str();
  });
}

ch_status ch_cuda_device_count(int32_t* out_count) {
  return Guard([&] { *Require(out_count, "out_count") = chainer::cuda::DeviceCount(); });
}

ch_status ch_cuda_device_name(int32_t device, const char** out_name) {
  return Guard([&] {
    Require(out_name, "out_name");
    *out_name = chainer::cuda::DeviceProductName(device).c_str();
  });
}

ch_status ch_cuda_synchronize(int32_t device) {
  return Guard([&] { chainer::cuda::GetCudaDevice(device).Synchronize(); });
}

ch_status ch_cuda_memory_stats(int32_t device, int64_t* out_used, int64_t* out_cached, int64_t* out_peak, int64_t* out_device_allocations,
                               int64_t* out_device_frees) {
  return Guard([&] {
    Require(out_used, "out_used");
    Require(out_cached, "out_cached");
    Require(out_peak, "out_peak");
    Require(out_device_allocations, "out_device_allocations");
    Require(out_device_frees, "out_device_frees");
    int32_t dev = CudaOrdinal(device);
    chc_memory_stats stats{};
    CheckCuda(CudaApi().memory_stats(dev, &stats), "memory_stats");
    *out_used = stats.used;
    *out_cached = stats.cached;
    *out_peak = stats.peak;
    *out_device_allocations = stats.device_allocations;
    *out_device_frees = stats.device_frees;
  });
}

ch_status ch_cuda_reset_peak_memory(int32_t device) {
  return Guard([&] {
    int32_t dev = CudaOrdinal(device);
    CheckCuda(CudaApi().reset_peak(dev), "reset_peak");
  });
}

ch_status ch_cuda_free_cached_memory(int32_t device) {
  return Guard([&] {
    if (device == -1) {
      // Every device; nothing to do without CUDA.
      int count = chainer::cuda::DeviceCount();
      for (int32_t i = 0; i < count; ++i) CheckCuda(CudaApi().free_cached(i), "free_cached");
      return;
    }
    int32_t dev = CudaOrdinal(device);
    CheckCuda(CudaApi().free_cached(dev), "free_cached");
  });
}

}  // extern "C"
