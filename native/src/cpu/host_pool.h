// A caching allocator for host memory. Freed blocks go to per-size-class
// free lists and are handed out again, so a fresh output neither calls
// malloc on the per-op path nor page-faults a newly mapped region.
#pragma once

#include <cstddef>
#include <cstdint>

namespace chainer {
namespace cpu {

class HostPool {
 public:
  static HostPool& Instance();
  void* Allocate(size_t bytes);
  void Deallocate(void* ptr, size_t bytes) noexcept;
  // Returns cached blocks to the system.
  void ReleaseCached() noexcept;
  int64_t cached_bytes() const;

  // Rounded size actually reserved for a request (the size class).
  static size_t ClassSize(size_t bytes);
};

}  // namespace cpu
}  // namespace chainer
