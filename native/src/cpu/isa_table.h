// The table of contiguous inner loops that the CPU kernels call once their
// strided walk (strided_loop.h) has reduced the work to unit-stride runs.
//
// simd_kernels.inc is compiled three times (simd_portable.cc, simd_avx2.cc,
// simd_avx512.cc), each with its own instruction-set flags and namespace, and
// each fills one IsaTable. IsaTable() picks one at first use from the CPU's
// features (or CHAINER_CPU_ISA), so a call costs one indirect jump and the
// library still runs on a CPU without AVX2.
//
// This header is included by the per-ISA translation units, so it must hold
// declarations and plain structs only: an inline function defined here would
// be compiled once with AVX flags and once without, and the linker could keep
// the AVX copy for everyone (an ODR violation that crashes old CPUs).
#pragma once

#include <cstdint>

namespace chainer {
namespace cpu {

// Unary ops with a table entry; the rest run through the generic path.
enum IsaUnary : int {
  kIsaNeg,
  kIsaAbs,
  kIsaRelu,
  kIsaSqrt,
  kIsaSquare,
  kIsaFloor,
  kIsaCeil,
  kIsaFix,
  kIsaReciprocal,
  kIsaExp,
  kIsaExpm1,
  kIsaLog,
  kIsaLog1p,
  kIsaTanh,
  kIsaSigmoid,
  kIsaUnaryCount,
};

enum IsaBinary : int { kIsaAdd, kIsaSub, kIsaMul, kIsaDiv, kIsaMaximum, kIsaMinimum, kIsaBinaryCount };

// Operand layout of a binary loop: both operands run with unit stride, or
// one of them is a single broadcast value (a scalar, a bias row element).
enum IsaMode : int { kIsaVV, kIsaVS, kIsaSV, kIsaModeCount };

// In CompareOp order (kEq, kNe, kLt, kLe, kGt, kGe).
constexpr int kIsaCompareCount = 6;

// In ReduceOp order (kSum, kProd, kMax, kMin).
constexpr int kIsaReduceCount = 4;

// Most columns pairwise_sum_cols takes at once.
constexpr int64_t kIsaPairwiseCols = 64;

// The optimizer hyper-parameters, in UpdateRule order and UpdateHyper's
// meaning (kernels.h is not included here: see the note at the top).
struct IsaUpdate {
  int rule;  // 0 SGD, 1 MomentumSGD, 2 Adam, 3 AdaGrad, 4 RMSprop
  double lr, momentum, beta1, beta2, eta, weight_decay_rate, eps, alpha;
  bool eps_inside_sqrt, amsgrad;
};

template <typename T>
struct IsaLoops {
  // y[i] = op(x[i]); nullptr where the ISA has nothing better than the generic path.
  void (*unary[kIsaUnaryCount])(const T* x, T* y, int64_t n);
  // y[i] = a[i] op b[i], with a or b read as a single value per the mode.
  void (*binary[kIsaBinaryCount][kIsaModeCount])(const T* a, const T* b, T* y, int64_t n);
  // y[i] = a[i] cmp b[i].
  void (*compare[kIsaCompareCount][kIsaModeCount])(const T* a, const T* b, bool* y, int64_t n);
  // y[i] = c[i] ? a[i] : b[i], with a or b read as a single value per the mode.
  void (*where[kIsaModeCount])(const bool* c, const T* a, const T* b, T* y, int64_t n);
  // acc[i] = acc[i] op x[i] (the reductions' row step: order per element unchanged).
  void (*reduce_rows[kIsaReduceCount])(const T* x, T* acc, int64_t n);
  // NumPy's pairwise sum of n unit-stride values (pairwise_sum.h's order).
  T (*pairwise_sum)(const T* x, int64_t n);
  // out[c] = pairwise sum of x[c + i*stride], i < n, for c < ncols (at most
  // kIsaPairwiseCols): each column in pairwise_sum.h's order, the columns
  // side by side so that memory is read row by row.
  void (*pairwise_sum_cols)(const T* x, int64_t n, int64_t stride, int64_t ncols, T* out);
  // The optimizer update of elements [begin, end).
  void (*update)(const IsaUpdate& h, T* p, const T* g, T* s0, T* s1, T* s2, int64_t begin, int64_t end);
};

struct IsaTable {
  const char* name;  // "portable", "avx2" or "avx512"
  bool compiled;     // false when the compiler lacked the flags and the variant holds portable code
  IsaLoops<float> f32;
  IsaLoops<double> f64;
};

// The variants; each is defined in its own translation unit.
namespace portable { const IsaTable& GetTable(); }
namespace avx2 { const IsaTable& GetTable(); }
namespace avx512 { const IsaTable& GetTable(); }

// The table chosen for this process: the best the CPU supports, or the one
// CHAINER_CPU_ISA (portable|avx2|avx512) names if the CPU supports it.
// Resolved once, at first use.
const IsaTable& Isa();

// Name of the chosen table.
const char* IsaName();

// Picks the table for a CPU with the given features and an override (may be
// null); exposed for tests.
const IsaTable& SelectIsa(bool has_avx2_fma, bool has_avx512, const char* override_name);

}  // namespace cpu
}  // namespace chainer
