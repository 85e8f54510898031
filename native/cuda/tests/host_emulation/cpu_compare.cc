// Compares the CUDA plugin (built against the host emulation in include/) with
// CpuKernels on random inputs, op by op, dtype by dtype, strided layouts included.
#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>

#include "array/array.h"
#include "cpu/cpu_kernels.h"
#include "device/cuda_plugin_abi.h"

using namespace chainer;
static const chc_api* api;
static cpu::CpuKernels K;
static std::mt19937 rng(42);
static int fails = 0, checks = 0;
// Tolerances: 0 demands identical results. Sums differ from the CPU in
// summation order (a tree on the GPU, pairwise or sequential on the CPU), so
// they are compared at 1e-5 relative, as the tests compare devices.

chc_array C(const Array& a) {
  chc_array r{};
  if (!a.defined()) return r;
  r.data = a.raw_data();
  r.dtype = static_cast<int32_t>(a.dtype());
  r.ndim = a.ndim();
  for (int i = 0; i < a.ndim(); ++i) { r.shape[i] = a.shape()[i]; r.strides[i] = a.strides()[i]; }
  return r;
}

Array Rand(const Shape& s, Dtype dt, bool positive = false, double nan_frac = 0) {
  Array a = Array::Empty(s, dt);
  std::normal_distribution<double> nd(0, 2);
  std::uniform_real_distribution<double> u(0, 1);
  VisitDtype(dt, [&](auto tag) {
    using T = decltype(tag);
    T* p = a.data<T>();
    for (int64_t i = 0; i < a.size(); ++i) {
      double v = nd(rng);
      if (positive) v = std::fabs(v) + 0.1;
      if constexpr (std::is_same_v<T, bool>) p[i] = v > 0;
      else if constexpr (std::is_integral_v<T>) p[i] = static_cast<T>(std::lround(v * 3));
      else p[i] = (u(rng) < nan_frac) ? NAN : static_cast<T>(v);
    }
  });
  return a;
}

bool Same(const Array& a, const Array& b, double rtol, std::string* why) {
  if (a.size() != b.size() || a.dtype() != b.dtype()) { *why = "shape/dtype"; return false; }
  Array ac = a.AsContiguous(), bc = b.AsContiguous();
  bool ok = true;
  VisitDtype(a.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T* x = ac.data<T>();
    const T* y = bc.data<T>();
    for (int64_t i = 0; i < a.size() && ok; ++i) {
      double u = static_cast<double>(x[i]), v = static_cast<double>(y[i]);
      if (std::isnan(u) && std::isnan(v)) continue;
      bool eq = rtol == 0 ? (u == v) : std::fabs(u - v) <= rtol * (1 + std::fabs(v));
      if (!eq) { ok = false; *why = "at " + std::to_string(i) + " cuda " + std::to_string(u) + " cpu " + std::to_string(v); }
    }
  });
  return ok;
}

// Runs cpu(out_cpu) and cuda(out_cuda); compares every pair of outputs.
void Check(const std::string& name, std::vector<Array> cpu_outs, std::vector<Array> cuda_outs,
           const std::function<void()>& cpu, const std::function<int32_t()>& cuda, double rtol = 0) {
  ++checks;
  int cpu_st = 0;
  std::string cpu_msg;
  try { cpu(); } catch (const ChainerError& e) { cpu_st = static_cast<int>(e.status()); cpu_msg = e.what(); }
  int32_t st = cuda();
  if (st != cpu_st) {
    ++fails;
    std::printf("FAIL %s: status cuda %d (%s) cpu %d (%s)\n", name.c_str(), st, st ? api->last_error() : "", cpu_st, cpu_msg.c_str());
    return;
  }
  if (st != 0) return;
  for (size_t i = 0; i < cpu_outs.size(); ++i) {
    std::string why;
    if (!Same(cuda_outs[i], cpu_outs[i], rtol, &why)) {
      ++fails;
      std::printf("FAIL %s output %zu: %s\n", name.c_str(), i, why.c_str());
      return;
    }
  }
}

const Dtype kAll[] = {Dtype::kBool, Dtype::kInt32, Dtype::kInt64, Dtype::kFloat32, Dtype::kFloat64};

