// The run-time ISA variants of the CPU inner loops (cpu/isa_table.h): the
// vectorised transcendentals against libm over millions of random and edge
// inputs per variant this CPU can run (max ulp error printed), the simple
// loops bit for bit against the portable variant, and the ISA selection.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "array/array.h"
#include "cpu/isa_table.h"
#include "cpu/pairwise_sum.h"
#include "cpu/thread_pool.h"
#include "device/device.h"
#include "kernels/kernels.h"

namespace chainer {
namespace cpu {
namespace {

bool CpuHasAvx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool CpuHasAvx512() {
  return CpuHasAvx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
}

// The variants this CPU can run (calling another one's GetTable would
// execute instructions the CPU lacks).
std::vector<const IsaTable*> RunnableVariants() {
  std::vector<const IsaTable*> v{&portable::GetTable()};
  if (CpuHasAvx2()) v.push_back(&avx2::GetTable());
  if (CpuHasAvx512()) {
    v.push_back(&avx512::GetTable());
  } else {
    std::printf("[ note ] this CPU has no AVX-512: the avx512 variant is compiled but not run\n");
  }
  return v;
}

// Distance in representable values (0 when both are NaN, huge when one is).
int64_t Ordered(float v) {
  int32_t i;
  std::memcpy(&i, &v, 4);
  return i < 0 ? static_cast<int64_t>(INT32_MIN) - i : i;
}
int64_t Ordered(double v) {
  int64_t i;
  std::memcpy(&i, &v, 8);
  return i < 0 ? INT64_MIN - i : i;
}
template <typename T>
double UlpDiff(T got, T want) {
  if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want) ? 0 : 1e30;
  if (std::isinf(got) || std::isinf(want)) return got == want ? 0 : 1e30;
  __int128 d = static_cast<__int128>(Ordered(got)) - Ordered(want);
  return static_cast<double>(d < 0 ? -d : d);
}

template <typename T>
using Ref = T (*)(T);

template <typename T>
T RefSigmoid(T v) {
  return std::tanh(v * T(0.5)) * T(0.5) + T(0.5);
}

// Inputs: edge values, uniform draws over the interesting range, and random
// bit patterns (every magnitude, subnormals, infinities and NaNs included).
template <typename T>
std::vector<T> Inputs(double lo, double hi, size_t n, uint64_t seed) {
  const T inf = std::numeric_limits<T>::infinity();
  std::vector<T> v = {T(0),
                      -T(0),
                      T(1),
                      T(-1),
                      inf,
                      -inf,
                      std::numeric_limits<T>::quiet_NaN(),
                      std::numeric_limits<T>::denorm_min(),
                      -std::numeric_limits<T>::denorm_min(),
                      std::numeric_limits<T>::min(),
                      -std::numeric_limits<T>::min(),
                      std::numeric_limits<T>::max(),
                      std::numeric_limits<T>::lowest(),
                      std::numeric_limits<T>::epsilon(),
                      T(88.72283935546875),
                      T(88.7228394),
                      T(-87.3365478515625),
                      T(-103.97208404541016),
                      T(709.782712893384),
                      T(-708.3964185322641),
                      T(-745.1332191019411),
                      T(-744.44007192138122),
                      T(1e-8),
                      T(-1e-8),
                      T(1e-20),
                      T(0.5),
                      T(-0.5),
                      T(0.75),
                      T(-0.999999),
                      T(0.7071067811865476),
                      T(1.4142135623730951)};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uni(lo, hi);
  std::uniform_real_distribution<double> small(-1.0, 1.0);
  for (size_t i = 0; v.size() < n; ++i) {
    switch (i % 4) {
      case 0:
      case 1: v.push_back(static_cast<T>(uni(rng))); break;
      case 2: v.push_back(static_cast<T>(small(rng) * std::ldexp(1.0, -static_cast<int>(rng() % 40)))); break;
      default: {
        T x;
        if constexpr (sizeof(T) == 4) {
          uint32_t bits = static_cast<uint32_t>(rng());
          std::memcpy(&x, &bits, 4);
        } else {
          uint64_t bits = rng();
          std::memcpy(&x, &bits, 8);
        }
        v.push_back(x);
      }
    }
  }
  return v;
}

struct MathCase {
  const char* name;
  int op;
  double lo, hi;
  Ref<float> ref32;       // glibc's float function
  Ref<float> ref32_cr;    // glibc's double function rounded to float: correctly rounded but for rare ties
  Ref<double> ref64;
  double max_ulp32, max_ulp32_cr, max_ulp64;
};

float Expf(float v) { return std::exp(v); }
double Exp(double v) { return std::exp(v); }
float Expm1f(float v) { return std::expm1(v); }
double Expm1(double v) { return std::expm1(v); }
float Logf(float v) { return std::log(v); }
double Log(double v) { return std::log(v); }
float Log1pf(float v) { return std::log1p(v); }
double Log1p(double v) { return std::log1p(v); }
float Tanhf(float v) { return std::tanh(v); }
double Tanh(double v) { return std::tanh(v); }
float ExpCr(float v) { return static_cast<float>(std::exp(static_cast<double>(v))); }
float Expm1Cr(float v) { return static_cast<float>(std::expm1(static_cast<double>(v))); }
float LogCr(float v) { return static_cast<float>(std::log(static_cast<double>(v))); }
float Log1pCr(float v) { return static_cast<float>(std::log1p(static_cast<double>(v))); }
float TanhCr(float v) { return static_cast<float>(std::tanh(static_cast<double>(v))); }
// kernels.h's expression with a correctly rounded float tanh.
float SigmoidCr(float v) { return TanhCr(v * 0.5f) * 0.5f + 0.5f; }

// float32 results are computed in double and rounded once, so they match
// libm's double functions rounded to float (the correctly rounded value but
// for rare near-ties) and are within 1-2 ulp of glibc's float functions
// (which are not all correctly rounded: tanhf, expm1f, log1pf). float64
// exp, expm1, log and log1p are within 2 ulp of glibc (tanh and sigmoid are
// glibc's). Sigmoid follows kernels.h's expression,
// whose final "* 0.5 + 0.5" turns a 1-ulp difference of tanh near -1 into
// many ulps of a tiny result, so against glibc's tanhf it is compared with
// an absolute tolerance instead (see SigmoidAbsError).
const MathCase kCases[] = {
    {"exp", kIsaExp, -110, 100, Expf, ExpCr, Exp, 1, 1, 2},
    {"expm1", kIsaExpm1, -40, 90, Expm1f, Expm1Cr, Expm1, 2, 1, 2},
    {"log", kIsaLog, 0, 10, Logf, LogCr, Log, 1, 1, 2},
    {"log1p", kIsaLog1p, -1, 10, Log1pf, Log1pCr, Log1p, 2, 1, 2},
    {"tanh", kIsaTanh, -20, 20, Tanhf, TanhCr, Tanh, 2, 1, 0},
    {"sigmoid", kIsaSigmoid, -40, 40, nullptr, SigmoidCr, RefSigmoid<double>, 0, 1, 0},
};

template <typename T>
double MaxUlp(const IsaTable& t, const MathCase& c, size_t n, T* worst_x, Ref<T> ref) {
  const IsaLoops<T>& l = [&]() -> const IsaLoops<T>& {
    if constexpr (sizeof(T) == 4) {
      return t.f32;
    } else {
      return t.f64;
    }
  }();
  std::vector<T> x = Inputs<T>(c.lo, c.hi, n, 1234 + c.op);
  // Wide-range draws too, for the double variants' extreme arguments.
  if (sizeof(T) == 8) {
    std::vector<T> w = Inputs<T>(c.lo * 8, c.hi * 8, n / 4, 99 + c.op);
    x.insert(x.end(), w.begin(), w.end());
  }
  std::vector<T> y(x.size());
  // Odd offsets and lengths exercise the tails.
  l.unary[c.op](x.data(), y.data(), 3);
  l.unary[c.op](x.data() + 3, y.data() + 3, static_cast<int64_t>(x.size() - 3));
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    T want = ref(x[i]);
    double d = UlpDiff(y[i], want);
    if (d > worst) {
      worst = d;
      *worst_x = x[i];
    }
    // Signed zeros must come out as libm's.
    if (want == 0 && y[i] == 0 && std::signbit(want) != std::signbit(y[i])) {
      ADD_FAILURE() << t.name << " " << c.name << "(" << x[i] << "): sign of zero";
      return 1e30;
    }
  }
  return worst;
}

TEST(CpuMathTest, TranscendentalsWithinUlpOfLibm) {
  const size_t n = std::getenv("CHAINER_MATH_TEST_N") ? std::strtoull(std::getenv("CHAINER_MATH_TEST_N"), nullptr, 10)
                                                      : 2000000;
  for (const IsaTable* t : RunnableVariants()) {
    for (const MathCase& c : kCases) {
      float wx32 = 0, wx32_cr = 0;
      double wx64 = 0;
      double u32 = c.ref32 != nullptr ? MaxUlp<float>(*t, c, n, &wx32, c.ref32) : 0;
      double u32_cr = MaxUlp<float>(*t, c, n, &wx32_cr, c.ref32_cr);
      double u64 = MaxUlp<double>(*t, c, n, &wx64, c.ref64);
      std::printf("[ ulp  ] %-9s %-8s float32: %.0f ulp vs glibc float (x=%.9g), %.0f vs double rounded (x=%.9g); "
                  "float64: %.0f ulp (x=%.17g)\n",
                  t->name, c.name, u32, static_cast<double>(wx32), u32_cr, static_cast<double>(wx32_cr), u64, wx64);
      if (c.ref32 != nullptr) {
        EXPECT_LE(u32, c.max_ulp32) << t->name << " " << c.name << " float32, worst at " << wx32;
      }
      // (The portable variant is glibc's float functions, not all correctly rounded.)
      if (t != &portable::GetTable()) {
        EXPECT_LE(u32_cr, c.max_ulp32_cr) << t->name << " " << c.name << " float32, worst at " << wx32_cr;
      }
      EXPECT_LE(u64, c.max_ulp64) << t->name << " " << c.name << " float64, worst at " << wx64;
    }
  }
}

// Sigmoid against kernels.h's expression on glibc's tanhf: the absolute
// error stays at the expression's own rounding (2^-25 near 0).
TEST(CpuMathTest, SigmoidAbsError) {
  for (const IsaTable* t : RunnableVariants()) {
    std::vector<float> x = Inputs<float>(-40, 40, 1000000, 5);
    std::vector<float> y(x.size());
    t->f32.unary[kIsaSigmoid](x.data(), y.data(), static_cast<int64_t>(x.size()));
    double worst = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      float want = RefSigmoid<float>(x[i]);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(y[i]));
        continue;
      }
      worst = std::max(worst, std::fabs(static_cast<double>(y[i]) - want));
    }
    std::printf("[ abs  ] %-9s sigmoid float32 max abs error vs glibc expression %.3g\n", t->name, worst);
    EXPECT_LE(worst, 1.2e-7) << t->name;
  }
}

