// The one graph traversal: Variable::Backward and Grad share the gradient
// table and the rank-ordered queue of functions, as Chainer's _backprop_to_all
// and chainer.grad do.
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "autograd/config.h"
#include "autograd/variable.h"
#include "common/object_pool.h"
#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"

namespace chainer {
namespace {

// Node-based containers of one traversal draw their nodes from the pool.
template <typename K>
using PoolSet = std::unordered_set<K, std::hash<K>, std::equal_to<K>, pool::Allocator<K>>;
template <typename K, typename V>
using PoolMap = std::unordered_map<K, V, std::hash<K>, std::equal_to<K>, pool::Allocator<std::pair<const K, V>>>;
using NodeSet = PoolSet<VariableNode*>;
using CapturedMap = PoolMap<VariableNode*, Variable>;
using GradList = SmallVector<Variable, 2>;

// Gradients flowing into nodes, summed lazily.
class GradTable {
 public:
  explicit GradTable(bool load_leaf_grads) : load_leaf_grads_(load_leaf_grads) {}

  GradList& GetAsList(const std::shared_ptr<VariableNode>& node) { return EntryOf(node).grads; }

  // Files a gradient left unevaluated (see DeferredGrad); Pop evaluates them together.
  void AddDeferred(const std::shared_ptr<VariableNode>& node, DeferredGrad term) {
    Entry& e = EntryOf(node);
    const Array& b = term.b.array();
    e.deferred_bytes += (b.size() + (term.a.defined() ? term.a.array().size() : 0)) * b.itemsize();
    (term.rows.defined() ? e.scatters : e.products).push_back(std::move(term));
    // Bound what waits: the factors stay alive until the sum is formed.
    if (e.deferred_bytes > kMaxDeferredBytes) Flush(e);
  }

  // Sums the node's evaluated gradients so far; false when it has none, evaluated or not.
  bool ReduceIfAny(const std::shared_ptr<VariableNode>& node) {
    auto it = table_.find(node.get());
    if (it == table_.end()) return false;
    Entry& e = it->second;
    if (e.grads.empty()) return !e.products.empty() || !e.scatters.empty();
    Reduce(e.grads);
    return true;
  }

  void Set(const std::shared_ptr<VariableNode>& node, const Variable& g) {
    Entry& e = table_[node.get()];
    e.node = node;
    e.grads.clear();
    e.products.clear();
    e.scatters.clear();
    e.deferred_bytes = 0;
    if (g.defined()) e.grads.push_back(g);
  }

  Variable Pop(const std::shared_ptr<VariableNode>& node) {
    auto it = table_.find(node.get());
    if (it != table_.end()) {
      Flush(it->second);
      Variable g = Reduce(it->second.grads);
      table_.erase(it);
      return g;
    }
    if (load_leaf_grads_) return TakeGradOfAliveVariable(*node);
    return Variable();
  }

  static Variable Reduce(GradList& grads) {
    if (grads.empty()) return Variable();
    if (grads.size() == 1) return grads[0];
    Variable sum = grads[0];
    for (size_t i = 1; i < grads.size(); ++i) sum = routines::Add(sum, grads[i]);
    grads.clear();
    grads.push_back(sum);
    return sum;
  }

 private:
  static constexpr int64_t kMaxDeferredBytes = int64_t{256} << 20;

  struct Entry {
    std::shared_ptr<VariableNode> node;
    GradList grads;
    std::vector<DeferredGrad> products;
    std::vector<DeferredGrad> scatters;
    int64_t deferred_bytes = 0;
  };

  Entry& EntryOf(const std::shared_ptr<VariableNode>& node) {
    auto it = table_.find(node.get());
    if (it != table_.end()) return it->second;
    Entry& e = table_[node.get()];
    e.node = node;
    // A leaf keeps accumulating into the gradient it already has.
    if (load_leaf_grads_ && node->creator == nullptr) {
      Variable g = TakeGradOfAliveVariable(*node);
      if (g.defined()) e.grads.push_back(std::move(g));
    }
    return e;
  }

