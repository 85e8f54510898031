// CUDA devices: loading libchainer_cuda.so, and the Device/Kernels that
// marshal every call to its C table (device/cuda_plugin_abi.h). Nothing C++
// crosses the boundary: arrays become chc_array structs, failures come back
// as status codes plus last_error() text and are rethrown here as the core's
// error classes.
#include "device/cuda_device.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "common/no_destructor.h"
#include "kernels/kernels.h"

namespace chainer {
namespace cuda {
namespace {

// The ABI's codes are the core's enum values.
static_assert(kMaxNdim <= CHC_MAX_NDIM, "chc_array must hold every array rank");
static_assert(static_cast<int>(Dtype::kBool) == CH_DTYPE_BOOL && static_cast<int>(Dtype::kInt32) == CH_DTYPE_INT32 &&
                  static_cast<int>(Dtype::kInt64) == CH_DTYPE_INT64 && static_cast<int>(Dtype::kFloat32) == CH_DTYPE_FLOAT32 &&
                  static_cast<int>(Dtype::kFloat64) == CH_DTYPE_FLOAT64,
              "dtype codes");
static_assert(static_cast<int>(UnaryOp::kNeg) == CHC_NEG && static_cast<int>(UnaryOp::kAbs) == CHC_ABS &&
                  static_cast<int>(UnaryOp::kSign) == CHC_SIGN && static_cast<int>(UnaryOp::kRelu) == CHC_RELU &&
                  static_cast<int>(UnaryOp::kExp) == CHC_EXP && static_cast<int>(UnaryOp::kLog) == CHC_LOG &&
                  static_cast<int>(UnaryOp::kSqrt) == CHC_SQRT && static_cast<int>(UnaryOp::kSquare) == CHC_SQUARE &&
                  static_cast<int>(UnaryOp::kExpm1) == CHC_EXPM1 && static_cast<int>(UnaryOp::kLog1p) == CHC_LOG1P &&
                  static_cast<int>(UnaryOp::kLog2) == CHC_LOG2 && static_cast<int>(UnaryOp::kLog10) == CHC_LOG10 &&
                  static_cast<int>(UnaryOp::kSin) == CHC_SIN && static_cast<int>(UnaryOp::kCos) == CHC_COS &&
                  static_cast<int>(UnaryOp::kTan) == CHC_TAN && static_cast<int>(UnaryOp::kArcsin) == CHC_ARCSIN &&
                  static_cast<int>(UnaryOp::kArccos) == CHC_ARCCOS && static_cast<int>(UnaryOp::kArctan) == CHC_ARCTAN &&
                  static_cast<int>(UnaryOp::kSinh) == CHC_SINH && static_cast<int>(UnaryOp::kCosh) == CHC_COSH &&
                  static_cast<int>(UnaryOp::kTanh) == CHC_TANH && static_cast<int>(UnaryOp::kSigmoid) == CHC_SIGMOID &&
                  static_cast<int>(UnaryOp::kFloor) == CHC_FLOOR && static_cast<int>(UnaryOp::kCeil) == CHC_CEIL &&
                  static_cast<int>(UnaryOp::kFix) == CHC_FIX && static_cast<int>(UnaryOp::kReciprocal) == CHC_RECIPROCAL,
              "unary op codes");
static_assert(static_cast<int>(BinaryOp::kAdd) == CHC_ADD && static_cast<int>(BinaryOp::kSub) == CHC_SUB &&
                  static_cast<int>(BinaryOp::kMul) == CHC_MUL && static_cast<int>(BinaryOp::kDiv) == CHC_DIV &&
                  static_cast<int>(BinaryOp::kPow) == CHC_POW && static_cast<int>(BinaryOp::kMaximum) == CHC_MAXIMUM &&
                  static_cast<int>(BinaryOp::kMinimum) == CHC_MINIMUM && static_cast<int>(BinaryOp::kFmod) == CHC_FMOD,
              "binary op codes");
static_assert(static_cast<int>(CompareOp::kEq) == CHC_EQ && static_cast<int>(CompareOp::kNe) == CHC_NE &&
                  static_cast<int>(CompareOp::kLt) == CHC_LT && static_cast<int>(CompareOp::kLe) == CHC_LE &&
                  static_cast<int>(CompareOp::kGt) == CHC_GT && static_cast<int>(CompareOp::kGe) == CHC_GE,
              "compare op codes");
static_assert(static_cast<int>(ReduceOp::kSum) == CHC_REDUCE_SUM && static_cast<int>(ReduceOp::kProd) == CHC_REDUCE_PROD &&
                  static_cast<int>(ReduceOp::kMax) == CHC_REDUCE_MAX && static_cast<int>(ReduceOp::kMin) == CHC_REDUCE_MIN,
              "reduce op codes");
static_assert(static_cast<int>(UpdateRule::kSgd) == CHC_UPDATE_SGD && static_cast<int>(UpdateRule::kMomentumSgd) == CHC_UPDATE_MOMENTUM_SGD &&
                  static_cast<int>(UpdateRule::kAdam) == CHC_UPDATE_ADAM && static_cast<int>(UpdateRule::kAdaGrad) == CHC_UPDATE_ADAGRAD &&
                  static_cast<int>(UpdateRule::kRmsProp) == CHC_UPDATE_RMSPROP,
              "update rule codes");
static_assert(ConvGeometry::kMaxSpatial == 3, "chc_geometry holds 3 spatial dims");

constexpr const char* kLibraryName = "libchainer_cuda.so";
constexpr const char* kUnavailable = "CUDA is not available: ";

// ---------------------------------------------------------------------------
// Marshalling.

chc_array ToChc(const Array& a) {
  chc_array c{};
  c.data = a.raw_data();
  c.dtype = static_cast<int32_t>(a.dtype());
  c.ndim = a.ndim();
  for (int i = 0; i < a.ndim(); ++i) {
    c.shape[i] = a.shape()[i];
    c.strides[i] = a.strides()[i];
  }
  return c;
}

// An optional operand: NULL when undefined.
const chc_array* OptChc(const Array& a, chc_array& storage) {
  if (!a.defined()) return nullptr;
  storage = ToChc(a);
  return &storage;
}

chc_geometry ToChc(const ConvGeometry& g) {
  chc_geometry c{};
  c.nd = g.nd;
  for (int i = 0; i < ConvGeometry::kMaxSpatial; ++i) {
    c.in[i] = g.in[i];
    c.k[i] = g.k[i];
    c.s[i] = g.s[i];
    c.p[i] = g.p[i];
    c.d[i] = g.d[i];
    c.out[i] = g.out[i];
  }
  return c;
}

chc_resize_table ToChc(const ResizeTable& t) {
  if (t.v1.size() != t.v0.size() || t.vw.size() != t.v0.size() || t.u1.size() != t.u0.size() || t.uw.size() != t.u0.size()) {
    throw InternalError("resize table columns differ in length");
  }
  chc_resize_table c{};
  c.v0 = t.v0.data();
  c.v1 = t.v1.data();
  c.u0 = t.u0.data();
  c.u1 = t.u1.data();
  c.vw = t.vw.data();
  c.uw = t.uw.data();
  c.out_h = static_cast<int64_t>(t.v0.size());
  c.out_w = static_cast<int64_t>(t.u0.size());
  return c;
}

chc_update_hyper ToChc(const UpdateHyper& h) {
  chc_update_hyper c{};
  c.lr = h.lr;
  c.momentum = h.momentum;
  c.beta1 = h.beta1;
  c.beta2 = h.beta2;
  c.eta = h.eta;
  c.weight_decay_rate = h.weight_decay_rate;
  c.eps = h.eps;
  c.alpha = h.alpha;
  c.eps_inside_sqrt = h.eps_inside_sqrt ? 1 : 0;
  c.amsgrad = h.amsgrad ? 1 : 0;
  return c;
}

struct AxesC {
  int32_t v[kMaxNdim] = {};
  int32_t n = 0;
  explicit AxesC(const Axes& axes) {
    for (int64_t a : axes) v[n++] = static_cast<int32_t>(a);
  }
};

std::string LastErrorText(const chc_api& api) {
  const char* m = api.last_error != nullptr ? api.last_error() : nullptr;
  return m != nullptr ? std::string(m) : std::string();
}

[[noreturn]] void Fail(const chc_api& api, int32_t status, const char* what) {
  std::string message = LastErrorText(api);
  if (message.empty()) message = std::string("CUDA ") + what + " failed with status " + std::to_string(status);
  ThrowStatus(status, message);
}

// Runs one backend call and throws on a non-OK status.
#define CHC_CALL(api, what, call)                  \
  do {                                             \
    int32_t chc_status_ = (call);                  \
    if (chc_status_ != CH_OK) Fail(api, chc_status_, what); \
  } while (0)

// ---------------------------------------------------------------------------
// Kernels.

class CudaKernels final : public Kernels {
 public:
  CudaKernels(const chc_api& api, int32_t dev) : api_(api), dev_(dev) {}

