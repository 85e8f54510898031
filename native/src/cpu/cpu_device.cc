#include <cstdlib>
#include <new>
#include <string>

#include "cpu/cpu_kernels.h"
#include "device/device.h"

namespace chainer {
namespace {

class CpuDeviceImpl final : public Device {
 public:
  const std::string& name() const override { return name_; }

  void* Allocate(size_t bytes) override {
    // 64-byte alignment suits every vector width; zero-byte arrays still get
    // a unique, freeable pointer.
    size_t rounded = ((bytes + 63) / 64) * 64;
    if (rounded == 0) rounded = 64;
    void* p = std::aligned_alloc(64, rounded);
    if (p == nullptr) throw OutOfHostMemory(bytes);
    return p;
  }

  void Deallocate(void* ptr, size_t) noexcept override { std::free(ptr); }
  Kernels& kernels() override { return kernels_; }
  bool is_host() const override { return true; }

 private:
  static std::bad_alloc OutOfHostMemory(size_t) { return std::bad_alloc(); }
  std::string name_ = "@numpy";
  cpu::CpuKernels kernels_;
};

}  // namespace

Device& CpuDevice() {
  static CpuDeviceImpl device;
  return device;
}

}  // namespace chainer
