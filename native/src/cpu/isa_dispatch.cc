// Chooses the instruction-set variant of the inner loops once per process.
// Compiled for the baseline ISA: nothing here may call into a variant the
// CPU cannot run (even building a variant's table runs its code).
#include <cstdlib>
#include <cstring>

#include "cpu/isa_table.h"

namespace chainer {
namespace cpu {
namespace {

// 0 portable, 1 AVX2+FMA, 2 AVX-512 (F, DQ, BW, VL).
int CpuLevel() {
  __builtin_cpu_init();
  // libgcc's checks include the OS's saving of the YMM/ZMM state (XCR0).
  bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return avx512 ? 2 : (avx2 ? 1 : 0);
}

}  // namespace

const IsaTable& SelectIsa(bool has_avx2_fma, bool has_avx512, const char* override_name) {
  int level = has_avx512 && has_avx2_fma ? 2 : (has_avx2_fma ? 1 : 0);
  // An override can only lower the level: asking for an ISA the CPU lacks
  // gives the best one it has (and an unknown name is ignored).
  if (override_name != nullptr) {
    if (std::strcmp(override_name, "portable") == 0) {
      level = 0;
    } else if (std::strcmp(override_name, "avx2") == 0 && level > 1) {
      level = 1;
    }
  }
  switch (level) {
    case 2: return avx512::GetTable();
    case 1: return avx2::GetTable();
    default: return portable::GetTable();
  }
}

const IsaTable& Isa() {
  // A function-local static: resolved on first use, thread-safe, and then a
  // single well-predicted check per call.
  static const IsaTable* const table = [] {
    int level = CpuLevel();
    return &SelectIsa(level >= 1, level >= 2, std::getenv("CHAINER_CPU_ISA"));
  }();
  return *table;
}

const char* IsaName() { return Isa().name; }

}  // namespace cpu
}  // namespace chainer