  void Fill(const Array& out, double value) override {
    chc_array o = ToChc(out);
    CHC_CALL(api_, "fill", api_.fill(dev_, &o, value));
  }
  void Arange(const Array& out, double start, double step) override {
    chc_array o = ToChc(out);
    CHC_CALL(api_, "arange", api_.arange(dev_, &o, start, step));
  }
  void Copy(const Array& src, const Array& dst) override {
    chc_array s = ToChc(src), d = ToChc(dst);
    CHC_CALL(api_, "copy", api_.copy(dev_, &s, &d));
  }
  void Unary(UnaryOp op, const Array& x, const Array& out) override {
    chc_array a = ToChc(x), o = ToChc(out);
    CHC_CALL(api_, "unary", api_.unary(dev_, static_cast<int32_t>(op), &a, &o));
  }
  void Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) override {
    chc_array ca = ToChc(a), cb = ToChc(b), o = ToChc(out);
    CHC_CALL(api_, "binary", api_.binary(dev_, static_cast<int32_t>(op), &ca, &cb, &o));
  }
  void BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) override {
    chc_array ca = ToChc(a), o = ToChc(out);
    CHC_CALL(api_, "binary_scalar", api_.binary_scalar(dev_, static_cast<int32_t>(op), &ca, s, scalar_first ? 1 : 0, &o));
  }
  void Compare(CompareOp op, const Array& a, const Array& b, const Array& out) override {
    chc_array ca = ToChc(a), cb = ToChc(b), o = ToChc(out);
    CHC_CALL(api_, "compare", api_.compare(dev_, static_cast<int32_t>(op), &ca, &cb, &o));
  }
  void Where(const Array& cond, const Array& a, const Array& b, const Array& out) override {
    chc_array cc = ToChc(cond), ca = ToChc(a), cb = ToChc(b), o = ToChc(out);
    CHC_CALL(api_, "where", api_.where(dev_, &cc, &ca, &cb, &o));
  }
  void Sum(const Array& x, const Axes& axes, const Array& out) override {
    chc_array cx = ToChc(x), o = ToChc(out);
    AxesC ax(axes);
    CHC_CALL(api_, "sum", api_.sum(dev_, &cx, ax.v, ax.n, &o));
  }
  void Reduce(ReduceOp op, const Array& x, const Axes& axes, const Array& out) override {
    chc_array cx = ToChc(x), o = ToChc(out);
    AxesC ax(axes);
    CHC_CALL(api_, "reduce", api_.reduce(dev_, static_cast<int32_t>(op), &cx, ax.v, ax.n, &o));
  }
  void ArgReduce(ReduceOp op, const Array& x, int axis, const Array& out) override {
    chc_array cx = ToChc(x), o = ToChc(out);
    CHC_CALL(api_, "arg_reduce", api_.arg_reduce(dev_, static_cast<int32_t>(op), &cx, axis, &o));
  }
  void Cumsum(const Array& x, int axis, const Array& out) override {
    chc_array cx = ToChc(x), o = ToChc(out);
    CHC_CALL(api_, "cumsum", api_.cumsum(dev_, &cx, axis, &o));
  }
  void Take(const Array& x, const Array& indices, int axis, const Array& out) override {
    chc_array cx = ToChc(x), ci = ToChc(indices), o = ToChc(out);
    CHC_CALL(api_, "take", api_.take(dev_, &cx, &ci, axis, &o));
  }
  void ScatterAdd(const Array& src, const Array& indices, int axis, const Array& out) override {
    chc_array cs = ToChc(src), ci = ToChc(indices), o = ToChc(out);
    CHC_CALL(api_, "scatter_add", api_.scatter_add(dev_, &cs, &ci, axis, &o));
  }
  void Im2Col(const Array& x, const ConvGeometry& g, double pad_value, const Array& col) override {
    chc_array cx = ToChc(x), cc = ToChc(col);
    chc_geometry cg = ToChc(g);
    CHC_CALL(api_, "im2col", api_.im2col(dev_, &cx, &cg, pad_value, &cc));
  }
  void Col2Im(const Array& col, const ConvGeometry& g, const Array& x) override {
    chc_array cc = ToChc(col), cx = ToChc(x);
    chc_geometry cg = ToChc(g);
    CHC_CALL(api_, "col2im", api_.col2im(dev_, &cc, &cg, &cx));
  }
  void MaxPool(const Array& x, const ConvGeometry& g, const Array& y, const Array& indexes) override {
    chc_array cx = ToChc(x), cy = ToChc(y), ci = ToChc(indexes);
    chc_geometry cg = ToChc(g);
    CHC_CALL(api_, "max_pool", api_.max_pool(dev_, &cx, &cg, &cy, &ci));
  }
  void MaxPoolScatter(const Array& gy, const Array& indexes, const ConvGeometry& g, const Array& gx) override {
    chc_array cgy = ToChc(gy), ci = ToChc(indexes), cgx = ToChc(gx);
    chc_geometry cg = ToChc(g);
    CHC_CALL(api_, "max_pool_scatter", api_.max_pool_scatter(dev_, &cgy, &ci, &cg, &cgx));
  }
  void MaxPoolGather(const Array& gx, const Array& indexes, const ConvGeometry& g, const Array& gy) override {
    chc_array cgx = ToChc(gx), ci = ToChc(indexes), cgy = ToChc(gy);
    chc_geometry cg = ToChc(g);
    CHC_CALL(api_, "max_pool_gather", api_.max_pool_gather(dev_, &cgx, &ci, &cg, &cgy));
  }
  void ResizeBilinear(const Array& x, const ResizeTable& t, const Array& y) override {
    chc_array cx = ToChc(x), cy = ToChc(y);
    chc_resize_table ct = ToChc(t);
    CHC_CALL(api_, "resize_bilinear", api_.resize_bilinear(dev_, &cx, &ct, &cy));
  }
  void ResizeBilinearAdjoint(const Array& gy, const ResizeTable& t, const Array& gx) override {
    chc_array cgy = ToChc(gy), cgx = ToChc(gx);
    chc_resize_table ct = ToChc(t);
    CHC_CALL(api_, "resize_bilinear_adjoint", api_.resize_bilinear_adjoint(dev_, &cgy, &ct, &cgx));
  }
  void RoiMaxPool(const Array& x, const Array& rois, double spatial_scale, const Array& y, const Array& argmax) override {
    chc_array cx = ToChc(x), cr = ToChc(rois), cy = ToChc(y), ca = ToChc(argmax);
    CHC_CALL(api_, "roi_max_pool", api_.roi_max_pool(dev_, &cx, &cr, spatial_scale, &cy, &ca));
  }
  void GatherFlat(const Array& src, const Array& indices, const Array& out) override {
    chc_array cs = ToChc(src), ci = ToChc(indices), o = ToChc(out);
    CHC_CALL(api_, "gather_flat", api_.gather_flat(dev_, &cs, &ci, &o));
  }
  void ScatterAddFlat(const Array& src, const Array& indices, const Array& out) override {
    chc_array cs = ToChc(src), ci = ToChc(indices), o = ToChc(out);
    CHC_CALL(api_, "scatter_add_flat", api_.scatter_add_flat(dev_, &cs, &ci, &o));
  }
  void Ctc(const Array& x, const Array& t, const Array& input_length, const Array& label_length, int64_t blank, const Array& loss,
           const Array& grad) override {
    chc_array cx = ToChc(x), ct = ToChc(t), ci = ToChc(input_length), cl = ToChc(label_length), closs = ToChc(loss), cg = ToChc(grad);
    CHC_CALL(api_, "ctc", api_.ctc(dev_, &cx, &ct, &ci, &cl, blank, &closs, &cg));
  }
  void Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0, const Array& s1,
              const Array& s2) override {
    chc_array cp = ToChc(param), cg = ToChc(grad), st0, st1, st2;
    chc_update_hyper ch = ToChc(h);
    CHC_CALL(api_, "update",
             api_.update(dev_, static_cast<int32_t>(rule), &ch, &cp, &cg, OptChc(s0, st0), OptChc(s1, st1), OptChc(s2, st2)));
  }
  void Dot(const Array& a, const Array& b, const Array& out) override {
    chc_array ca = ToChc(a), cb = ToChc(b), o = ToChc(out);
    CHC_CALL(api_, "dot", api_.dot(dev_, &ca, &cb, &o));
  }
  void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) override {
    chc_array ca = ToChc(a), cb = ToChc(b), o = ToChc(out);
    CHC_CALL(api_, "matmul", api_.matmul(dev_, &ca, &cb, transa ? 1 : 0, transb ? 1 : 0, &o));
  }

 private:
  const chc_api& api_;
  int32_t dev_;
};

