// The CPU thread pool: every index is covered exactly once, errors reach the caller, nested and
// concurrent callers run inline, and thousands of back-to-back jobs (the shape of a training
// loop) complete with both the polling and the sleeping hand-over.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif

#include "cpu/thread_placement.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace {

class ThreadPoolTest : public ::testing::TestWithParam<int64_t> {
 protected:
  void SetUp() override {
    threads_ = ThreadPool::Instance().num_threads();
    spin_ = ThreadPool::Instance().spin_microseconds();
    ThreadPool::Instance().set_spin_microseconds(GetParam());
  }
  void TearDown() override {
    ThreadPool::Instance().set_num_threads(threads_);
    ThreadPool::Instance().set_spin_microseconds(spin_);
  }
  int threads_ = 1;
  int64_t spin_ = 0;
};

// Counts how often each index is visited.
void ExpectEachIndexOnce(int64_t n, int64_t min_chunk) {
  std::vector<std::atomic<int>> seen(static_cast<size_t>(n));
  ThreadPool::Instance().ParallelFor(n, min_chunk, [&](int64_t b, int64_t e) {
    ASSERT_LE(0, b);
    ASSERT_LE(b, e);
    ASSERT_LE(e, n);
    for (int64_t i = b; i < e; ++i) seen[static_cast<size_t>(i)].fetch_add(1);
  });
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(1, seen[static_cast<size_t>(i)].load()) << "n=" << n << " i=" << i;
}

TEST_P(ThreadPoolTest, CoversEveryIndexOnce) {
  for (int threads : {1, 2, 3, 5}) {
    ThreadPool::Instance().set_num_threads(threads);
    for (int64_t n : {1, 2, 3, 7, 64, 1000, 4097}) {
      for (int64_t grain : {1, 3, 100}) ExpectEachIndexOnce(n, grain);
    }
  }
}

TEST_P(ThreadPoolTest, ManyBackToBackJobs) {
  for (int threads : {2, 4}) {
    ThreadPool::Instance().set_num_threads(threads);
    std::atomic<int64_t> total{0};
    for (int job = 0; job < 3000; ++job) {
      ThreadPool::Instance().ParallelFor(threads * 4, 1, [&](int64_t b, int64_t e) { total.fetch_add(e - b); });
      // Now and then leave a gap longer than the polling budget, so workers go to sleep.
      if (job % 500 == 499) std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
    EXPECT_EQ(int64_t{3000} * threads * 4, total.load());
  }
}

TEST_P(ThreadPoolTest, ErrorReachesCaller) {
  ThreadPool::Instance().set_num_threads(3);
  for (int64_t bad : {0, 50, 99}) {
    EXPECT_THROW(ThreadPool::Instance().ParallelFor(100, 1,
                                                    [&](int64_t b, int64_t e) {
                                                      if (b <= bad && bad < e) throw std::runtime_error("chunk failed");
                                                    }),
                 std::runtime_error);
  }
  ExpectEachIndexOnce(100, 1);  // the pool still works afterwards
}

TEST_P(ThreadPoolTest, NestedCallsRunInline) {
  ThreadPool::Instance().set_num_threads(3);
  std::atomic<int64_t> total{0};
  ThreadPool::Instance().ParallelFor(6, 1, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      ThreadPool::Instance().ParallelFor(10, 1, [&](int64_t ib, int64_t ie) { total.fetch_add(ie - ib); });
    }
  });
  EXPECT_EQ(60, total.load());
}

TEST_P(ThreadPoolTest, ConcurrentCallers) {
  ThreadPool::Instance().set_num_threads(2);
  std::atomic<int64_t> total{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      for (int job = 0; job < 500; ++job) {
        ThreadPool::Instance().ParallelFor(16, 1, [&](int64_t b, int64_t e) { total.fetch_add(e - b); });
      }
    });
  }
  for (auto& c : callers) c.join();
  EXPECT_EQ(4 * 500 * 16, total.load());
}

INSTANTIATE_TEST_SUITE_P(SpinBudgets, ThreadPoolTest, ::testing::Values(int64_t{0}, int64_t{1000}),
                         [](const ::testing::TestParamInfo<int64_t>& p) { return p.param == 0 ? "Sleep" : "Poll"; });

TEST(ThreadPlacementTest, AvoidCpuLeavesTheAllowedSetAlone) {
  int cpu = CurrentCpu();
#if defined(__linux__)
  ASSERT_GE(cpu, 0);
  cpu_set_t before;
  ASSERT_EQ(0, sched_getaffinity(0, sizeof before, &before));
  AvoidCpu(cpu);
  cpu_set_t after;
  ASSERT_EQ(0, sched_getaffinity(0, sizeof after, &after));
  EXPECT_TRUE(CPU_EQUAL(&before, &after));
  if (CPU_COUNT(&before) > 1) {
    EXPECT_NE(cpu, CurrentCpu());
  }
#else
  EXPECT_EQ(-1, cpu);
  AvoidCpu(0);
#endif
}

}  // namespace
}  // namespace chainer
