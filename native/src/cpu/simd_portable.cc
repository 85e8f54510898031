// The portable variant of the contiguous inner loops (see simd_kernels.inc;
// CMakeLists.txt sets this file's instruction-set flags).
#define CHAINER_ISA_NAMESPACE portable
#define CHAINER_ISA_LEVEL 0
#include "cpu/simd_kernels.inc"
