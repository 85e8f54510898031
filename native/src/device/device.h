// A device owns memory and the kernels that run on it. Routines only talk to
// this interface, so a CUDA backend slots in beside the CPU one.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

namespace chainer {

class Kernels;

class Device {
 public:
  Device();
  virtual ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  // Chainer's canonical device name: "@numpy", "@cupy:0".
  virtual const std::string& name() const = 0;
  virtual void* Allocate(size_t bytes) = 0;
  virtual void Deallocate(void* ptr, size_t bytes) noexcept = 0;
  virtual Kernels& kernels() = 0;
  // Whether host code may read the memory directly.
  virtual bool is_host() const = 0;

  // Contiguous byte copies between this device's memory and host memory.
  // Both return once the bytes are in place (dst readable, src reusable).
  // A host device copies with memcpy.
  virtual void CopyToHost(void* dst, const void* src, size_t bytes);
  virtual void CopyFromHost(void* dst, const void* src, size_t bytes);
  // Waits until all work queued on the device has finished.
  virtual void Synchronize() {}

  // The kernels behind a check that every operand lives on this device
  // (DeviceError naming both devices otherwise).
  Kernels& checked_kernels() { return *checked_; }

 private:
  std::unique_ptr<Kernels> checked_;
};

Device& CpuDevice();

// The device named by a specifier: "@numpy", "cpu", "native", "native:0" (the
// CPU); "@cupy:N", "@cuda:N", "cuda:N", "gpu:N" (CUDA device N, ":N" optional).
// Throws InvalidArgumentError for a malformed specifier and DeviceError when
// CUDA is not available or N is out of range.
Device& GetDevice(const std::string& spec);

namespace device_detail {
// Set (never cleared) once a device other than the CPU exists; until then
// every array lives on the CPU and no operand needs a device check.
extern std::atomic<bool> g_multiple_devices;
}  // namespace device_detail

// The kernels a routine dispatches to for operands on `d`: checked for mixed
// devices once more than one device exists (one relaxed load otherwise).
inline Kernels& DispatchKernels(Device& d) {
  return device_detail::g_multiple_devices.load(std::memory_order_relaxed) ? d.checked_kernels() : d.kernels();
}

}  // namespace chainer
