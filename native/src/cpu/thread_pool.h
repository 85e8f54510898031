// One pool of worker threads for the CPU kernels, sized to the machine. The
// caller runs a share of every job, so a pool of n threads has n-1 workers.
#pragma once

#include <cstdint>
#include <functional>

namespace chainer {

class ThreadPool {
 public:
  static ThreadPool& Instance();
  virtual ~ThreadPool() = default;
  virtual int num_threads() const = 0;
  virtual void set_num_threads(int n) = 0;
  // How long idle threads poll for work before they sleep (CHAINER_THREAD_SPIN_US, default 1000).
  virtual int64_t spin_microseconds() const = 0;
  virtual void set_spin_microseconds(int64_t us) = 0;
  // Splits [0, n) into at most num_threads chunks of at least min_chunk items
  // and runs fn(begin, end) on them; returns when all are done.
  virtual void ParallelFor(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t)>& fn) = 0;
};

// Keeps OpenBLAS's own threads in step with the pool size.
void SetBlasThreads(int n);

}  // namespace chainer
