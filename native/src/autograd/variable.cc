#include "autograd/variable.h"

#include <algorithm>

#include "autograd/config.h"
#include "common/error.h"
#include "common/object_pool.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {

Variable Variable::Leaf(Array data, bool requires_grad) {
  auto body = std::allocate_shared<VariableBody>(pool::Allocator<VariableBody>());
  auto node = std::allocate_shared<VariableNode>(pool::Allocator<VariableNode>());
  node->requires_grad = requires_grad;
  node->shape = data.shape();
  node->dtype = data.dtype();
  node->variable = body;
  body->data = std::move(data);
  body->node = std::move(node);
  return Variable(std::move(body));
}

const Array& Variable::array() const { return body_->data; }

void Variable::set_array(Array data) const {
  body_->node->shape = data.shape();
  body_->node->dtype = data.dtype();
  body_->data = std::move(data);
}

const std::shared_ptr<VariableNode>& Variable::node() const { return body_->node; }
bool Variable::requires_grad() const { return body_->node->requires_grad; }

Variable Variable::grad_var() const { return Variable(body_->grad); }

void Variable::set_grad_var(const Variable& g) const { body_->grad = g.body(); }

std::shared_ptr<FunctionNode> Variable::creator() const { return body_->node->creator; }
int Variable::rank() const { return body_->node->rank; }

void Variable::Unchain() const { body_->node->creator.reset(); }

std::string FunctionNode::label() const {
  std::string l(label_);
  if (has_constant_) {
    size_t pos = l.find("const");
    if (pos != std::string::npos) l.replace(pos, 5, ConstantToString(constant_, constant_as_float_));
  }
  return l;
}

void FunctionNode::Unchain() {
  for (auto& w : outputs_) {
    if (auto y = w.lock()) y->creator.reset();
  }
  inputs_.clear();
  retained_inputs_.clear();
  retained_outputs_.clear();
  cut_ = true;
  DropBackward();
}

void Variable::UnchainBackward() const {
  std::vector<std::shared_ptr<FunctionNode>> stack;
  std::vector<FunctionNode*> seen;
  auto add = [&](const std::shared_ptr<FunctionNode>& f) {
    if (f && std::find(seen.begin(), seen.end(), f.get()) == seen.end()) {
      seen.push_back(f.get());
      stack.push_back(f);
    }
  };
  add(creator());
  while (!stack.empty()) {
    auto f = stack.back();
    stack.pop_back();
    for (auto& x : f->inputs()) add(x->creator);
    f->Unchain();
  }
}

bool BackwardContext::is_input_grad_required(int i) const {
  return std::find(targets_, targets_ + n_targets_, i) != targets_ + n_targets_;
}

Variable BackwardContext::input(int i) const {
  const auto& node = fn_.inputs_[i];
  if (i >= static_cast<int>(fn_.retained_inputs_.size()) || !fn_.retained_inputs_[i].defined()) {
    throw InternalError(fn_.label() + ": input " + std::to_string(i) + " was not retained");
  }
  const Array& data = fn_.retained_inputs_[i];
  if (auto body = node->variable.lock()) {
    if (body->node == node && body->data.SameView(data)) return Variable(body);
  }
  auto body = std::make_shared<VariableBody>();
  body->data = data;
  body->node = node;
  return Variable(std::move(body));
}

Variable BackwardContext::output(int i) const {
  if (i >= static_cast<int>(fn_.retained_outputs_.size()) || !fn_.retained_outputs_[i].defined()) {
    throw InternalError(fn_.label() + ": output " + std::to_string(i) + " was not retained");
  }
  auto node = fn_.outputs_[i].lock();
  const Array& data = fn_.retained_outputs_[i];
  if (node) {
    if (auto body = node->variable.lock()) {
      if (body->node == node && body->data.SameView(data)) return Variable(body);
    }
  } else {
    // The output's node is gone: nothing can differentiate through it again.
    node = std::make_shared<VariableNode>();
    node->requires_grad = false;
    node->shape = data.shape();
    node->dtype = data.dtype();
  }
  auto body = std::make_shared<VariableBody>();
  body->data = data;
  body->node = node;
  return Variable(std::move(body));
}

void BackwardContext::set_input_grad(int i, Variable gx) {
  if (!gx.defined()) return;
  const auto& node = fn_.inputs_[i];
  if (gx.shape() != node->shape) {
    // Reachable when a variable's array was replaced by one of another shape after the graph was built.
    throw ShapeMismatchError(fn_.label() + ": the gradient of input " + std::to_string(i) + " has shape " + gx.shape().ToString() +
                             " but the input variable now has shape " + node->shape.ToString() +
                             " (was its array replaced after the graph was built?)");
  }
  input_grads_[i] = std::move(gx);
}

void BackwardContext::set_input_grad_product(int i, Variable a, Variable b) {
  const auto& node = fn_.inputs_[i];
  bool deferrable = deferred_ != nullptr && a.ndim() == 2 && b.ndim() == 2 && a.shape()[0] == b.shape()[0] &&
                    Shape{a.shape()[1], b.shape()[1]} == node->shape && a.dtype() == node->dtype && b.dtype() == node->dtype;
  if (!deferrable) {
    set_input_grad(i, routines::MatMul(a, b, true, false));
    return;
  }
  deferred_->emplace_back(i, DeferredGrad{std::move(a), std::move(b), Array()});
}

bool BackwardContext::defer_input_grad_rows(int i, const Array& rows, Variable b) {
  const auto& node = fn_.inputs_[i];
  if (deferred_ == nullptr || b.dtype() != node->dtype || b.ndim() != node->shape.size() || rows.ndim() != 1 ||
      rows.dtype() != Dtype::kInt64 || rows.shape()[0] != b.shape()[0]) {
    return false;
  }
  for (int d = 1; d < node->shape.size(); ++d) {
    if (b.shape()[d] != node->shape[d]) return false;
  }
  deferred_->emplace_back(i, DeferredGrad{Variable(), std::move(b), rows});
  return true;
}

bool AnyRequiresGrad(const Variable* inputs, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (inputs[i].requires_grad()) return true;
  }
  return false;
}

void FunctionNode::Connect(const Variable* inputs, size_t n_inputs, const Variable* outputs, size_t n_outputs, uint32_t retain_inputs,
                           uint32_t retain_outputs) {
  int rank = 0;
  inputs_.reserve(n_inputs);
  for (size_t i = 0; i < n_inputs; ++i) {
    inputs_.push_back(inputs[i].node());
    rank = std::max(rank, inputs[i].rank());
  }
  if (retain_inputs != 0) {
    retained_inputs_.resize(n_inputs);
    for (size_t i = 0; i < n_inputs; ++i) {
      if (retain_inputs & (1u << i)) retained_inputs_[i] = inputs[i].array();
    }
  }
  rank_ = rank;
  for (size_t i = 0; i < n_outputs; ++i) {
    const auto& node = outputs[i].node();
    node->rank = rank + 1;
    outputs_.push_back(node);
  }
  if (retain_outputs != 0) {
    retained_outputs_.resize(n_outputs);
    for (size_t i = 0; i < n_outputs; ++i) {
      if (retain_outputs & (1u << i)) retained_outputs_[i] = outputs[i].array();
    }
  }
}

}  // namespace chainer
