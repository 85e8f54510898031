// Devices: specifiers, the CUDA backend's loading and its "not available"
// paths, transfers, mixed-device errors, and every routine of the gradient
// table run on another device and compared with the CPU.
//
// Without a GPU the comparison runs on an emulated device: host memory that
// the core must treat as device memory (is_host() is false), so routines take
// their device paths, helper arrays must follow their operands (a helper left
// on the CPU raises DeviceError in the mixed-device check), and results must
// equal the CPU's. With CUDA the same table runs on "@cupy:0".
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <cstring>
#include <string>
#include <vector>

#include "capi/handles.h"
#include "device/cuda_device.h"
#include "gradient_cases.h"
#include "kernels/kernels.h"
#include "mock_cuda_backend.h"
#include "test_util.h"

namespace chainer {
namespace {

using testing::GradientCase;
using testing::GradientCases;
using testing::RandomArray;

// With CHAINER_TEST_MOCK_CUDA=1 the CUDA backend of this process is the
// in-process mock (tests/mock_cuda_backend.h); MockCuda.CudaTestsPassOnTheMockBackend
// reruns the CUDA tests that way.
bool UnderMock() {
  const char* v = std::getenv("CHAINER_TEST_MOCK_CUDA");
  return v != nullptr && std::string(v) == "1";
}
const bool kMockInstalled = [] {
  if (UnderMock()) cuda::testing::UseBackendForTesting(&testing::mock_cuda::Open);
  return UnderMock();
}();

// ---------------------------------------------------------------------------
// An emulated non-host device: host memory and the CPU kernels, reached only
// through the Device interface (copies, kernels), never read directly.

class EmulatedDevice final : public Device {
 public:
  const std::string& name() const override { return name_; }
  void* Allocate(size_t bytes) override {
    allocations_.fetch_add(1);
    return CpuDevice().Allocate(bytes);
  }
  void Deallocate(void* ptr, size_t bytes) noexcept override { CpuDevice().Deallocate(ptr, bytes); }
  Kernels& kernels() override { return CpuDevice().kernels(); }
  bool is_host() const override { return false; }
  void CopyToHost(void* dst, const void* src, size_t bytes) override {
    copies_.fetch_add(1);
    if (bytes > 0) std::memcpy(dst, src, bytes);
  }
  void CopyFromHost(void* dst, const void* src, size_t bytes) override {
    copies_.fetch_add(1);
    if (bytes > 0) std::memcpy(dst, src, bytes);
  }

  int64_t copies() const { return copies_.load(); }

