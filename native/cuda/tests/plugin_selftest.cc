// GPU self-test of libchainer_cuda.so (not run in CI): dlopens the plugin,
// runs a few kernels on device 0 and compares with host references. Prints
// PASS/FAIL per check; exits 0 when all pass, 1 on a failure, 2 when the
// plugin cannot be opened. Usage: chainer_cuda_selftest [path/to/libchainer_cuda.so]
#include <dlfcn.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "device/cuda_plugin_abi.h"

namespace {

const chc_api* api = nullptr;
int failures = 0;
constexpr int kDev = 0;

void Report(const std::string& name, bool ok, const std::string& detail = "") {
  std::printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name.c_str(), detail.empty() ? "" : ": ", detail.c_str());
  if (!ok) ++failures;
}

bool Ok(int32_t st, const char* what) {
  if (st == CH_OK) return true;
  Report(what, false, std::string("status ") + std::to_string(st) + ": " + api->last_error());
  return false;
}

size_t ItemSize(int32_t dtype) { return dtype == 0 ? 1 : (dtype == 1 || dtype == 3) ? 4 : 8; }

struct Dev {
  void* ptr = nullptr;
  size_t bytes = 0;
  chc_array a{};
  Dev(int32_t dtype, std::vector<int64_t> shape) {
    a.dtype = dtype;
    a.ndim = static_cast<int32_t>(shape.size());
    int64_t n = 1;
    for (int i = a.ndim - 1; i >= 0; --i) {
      a.shape[i] = shape[i];
      a.strides[i] = n;
      n *= shape[i];
    }
    bytes = static_cast<size_t>(n) * ItemSize(dtype);
    Ok(api->malloc_(kDev, bytes, &ptr), "malloc_");
    a.data = ptr;
  }
  ~Dev() { api->free_(kDev, ptr, bytes); }
  template <typename T>
  void Upload(const std::vector<T>& v) { Ok(api->copy_from_host(kDev, ptr, v.data(), v.size() * sizeof(T)), "copy_from_host"); }
  template <typename T>
  std::vector<T> Download() {
    std::vector<T> v(bytes / sizeof(T));
    Ok(api->copy_to_host(kDev, v.data(), ptr, bytes), "copy_to_host");
    return v;
  }
};

template <typename T>
bool Close(const std::vector<T>& got, const std::vector<T>& want, double rtol = 1e-5, double atol = 1e-6,
           std::string* why = nullptr) {
  if (got.size() != want.size()) {
    if (why) *why = "size " + std::to_string(got.size()) + " vs " + std::to_string(want.size());
    return false;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    double g = static_cast<double>(got[i]), w = static_cast<double>(want[i]);
    if (std::isnan(w) && std::isnan(g)) continue;
    if (!(std::fabs(g - w) <= atol + rtol * std::fabs(w))) {
      if (why) *why = "at " + std::to_string(i) + ": got " + std::to_string(g) + ", want " + std::to_string(w);
      return false;
    }
  }
  return true;
}

template <typename T>
void Expect(const std::string& name, const std::vector<T>& got, const std::vector<T>& want, double rtol = 1e-5,
            double atol = 1e-6) {
  std::string why;
  bool ok = Close(got, want, rtol, atol, &why);
  Report(name, ok, why);
}

std::vector<float> Ramp(size_t n, float scale = 0.37f, float shift = -3.0f) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::sin(static_cast<float>(i) * scale) * 4.0f + shift * 0.1f;
  return v;
}

