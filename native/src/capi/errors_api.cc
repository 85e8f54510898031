#include <thread>

#include "array/storage.h"
#include "capi/guard.h"
#include "cpu/host_pool.h"
#include "cpu/thread_pool.h"

namespace chainer {
namespace capi {
namespace {

struct LastError {
  ch_status code = CH_OK;
  std::string message;
};

LastError& TheLastError() {
  thread_local LastError e;
  return e;
}

}  // namespace

ch_status SetLastError(ch_status code, const std::string& message) noexcept {
  try {
    TheLastError().code = code;
    TheLastError().message = message;
  } catch (...) {
    TheLastError().code = code;
  }
  return code;
}

const std::string& LastErrorMessage() noexcept { return TheLastError().message; }
ch_status LastErrorCode() noexcept { return TheLastError().code; }

Shape ShapeFrom(const int64_t* dims, int32_t ndim, const char* what) {
  if (ndim < 0 || ndim > kMaxNdim) {
    throw InvalidArgumentError(std::string(what) + ": number of dimensions must be in [0, " + std::to_string(kMaxNdim) + "], got " + std::to_string(ndim));
  }
  if (ndim > 0) Require(dims, what);
  return Shape(dims, ndim);
}

}  // namespace capi
}  // namespace chainer

using chainer::capi::Guard;
using chainer::capi::Require;

extern "C" {

ch_status ch_last_error_message(const char** out_message) {
  if (out_message == nullptr) return CH_ERROR_NULL_ARGUMENT;
  *out_message = chainer::capi::LastErrorMessage().c_str();
  return CH_OK;
}

ch_status ch_last_error_code(ch_status* out_code) {
  if (out_code == nullptr) return CH_ERROR_NULL_ARGUMENT;
  *out_code = chainer::capi::LastErrorCode();
  return CH_OK;
}

ch_status ch_version(const char** out_version) {
  return Guard([&] { *Require(out_version, "out_version") = CHAINER_VERSION_STRING; });
}

ch_status ch_set_memory_callback(ch_memory_callback callback, int64_t granularity) {
  return Guard([&] { chainer::memory_stats::SetCallback(callback, granularity); });
}

ch_status ch_live_storage_count(int64_t* out_count) {
  return Guard([&] { *Require(out_count, "out_count") = chainer::memory_stats::LiveStorages(); });
}

ch_status ch_live_storage_bytes(int64_t* out_bytes) {
  return Guard([&] { *Require(out_bytes, "out_bytes") = chainer::memory_stats::LiveBytes(); });
}

ch_status ch_host_cached_bytes(int64_t* out_bytes) {
  return Guard([&] { *Require(out_bytes, "out_bytes") = chainer::cpu::HostPool::Instance().cached_bytes(); });
}

ch_status ch_free_cached_host_memory(void) {
  return Guard([&] { chainer::cpu::HostPool::Instance().ReleaseCached(); });
}

ch_status ch_get_num_threads(int32_t* out_threads) {
  return Guard([&] { *Require(out_threads, "out_threads") = chainer::ThreadPool::Instance().num_threads(); });
}

ch_status ch_set_num_threads(int32_t threads) {
  return Guard([&] {
    if (threads < 1 || threads > 1024) throw chainer::InvalidArgumentError("threads must be in [1, 1024], got " + std::to_string(threads));
    chainer::ThreadPool::Instance().set_num_threads(threads);
  });
}

}  // extern "C"