 private:
  std::string name_ = "@emulated:0";
  std::atomic<int64_t> allocations_{0}, copies_{0};
};

EmulatedDevice& Emulated() {
  // A second device exists from here on: operands get the mixed-device check.
  device_detail::g_multiple_devices.store(true);
  static EmulatedDevice device;
  return device;
}

bool CudaAvailable(std::string* reason) { return cuda::Available(reason); }

Array F64(const Shape& shape, std::vector<double> v, Device& d = CpuDevice()) {
  return Array::FromHost(shape, Dtype::kFloat64, v.data(), d);
}

std::vector<double> Values(const Array& a) {
  Array h = OnHost(a).AsType(Dtype::kFloat64);
  std::vector<double> v(static_cast<size_t>(h.size()));
  h.ToHost(v.data());
  return v;
}

// ---------------------------------------------------------------------------
// Specifiers.

TEST(DeviceSpec, ParsesEveryAcceptedForm) {
  for (const char* s : {"@numpy", "cpu", "native", "native:0"}) {
    DeviceSpec d = ParseDeviceSpec(s);
    EXPECT_FALSE(d.cuda) << s;
    EXPECT_EQ("@numpy", d.CanonicalName()) << s;
  }
  struct {
    const char* spec;
    int ordinal;
  } cuda_forms[] = {{"@cupy", 0}, {"@cupy:0", 0}, {"@cupy:3", 3}, {"@cuda", 0}, {"@cuda:1", 1}, {"cuda", 0},
                    {"cuda:2", 2}, {"gpu", 0},     {"gpu:12", 12}};
  for (const auto& f : cuda_forms) {
    DeviceSpec d = ParseDeviceSpec(f.spec);
    EXPECT_TRUE(d.cuda) << f.spec;
    EXPECT_EQ(f.ordinal, d.ordinal) << f.spec;
    EXPECT_EQ("@cupy:" + std::to_string(f.ordinal), d.CanonicalName()) << f.spec;
  }
}

TEST(DeviceSpec, RejectsMalformedSpecifiers) {
  for (const char* s : {"", "numpy", "@numpy:0", "native:1", "cuda:", "cuda:-1", "cuda:x", "gpu0", "@cupy:1:2", "CUDA:0", "tpu:0",
                        "cuda:99999999999"}) {
    try {
      ParseDeviceSpec(s);
      ADD_FAILURE() << "accepted '" << s << "'";
    } catch (const InvalidArgumentError& e) {
      std::string m = e.what();
      EXPECT_NE(std::string::npos, m.find("invalid device specifier")) << m;
      EXPECT_NE(std::string::npos, m.find("@cupy:N")) << m;  // lists the accepted forms
    }
  }
}

TEST(DeviceSpec, CpuSpecifiersResolveToTheCpuDevice) {
  for (const char* s : {"@numpy", "cpu", "native", "native:0"}) {
    EXPECT_EQ(&CpuDevice(), &GetDevice(s)) << s;
    const char* name = nullptr;
    ASSERT_EQ(CH_OK, ch_device_resolve(s, &name)) << LastError();
    EXPECT_STREQ("@numpy", name);
  }
  const char* name = nullptr;
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_device_resolve("tpu", &name));
  EXPECT_NE(std::string::npos, LastError().find("invalid device specifier 'tpu'"));
  EXPECT_EQ(CH_ERROR_NULL_ARGUMENT, ch_device_resolve(nullptr, &name));
}

TEST(DeviceSpec, ArrayDeviceIsTheCanonicalName) {
  Arr a = Arr::F32({1, 2}, {2});
  const char* name = nullptr;
  CH_CALL(ch_array_device(a.h, &name));
  EXPECT_STREQ("@numpy", name);
}

// ---------------------------------------------------------------------------
// CUDA availability.

TEST(Cuda, UnavailableRaisesDeviceErrorWithTheReason) {
  std::string reason;
  if (CudaAvailable(&reason)) GTEST_SKIP() << "CUDA is available here";
  EXPECT_EQ(0u, reason.rfind("CUDA is not available", 0)) << reason;
  EXPECT_GT(reason.size(), std::strlen("CUDA is not available: "));
  for (const char* s : {"@cupy:0", "@cuda", "cuda:0", "gpu:1"}) {
    try {
      GetDevice(s);
      ADD_FAILURE() << s << " resolved without CUDA";
    } catch (const DeviceError& e) {
      EXPECT_EQ(reason, e.what());
    }
  }
  const char* name = nullptr;
  EXPECT_EQ(CH_ERROR_DEVICE, ch_device_resolve("@cupy:0", &name));
  EXPECT_EQ(0u, LastError().rfind("CUDA is not available", 0)) << LastError();

  int32_t available = 7;
  const char* why = nullptr;
  CH_CALL(ch_cuda_available(&available, &why));
  EXPECT_EQ(0, available);
  ASSERT_NE(nullptr, why);
  EXPECT_EQ(reason, why);
  int32_t count = -1;
  CH_CALL(ch_cuda_device_count(&count));
  EXPECT_EQ(0, count);
  CH_CALL(ch_cuda_free_cached_memory(-1));  // all devices: nothing to do

  EXPECT_EQ(CH_ERROR_DEVICE, ch_cuda_synchronize(0));
  EXPECT_EQ(CH_ERROR_DEVICE, ch_cuda_device_name(0, &name));
  EXPECT_EQ(CH_ERROR_DEVICE, ch_cuda_reset_peak_memory(0));
  EXPECT_EQ(CH_ERROR_DEVICE, ch_cuda_free_cached_memory(0));
  int64_t u, c, p, na, nf;
  EXPECT_EQ(CH_ERROR_DEVICE, ch_cuda_memory_stats(0, &u, &c, &p, &na, &nf));

  Arr a = Arr::F32({1, 2, 3}, {3});
  ch_array* out = nullptr;
  EXPECT_EQ(CH_ERROR_DEVICE, ch_array_to_device(a.h, "@cupy:0", &out));
  EXPECT_EQ(nullptr, out);
  int64_t shape[] = {2};
  EXPECT_EQ(CH_ERROR_DEVICE, ch_array_full_on_device("cuda", CH_DTYPE_FLOAT32, shape, 1, 1.0, &out));
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_array_full_on_device("cuda:", CH_DTYPE_FLOAT32, shape, 1, 1.0, &out));
}