// ---------------------------------------------------------------------------
// Devices.

class CudaDevice final : public Device {
 public:
  CudaDevice(const chc_api& api, int32_t ordinal)
      : api_(api), ordinal_(ordinal), name_("@cupy:" + std::to_string(ordinal)), kernels_(api, ordinal) {
    char buf[256] = {};
    if (api_.device_name(ordinal_, buf, static_cast<int32_t>(sizeof buf)) == CH_OK) {
      buf[sizeof buf - 1] = '\0';
      product_name_ = buf;
    } else {
      product_name_ = "CUDA device " + std::to_string(ordinal_);
    }
  }

  const std::string& name() const override { return name_; }
  void* Allocate(size_t bytes) override {
    void* p = nullptr;
    int32_t status = api_.malloc_(ordinal_, bytes, &p);
    if (status != CH_OK) {
      std::string m = LastErrorText(api_);
      if (m.empty()) m = "cannot allocate " + std::to_string(bytes) + " bytes on " + name_;
      ThrowStatus(status, m);
    }
    if (p == nullptr) throw InternalError("the CUDA backend returned no memory for " + std::to_string(bytes) + " bytes on " + name_);
    return p;
  }
  // May run on a finalizer thread; a failure here has nowhere to go.
  void Deallocate(void* ptr, size_t bytes) noexcept override { (void)api_.free_(ordinal_, ptr, bytes); }
  Kernels& kernels() override { return kernels_; }
  bool is_host() const override { return false; }
  void CopyToHost(void* dst, const void* src, size_t bytes) override {
    if (bytes == 0) return;
    CHC_CALL(api_, "copy_to_host", api_.copy_to_host(ordinal_, dst, src, bytes));
  }
  void CopyFromHost(void* dst, const void* src, size_t bytes) override {
    if (bytes == 0) return;
    CHC_CALL(api_, "copy_from_host", api_.copy_from_host(ordinal_, dst, src, bytes));
  }
  void Synchronize() override { CHC_CALL(api_, "synchronize", api_.synchronize(ordinal_)); }

