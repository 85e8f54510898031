#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chainer/chainer.h"

// Small RAII helpers so tests read like the C# API they back.
struct Arr {
  ch_array* h = nullptr;
  Arr() = default;
  explicit Arr(ch_array* a) : h(a) {}
  Arr(const Arr&) = delete;
  Arr(Arr&& o) noexcept : h(o.h) { o.h = nullptr; }
  ~Arr() { ch_array_free(h); }
  static Arr F32(std::vector<float> v, std::vector<int64_t> shape) {
    ch_array* a = nullptr;
    EXPECT_EQ(CH_OK, ch_array_from_buffer(CH_DTYPE_FLOAT32, shape.data(), (int32_t)shape.size(), v.data(), (int64_t)(v.size() * 4), &a));
    return Arr(a);
  }
  static Arr F64(std::vector<double> v, std::vector<int64_t> shape) {
    ch_array* a = nullptr;
    EXPECT_EQ(CH_OK, ch_array_from_buffer(CH_DTYPE_FLOAT64, shape.data(), (int32_t)shape.size(), v.data(), (int64_t)(v.size() * 8), &a));
    return Arr(a);
  }
  template <typename T>
  std::vector<T> Values() const {
    int64_t n = 0;
    EXPECT_EQ(CH_OK, ch_array_size(h, &n));
    std::vector<T> v(n);
    EXPECT_EQ(CH_OK, ch_array_to_buffer(h, v.data(), (int64_t)(n * sizeof(T))));
    return v;
  }
  std::vector<int64_t> Shape() const {
    int32_t nd = 0;
    ch_array_ndim(h, &nd);
    std::vector<int64_t> s(nd);
    ch_array_shape(h, s.data(), nd);
    return s;
  }
};

struct Var {
  ch_variable* h = nullptr;
  Var() = default;
  explicit Var(ch_variable* v) : h(v) {}
  Var(const Var&) = delete;
  Var(Var&& o) noexcept : h(o.h) { o.h = nullptr; }
  Var& operator=(Var&& o) noexcept {
    std::swap(h, o.h);
    return *this;
  }
  ~Var() { ch_variable_free(h); }
  static Var Of(const Arr& a, bool requires_grad = true) {
    ch_variable* v = nullptr;
    EXPECT_EQ(CH_OK, ch_variable_create(a.h, requires_grad ? 1 : 0, &v));
    return Var(v);
  }
  Arr Data() const {
    ch_array* a = nullptr;
    EXPECT_EQ(CH_OK, ch_variable_array(h, &a));
    return Arr(a);
  }
  Arr Grad() const {
    ch_array* a = nullptr;
    EXPECT_EQ(CH_OK, ch_variable_grad(h, &a));
    return Arr(a);
  }
  Var GradVar() const {
    ch_variable* v = nullptr;
    EXPECT_EQ(CH_OK, ch_variable_grad_var(h, &v));
    return Var(v);
  }
};

inline std::string LastError() {
  const char* m = nullptr;
  ch_last_error_message(&m);
  return m ? m : "";
}

#define CH_CALL(expr) ASSERT_EQ(CH_OK, (expr)) << LastError()