TEST(Cuda, LibraryFromTheEnvironmentThatDoesNotExist) {
  const char* old = std::getenv("CHAINER_CUDA_LIBRARY");
  std::string saved = old != nullptr ? old : "";
  const std::string path = "/nonexistent/chainer-test/libchainer_cuda.so";
  ASSERT_EQ(0, setenv("CHAINER_CUDA_LIBRARY", path.c_str(), 1));
  cuda::LoadResult r = cuda::LoadBackend();
  if (old != nullptr) {
    setenv("CHAINER_CUDA_LIBRARY", saved.c_str(), 1);
  } else {
    unsetenv("CHAINER_CUDA_LIBRARY");
  }
  EXPECT_EQ(nullptr, r.api);
  EXPECT_EQ(path, r.path);
  EXPECT_EQ(0u, r.reason.rfind("CUDA is not available", 0)) << r.reason;
  EXPECT_NE(std::string::npos, r.reason.find("CHAINER_CUDA_LIBRARY=" + path)) << r.reason;
}

TEST(Cuda, LibraryThatIsNotABackend) {
  // A real shared object without chainer_cuda_open: the reason names the symbol.
  const char* old = std::getenv("CHAINER_CUDA_LIBRARY");
  std::string saved = old != nullptr ? old : "";
  ASSERT_EQ(0, setenv("CHAINER_CUDA_LIBRARY", "libm.so.6", 1));
  cuda::LoadResult r = cuda::LoadBackend();
  if (old != nullptr) {
    setenv("CHAINER_CUDA_LIBRARY", saved.c_str(), 1);
  } else {
    unsetenv("CHAINER_CUDA_LIBRARY");
  }
  EXPECT_EQ(nullptr, r.api);
  EXPECT_NE(std::string::npos, r.reason.find("does not export chainer_cuda_open")) << r.reason;
}

TEST(Cuda, AvailableDevicesAreNamedAndCounted) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  int32_t available = 0;
  const char* why = nullptr;
  CH_CALL(ch_cuda_available(&available, &why));
  EXPECT_EQ(1, available);
  EXPECT_STREQ("", why);
  int32_t count = 0;
  CH_CALL(ch_cuda_device_count(&count));
  ASSERT_GE(count, 1);
  const char* name = nullptr;
  CH_CALL(ch_cuda_device_name(0, &name));
  EXPECT_GT(std::strlen(name), 0u);
  for (const char* s : {"@cupy:0", "@cupy", "@cuda:0", "cuda", "gpu:0"}) {
    CH_CALL(ch_device_resolve(s, &name));
    EXPECT_STREQ("@cupy:0", name);
  }
  EXPECT_EQ(CH_ERROR_DEVICE, ch_device_resolve(("@cupy:" + std::to_string(count)).c_str(), &name));
  EXPECT_NE(std::string::npos, LastError().find(std::to_string(count))) << LastError();
  CH_CALL(ch_cuda_synchronize(0));
  CH_CALL(ch_cuda_free_cached_memory(-1));
}

// ---------------------------------------------------------------------------
// Transfers.

void ExpectTransfersWork(Device& dev) {
  Array h = F64(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  Array d = ToDevice(h, dev);
  EXPECT_EQ(&dev, &d.device());
  EXPECT_EQ(Values(h), Values(d));
  // Same device: the same array.
  EXPECT_TRUE(ToDevice(d, dev).SameView(d));
  // A strided view travels in C order.
  Array t = d.Transpose(Axes{1, 0});
  EXPECT_EQ((std::vector<double>{1, 4, 2, 5, 3, 6}), Values(t));
  EXPECT_EQ((std::vector<double>{1, 4, 2, 5, 3, 6}), Values(ToDevice(t, CpuDevice())));
  // Assign across devices, with broadcast and cast.
  Array target = Array::Zeros(Shape{2, 3}, Dtype::kFloat32, dev);
  target.Assign(F64(Shape{3}, {7, 8, 9}));
  EXPECT_EQ((std::vector<double>{7, 8, 9, 7, 8, 9}), Values(target));
  Array host_target = Array::Zeros(Shape{3}, Dtype::kInt64, CpuDevice());
  host_target.Assign(d.Strided(Shape{3}, Strides{1}, 3));
  EXPECT_EQ((std::vector<double>{4, 5, 6}), Values(host_target));
  // Copies and casts stay on the device.
  Array c = d.AsType(Dtype::kInt32);
  EXPECT_EQ(&dev, &c.device());
  EXPECT_EQ(Values(h), Values(c));
  // Empty arrays.
  Array e = ToDevice(Array::Empty(Shape{0, 3}, Dtype::kFloat32, CpuDevice()), dev);
  EXPECT_EQ(0, e.size());
  EXPECT_TRUE(Values(e).empty());
  // FromHost / Arange / Full on the device.
  double raw[] = {3, 1, 2};
  EXPECT_EQ((std::vector<double>{3, 1, 2}), Values(Array::FromHost(Shape{3}, Dtype::kFloat64, raw, dev)));
  EXPECT_EQ((std::vector<double>{0, 2, 4}), Values(Array::Arange(0, 5, 2, Dtype::kInt64, dev)));
  EXPECT_EQ((std::vector<double>{1.5, 1.5}), Values(Array::Full(Shape{2}, Dtype::kFloat32, 1.5, dev)));
}

TEST(Transfers, OnTheCpu) { ExpectTransfersWork(CpuDevice()); }

TEST(Transfers, ToAndFromAnEmulatedDevice) {
  int64_t before = Emulated().copies();
  ExpectTransfersWork(Emulated());
  EXPECT_GT(Emulated().copies(), before);  // went through the device's copies
}

TEST(Transfers, ToAndFromCuda) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  ExpectTransfersWork(GetDevice("@cupy:0"));
  // Between CUDA devices (through the host) when there are two.
  if (cuda::DeviceCount() > 1) {
    Array a = ToDevice(F64(Shape{4}, {1, 2, 3, 4}), GetDevice("@cupy:0"));
    Array b = ToDevice(a, GetDevice("@cupy:1"));
    EXPECT_EQ("@cupy:1", b.device().name());
    EXPECT_EQ(Values(a), Values(b));
  }
}