  const std::string& product_name() const { return product_name_; }

 private:
  const chc_api& api_;
  int32_t ordinal_;
  std::string name_;
  std::string product_name_;
  CudaKernels kernels_;
};

// ---------------------------------------------------------------------------
// Loading.

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

// The directory of the binary holding this code: libchainer_native.so, or
// the executable when the core is linked into one (the native tests).
std::string CoreDirectory() {
  std::string path;
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&CoreDirectory), &info) != 0 && info.dli_fname != nullptr) path = info.dli_fname;
  if (path.find('/') == std::string::npos) {
    // The main program is reported by its bare name (or not at all).
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) path.assign(buf, static_cast<size_t>(n));
  }
  // An absolute, resolved path names the directory even when the binary
  // was found through a relative path or a symbolic link.
  std::unique_ptr<char, void (*)(void*)> resolved(::realpath(path.c_str(), nullptr), std::free);
  if (resolved) path = resolved.get();
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string WithPrefix(const std::string& reason) {
  if (reason.compare(0, std::strlen(kUnavailable), kUnavailable) == 0) return reason;
  return kUnavailable + reason;
}

// Calls the backend's entry point and checks the table it hands back.
void OpenTable(chc_open_fn open, LoadResult& r) {
  char reason[1024] = {};
  const chc_api* api = nullptr;
  int32_t status = open(CHC_ABI_VERSION, &api, reason, static_cast<int32_t>(sizeof reason));
  reason[sizeof reason - 1] = '\0';
  if (status != CH_OK || api == nullptr) {
    std::string why = reason[0] != '\0' ? std::string(reason) : "chainer_cuda_open failed with status " + std::to_string(status);
    r.reason = WithPrefix(why);
    return;
  }
  if (api->abi_version != CHC_ABI_VERSION || api->struct_size != static_cast<int32_t>(sizeof(chc_api))) {
    r.reason = std::string(kUnavailable) + r.path + " was built for ABI version " + std::to_string(api->abi_version) + " (table of " +
               std::to_string(api->struct_size) + " bytes) but this core expects version " + std::to_string(CHC_ABI_VERSION) + " (" +
               std::to_string(sizeof(chc_api)) + " bytes); rebuild both from one commit";
    return;
  }
  r.api = api;
}