void Elementwise() {
  for (Dtype s : kAll) for (Dtype d : kAll) {
    Array x = Rand({4, 5}, s).Transpose({1, 0});
    Array oc = Array::Empty({5, 4}, d), og = Array::Empty({5, 4}, d);
    Check("copy", {oc}, {og}, [&] { K.Copy(x, oc); }, [&] { auto a = C(x), b = C(og); return api->copy(0, &a, &b); });
  }
  for (Dtype dt : kAll) {
    Array oc = Array::Empty({7}, dt), og = Array::Empty({7}, dt);
    Check("fill", {oc}, {og}, [&] { K.Fill(oc, 2.5); }, [&] { auto b = C(og); return api->fill(0, &b, 2.5); });
    Check("arange", {oc}, {og}, [&] { K.Arange(oc, -1.5, 0.7); }, [&] { auto b = C(og); return api->arange(0, &b, -1.5, 0.7); });
    for (int op = 0; op <= CHC_RECIPROCAL; ++op) {
      Array x = Rand({3, 6}, dt, op == CHC_LOG || op == CHC_SQRT || op == CHC_LOG2 || op == CHC_LOG10, 0.05);
      if (op == CHC_ARCSIN || op == CHC_ARCCOS) x = Rand({3, 6}, dt).Transpose({1, 0}).Copy(), K.BinaryScalar(BinaryOp::kMul, x, 0.1, false, x);
      Array oc = Array::Empty(x.shape(), dt), og = Array::Empty(x.shape(), dt);
      Check("unary " + std::to_string(op) + " " + std::to_string((int)dt), {oc}, {og}, [&] { K.Unary(static_cast<UnaryOp>(op), x, oc); },
            [&] { auto a = C(x), b = C(og); return api->unary(0, op, &a, &b); }, 1e-6);
    }
    for (int op = 0; op <= CHC_FMOD; ++op) {
      Array a = Rand({3, 4}, dt, false, 0.1), b0 = Rand({4}, dt, op == CHC_POW && dt != Dtype::kFloat32 && dt != Dtype::kFloat64, 0.1);
      if (op == CHC_POW && (dt == Dtype::kInt32 || dt == Dtype::kInt64)) K.BinaryScalar(BinaryOp::kMinimum, b0, 5, false, b0);
      Array b = b0.BroadcastTo({3, 4});
      Array oc = Array::Empty({3, 4}, dt), og = Array::Empty({3, 4}, dt);
      std::string nm = "binary " + std::to_string(op) + " " + std::to_string((int)dt);
      Check(nm, {oc}, {og}, [&] { K.Binary(static_cast<BinaryOp>(op), a, b, oc); },
            [&] { auto x = C(a), y = C(b), z = C(og); return api->binary(0, op, &x, &y, &z); }, 1e-6);
      for (int first = 0; first < 2; ++first) {
        double s = op == CHC_POW ? 2.0 : -1.75;
        Check(nm + " scalar", {oc}, {og}, [&] { K.BinaryScalar(static_cast<BinaryOp>(op), a, s, first, oc); },
              [&] { auto x = C(a), z = C(og); return api->binary_scalar(0, op, &x, s, first, &z); }, 1e-6);
      }
    }
    for (int op = 0; op <= CHC_GE; ++op) {
      Array a = Rand({3, 4}, dt, false, 0.1), b = Rand({3, 4}, dt, false, 0.1);
      if (dt != Dtype::kBool) K.Copy(a.Transpose({1, 0}).Copy().Reshape({3, 4}), b);  // some equal pairs... different layout
      Array oc = Array::Empty({3, 4}, Dtype::kBool), og = Array::Empty({3, 4}, Dtype::kBool);
      Check("compare", {oc}, {og}, [&] { K.Compare(static_cast<CompareOp>(op), a, b, oc); },
            [&] { auto x = C(a), y = C(b), z = C(og); return api->compare(0, op, &x, &y, &z); });
    }
    Array c = Rand({3, 4}, Dtype::kBool), a = Rand({3, 4}, dt), b = Rand({1, 4}, dt).BroadcastTo({3, 4});
    Array wc = Array::Empty({3, 4}, dt), wg = Array::Empty({3, 4}, dt);
    Check("where", {wc}, {wg}, [&] { K.Where(c, a, b, wc); }, [&] { auto w = C(c), x = C(a), y = C(b), z = C(wg); return api->where(0, &w, &x, &y, &z); });
  }
}

