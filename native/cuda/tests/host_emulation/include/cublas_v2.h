#pragma once
#include <cuda_runtime.h>
enum cublasStatus_t { CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED, CUBLAS_STATUS_ALLOC_FAILED, CUBLAS_STATUS_INVALID_VALUE,
  CUBLAS_STATUS_ARCH_MISMATCH, CUBLAS_STATUS_MAPPING_ERROR, CUBLAS_STATUS_EXECUTION_FAILED, CUBLAS_STATUS_INTERNAL_ERROR,
  CUBLAS_STATUS_NOT_SUPPORTED, CUBLAS_STATUS_LICENSE_ERROR };
enum cublasOperation_t { CUBLAS_OP_N, CUBLAS_OP_T };
enum cublasMath_t { CUBLAS_DEFAULT_MATH };
enum cublasPointerMode_t { CUBLAS_POINTER_MODE_HOST, CUBLAS_POINTER_MODE_DEVICE };
typedef struct cublasContext* cublasHandle_t;
inline cublasStatus_t cublasCreate(cublasHandle_t* h) { *h = reinterpret_cast<cublasHandle_t>(0x99); return CUBLAS_STATUS_SUCCESS; }
inline cublasStatus_t cublasDestroy(cublasHandle_t) { return CUBLAS_STATUS_SUCCESS; }
inline cublasStatus_t cublasSetStream(cublasHandle_t, cudaStream_t) { return CUBLAS_STATUS_SUCCESS; }
inline cublasStatus_t cublasSetMathMode(cublasHandle_t, cublasMath_t) { return CUBLAS_STATUS_SUCCESS; }
inline cublasStatus_t cublasSetPointerMode(cublasHandle_t, cublasPointerMode_t) { return CUBLAS_STATUS_SUCCESS; }
template <typename T>
cublasStatus_t EmuGemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const T* alpha, const T* A, int lda,
                       const T* B, int ldb, const T* beta, T* C, int ldc) {
  if (lda < (ta == CUBLAS_OP_N ? m : k) || ldb < (tb == CUBLAS_OP_N ? k : n) || ldc < m || lda < 1 || ldb < 1 || ldc < 1) return CUBLAS_STATUS_INVALID_VALUE;
  for (int i = 0; i < m; ++i) for (int j = 0; j < n; ++j) {
    T s = 0;
    for (int p = 0; p < k; ++p) {
      T a = ta == CUBLAS_OP_N ? A[i + (long)p * lda] : A[p + (long)i * lda];
      T b = tb == CUBLAS_OP_N ? B[p + (long)j * ldb] : B[j + (long)p * ldb];
      s += a * b;
    }
    C[i + (long)j * ldc] = *alpha * s + (*beta == 0 ? T(0) : *beta * C[i + (long)j * ldc]);
  }
  return CUBLAS_STATUS_SUCCESS;
}
inline cublasStatus_t cublasSgemm(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* al, const float* A, int lda, const float* B, int ldb, const float* be, float* C, int ldc) { return EmuGemm(ta, tb, m, n, k, al, A, lda, B, ldb, be, C, ldc); }
inline cublasStatus_t cublasDgemm(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* al, const double* A, int lda, const double* B, int ldb, const double* be, double* C, int ldc) { return EmuGemm(ta, tb, m, n, k, al, A, lda, B, ldb, be, C, ldc); }
template <typename T>
cublasStatus_t EmuGemmSB(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const T* al, const T* A, int lda, long long sa, const T* B, int ldb, long long sb, const T* be, T* C, int ldc, long long sc, int count) {
  for (int i = 0; i < count; ++i) { auto s = EmuGemm(ta, tb, m, n, k, al, A + i * sa, lda, B + i * sb, ldb, be, C + i * sc, ldc); if (s) return s; }
  return CUBLAS_STATUS_SUCCESS;
}
inline cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* al, const float* A, int lda, long long sa, const float* B, int ldb, long long sb, const float* be, float* C, int ldc, long long sc, int count) { return EmuGemmSB(ta, tb, m, n, k, al, A, lda, sa, B, ldb, sb, be, C, ldc, sc, count); }
inline cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t, cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* al, const double* A, int lda, long long sa, const double* B, int ldb, long long sb, const double* be, double* C, int ldc, long long sc, int count) { return EmuGemmSB(ta, tb, m, n, k, al, A, lda, sa, B, ldb, sb, be, C, ldc, sc, count); }
template <typename T> cublasStatus_t EmuDot(int n, const T* x, int ix, const T* y, int iy, T* r) { T s = 0; for (int i = 0; i < n; ++i) s += x[(long)i * ix] * y[(long)i * iy]; *r = s; return CUBLAS_STATUS_SUCCESS; }
inline cublasStatus_t cublasSdot(cublasHandle_t, int n, const float* x, int ix, const float* y, int iy, float* r) { return EmuDot(n, x, ix, y, iy, r); }
inline cublasStatus_t cublasDdot(cublasHandle_t, int n, const double* x, int ix, const double* y, int iy, double* r) { return EmuDot(n, x, ix, y, iy, r); }
