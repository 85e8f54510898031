#include <cstdlib>
#include <new>
#include <string>

#include "cpu/cpu_kernels.h"
#include "cpu/host_pool.h"
#include "device/device.h"

namespace chainer {
namespace {

class CpuDeviceImpl final : public Device {
 public:
  const std::string& name() const override { return name_; }

  // 64-byte aligned blocks from the caching pool; zero-byte arrays still get
  // a unique, freeable pointer.
  void* Allocate(size_t bytes) override { return cpu::HostPool::Instance().Allocate(bytes); }
  void Deallocate(void* ptr, size_t bytes) noexcept override { cpu::HostPool::Instance().Deallocate(ptr, bytes); }
  Kernels& kernels() override { return kernels_; }
  bool is_host() const override { return true; }

 private:
  std::string name_ = "@numpy";
  cpu::CpuKernels kernels_;
};

}  // namespace

Device& CpuDevice() {
  static CpuDeviceImpl device;
  return device;
}

}  // namespace chainer
