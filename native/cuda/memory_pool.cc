// A caching allocator per device. Requests are rounded to size classes
// (512-byte multiples up to 1 MiB, 2 MiB multiples above); a freed block goes
// to the free list of its class and is handed out again to the next request
// of that class. Freeing never calls CUDA (finalizers may free from any
// thread): reuse is safe because every user of a block runs on the device's
// one stream, in call order. When cudaMalloc runs out of memory, the pool
// waits for the stream, returns its whole cache to the driver and retries
// once.
#include <cuda_runtime.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common.h"

namespace chainer_cuda {
namespace {

constexpr int kMaxDevices = 64;
constexpr size_t kSmallUnit = 512;
constexpr size_t kSmallLimit = size_t{1} << 20;
constexpr size_t kLargeUnit = size_t{2} << 20;

struct Pool {
  std::mutex mu;
  std::unordered_map<void*, size_t> live;          // block -> class size
  std::map<size_t, std::vector<void*>> free_list;  // class size -> cached blocks
  int64_t used = 0, cached = 0, peak = 0, allocations = 0, frees = 0;
};

Pool& PoolOf(int32_t dev) {
  // Never destroyed: finalizers may free after static destructors have run.
  static Pool* pools = new Pool[kMaxDevices];
  if (dev < 0 || dev >= kMaxDevices) Fail(CH_ERROR_DEVICE, "invalid CUDA device " + std::to_string(dev));
  return pools[dev];
}

size_t ClassSize(size_t bytes) {
  if (bytes == 0) return kSmallUnit;  // a unique non-NULL pointer
  if (bytes > (~size_t{0}) - kLargeUnit) {
    Fail(CH_ERROR_OUT_OF_MEMORY, "CUDA allocation of " + std::to_string(bytes) + " bytes is too large");
  }
  if (bytes <= kSmallLimit) return (bytes + kSmallUnit - 1) / kSmallUnit * kSmallUnit;
  return (bytes + kLargeUnit - 1) / kLargeUnit * kLargeUnit;
}

// Takes every cached block out of the pool (under the lock) for release.
std::vector<void*> TakeCached(Pool& pool) {
  std::vector<void*> blocks;
  std::lock_guard<std::mutex> lock(pool.mu);
  for (auto& kv : pool.free_list) {
    blocks.insert(blocks.end(), kv.second.begin(), kv.second.end());
    pool.cached -= static_cast<int64_t>(kv.first * kv.second.size());
    pool.frees += static_cast<int64_t>(kv.second.size());
  }
  pool.free_list.clear();
  return blocks;
}

}  // namespace

void* PoolMalloc(int32_t dev, size_t bytes) {
  Pool& pool = PoolOf(dev);
  size_t size = ClassSize(bytes);
  {
    std::lock_guard<std::mutex> lock(pool.mu);
    auto it = pool.free_list.find(size);
    if (it != pool.free_list.end() && !it->second.empty()) {
      void* p = it->second.back();
      pool.live.emplace(p, size);  // may throw before any state changes
      it->second.pop_back();
      if (it->second.empty()) pool.free_list.erase(it);
      pool.cached -= static_cast<int64_t>(size);
      pool.used += static_cast<int64_t>(size);
      pool.peak = std::max(pool.peak, pool.used);
      return p;
    }
  }
  void* p = nullptr;
  cudaError_t err = cudaMalloc(&p, size);
  if (err == cudaErrorMemoryAllocation) {
    (void)cudaGetLastError();
    PoolFreeCached(dev);
    err = cudaMalloc(&p, size);
    if (err == cudaErrorMemoryAllocation) {
      (void)cudaGetLastError();
      int64_t used;
      {
        std::lock_guard<std::mutex> lock(pool.mu);
        used = pool.used;
      }
      Fail(CH_ERROR_OUT_OF_MEMORY, "out of CUDA memory on device " + std::to_string(dev) + ": cannot allocate " +
                                       std::to_string(size) + " bytes (" + std::to_string(used) +
                                       " bytes held by live arrays)");
    }
  }
  Check(err, "cudaMalloc");
  try {
    std::lock_guard<std::mutex> lock(pool.mu);
    pool.live.emplace(p, size);
    pool.used += static_cast<int64_t>(size);
    pool.peak = std::max(pool.peak, pool.used);
    ++pool.allocations;
  } catch (...) {
    (void)cudaFree(p);
    throw;
  }
  return p;
}

void PoolFree(int32_t dev, void* ptr) {
  Pool& pool = PoolOf(dev);
  std::lock_guard<std::mutex> lock(pool.mu);
  auto it = pool.live.find(ptr);
  if (it == pool.live.end()) {
    Fail(CH_ERROR_INVALID_ARGUMENT, "free_: the pointer was not allocated by the pool of CUDA device " +
                                        std::to_string(dev) + " (or was freed twice)");
  }
  size_t size = it->second;
  pool.free_list[size].push_back(ptr);  // may throw before any state changes
  pool.live.erase(it);
  pool.used -= static_cast<int64_t>(size);
  pool.cached += static_cast<int64_t>(size);
}

void PoolStats(int32_t dev, chc_memory_stats* out) {
  Pool& pool = PoolOf(dev);
  std::lock_guard<std::mutex> lock(pool.mu);
  out->used = pool.used;
  out->cached = pool.cached;
  out->peak = pool.peak;
  out->device_allocations = pool.allocations;
  out->device_frees = pool.frees;
}

void PoolResetPeak(int32_t dev) {
  Pool& pool = PoolOf(dev);
  std::lock_guard<std::mutex> lock(pool.mu);
  pool.peak = pool.used;
}

// The caller has made `dev` current.
void PoolFreeCached(int32_t dev) {
  Pool& pool = PoolOf(dev);
  Check(cudaStreamSynchronize(Stream(dev)), "cudaStreamSynchronize");
  std::vector<void*> blocks = TakeCached(pool);
  cudaError_t first = cudaSuccess;
  for (void* p : blocks) {
    cudaError_t err = cudaFree(p);
    if (err != cudaSuccess && first == cudaSuccess) first = err;
  }
  Check(first, "cudaFree");
}

}  // namespace chainer_cuda