  // Evaluates the deferred terms: the products a_i^T b_i as one product of the row-stacked
  // factors, the scattered rows as one scatter of all rows.
  void Flush(Entry& e) {
    if (!e.products.empty()) {
      std::vector<Variable> as, bs;
      for (auto& p : e.products) {
        as.push_back(std::move(p.a));
        bs.push_back(std::move(p.b));
      }
      e.products.clear();
      Variable a = as.size() == 1 ? as[0] : routines::Concat(as, 0);
      Variable b = bs.size() == 1 ? bs[0] : routines::Concat(bs, 0);
      e.grads.push_back(routines::MatMul(a, b, true, false));
    }
    if (!e.scatters.empty()) {
      std::vector<Variable> idx, bs;
      for (auto& p : e.scatters) {
        idx.push_back(Variable::Leaf(p.rows, false));
        bs.push_back(std::move(p.b));
      }
      e.scatters.clear();
      Array rows = idx.size() == 1 ? idx[0].array() : routines::Concat(idx, 0).array();
      Array b = bs.size() == 1 ? bs[0].array() : routines::Concat(bs, 0).array();
      const VariableNode& n = *e.node;
      Array g = Array::Zeros(n.shape, n.dtype, b.device());
      DispatchKernels(b.device()).ScatterAdd(b, rows, 0, g);
      e.grads.push_back(Variable::Leaf(std::move(g), false));
    }
    e.deferred_bytes = 0;
    Reduce(e.grads);
  }

  static Variable TakeGradOfAliveVariable(VariableNode& node) {
    auto body = node.variable.lock();
    if (!body) return Variable();
    Variable g(body->grad);
    body->grad.reset();
    return g;
  }

  bool load_leaf_grads_;
  PoolMap<VariableNode*, Entry> table_;
};

// Highest rank first; ties in insertion order.
class FunctionQueue {
 public:
  void Push(const std::shared_ptr<FunctionNode>& f) {
    if (!f || !seen_.insert(f.get()).second) return;
    heap_.push(Item{f->rank(), seq_++, f});
  }
  bool empty() const { return heap_.empty(); }
  std::shared_ptr<FunctionNode> Pop() {
    auto f = heap_.top().fn;
    heap_.pop();
    return f;
  }

