// The avx512 variant of the contiguous inner loops (see simd_kernels.inc;
// CMakeLists.txt sets this file's instruction-set flags).
#define CHAINER_ISA_NAMESPACE avx512
#define CHAINER_ISA_LEVEL 2
#include "cpu/simd_kernels.inc"
