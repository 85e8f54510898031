#include <vector>

#include "capi/guard.h"
#include "device/device.h"

using chainer::Array;
using chainer::Variable;
using chainer::capi::Guard;
using chainer::capi::NewHandle;
using chainer::capi::A;
using chainer::capi::Apply;
using chainer::capi::Opt;
using chainer::capi::OptArray;
using chainer::capi::Require;
using chainer::capi::V;

namespace {

std::vector<Variable> VariablesFrom(ch_variable* const* handles, int32_t n, const char* what, bool allow_null_entries) {
  std::vector<Variable> out;
  if (n < 0) throw chainer::InvalidArgumentError(std::string(what) + ": negative count");
  if (n == 0) return out;
  if (handles == nullptr) {
    if (allow_null_entries) return out;
    throw chainer::NullArgumentError(std::string(what) + " must not be NULL");
  }
  out.reserve(n);
  for (int32_t i = 0; i < n; ++i) {
    if (handles[i] == nullptr) {
      if (!allow_null_entries) throw chainer::NullArgumentError(std::string(what) + "[" + std::to_string(i) + "] must not be NULL");
      out.emplace_back();
    } else {
      out.push_back(handles[i]->var);
    }
  }
  return out;
}

}  // namespace

extern "C" {

ch_status ch_variable_free(ch_variable* variable) {
  return Guard([&] { delete variable; });
}

ch_status ch_variable_retain(ch_variable* variable, ch_variable** out_variable) {
  return Guard([&] { *Require(out_variable, "out_variable") = NewHandle(V(variable, "variable")); });
}

ch_status ch_variable_create(ch_array* data, int32_t requires_grad, ch_variable** out_variable) {
  return Guard([&] {
    Require(out_variable, "out_variable");
    *out_variable = NewHandle(Variable::Leaf(Require(data, "data")->array, requires_grad != 0));
  });
}

ch_status ch_variable_same(ch_variable* a, ch_variable* b, int32_t* out_same) {
  return Guard([&] { *Require(out_same, "out_same") = V(a, "a") == V(b, "b") ? 1 : 0; });
}

ch_status ch_variable_array(ch_variable* variable, ch_array** out_array) {
  return Guard([&] { *Require(out_array, "out_array") = NewHandle(V(variable, "variable").array()); });
}

ch_status ch_variable_set_array(ch_variable* variable, ch_array* data) {
  return Guard([&] { V(variable, "variable").set_array(Require(data, "data")->array); });
}

ch_status ch_variable_grad(ch_variable* variable, ch_array** out_grad) {
  return Guard([&] {
    Require(out_grad, "out_grad");
    Variable g = V(variable, "variable").grad_var();
    *out_grad = g.defined() ? NewHandle(g.array()) : nullptr;
  });
}

ch_status ch_variable_set_grad(ch_variable* variable, ch_array* grad) {
  return Guard([&] {
    const Variable& v = V(variable, "variable");
    if (grad == nullptr) {
      v.set_grad_var(Variable());
      return;
    }
    const Array& g = grad->array;
    if (g.shape() != v.shape() || g.dtype() != v.dtype()) {
      throw chainer::InvalidTypeError("grad must have the variable's shape " + v.shape().ToString() + " and dtype " +
                                      chainer::DtypeName(v.dtype()) + ", got " + g.shape().ToString() + " " + chainer::DtypeName(g.dtype()));
    }
    if (&g.device() != &v.array().device()) {
      throw chainer::DeviceError("grad is on " + g.device().name() + " but the variable's data on " + v.array().device().name());
    }
    // As Chainer's `grad` setter: a new variable without a creator.
    v.set_grad_var(Variable::Leaf(g, true));
  });
}

ch_status ch_variable_grad_var(ch_variable* variable, ch_variable** out_grad_var) {
  return Guard([&] { *Require(out_grad_var, "out_grad_var") = NewHandle(V(variable, "variable").grad_var()); });
}

ch_status ch_variable_set_grad_var(ch_variable* variable, ch_variable* grad_var) {
  return Guard([&] {
    const Variable& v = V(variable, "variable");
    if (grad_var == nullptr) {
      v.set_grad_var(Variable());
      return;
    }
    const Variable& g = grad_var->var;
    if (g.shape() != v.shape() || g.dtype() != v.dtype()) {
      throw chainer::InvalidTypeError("grad_var must have the variable's shape " + v.shape().ToString() + " and dtype " +
                                      chainer::DtypeName(v.dtype()) + ", got " + g.shape().ToString() + " " + chainer::DtypeName(g.dtype()));
    }
    if (&g.array().device() != &v.array().device()) {
      throw chainer::DeviceError("grad_var is on " + g.array().device().name() + " but the variable's data on " + v.array().device().name());
    }
    v.set_grad_var(g);
  });
}

ch_status ch_variable_clear_grad(ch_variable* variable) {
  return Guard([&] { V(variable, "variable").set_grad_var(Variable()); });
}

ch_status ch_variable_requires_grad(ch_variable* variable, int32_t* out_requires_grad) {
  return Guard([&] { *Require(out_requires_grad, "out_requires_grad") = V(variable, "variable").requires_grad() ? 1 : 0; });
}

ch_status ch_variable_set_requires_grad(ch_variable* variable, int32_t requires_grad) {
  return Guard([&] { V(variable, "variable").node()->requires_grad = requires_grad != 0; });
}

ch_status ch_variable_name(ch_variable* variable, const char** out_name) {
  return Guard([&] {
    Require(out_name, "out_name");
    const auto& body = V(variable, "variable").body();
    *out_name = body->name.empty() ? nullptr : body->name.c_str();
  });
}

ch_status ch_variable_set_name(ch_variable* variable, const char* name) {
  return Guard([&] { V(variable, "variable").body()->name = name == nullptr ? "" : name; });
}

ch_status ch_variable_creator(ch_variable* variable, ch_function_node** out_creator) {
  return Guard([&] {
    Require(out_creator, "out_creator");
    auto fn = V(variable, "variable").creator();
    *out_creator = fn ? new ch_function_node{fn, std::string()} : nullptr;
  });
}

ch_status ch_variable_rank(ch_variable* variable, int32_t* out_rank) {
  return Guard([&] { *Require(out_rank, "out_rank") = V(variable, "variable").rank(); });
}

ch_status ch_variable_unchain(ch_variable* variable) {
  return Guard([&] { V(variable, "variable").Unchain(); });
}

ch_status ch_variable_unchain_backward(ch_variable* variable) {
  return Guard([&] { V(variable, "variable").UnchainBackward(); });
}

ch_status ch_variable_backward(ch_variable* variable, int32_t retain_grad, int32_t enable_double_backprop) {
  return Guard([&] { V(variable, "variable").Backward(retain_grad != 0, enable_double_backprop != 0); });
}

ch_status ch_grad(ch_variable* const* outputs, int32_t n_outputs, ch_variable* const* inputs, int32_t n_inputs,
                  ch_variable* const* grad_outputs, int32_t n_grad_outputs, ch_variable* const* grad_inputs,
                  int32_t n_grad_inputs, int32_t set_grad, int32_t retain_grad, int32_t enable_double_backprop,
                  ch_variable** grads) {
  return Guard([&] {
    auto ys = VariablesFrom(outputs, n_outputs, "outputs", false);
    auto xs = VariablesFrom(inputs, n_inputs, "inputs", false);
    auto gys = VariablesFrom(grad_outputs, n_grad_outputs, "grad_outputs", true);
    auto gxs = VariablesFrom(grad_inputs, n_grad_inputs, "grad_inputs", true);
    if (!gys.empty() && gys.size() != ys.size()) {
      throw chainer::InvalidArgumentError("grad_outputs must be of the same length as outputs.\nlen(outputs) = " + std::to_string(ys.size()) +
                                          ", len(grad_outputs) = " + std::to_string(gys.size()));
    }
    if (!gxs.empty() && gxs.size() != xs.size()) {
      throw chainer::InvalidArgumentError("grad_inputs must be of the same length as inputs.\nlen(inputs) = " + std::to_string(xs.size()) +
                                          ", len(grad_inputs) = " + std::to_string(gxs.size()));
    }
    for (size_t i = 0; i < gys.size(); ++i) {
      if (gys[i].defined() && gys[i].shape() != ys[i].shape()) {
        throw chainer::ShapeMismatchError("grad_outputs[" + std::to_string(i) + "] has shape " + gys[i].shape().ToString() +
                                          " but outputs[" + std::to_string(i) + "] has shape " + ys[i].shape().ToString());
      }
    }
    if (n_inputs > 0) Require(grads, "grads");
    auto result = chainer::Grad(ys, xs, gys, gxs, set_grad != 0, retain_grad != 0, enable_double_backprop != 0);
    // Build every handle before publishing any, so a failure leaks nothing.
    std::vector<std::unique_ptr<ch_variable>> handles;
    for (auto& g : result) handles.emplace_back(NewHandle(g));
    for (size_t i = 0; i < handles.size(); ++i) grads[i] = handles[i].release();
  });
}

ch_status ch_function_node_free(ch_function_node* node) {
  return Guard([&] { delete node; });
}

ch_status ch_function_node_name(ch_function_node* node, const char** out_name) {
  return Guard([&] {
    Require(node, "node");
    Require(out_name, "out_name");
    node->label = node->fn->label();
    *out_name = node->label.c_str();
  });
}

ch_status ch_function_node_rank(ch_function_node* node, int32_t* out_rank) {
  return Guard([&] { *Require(out_rank, "out_rank") = Require(node, "node")->fn->rank(); });
}

ch_status ch_function_node_input_count(ch_function_node* node, int32_t* out_count) {
  return Guard([&] { *Require(out_count, "out_count") = static_cast<int32_t>(Require(node, "node")->fn->inputs().size()); });
}

ch_status ch_function_node_input(ch_function_node* node, int32_t index, ch_variable** out_input) {
  return Guard([&] {
    Require(out_input, "out_input");
    const auto& inputs = Require(node, "node")->fn->inputs();
    if (index < 0 || index >= static_cast<int32_t>(inputs.size())) {
      throw chainer::IndexError("input index " + std::to_string(index) + " out of range for a function with " + std::to_string(inputs.size()) + " inputs");
    }
    const auto& in = inputs[index];
    auto body = in->variable.lock();
    if (!body || body->node != in) {
      throw chainer::InvalidArgumentError("input " + std::to_string(index) + " of " + node->fn->label() + " is no longer alive");
    }
    *out_input = NewHandle(Variable(body));
  });
}

}  // extern "C"