 private:
  struct Item {
    int rank;
    uint64_t seq;
    std::shared_ptr<FunctionNode> fn;
    bool operator<(const Item& o) const { return rank != o.rank ? rank < o.rank : seq > o.seq; }
  };
  std::priority_queue<Item> heap_;
  PoolSet<FunctionNode*> seen_;
  uint64_t seq_ = 0;
};

}  // namespace

void RunBackwardStep(FunctionNode& fn, const Variable* output_grads, const int* targets, int n_targets, Variable* input_grads,
                     DeferredGrads* deferred) {
  if (fn.cut()) throw GradientError(fn.label() + ": the graph behind this function was cut");
  BackwardContext ctx(fn, output_grads, targets, n_targets, input_grads, deferred);
  fn.RunBackward(ctx);
}

namespace {

using NodeList = SmallVector<std::shared_ptr<VariableNode>, 4>;

// Processes one function: pops its output grads, runs its backward and files
// the input grads. Appends to `touched` the input nodes that received a gradient.
void Step(FunctionNode& fn, GradTable& grads, bool retain_grad, const NodeSet* grad_required, CapturedMap* captured, NodeList& touched) {
  const auto& fn_outputs = fn.outputs();
  size_t n_out = fn_outputs.size();
  SmallVector<std::shared_ptr<VariableNode>, 2> outputs;
  SmallVector<Variable, 2> out_grads;
  outputs.reserve(n_out);
  out_grads.reserve(n_out);
  for (const auto& w : fn_outputs) {
    auto y = w.lock();
    out_grads.push_back(y && y->creator ? grads.Pop(y) : Variable());
    outputs.push_back(std::move(y));
  }
  if (captured != nullptr) {
    for (size_t i = 0; i < n_out; ++i) {
      if (!outputs[i]) continue;
      auto it = captured->find(outputs[i].get());
      if (it != captured->end()) it->second = out_grads[i];
    }
  }
  if (retain_grad) {
    for (size_t i = 0; i < n_out; ++i) {
      if (!outputs[i]) continue;
      if (auto body = outputs[i]->variable.lock()) body->grad = out_grads[i].body();
    }
  }

  const auto& inputs = fn.inputs();
  size_t n_in = inputs.size();
  SmallVector<int, 4> targets;
  for (size_t i = 0; i < n_in; ++i) {
    bool needed = grad_required ? grad_required->count(inputs[i].get()) > 0 : inputs[i]->requires_grad;
    if (needed) targets.push_back(static_cast<int>(i));
  }
  if (targets.empty()) return;

  // Load existing gradients before running backward (accumulation order as Chainer).
  for (int i : targets) grads.GetAsList(inputs[i]);
  SmallVector<Variable, 4> in_grads;
  in_grads.resize(n_in);
  // Gradients are left unevaluated only when they form no graph of their own.
  DeferredGrads deferred;
  bool defer = !Config().enable_backprop;
  RunBackwardStep(fn, out_grads.begin(), targets.begin(), static_cast<int>(targets.size()), in_grads.begin(),
                  defer ? &deferred : nullptr);
  out_grads.clear();
  for (auto& [i, term] : deferred) grads.AddDeferred(inputs[i], std::move(term));
  for (int i : targets) {
    if (!in_grads[i].defined()) continue;
    if (in_grads[i].dtype() != inputs[i]->dtype) {
      throw InternalError(fn.label() + ": gradient dtype differs from its input's");
    }
    grads.GetAsList(inputs[i]).push_back(std::move(in_grads[i]));
  }
  size_t first = touched.size();
  for (int i : targets) {
    if (!grads.ReduceIfAny(inputs[i])) continue;
    bool dup = false;
    for (size_t t = first; t < touched.size(); ++t) dup = dup || touched[t] == inputs[i];
    if (!dup) touched.push_back(inputs[i]);
  }
}

}  // namespace

void Variable::Backward(bool retain_grad, bool enable_double_backprop) const {
  if (!body_->grad) {
    // A leaf without a gradient has nothing to propagate (Chainer does nothing).
    if (!creator() && array().size() != 1) return;
    if (array().size() != 1) {
      throw GradientError("backward() was called on a variable of shape " + shape().ToString() +
                          " without an initial gradient; only a variable with one element gets 1 by default. "
                          "Set its grad (e.g. y.Grad = ones) before calling backward.");
    }
    body_->grad = Variable::Leaf(Array::OnesLike(array()), true).body();
  }
  Variable root_grad = grad_var();
  body_->grad.reset();
  if (!creator()) {
    // A leaf is its own input: it receives the initial gradient.
    body_->grad = root_grad.body();
    return;
  }

  BackpropModeScope mode(enable_double_backprop);
  GradTable grads(/*load_leaf_grads=*/true);
  FunctionQueue queue;
  std::vector<std::shared_ptr<VariableNode>> leaves;
  NodeSet leaf_set;
  grads.GetAsList(node()).push_back(root_grad);
  queue.Push(creator());
  NodeList touched;
  while (!queue.empty()) {
    auto fn = queue.Pop();
    touched.clear();
    Step(*fn, grads, retain_grad, nullptr, nullptr, touched);
    for (auto& x : touched) {
      if (x->creator) {
        queue.Push(x->creator);
      } else if (leaf_set.insert(x.get()).second) {
        leaves.push_back(x);
      }
    }
  }
  for (auto& x : leaves) {
    Variable gx = grads.Pop(x);
    if (auto body = x->variable.lock()) body->grad = gx.body();
  }
}

std::vector<Variable> Grad(const std::vector<Variable>& outputs, const std::vector<Variable>& inputs,
                           const std::vector<Variable>& grad_outputs, const std::vector<Variable>& grad_inputs,
                           bool set_grad, bool retain_grad, bool enable_double_backprop) {
  // 1. Backward enumeration: forward links of every node behind the outputs.
  std::unordered_map<VariableNode*, std::vector<FunctionNode*>> forward_graph;
  {
    std::vector<FunctionNode*> stack;
    std::unordered_set<FunctionNode*> visited;
    for (const auto& y : outputs) {
      if (y.creator()) stack.push_back(y.creator().get());
    }
    while (!stack.empty()) {
      FunctionNode* f = stack.back();
      stack.pop_back();
      if (!visited.insert(f).second) continue;
      for (const auto& x : f->inputs()) {
        if (!x->requires_grad) continue;
        forward_graph[x.get()].push_back(f);
        if (x->creator && !visited.count(x->creator.get())) stack.push_back(x->creator.get());
      }
    }
  }
  // 2. Forward enumeration from the inputs: the nodes backprop must visit.
  NodeSet grad_required;
  {
    std::vector<VariableNode*> stack;
    std::unordered_set<FunctionNode*> visited;
    for (const auto& x : inputs) stack.push_back(x.node().get());
    while (!stack.empty()) {
      VariableNode* x = stack.back();
      stack.pop_back();
      grad_required.insert(x);
      auto it = forward_graph.find(x);
      if (it == forward_graph.end()) continue;
      for (FunctionNode* f : it->second) {
        if (!visited.insert(f).second) continue;
        for (const auto& w : f->outputs()) {
          auto y = w.lock();
          if (y && forward_graph.count(y.get())) stack.push_back(y.get());
        }
      }
    }
  }
  // 3. Backprop along that subgraph.
  GradTable grads(/*load_leaf_grads=*/false);
  for (size_t i = 0; i < outputs.size(); ++i) {
    Variable gy = i < grad_outputs.size() ? grad_outputs[i] : Variable();
    if (!gy.defined()) gy = Variable::Leaf(Array::OnesLike(outputs[i].array()), false);
    grads.Set(outputs[i].node(), gy);
  }
  for (size_t i = 0; i < inputs.size() && i < grad_inputs.size(); ++i) {
    if (grad_inputs[i].defined()) grads.Set(inputs[i].node(), grad_inputs[i]);
  }

  CapturedMap captured;
  for (const auto& x : inputs) captured[x.node().get()] = Variable();
  NodeSet captured_by_step;
  {
    BackpropModeScope mode(enable_double_backprop);
    FunctionQueue queue;
    for (const auto& y : outputs) queue.Push(y.creator());
    while (!queue.empty()) {
      auto fn = queue.Pop();
      for (const auto& w : fn->outputs()) {
        auto y = w.lock();
        if (y && captured.count(y.get())) captured_by_step.insert(y.get());
      }
      NodeList touched;
      Step(*fn, grads, retain_grad, &grad_required, &captured, touched);
      for (auto& x : touched) {
        if (x->creator) queue.Push(x->creator);
      }
    }
    for (const auto& x : inputs) {
      VariableNode* n = x.node().get();
      if (!captured_by_step.count(n)) captured[n] = grads.Pop(x.node());
    }
  }
  std::vector<Variable> result;
  result.reserve(inputs.size());
  for (const auto& x : inputs) result.push_back(captured[x.node().get()]);
  if (set_grad) {
    for (size_t i = 0; i < inputs.size(); ++i) inputs[i].set_grad_var(result[i]);
  }
  return result;
}

}  // namespace chainer
