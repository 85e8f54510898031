// Host emulation of the CUDA runtime subset used by libchainer_cuda (testing only).
#pragma once
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>
#define CUDART_VERSION 11080
#define __device__
#define __global__
#define __host__
#define __forceinline__ inline
#define __align__(n) alignas(n)
#define __shared__ static
enum cudaError_t {
  cudaSuccess = 0, cudaErrorInvalidValue = 1, cudaErrorMemoryAllocation = 2, cudaErrorInvalidConfiguration = 9,
  cudaErrorInvalidPitchValue = 12, cudaErrorInvalidSymbol = 13, cudaErrorInvalidDevicePointer = 17,
  cudaErrorInvalidMemcpyDirection = 21, cudaErrorInsufficientDriver = 35, cudaErrorNoDevice = 100,
  cudaErrorInvalidDeviceFunction = 98, cudaErrorNoKernelImageForDevice = 209, cudaErrorInvalidResourceHandle = 400
};
typedef struct CUstream_st* cudaStream_t;
typedef struct CUevent_st* cudaEvent_t;
enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2 };
#define cudaStreamNonBlocking 1
#define cudaEventDisableTiming 2
#define cudaHostAllocDefault 0
struct cudaDeviceProp { char name[256]; int major, minor; };
struct cudaFuncAttributes { int x; };
inline const char* cudaGetErrorName(cudaError_t) { return "cudaErrorEmu"; }
inline const char* cudaGetErrorString(cudaError_t) { return "emulated error"; }
inline cudaError_t cudaGetLastError() { return cudaSuccess; }
inline cudaError_t cudaDriverGetVersion(int* v) { *v = 12020; return cudaSuccess; }
inline cudaError_t cudaGetDeviceCount(int* n) { *n = 1; return cudaSuccess; }
inline cudaError_t cudaSetDevice(int d) { return d == 0 ? cudaSuccess : cudaErrorInvalidValue; }
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp* p, int) { std::strcpy(p->name, "Emulated GPU"); p->major = 9; p->minor = 0; return cudaSuccess; }
inline cudaError_t cudaFuncGetAttributes(cudaFuncAttributes*, const void*) { return cudaSuccess; }
inline cudaError_t cudaMalloc(void** p, size_t n) { *p = std::malloc(n); return *p ? cudaSuccess : cudaErrorMemoryAllocation; }
inline cudaError_t cudaFree(void* p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaHostAlloc(void** p, size_t n, unsigned) { return cudaMalloc(p, n); }
inline cudaError_t cudaFreeHost(void* p) { return cudaFree(p); }
inline cudaError_t cudaStreamCreateWithFlags(cudaStream_t* s, unsigned) { *s = reinterpret_cast<cudaStream_t>(0x1234); return cudaSuccess; }
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaEventCreateWithFlags(cudaEvent_t* e, unsigned) { *e = reinterpret_cast<cudaEvent_t>(0x5678); return cudaSuccess; }
inline cudaError_t cudaEventSynchronize(cudaEvent_t) { return cudaSuccess; }
inline cudaError_t cudaEventRecord(cudaEvent_t, cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaMemcpyAsync(void* d, const void* s, size_t n, cudaMemcpyKind, cudaStream_t) { std::memcpy(d, s, n); return cudaSuccess; }

struct dim3 { unsigned x, y, z; dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {} };
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
alignas(16) inline unsigned char emu_dynamic_shared[1 << 16];

struct EmuBarrier {
  std::mutex m; std::condition_variable cv; int count = 0, n = 0; long gen = 0;
  void wait() {
    std::unique_lock<std::mutex> l(m);
    long g = gen;
    if (++count == n) { count = 0; ++gen; cv.notify_all(); return; }
    cv.wait(l, [&] { return gen != g; });
  }
};
inline EmuBarrier emu_barrier;
inline void __syncthreads() { emu_barrier.wait(); }
inline std::mutex emu_atomic_mu;
template <typename T, typename U> T atomicAdd(T* p, U v) { std::lock_guard<std::mutex> l(emu_atomic_mu); T old = *p; *p = static_cast<T>(*p + v); return old; }

struct EmuCfg {
  dim3 g, b;
  EmuCfg(dim3 g_, dim3 b_, size_t = 0, cudaStream_t = nullptr) : g(g_), b(b_) {}
  template <typename... P, typename... A>
  void Run(void (*k)(P...), A&&... args) {
    gridDim = g; blockDim = b;
    emu_barrier.n = static_cast<int>(b.x);
    std::vector<std::thread> ts;
    for (unsigned t = 0; t < b.x; ++t) {
      ts.emplace_back([&, t] {
        threadIdx = dim3(t);
        for (unsigned bl = 0; bl < g.x; ++bl) {
          blockIdx = dim3(bl);
          k(args...);
          emu_barrier.wait();
        }
      });
    }
    for (auto& th : ts) th.join();
  }
};