void Reductions() {
  std::vector<std::vector<int>> axes_list = {{}, {0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1, 2}};
  for (Dtype dt : kAll) {
    for (bool transposed : {false, true}) {
      for (auto& axes : axes_list) {
        Array x = Rand({4, 5, 300}, dt, false, 0.0);
        if (transposed) x = Rand({300, 5, 4}, dt).Transpose({2, 1, 0});
        Shape os;
        Axes ax;
        for (int i = 0; i < 3; ++i) {
          bool r = false;
          for (int a : axes) r = r || a == i;
          if (r) ax.push_back(i); else os.push_back(x.shape()[i]);
        }
        std::vector<int32_t> a32(axes.begin(), axes.end());
        Dtype sd = dt == Dtype::kBool ? Dtype::kInt64 : dt;
        Array oc = Array::Empty(os, sd), og = Array::Empty(os, sd);
        Check("sum " + std::to_string((int)dt) + (transposed ? " T" : " C") + " axes" + [&]{std::string r; for (int a : axes) r += " " + std::to_string(a); return r;}(), {oc}, {og}, [&] { K.Sum(x, ax, oc); },
              [&] { auto a = C(x), b = C(og); return api->sum(0, &a, a32.data(), (int)a32.size(), &b); }, 1e-5);
        for (int op = 1; op <= 3; ++op) {
          Array rc = Array::Empty(os, dt), rg = Array::Empty(os, dt);
          Array xn = Rand(x.shape(), dt, op == 1, 0.01);
          if (op == 1 && dt != Dtype::kBool) { K.BinaryScalar(BinaryOp::kMul, xn, 0.0, false, xn); K.BinaryScalar(BinaryOp::kAdd, xn, 1.0, false, xn); }
          Check("reduce " + std::to_string(op), {rc}, {rg}, [&] { K.Reduce(static_cast<ReduceOp>(op), xn, ax, rc); },
                [&] { auto a = C(xn), b = C(rg); return api->reduce(0, op, &a, a32.data(), (int)a32.size(), &b); }, 1e-6);
        }
      }
      for (int axis = 0; axis < 3; ++axis) {
        Array x = Rand({4, 5, 33}, dt, false, 0.02);
        if (transposed) x = Rand({33, 5, 4}, dt, false, 0.02).Transpose({2, 1, 0});
        Shape os;
        for (int i = 0; i < 3; ++i) if (i != axis) os.push_back(x.shape()[i]);
        for (int op : {2, 3}) {
          Array oc = Array::Empty(os, Dtype::kInt64), og = Array::Empty(os, Dtype::kInt64);
          Check("argreduce", {oc}, {og}, [&] { K.ArgReduce(static_cast<ReduceOp>(op), x, axis, oc); },
                [&] { auto a = C(x), b = C(og); return api->arg_reduce(0, op, &a, axis, &b); });
        }
        Array cc = Array::Empty(x.shape(), dt), cg = Array::Empty(x.shape(), dt);
        Check("cumsum", {cc}, {cg}, [&] { K.Cumsum(x, axis, cc); }, [&] { auto a = C(x), b = C(cg); return api->cumsum(0, &a, axis, &b); });
      }
    }
  }
  // keepdims output
  Array x = Rand({4, 5, 6}, Dtype::kFloat32);
  Array oc = Array::Empty({4, 1, 6}, Dtype::kFloat32), og = Array::Empty({4, 1, 6}, Dtype::kFloat32);
  int32_t ax1 = 1;
  Check("sum keepdims", {oc}, {og}, [&] { K.Sum(x, {1}, oc); }, [&] { auto a = C(x), b = C(og); return api->sum(0, &a, &ax1, 1, &b); }, 1e-6);
  // many outputs over a strided axis (one thread per output)
  {
    Array xb = Rand({64, 4096}, Dtype::kFloat32, false, 0.001);
    Array sc = Array::Empty({4096}, Dtype::kFloat32), sg = Array::Empty({4096}, Dtype::kFloat32);
    int32_t ax0 = 0;
    Check("sum axis 0 wide", {sc}, {sg}, [&] { K.Sum(xb, {0}, sc); }, [&] { auto a = C(xb), b = C(sg); return api->sum(0, &a, &ax0, 1, &b); }, 1e-5);
    Array ac = Array::Empty({4096}, Dtype::kInt64), ag = Array::Empty({4096}, Dtype::kInt64);
    Check("argmin axis 0 wide", {ac}, {ag}, [&] { K.ArgReduce(ReduceOp::kMin, xb, 0, ac); }, [&] { auto a = C(xb), b = C(ag); return api->arg_reduce(0, 3, &a, 0, &b); });
  }
  // big full sum (two passes)
  Array big = Rand({3, 100000}, Dtype::kFloat32);
  Array bc = Array::Empty({3}, Dtype::kFloat32), bg = Array::Empty({3}, Dtype::kFloat32);
  Check("sum big", {bc}, {bg}, [&] { K.Sum(big, {1}, bc); }, [&] { auto a = C(big), b = C(bg); return api->sum(0, &a, &ax1, 1, &b); }, 1e-5);
  Array bm = Array::Empty({3}, Dtype::kFloat32), bmg = Array::Empty({3}, Dtype::kFloat32);
  Check("max big", {bm}, {bmg}, [&] { K.Reduce(ReduceOp::kMax, big, {1}, bm); }, [&] { auto a = C(big), b = C(bmg); return api->reduce(0, 2, &a, &ax1, 1, &b); });
}

