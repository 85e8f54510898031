#include "cpu/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "cpu/thread_placement.h"

namespace chainer {
namespace {

// The job in flight is one 64-bit word: [job id : 32][chunks : 16][next chunk : 16]. Claiming a
// chunk is one compare-and-swap on it, so a worker that wakes late can never take a chunk of a job
// other than the one whose id it read, and no job field is read outside a claimed chunk.
constexpr int kChunkBits = 16;
constexpr uint64_t kChunkMask = (uint64_t{1} << kChunkBits) - 1;
constexpr int kMaxThreads = static_cast<int>(kChunkMask);

uint64_t TicketId(uint64_t t) { return t >> (2 * kChunkBits); }
int TicketChunks(uint64_t t) { return static_cast<int>((t >> kChunkBits) & kChunkMask); }
int TicketNext(uint64_t t) { return static_cast<int>(t & kChunkMask); }

void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// How long a worker polls for the next job before it sleeps, and how long the caller polls for
// the last chunks before it sleeps. Training loops issue parallel kernels microseconds to a
// millisecond apart; a worker that sleeps between them must be woken, and Linux tends to wake it
// on the caller's own CPU, where the two then share one core until the load balancer parts them
// (tens of milliseconds, measured on a 2-vCPU KVM guest). Staying awake for a short while keeps
// each thread on its own core. CHAINER_THREAD_SPIN_US sets it; 0 sleeps at once.
constexpr int64_t kMaxSpinUs = 1000000;

int64_t SpinFromEnvironment() {
  const char* env = std::getenv("CHAINER_THREAD_SPIN_US");
  if (env == nullptr || *env == '\0') return 1000;
  char* end = nullptr;
  long long v = std::strtoll(env, &end, 10);
  return end != env && v >= 0 ? std::min<int64_t>(v, kMaxSpinUs) : 1000;
}

class Pool final : public ThreadPool {
 public:
  Pool() : spin_us_(SpinFromEnvironment()) { Resize(DefaultThreads()); }
  ~Pool() override { Stop(); }

  int num_threads() const override { return num_threads_; }

  void set_num_threads(int n) override {
    std::lock_guard<std::mutex> job_lock(job_mutex_);
    Stop();
    Resize(std::clamp(n, 1, kMaxThreads));
  }

  int64_t spin_microseconds() const override { return spin_us_.load(std::memory_order_relaxed); }

  void set_spin_microseconds(int64_t us) override {
    spin_us_.store(std::clamp<int64_t>(us, 0, kMaxSpinUs), std::memory_order_relaxed);
  }