TEST(Transfers, CApiToDevice) {
  Arr a = Arr::F64({1, 2, 3}, {3});
  ch_array* out = nullptr;
  CH_CALL(ch_array_to_device(a.h, "cpu", &out));
  Arr b(out);
  int32_t same = 0;
  CH_CALL(ch_array_same(a.h, b.h, &same));
  EXPECT_EQ(1, same);
  int64_t shape[] = {2, 2};
  CH_CALL(ch_array_full_on_device("native:0", CH_DTYPE_INT32, shape, 2, 3.0, &out));
  Arr f(out);
  EXPECT_EQ((std::vector<int32_t>{3, 3, 3, 3}), f.Values<int32_t>());
}

// ---------------------------------------------------------------------------
// Mixed devices.

void ExpectMixedDevicesRaise(Device& dev) {
  Variable c = Variable::Leaf(F64(Shape{2, 3}, {1, 2, 3, 4, 5, 6}), true);
  Variable d = Variable::Leaf(ToDevice(F64(Shape{2, 3}, {1, 2, 3, 4, 5, 6}), dev), true);
  auto expect_device_error = [&](const char* what, const std::function<void()>& f) {
    try {
      f();
      ADD_FAILURE() << what << ": no error";
    } catch (const DeviceError& e) {
      std::string m = e.what();
      EXPECT_NE(std::string::npos, m.find("different devices")) << what << ": " << m;
      EXPECT_NE(std::string::npos, m.find("@numpy")) << what << ": " << m;
      EXPECT_NE(std::string::npos, m.find(dev.name())) << what << ": " << m;
    }
  };
  namespace r = routines;
  expect_device_error("add", [&] { c + d; });
  expect_device_error("mul reversed", [&] { d * c; });
  expect_device_error("matmul", [&] { r::MatMul(c, r::Transpose(d, nullptr), false, false); });
  expect_device_error("linear", [&] { r::Linear(c, d, Variable(), 1); });
  expect_device_error("concat", [&] { r::Concat({c, d}, 0); });
  expect_device_error("where", [&] { r::Where(Variable::Leaf(routines::CompareScalar(CompareOp::kGt, c.array(), 2.0), false), d, d); });
  expect_device_error("mean_squared_error", [&] { r::MeanSquaredError(c, d); });
  expect_device_error("maximum", [&] { r::Maximum(c, d); });
  // A kernel reached directly with operands on two devices.
  expect_device_error("kernel", [&] {
    Array out = Array::EmptyLike(c.array());
    DispatchKernels(CpuDevice()).Binary(BinaryOp::kAdd, c.array(), d.array(), out);
  });
  // Gradient accumulation of gradients on two devices.
  expect_device_error("accumulation", [&] {
    Variable x = Variable::Leaf(F64(Shape{2}, {1, 2}), true);
    Variable y1 = x * 2.0;
    Variable y2 = x * 3.0;
    std::vector<Variable> gys{Variable::Leaf(F64(Shape{2}, {1, 1}), false), Variable::Leaf(ToDevice(F64(Shape{2}, {1, 1}), dev), false)};
    Grad({y1, y2}, {x}, gys, {}, false, false, false);
  });
  // A gradient set on another device than the variable's data.
  {
    Var vh(capi::NewHandle(c));
    Arr gh(capi::NewHandle(d.array()));
    EXPECT_EQ(CH_ERROR_DEVICE, ch_variable_set_grad(vh.h, gh.h));
    EXPECT_NE(std::string::npos, LastError().find(dev.name())) << LastError();
    Var gv(capi::NewHandle(d));
    EXPECT_EQ(CH_ERROR_DEVICE, ch_variable_set_grad_var(vh.h, gv.h));
  }
  // Auxiliary host arrays of the main input are not mixing: they follow it.
  Array u = F64(Shape{2, 3}, {0.9, 0.1, 0.9, 0.1, 0.9, 0.9});
  EXPECT_EQ(&dev, &r::Dropout(d, 0.5, u).array().device());
}

