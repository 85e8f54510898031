// A device owns memory and the kernels that run on it. Routines only talk to
// this interface, so a CUDA backend slots in beside the CPU one.
#pragma once

#include <cstddef>
#include <string>

namespace chainer {

class Kernels;

class Device {
 public:
  virtual ~Device() = default;
  // Chainer's device specifier: "@numpy", "@cuda:0".
  virtual const std::string& name() const = 0;
  virtual void* Allocate(size_t bytes) = 0;
  virtual void Deallocate(void* ptr, size_t bytes) noexcept = 0;
  virtual Kernels& kernels() = 0;
  // Whether host code may read the memory directly.
  virtual bool is_host() const = 0;
};

Device& CpuDevice();

}  // namespace chainer
