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
  std::unordered_map<size_t, std::vector<void*>> lists;
  {
    std::lock_guard<SpinLock> g(s.lock);
    lists.swap(s.free_lists);
    s.cached.store(0, std::memory_order_relaxed);
  }
  for (auto& kv : lists) {
    for (void* p : kv.second) std::free(p);
  }
}

int64_t HostPool::cached_bytes() const { return TheState().cached.load(std::memory_order_relaxed); }

}  // namespace cpu
}  // namespace chainer
