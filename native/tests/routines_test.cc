#include <cmath>
#include <numeric>

#include "test_util.h"

namespace {

TEST(Routines, BroadcastAddAndSumToGrad) {
  Arr a = Arr::F32({1, 2, 3, 4, 5, 6}, {2, 3});
  Arr b = Arr::F32({10, 20, 30}, {3});
  Var av = Var::Of(a), bv = Var::Of(b);
  ch_variable *y, *s;
  CH_CALL(ch_add(av.h, bv.h, &y));
  CH_CALL(ch_sum(y, nullptr, -1, 0, &s));
  Var yv(y), sv(s);
  EXPECT_EQ(yv.Data().Values<float>(), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  EXPECT_EQ(sv.Data().Shape(), std::vector<int64_t>{});
  CH_CALL(ch_variable_backward(s, 0, 0));
  EXPECT_EQ(bv.Grad().Values<float>(), (std::vector<float>{2, 2, 2}));
  EXPECT_EQ(av.Grad().Values<float>(), (std::vector<float>{1, 1, 1, 1, 1, 1}));
}

TEST(Routines, BroadcastFailureMessage) {
  Arr a = Arr::F32({1, 2, 3, 4, 5, 6}, {2, 3});
  Arr b = Arr::F32({1, 2, 3, 4, 5, 6}, {3, 2});
  Var av = Var::Of(a), bv = Var::Of(b);
  ch_variable* y = nullptr;
  EXPECT_EQ(CH_ERROR_SHAPE_MISMATCH, ch_add(av.h, bv.h, &y));
  EXPECT_EQ(LastError(), "cannot broadcast inputs of the following shapes:\nlhs.shape = (2, 3)\nrhs.shape = (3, 2)");
  EXPECT_EQ(y, nullptr);
}

TEST(Routines, LinearTypeCheckMessage) {
  Arr x = Arr::F32(std::vector<float>(8, 1), {2, 4});
  Arr w = Arr::F32(std::vector<float>(9, 1), {3, 3});
  Var xv = Var::Of(x), wv = Var::Of(w);
  ch_variable* y = nullptr;
  EXPECT_EQ(CH_ERROR_SHAPE_MISMATCH, ch_linear(xv.h, wv.h, nullptr, 1, &y));
  EXPECT_EQ(LastError(), "\nInvalid operation is performed in: LinearFunction (Forward)\n\nExpect: x.shape[1] == W.shape[1]\nActual: 4 != 3");
}

TEST(Routines, LinearMatchesTutorial) {
  Arr w = Arr::F32({1.0184761f, 0.23103087f, 0.5650746f, 1.2937803f, 1.0782351f, -0.56423163f}, {2, 3});
  Arr b = Arr::F32({0, 0}, {2});
  Arr x = Arr::F32({1, 2, 3, 4, 5, 6}, {2, 3});
  Var wv = Var::Of(w), bv = Var::Of(b), xv = Var::Of(x);
  ch_variable* y;
  CH_CALL(ch_linear(xv.h, wv.h, bv.h, 1, &y));
  Var yv(y);
  EXPECT_EQ(yv.Data().Values<float>(), (std::vector<float>{3.1757617f, 1.7575557f, 8.619507f, 7.1809077f}));
  Arr ones = Arr::F32({1, 1, 1, 1}, {2, 2});
  CH_CALL(ch_variable_set_grad(y, ones.h));
  CH_CALL(ch_variable_backward(y, 0, 0));
  EXPECT_EQ(wv.Grad().Values<float>(), (std::vector<float>{5, 7, 9, 5, 7, 9}));
  EXPECT_EQ(bv.Grad().Values<float>(), (std::vector<float>{2, 2}));
}

TEST(Routines, PairwiseSumMatchesNumpy) {
  // numpy.arange(1000, dtype=float32) * 0.1 summed: pairwise order gives 49950.0 exactly here.
  std::vector<float> v(1000);
  for (int i = 0; i < 1000; ++i) v[i] = static_cast<float>(i) * 0.1f;
  Arr a = Arr::F32(v, {1000});
  Var av = Var::Of(a, false);
  ch_variable* s;
  CH_CALL(ch_sum(av.h, nullptr, -1, 0, &s));
  Var sv(s);
  EXPECT_EQ(sv.Data().Values<float>()[0], 49950.0f);
}

TEST(Routines, MatMulBatchedAndVector) {
  std::vector<float> av(24), bv(15);
  std::iota(av.begin(), av.end(), 0.f);
  std::iota(bv.begin(), bv.end(), 1.f);
  Arr a = Arr::F32(av, {4, 2, 3});
  Arr b = Arr::F32(bv, {3, 5});
  Var a1 = Var::Of(a), b1 = Var::Of(b);
  ch_variable* y;
  CH_CALL(ch_matmul(a1.h, b1.h, 0, 0, &y));
  Var yv(y);
  EXPECT_EQ(yv.Data().Shape(), (std::vector<int64_t>{4, 2, 5}));
  // row 0 of batch 0: [0,1,2] @ b
  EXPECT_EQ(yv.Data().Values<float>()[0], 0 * 1 + 1 * 6 + 2 * 11);
  ch_variable* s;
  CH_CALL(ch_sum(y, nullptr, -1, 0, &s));
  Var sv(s);
  CH_CALL(ch_variable_backward(s, 0, 0));
  EXPECT_EQ(b1.Grad().Shape(), (std::vector<int64_t>{3, 5}));
}

TEST(Routines, NoExceptionCrossesBoundary) {
  ch_variable* y = nullptr;
  EXPECT_EQ(CH_ERROR_NULL_ARGUMENT, ch_add(nullptr, nullptr, &y));
  EXPECT_EQ(CH_ERROR_NULL_ARGUMENT, ch_exp(nullptr, nullptr));
  int64_t shape[] = {-1, 2};
  ch_array* a = nullptr;
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_array_empty(CH_DTYPE_FLOAT32, shape, 2, &a));
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_array_empty((ch_dtype)99, shape, 1, &a));
  int64_t huge[] = {1LL << 40, 1LL << 40};
  EXPECT_NE(CH_OK, ch_array_empty(CH_DTYPE_FLOAT32, huge, 2, &a));
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_array_empty(CH_DTYPE_FLOAT32, shape, 99, &a));
}