std::atomic<chc_open_fn> g_open_for_testing{nullptr};

struct Backend {
  LoadResult load;
  std::vector<std::unique_ptr<CudaDevice>> devices;
};

Backend OpenBackend() {
  Backend b;
  if (chc_open_fn open = g_open_for_testing.load()) {
    b.load.path = "(in-process backend for testing)";
    OpenTable(open, b.load);
  } else {
    b.load = LoadBackend();
  }
  if (b.load.api == nullptr) return b;
  const chc_api& api = *b.load.api;
  int32_t count = 0;
  int32_t status = api.device_count(&count);
  if (status != CH_OK || count <= 0) {
    std::string why = status != CH_OK ? LastErrorText(api) : std::string("no CUDA device was found");
    if (why.empty()) why = "cannot count CUDA devices (status " + std::to_string(status) + ")";
    b.load.api = nullptr;
    b.load.reason = WithPrefix(why);
    return b;
  }
  for (int32_t i = 0; i < count; ++i) b.devices.push_back(std::make_unique<CudaDevice>(api, i));
  device_detail::g_multiple_devices.store(true, std::memory_order_release);
  return b;
}

Backend OpenBackendNoThrow() noexcept {
  try {
    return OpenBackend();
  } catch (const std::exception& e) {
    Backend b;
    try {
      b.load.reason = WithPrefix(std::string("loading the backend failed: ") + e.what());
    } catch (...) {
    }
    return b;
  } catch (...) {
    Backend b;
    try {
      b.load.reason = WithPrefix("loading the backend failed");
    } catch (...) {
    }
    return b;
  }
}