TEST(MixedDevices, RaiseDeviceErrorOnAnEmulatedDevice) { ExpectMixedDevicesRaise(Emulated()); }

TEST(MixedDevices, RaiseDeviceErrorWithCuda) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  ExpectMixedDevicesRaise(GetDevice("@cupy:0"));
  // Through the C API too.
  Arr a = Arr::F32({1, 2}, {2});
  ch_array* out = nullptr;
  CH_CALL(ch_array_to_device(a.h, "@cupy:0", &out));
  Arr b(out);
  const char* name = nullptr;
  CH_CALL(ch_array_device(b.h, &name));
  EXPECT_STREQ("@cupy:0", name);
  Var va = Var::Of(a), vb = Var::Of(b);
  ch_variable* y = nullptr;
  EXPECT_EQ(CH_ERROR_DEVICE, ch_add(va.h, vb.h, &y));
  EXPECT_NE(std::string::npos, LastError().find("@numpy")) << LastError();
  EXPECT_NE(std::string::npos, LastError().find("@cupy:0")) << LastError();
}

// ---------------------------------------------------------------------------
// The routine table on another device, compared with the CPU.

struct CaseResults {
  std::vector<std::vector<double>> arrays;  // y, first-order grads, second-order grads (host values)
  std::string error;
};

CaseResults RunCase(const GradientCase& c, size_t index, Device& dev) {
  CaseResults out;
  try {
    std::mt19937 rng(4321 + static_cast<unsigned>(index));
    std::vector<Variable> xs;
    for (const auto& s : c.shapes) xs.push_back(Variable::Leaf(ToDevice(RandomArray(s, rng, c.lo, c.hi, c.avoid), dev), true));
    Variable y = c.fn(xs);
    if (&y.array().device() != &dev) {
      out.error = std::string("the output is on ") + y.array().device().name();
      return out;
    }
    out.arrays.push_back(Values(y.array()));
    Variable gy = Variable::Leaf(ToDevice(RandomArray(y.shape(), rng), dev), false);
    std::vector<Variable> g = Grad({y}, xs, {gy}, {}, false, false, c.second);
    Variable total;
    for (size_t i = 0; i < g.size(); ++i) {
      if (!g[i].defined()) continue;
      if (&g[i].array().device() != &dev) {
        out.error = "gradient " + std::to_string(i) + " is on " + g[i].array().device().name();
        return out;
      }
      out.arrays.push_back(Values(g[i].array()));
      if (c.second) {
        Variable w = Variable::Leaf(ToDevice(RandomArray(g[i].shape(), rng), dev), false);
        Variable term = routines::Sum(g[i] * w, nullptr, false);
        total = total.defined() ? total + term : term;
      }
    }
    if (total.defined()) {
      std::vector<Variable> g2 = Grad({total}, xs, {}, {}, false, false, false);
      for (const auto& v : g2) {
        if (v.defined()) out.arrays.push_back(Values(v.array()));
      }
    }
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

void CompareWithCpu(Device& dev, double atol, double rtol) {
  std::vector<GradientCase> cases = GradientCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    CaseResults ref = RunCase(cases[i], i, CpuDevice());
    ASSERT_EQ("", ref.error);
    CaseResults got = RunCase(cases[i], i, dev);
    ASSERT_EQ("", got.error) << "on " << dev.name();
    ASSERT_EQ(ref.arrays.size(), got.arrays.size());
    for (size_t k = 0; k < ref.arrays.size(); ++k) {
      ASSERT_EQ(ref.arrays[k].size(), got.arrays[k].size()) << "result " << k;
      for (size_t j = 0; j < ref.arrays[k].size(); ++j) {
        double a = ref.arrays[k][j], b = got.arrays[k][j];
        if (std::isnan(a) && std::isnan(b)) continue;
        ASSERT_NEAR(a, b, atol + rtol * std::abs(a)) << "result " << k << " element " << j;
      }
    }
  }
}

TEST(DeviceRoutines, GradientTableOnAnEmulatedDeviceMatchesTheCpu) {
  // The same CPU kernels run underneath, so only the routing differs: the
  // results must agree to rounding (the device path of the fused softmax
  // cross entropy reorders nothing either).
  int64_t copies = Emulated().copies();
  CompareWithCpu(Emulated(), 1e-12, 1e-12);
  EXPECT_GT(Emulated().copies(), copies);
}

TEST(DeviceRoutines, DevicePathsOfHostRoutinesMatchTheHostPaths) {
  // The kernel-only paths of routines that read data on the host, taken on
  // the CPU itself.
  std::vector<GradientCase> cases = GradientCases();
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    CaseResults host = RunCase(cases[i], i, CpuDevice());
    routines::g_force_device_paths.store(true);
    CaseResults device = RunCase(cases[i], i, CpuDevice());
    routines::g_force_device_paths.store(false);
    ASSERT_EQ("", host.error);
    ASSERT_EQ("", device.error);
    ASSERT_EQ(host.arrays.size(), device.arrays.size());
    for (size_t k = 0; k < host.arrays.size(); ++k) {
      ASSERT_EQ(host.arrays[k].size(), device.arrays[k].size());
      for (size_t j = 0; j < host.arrays[k].size(); ++j) {
        EXPECT_DOUBLE_EQ(host.arrays[k][j], device.arrays[k][j]) << "result " << k << " element " << j;
      }
    }
  }
}

