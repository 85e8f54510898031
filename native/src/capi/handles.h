// What the opaque C handles hold. Each handle owns one reference.
#pragma once

#include <memory>
#include <string>

#include "array/array.h"
#include "autograd/variable.h"

struct ch_array {
  chainer::Array array;
};

struct ch_variable {
  chainer::Variable var;
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