// The simple loops must give the portable variant's bits exactly (NaN
// payloads aside: floor & co. of a signalling NaN quiet it differently).
template <typename T>
void ExpectSameBits(const std::vector<T>& a, const std::vector<T>& b, const char* what, const char* isa) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) && std::isnan(b[i])) continue;
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) {
      ADD_FAILURE() << isa << " " << what << " differs at " << i << ": " << a[i] << " vs " << b[i];
      return;
    }
  }
}

template <typename T>
void CheckSimpleLoops(const IsaLoops<T>& l, const IsaLoops<T>& ref, const char* isa) {
  const int64_t n = 100003;
  std::vector<T> a = Inputs<T>(-3, 3, n, 7), b = Inputs<T>(-3, 3, n, 8);
  for (int op : {kIsaNeg, kIsaAbs, kIsaRelu, kIsaSqrt, kIsaSquare, kIsaFloor, kIsaCeil, kIsaFix, kIsaReciprocal}) {
    std::vector<T> y1(n), y2(n);
    l.unary[op](a.data(), y1.data(), n);
    ref.unary[op](a.data(), y2.data(), n);
    ExpectSameBits(y1, y2, ("unary " + std::to_string(op)).c_str(), isa);
  }
  for (int op = 0; op < kIsaBinaryCount; ++op) {
    for (int mode = 0; mode < kIsaModeCount; ++mode) {
      std::vector<T> y1(n), y2(n);
      l.binary[op][mode](a.data(), b.data(), y1.data(), n);
      ref.binary[op][mode](a.data(), b.data(), y2.data(), n);
      ExpectSameBits(y1, y2, ("binary " + std::to_string(op)).c_str(), isa);
    }
  }
  std::unique_ptr<bool[]> c1(new bool[n]), c2(new bool[n]);
  for (int op = 0; op < kIsaCompareCount; ++op) {
    for (int mode = 0; mode < kIsaModeCount; ++mode) {
      l.compare[op][mode](a.data(), b.data(), c1.get(), n);
      ref.compare[op][mode](a.data(), b.data(), c2.get(), n);
      EXPECT_EQ(std::memcmp(c1.get(), c2.get(), n), 0) << isa << " compare " << op << " mode " << mode;
    }
  }
  for (int mode = 0; mode < kIsaModeCount; ++mode) {
    std::vector<T> y1(n), y2(n);
    l.where[mode](c1.get(), a.data(), b.data(), y1.data(), n);
    ref.where[mode](c1.get(), a.data(), b.data(), y2.data(), n);
    ExpectSameBits(y1, y2, "where", isa);
  }
  for (int op = 0; op < kIsaReduceCount; ++op) {
    std::vector<T> acc1(b), acc2(b);
    l.reduce_rows[op](a.data(), acc1.data(), n);
    ref.reduce_rows[op](a.data(), acc2.data(), n);
    ExpectSameBits(acc1, acc2, "reduce_rows", isa);
  }
  std::vector<T> finite(a);
  for (T& v : finite) {
    if (!std::isfinite(v)) v = T(0.25);
  }
  for (int64_t len : {0, 1, 7, 8, 9, 127, 128, 129, 1000, 100003}) {
    T s1 = l.pairwise_sum(finite.data(), len), s2 = ref.pairwise_sum(finite.data(), len);
    EXPECT_EQ(std::memcmp(&s1, &s2, sizeof(T)), 0) << isa << " pairwise_sum of " << len;
  }
  IsaUpdate h{2, 1e-3, 0.9, 0.9, 0.999, 1.0, 0.0, 1e-8, 0.99, false, true};
  for (int rule = 0; rule < 5; ++rule) {
    h.rule = rule;
    std::vector<T> p1(finite), p2(finite), m1(n, T(0.1)), m2(n, T(0.1)), v1(n, T(0.2)), v2(n, T(0.2)), w1(n), w2(n);
    l.update(h, p1.data(), b.data(), m1.data(), v1.data(), w1.data(), 0, n);
    ref.update(h, p2.data(), b.data(), m2.data(), v2.data(), w2.data(), 0, n);
    ExpectSameBits(p1, p2, "update", isa);
    ExpectSameBits(m1, m2, "update state", isa);
  }
}