TEST(DeviceRoutines, GradientTableOnCudaMatchesTheCpu) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  CompareWithCpu(GetDevice("@cupy:0"), 1e-9, 1e-7);
}

TEST(DeviceRoutines, SoftmaxCrossEntropyFloat32DevicePathMatchesHost) {
  // float32, class weights, ignored labels, 4-d input: bit-for-bit the host path.
  std::mt19937 rng(7);
  Array x = RandomArray(Shape{3, 4, 2, 2}, rng, -3, 3).AsType(Dtype::kFloat32);
  int64_t t[] = {0, 3, -1, 2, 1, 1, -1, -1, 3, 0, 2, 2};
  Array ta = Array::FromHost(Shape{3, 2, 2}, Dtype::kInt64, t, CpuDevice());
  float w[] = {0.5f, 1.25f, 2.0f, 0.75f};
  for (bool mean : {true, false}) {
    for (bool normalize : {true, false}) {
      routines::SoftmaxCrossEntropyOptions o;
      o.class_weight = Array::FromHost(Shape{4}, Dtype::kFloat32, w, CpuDevice());
      o.reduce_mean = mean;
      o.normalize = normalize;
      auto run = [&](bool device_path) {
        routines::g_force_device_paths.store(device_path);
        Variable xv = Variable::Leaf(x.Copy(), true);
        Variable loss = routines::SoftmaxCrossEntropy(xv, Variable::Leaf(ta, false), o);
        Array gy = Array::Full(loss.shape(), Dtype::kFloat32, 0.7, CpuDevice());
        auto g = Grad({loss}, {xv}, {Variable::Leaf(gy, false)}, {}, false, false, false);
        routines::g_force_device_paths.store(false);
        return std::make_pair(Values(loss.array()), Values(g[0].array()));
      };
      auto host = run(false);
      auto device = run(true);
      EXPECT_EQ(host.first, device.first) << "mean " << mean << " normalize " << normalize;
      EXPECT_EQ(host.second, device.second) << "mean " << mean << " normalize " << normalize;
    }
  }
}

// ---------------------------------------------------------------------------
// Memory stays flat over many small training steps on CUDA.