Array RandIdx(const Shape& s, int64_t lo, int64_t hi) {
  Array a = Array::Empty(s, Dtype::kInt64);
  std::uniform_int_distribution<int64_t> d(lo, hi);
  for (int64_t i = 0; i < a.size(); ++i) a.data<int64_t>()[i] = d(rng);
  return a;
}

void Indexing() {
  for (Dtype dt : kAll) {
    for (int axis = 0; axis < 3; ++axis) {
      Array x = Rand({4, 5, 6}, dt).Transpose({0, 2, 1}).Copy().Transpose({0, 2, 1});
      int64_t len = x.shape()[axis];
      Array idx = RandIdx({2, 3}, 0, len - 1);
      Shape os;
      for (int i = 0; i < axis; ++i) os.push_back(x.shape()[i]);
      os.push_back(2); os.push_back(3);
      for (int i = axis + 1; i < 3; ++i) os.push_back(x.shape()[i]);
      Array oc = Array::Empty(os, dt), og = Array::Empty(os, dt);
      Check("take", {oc}, {og}, [&] { K.Take(x, idx, axis, oc); }, [&] { auto a = C(x), i = C(idx), b = C(og); return api->take(0, &a, &i, axis, &b); });
      Array src = Rand(os, dt);
      if (dt == Dtype::kFloat32 || dt == Dtype::kFloat64) K.BinaryScalar(BinaryOp::kMul, src, 0.0, false, src), K.BinaryScalar(BinaryOp::kAdd, src, 0.5, false, src);
      Array sc = Array::Zeros(x.shape(), dt, x.device()), sg = Array::Zeros(x.shape(), dt, x.device());
      Check("scatter_add", {sc}, {sg}, [&] { K.ScatterAdd(src, idx, axis, sc); }, [&] { auto a = C(src), i = C(idx), b = C(sg); return api->scatter_add(0, &a, &i, axis, &b); });
    }
    Array src = Rand({5, 7}, dt).Transpose({1, 0});
    Array idx = RandIdx({4, 6}, -1, 34);
    Array oc = Array::Empty({4, 6}, dt), og = Array::Empty({4, 6}, dt);
    Check("gather_flat", {oc}, {og}, [&] { K.GatherFlat(src, idx, oc); }, [&] { auto a = C(src), i = C(idx), b = C(og); return api->gather_flat(0, &a, &i, &b); });
    Array s2 = Rand({4, 6}, dt);
    if (dt == Dtype::kFloat32 || dt == Dtype::kFloat64) K.Fill(s2, 0.25);
    Array fc = Array::Empty({7, 5}, dt), fg = Array::Empty({7, 5}, dt);
    Check("scatter_add_flat", {fc}, {fg}, [&] { K.ScatterAddFlat(s2, idx, fc); }, [&] { auto a = C(s2), i = C(idx), b = C(fg); return api->scatter_add_flat(0, &a, &i, &b); });
  }
}