TEST(CpuMathTest, SimpleLoopsMatchPortableBitForBit) {
  const IsaTable& ref = portable::GetTable();
  for (const IsaTable* t : RunnableVariants()) {
    CheckSimpleLoops<float>(t->f32, ref.f32, t->name);
    CheckSimpleLoops<double>(t->f64, ref.f64, t->name);
  }
}

TEST(CpuMathTest, IsaSelection) {
  EXPECT_STREQ(SelectIsa(false, false, nullptr).name, "portable");
  EXPECT_STREQ(SelectIsa(false, false, "avx512").name, "portable");  // an override never raises the level
  EXPECT_TRUE(portable::GetTable().compiled);
  if (CpuHasAvx2()) {
    EXPECT_STREQ(SelectIsa(true, false, nullptr).name, "avx2");
    EXPECT_STREQ(SelectIsa(true, false, "portable").name, "portable");
    EXPECT_STREQ(SelectIsa(true, false, "bogus").name, "avx2");
    EXPECT_TRUE(avx2::GetTable().compiled);
  }
  if (CpuHasAvx512()) {
    EXPECT_STREQ(SelectIsa(true, true, nullptr).name, "avx512");
    EXPECT_STREQ(SelectIsa(true, true, "avx2").name, "avx2");
    EXPECT_TRUE(avx512::GetTable().compiled);
  }
  // The process-wide choice follows CHAINER_CPU_ISA (ctest runs this binary
  // with and without it: see the note in the report / CMake).
  const char* env = std::getenv("CHAINER_CPU_ISA");
  std::string expect = CpuHasAvx512() ? "avx512" : (CpuHasAvx2() ? "avx2" : "portable");
  if (env != nullptr && std::string(env) == "portable") expect = "portable";
  if (env != nullptr && std::string(env) == "avx2" && CpuHasAvx2()) expect = "avx2";
  EXPECT_EQ(std::string(IsaName()), expect);
}