// Loaded once per process (thread-safe static initialisation); neither the
// library nor the devices are ever released.
const Backend& TheBackend() noexcept {
  static NoDestructor<Backend> backend(OpenBackendNoThrow());
  return backend.get();
}

}  // namespace

LoadResult LoadBackend() {
  LoadResult r;
  const char* env = std::getenv("CHAINER_CUDA_LIBRARY");
  bool from_env = env != nullptr && env[0] != '\0';
  if (from_env) {
    r.path = env;
  } else {
    std::string dir = CoreDirectory();
    r.path = (dir == "/" ? std::string() : dir) + "/" + kLibraryName;
    if (!FileExists(r.path)) {
      r.reason = std::string(kUnavailable) + kLibraryName + " was not found next to libchainer_native.so in " + dir +
                 " (this build has no CUDA backend; build with nvcc installed, or set CHAINER_CUDA_LIBRARY)";
      return r;
    }
  }
  ::dlerror();
  void* handle = ::dlopen(r.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* err = ::dlerror();
    r.reason = std::string(kUnavailable) + "cannot load " + (from_env ? "CHAINER_CUDA_LIBRARY=" : "") + r.path + ": " +
               (err != nullptr ? err : "unknown dlopen error");
    return r;
  }
  // Never dlclose: device memory and the table outlive any caller.
  auto open = reinterpret_cast<chc_open_fn>(::dlsym(handle, CHC_OPEN_SYMBOL));
  if (open == nullptr) {
    r.reason = std::string(kUnavailable) + r.path + " does not export " + CHC_OPEN_SYMBOL;
    return r;
  }
  OpenTable(open, r);
  return r;
}

