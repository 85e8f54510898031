// Thread-local free lists of small blocks for the objects every op creates
// (variable bodies and nodes, storages, function nodes, C handles), so the
// per-op path rarely reaches malloc. A block freed on another thread joins
// that thread's cache; each cache is bounded and drained at thread exit.
#pragma once

#include <cstddef>
#include <new>

namespace chainer {
namespace pool {

// Blocks up to this size are pooled; larger requests go to operator new.
constexpr size_t kMaxPooledBytes = 1024;

void* Allocate(size_t bytes);
void Deallocate(void* ptr, size_t bytes) noexcept;

// A std allocator over the pool (for std::allocate_shared and node containers).
template <typename T>
struct Allocator {
  using value_type = T;
  Allocator() noexcept = default;
  template <typename U>
  Allocator(const Allocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(size_t n) {
    static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__, "over-aligned types are not pooled");
    return static_cast<T*>(Allocate(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept { Deallocate(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const Allocator<U>&) const noexcept {
    return true;
  }
  template <typename U>
  bool operator!=(const Allocator<U>&) const noexcept {
    return false;
  }
};

}  // namespace pool
}  // namespace chainer