void TestCopyCast() {
  std::vector<float> x = {-1.5f, 0.0f, 2.7f, 3.0f, -0.0f, 100.25f};
  Dev dx(CH_DTYPE_FLOAT32, {6}), di(CH_DTYPE_INT32, {6}), db(CH_DTYPE_BOOL, {6}), dd(CH_DTYPE_FLOAT64, {6});
  dx.Upload(x);
  if (!Ok(api->copy(kDev, &dx.a, &di.a), "copy")) return;
  Ok(api->copy(kDev, &dx.a, &db.a), "copy");
  Ok(api->copy(kDev, &dx.a, &dd.a), "copy");
  Expect("copy float32->int32", di.Download<int32_t>(), std::vector<int32_t>{-1, 0, 2, 3, 0, 100});
  auto b = db.Download<uint8_t>();
  Expect("copy float32->bool", b, std::vector<uint8_t>{1, 0, 1, 1, 0, 1});
  Expect("copy float32->float64", dd.Download<double>(), std::vector<double>(x.begin(), x.end()));
  // bool -> float32 through a transposed view.
  Dev m(CH_DTYPE_FLOAT32, {2, 3}), t(CH_DTYPE_FLOAT32, {3, 2});
  m.Upload(std::vector<float>{1, 2, 3, 4, 5, 6});
  chc_array mt = m.a;
  mt.shape[0] = 3; mt.shape[1] = 2; mt.strides[0] = 1; mt.strides[1] = 3;
  Ok(api->copy(kDev, &mt, &t.a), "copy");
  Expect("copy transposed view", t.Download<float>(), std::vector<float>{1, 4, 2, 5, 3, 6});
}

void TestBinary() {
  std::vector<float> a = Ramp(12), b = {1.0f, -2.0f, 0.5f, 4.0f};
  Dev da(CH_DTYPE_FLOAT32, {3, 4}), db(CH_DTYPE_FLOAT32, {4}), out(CH_DTYPE_FLOAT32, {3, 4});
  da.Upload(a);
  db.Upload(b);
  chc_array bb = out.a;
  bb.data = db.ptr;
  bb.strides[0] = 0;
  bb.strides[1] = 1;
  if (!Ok(api->binary(kDev, CHC_ADD, &da.a, &bb, &out.a), "binary")) return;
  std::vector<float> want(12);
  for (int i = 0; i < 3; ++i) for (int j = 0; j < 4; ++j) want[i * 4 + j] = a[i * 4 + j] + b[j];
  Expect("binary add broadcast", out.Download<float>(), want, 0, 0);
  // maximum propagates NaN
  float nan = std::numeric_limits<float>::quiet_NaN();
  Dev x(CH_DTYPE_FLOAT32, {4}), y(CH_DTYPE_FLOAT32, {4}), z(CH_DTYPE_FLOAT32, {4});
  x.Upload(std::vector<float>{1, nan, 3, -1});
  y.Upload(std::vector<float>{2, 0, nan, -2});
  Ok(api->binary(kDev, CHC_MAXIMUM, &x.a, &y.a, &z.a), "binary");
  Expect("maximum NaN", z.Download<float>(), std::vector<float>{2, nan, nan, -1}, 0, 0);
  // int power and unsupported int division
  Dev p(CH_DTYPE_INT64, {4}), q(CH_DTYPE_INT64, {4}), r(CH_DTYPE_INT64, {4});
  p.Upload(std::vector<int64_t>{2, -3, 5, 7});
  q.Upload(std::vector<int64_t>{10, 3, 0, 1});
  Ok(api->binary(kDev, CHC_POW, &p.a, &q.a, &r.a), "binary");
  Expect("int64 pow", r.Download<int64_t>(), std::vector<int64_t>{1024, -27, 1, 7});
  Report("int division is NOT_SUPPORTED", api->binary(kDev, CHC_DIV, &p.a, &q.a, &r.a) == CH_ERROR_NOT_SUPPORTED);
  Ok(api->binary_scalar(kDev, CHC_SUB, &p.a, 1.0, 1, &r.a), "binary_scalar");
  Expect("scalar - int64", r.Download<int64_t>(), std::vector<int64_t>{-1, 4, -4, -6});
  Dev u(CH_DTYPE_FLOAT32, {3, 4});
  Ok(api->unary(kDev, CHC_SIGMOID, &da.a, &u.a), "unary");
  for (auto& v : want) v = 0;
  for (int i = 0; i < 12; ++i) want[i] = std::tanh(a[i] * 0.5f) * 0.5f + 0.5f;
  Expect("sigmoid", u.Download<float>(), want);
  Dev c(CH_DTYPE_BOOL, {4});
  Ok(api->compare(kDev, CHC_LT, &x.a, &y.a, &c.a), "compare");
  Expect("compare lt", c.Download<uint8_t>(), std::vector<uint8_t>{1, 0, 0, 0});
}