void Windows() {
  struct G { int nd; int64_t in[3], k[3], s[3], p[3], d[3]; };
  std::vector<G> gs = {{1, {9}, {3}, {2}, {1}, {1}}, {2, {5, 6}, {3, 2}, {2, 1}, {1, 0}, {1, 2}}, {2, {4, 4}, {2, 2}, {2, 2}, {0, 0}, {1, 1}},
                       {3, {4, 5, 3}, {2, 3, 2}, {1, 2, 1}, {1, 1, 0}, {1, 1, 2}}, {2, {7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}}};
  for (auto& gg : gs) for (Dtype dt : {Dtype::kFloat32, Dtype::kFloat64, Dtype::kInt32}) {
    ConvGeometry g;
    chc_geometry cg{};
    g.nd = cg.nd = gg.nd;
    Shape xs{2, 3}, cs{2, 3}, ys{2, 3};
    for (int i = 0; i < gg.nd; ++i) {
      g.in[i] = cg.in[i] = gg.in[i]; g.k[i] = cg.k[i] = gg.k[i]; g.s[i] = cg.s[i] = gg.s[i]; g.p[i] = cg.p[i] = gg.p[i]; g.d[i] = cg.d[i] = gg.d[i];
      g.out[i] = cg.out[i] = (gg.in[i] + 2 * gg.p[i] - gg.d[i] * (gg.k[i] - 1) - 1) / gg.s[i] + 1;
      xs.push_back(gg.in[i]); cs.push_back(gg.k[i]); ys.push_back(g.out[i]);
    }
    for (int i = 0; i < gg.nd; ++i) cs.push_back(g.out[i]);
    Array x = Rand(xs, dt, false, 0.02);
    Array cc = Array::Empty(cs, dt), cgpu = Array::Empty(cs, dt);
    Check("im2col", {cc}, {cgpu}, [&] { K.Im2Col(x, g, -3.0, cc); }, [&] { auto a = C(x), b = C(cgpu); return api->im2col(0, &a, &cg, -3.0, &b); });
    Array col = Rand(cs, dt);
    Array xc = Array::Empty(xs, dt), xg = Array::Empty(xs, dt);
    Check("col2im", {xc}, {xg}, [&] { K.Col2Im(col, g, xc); }, [&] { auto a = C(col), b = C(xg); return api->col2im(0, &a, &cg, &b); });
    Array yc = Array::Empty(ys, dt), yg = Array::Empty(ys, dt), ic = Array::Empty(ys, Dtype::kInt64), ig = Array::Empty(ys, Dtype::kInt64);
    Check("max_pool", {yc, ic}, {yg, ig}, [&] { K.MaxPool(x, g, yc, ic); }, [&] { auto a = C(x), b = C(yg), c = C(ig); return api->max_pool(0, &a, &cg, &b, &c); });
    if (dt == Dtype::kInt32) continue;
    Array gy = Rand(ys, dt);
    Array gc = Array::Empty(xs, dt), gg2 = Array::Empty(xs, dt);
    Check("max_pool_scatter", {gc}, {gg2}, [&] { K.MaxPoolScatter(gy, ic, g, gc); }, [&] { auto a = C(gy), b = C(ic), c = C(gg2); return api->max_pool_scatter(0, &a, &b, &cg, &c); });
    Array gx = Rand(xs, dt);
    Array hc = Array::Empty(ys, dt), hg = Array::Empty(ys, dt);
    Check("max_pool_gather", {hc}, {hg}, [&] { K.MaxPoolGather(gx, ic, g, hc); }, [&] { auto a = C(gx), b = C(ic), c = C(hg); return api->max_pool_gather(0, &a, &b, &cg, &c); });
  }
}

