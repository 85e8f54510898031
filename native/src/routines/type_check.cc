#include "routines/type_check.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "device/device.h"

namespace chainer {

void ThrowInvalidType(CheckKind kind, const std::string& label, const std::string& expect, const std::string& actual) {
  std::string message = "\nInvalid operation is performed in: " + label + " (Forward)\n\nExpect: " + expect + "\nActual: " + actual;
  switch (kind) {
    case CheckKind::kShape: throw ShapeMismatchError(message);
    case CheckKind::kDtype: throw DtypeMismatchError(message);
    case CheckKind::kType: break;
  }
  throw InvalidTypeError(message);
}

void TypeCheck::ExpectFloat(const Variable& x, const char* name) const {
  if (!IsFloat(x.dtype())) {
    Fail(CheckKind::kDtype, std::string(name) + ".dtype.kind == f", std::string(1, DtypeKind(x.dtype())) + " != f");
  }
}

void TypeCheck::ExpectSameDtype(const Variable& a, const char* an, const Variable& b, const char* bn) const {
  if (a.dtype() != b.dtype()) {
    Fail(CheckKind::kDtype, std::string(an) + ".dtype == " + bn + ".dtype",
         std::string(DtypeName(a.dtype())) + " != " + DtypeName(b.dtype()));
  }
}

void TypeCheck::ExpectEq(const std::string& lhs, int64_t lv, const std::string& rhs, int64_t rv, CheckKind kind) const {
  if (lv != rv) Fail(kind, lhs + " == " + rhs, std::to_string(lv) + " != " + std::to_string(rv));
}

void CheckSameDevice(const Variable& a, const Variable& b) {
  Device& da = a.array().device();
  Device& db = b.array().device();
  if (&da != &db) {
    throw DeviceError("arrays are on different devices: " + da.name() + " and " + db.name() + "; move them to one device first");
  }
}

std::string ConstantToString(double value, bool as_float) {
  if (!as_float && std::isfinite(value) && std::trunc(value) == value && std::abs(value) < 1e15) {
    long long v = static_cast<long long>(value);
    return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
  }
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "(-inf)" : "inf";
  // Shortest digits that round-trip, laid out as Python's float repr.
  char buf[64];
  int digits = 1;
  for (; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  std::string e(buf);
  size_t epos = e.find('e');
  int exponent = std::atoi(e.c_str() + epos + 1);
  std::string out;
  if (exponent >= -4 && exponent < 16) {
    int decimals = std::max(0, digits - 1 - exponent);
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    out = buf;
    if (out.find('.') == std::string::npos) out += ".0";
  } else {
    std::string mant = e.substr(0, epos);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out = mant + ebuf;
  }
  // Python parenthesises value < 0 only, so -0.0 reads as is.
  if (value < 0) return "(" + out + ")";
  return out;
}

}  // namespace chainer