bool Available(std::string* reason) noexcept {
  const Backend& b = TheBackend();
  if (reason != nullptr) {
    try {
      *reason = b.load.api != nullptr ? std::string() : b.load.reason;
    } catch (...) {
    }
  }
  return b.load.api != nullptr;
}

const std::string& UnavailableReason() noexcept { return TheBackend().load.reason; }

int DeviceCount() noexcept {
  const Backend& b = TheBackend();
  return b.load.api != nullptr ? static_cast<int>(b.devices.size()) : 0;
}

const chc_api& Api() {
  const Backend& b = TheBackend();
  if (b.load.api == nullptr) throw DeviceError(b.load.reason);
  return *b.load.api;
}

namespace {
CudaDevice& CudaDeviceAt(int ordinal) {
  const Backend& b = TheBackend();
  if (b.load.api == nullptr) throw DeviceError(b.load.reason);
  int count = static_cast<int>(b.devices.size());
  if (ordinal < 0 || ordinal >= count) {
    throw DeviceError("CUDA device " + std::to_string(ordinal) + " is out of range: " + std::to_string(count) + " CUDA device" +
                      (count == 1 ? " is" : "s are") + " available (@cupy:0" + (count > 1 ? " .. @cupy:" + std::to_string(count - 1) : "") +
                      ")");
  }
  return *b.devices[static_cast<size_t>(ordinal)];
}
}  // namespace

Device& GetCudaDevice(int ordinal) { return CudaDeviceAt(ordinal); }

const std::string& DeviceProductName(int ordinal) { return CudaDeviceAt(ordinal).product_name(); }

namespace testing {
void UseBackendForTesting(chc_open_fn open) { g_open_for_testing.store(open); }
}  // namespace testing

}  // namespace cuda
}  // namespace chainer
