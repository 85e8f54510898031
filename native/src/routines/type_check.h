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
  explicit TypeCheck(std::string label) : label_(std::move(label)) {}
  const std::string& label() const { return label_; }

  // `<name>.dtype.kind == f`
  void ExpectFloat(const Variable& x, const char* name) const;
  // `<a>.dtype == <b>.dtype`
  void ExpectSameDtype(const Variable& a, const char* an, const Variable& b, const char* bn) const;
  // `<lhs> == <rhs>` for integers (shapes, ndims)
  void ExpectEq(const std::string& lhs, int64_t lv, const std::string& rhs, int64_t rv, CheckKind kind = CheckKind::kShape) const;
  [[noreturn]] void Fail(CheckKind kind, const std::string& expect, const std::string& actual) const {
    ThrowInvalidType(kind, label_, expect, actual);
  }

 private:
  std::string label_;
};

void CheckSameDevice(const Variable& a, const Variable& b);
// Python's str() of a float constant in a label: 2.0, 0.5, (-1.0).
std::string ConstantToString(double value);

}  // namespace chainer
