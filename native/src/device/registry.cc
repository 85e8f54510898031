// Device specifiers and the one Device object per device.
#include <cctype>

#include "common/error.h"
#include "device/cuda_device.h"
#include "device/device.h"

namespace chainer {
namespace {

constexpr const char* kAccepted =
    "expected \"@numpy\", \"cpu\", \"native\" or \"native:0\" for the CPU, or \"@cupy:N\", \"@cuda:N\", \"cuda:N\" or \"gpu:N\" "
    "for CUDA device N (\":N\" may be left out for device 0)";

[[noreturn]] void BadSpec(const std::string& spec, const std::string& why = std::string()) {
  throw InvalidArgumentError("invalid device specifier '" + spec + "'" + (why.empty() ? "" : " (" + why + ")") + ": " + kAccepted);
}

// The ordinal after "prefix": empty → 0, ":N" → N.
int ParseOrdinal(const std::string& spec, size_t pos) {
  if (pos == spec.size()) return 0;
  if (spec[pos] != ':' || pos + 1 == spec.size()) BadSpec(spec);
  int64_t n = 0;
  for (size_t i = pos + 1; i < spec.size(); ++i) {
    char c = spec[i];
    if (!std::isdigit(static_cast<unsigned char>(c))) BadSpec(spec);
    n = n * 10 + (c - '0');
    if (n > 1000000) BadSpec(spec, "device number too large");
  }
  return static_cast<int>(n);
}

bool StartsWith(const std::string& s, const char* prefix, size_t* len) {
  size_t n = std::char_traits<char>::length(prefix);
  if (s.compare(0, n, prefix) != 0) return false;
  *len = n;
  return true;
}

}  // namespace

std::string DeviceSpec::CanonicalName() const { return cuda ? "@cupy:" + std::to_string(ordinal) : "@numpy"; }

DeviceSpec ParseDeviceSpec(const std::string& spec) {
  DeviceSpec d;
  if (spec == "@numpy" || spec == "cpu" || spec == "native") return d;
  size_t len = 0;
  if (StartsWith(spec, "native", &len)) {
    if (ParseOrdinal(spec, len) != 0) BadSpec(spec, "the CPU is native:0");
    return d;
  }
  for (const char* prefix : {"@cupy", "@cuda", "cuda", "gpu"}) {
    if (StartsWith(spec, prefix, &len)) {
      d.cuda = true;
      d.ordinal = ParseOrdinal(spec, len);
      return d;
    }
  }
  BadSpec(spec);
}

Device& GetDevice(const std::string& spec) {
  DeviceSpec d = ParseDeviceSpec(spec);
  if (!d.cuda) return CpuDevice();
  return cuda::GetCudaDevice(d.ordinal);
}

}  // namespace chainer