void TestSum() {
  std::vector<int64_t> shape = {4, 5, 6};
  std::vector<float> x = Ramp(120);
  Dev dx(CH_DTYPE_FLOAT32, shape), out(CH_DTYPE_FLOAT32, {5});
  dx.Upload(x);
  int32_t axes[2] = {0, 2};
  if (!Ok(api->sum(kDev, &dx.a, axes, 2, &out.a), "sum")) return;
  std::vector<float> want(5, 0.0f);
  for (int i = 0; i < 4; ++i) for (int j = 0; j < 5; ++j) for (int k = 0; k < 6; ++k) want[j] += x[(i * 5 + j) * 6 + k];
  Expect("sum axes (0, 2)", out.Download<float>(), want);
  // A large full reduction (two passes).
  const size_t n = 1 << 20;
  std::vector<float> big(n);
  double ref = 0;
  for (size_t i = 0; i < n; ++i) {
    big[i] = static_cast<float>((i % 1000) * 0.001);
    ref += big[i];
  }
  Dev db(CH_DTYPE_FLOAT32, {static_cast<int64_t>(n)}), s(CH_DTYPE_FLOAT32, {});
  db.Upload(big);
  int32_t ax0 = 0;
  Ok(api->sum(kDev, &db.a, &ax0, 1, &s.a), "sum");
  Expect("sum 2^20 float32", s.Download<float>(), std::vector<float>{static_cast<float>(ref)}, 1e-5);
  // bool -> int64
  Dev bo(CH_DTYPE_BOOL, {7}), bs(CH_DTYPE_INT64, {});
  bo.Upload(std::vector<uint8_t>{1, 0, 1, 1, 0, 1, 1});
  Ok(api->sum(kDev, &bo.a, &ax0, 1, &bs.a), "sum");
  Expect("sum bool", bs.Download<int64_t>(), std::vector<int64_t>{5});
  // max over axis 1 and argmax over axis 2
  Dev mx(CH_DTYPE_FLOAT32, {4, 6});
  int32_t ax1 = 1;
  Ok(api->reduce(kDev, CHC_REDUCE_MAX, &dx.a, &ax1, 1, &mx.a), "reduce");
  std::vector<float> wm(24, -INFINITY);
  for (int i = 0; i < 4; ++i) for (int j = 0; j < 5; ++j) for (int k = 0; k < 6; ++k) wm[i * 6 + k] = std::max(wm[i * 6 + k], x[(i * 5 + j) * 6 + k]);
  Expect("max axis 1", mx.Download<float>(), wm, 0, 0);
  Dev am(CH_DTYPE_INT64, {4, 5});
  Ok(api->arg_reduce(kDev, CHC_REDUCE_MAX, &dx.a, 2, &am.a), "arg_reduce");
  std::vector<int64_t> wa(20);
  for (int r = 0; r < 20; ++r) {
    int best = 0;
    for (int k = 1; k < 6; ++k) if (x[r * 6 + k] > x[r * 6 + best]) best = k;
    wa[r] = best;
  }
  Expect("argmax axis 2", am.Download<int64_t>(), wa);
  Dev cs(CH_DTYPE_FLOAT32, shape);
  Ok(api->cumsum(kDev, &dx.a, 1, &cs.a), "cumsum");
  std::vector<float> wc(120);
  for (int i = 0; i < 4; ++i) for (int k = 0; k < 6; ++k) {
    float acc = 0;
    for (int j = 0; j < 5; ++j) wc[(i * 5 + j) * 6 + k] = acc += x[(i * 5 + j) * 6 + k];
  }
  Expect("cumsum axis 1", cs.Download<float>(), wc, 0, 0);
}

