// Variables and the computational graph, after Chainer: a Variable holds an
// array, its gradient and a VariableNode; a FunctionNode links input nodes
// (strongly) to output nodes (weakly), so the graph is freed as soon as
// nothing downstream needs it, and no reference cycle can form.
#pragma once

#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "array/array.h"
#include "autograd/config.h"
#include "common/object_pool.h"
#include "common/small_vector.h"

namespace chainer {

class FunctionNode;
class VariableNode;
struct VariableBody;

class Variable {
 public:
  Variable() = default;
  explicit Variable(std::shared_ptr<VariableBody> body) : body_(std::move(body)) {}
  // A new leaf (no creator).
  static Variable Leaf(Array data, bool requires_grad);

  bool defined() const { return body_ != nullptr; }
  const std::shared_ptr<VariableBody>& body() const { return body_; }
  const Array& array() const;
  void set_array(Array data) const;
  const std::shared_ptr<VariableNode>& node() const;
  bool requires_grad() const;
  const Shape& shape() const { return array().shape(); }
  Dtype dtype() const { return array().dtype(); }
  int ndim() const { return array().ndim(); }

  // The gradient variable (undefined when None).
  Variable grad_var() const;
  void set_grad_var(const Variable& g) const;
  std::shared_ptr<FunctionNode> creator() const;
  int rank() const;

  void Unchain() const;
  void UnchainBackward() const;
  void Backward(bool retain_grad, bool enable_double_backprop) const;

  bool operator==(const Variable& o) const { return body_ == o.body_; }

 private:
  std::shared_ptr<VariableBody> body_;
};

struct VariableBody {
  Array data;
  std::shared_ptr<VariableNode> node;
  std::shared_ptr<VariableBody> grad;
  std::string name;
};

class VariableNode {
 public:
  std::weak_ptr<VariableBody> variable;
  std::shared_ptr<FunctionNode> creator;
  int rank = 0;
  bool requires_grad = true;
  Shape shape;
  Dtype dtype = Dtype::kFloat32;
};

class BackwardContext;
using BackwardFn = std::function<void(BackwardContext&)>;

// A gradient left unevaluated, in one of the two forms whose sums have a cheaper joint form:
//  - a product a^T b, with a (r, m) and b (r, n): the gradient of a linear layer's weight or of
//    a matmul's right operand;
//  - rows b (r, ...) scattered-added at `rows` (int64, r) along axis 0 into zeros: an embedding's.
// The traversal sums all terms of one variable at once: one GEMM over the stacked rows, or one
// scatter of all rows, instead of one small product (or a table-sized fill) and one addition per
// use. A weight shared by the steps of an unrolled recurrent network gets its gradient that way.
struct DeferredGrad {
  Variable a;   // product form only
  Variable b;   // the right factor, or the rows
  Array rows;   // scatter form only
};

// Where a backward step leaves its unevaluated gradients: (input index, term) pairs.
using DeferredGrads = SmallVector<std::pair<int, DeferredGrad>, 2>;

class FunctionNode {
 public:
  explicit FunctionNode(const char* label) : label_(label) {}
  virtual ~FunctionNode() = default;
  FunctionNode(const FunctionNode&) = delete;
  FunctionNode& operator=(const FunctionNode&) = delete;

  // Chainer's label; "const" in the pattern stands for the constant operand.
  std::string label() const;
  // A label owned by the node (for functions defined by the host).
  void set_owned_label(std::string label) {
    owned_label_ = std::move(label);
    label_ = owned_label_.c_str();
  }
  // as_float: print the constant as a Python float even when integral.
  void set_constant(double value, bool as_float = false) {
    constant_ = value;
    has_constant_ = true;
    constant_as_float_ = as_float;
  }
  int rank() const { return rank_; }
  const SmallVector<std::shared_ptr<VariableNode>, 2>& inputs() const { return inputs_; }
  const SmallVector<std::weak_ptr<VariableNode>, 1>& outputs() const { return outputs_; }

  // Cuts the links to inputs and outputs (unchain_backward).
  void Unchain();
  bool cut() const { return cut_; }

  // Links inputs and outputs (setting ranks) and keeps the retained arrays.
  void Connect(const Variable* inputs, size_t n_inputs, const Variable* outputs, size_t n_outputs, uint32_t retain_inputs,
               uint32_t retain_outputs);

 protected:
  virtual void RunBackward(BackwardContext& ctx) = 0;
  virtual void DropBackward() = 0;

 private:
  friend class BackwardContext;
  friend void RunBackwardStep(FunctionNode&, const Variable*, const int*, int, Variable*, DeferredGrads*);

