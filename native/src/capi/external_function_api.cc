// Functions whose forward and backward live in the host language. The
// backward closure hands the host owned handles, so no handle is ever shared
// across the boundary, and a host failure becomes a typed error here.
#include <memory>
#include <vector>

#include "capi/guard.h"

using chainer::Array;
using chainer::Variable;
using chainer::capi::Guard;
using chainer::capi::NewHandle;
using chainer::capi::Require;

namespace {

// Releases the host's state when the function node goes away.
class HostState {
 public:
  HostState(void* user_data, ch_release_callback release) : user_data_(user_data), release_(release) {}
  ~HostState() {
    if (release_ != nullptr) release_(user_data_);
  }
  HostState(const HostState&) = delete;
  HostState& operator=(const HostState&) = delete;
  void* user_data() const { return user_data_; }

 private:
  void* user_data_;
  ch_release_callback release_;
};

[[noreturn]] void ThrowHostError() {
  ch_status code = chainer::capi::LastErrorCode();
  std::string message = chainer::capi::LastErrorMessage();
  if (message.empty()) message = "a user-defined function's backward failed";
  switch (code) {
    case CH_ERROR_INVALID_ARGUMENT: throw chainer::InvalidArgumentError(message);
    case CH_ERROR_INVALID_TYPE: throw chainer::InvalidTypeError(message);
    case CH_ERROR_SHAPE_MISMATCH: throw chainer::ShapeMismatchError(message);
    case CH_ERROR_DTYPE_MISMATCH: throw chainer::DtypeMismatchError(message);
    case CH_ERROR_INDEX_OUT_OF_RANGE: throw chainer::IndexError(message);
    case CH_ERROR_NULL_ARGUMENT: throw chainer::NullArgumentError(message);
    case CH_ERROR_GRADIENT: throw chainer::GradientError(message);
    case CH_ERROR_DEVICE: throw chainer::DeviceError(message);
    case CH_ERROR_NOT_SUPPORTED: throw chainer::NotSupportedError(message);
    default: throw chainer::InternalError(message);
  }
}

struct OwnedHandles {
  std::vector<ch_variable*> items;
  explicit OwnedHandles(size_t n) : items(n, nullptr) {}
  ~OwnedHandles() {
    for (ch_variable* h : items) delete h;
  }
};

}  // namespace

extern "C" {

ch_status ch_set_error(ch_status code, const char* message) {
  chainer::capi::SetLastError(code, message == nullptr ? "" : message);
  return CH_OK;
}

ch_status ch_function_record(const char* label, ch_variable* const* inputs, int32_t n_inputs, ch_array* const* outputs, int32_t n_outputs,
                             const int32_t* retain_inputs, const int32_t* retain_outputs, ch_backward_callback backward,
                             ch_release_callback release, void* user_data, ch_variable** results) {
  // The host's state is released even when recording fails.
  auto state = std::make_shared<HostState>(user_data, release);
  return Guard([&] {
    Require(backward, "backward");
    if (n_inputs < 0 || n_outputs <= 0 || n_inputs > 32 || n_outputs > 32) {
      throw chainer::InvalidArgumentError("a function needs 0..32 inputs and 1..32 outputs");
    }
    Require(results, "results");
    std::vector<Variable> in;
    for (int32_t i = 0; i < n_inputs; ++i) in.push_back(Require(Require(inputs, "inputs")[i], "inputs entry")->var);
    std::vector<Array> out;
    uint32_t rin = 0, rout = 0;
    for (int32_t i = 0; i < n_outputs; ++i) out.push_back(Require(Require(outputs, "outputs")[i], "outputs entry")->array);
    for (int32_t i = 0; i < n_inputs && retain_inputs != nullptr; ++i) rin |= retain_inputs[i] ? (1u << i) : 0u;
    for (int32_t i = 0; i < n_outputs && retain_outputs != nullptr; ++i) rout |= retain_outputs[i] ? (1u << i) : 0u;
    auto result = chainer::Record(
        "UserFunction", in, std::move(out), rin, rout, [state, backward, rin, rout, n_inputs, n_outputs](chainer::BackwardContext& ctx) {
          OwnedHandles gys(n_outputs), xs(n_inputs), ys(n_outputs), gxs(n_inputs);
          std::vector<int32_t> mask(n_inputs);
          for (int32_t i = 0; i < n_outputs; ++i) {
            if (ctx.output_grad(i).defined()) gys.items[i] = NewHandle(ctx.output_grad(i));
            if (rout & (1u << i)) ys.items[i] = NewHandle(ctx.output(i));
          }
          for (int32_t i = 0; i < n_inputs; ++i) {
            if (rin & (1u << i)) xs.items[i] = NewHandle(ctx.input(i));
            mask[i] = ctx.is_input_grad_required(i) ? 1 : 0;
          }
          // Ownership of the argument handles passes to the host.
          std::vector<ch_variable*> gy_args = gys.items, x_args = xs.items, y_args = ys.items;
          std::fill(gys.items.begin(), gys.items.end(), nullptr);
          std::fill(xs.items.begin(), xs.items.end(), nullptr);
          std::fill(ys.items.begin(), ys.items.end(), nullptr);
          int32_t rc = backward(state->user_data(), gy_args.data(), n_outputs, x_args.data(), n_inputs, y_args.data(), mask.data(),
                                gxs.items.data());
          if (rc != 0) ThrowHostError();
          for (int32_t i = 0; i < n_inputs; ++i) {
            if (gxs.items[i] == nullptr || !mask[i]) continue;
            Variable g = gxs.items[i]->var;
            if (g.dtype() != ctx.input_dtype(i)) {
              throw chainer::DtypeMismatchError("backward returned a gradient of dtype " + std::string(chainer::DtypeName(g.dtype())) +
                                                " for an input of dtype " + chainer::DtypeName(ctx.input_dtype(i)));
            }
            if (g.shape() != ctx.input_shape(i)) {
              throw chainer::ShapeMismatchError("backward returned a gradient of shape " + g.shape().ToString() + " for input " +
                                                std::to_string(i) + " of shape " + ctx.input_shape(i).ToString());
            }
            ctx.set_input_grad(i, g);
          }
        });
    if (auto fn = result[0].creator()) fn->set_owned_label(label == nullptr ? "UserFunction" : label);
    std::vector<std::unique_ptr<ch_variable>> handles;
    for (auto& v : result) handles.emplace_back(NewHandle(v));
    for (size_t i = 0; i < handles.size(); ++i) results[i] = handles[i].release();
  });
}

}  // extern "C"