void HostGemm(const std::vector<float>& a, const std::vector<float>& b, int m, int n, int k, bool ta, bool tb,
              std::vector<float>* c, size_t ao = 0, size_t bo = 0, size_t co = 0) {
  for (int i = 0; i < m; ++i) for (int j = 0; j < n; ++j) {
    double s = 0;
    for (int p = 0; p < k; ++p) {
      float av = ta ? a[ao + p * m + i] : a[ao + i * k + p];
      float bv = tb ? b[bo + j * k + p] : b[bo + p * n + j];
      s += static_cast<double>(av) * bv;
    }
    (*c)[co + i * n + j] = static_cast<float>(s);
  }
}

void TestMatmul() {
  int m = 7, n = 3, k = 5;
  auto a = Ramp(m * k, 0.3f), b = Ramp(k * n, 0.7f);
  Dev da(CH_DTYPE_FLOAT32, {m, k}), db(CH_DTYPE_FLOAT32, {k, n}), dc(CH_DTYPE_FLOAT32, {m, n});
  da.Upload(a);
  db.Upload(b);
  if (!Ok(api->matmul(kDev, &da.a, &db.a, 0, 0, &dc.a), "matmul")) return;
  std::vector<float> want(m * n);
  HostGemm(a, b, m, n, k, false, false, &want);
  Expect("matmul 2-d", dc.Download<float>(), want);
  // b given transposed: bt (n, k) with transb.
  std::vector<float> bt(n * k);
  for (int p = 0; p < k; ++p) for (int j = 0; j < n; ++j) bt[j * k + p] = b[p * n + j];
  Dev dbt(CH_DTYPE_FLOAT32, {n, k});
  dbt.Upload(bt);
  Ok(api->matmul(kDev, &da.a, &dbt.a, 0, 1, &dc.a), "matmul");
  Expect("matmul transb", dc.Download<float>(), want);
  // a as a transposed view (memory (k, m)) without transa.
  std::vector<float> at(k * m);
  for (int i = 0; i < m; ++i) for (int p = 0; p < k; ++p) at[p * m + i] = a[i * k + p];
  Dev dat(CH_DTYPE_FLOAT32, {k, m});
  dat.Upload(at);
  chc_array av = dat.a;
  av.shape[0] = m; av.shape[1] = k; av.strides[0] = 1; av.strides[1] = m;
  Ok(api->matmul(kDev, &av, &db.a, 0, 0, &dc.a), "matmul");
  Expect("matmul transposed view", dc.Download<float>(), want);
  // a with a column step of 2 (needs a copy).
  std::vector<float> wide(m * k * 2, 99.0f);
  for (int i = 0; i < m; ++i) for (int p = 0; p < k; ++p) wide[i * 2 * k + 2 * p] = a[i * k + p];
  Dev dw(CH_DTYPE_FLOAT32, {m, 2 * k});
  dw.Upload(wide);
  chc_array wv = dw.a;
  wv.shape[1] = k; wv.strides[1] = 2;
  Ok(api->matmul(kDev, &wv, &db.a, 0, 0, &dc.a), "matmul");
  Expect("matmul strided copy", dc.Download<float>(), want);
  // batched
  int B = 3;
  auto ba = Ramp(B * m * k, 0.11f), bb = Ramp(B * k * n, 0.23f);
  Dev dba(CH_DTYPE_FLOAT32, {B, m, k}), dbb(CH_DTYPE_FLOAT32, {B, k, n}), dbc(CH_DTYPE_FLOAT32, {B, m, n});
  dba.Upload(ba);
  dbb.Upload(bb);
  Ok(api->matmul(kDev, &dba.a, &dbb.a, 0, 0, &dbc.a), "matmul");
  std::vector<float> wb(B * m * n);
  for (int i = 0; i < B; ++i) HostGemm(ba, bb, m, n, k, false, false, &wb, i * m * k, i * k * n, i * m * n);
  Expect("matmul batched", dbc.Download<float>(), wb);
  // dot
  Dev dd(CH_DTYPE_FLOAT32, {});
  chc_array flat_a = da.a;
  flat_a.ndim = 1; flat_a.shape[0] = m * k; flat_a.strides[0] = 1;
  Ok(api->dot(kDev, &flat_a, &flat_a, &dd.a), "dot");
  double s = 0;
  for (float v : a) s += static_cast<double>(v) * v;
  Expect("dot", dd.Download<float>(), std::vector<float>{static_cast<float>(s)});
}

