// The boundary: every C entry point runs its body through Guard, which turns
// any C++ exception into a status code and a thread-local message.
#pragma once

#include <new>
#include <string>

#include "array/dtype.h"
#include "capi/handles.h"
#include "chainer/chainer.h"
#include "common/error.h"

namespace chainer {
namespace capi {

ch_status SetLastError(ch_status code, const std::string& message) noexcept;
const std::string& LastErrorMessage() noexcept;
ch_status LastErrorCode() noexcept;

template <typename F>
ch_status Guard(F&& body) noexcept {
  try {
    body();
    return CH_OK;
  } catch (const ChainerError& e) {
    return SetLastError(e.status(), e.what());
  } catch (const std::bad_alloc&) {
    return SetLastError(CH_ERROR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::length_error& e) {
    return SetLastError(CH_ERROR_OUT_OF_MEMORY, std::string("allocation too large: ") + e.what());
  } catch (const std::exception& e) {
    return SetLastError(CH_ERROR_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return SetLastError(CH_ERROR_INTERNAL, "internal error: unknown exception");
  }
}

template <typename T>
T* Require(T* p, const char* name) {
  if (p == nullptr) throw NullArgumentError(std::string(name) + " must not be NULL");
  return p;
}

template <typename T>
const T* Require(const T* p, const char* name) {
  if (p == nullptr) throw NullArgumentError(std::string(name) + " must not be NULL");
  return p;
}

Shape ShapeFrom(const int64_t* dims, int32_t ndim, const char* what);

// The variable / array behind a required handle.
inline const Variable& V(ch_variable* v, const char* name) { return Require(v, name)->var; }
inline const Array& A(ch_array* a, const char* name) { return Require(a, name)->array; }
// The variable / array behind an optional handle (undefined when NULL).
inline Variable Opt(ch_variable* v) { return v == nullptr ? Variable() : v->var; }
inline Array OptArray(ch_array* a) { return a == nullptr ? Array() : a->array; }

// Runs a routine and hands its result out as a new handle.
template <typename F>
ch_status Apply(ch_variable** out_y, F&& f) {
  return Guard([&] {
    Require(out_y, "out_y");
    *out_y = NewHandle(f());
  });
}

// A dtype code from the caller, read as raw bytes: an out-of-range value
// (any int32 may arrive over the C boundary) is rejected without ever being
// loaded as an enum.
Dtype DtypeFromCode(const ch_dtype& dtype);

}  // namespace capi
}  // namespace chainer
