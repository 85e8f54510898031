// A mock of libchainer_cuda.so's C table (device/cuda_plugin_abi.h) that
// runs in the test process: "device" memory is host memory, and every kernel
// rebuilds core Arrays over the chc_array views it receives and runs the CPU
// kernels on them. Installed with cuda::testing::UseBackendForTesting, it lets
// a machine without a GPU run the whole CUDA path of the core (loading,
// CudaDevice, the marshalling of every Kernels method, status → error
// mapping, the C API of the Devices section) and compare against the CPU.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <unordered_set>

#include "device/cuda_plugin_abi.h"
#include "device/device.h"
#include "kernels/kernels.h"

namespace chainer {
namespace testing {
namespace mock_cuda {

constexpr int32_t kDevices = 2;

// Host memory wrapped as Arrays: Allocate hands out the pointer set just
// before (a view of backend memory); any other allocation (a temporary of a
// CPU kernel) is real memory, released again in Deallocate.
class WrapDevice final : public Device {
 public:
  const std::string& name() const override { return name_; }
  void* Allocate(size_t bytes) override {
    if (void* p = next_) {
      next_ = nullptr;
      return p;
    }
    void* p = CpuDevice().Allocate(bytes);
    std::lock_guard<std::mutex> lock(mu_);
    owned_.insert(p);
    return p;
  }
  void Deallocate(void* ptr, size_t bytes) noexcept override {
    std::lock_guard<std::mutex> lock(mu_);
    if (owned_.erase(ptr) != 0) CpuDevice().Deallocate(ptr, bytes);
  }
  Kernels& kernels() override { return CpuDevice().kernels(); }
  bool is_host() const override { return true; }

  static thread_local void* next_;

 private:
  std::string name_ = "@mock-wrap";
  std::mutex mu_;
  std::unordered_set<void*> owned_;
};
inline thread_local void* WrapDevice::next_ = nullptr;

inline WrapDevice& Wrapper() {
  static WrapDevice d;
  return d;
}

inline ConvGeometry Geometry(const chc_geometry* c) {
  ConvGeometry g;
  g.nd = c->nd;
  for (int i = 0; i < 3; ++i) {
    g.in[i] = c->in[i];
    g.k[i] = c->k[i];
    g.s[i] = c->s[i];
    g.p[i] = c->p[i];
    g.d[i] = c->d[i];
    g.out[i] = c->out[i];
  }
  return g;
}

inline ResizeTable Table(const chc_resize_table* c) {
  ResizeTable t;
  t.v0.assign(c->v0, c->v0 + c->out_h);
  t.v1.assign(c->v1, c->v1 + c->out_h);
  t.vw.assign(c->vw, c->vw + c->out_h);
  t.u0.assign(c->u0, c->u0 + c->out_w);
  t.u1.assign(c->u1, c->u1 + c->out_w);
  t.uw.assign(c->uw, c->uw + c->out_w);
  return t;
}

inline Axes AxesOf(const int32_t* axes, int32_t n) {
  Axes a;
  for (int32_t i = 0; i < n; ++i) a.push_back(axes[i]);
  return a;
}

// "Device memory": a caching pool per device over host blocks, which also
// records which device owns each live block so that every pointer the core
// hands over can be checked (kernels get only memory of their device; copies
// go between host memory and memory of the named device).
struct State {
  struct Block {
    size_t bytes;
    int32_t dev;
  };
  std::mutex mu;
  std::map<uintptr_t, Block> live;
  std::multimap<size_t, void*> cache[kDevices];
  int64_t used[kDevices] = {}, cached[kDevices] = {}, peak[kDevices] = {}, allocations[kDevices] = {}, frees[kDevices] = {};
  std::atomic<int64_t> calls{0};