void TestWindow() {
  // 2-d: B=2, C=3, in 5x6, k 3x2, s 2x1, p 1x0, d 1x2.
  chc_geometry g{};
  g.nd = 2;
  int64_t in[2] = {5, 6}, kk[2] = {3, 2}, s[2] = {2, 1}, p[2] = {1, 0}, d[2] = {1, 2};
  for (int i = 0; i < 2; ++i) {
    g.in[i] = in[i]; g.k[i] = kk[i]; g.s[i] = s[i]; g.p[i] = p[i]; g.d[i] = d[i];
    g.out[i] = (in[i] + 2 * p[i] - d[i] * (kk[i] - 1) - 1) / s[i] + 1;
  }
  const int64_t B = 2, C = 3, H = 5, W = 6, KH = 3, KW = 2, OH = g.out[0], OW = g.out[1];
  auto x = Ramp(B * C * H * W, 0.19f);
  Dev dx(CH_DTYPE_FLOAT32, {B, C, H, W}), col(CH_DTYPE_FLOAT32, {B, C, KH, KW, OH, OW});
  dx.Upload(x);
  if (!Ok(api->im2col(kDev, &dx.a, &g, -7.0, &col.a), "im2col")) return;
  std::vector<float> want(B * C * KH * KW * OH * OW);
  std::vector<float> back(B * C * H * W, 0.0f);
  auto cv = Ramp(want.size(), 0.05f);
  for (int64_t pl = 0; pl < B * C; ++pl)
    for (int64_t ki = 0; ki < KH; ++ki) for (int64_t kj = 0; kj < KW; ++kj)
      for (int64_t oi = 0; oi < OH; ++oi) for (int64_t oj = 0; oj < OW; ++oj) {
        int64_t y = oi * s[0] - p[0] + ki * d[0], xx = oj * s[1] - p[1] + kj * d[1];
        size_t ci = static_cast<size_t>((((pl * KH + ki) * KW + kj) * OH + oi) * OW + oj);
        bool inside = y >= 0 && y < H && xx >= 0 && xx < W;
        want[ci] = inside ? x[static_cast<size_t>((pl * H + y) * W + xx)] : -7.0f;
        if (inside) back[static_cast<size_t>((pl * H + y) * W + xx)] += cv[ci];
      }
  Expect("im2col 2-d", col.Download<float>(), want, 0, 0);
  col.Upload(cv);
  Ok(api->col2im(kDev, &col.a, &g, &dx.a), "col2im");
  Expect("col2im 2-d", dx.Download<float>(), back, 0, 0);
  // max pool with indexes
  dx.Upload(x);
  Dev y(CH_DTYPE_FLOAT32, {B, C, OH, OW}), idx(CH_DTYPE_INT64, {B, C, OH, OW});
  Ok(api->max_pool(kDev, &dx.a, &g, &y.a, &idx.a), "max_pool");
  std::vector<float> wy(B * C * OH * OW);
  std::vector<int64_t> wi(wy.size());
  for (int64_t pl = 0; pl < B * C; ++pl)
    for (int64_t oi = 0; oi < OH; ++oi) for (int64_t oj = 0; oj < OW; ++oj) {
      float best = -INFINITY;
      int64_t bk = 0;
      bool found = false;
      for (int64_t kf = 0; kf < KH * KW; ++kf) {
        int64_t yy = oi * s[0] - p[0] + (kf / KW) * d[0], xx = oj * s[1] - p[1] + (kf % KW) * d[1];
        float v = (yy >= 0 && yy < H && xx >= 0 && xx < W) ? x[static_cast<size_t>((pl * H + yy) * W + xx)] : -INFINITY;
        if (!found || v > best) { best = v; bk = kf; found = true; }
      }
      wy[static_cast<size_t>((pl * OH + oi) * OW + oj)] = best;
      wi[static_cast<size_t>((pl * OH + oi) * OW + oj)] = bk;
    }
  Expect("max_pool y", y.Download<float>(), wy, 0, 0);
  Expect("max_pool indexes", idx.Download<int64_t>(), wi);
  Dev gx(CH_DTYPE_FLOAT32, {B, C, H, W}), gy2(CH_DTYPE_FLOAT32, {B, C, OH, OW});
  Ok(api->max_pool_scatter(kDev, &y.a, &idx.a, &g, &gx.a), "max_pool_scatter");
  Ok(api->max_pool_gather(kDev, &gx.a, &idx.a, &g, &gy2.a), "max_pool_gather");
  auto gxh = gx.Download<float>();
  double total_in = 0, total_out = 0;
  for (float v : gxh) total_in += v;
  for (float v : wy) total_out += v;
  Report("max_pool_scatter conserves the sum", std::fabs(total_in - total_out) < 1e-3 * (1 + std::fabs(total_out)));
}

