// Matrix products through OpenBLAS (linked statically).
//
// OpenBLAS runs single-threaded and large products are split across our own
// pool instead: with OpenBLAS's worker threads alive beside the pool's, the
// two sets spin and yield against each other on a 2-core machine (20-38% of a
// CNN training step went to the scheduler), and small products (an LSTM's
// recurrent GEMM) paid OpenBLAS's thread start-up on every call.
#include <cblas.h>

#include <algorithm>

#include "cpu/cpu_kernels.h"
#include "cpu/thread_pool.h"

extern "C" void openblas_set_num_threads(int num_threads);

namespace chainer {

void SetBlasThreads(int) { openblas_set_num_threads(1); }

namespace cpu {
namespace {

// A 2-d view usable by BLAS directly: row-major with unit column stride, or
// its transpose. Returns false when a copy is needed.
bool BlasLayout(const Shape& shape, const Strides& strides, int base, bool* transposed, int64_t* ld) {
  int64_t rows = shape[base], cols = shape[base + 1];
  int64_t rs = strides[base], cs = strides[base + 1];
  if ((cs == 1 || cols == 1) && (rs >= std::max<int64_t>(1, cols) || rows == 1)) {
    *transposed = false;
    *ld = std::max<int64_t>(rows == 1 ? cols : rs, std::max<int64_t>(1, cols));
    return true;
  }
  if ((rs == 1 || rows == 1) && (cs >= std::max<int64_t>(1, rows) || cols == 1)) {
    *transposed = true;
    *ld = std::max<int64_t>(cols == 1 ? rows : cs, std::max<int64_t>(1, rows));
    return true;
  }
  return false;
}

template <typename T>
void Gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t ldc) {
  auto opa = ta ? CblasTrans : CblasNoTrans;
  auto opb = tb ? CblasTrans : CblasNoTrans;
  if constexpr (std::is_same_v<T, float>) {
    cblas_sgemm(CblasRowMajor, opa, opb, (blasint)m, (blasint)n, (blasint)k, 1.0f, a, (blasint)lda, b, (blasint)ldb, 0.0f, c, (blasint)ldc);
  } else {
    cblas_dgemm(CblasRowMajor, opa, opb, (blasint)m, (blasint)n, (blasint)k, 1.0, a, (blasint)lda, b, (blasint)ldb, 0.0, c, (blasint)ldc);
  }
}

// Below this many flops one thread finishes before a pool worker would wake.
constexpr double kMinParallelFlops = 4e6;

// C (m x n, row-major, leading dim ldc) = op(A) op(B), split into one block of
// rows or columns of C per pool thread. Each block is an ordinary BLAS call on
// a sub-matrix, so the result does not depend on the split.
template <typename T>
void ParallelGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b, int64_t ldb, T* c,
                  int64_t ldc) {
  ThreadPool& pool = ThreadPool::Instance();
  int threads = pool.num_threads();
  if (threads <= 1 || 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k) < kMinParallelFlops) {
    Gemm<T>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
    return;
  }
  // Split the longer side of C, in multiples of the micro-kernel's width.
  bool by_columns = n >= m;
  int64_t extent = by_columns ? n : m;
  int64_t align = by_columns ? 16 : 8;
  int64_t chunk = (extent + threads - 1) / threads;
  chunk = (chunk + align - 1) / align * align;
  int64_t parts = (extent + chunk - 1) / chunk;
  if (parts <= 1) {
    Gemm<T>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
    return;
  }
  pool.ParallelFor(parts, 1, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      int64_t begin = p * chunk, len = std::min(chunk, extent - begin);
      if (by_columns) {
        // Columns of op(B): column j of B starts at b + j (B stored k x n) or row j of B (stored n x k).
        Gemm<T>(ta, tb, m, len, k, a, lda, b + (tb ? begin * ldb : begin), ldb, c + begin, ldc);
      } else {
        Gemm<T>(ta, tb, len, n, k, a + (ta ? begin : begin * lda), lda, b, ldb, c + begin * ldc, ldc);
      }
    }
  });
}

}  // namespace

void CpuKernels::Dot(const Array& a_in, const Array& b_in, const Array& out) {
  Array a = a_in.AsContiguous(), b = b_in.AsContiguous();
  VisitFloatDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    blasint n = static_cast<blasint>(a.size());
    if constexpr (std::is_same_v<T, float>) {
      *out.data<float>() = cblas_sdot(n, a.data<float>(), 1, b.data<float>(), 1);
    } else {
      *out.data<double>() = cblas_ddot(n, a.data<double>(), 1, b.data<double>(), 1);
    }
  });
}

void CpuKernels::Matmul(const Array& a_in, const Array& b_in, bool transa, bool transb, const Array& out) {
  VisitFloatDtype(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    int nd = a_in.ndim();
    int base = nd - 2;
    Array a = a_in, b = b_in;
    bool a_t, b_t;
    int64_t lda, ldb;
    if (!BlasLayout(a.shape(), a.strides(), base, &a_t, &lda)) {
      a = a.Copy();
      BlasLayout(a.shape(), a.strides(), base, &a_t, &lda);
    }
    if (!BlasLayout(b.shape(), b.strides(), base, &b_t, &ldb)) {
      b = b.Copy();
      BlasLayout(b.shape(), b.strides(), base, &b_t, &ldb);
    }
    // A stored transposed is the same memory as op = T on its transpose.
    bool op_a = transa != a_t;
    bool op_b = transb != b_t;
    int64_t m = out.shape()[base], n = out.shape()[base + 1];
    int64_t k = transa ? a.shape()[base] : a.shape()[base + 1];
    int64_t batch = 1;
    for (int i = 0; i < base; ++i) batch *= out.shape()[i];
    if (m == 0 || n == 0) return;
    if (k == 0) {
      out.Fill(0.0);
      return;
    }
    // Memory leading dims: BLAS sees row-major storage of the stored matrix.
    auto one = [&](int64_t bi, bool split) {
      int64_t aoff = 0, boff = 0, coff = 0, rem = bi;
      for (int i = base - 1; i >= 0; --i) {
        int64_t idx = rem % out.shape()[i];
        rem /= out.shape()[i];
        aoff += idx * a.strides()[i];
        boff += idx * b.strides()[i];
        coff += idx * out.strides()[i];
      }
      const T* ap = a.data<T>() + aoff;
      const T* bp = b.data<T>() + boff;
      T* cp = out.data<T>() + coff;
      if (split) {
        ParallelGemm<T>(op_a, op_b, m, n, k, ap, lda, bp, ldb, cp, n);
      } else {
        Gemm<T>(op_a, op_b, m, n, k, ap, lda, bp, ldb, cp, n);
      }
    };
    // Many products: one per thread at a time; few: each split across the pool.
    if (batch >= ThreadPool::Instance().num_threads() && batch > 1) {
      double flops = 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
      int64_t min_batch = std::max<int64_t>(1, static_cast<int64_t>(kMinParallelFlops / std::max(flops, 1.0)));
      ThreadPool::Instance().ParallelFor(batch, min_batch, [&](int64_t b0, int64_t b1) {
        for (int64_t bi = b0; bi < b1; ++bi) one(bi, false);
      });
    } else {
      for (int64_t bi = 0; bi < batch; ++bi) one(bi, true);
    }
  });
}

}  // namespace cpu
}  // namespace chainer
