// Reference-counted device memory shared by array views.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "chainer/chainer.h"
#include "common/object_pool.h"

namespace chainer {

class Device;

class Storage {
 public:
  Storage(Device& device, size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device& device() const { return device_; }

  static std::shared_ptr<Storage> Allocate(Device& device, size_t bytes) {
    return std::allocate_shared<Storage>(pool::Allocator<Storage>(), device, bytes);
  }

 private:
  Device& device_;
  void* data_;
  size_t bytes_;
};

// Accounting for leak tests and for runtimes with a garbage collector.
namespace memory_stats {
int64_t LiveStorages();
int64_t LiveBytes();
void SetCallback(ch_memory_callback callback, int64_t granularity);
}  // namespace memory_stats

}  // namespace chainer
