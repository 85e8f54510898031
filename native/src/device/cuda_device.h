// The CUDA backend as seen by the core: libchainer_cuda.so, loaded with
// dlopen on first use, behind the C table of device/cuda_plugin_abi.h. Each
// CUDA device is a Device whose kernels marshal to that table.
#pragma once

#include <string>

#include "device/cuda_plugin_abi.h"
#include "device/device.h"

namespace chainer {
namespace cuda {

// The outcome of one attempt to load the backend.
struct LoadResult {
  const chc_api* api = nullptr;  // null on failure
  std::string reason;            // why not, when api is null: "CUDA is not available: ..."
  std::string path;              // the library tried
};

// Locates libchainer_cuda.so (CHAINER_CUDA_LIBRARY when set, else next to
// the library holding the core), loads it and opens the backend. Not cached:
// every call tries again (tests use it; everything else goes through
// Available/GetCudaDevice, which load once).
LoadResult LoadBackend();

// Whether CUDA can be used; otherwise *reason (when given) says why. Loads
// the backend on the first call of the process (thread-safe, once).
bool Available(std::string* reason = nullptr) noexcept;
// Why CUDA is not available ("" when it is); lives as long as the process.
const std::string& UnavailableReason() noexcept;
// Number of CUDA devices, 0 when CUDA is not available.
int DeviceCount() noexcept;
// CUDA device `ordinal`; DeviceError when CUDA is not available or the
// ordinal is out of range.
Device& GetCudaDevice(int ordinal);
// The backend's table (DeviceError when CUDA is not available).
const chc_api& Api();
// The product name of CUDA device `ordinal`.
const std::string& DeviceProductName(int ordinal);

namespace testing {
// Tests only: the first use of CUDA in this process opens this in-process
// backend instead of loading libchainer_cuda.so (so the marshalling can be
// checked against a mock table on a machine without a GPU). Must be called
// before anything asks for CUDA.
void UseBackendForTesting(chc_open_fn open);
}  // namespace testing

}  // namespace cuda

// A parsed device specifier.
struct DeviceSpec {
  bool cuda = false;
  int ordinal = 0;  // CUDA device ordinal (0 for the CPU)
  // "@numpy" or "@cupy:N".
  std::string CanonicalName() const;
};

// Parses a specifier without loading anything (InvalidArgumentError listing
// the accepted forms when malformed).
DeviceSpec ParseDeviceSpec(const std::string& spec);

}  // namespace chainer