// Reductions split work across threads by output element only: the bits
// must not depend on the thread count, and must keep the serial order
// (pairwise per output on the contiguous-run path; memory order otherwise).
TEST(CpuReduceTest, ParallelReductionsAreDeterministicAndKeepTheOrder) {
  const int64_t d0 = 64, d1 = 256, d2 = 256;
  std::vector<float> h = Inputs<float>(-1, 1, d0 * d1 * d2, 11);
  for (float& v : h) {
    if (!std::isfinite(v) || std::fabs(v) > 1e3f) v = 0.5f;
  }
  Array x = Array::FromHost({d0, d1, d2}, Dtype::kFloat32, h.data(), Array::Empty({1}, Dtype::kFloat32).device());
  Kernels& k = x.device().kernels();
  Array x2 = x.Reshape({d0 * d1, d2});
  auto run = [&](int threads) {
    ThreadPool::Instance().set_num_threads(threads);
    std::vector<std::vector<float>> r;
    auto keep = [&](const Array& a) {
      std::vector<float> v(a.size());
      std::memcpy(v.data(), a.raw_data(), v.size() * 4);
      r.push_back(v);
    };
    Array s02 = Array::Empty({d1}, Dtype::kFloat32, x.device());
    k.Sum(x, {0, 2}, s02);
    keep(s02);
    Array s0 = Array::Empty({d2}, Dtype::kFloat32, x.device());
    k.Sum(x2, {0}, s0);
    keep(s0);
    Array sall = Array::Empty({}, Dtype::kFloat32, x.device());
    k.Sum(x, {0, 1, 2}, sall);
    keep(sall);
    Array m0 = Array::Empty({d1, d2}, Dtype::kFloat32, x.device());
    k.Reduce(ReduceOp::kMax, x, {0}, m0);
    keep(m0);
    Array p02 = Array::Empty({d1}, Dtype::kFloat32, x.device());
    k.Reduce(ReduceOp::kProd, x, {0, 2}, p02);
    keep(p02);
    return r;
  };
  const int hw = ThreadPool::Instance().num_threads();
  auto one = run(1);
  auto three = run(3);
  ThreadPool::Instance().set_num_threads(hw);
  auto dflt = run(hw);
  for (size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(std::memcmp(one[i].data(), three[i].data(), one[i].size() * 4), 0) << "result " << i;
    EXPECT_EQ(std::memcmp(one[i].data(), dflt[i].data(), one[i].size() * 4), 0) << "result " << i;
  }
  // The orders: axes (0, 2) in memory order, axis 0 and all axes pairwise.
  for (int64_t j = 0; j < d1; ++j) {
    float acc = 0;
    for (int64_t i = 0; i < d0; ++i) {
      for (int64_t l = 0; l < d2; ++l) acc += h[(i * d1 + j) * d2 + l];
    }
    ASSERT_EQ(acc, one[0][j]) << j;
  }
  for (int64_t c = 0; c < d2; ++c) {
    float want = 0.0f + PairwiseSum<float, float>(h.data() + c, d0 * d1, d2);
    ASSERT_EQ(want, one[1][c]) << c;
  }
  const float total = 0.0f + PairwiseSum<float, float>(h.data(), d0 * d1 * d2, 1);
  EXPECT_EQ(total, one[2][0]);
}