void TestAdam() {
  const int n = 1000;
  auto p = Ramp(n, 0.1f), g = Ramp(n, 0.31f), m = Ramp(n, 0.07f), v = Ramp(n, 0.05f);
  for (auto& e : v) e = std::fabs(e);
  chc_update_hyper h{};
  h.lr = 0.001; h.beta1 = 0.9; h.beta2 = 0.999; h.eta = 1.0; h.weight_decay_rate = 0.01; h.eps = 1e-8;
  Dev dp(CH_DTYPE_FLOAT32, {n}), dg(CH_DTYPE_FLOAT32, {n}), dm(CH_DTYPE_FLOAT32, {n}), dv(CH_DTYPE_FLOAT32, {n});
  dp.Upload(p); dg.Upload(g); dm.Upload(m); dv.Upload(v);
  chc_array none{};
  if (!Ok(api->update(kDev, CHC_UPDATE_ADAM, &h, &dp.a, &dg.a, &dm.a, &dv.a, &none), "update")) return;
  const float one_m_b1 = static_cast<float>(1.0 - h.beta1), one_m_b2 = static_cast<float>(1.0 - h.beta2);
  const float lr = static_cast<float>(h.lr), eps = static_cast<float>(h.eps), neg_eta = static_cast<float>(-h.eta);
  const float a_t = static_cast<float>(1.0 - h.eta * h.weight_decay_rate);
  for (int i = 0; i < n; ++i) {
    float dmv = one_m_b1 * (g[i] - m[i]);
    m[i] = m[i] + dmv;
    float dvv = one_m_b2 * (g[i] * g[i] - v[i]);
    v[i] = v[i] + dvv;
    float den = std::sqrt(v[i]) + eps;
    float step = lr / den;
    float delta = neg_eta * (step * m[i]);
    p[i] = a_t * p[i] + delta;
  }
  Expect("adam param", dp.Download<float>(), p, 0, 0);
  Expect("adam m", dm.Download<float>(), m, 0, 0);
  Expect("adam v", dv.Download<float>(), v, 0, 0);
}