TEST(CudaMemory, FlatOverTenThousandTrainingSteps) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  auto on_gpu = [](const Arr& a) {
    ch_array* out = nullptr;
    EXPECT_EQ(CH_OK, ch_array_to_device(a.h, "@cupy:0", &out)) << LastError();
    return Arr(out);
  };
  std::vector<float> w1v(16 * 8), w2v(4 * 16), xv(32 * 8);
  for (size_t i = 0; i < w1v.size(); ++i) w1v[i] = 0.01f * static_cast<float>(static_cast<int>(i % 17) - 8);
  for (size_t i = 0; i < w2v.size(); ++i) w2v[i] = 0.02f * static_cast<float>(static_cast<int>(i % 13) - 6);
  for (size_t i = 0; i < xv.size(); ++i) xv[i] = 0.1f * static_cast<float>(static_cast<int>(i % 11) - 5);
  Arr w1 = on_gpu(Arr::F32(w1v, {16, 8})), w2 = on_gpu(Arr::F32(w2v, {4, 16})), x = on_gpu(Arr::F32(xv, {32, 8}));
  std::vector<int32_t> tv(32);
  for (size_t i = 0; i < tv.size(); ++i) tv[i] = static_cast<int32_t>(i % 4);
  ch_array* th = nullptr;
  int64_t tshape[] = {32};
  CH_CALL(ch_array_from_buffer(CH_DTYPE_INT32, tshape, 1, tv.data(), 32 * 4, &th));
  Arr t_host(th);
  Arr t = on_gpu(t_host);
  Var w1var = Var::Of(w1), w2var = Var::Of(w2), xvar = Var::Of(x, false), tvar = Var::Of(t, false);

  float last_loss = 0;
  auto step = [&] {
    ch_variable *h = nullptr, *a = nullptr, *y = nullptr, *loss = nullptr;
    ASSERT_EQ(CH_OK, ch_linear(xvar.h, w1var.h, nullptr, 1, &h)) << LastError();
    Var hv(h);
    ASSERT_EQ(CH_OK, ch_relu(hv.h, &a)) << LastError();
    Var av(a);
    ASSERT_EQ(CH_OK, ch_linear(av.h, w2var.h, nullptr, 1, &y)) << LastError();
    Var yv(y);
    ASSERT_EQ(CH_OK, ch_softmax_cross_entropy(yv.h, tvar.h, 1, nullptr, -1, 1, 0, &loss)) << LastError();
    Var lv(loss);
    last_loss = lv.Data().Values<float>()[0];
    ASSERT_EQ(CH_OK, ch_variable_backward(lv.h, 0, 0)) << LastError();
    for (Var* p : {&w1var, &w2var}) {
      Arr data = p->Data();
      Arr grad = p->Grad();
      ASSERT_EQ(CH_OK, ch_sgd_update(data.h, grad.h, 0.01)) << LastError();
      ASSERT_EQ(CH_OK, ch_variable_clear_grad(p->h)) << LastError();
    }
  };
  for (int i = 0; i < 100; ++i) ASSERT_NO_FATAL_FAILURE(step());
  float first_loss = last_loss;
  CH_CALL(ch_cuda_synchronize(0));
  int64_t used0, cached0, peak0, alloc0, frees0;
  CH_CALL(ch_cuda_memory_stats(0, &used0, &cached0, &peak0, &alloc0, &frees0));
  for (int i = 0; i < 10000; ++i) ASSERT_NO_FATAL_FAILURE(step());
  CH_CALL(ch_cuda_synchronize(0));
  int64_t used1, cached1, peak1, alloc1, frees1;
  CH_CALL(ch_cuda_memory_stats(0, &used1, &cached1, &peak1, &alloc1, &frees1));
  EXPECT_EQ(used0, used1) << "bytes held by live arrays grew";
  EXPECT_LE(used1 + cached1, used0 + cached0 + (1 << 20)) << "the pool grew";
  EXPECT_LE(alloc1 - alloc0, 4) << "the pool kept allocating from the driver";
  // The loss went down: training really ran on the device.
  EXPECT_LT(last_loss, first_loss);
  CH_CALL(ch_cuda_free_cached_memory(-1));
  int64_t used2, cached2, peak2, alloc2, frees2;
  CH_CALL(ch_cuda_memory_stats(0, &used2, &cached2, &peak2, &alloc2, &frees2));
  EXPECT_EQ(0, cached2);
  EXPECT_EQ(used1, used2);
  CH_CALL(ch_cuda_reset_peak_memory(0));
}

// ---------------------------------------------------------------------------
// Optimizer updates and array helpers on CUDA arrays, against the CPU.

