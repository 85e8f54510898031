// NumPy's pairwise summation (blocks of eight accumulators, halving above
// 128 elements), so float32 sums match NumPy bit for bit.
#pragma once

#include <cstdint>

namespace chainer {
namespace cpu {

template <typename T, typename Acc>
Acc PairwiseSum(const T* a, int64_t n, int64_t stride) {
  if (n < 8) {
    Acc res = 0;
    for (int64_t i = 0; i < n; ++i) res += static_cast<Acc>(a[i * stride]);
    return res;
  }
  if (n <= 128) {
    Acc r[8];
    for (int j = 0; j < 8; ++j) r[j] = static_cast<Acc>(a[j * stride]);
    int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int j = 0; j < 8; ++j) r[j] += static_cast<Acc>(a[(i + j) * stride]);
    }
    Acc res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += static_cast<Acc>(a[i * stride]);
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return PairwiseSum<T, Acc>(a, n2, stride) + PairwiseSum<T, Acc>(a + n2 * stride, n - n2, stride);
}

}  // namespace cpu
}  // namespace chainer