void Images() {
  for (Dtype dt : {Dtype::kFloat32, Dtype::kFloat64}) {
    int64_t h = 5, w = 7, oh = 9, ow = 4;
    ResizeTable t;
    std::uniform_real_distribution<double> u(0, 1);
    for (int64_t i = 0; i < oh; ++i) { int64_t a = std::min<int64_t>(h - 1, i * h / oh); t.v0.push_back(a); t.v1.push_back(std::min<int64_t>(h - 1, a + 1)); t.vw.push_back(u(rng)); }
    for (int64_t j = 0; j < ow; ++j) { int64_t a = std::min<int64_t>(w - 1, j * w / ow); t.u0.push_back(a); t.u1.push_back(std::min<int64_t>(w - 1, a + 1)); t.uw.push_back(u(rng)); }
    chc_resize_table ct{t.v0.data(), t.v1.data(), t.u0.data(), t.u1.data(), t.vw.data(), t.uw.data(), oh, ow};
    Array x = Rand({2, 3, h, w}, dt);
    Array yc = Array::Empty({2, 3, oh, ow}, dt), yg = Array::Empty({2, 3, oh, ow}, dt);
    Check("resize", {yc}, {yg}, [&] { K.ResizeBilinear(x, t, yc); }, [&] { auto a = C(x), b = C(yg); return api->resize_bilinear(0, &a, &ct, &b); });
    Array gy = Rand({2, 3, oh, ow}, dt);
    Array gc = Array::Empty({2, 3, h, w}, dt), gg = Array::Empty({2, 3, h, w}, dt);
    Check("resize adjoint", {gc}, {gg}, [&] { K.ResizeBilinearAdjoint(gy, t, gc); }, [&] { auto a = C(gy), b = C(gg); return api->resize_bilinear_adjoint(0, &a, &ct, &b); });
    Array xr = Rand({2, 3, 12, 10}, dt, false, 0.01);
    Array rois = Array::Empty({5, 5}, dt);
    std::uniform_real_distribution<double> cu(-2, 14);
    VisitFloatDtype(dt, [&](auto tag) {
      using T = decltype(tag);
      for (int r = 0; r < 5; ++r) {
        T* p = rois.data<T>() + r * 5;
        p[0] = static_cast<T>(r % 2 == 0 ? r % 2 : -1);
        double a = cu(rng), b = cu(rng), c = cu(rng), d = cu(rng);
        p[1] = (T)std::min(a, b); p[3] = (T)std::max(a, b); p[2] = (T)std::min(c, d); p[4] = (T)std::max(c, d);
      }
    });
    Array rc = Array::Empty({5, 3, 3, 4}, dt), rg = Array::Empty({5, 3, 3, 4}, dt), ac = Array::Empty({5, 3, 3, 4}, Dtype::kInt64), ag = Array::Empty({5, 3, 3, 4}, Dtype::kInt64);
    Check("roi_max_pool", {rc, ac}, {rg, ag}, [&] { K.RoiMaxPool(xr, rois, 0.75, rc, ac); }, [&] { auto a = C(xr), b = C(rois), c = C(rg), d = C(ag); return api->roi_max_pool(0, &a, &b, 0.75, &c, &d); });
    // CTC
    int64_t T_ = 12, B = 3, V = 5, M = 4;
    Array xc = Rand({T_, B, V}, dt);
    Array lab = RandIdx({B, M}, 1, V - 1);
    Array il = Array::Empty({B}, Dtype::kInt64), ll = Array::Empty({B}, Dtype::kInt64);
    int64_t ils[3] = {12, 9, 7}, lls[3] = {4, 2, 3};
    for (int i = 0; i < 3; ++i) { il.data<int64_t>()[i] = ils[i]; ll.data<int64_t>()[i] = lls[i]; }
    Array lc = Array::Empty({B}, dt), lg = Array::Empty({B}, dt), gc2 = Array::Empty({T_, B, V}, dt), gg3 = Array::Empty({T_, B, V}, dt);
    Check("ctc", {lc, gc2}, {lg, gg3}, [&] { K.Ctc(xc, lab, il, ll, 0, lc, gc2); },
          [&] { auto a = C(xc), b = C(lab), c = C(il), d = C(ll), e = C(lg), f = C(gg3); return api->ctc(0, &a, &b, &c, &d, 0, &e, &f); });
  }
}

