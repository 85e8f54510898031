// The small-object and host-memory caches under cross-thread use: graphs
// built on one thread and freed on another (as a GC finalizer thread does),
// and threads that exit while holding cached blocks.
#include <atomic>
#include <thread>
#include <vector>

#include "test_util.h"

namespace {

int64_t LiveStorages() {
  int64_t n = 0;
  EXPECT_EQ(CH_OK, ch_live_storage_count(&n));
  return n;
}

std::vector<ch_variable*> BuildChain(ch_variable* x, int n) {
  std::vector<ch_variable*> vs;
  ch_variable* cur = x;
  for (int i = 0; i < n; ++i) {
    ch_variable* y = nullptr;
    EXPECT_EQ(CH_OK, ch_add(cur, x, &y));
    ch_variable* z = nullptr;
    EXPECT_EQ(CH_OK, ch_mul_scalar(y, 0.5, &z));
    vs.push_back(y);
    vs.push_back(z);
    cur = z;
  }
  return vs;
}

TEST(Pools, GraphsFreedOnOtherThreads) {
  Arr a = Arr::F32({1.5f}, {1});
  Var x = Var::Of(a);
  int64_t before = LiveStorages();
  for (int round = 0; round < 20; ++round) {
    std::vector<ch_variable*> vs;
    std::thread maker([&] { vs = BuildChain(x.h, 200); });
    maker.join();
    // Backprop on a third thread, free on a fourth.
    std::thread runner([&] { EXPECT_EQ(CH_OK, ch_variable_backward(vs.back(), 0, 0)) << LastError(); });
    runner.join();
    std::thread freer([&] {
      for (ch_variable* v : vs) ch_variable_free(v);
    });
    freer.join();
    // d z_n / dx = 1 - 2^-n.
    EXPECT_NEAR(x.Grad().Values<float>()[0], 1.0f, 1e-6f);
    CH_CALL(ch_variable_clear_grad(x.h));
  }
  EXPECT_EQ(LiveStorages(), before);
}

TEST(Pools, ConcurrentGraphsOnManyThreads) {
  Arr a = Arr::F64({0.5, -1.0}, {2});
  Var x = Var::Of(a, false);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int r = 0; r < 50; ++r) {
        std::vector<ch_variable*> vs = BuildChain(x.h, 50);
        ch_array* data = nullptr;
        if (ch_variable_array(vs.back(), &data) != CH_OK) ++failures;
        double v[2] = {0, 0};
        if (ch_array_to_buffer(data, v, sizeof v) != CH_OK) ++failures;
        // z_{k+1} = (z_k + x) / 2 converges to x.
        if (std::abs(v[0] - 0.5) > 1e-9 || std::abs(v[1] + 1.0) > 1e-9) ++failures;
        ch_array_free(data);
        for (ch_variable* p : vs) ch_variable_free(p);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(Pools, ReleasingCachedHostMemory) {
  {
    Arr a = Arr::F32(std::vector<float>(1000, 1.0f), {1000});
    Var x = Var::Of(a);
    std::vector<ch_variable*> vs = BuildChain(x.h, 20);
    for (ch_variable* v : vs) ch_variable_free(v);
  }
  int64_t cached = -1;
  CH_CALL(ch_host_cached_bytes(&cached));
  EXPECT_GT(cached, 0);
  CH_CALL(ch_free_cached_host_memory());
  CH_CALL(ch_host_cached_bytes(&cached));
  EXPECT_EQ(cached, 0);
}

}  // namespace
