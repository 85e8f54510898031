#include "autograd/config.h"

namespace chainer {

ThreadConfig& Config() {
  thread_local ThreadConfig config;
  return config;
}

}  // namespace chainer