  const char* label_;
  std::string owned_label_;
  double constant_ = 0;
  bool has_constant_ = false;
  bool constant_as_float_ = false;
  bool cut_ = false;
  int rank_ = 0;
  SmallVector<std::shared_ptr<VariableNode>, 2> inputs_;
  SmallVector<std::weak_ptr<VariableNode>, 1> outputs_;
  // Empty (and unallocated) unless the backward reads inputs / outputs.
  std::vector<Array, pool::Allocator<Array>> retained_inputs_;
  std::vector<Array, pool::Allocator<Array>> retained_outputs_;
};

// A function node carrying its backward closure inline (one allocation).
template <typename F>
class LambdaFunctionNode final : public FunctionNode {
 public:
  LambdaFunctionNode(const char* label, F f) : FunctionNode(label), f_(std::move(f)) {}

 protected:
  void RunBackward(BackwardContext& ctx) override { (*f_)(ctx); }
  void DropBackward() override { f_.reset(); }

 private:
  std::optional<F> f_;
};

// What a routine's backward sees.
class BackwardContext {
 public:
  // output_grads: one per output; targets: the n_targets input indices whose
  // gradients are wanted; input_grads: one (initially undefined) per input.
  // deferred: where the traversal takes unevaluated gradients, or null where it does not.
  BackwardContext(FunctionNode& fn, const Variable* output_grads, const int* targets, int n_targets, Variable* input_grads,
                  DeferredGrads* deferred = nullptr)
      : fn_(fn), output_grads_(output_grads), targets_(targets), n_targets_(n_targets), input_grads_(input_grads), deferred_(deferred) {}

  int num_inputs() const { return static_cast<int>(fn_.inputs_.size()); }
  // Gradient of output i; undefined when nothing flowed into it.
  const Variable& output_grad(int i = 0) const { return output_grads_[i]; }
  bool is_input_grad_required(int i) const;
  // Input i / output i as a variable on the graph (they must be retained).
  Variable input(int i) const;
  Variable output(int i = 0) const;
  const Shape& input_shape(int i) const { return fn_.inputs_[i]->shape; }
  Dtype input_dtype(int i) const { return fn_.inputs_[i]->dtype; }
  void set_input_grad(int i, Variable gx);
  // Sets the gradient of input i to a^T b (a: (r, m), b: (r, n), the input (m, n)). The traversal
  // may leave it unevaluated and sum it with the other products of that input in one GEMM; where
  // it may not (double backprop builds a graph of the gradients), it is computed here.
  void set_input_grad_product(int i, Variable a, Variable b);
  // Offers the gradient of input i (m, ...) as rows b (r, ...) scatter-added at int64 indices
  // `rows` (r) along axis 0. Returns false where the traversal cannot take it unevaluated; the
  // caller then computes it.
  bool defer_input_grad_rows(int i, const Array& rows, Variable b);

 private:
  FunctionNode& fn_;
  const Variable* output_grads_;
  const int* targets_;
  int n_targets_;
  Variable* input_grads_;
  DeferredGrads* deferred_;
};

bool AnyRequiresGrad(const Variable* inputs, size_t n);

// Records a routine's result. When backprop is enabled and some input
// requires grad, a FunctionNode with `backward` is linked in; the bitmasks
// say which inputs/outputs the backward reads (their arrays are kept).
template <typename F>
std::vector<Variable> Record(const char* label, const std::vector<Variable>& inputs, std::vector<Array> outputs, uint32_t retain_inputs,
                             uint32_t retain_outputs, F&& backward) {
  bool requires_grad = AnyRequiresGrad(inputs.data(), inputs.size());
  std::vector<Variable> result;
  result.reserve(outputs.size());
  for (auto& y : outputs) result.push_back(Variable::Leaf(std::move(y), requires_grad));
  if (!requires_grad || !Config().enable_backprop) return result;
  using Node = LambdaFunctionNode<std::decay_t<F>>;
  auto fn = std::allocate_shared<Node>(pool::Allocator<Node>(), label, std::forward<F>(backward));
  fn->Connect(inputs.data(), inputs.size(), result.data(), result.size(), retain_inputs, retain_outputs);
  std::shared_ptr<FunctionNode> base = std::move(fn);
  for (auto& y : result) y.node()->creator = base;
  return result;
}

template <typename F>
Variable RecordSingle(const char* label, std::initializer_list<Variable> inputs, Array output, uint32_t retain_inputs,
                      bool retain_output, F&& backward) {
  bool requires_grad = AnyRequiresGrad(inputs.begin(), inputs.size());
  Variable y = Variable::Leaf(std::move(output), requires_grad);
  if (!requires_grad || !Config().enable_backprop) return y;
  using Node = LambdaFunctionNode<std::decay_t<F>>;
  auto fn = std::allocate_shared<Node>(pool::Allocator<Node>(), label, std::forward<F>(backward));
  fn->Connect(inputs.begin(), inputs.size(), &y, 1, retain_inputs, retain_output ? 1u : 0u);
  y.node()->creator = std::move(fn);
  return y;
}

// chainer.grad
std::vector<Variable> Grad(const std::vector<Variable>& outputs, const std::vector<Variable>& inputs,
                           const std::vector<Variable>& grad_outputs, const std::vector<Variable>& grad_inputs,
                           bool set_grad, bool retain_grad, bool enable_double_backprop);

}  // namespace chainer