TEST(CudaOps, OptimizerUpdatesAndArrayHelpersMatchTheCpu) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  std::vector<float> p0{0.5f, -1.0f, 2.0f, 0.25f}, g0{0.1f, -0.2f, 0.3f, -0.4f};
  auto run = [&](const char* device) {
    auto make = [&](const std::vector<float>& v) {
      Arr h = Arr::F32(v, {4});
      ch_array* out = nullptr;
      EXPECT_EQ(CH_OK, ch_array_to_device(h.h, device, &out)) << LastError();
      return Arr(out);
    };
    std::vector<std::vector<float>> results;
    Arr p = make(p0), g = make(g0), m = make({0, 0, 0, 0}), v = make({0, 0, 0, 0}), vhat = make({0, 0, 0, 0}), h = make({0, 0, 0, 0}),
        ms = make({0, 0, 0, 0}), mom = make({0, 0, 0, 0});
    for (int step = 0; step < 3; ++step) {
      EXPECT_EQ(CH_OK, ch_sgd_update(p.h, g.h, 0.1)) << LastError();
      EXPECT_EQ(CH_OK, ch_momentum_sgd_update(p.h, g.h, mom.h, 0.1, 0.9)) << LastError();
      EXPECT_EQ(CH_OK, ch_adam_update(p.h, g.h, m.h, v.h, vhat.h, 0.01, 0.9, 0.999, 1e-8, 1.0, 0.0)) << LastError();
      EXPECT_EQ(CH_OK, ch_adagrad_update(p.h, g.h, h.h, 0.1, 1e-8)) << LastError();
      EXPECT_EQ(CH_OK, ch_rmsprop_update(p.h, g.h, ms.h, 0.1, 0.99, 1e-8, 1)) << LastError();
    }
    EXPECT_EQ(CH_OK, ch_array_scale(p.h, 1.5)) << LastError();
    EXPECT_EQ(CH_OK, ch_array_axpy(p.h, g.h, -2.0)) << LastError();
    EXPECT_EQ(CH_OK, ch_array_clip(p.h, -1.0, 1.0)) << LastError();
    double dot = 0;
    EXPECT_EQ(CH_OK, ch_array_dot(p.h, g.h, &dot)) << LastError();
    for (Arr* a : {&p, &m, &v, &vhat, &h, &ms, &mom}) results.push_back(a->Values<float>());
    results.push_back({static_cast<float>(dot)});
    return results;
  };
  auto cpu = run("@numpy");
  auto gpu = run("@cupy:0");
  ASSERT_EQ(cpu.size(), gpu.size());
  for (size_t i = 0; i < cpu.size(); ++i) {
    ASSERT_EQ(cpu[i].size(), gpu[i].size());
    for (size_t j = 0; j < cpu[i].size(); ++j) EXPECT_NEAR(cpu[i][j], gpu[i][j], 1e-6 + 1e-5 * std::abs(cpu[i][j])) << i << "," << j;
  }
  // Mixed devices in an update.
  Arr hp = Arr::F32(p0, {4});
  ch_array* dg = nullptr;
  CH_CALL(ch_array_to_device(hp.h, "@cupy:0", &dg));
  Arr gpu_grad(dg);
  EXPECT_EQ(CH_ERROR_DEVICE, ch_sgd_update(hp.h, gpu_grad.h, 0.1));
  double dot = 0;
  EXPECT_EQ(CH_ERROR_DEVICE, ch_array_dot(hp.h, gpu_grad.h, &dot));
}

TEST(CudaOps, OutOfDeviceMemoryIsReportedAsSuch) {
  std::string reason;
  if (!CudaAvailable(&reason)) GTEST_SKIP() << reason;
  int64_t shape[] = {int64_t{1} << 39};  // 2 TiB of float32
  ch_array* out = nullptr;
  EXPECT_EQ(CH_ERROR_OUT_OF_MEMORY, ch_array_full_on_device("@cupy:0", CH_DTYPE_FLOAT32, shape, 1, 0.0, &out));
  EXPECT_FALSE(LastError().empty());
  EXPECT_EQ(nullptr, out);
  // The device is still usable afterwards.
  int64_t small[] = {3};
  CH_CALL(ch_array_full_on_device("@cupy:0", CH_DTYPE_FLOAT32, small, 1, 2.0, &out));
  Arr a(out);
  EXPECT_EQ((std::vector<float>{2, 2, 2}), a.Values<float>());
}

// ---------------------------------------------------------------------------
// The CUDA tests above, rerun in a child process whose CUDA backend is the
// in-process mock: the core's whole CUDA path (loading, CudaDevice, the
// marshalling of every kernel, errors, the Devices C API) on this machine,
// with every pointer handed to the backend checked to be memory of the right
// device.

TEST(MockCuda, CudaTestsPassOnTheMockBackend) {
  if (UnderMock()) GTEST_SKIP() << "already the child";
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  ASSERT_GT(n, 0);
  exe[n] = '\0';
  std::string log = "/tmp/chainer-mock-cuda-" + std::to_string(getpid()) + ".log";
  std::string cmd = "CHAINER_TEST_MOCK_CUDA=1 '" + std::string(exe) +
                    "' --gtest_filter='Cuda.AvailableDevicesAreNamedAndCounted:Transfers.*:MixedDevices.*:DeviceRoutines.*:CudaMemory.*:CudaOps.*'"
                    " > '" + log + "' 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(log.c_str());
  std::string out = text.str();
  EXPECT_EQ(0, rc) << out;
  EXPECT_NE(std::string::npos, out.find("[  PASSED  ]")) << out;
  EXPECT_EQ(std::string::npos, out.find("[  SKIPPED ]")) << out;
  EXPECT_EQ(std::string::npos, out.find("[  FAILED  ]")) << out;
}

}  // namespace
}  // namespace chainer
