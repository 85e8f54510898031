// The backend's entry point (chainer_cuda_open), the function table, error
// state and device queries.
#include <cuda_runtime.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "common.h"

namespace chainer_cuda {
namespace {

thread_local std::string g_last_error;

std::string VersionString(int v) {
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

void WriteReason(char* reason, int32_t capacity, const std::string& text) {
  if (reason == nullptr || capacity <= 0) return;
  size_t n = std::min(static_cast<size_t>(capacity) - 1, text.size());
  std::memcpy(reason, text.data(), n);
  reason[n] = '\0';
}

std::string ErrorText(cudaError_t err) {
  return std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err);
}

}  // namespace

void SetLastError(const std::string& message) { g_last_error = message; }
const char* LastError() { return g_last_error.c_str(); }

[[noreturn]] void Fail(int32_t status, std::string message) { throw Error{status, std::move(message)}; }

int32_t StatusOf(cudaError_t err) {
  switch (err) {
    case cudaSuccess: return CH_OK;
    case cudaErrorMemoryAllocation: return CH_ERROR_OUT_OF_MEMORY;
    // Errors that mean a bad call on our side (error codes present in CUDA 11 to 13).
    case cudaErrorInvalidValue:
    case cudaErrorInvalidConfiguration:
    case cudaErrorInvalidResourceHandle:
      return CH_ERROR_INTERNAL;
    default: return CH_ERROR_DEVICE;
  }
}

void Check(cudaError_t err, const char* what) {
  if (err == cudaSuccess) return;
  // Clear a non-sticky error so it is not reported again by a later call.
  (void)cudaGetLastError();
  Fail(StatusOf(err), std::string("CUDA error in ") + what + ": " + ErrorText(err));
}

void CheckLaunch(const char* what) {
  cudaError_t err = cudaGetLastError();
  if (err == cudaSuccess) return;
  std::string msg = std::string("CUDA kernel launch failed (") + what + "): " + ErrorText(err);
  if (err == cudaErrorNoKernelImageForDevice || err == cudaErrorInvalidDeviceFunction) {
    msg += " (libchainer_cuda.so was built for CUDA architectures " CHAINER_CUDA_ARCHS_STRING ")";
  }
  Fail(StatusOf(err), msg);
}

const char* DtypeName(int32_t dtype) {
  switch (dtype) {
    case CH_DTYPE_BOOL: return "bool";
    case CH_DTYPE_INT32: return "int32";
    case CH_DTYPE_INT64: return "int64";
    case CH_DTYPE_FLOAT32: return "float32";
    case CH_DTYPE_FLOAT64: return "float64";
    default: return "unknown";
  }
}

[[noreturn]] void NotSupported(const char* what, int32_t dtype) {
  Fail(CH_ERROR_NOT_SUPPORTED, std::string(what) + " is not supported for dtype " + DtypeName(dtype) + " on CUDA");
}

const chc_array& Arg(const chc_array* a, const char* name) {
  if (a == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, std::string("CUDA kernel argument '") + name + "' is NULL");
  if (a->ndim < 0 || a->ndim > CHC_MAX_NDIM) {
    Fail(CH_ERROR_INVALID_ARGUMENT, std::string("CUDA kernel argument '") + name + "' has invalid ndim " +
                                        std::to_string(a->ndim));
  }
  if (ItemSize(a->dtype) == 0) {
    Fail(CH_ERROR_INVALID_ARGUMENT, std::string("CUDA kernel argument '") + name + "' has unknown dtype code " +
                                        std::to_string(a->dtype));
  }
  for (int i = 0; i < a->ndim; ++i) {
    if (a->shape[i] < 0) Fail(CH_ERROR_INVALID_ARGUMENT, std::string("CUDA kernel argument '") + name + "' has a negative dimension");
  }
  if (a->data == nullptr && NumElements(*a) > 0) {
    Fail(CH_ERROR_NULL_ARGUMENT, std::string("CUDA kernel argument '") + name + "' has no data");
  }
  return *a;
}

const chc_array& Arg(const chc_array* a, const char* name, int32_t dtype) {
  const chc_array& r = Arg(a, name);
  if (r.dtype != dtype) {
    Fail(CH_ERROR_DTYPE_MISMATCH, std::string("CUDA kernel argument '") + name + "' must be " + DtypeName(dtype) +
                                      ", got " + DtypeName(r.dtype));
  }
  return r;
}

namespace {

std::mutex g_count_mu;
int32_t g_count = -1;

}  // namespace

int32_t DeviceCount() {
  std::lock_guard<std::mutex> lock(g_count_mu);
  if (g_count < 0) {
    int n = 0;
    Check(cudaGetDeviceCount(&n), "cudaGetDeviceCount");
    g_count = n;
  }
  return g_count;
}

void UseDevice(int32_t dev) {
  int32_t n = DeviceCount();
  if (dev < 0 || dev >= n) {
    Fail(CH_ERROR_DEVICE, "invalid CUDA device " + std::to_string(dev) + " (" + std::to_string(n) +
                              " device" + (n == 1 ? "" : "s") + " present)");
  }
  Check(cudaSetDevice(dev), "cudaSetDevice");
}

// Defined in elementwise.cu: queries a kernel's attributes on the current
// device, which fails when the library has no image for it.
cudaError_t ProbeKernelImage();

namespace {

const char* ApiLastError() { return LastError(); }

int32_t ApiDeviceCount(int32_t* out_count) {
  return Guard([&] {
    if (out_count == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "device_count: out_count is NULL");
    *out_count = DeviceCount();
  });
}

int32_t ApiDeviceName(int32_t dev, char* name, int32_t capacity) {
  return Guard([&] {
    if (name == nullptr || capacity <= 0) Fail(CH_ERROR_NULL_ARGUMENT, "device_name: no buffer");
    UseDevice(dev);
    cudaDeviceProp prop;
    Check(cudaGetDeviceProperties(&prop, dev), "cudaGetDeviceProperties");
    WriteReason(name, capacity, std::string(prop.name));
  });
}

int32_t ApiSynchronize(int32_t dev) {
  return Guard([&] {
    UseDevice(dev);
    Check(cudaStreamSynchronize(Stream(dev)), "cudaStreamSynchronize");
  });
}

int32_t ApiMalloc(int32_t dev, size_t bytes, void** out_ptr) {
  return Guard([&] {
    if (out_ptr == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "malloc_: out_ptr is NULL");
    *out_ptr = nullptr;
    UseDevice(dev);
    *out_ptr = PoolMalloc(dev, bytes);
  });
}

int32_t ApiFree(int32_t dev, void* ptr, size_t /*bytes*/) {
  return Guard([&] {
    if (ptr == nullptr) return;
    PoolFree(dev, ptr);  // no CUDA call, no device switch
  });
}

int32_t ApiMemoryStats(int32_t dev, chc_memory_stats* out) {
  return Guard([&] {
    if (out == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "memory_stats: out_stats is NULL");
    PoolStats(dev, out);
  });
}

int32_t ApiResetPeak(int32_t dev) { return Guard([&] { PoolResetPeak(dev); }); }

int32_t ApiFreeCached(int32_t dev) {
  return Guard([&] {
    UseDevice(dev);
    PoolFreeCached(dev);
  });
}

int32_t ApiCopyToHost(int32_t dev, void* dst, const void* src, size_t bytes) {
  return Guard([&] {
    if (bytes == 0) return;
    if (dst == nullptr || src == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "copy_to_host: NULL pointer");
    UseDevice(dev);
    CopyToHost(dev, dst, src, bytes);
  });
}

int32_t ApiCopyFromHost(int32_t dev, void* dst, const void* src, size_t bytes) {
  return Guard([&] {
    if (bytes == 0) return;
    if (dst == nullptr || src == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "copy_from_host: NULL pointer");
    UseDevice(dev);
    CopyFromHost(dev, dst, src, bytes);
  });
}

const chc_api kApi = {
    CHC_ABI_VERSION,
    static_cast<int32_t>(sizeof(chc_api)),
    &ApiLastError,
    &ApiDeviceCount,
    &ApiDeviceName,
    &ApiSynchronize,
    &ApiMalloc,
    &ApiFree,
    &ApiMemoryStats,
    &ApiResetPeak,
    &ApiFreeCached,
    &ApiCopyToHost,
    &ApiCopyFromHost,
    &Fill,
    &Arange,
    &Copy,
    &Unary,
    &Binary,
    &BinaryScalar,
    &Compare,
    &Where,
    &Sum,
    &Reduce,
    &ArgReduce,
    &Cumsum,
    &Take,
    &ScatterAdd,
    &Im2Col,
    &Col2Im,
    &MaxPool,
    &MaxPoolScatter,
    &MaxPoolGather,
    &ResizeBilinear,
    &ResizeBilinearAdjoint,
    &RoiMaxPool,
    &GatherFlat,
    &ScatterAddFlat,
    &Ctc,
    &Update,
    &Dot,
    &Matmul,
};

// Why CUDA cannot be used, or an empty string when it can.
int32_t Probe(std::string* reason) {
  int runtime = CUDART_VERSION;
  int driver = 0;
  (void)cudaDriverGetVersion(&driver);
  (void)cudaGetLastError();
  int n = 0;
  cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess) {
    (void)cudaGetLastError();
    if (err == cudaErrorInsufficientDriver && driver > 0) {
      *reason = "the NVIDIA driver is older than this backend's CUDA runtime " + VersionString(runtime) +
                " (driver supports " + VersionString(driver) + ")";
    } else if (err == cudaErrorInsufficientDriver) {
      *reason = "no NVIDIA driver (libcuda.so.1 could not be loaded: " + ErrorText(err) + ")";
    } else if (err == cudaErrorNoDevice && access("/proc/driver/nvidia/version", F_OK) != 0) {
      // libcuda.so.1 loaded, but no NVIDIA kernel module answers (e.g. a driver stub package).
      *reason = "no NVIDIA driver (libcuda.so.1" +
                (driver > 0 ? " for CUDA " + VersionString(driver) : std::string()) +
                " is installed but the NVIDIA kernel module is not loaded: " + ErrorText(err) + ")";
    } else if (err == cudaErrorNoDevice) {
      *reason = "no CUDA device (" + ErrorText(err) + ")";
    } else {
      *reason = "no NVIDIA driver (CUDA initialisation failed: " + ErrorText(err) +
                (driver > 0 ? "; driver API " + VersionString(driver) : std::string()) + ")";
    }
    return CH_ERROR_DEVICE;
  }
  if (n <= 0) {
    *reason = "no CUDA device";
    return CH_ERROR_DEVICE;
  }
  {
    std::lock_guard<std::mutex> lock(g_count_mu);
    g_count = n;
  }
  err = cudaSetDevice(0);
  if (err == cudaSuccess) err = ProbeKernelImage();
  if (err != cudaSuccess) {
    (void)cudaGetLastError();
    cudaDeviceProp prop;
    std::string dev = "device 0";
    if (cudaGetDeviceProperties(&prop, 0) == cudaSuccess) {
      dev += " (" + std::string(prop.name) + ", sm_" + std::to_string(prop.major) + std::to_string(prop.minor) + ")";
    }
    (void)cudaGetLastError();
    if (err == cudaErrorNoKernelImageForDevice || err == cudaErrorInvalidDeviceFunction) {
      *reason = dev + " is not supported by this build of libchainer_cuda.so (built for CUDA architectures " +
                CHAINER_CUDA_ARCHS_STRING + "; rebuild with -DCHAINER_CUDA_ARCHITECTURES=...)";
    } else {
      *reason = dev + " cannot be used: " + ErrorText(err);
    }
    return CH_ERROR_DEVICE;
  }
  return CH_OK;
}

}  // namespace
}  // namespace chainer_cuda

extern "C" __attribute__((visibility("default"))) int32_t chainer_cuda_open(int32_t abi_version,
                                                                            const chc_api** out_api, char* reason,
                                                                            int32_t capacity) {
  using namespace chainer_cuda;
  std::string why;
  int32_t status = Guard([&] {
    if (out_api != nullptr) *out_api = nullptr;
    if (abi_version != CHC_ABI_VERSION) {
      Fail(CH_ERROR_INTERNAL, "libchainer_cuda.so implements plugin ABI " + std::to_string(CHC_ABI_VERSION) +
                                  " but the core expects ABI " + std::to_string(abi_version) +
                                  " (a stale libchainer_cuda.so next to libchainer_native.so?)");
    }
    if (out_api == nullptr) Fail(CH_ERROR_NULL_ARGUMENT, "chainer_cuda_open: out_api is NULL");
    int32_t st = Probe(&why);
    if (st != CH_OK) Fail(st, why);
    *out_api = &kApi;
  });
  if (status != CH_OK) {
    try {
      WriteReason(reason, capacity, LastError());
    } catch (...) {
    }
  }
  return status;
}
