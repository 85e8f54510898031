// What the opaque C handles hold. Each handle owns one reference.
#pragma once

#include <memory>
#include <string>

#include "array/array.h"
#include "autograd/variable.h"
#include "common/object_pool.h"

// Handles come from the small-object pool (one is made per op).
struct ch_array {
  chainer::Array array;
  static void* operator new(size_t n) { return chainer::pool::Allocate(n); }
  static void operator delete(void* p, size_t n) noexcept { chainer::pool::Deallocate(p, n); }
};

struct ch_variable {
  chainer::Variable var;
  static void* operator new(size_t n) { return chainer::pool::Allocate(n); }
  static void operator delete(void* p, size_t n) noexcept { chainer::pool::Deallocate(p, n); }
};

struct ch_function_node {
  std::shared_ptr<chainer::FunctionNode> fn;
  std::string label;  // keeps the string returned by ch_function_node_name alive
};

namespace chainer {
namespace capi {

inline ch_array* NewHandle(Array a) { return new ch_array{std::move(a)}; }
inline ch_variable* NewHandle(Variable v) { return v.defined() ? new ch_variable{std::move(v)} : nullptr; }

}  // namespace capi
}  // namespace chainer
