// The device's one stream and the pinned staging buffer for host copies.
// Every kernel, copy and cuBLAS call of a device runs on its stream, so the
// order of calls is the order of execution.
#include <cuda_runtime.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>

#include "common.h"

namespace chainer_cuda {
namespace {

constexpr int kMaxDevices = 64;
constexpr size_t kMinStaging = size_t{1} << 20;
constexpr size_t kMaxStaging = size_t{64} << 20;  // larger copies go in chunks

struct DeviceState {
  std::mutex mu;  // creation of the stream
  std::atomic<cudaStream_t> stream{nullptr};
  std::mutex staging_mu;
  char* staging = nullptr;
  size_t staging_size = 0;
  cudaEvent_t staging_free = nullptr;  // recorded after the last copy that reads the staging buffer
};

DeviceState& StateOf(int32_t dev) {
  static DeviceState* states = new DeviceState[kMaxDevices];
  if (dev < 0 || dev >= kMaxDevices) Fail(CH_ERROR_DEVICE, "invalid CUDA device " + std::to_string(dev));
  return states[dev];
}

// Under staging_mu: a staging buffer of at least min(bytes, kMaxStaging); returns the chunk size.
size_t EnsureStaging(DeviceState& st, size_t bytes) {
  size_t want = std::min(bytes, kMaxStaging);
  if (st.staging_free == nullptr) {
    Check(cudaEventCreateWithFlags(&st.staging_free, cudaEventDisableTiming), "cudaEventCreateWithFlags");
  }
  if (st.staging_size < want) {
    size_t size = kMinStaging;
    while (size < want) size *= 2;
    Check(cudaEventSynchronize(st.staging_free), "cudaEventSynchronize");
    if (st.staging != nullptr) {
      Check(cudaFreeHost(st.staging), "cudaFreeHost");
      st.staging = nullptr;
      st.staging_size = 0;
    }
    void* p = nullptr;
    Check(cudaHostAlloc(&p, size, cudaHostAllocDefault), "cudaHostAlloc (pinned staging buffer)");
    st.staging = static_cast<char*>(p);
    st.staging_size = size;
  }
  return std::min(st.staging_size, kMaxStaging);
}

}  // namespace

cudaStream_t Stream(int32_t dev) {
  DeviceState& st = StateOf(dev);
  cudaStream_t s = st.stream.load(std::memory_order_acquire);
  if (s != nullptr) return s;
  std::lock_guard<std::mutex> lock(st.mu);
  s = st.stream.load(std::memory_order_relaxed);
  if (s == nullptr) {
    Check(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    st.stream.store(s, std::memory_order_release);
  }
  return s;
}

void CopyToHost(int32_t dev, void* dst, const void* src, size_t bytes) {
  DeviceState& st = StateOf(dev);
  cudaStream_t stream = Stream(dev);
  std::lock_guard<std::mutex> lock(st.staging_mu);
  size_t chunk = EnsureStaging(st, bytes);
  for (size_t off = 0; off < bytes; off += chunk) {
    size_t n = std::min(chunk, bytes - off);
    Check(cudaMemcpyAsync(st.staging, static_cast<const char*>(src) + off, n, cudaMemcpyDeviceToHost, stream),
          "cudaMemcpyAsync (device to host)");
    Check(cudaStreamSynchronize(stream), "cudaStreamSynchronize (device to host copy)");
    std::memcpy(static_cast<char*>(dst) + off, st.staging, n);
  }
}

void CopyFromHost(int32_t dev, void* dst, const void* src, size_t bytes) {
  DeviceState& st = StateOf(dev);
  cudaStream_t stream = Stream(dev);
  std::lock_guard<std::mutex> lock(st.staging_mu);
  size_t chunk = EnsureStaging(st, bytes);
  for (size_t off = 0; off < bytes; off += chunk) {
    size_t n = std::min(chunk, bytes - off);
    // Wait until the previous copy out of the staging buffer has run.
    Check(cudaEventSynchronize(st.staging_free), "cudaEventSynchronize");
    std::memcpy(st.staging, static_cast<const char*>(src) + off, n);
    Check(cudaMemcpyAsync(static_cast<char*>(dst) + off, st.staging, n, cudaMemcpyHostToDevice, stream),
          "cudaMemcpyAsync (host to device)");
    Check(cudaEventRecord(st.staging_free, stream), "cudaEventRecord");
  }
}

}  // namespace chainer_cuda
