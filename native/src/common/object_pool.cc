#include "common/object_pool.h"

#include <cstdint>

namespace chainer {
namespace pool {
namespace {

constexpr size_t kGranule = 16;
constexpr size_t kClasses = kMaxPooledBytes / kGranule;
// Each class caches at most this many bytes per thread.
constexpr size_t kMaxCachedBytesPerClass = size_t{256} << 10;

struct FreeBlock {
  FreeBlock* next;
};

// Trivially destructible, so it stays usable (and reads as drained) after
// the thread's drainer has run, e.g. for frees from static destructors.
struct Cache {
  FreeBlock* head[kClasses];
  uint32_t count[kClasses];
  bool drainer_registered;
  bool dead;
};

thread_local Cache t_cache;

void Drain() noexcept {
  Cache& c = t_cache;
  for (size_t k = 0; k < kClasses; ++k) {
    while (c.head[k] != nullptr) {
      FreeBlock* b = c.head[k];
      c.head[k] = b->next;
      ::operator delete(static_cast<void*>(b));
    }
    c.count[k] = 0;
  }
}

struct Drainer {
  ~Drainer() {
    Drain();
    t_cache.dead = true;
  }
};

void RegisterDrainer() {
  thread_local Drainer drainer;
  static_cast<void>(drainer);
  t_cache.drainer_registered = true;
}

}  // namespace

void* Allocate(size_t bytes) {
  if (bytes == 0 || bytes > kMaxPooledBytes) return ::operator new(bytes);
  size_t k = (bytes - 1) / kGranule;
  Cache& c = t_cache;
  if (FreeBlock* b = c.head[k]) {
    c.head[k] = b->next;
    --c.count[k];
    return b;
  }
  return ::operator new((k + 1) * kGranule);
}

void Deallocate(void* ptr, size_t bytes) noexcept {
  if (ptr == nullptr) return;
  if (bytes == 0 || bytes > kMaxPooledBytes) {
    ::operator delete(ptr);
    return;
  }
  size_t k = (bytes - 1) / kGranule;
  Cache& c = t_cache;
  if (c.dead || c.count[k] >= kMaxCachedBytesPerClass / ((k + 1) * kGranule)) {
    ::operator delete(ptr);
    return;
  }
  if (!c.drainer_registered) {
    try {
      RegisterDrainer();
    } catch (...) {
      ::operator delete(ptr);
      return;
    }
  }
  FreeBlock* b = static_cast<FreeBlock*>(ptr);
  b->next = c.head[k];
  c.head[k] = b;
  ++c.count[k];
}

}  // namespace pool
}  // namespace chainer
