#include "cpu/host_pool.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace chainer {
namespace cpu {
namespace {

constexpr size_t kAlign = 64;
// Keep at most this much memory cached; beyond it blocks go back to the system.
constexpr int64_t kMaxCached = int64_t{2} << 30;

class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

struct State {
  SpinLock lock;
  std::unordered_map<size_t, std::vector<void*>> free_lists;
  std::atomic<int64_t> cached{0};
};

State& TheState() {
  // Never destroyed: blocks may be freed by static destructors of other objects.
  static State* state = new State();
  return *state;
}

// A per-thread front cache for the small classes (up to 1 KiB), so the
// per-op path for small outputs takes no lock. Blocks are chained through
// their first word. Trivially destructible: after the thread's drainer ran
// it reads as dead and everything goes to the shared lists.
constexpr size_t kSmallClasses = 1024 / kAlign;
constexpr uint32_t kSmallPerClass = 64;

struct SmallCache {
  void* head[kSmallClasses];
  uint32_t count[kSmallClasses];
  bool drainer_registered;
  bool dead;
};

thread_local SmallCache t_small;

void PushShared(State& s, size_t cls, void* ptr) noexcept {
  try {
    std::lock_guard<SpinLock> g(s.lock);
    s.free_lists[cls].push_back(ptr);
  } catch (...) {
    s.cached.fetch_sub(static_cast<int64_t>(cls), std::memory_order_relaxed);
    std::free(ptr);
  }
}

// Moves this thread's small blocks to the shared lists (still cached).
void DrainSmall() noexcept {
  State& s = TheState();
  for (size_t k = 0; k < kSmallClasses; ++k) {
    while (t_small.head[k] != nullptr) {
      void* p = t_small.head[k];
      t_small.head[k] = *static_cast<void**>(p);
      PushShared(s, (k + 1) * kAlign, p);
    }
    t_small.count[k] = 0;
  }
}

struct SmallDrainer {
  ~SmallDrainer() {
    DrainSmall();
    t_small.dead = true;
  }
};

bool RegisterSmallDrainer() noexcept {
  try {
    thread_local SmallDrainer drainer;
    static_cast<void>(drainer);
    t_small.drainer_registered = true;
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace

size_t HostPool::ClassSize(size_t bytes) {
  if (bytes <= 1024) return bytes <= kAlign ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign;
  // Four classes per power of two bound the waste to 25%.
  size_t p = 1024;
  while (p * 2 < bytes) p *= 2;
  size_t step = p / 4;
  return (bytes + step - 1) / step * step;
}

HostPool& HostPool::Instance() {
  static HostPool pool;
  return pool;
}

void* HostPool::Allocate(size_t bytes) {
  size_t cls = ClassSize(bytes);
  State& s = TheState();
  if (cls <= kSmallClasses * kAlign) {
    size_t k = cls / kAlign - 1;
    if (void* p = t_small.head[k]) {
      t_small.head[k] = *static_cast<void**>(p);
      --t_small.count[k];
      s.cached.fetch_sub(static_cast<int64_t>(cls), std::memory_order_relaxed);
      return p;
    }
  }
  {
    std::lock_guard<SpinLock> g(s.lock);
    auto it = s.free_lists.find(cls);
    if (it != s.free_lists.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      s.cached.fetch_sub(static_cast<int64_t>(cls), std::memory_order_relaxed);
      return p;
    }
  }
  void* p = std::aligned_alloc(kAlign, cls);
  if (p == nullptr) {
    // Give the cache back and try once more before reporting exhaustion.
    ReleaseCached();
    p = std::aligned_alloc(kAlign, cls);
    if (p == nullptr) throw std::bad_alloc();
  }
  return p;
}

void HostPool::Deallocate(void* ptr, size_t bytes) noexcept {
  if (ptr == nullptr) return;
  size_t cls = ClassSize(bytes);
  State& s = TheState();
  if (s.cached.load(std::memory_order_relaxed) + static_cast<int64_t>(cls) > kMaxCached) {
    std::free(ptr);
    return;
  }
  if (cls <= kSmallClasses * kAlign && !t_small.dead) {
    size_t k = cls / kAlign - 1;
    if (t_small.count[k] < kSmallPerClass && (t_small.drainer_registered || RegisterSmallDrainer())) {
      *static_cast<void**>(ptr) = t_small.head[k];
      t_small.head[k] = ptr;
      ++t_small.count[k];
      s.cached.fetch_add(static_cast<int64_t>(cls), std::memory_order_relaxed);
      return;
    }
  }
  try {
    std::lock_guard<SpinLock> g(s.lock);
    s.free_lists[cls].push_back(ptr);
    s.cached.fetch_add(static_cast<int64_t>(cls), std::memory_order_relaxed);
  } catch (...) {
    std::free(ptr);
  }
}

void HostPool::ReleaseCached() noexcept {
  State& s = TheState();
  // This thread's small blocks join the shared lists first (other threads'
  // small caches, at most 64 KiB per class each, stay until they exit).
  if (!t_small.dead) DrainSmall();
  std::unordered_map<size_t, std::vector<void*>> lists;
  {
    std::lock_guard<SpinLock> g(s.lock);
    lists.swap(s.free_lists);
  }
  int64_t freed = 0;
  for (auto& kv : lists) {
    for (void* p : kv.second) std::free(p);
    freed += static_cast<int64_t>(kv.first * kv.second.size());
  }
  s.cached.fetch_sub(freed, std::memory_order_relaxed);
}

int64_t HostPool::cached_bytes() const { return TheState().cached.load(std::memory_order_relaxed); }

}  // namespace cpu
}  // namespace chainer