void Updates() {
  for (Dtype dt : {Dtype::kFloat32, Dtype::kFloat64}) {
    for (int rule = 0; rule <= 4; ++rule) for (int variant = 0; variant < 2; ++variant) {
      UpdateHyper h;
      h.lr = 0.01; h.weight_decay_rate = variant ? 0.01 : 0.0; h.amsgrad = variant; h.eps_inside_sqrt = variant;
      chc_update_hyper ch{h.lr, h.momentum, h.beta1, h.beta2, h.eta, h.weight_decay_rate, h.eps, h.alpha, h.eps_inside_sqrt, h.amsgrad};
      Shape s{33, 7};
      Array p = Rand(s, dt), g = Rand(s, dt), s0 = Rand(s, dt, rule == 3 || rule == 4), s1 = Rand(s, dt, true), s2 = Rand(s, dt, true);
      Array p2 = p.Copy(), s02 = s0.Copy(), s12 = s1.Copy(), s22 = s2.Copy();
      Check("update " + std::to_string(rule) + "/" + std::to_string(variant), {p, s0, s1, s2}, {p2, s02, s12, s22},
            [&] { K.Update(static_cast<UpdateRule>(rule), h, p, g, s0, s1, s2); },
            [&] { auto a = C(p2), b = C(g), c = C(s02), d = C(s12), e = C(s22); return api->update(0, rule, &ch, &a, &b, &c, &d, &e); });
    }
  }
}

void Blas() {
  for (Dtype dt : {Dtype::kFloat32, Dtype::kFloat64, Dtype::kInt32}) {
    for (int ta = 0; ta < 2; ++ta) for (int tb = 0; tb < 2; ++tb) for (int layout = 0; layout < 3; ++layout) {
      int64_t m = 6, n = 5, k = 4;
      Shape as = ta ? Shape{3, k, m} : Shape{3, m, k}, bs = tb ? Shape{3, n, k} : Shape{3, k, n};
      Array a = Rand(as, dt), b = Rand(bs, dt);
      if (layout == 1) { a = Rand({3, as[2], as[1]}, dt).Transpose({0, 2, 1}); b = Rand({bs[0], bs[2], bs[1]}, dt).Transpose({0, 2, 1}); }
      if (layout == 2) { a = Rand({as[1], 3, as[2] * 2}, dt).Transpose({1, 0, 2}).Strided(as, {as[2] * 2, as[2] * 2 * 3, 2}, 0); b = Rand({1, bs[1], bs[2]}, dt).BroadcastTo(bs); }
      Array oc = Array::Empty({3, m, n}, dt), og = Array::Empty({3, m, n}, dt);
      Check("matmul " + std::to_string(ta) + std::to_string(tb) + std::to_string(layout), {oc}, {og}, [&] { K.Matmul(a, b, ta, tb, oc); },
            [&] { auto x = C(a), y = C(b), z = C(og); return api->matmul(0, &x, &y, ta, tb, &z); }, 1e-6);
    }
    Array x = Rand({40}, dt), y = Rand({80}, dt).Strided({40}, {2}, 0);
    Array oc = Array::Empty({}, dt), og = Array::Empty({}, dt);
    Check("dot", {oc}, {og}, [&] { K.Dot(x, y, oc); }, [&] { auto a = C(x), b = C(y), c = C(og); return api->dot(0, &a, &b, &c); }, 1e-6);
  }
}

int main(int argc, char** argv) {
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { std::printf("%s\n", dlerror()); return 2; }
  auto open = reinterpret_cast<chc_open_fn>(dlsym(lib, CHC_OPEN_SYMBOL));
  char reason[256];
  if (open(CHC_ABI_VERSION, &api, reason, 256)) { std::printf("%s\n", reason); return 2; }
  Elementwise(); std::printf("elementwise done\n");
  Reductions(); std::printf("reductions done\n");
  Indexing(); std::printf("indexing done\n");
  Windows(); std::printf("windows done\n");
  Images(); std::printf("images done\n");
  Updates(); std::printf("updates done\n");
  Blas(); std::printf("blas done\n");
  std::printf("%d checks, %d failures\n", checks, fails);
  return fails != 0;
}