// A value must not depend on the layout it is read from: strided and broadcast
// inputs go through the same vector loops as contiguous ones.
TEST(CpuMathTest, StridedUnaryMatchesContiguousBitForBit) {
  const int64_t rows = 37, cols = 29;
  std::vector<float> h = Inputs<float>(-6, 6, rows * cols, 21);
  for (float& v : h) {
    if (!std::isfinite(v)) v = 0.25f;
  }
  Array x = Array::FromHost({rows, cols}, Dtype::kFloat32, h.data(), Array::Empty({1}, Dtype::kFloat32).device());
  Kernels& k = x.device().kernels();
  Array xt = x.Transpose({1, 0});  // strided view
  Array xt_copy = xt.Copy();       // the same values, contiguous
  for (UnaryOp op : {UnaryOp::kTanh, UnaryOp::kSigmoid, UnaryOp::kExp, UnaryOp::kLog1p}) {
    Array a = Array::Empty({cols, rows}, Dtype::kFloat32, x.device());
    Array b = Array::Empty({cols, rows}, Dtype::kFloat32, x.device());
    k.Unary(op, xt, a);
    k.Unary(op, xt_copy, b);
    ASSERT_EQ(0, std::memcmp(a.raw_data(), b.raw_data(), static_cast<size_t>(a.nbytes()))) << static_cast<int>(op);
    // A broadcast row: every element equals the contiguous result of its source.
    Array row = x.Strided({1, cols}, {0, 1}, x.offset()).BroadcastTo({rows, cols});
    Array c = Array::Empty({rows, cols}, Dtype::kFloat32, x.device());
    Array d = Array::Empty({cols}, Dtype::kFloat32, x.device());
    k.Unary(op, row, c);
    k.Unary(op, x.Strided({cols}, {1}, x.offset()).Copy(), d);
    for (int64_t r = 0; r < rows; ++r) {
      ASSERT_EQ(0, std::memcmp(c.data<float>() + r * cols, d.raw_data(), cols * sizeof(float))) << static_cast<int>(op) << " row " << r;
    }
  }
}

}  // namespace
}  // namespace cpu
}  // namespace chainer
