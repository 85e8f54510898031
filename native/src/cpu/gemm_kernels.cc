// Matrix products through OpenBLAS (linked statically).
#include <cblas.h>

#include "cpu/cpu_kernels.h"
#include "cpu/thread_pool.h"

extern "C" void openblas_set_num_threads(int num_threads);

namespace chainer {

void SetBlasThreads(int n) { openblas_set_num_threads(n); }

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
    for (int64_t bi = 0; bi < batch; ++bi) {
      int64_t aoff = 0, boff = 0, coff = 0, rem = bi;
      for (int i = base - 1; i >= 0; --i) {
        int64_t idx = rem % out.shape()[i];
        rem /= out.shape()[i];
        aoff += idx * a.strides()[i];
        boff += idx * b.strides()[i];
        coff += idx * out.strides()[i];
      }
      Gemm<T>(op_a, op_b, m, n, k, a.data<T>() + aoff, lda, b.data<T>() + boff, ldb, out.data<T>() + coff, n);
    }
  });
}

}  // namespace cpu
}  // namespace chainer
