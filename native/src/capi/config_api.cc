#include "autograd/config.h"
#include "capi/guard.h"

using chainer::capi::Guard;
using chainer::capi::Require;

extern "C" {

ch_status ch_config_get_enable_backprop(int32_t* out_enabled) {
  return Guard([&] { *Require(out_enabled, "out_enabled") = chainer::Config().enable_backprop ? 1 : 0; });
}

ch_status ch_config_set_enable_backprop(int32_t enabled) {
  return Guard([&] { chainer::Config().enable_backprop = enabled != 0; });
}

ch_status ch_config_get_train(int32_t* out_train) {
  return Guard([&] { *Require(out_train, "out_train") = chainer::Config().train ? 1 : 0; });
}

ch_status ch_config_set_train(int32_t train) {
  return Guard([&] { chainer::Config().train = train != 0; });
}

}  // extern "C"
