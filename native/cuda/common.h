// Shared host-side machinery of the CUDA backend: errors (thrown inside the
// library, converted to ch_status at the ABI boundary), device selection,
// the per-device stream, the caching pool and dtype dispatch.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <utility>

#include "device/cuda_plugin_abi.h"

namespace chainer_cuda {

// The exception every failure inside the backend becomes; never crosses the ABI.
struct Error {
  int32_t status;
  std::string message;
};

[[noreturn]] void Fail(int32_t status, std::string message);
// Throws an Error for a failed CUDA call (status from the error code).
void Check(cudaError_t err, const char* what);
// Checks the launch that just happened (cudaGetLastError).
void CheckLaunch(const char* what);
int32_t StatusOf(cudaError_t err);

void SetLastError(const std::string& message);
const char* LastError();

// Runs f, converting any exception into a status and a thread-local message.
template <typename F>
int32_t Guard(F&& f) noexcept {
  try {
    f();
    return CH_OK;
  } catch (const Error& e) {
    try { SetLastError(e.message); } catch (...) {}
    return e.status;
  } catch (const std::bad_alloc&) {
    try { SetLastError("host memory exhausted"); } catch (...) {}
    return CH_ERROR_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    try { SetLastError(std::string("internal error: ") + e.what()); } catch (...) {}
    return CH_ERROR_INTERNAL;
  } catch (...) {
    try { SetLastError("internal error: unknown exception"); } catch (...) {}
    return CH_ERROR_INTERNAL;
  }
}

// Devices.
int32_t DeviceCount();             // cached after the first successful query
void UseDevice(int32_t dev);       // range check + cudaSetDevice
cudaStream_t Stream(int32_t dev);  // the device's one non-blocking stream (created lazily)

// Caching pool (memory_pool.cc).
void* PoolMalloc(int32_t dev, size_t bytes);
void PoolFree(int32_t dev, void* ptr);
void PoolStats(int32_t dev, chc_memory_stats* out);
void PoolResetPeak(int32_t dev);
void PoolFreeCached(int32_t dev);

// Host <-> device copies through pinned staging (stream.cc); stream-ordered.
void CopyToHost(int32_t dev, void* dst, const void* src, size_t bytes);
void CopyFromHost(int32_t dev, void* dst, const void* src, size_t bytes);

// Device scratch from the pool, returned when it goes out of scope. Returning
// a block before the kernels that use it have run is safe: every later user
// of the block runs on the same stream.
class Scratch {
 public:
  Scratch(int32_t dev, size_t bytes) : dev_(dev), ptr_(PoolMalloc(dev, bytes)) {}
  ~Scratch() {
    try {
      if (ptr_ != nullptr) PoolFree(dev_, ptr_);
    } catch (...) {
      // Only a host allocation failure in the free list can land here; the block is dropped.
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  void* get() const { return ptr_; }
  template <typename T>
  T* as() const { return static_cast<T*>(ptr_); }

 private:
  int32_t dev_;
  void* ptr_;
};

// Arrays.
inline int64_t NumElements(const chc_array& a) {
  int64_t n = 1;
  for (int i = 0; i < a.ndim; ++i) n *= a.shape[i];
  return n;
}
inline size_t ItemSize(int32_t dtype) {
  switch (dtype) {
    case 0: return 1;
    case 1: return 4;
    case 2: return 8;
    case 3: return 4;
    case 4: return 8;
    default: return 0;
  }
}
const char* DtypeName(int32_t dtype);
// Validates the pointer, ndim, dtype and data of an argument.
const chc_array& Arg(const chc_array* a, const char* name);
// Like Arg, and also requires dtype.
const chc_array& Arg(const chc_array* a, const char* name, int32_t dtype);
[[noreturn]] void NotSupported(const char* what, int32_t dtype);

// Calls f(T{}) with the C++ type of a ch_dtype code.
template <typename F>
void VisitDtype(int32_t dtype, F&& f) {
  switch (dtype) {
    case CH_DTYPE_BOOL: f(bool{}); return;
    case CH_DTYPE_INT32: f(int32_t{}); return;
    case CH_DTYPE_INT64: f(int64_t{}); return;
    case CH_DTYPE_FLOAT32: f(float{}); return;
    case CH_DTYPE_FLOAT64: f(double{}); return;
    default: break;
  }
  Fail(CH_ERROR_INVALID_ARGUMENT, "unknown dtype code " + std::to_string(dtype));
}

template <typename F>
void VisitFloatDtype(int32_t dtype, const char* what, F&& f) {
  switch (dtype) {
    case CH_DTYPE_FLOAT32: f(float{}); return;
    case CH_DTYPE_FLOAT64: f(double{}); return;
    default: break;
  }
  NotSupported(what, dtype);
}

// The ABI functions implemented in the kernel sources (declared here, put
// into the table by plugin.cc).
int32_t Fill(int32_t dev, const chc_array* out, double value);
int32_t Arange(int32_t dev, const chc_array* out, double start, double step);
int32_t Copy(int32_t dev, const chc_array* src, const chc_array* dst);
int32_t Unary(int32_t dev, int32_t op, const chc_array* x, const chc_array* out);
int32_t Binary(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out);
int32_t BinaryScalar(int32_t dev, int32_t op, const chc_array* a, double s, int32_t scalar_first, const chc_array* out);
int32_t Compare(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out);
int32_t Where(int32_t dev, const chc_array* cond, const chc_array* a, const chc_array* b, const chc_array* out);
int32_t Sum(int32_t dev, const chc_array* x, const int32_t* axes, int32_t n_axes, const chc_array* out);
int32_t Reduce(int32_t dev, int32_t op, const chc_array* x, const int32_t* axes, int32_t n_axes, const chc_array* out);
int32_t ArgReduce(int32_t dev, int32_t op, const chc_array* x, int32_t axis, const chc_array* out);
int32_t Cumsum(int32_t dev, const chc_array* x, int32_t axis, const chc_array* out);
int32_t Take(int32_t dev, const chc_array* x, const chc_array* indices, int32_t axis, const chc_array* out);
int32_t ScatterAdd(int32_t dev, const chc_array* src, const chc_array* indices, int32_t axis, const chc_array* out);
int32_t Im2Col(int32_t dev, const chc_array* x, const chc_geometry* g, double pad_value, const chc_array* col);
int32_t Col2Im(int32_t dev, const chc_array* col, const chc_geometry* g, const chc_array* x);
int32_t MaxPool(int32_t dev, const chc_array* x, const chc_geometry* g, const chc_array* y, const chc_array* indexes);
int32_t MaxPoolScatter(int32_t dev, const chc_array* gy, const chc_array* indexes, const chc_geometry* g,
                       const chc_array* gx);
int32_t MaxPoolGather(int32_t dev, const chc_array* gx, const chc_array* indexes, const chc_geometry* g,
                      const chc_array* gy);
int32_t ResizeBilinear(int32_t dev, const chc_array* x, const chc_resize_table* t, const chc_array* y);
int32_t ResizeBilinearAdjoint(int32_t dev, const chc_array* gy, const chc_resize_table* t, const chc_array* gx);
int32_t RoiMaxPool(int32_t dev, const chc_array* x, const chc_array* rois, double spatial_scale, const chc_array* y,
                   const chc_array* argmax);
int32_t GatherFlat(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out);
int32_t ScatterAddFlat(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out);
int32_t Ctc(int32_t dev, const chc_array* x, const chc_array* t, const chc_array* input_length,
            const chc_array* label_length, int64_t blank, const chc_array* loss, const chc_array* grad);
int32_t Update(int32_t dev, int32_t rule, const chc_update_hyper* h, const chc_array* param, const chc_array* grad,
               const chc_array* s0, const chc_array* s1, const chc_array* s2);
int32_t Dot(int32_t dev, const chc_array* a, const chc_array* b, const chc_array* out);
int32_t Matmul(int32_t dev, const chc_array* a, const chc_array* b, int32_t transa, int32_t transb,
               const chc_array* out);

// Internal helpers shared between kernel sources (elementwise.cu).
// Strided same-shape copy with dtype conversion, on the device's stream.
void CopyStrided(int32_t dev, const chc_array& src, const chc_array& dst);
void FillStrided(int32_t dev, const chc_array& out, double value);
// A C-contiguous chc_array describing `data` with a's dtype and shape.
chc_array ContiguousLike(const chc_array& a, void* data);

}  // namespace chainer_cuda