std::string CreatorLabel(ch_variable* y) {
  ch_function_node* fn = nullptr;
  EXPECT_EQ(CH_OK, ch_variable_creator(y, &fn));
  const char* name = nullptr;
  EXPECT_EQ(CH_OK, ch_function_node_name(fn, &name));
  std::string label = name;
  ch_function_node_free(fn);
  return label;
}

// Labels name the constant as Chainer prints the Python literal; the host
// passes doubles, so integral constants print as ints (values from Chainer 7.8.1).
TEST(Routines, ConstantLabels) {
  Arr a = Arr::F32({1}, {1});
  Var x = Var::Of(a);
  struct Case {
    ch_status (*fn)(ch_variable*, double, ch_variable**);
    double s;
    const char* label;
  } cases[] = {
      {ch_sub_scalar, 2, "_ + (-2)"},         {ch_mul_scalar, 2, "_ * 2"},
      {ch_add_scalar, 2, "_ + 2"},            {ch_rsub_scalar, 2, "2 - _"},
      {ch_div_scalar, 2, "_ * 0.5"},          {ch_div_scalar, 0.5, "_ * 2.0"},
      {ch_div_scalar, 3, "_ * 0.3333333333333333"},
      {ch_rdiv_scalar, 2, "2 / _"},           {ch_pow_scalar, 2, "_ ** 2"},
      {ch_rpow_scalar, 2, "2 ** _"},          {ch_mul_scalar, 0.5, "_ * 0.5"},
      {ch_sub_scalar, 0.5, "_ + (-0.5)"},     {ch_mul_scalar, 1e16, "_ * 1e+16"},
      {ch_mul_scalar, 1e15, "_ * 1000000000000000.0"},
      {ch_mul_scalar, 123456789012345.0, "_ * 123456789012345"},
      {ch_mul_scalar, 0, "_ * 0"},            {ch_mul_scalar, -2.5, "_ * (-2.5)"},
  };
  for (const auto& c : cases) {
    ch_variable* y = nullptr;
    CH_CALL(c.fn(x.h, c.s, &y));
    Var yv(y);
    EXPECT_EQ(CreatorLabel(y), c.label);
  }
  ch_variable* y = nullptr;
  CH_CALL(ch_rsqrt(x.h, &y));
  Var yv(y);
  EXPECT_EQ(CreatorLabel(y), "1.0 / _");
}

}  // namespace
