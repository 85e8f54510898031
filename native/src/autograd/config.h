// Thread-local configuration, like chainer.config.
#pragma once

namespace chainer {

struct ThreadConfig {
  bool enable_backprop = true;
  bool train = true;
};

ThreadConfig& Config();

// Sets enable_backprop for a scope and restores it afterwards.
class BackpropModeScope {
 public:
  explicit BackpropModeScope(bool enabled) : previous_(Config().enable_backprop) { Config().enable_backprop = enabled; }
  ~BackpropModeScope() { Config().enable_backprop = previous_; }
  BackpropModeScope(const BackpropModeScope&) = delete;
  BackpropModeScope& operator=(const BackpropModeScope&) = delete;

 private:
  bool previous_;
};

}  // namespace chainer