  void ParallelFor(int64_t n, int64_t min_chunk, const std::function<void(int64_t, int64_t)>& fn) override {
    if (n <= 0) return;
    int64_t max_chunks = std::max<int64_t>(1, n / std::max<int64_t>(1, min_chunk));
    int chunks = static_cast<int>(std::min<int64_t>(num_threads_, max_chunks));
    // Nested calls (a kernel inside a worker) and small jobs run inline.
    if (chunks <= 1 || inside_job_) {
      fn(0, n);
      return;
    }
    std::unique_lock<std::mutex> job_lock(job_mutex_, std::try_to_lock);
    if (!job_lock.owns_lock()) {  // another thread is using the pool
      fn(0, n);
      return;
    }
    job_ = &fn;
    job_n_ = n;
    error_ = nullptr;
    pending_.store(chunks, std::memory_order_relaxed);
    caller_cpu_.store(CurrentCpu(), std::memory_order_relaxed);
    uint64_t id = TicketId(ticket_.load(std::memory_order_relaxed)) + 1;
    {
      // Under the mutex so that a worker deciding to sleep sees either the new ticket or the notify.
      std::lock_guard<std::mutex> lock(mutex_);
      ticket_.store((id << (2 * kChunkBits)) | (static_cast<uint64_t>(chunks) << kChunkBits), std::memory_order_release);
    }
    if (sleepers_.load(std::memory_order_acquire) > 0) cv_.notify_all();
    inside_job_ = true;  // a kernel nested in the caller's chunks runs inline too
    RunClaimed(id);
    inside_job_ = false;
    WaitDone();
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  static int DefaultThreads() {
    unsigned hc = std::thread::hardware_concurrency();
    return hc == 0 ? 1 : std::min(static_cast<int>(hc), kMaxThreads);
  }

  void Resize(int n) {
    num_threads_ = n;
    stop_.store(false);
    for (int i = 1; i < n; ++i) workers_.emplace_back([this] { WorkerLoop(); });
    SetBlasThreads(n);
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_.store(true);
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  // Takes the next chunk of job `id`: returns the ticket as it was before the claim, or 0 when
  // the job has no chunk left (or a later job began). A claimed ticket is never 0: ids start at 1.
  uint64_t Claim(uint64_t id) {
    uint64_t t = ticket_.load(std::memory_order_acquire);
    while (TicketId(t) == id && TicketNext(t) < TicketChunks(t)) {
      if (ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return t;
    }
    return 0;
  }

  // Runs chunks of job `id` until none is left.
  void RunClaimed(uint64_t id) {
    for (uint64_t t; (t = Claim(id)) != 0;) {
      int c = TicketNext(t);
      int chunks = TicketChunks(t);
      int64_t begin = job_n_ * c / chunks;
      int64_t end = job_n_ * (c + 1) / chunks;
      try {
        (*job_)(begin, end);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_cv_.notify_all();
      }
    }
  }

  void WaitDone() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_microseconds());
    for (int i = 0; pending_.load(std::memory_order_acquire) != 0; ++i) {
      CpuRelax();
      if ((i & 255) == 255 && std::chrono::steady_clock::now() >= deadline) {
        std::unique_lock<std::mutex> lock(mutex_);
        done_cv_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
        return;
      }
    }
  }

  // Polls for a job newer than `seen` for the spin budget, then sleeps until one comes.
  uint64_t AwaitJob(uint64_t seen, bool& slept) {
    slept = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(spin_microseconds());
    for (int i = 0;; ++i) {
      uint64_t id = TicketId(ticket_.load(std::memory_order_acquire));
      if (id != seen || stop_.load(std::memory_order_relaxed)) return id;
      CpuRelax();
      if ((i & 255) == 255 && std::chrono::steady_clock::now() >= deadline) break;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    sleepers_.fetch_add(1, std::memory_order_acq_rel);
    cv_.wait(lock, [&] { return stop_.load() || TicketId(ticket_.load(std::memory_order_acquire)) != seen; });
    sleepers_.fetch_sub(1, std::memory_order_acq_rel);
    slept = true;
    return TicketId(ticket_.load(std::memory_order_acquire));
  }

  void WorkerLoop() {
    inside_job_ = true;
    uint64_t seen = TicketId(ticket_.load(std::memory_order_acquire));
    for (;;) {
      bool slept = false;
      seen = AwaitJob(seen, slept);
      if (stop_.load()) return;
      // A worker woken from sleep may have been put on the caller's CPU; move it off before it
      // competes with the caller for that core.
      if (slept) AvoidCpu(caller_cpu_.load(std::memory_order_relaxed));
      RunClaimed(seen);
    }
  }

  std::atomic<int64_t> spin_us_;
  int num_threads_ = 1;
  std::vector<std::thread> workers_;
  std::mutex job_mutex_;  // one job at a time
  std::mutex mutex_;      // sleeping and waking, and the first error
  std::condition_variable cv_;
  std::condition_variable done_cv_;
  const std::function<void(int64_t, int64_t)>* job_ = nullptr;
  int64_t job_n_ = 0;
  std::atomic<uint64_t> ticket_{0};
  std::atomic<int> pending_{0};
  std::atomic<int> sleepers_{0};
  std::atomic<int> caller_cpu_{-1};
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
  static thread_local bool inside_job_;
};

thread_local bool Pool::inside_job_ = false;

}  // namespace

ThreadPool& ThreadPool::Instance() {
  static Pool pool;
  return pool;
}

}  // namespace chainer
