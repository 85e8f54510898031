// The "Variables and Derivatives" tutorial through the C API.
#include "test_util.h"

namespace {

Var Poly(const Var& x, ch_variable** z_out = nullptr) {
  // y = x**2 - 2*x + 1
  ch_variable *x2, *tx, *d, *y;
  EXPECT_EQ(CH_OK, ch_pow_scalar(x.h, 2, &x2));
  EXPECT_EQ(CH_OK, ch_mul_scalar(x.h, 2, &tx));
  EXPECT_EQ(CH_OK, ch_sub(x2, tx, &d));
  EXPECT_EQ(CH_OK, ch_add_scalar(d, 1, &y));
  ch_variable_free(x2);
  ch_variable_free(d);
  if (z_out) *z_out = tx; else ch_variable_free(tx);
  return Var(y);
}

TEST(Autograd, ScalarTutorial) {
  Arr data = Arr::F32({5}, {1});
  Var x = Var::Of(data);
  Var y = Poly(x);
  EXPECT_EQ(y.Data().Values<float>(), std::vector<float>{16});
  CH_CALL(ch_variable_backward(y.h, 0, 0));
  EXPECT_EQ(x.Grad().Values<float>(), std::vector<float>{8});
  // Gradients accumulate across backward calls.
  CH_CALL(ch_variable_backward(y.h, 0, 0));
  EXPECT_EQ(x.Grad().Values<float>(), std::vector<float>{16});
}

TEST(Autograd, RetainGrad) {
  Arr data = Arr::F32({5}, {1});
  Var x = Var::Of(data);
  ch_variable* z = nullptr;
  Var y = Poly(x, &z);
  Var zv(z);
  CH_CALL(ch_variable_backward(y.h, 1, 0));
  EXPECT_EQ(zv.Grad().Values<float>(), std::vector<float>{-1});
}

TEST(Autograd, MatrixNeedsInitialGrad) {
  Arr data = Arr::F32({1, 2, 3, 4, 5, 6}, {2, 3});
  Var x = Var::Of(data);
  Var y = Poly(x);
  EXPECT_EQ(CH_ERROR_GRADIENT, ch_variable_backward(y.h, 0, 0));
  EXPECT_NE(LastError().find("initial gradient"), std::string::npos);
  Arr ones = Arr::F32({1, 1, 1, 1, 1, 1}, {2, 3});
  CH_CALL(ch_variable_set_grad(y.h, ones.h));
  CH_CALL(ch_variable_backward(y.h, 0, 0));
  EXPECT_EQ(x.Grad().Values<float>(), (std::vector<float>{0, 2, 4, 6, 8, 10}));
}

TEST(Autograd, DoubleBackprop) {
  Arr data = Arr::F32({0, 2, 3, 4, 5, 6}, {2, 3});
  Var x = Var::Of(data);
  ch_variable* y;
  CH_CALL(ch_pow_scalar(x.h, 3, &y));
  Var yv(y);
  Arr ones = Arr::F32({1, 1, 1, 1, 1, 1}, {2, 3});
  CH_CALL(ch_variable_set_grad(y, ones.h));
  CH_CALL(ch_variable_backward(y, 0, 1));
  Var gx = x.GradVar();
  EXPECT_EQ(gx.Data().Values<float>(), (std::vector<float>{0, 12, 27, 48, 75, 108}));
  ch_function_node* creator = nullptr;
  CH_CALL(ch_variable_creator(gx.h, &creator));
  ASSERT_NE(creator, nullptr);
  ch_function_node_free(creator);
  CH_CALL(ch_variable_clear_grad(x.h));
  CH_CALL(ch_variable_set_grad(gx.h, ones.h));
  CH_CALL(ch_variable_backward(gx.h, 0, 0));
  EXPECT_EQ(x.Grad().Values<float>(), (std::vector<float>{0, 12, 18, 24, 30, 36}));
}

TEST(Autograd, GradApi) {
  Arr data = Arr::F64({1, 2, 3}, {3});
  Var x = Var::Of(data);
  Arr other = Arr::F64({1, 1, 1}, {3});
  Var unrelated = Var::Of(other);
  ch_variable* y;
  CH_CALL(ch_mul(x.h, x.h, &y));
  Var yv(y);
  ch_variable* outs[] = {y};
  ch_variable* ins[] = {x.h, unrelated.h};
  ch_variable* grads[2] = {};
  CH_CALL(ch_grad(outs, 1, ins, 2, nullptr, 0, nullptr, 0, 0, 0, 1, grads));
  Var g0(grads[0]), g1(grads[1]);
  EXPECT_EQ(g0.Data().Values<double>(), (std::vector<double>{2, 4, 6}));
  EXPECT_EQ(g1.h, nullptr);
  ch_function_node* creator = nullptr;
  CH_CALL(ch_variable_creator(g0.h, &creator));
  EXPECT_NE(creator, nullptr);
  ch_function_node_free(creator);
  // x.grad is untouched without set_grad.
  EXPECT_EQ(x.Grad().h, nullptr);
}

TEST(Autograd, NoBackpropModeLeafStillGetsGrad) {
  Arr data = Arr::F32({1, 2}, {2});
  Var x = Var::Of(data);
  CH_CALL(ch_config_set_enable_backprop(0));
  ch_variable* y;
  CH_CALL(ch_mul_scalar(x.h, 2, &y));
  CH_CALL(ch_config_set_enable_backprop(1));
  Var yv(y);
  ch_variable *t, *z;
  CH_CALL(ch_mul_scalar(y, 3, &t));
  CH_CALL(ch_sum(t, nullptr, -1, 0, &z));
  Var tv(t), zv(z);
  CH_CALL(ch_variable_backward(z, 0, 0));
  EXPECT_EQ(yv.Grad().Values<float>(), (std::vector<float>{3, 3}));
  EXPECT_EQ(x.Grad().h, nullptr);
}

TEST(Autograd, UnchainBackward) {
  Arr data = Arr::F32({1}, {1});
  Var x = Var::Of(data);
  ch_variable *y, *z;
  CH_CALL(ch_mul_scalar(x.h, 2, &y));
  CH_CALL(ch_mul_scalar(y, 3, &z));
  Var yv(y), zv(z);
  CH_CALL(ch_variable_unchain_backward(y));
  CH_CALL(ch_variable_backward(z, 0, 0));
  EXPECT_EQ(yv.Grad().Values<float>(), std::vector<float>{3});
  EXPECT_EQ(x.Grad().h, nullptr);
}

}  // namespace
