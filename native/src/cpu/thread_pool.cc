#include "cpu/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace chainer {
namespace {

class Pool final : public ThreadPool {
 public:
  Pool() { Resize(DefaultThreads()); }
  ~Pool() override { Stop(); }

  int num_threads() const override { return num_threads_; }

  void set_num_threads(int n) override {
    std::lock_guard<std::mutex> job_lock(job_mutex_);
    Stop();
    Resize(std::max(1, n));
  }

  void ParallelFor(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t)>& fn) override {
    if (n <= 0) return;
    int64_t max_chunks = std::max<int64_t>(1, n / std::max<int64_t>(1, min_chunk));
    int chunks = static_cast<int>(std::min<int64_t>(num_threads_, max_chunks));
    // Nested calls (a kernel inside a worker) and small jobs run inline.
    if (chunks <= 1 || in_worker_) {
      fn(0, n);
      return;
    }
    std::unique_lock<std::mutex> job_lock(job_mutex_, std::try_to_lock);
    if (!job_lock.owns_lock()) {  // another thread is using the pool
      fn(0, n);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      job_n_ = n;
      job_chunks_ = chunks;
      next_chunk_.store(1);
      pending_ = chunks - 1;
      error_ = nullptr;
      ++generation_;
    }
    cv_.notify_all();
    RunChunk(0);
    // Help with remaining chunks rather than sleeping.
    for (int c; (c = next_chunk_.fetch_add(1)) < job_chunks_;) {
      RunChunk(c);
      Finish();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    done_cv_.wait(lock, [&] { return pending_ == 0; });
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static int DefaultThreads() {
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : static_cast<int>(hc);
  }

  void Resize(int n) {
    num_threads_ = n;
    stop_ = false;
    for (int i = 1; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
    SetBlasThreads(n);
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  void RunChunk(int c) {
    int64_t begin = job_n_ * c / job_chunks_;
    int64_t end = job_n_ * (c + 1) / job_chunks_;
    try {
      (*job_)(begin, end);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
  }

  void Finish() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--pending_ == 0) done_cv_.notify_all();
  }

  void WorkerLoop() {
    in_worker_ = true;
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [&] { return stop_ || (job_ != nullptr && generation_ != seen); });
        if (stop_) return;
        seen = generation_;
      }
      for (int c; (c = next_chunk_.fetch_add(1)) < job_chunks_;) {
        RunChunk(c);
        Finish();
      }
    }
  }

  int num_threads_ = 1;
  std::vector<std::thread> workers_;
  std::mutex job_mutex_;  // one job at a time
  std::mutex mutex_;
  std::condition_variable cv_;
  std::condition_variable done_cv_;
  const std::function<void(int64_t, int64_t)>* job_ = nullptr;
  int64_t job_n_ = 0;
  int job_chunks_ = 0;
  std::atomic<int> next_chunk_{0};
  int pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  static thread_local bool in_worker_;
};

thread_local bool Pool::in_worker_ = false;

}  // namespace

ThreadPool& ThreadPool::Instance() {
  static Pool pool;
  return pool;
}

}  // namespace chainer
