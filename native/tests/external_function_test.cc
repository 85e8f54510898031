// ch_function_record: a host-defined function y = x * x with its backward
// implemented through the callback, including double backprop and release.
#include "test_util.h"

namespace {

int g_released = 0;

int32_t SquareBackward(void* user_data, ch_variable** gys, int32_t, ch_variable** xs, int32_t, ch_variable** ys, const int32_t* mask,
                       ch_variable** gxs) {
  (void)user_data;
  ch_variable_free(ys[0]);
  if (!mask[0]) {
    ch_variable_free(gys[0]);
    ch_variable_free(xs[0]);
    return 0;
  }
  ch_variable *two_x = nullptr, *gx = nullptr;
  if (ch_mul_scalar(xs[0], 2.0, &two_x) != CH_OK || ch_mul(two_x, gys[0], &gx) != CH_OK) return 1;
  ch_variable_free(two_x);
  ch_variable_free(gys[0]);
  ch_variable_free(xs[0]);
  gxs[0] = gx;
  return 0;
}

int32_t FailingBackward(void*, ch_variable** gys, int32_t, ch_variable** xs, int32_t, ch_variable**, const int32_t*, ch_variable**) {
  ch_variable_free(gys[0]);
  ch_variable_free(xs[0]);
  ch_set_error(CH_ERROR_INVALID_ARGUMENT, "host says no");
  return 1;
}

void Release(void*) { ++g_released; }

TEST(ExternalFunction, BackwardAndDoubleBackward) {
  g_released = 0;
  {
    Arr data = Arr::F64({3}, {1});
    Var x = Var::Of(data);
    Arr y_data = Arr::F64({9}, {1});
    ch_variable* inputs[] = {x.h};
    ch_array* outputs[] = {y_data.h};
    int32_t retain_in[] = {1}, retain_out[] = {1};
    ch_variable* y = nullptr;
    CH_CALL(ch_function_record("Square", inputs, 1, outputs, 1, retain_in, retain_out, SquareBackward, Release, nullptr, &y));
    Var yv(y);
    ch_function_node* fn = nullptr;
    CH_CALL(ch_variable_creator(y, &fn));
    const char* name = nullptr;
    CH_CALL(ch_function_node_name(fn, &name));
    EXPECT_STREQ(name, "Square");
    ch_function_node_free(fn);
    CH_CALL(ch_variable_backward(y, 0, 1));
    Var gx = x.GradVar();
    EXPECT_EQ(gx.Data().Values<double>(), std::vector<double>{6});
    CH_CALL(ch_variable_clear_grad(x.h));
    CH_CALL(ch_variable_backward(gx.h, 0, 0));
    EXPECT_EQ(x.Grad().Values<double>(), std::vector<double>{2});
  }
  EXPECT_EQ(g_released, 1);
}

TEST(ExternalFunction, HostFailureBecomesTypedError) {
  Arr data = Arr::F64({3}, {1});
  Var x = Var::Of(data);
  Arr y_data = Arr::F64({9}, {1});
  ch_variable* inputs[] = {x.h};
  ch_array* outputs[] = {y_data.h};
  int32_t retain_in[] = {1};
  ch_variable* y = nullptr;
  CH_CALL(ch_function_record("Bad", inputs, 1, outputs, 1, retain_in, nullptr, FailingBackward, nullptr, nullptr, &y));
  Var yv(y);
  EXPECT_EQ(CH_ERROR_INVALID_ARGUMENT, ch_variable_backward(y, 0, 0));
  EXPECT_EQ(LastError(), "host says no");
}

}  // namespace