  // The device owning p (-1: not device memory). `end_ok` admits one past
  // the end (empty views).
  int32_t Owner(const void* p) {
    std::lock_guard<std::mutex> lock(mu);
    auto u = reinterpret_cast<uintptr_t>(p);
    auto it = live.upper_bound(u);
    if (it == live.begin()) return -1;
    --it;
    return u <= it->first + it->second.bytes ? it->second.dev : -1;
  }
};
inline State& TheState() {
  static State s;
  return s;
}

inline void ExpectDeviceMemory(const void* p, int32_t dev, const char* what) {
  int32_t owner = TheState().Owner(p);
  if (owner != dev) {
    throw InternalError(std::string("mock: ") + what + " is " + (owner < 0 ? "not device memory" : "memory of device " + std::to_string(owner)) +
                        ", expected memory of device " + std::to_string(dev));
  }
}

inline void ExpectHostMemory(const void* p, const char* what) {
  if (TheState().Owner(p) >= 0) throw InternalError(std::string("mock: ") + what + " is device memory, expected host memory");
}

// A core Array over a chc_array view of device `dev`'s memory.
inline Array Wrap(const chc_array* c, int32_t dev) {
  if (c == nullptr) return Array();
  if (c->ndim < 0 || c->ndim > CHC_MAX_NDIM || !IsValidDtype(c->dtype)) throw InvalidArgumentError("mock: bad chc_array");
  ExpectDeviceMemory(c->data, dev, "an operand");
  WrapDevice::next_ = c->data;
  Array base = Array::Empty(Shape{0}, static_cast<Dtype>(c->dtype), Wrapper());
  return base.Strided(Shape(c->shape, c->ndim), Strides(c->strides, c->ndim), 0);
}

inline std::string& LastError() {
  thread_local std::string e;
  return e;
}

// Runs f, turning exceptions into statuses as the real backend does.
template <typename F>
int32_t Run(int32_t dev, F&& f) {
  TheState().calls.fetch_add(1);
  if (dev < 0 || dev >= kDevices) {
    LastError() = "mock: invalid device ordinal " + std::to_string(dev);
    return CH_ERROR_DEVICE;
  }
  try {
    f();
    return CH_OK;
  } catch (const ChainerError& e) {
    LastError() = e.what();
    return e.status();
  } catch (const std::exception& e) {
    LastError() = e.what();
    return CH_ERROR_INTERNAL;
  }
}

inline Kernels& K() { return CpuDevice().kernels(); }

// Requests above this size fail as "out of device memory".
constexpr size_t kMemoryLimit = size_t{1} << 34;

inline const chc_api& Table() {
  static const chc_api api = [] {
    chc_api a{};
    a.abi_version = CHC_ABI_VERSION;
    a.struct_size = sizeof(chc_api);
    a.last_error = []() -> const char* { return LastError().c_str(); };
    a.device_count = [](int32_t* out) -> int32_t {
      *out = kDevices;
      return CH_OK;
    };
    a.device_name = [](int32_t dev, char* name, int32_t capacity) {
      return Run(dev, [&] {
        std::string n = "Mock GPU " + std::to_string(dev);
        std::strncpy(name, n.c_str(), static_cast<size_t>(capacity));
        name[capacity - 1] = '\0';
      });
    };
    a.synchronize = [](int32_t dev) { return Run(dev, [] {}); };
    a.malloc_ = [](int32_t dev, size_t bytes, void** out) {
      return Run(dev, [&] {
        if (bytes > kMemoryLimit) throw OutOfMemoryError("mock: out of device memory allocating " + std::to_string(bytes) + " bytes");
        State& s = TheState();
        std::lock_guard<std::mutex> lock(s.mu);
        void* p = nullptr;
        auto hit = s.cache[dev].find(bytes);
        if (hit != s.cache[dev].end()) {
          p = hit->second;
          s.cache[dev].erase(hit);
          s.cached[dev] -= static_cast<int64_t>(bytes);
        } else {
          p = CpuDevice().Allocate(bytes);
          ++s.allocations[dev];
        }
        s.live[reinterpret_cast<uintptr_t>(p)] = State::Block{bytes, dev};
        s.used[dev] += static_cast<int64_t>(bytes);
        if (s.used[dev] > s.peak[dev]) s.peak[dev] = s.used[dev];
        *out = p;
      });
    };
    a.free_ = [](int32_t dev, void* ptr, size_t bytes) {
      return Run(dev, [&] {
        State& s = TheState();
        std::lock_guard<std::mutex> lock(s.mu);
        auto it = s.live.find(reinterpret_cast<uintptr_t>(ptr));
        if (it == s.live.end() || it->second.dev != dev || it->second.bytes != bytes) {
          throw InternalError("mock: free of a block that device " + std::to_string(dev) + " did not hand out with that size");
        }
        s.live.erase(it);
        s.used[dev] -= static_cast<int64_t>(bytes);
        s.cache[dev].emplace(bytes, ptr);
        s.cached[dev] += static_cast<int64_t>(bytes);
      });
    };
    a.memory_stats = [](int32_t dev, chc_memory_stats* out) {
      return Run(dev, [&] {
        State& s = TheState();
        std::lock_guard<std::mutex> lock(s.mu);
        out->used = s.used[dev];
        out->cached = s.cached[dev];
        out->peak = s.peak[dev];
        out->device_allocations = s.allocations[dev];
        out->device_frees = s.frees[dev];
      });
    };
    a.reset_peak = [](int32_t dev) {
      return Run(dev, [&] {
        std::lock_guard<std::mutex> lock(TheState().mu);
        TheState().peak[dev] = TheState().used[dev];
      });
    };
    a.free_cached = [](int32_t dev) {
      return Run(dev, [&] {
        State& s = TheState();
        std::lock_guard<std::mutex> lock(s.mu);
        for (auto& [bytes, p] : s.cache[dev]) {
          CpuDevice().Deallocate(p, bytes);
          ++s.frees[dev];
        }
        s.cache[dev].clear();
        s.cached[dev] = 0;
      });
    };
    a.copy_to_host = [](int32_t dev, void* dst, const void* src, size_t bytes) {
      return Run(dev, [&] {
        ExpectDeviceMemory(src, dev, "copy_to_host's source");
        ExpectHostMemory(dst, "copy_to_host's destination");
        std::memcpy(dst, src, bytes);
      });
    };
    a.copy_from_host = [](int32_t dev, void* dst, const void* src, size_t bytes) {
      return Run(dev, [&] {
        ExpectDeviceMemory(dst, dev, "copy_from_host's destination");
        ExpectHostMemory(src, "copy_from_host's source");
        std::memcpy(dst, src, bytes);
      });
    };
    a.fill = [](int32_t dev, const chc_array* out, double v) { return Run(dev, [&] { K().Fill(Wrap(out, dev), v); }); };
    a.arange = [](int32_t dev, const chc_array* out, double start, double step) {
      return Run(dev, [&] { K().Arange(Wrap(out, dev), start, step); });
    };
    a.copy = [](int32_t dev, const chc_array* src, const chc_array* dst) { return Run(dev, [&] { K().Copy(Wrap(src, dev), Wrap(dst, dev)); }); };
    a.unary = [](int32_t dev, int32_t op, const chc_array* x, const chc_array* out) {
      return Run(dev, [&] { K().Unary(static_cast<UnaryOp>(op), Wrap(x, dev), Wrap(out, dev)); });
    };
    a.binary = [](int32_t dev, int32_t op, const chc_array* x, const chc_array* y, const chc_array* out) {
      return Run(dev, [&] { K().Binary(static_cast<BinaryOp>(op), Wrap(x, dev), Wrap(y, dev), Wrap(out, dev)); });
    };
    a.binary_scalar = [](int32_t dev, int32_t op, const chc_array* x, double s, int32_t first, const chc_array* out) {
      return Run(dev, [&] { K().BinaryScalar(static_cast<BinaryOp>(op), Wrap(x, dev), s, first != 0, Wrap(out, dev)); });
    };
    a.compare = [](int32_t dev, int32_t op, const chc_array* x, const chc_array* y, const chc_array* out) {
      return Run(dev, [&] { K().Compare(static_cast<CompareOp>(op), Wrap(x, dev), Wrap(y, dev), Wrap(out, dev)); });
    };
    a.where = [](int32_t dev, const chc_array* c, const chc_array* x, const chc_array* y, const chc_array* out) {
      return Run(dev, [&] { K().Where(Wrap(c, dev), Wrap(x, dev), Wrap(y, dev), Wrap(out, dev)); });
    };
    a.sum = [](int32_t dev, const chc_array* x, const int32_t* axes, int32_t n, const chc_array* out) {
      return Run(dev, [&] { K().Sum(Wrap(x, dev), AxesOf(axes, n), Wrap(out, dev)); });
    };
    a.reduce = [](int32_t dev, int32_t op, const chc_array* x, const int32_t* axes, int32_t n, const chc_array* out) {
      return Run(dev, [&] { K().Reduce(static_cast<ReduceOp>(op), Wrap(x, dev), AxesOf(axes, n), Wrap(out, dev)); });
    };
    a.arg_reduce = [](int32_t dev, int32_t op, const chc_array* x, int32_t axis, const chc_array* out) {
      return Run(dev, [&] { K().ArgReduce(static_cast<ReduceOp>(op), Wrap(x, dev), axis, Wrap(out, dev)); });
    };
    a.cumsum = [](int32_t dev, const chc_array* x, int32_t axis, const chc_array* out) {
      return Run(dev, [&] { K().Cumsum(Wrap(x, dev), axis, Wrap(out, dev)); });
    };
    a.take = [](int32_t dev, const chc_array* x, const chc_array* idx, int32_t axis, const chc_array* out) {
      return Run(dev, [&] { K().Take(Wrap(x, dev), Wrap(idx, dev), axis, Wrap(out, dev)); });
    };
    a.scatter_add = [](int32_t dev, const chc_array* src, const chc_array* idx, int32_t axis, const chc_array* out) {
      return Run(dev, [&] { K().ScatterAdd(Wrap(src, dev), Wrap(idx, dev), axis, Wrap(out, dev)); });
    };
    a.im2col = [](int32_t dev, const chc_array* x, const chc_geometry* g, double pad, const chc_array* col) {
      return Run(dev, [&] { K().Im2Col(Wrap(x, dev), Geometry(g), pad, Wrap(col, dev)); });
    };
    a.col2im = [](int32_t dev, const chc_array* col, const chc_geometry* g, const chc_array* x) {
      return Run(dev, [&] { K().Col2Im(Wrap(col, dev), Geometry(g), Wrap(x, dev)); });
    };
    a.max_pool = [](int32_t dev, const chc_array* x, const chc_geometry* g, const chc_array* y, const chc_array* idx) {
      return Run(dev, [&] { K().MaxPool(Wrap(x, dev), Geometry(g), Wrap(y, dev), Wrap(idx, dev)); });
    };
    a.max_pool_scatter = [](int32_t dev, const chc_array* gy, const chc_array* idx, const chc_geometry* g, const chc_array* gx) {
      return Run(dev, [&] { K().MaxPoolScatter(Wrap(gy, dev), Wrap(idx, dev), Geometry(g), Wrap(gx, dev)); });
    };
    a.max_pool_gather = [](int32_t dev, const chc_array* gx, const chc_array* idx, const chc_geometry* g, const chc_array* gy) {
      return Run(dev, [&] { K().MaxPoolGather(Wrap(gx, dev), Wrap(idx, dev), Geometry(g), Wrap(gy, dev)); });
    };
    a.resize_bilinear = [](int32_t dev, const chc_array* x, const chc_resize_table* t, const chc_array* y) {
      return Run(dev, [&] { K().ResizeBilinear(Wrap(x, dev), Table(t), Wrap(y, dev)); });
    };
    a.resize_bilinear_adjoint = [](int32_t dev, const chc_array* gy, const chc_resize_table* t, const chc_array* gx) {
      return Run(dev, [&] { K().ResizeBilinearAdjoint(Wrap(gy, dev), Table(t), Wrap(gx, dev)); });
    };
    a.roi_max_pool = [](int32_t dev, const chc_array* x, const chc_array* rois, double scale, const chc_array* y, const chc_array* am) {
      return Run(dev, [&] { K().RoiMaxPool(Wrap(x, dev), Wrap(rois, dev), scale, Wrap(y, dev), Wrap(am, dev)); });
    };
    a.gather_flat = [](int32_t dev, const chc_array* src, const chc_array* idx, const chc_array* out) {
      return Run(dev, [&] { K().GatherFlat(Wrap(src, dev), Wrap(idx, dev), Wrap(out, dev)); });
    };
    a.scatter_add_flat = [](int32_t dev, const chc_array* src, const chc_array* idx, const chc_array* out) {
      return Run(dev, [&] { K().ScatterAddFlat(Wrap(src, dev), Wrap(idx, dev), Wrap(out, dev)); });
    };
    a.ctc = [](int32_t dev, const chc_array* x, const chc_array* t, const chc_array* il, const chc_array* ll, int64_t blank,
               const chc_array* loss, const chc_array* grad) {
      return Run(dev, [&] { K().Ctc(Wrap(x, dev), Wrap(t, dev), Wrap(il, dev), Wrap(ll, dev), blank, Wrap(loss, dev), Wrap(grad, dev)); });
    };
    a.update = [](int32_t dev, int32_t rule, const chc_update_hyper* h, const chc_array* p, const chc_array* g, const chc_array* s0,
                  const chc_array* s1, const chc_array* s2) {
      return Run(dev, [&] {
        UpdateHyper u;
        u.lr = h->lr;
        u.momentum = h->momentum;
        u.beta1 = h->beta1;
        u.beta2 = h->beta2;
        u.eta = h->eta;
        u.weight_decay_rate = h->weight_decay_rate;
        u.eps = h->eps;
        u.alpha = h->alpha;
        u.eps_inside_sqrt = h->eps_inside_sqrt != 0;
        u.amsgrad = h->amsgrad != 0;
        K().Update(static_cast<UpdateRule>(rule), u, Wrap(p, dev), Wrap(g, dev), Wrap(s0, dev), Wrap(s1, dev), Wrap(s2, dev));
      });
    };
    a.dot = [](int32_t dev, const chc_array* x, const chc_array* y, const chc_array* out) {
      return Run(dev, [&] { K().Dot(Wrap(x, dev), Wrap(y, dev), Wrap(out, dev)); });
    };
    a.matmul = [](int32_t dev, const chc_array* x, const chc_array* y, int32_t ta, int32_t tb, const chc_array* out) {
      return Run(dev, [&] { K().Matmul(Wrap(x, dev), Wrap(y, dev), ta != 0, tb != 0, Wrap(out, dev)); });
    };
    return a;
  }();
  return api;
}

inline int32_t Open(int32_t abi_version, const chc_api** out_api, char* reason, int32_t capacity) {
  if (abi_version != CHC_ABI_VERSION) {
    std::strncpy(reason, "mock: ABI version mismatch", static_cast<size_t>(capacity));
    reason[capacity - 1] = '\0';
    return CH_ERROR_DEVICE;
  }
  *out_api = &Table();
  return CH_OK;
}

}  // namespace mock_cuda
}  // namespace testing
}  // namespace chainer