void TestCtc() {
  const int64_t T = 6, B = 2, V = 4, M = 2;
  auto x = Ramp(T * B * V, 0.41f);
  Dev dx(CH_DTYPE_FLOAT32, {T, B, V}), dt(CH_DTYPE_INT64, {B, M}), il(CH_DTYPE_INT64, {B}), ll(CH_DTYPE_INT64, {B});
  Dev loss(CH_DTYPE_FLOAT32, {B}), grad(CH_DTYPE_FLOAT32, {T, B, V});
  dx.Upload(x);
  dt.Upload(std::vector<int64_t>{1, 2, 3, 3});
  il.Upload(std::vector<int64_t>{6, 5});
  ll.Upload(std::vector<int64_t>{2, 2});
  if (!Ok(api->ctc(kDev, &dx.a, &dt.a, &il.a, &ll.a, 0, &loss.a, &grad.a), "ctc")) return;
  auto l = loss.Download<float>();
  auto gr = grad.Download<float>();
  bool ok = std::isfinite(l[0]) && std::isfinite(l[1]) && l[0] > 0 && l[1] > 0;
  for (int64_t t = 0; t < T; ++t) for (int64_t b = 0; b < B; ++b) {
    double s = 0;
    for (int64_t v = 0; v < V; ++v) s += gr[static_cast<size_t>((t * B + b) * V + v)];
    ok = ok && std::fabs(s) < 1e-4;
  }
  Report("ctc loss finite, gradient rows sum to zero", ok, "loss " + std::to_string(l[0]) + ", " + std::to_string(l[1]));
}

void TestPool() {
  chc_memory_stats before{}, after{};
  Ok(api->memory_stats(kDev, &before), "memory_stats");
  void* p = nullptr;
  Ok(api->malloc_(kDev, 0, &p), "malloc_ 0 bytes");
  Report("zero-byte malloc gives a pointer", p != nullptr);
  Ok(api->free_(kDev, p, 0), "free_");
  Ok(api->free_cached(kDev), "free_cached");
  Ok(api->memory_stats(kDev, &after), "memory_stats");
  Report("free_cached empties the cache", after.cached == 0,
         "used " + std::to_string(after.used) + " cached " + std::to_string(after.cached) + " peak " +
             std::to_string(after.peak) + " allocs " + std::to_string(after.device_allocations) + " frees " +
             std::to_string(after.device_frees));
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "";
  if (path.empty()) {
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    std::string dir = ".";
    if (n > 0) {
      self[n] = '\0';
      dir = self;
      dir = dir.substr(0, dir.find_last_of('/'));
    }
    path = dir + "/libchainer_cuda.so";
  }
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    std::printf("cannot load %s: %s\n", path.c_str(), dlerror());
    return 2;
  }
  auto open = reinterpret_cast<chc_open_fn>(dlsym(lib, CHC_OPEN_SYMBOL));
  if (open == nullptr) {
    std::printf("no %s in %s\n", CHC_OPEN_SYMBOL, path.c_str());
    return 2;
  }
  char reason[512] = {};
  int32_t st = open(CHC_ABI_VERSION, &api, reason, sizeof(reason));
  if (st != CH_OK) {
    std::printf("chainer_cuda_open failed with status %d: %s\n", st, reason);
    return 2;
  }
  int32_t count = 0;
  char name[256] = {};
  api->device_count(&count);
  api->device_name(kDev, name, sizeof(name));
  std::printf("%d CUDA device(s); device 0: %s\n", count, name);
  TestCopyCast();
  TestBinary();
  TestSum();
  TestMatmul();
  TestWindow();
  TestAdam();
  TestCtc();
  TestPool();
  Ok(api->synchronize(kDev), "synchronize");
  std::printf("%s: %d failure(s)\n", failures == 0 ? "ALL PASS" : "FAILED", failures);
  return failures == 0 ? 0 : 1;
}
