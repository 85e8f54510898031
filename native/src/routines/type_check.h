// Type checks whose failures read like Chainer's InvalidType messages:
//   \nInvalid operation is performed in: LinearFunction (Forward)\n\nExpect: x.shape[1] == W.shape[1]\nActual: 4 != 3
#pragma once

#include <string>

#include "autograd/variable.h"

namespace chainer {

enum class CheckKind { kType, kShape, kDtype };

[[noreturn]] void ThrowInvalidType(CheckKind kind, const std::string& label, const std::string& expect,
                                   const std::string& actual);

class TypeCheck {
 public:
  // A literal label is kept as a pointer: the success path builds no string.
  explicit TypeCheck(const char* label) : literal_(label) {}
  explicit TypeCheck(std::string label) : label_(std::move(label)) {}
  std::string label() const { return literal_ != nullptr ? std::string(literal_) : label_; }

  // `<name>.dtype.kind == f`
  void ExpectFloat(const Variable& x, const char* name) const;
  // `<a>.dtype == <b>.dtype`
  void ExpectSameDtype(const Variable& a, const char* an, const Variable& b, const char* bn) const;
  // `<lhs> == <rhs>` for integers (shapes, ndims)
  void ExpectEq(const std::string& lhs, int64_t lv, const std::string& rhs, int64_t rv, CheckKind kind = CheckKind::kShape) const;
  [[noreturn]] void Fail(CheckKind kind, const std::string& expect, const std::string& actual) const {
    ThrowInvalidType(kind, label(), expect, actual);
  }

 private:
  const char* literal_ = nullptr;
  std::string label_;
};

void CheckSameDevice(const Variable& a, const Variable& b);
// A constant in a label as Chainer prints the Python scalar (negative ones
// parenthesised): integral values below 1e15 as ints (2, (-3)), since the
// host passes every constant as a double; others, or all when as_float, as
// Python's float repr (0.5, 2.0, (-1.5), 1e+16).
std::string ConstantToString(double value, bool as_float = false);

}  // namespace chainer
