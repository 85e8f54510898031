#include "array/storage.h"

#include <atomic>

#include "device/device.h"

namespace chainer {
namespace {

std::atomic<int64_t> g_live_storages{0};
std::atomic<int64_t> g_live_bytes{0};
std::atomic<int64_t> g_pending_delta{0};
std::atomic<ch_memory_callback> g_callback{nullptr};
std::atomic<int64_t> g_granularity{1 << 20};

void Account(int64_t delta) {
  g_live_bytes.fetch_add(delta, std::memory_order_relaxed);
  ch_memory_callback cb = g_callback.load(std::memory_order_acquire);
  if (cb == nullptr) return;
  int64_t pending = g_pending_delta.fetch_add(delta, std::memory_order_relaxed) + delta;
  int64_t granularity = g_granularity.load(std::memory_order_relaxed);
  if (pending >= granularity || pending <= -granularity) {
    // Whoever swaps the pending amount out reports exactly that amount, so
    // concurrent frees and allocations never double-report.
    int64_t report = g_pending_delta.exchange(0, std::memory_order_acq_rel);
    if (report != 0) cb(report);
  }
}

}  // namespace

Storage::Storage(Device& device, size_t bytes) : device_(device), data_(nullptr), bytes_(bytes) {
  data_ = device_.Allocate(bytes);
  g_live_storages.fetch_add(1, std::memory_order_relaxed);
  if (device_.is_host()) Account(static_cast<int64_t>(bytes));
}

Storage::~Storage() {
  device_.Deallocate(data_, bytes_);
  g_live_storages.fetch_sub(1, std::memory_order_relaxed);
  if (device_.is_host()) Account(-static_cast<int64_t>(bytes_));
}

namespace memory_stats {
int64_t LiveStorages() { return g_live_storages.load(); }
int64_t LiveBytes() { return g_live_bytes.load(); }
void SetCallback(ch_memory_callback callback, int64_t granularity) {
  g_granularity.store(granularity > 0 ? granularity : 1, std::memory_order_relaxed);
  g_pending_delta.store(0);
  g_callback.store(callback, std::memory_order_release);
  // The runtime learns about what is already held.
  if (callback != nullptr && g_live_bytes.load() != 0) callback(g_live_bytes.load());
}
}  // namespace memory_stats

}  // namespace chainer
