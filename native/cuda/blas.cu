// Matrix products through cuBLAS: one handle per device, bound to the
// device's stream, in true fp32 (CUBLAS_DEFAULT_MATH: no TF32). Row-major
// products are computed as their column-major transposes (C^T = B^T A^T).
// Operands that are neither row-major nor transposed (unit stride along one
// of the two matrix dims) are first copied to contiguous pool scratch.
#include <cublas_v2.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <type_traits>
#include <mutex>
#include <vector>

#include "common.h"
#include "indexer.cuh"

namespace chainer_cuda {
namespace {

constexpr int kMaxDevices = 64;

const char* CublasName(cublasStatus_t s) {
  switch (s) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
    default: return "unknown cuBLAS status";
  }
}

void CheckBlas(cublasStatus_t s, const char* what) {
  if (s == CUBLAS_STATUS_SUCCESS) return;
  int32_t status = CH_ERROR_INTERNAL;
  switch (s) {
    case CUBLAS_STATUS_ALLOC_FAILED: status = CH_ERROR_OUT_OF_MEMORY; break;
    case CUBLAS_STATUS_NOT_INITIALIZED:
    case CUBLAS_STATUS_ARCH_MISMATCH:
    case CUBLAS_STATUS_MAPPING_ERROR:
    case CUBLAS_STATUS_EXECUTION_FAILED:
    case CUBLAS_STATUS_LICENSE_ERROR: status = CH_ERROR_DEVICE; break;
    case CUBLAS_STATUS_NOT_SUPPORTED: status = CH_ERROR_NOT_SUPPORTED; break;
    default: break;
  }
  Fail(status, std::string("cuBLAS error in ") + what + ": " + CublasName(s));
}

// Runs a cuBLAS call; when cuBLAS cannot get memory for its workspace, the
// pool's cache goes back to the driver and the call is retried once.
template <typename F>
cublasStatus_t WithRetry(int32_t dev, F&& call) {
  cublasStatus_t s = call();
  if (s == CUBLAS_STATUS_ALLOC_FAILED) {
    PoolFreeCached(dev);
    s = call();
  }
  return s;
}

struct BlasState {
  std::mutex mu;  // a handle is used by one thread at a time
  cublasHandle_t handle = nullptr;
};

BlasState& BlasOf(int32_t dev) {
  static BlasState* states = new BlasState[kMaxDevices];
  if (dev < 0 || dev >= kMaxDevices) Fail(CH_ERROR_DEVICE, "invalid CUDA device " + std::to_string(dev));
  return states[dev];
}

// Under the state's lock, with dev current.
cublasHandle_t HandleOf(BlasState& st, int32_t dev) {
  if (st.handle == nullptr) {
    cublasHandle_t h = nullptr;
    CheckBlas(WithRetry(dev, [&] { return cublasCreate(&h); }), "cublasCreate");
    cublasStatus_t s = cublasSetStream(h, Stream(dev));
    if (s == CUBLAS_STATUS_SUCCESS) s = cublasSetMathMode(h, CUBLAS_DEFAULT_MATH);
    if (s == CUBLAS_STATUS_SUCCESS) s = cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
    if (s != CUBLAS_STATUS_SUCCESS) {
      cublasDestroy(h);
      CheckBlas(s, "cublas handle setup");
    }
    st.handle = h;
  }
  return st.handle;
}

// A matrix (dims base, base+1) usable by BLAS directly: row-major with unit
// column stride, or its transpose. Mirrors gemm_kernels.cc.
bool BlasLayout(const chc_array& a, int base, bool* transposed, int64_t* ld) {
  int64_t rows = a.shape[base], cols = a.shape[base + 1];
  int64_t rs = a.strides[base], cs = a.strides[base + 1];
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

int AsInt(int64_t v, const char* what) {
  if (v > INT_MAX || v < INT_MIN) Fail(CH_ERROR_NOT_SUPPORTED, std::string("matmul: ") + what + " exceeds cuBLAS's int range");
  return static_cast<int>(v);
}

template <typename T>
void GemmStridedBatched(int32_t dev, cublasHandle_t h, bool op_b, bool op_a, int n, int m, int k, const T* b, int ldb, int64_t sb,
                        const T* a, int lda, int64_t sa, T* c, int ldc, int64_t sc, int count) {
  const T one = T(1), zero = T(0);
  cublasOperation_t ob = op_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  cublasOperation_t oa = op_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  if (count == 1) {
    if constexpr (std::is_same_v<T, float>) {
      CheckBlas(WithRetry(dev, [&] { return cublasSgemm(h, ob, oa, n, m, k, &one, b, ldb, a, lda, &zero, c, ldc); }),
                "cublasSgemm");
    } else {
      CheckBlas(WithRetry(dev, [&] { return cublasDgemm(h, ob, oa, n, m, k, &one, b, ldb, a, lda, &zero, c, ldc); }),
                "cublasDgemm");
    }
  } else {
    if constexpr (std::is_same_v<T, float>) {
      CheckBlas(WithRetry(dev,
                          [&] {
                            return cublasSgemmStridedBatched(h, ob, oa, n, m, k, &one, b, ldb, sb, a, lda, sa, &zero, c,
                                                             ldc, sc, count);
                          }),
                "cublasSgemmStridedBatched");
    } else {
      CheckBlas(WithRetry(dev,
                          [&] {
                            return cublasDgemmStridedBatched(h, ob, oa, n, m, k, &one, b, ldb, sb, a, lda, sa, &zero, c,
                                                             ldc, sc, count);
                          }),
                "cublasDgemmStridedBatched");
    }
  }
}

}  // namespace

int32_t Matmul(int32_t dev, const chc_array* a, const chc_array* b, int32_t transa, int32_t transb,
               const chc_array* out) {
  return Guard([&] {
    const chc_array& oa = Arg(out, "out");
    chc_array av = Arg(a, "a", oa.dtype);
    chc_array bv = Arg(b, "b", oa.dtype);
    if (oa.dtype != CH_DTYPE_FLOAT32 && oa.dtype != CH_DTYPE_FLOAT64) NotSupported("matmul", oa.dtype);
    const int nd = oa.ndim;
    if (nd < 2 || av.ndim != nd || bv.ndim != nd) Fail(CH_ERROR_SHAPE_MISMATCH, "matmul: operands must have equal ndim >= 2");
    const int base = nd - 2;
    const int64_t m = oa.shape[base], n = oa.shape[base + 1];
    const int64_t k = transa ? av.shape[base] : av.shape[base + 1];
    const int64_t am = transa ? av.shape[base + 1] : av.shape[base];
    const int64_t bk = transb ? bv.shape[base + 1] : bv.shape[base];
    const int64_t bn = transb ? bv.shape[base] : bv.shape[base + 1];
    if (am != m || bk != k || bn != n) Fail(CH_ERROR_SHAPE_MISMATCH, "matmul: inner dimensions do not match");
    for (int i = 0; i < base; ++i) {
      if (av.shape[i] != oa.shape[i] || bv.shape[i] != oa.shape[i]) {
        Fail(CH_ERROR_SHAPE_MISMATCH, "matmul: batch dimensions differ");
      }
    }
    int64_t batch = 1;
    for (int i = 0; i < base; ++i) batch *= oa.shape[i];
    if (m == 0 || n == 0 || batch == 0) return;
    UseDevice(dev);
    if (k == 0) {
      FillStrided(dev, oa, 0.0);
      return;
    }
    const size_t item = ItemSize(oa.dtype);
    std::vector<std::unique_ptr<Scratch>> scratch;
    auto contiguous_copy = [&](chc_array& v) {
      scratch.push_back(std::make_unique<Scratch>(dev, item * static_cast<size_t>(NumElements(v))));
      chc_array c = ContiguousLike(v, scratch.back()->get());
      CopyStrided(dev, v, c);
      v = c;
    };
    bool a_t, b_t;
    int64_t lda, ldb;
    if (!BlasLayout(av, base, &a_t, &lda)) {
      contiguous_copy(av);
      BlasLayout(av, base, &a_t, &lda);
    }
    if (!BlasLayout(bv, base, &b_t, &ldb)) {
      contiguous_copy(bv);
      BlasLayout(bv, base, &b_t, &ldb);
    }
    // The result: straight into out when its matrices are row-major, else through scratch.
    chc_array cv = oa;
    bool via_scratch = false;
    {
      int64_t rs = oa.strides[base], cs = oa.strides[base + 1];
      bool ok = (cs == 1 || n == 1) && (rs >= n || m == 1);
      for (int i = 0; i < base && ok; ++i) ok = oa.strides[i] != 0 || oa.shape[i] == 1;
      if (!ok) {
        scratch.push_back(std::make_unique<Scratch>(dev, item * static_cast<size_t>(NumElements(oa))));
        cv = ContiguousLike(oa, scratch.back()->get());
        via_scratch = true;
      }
    }
    const int64_t ldc = (m == 1 || cv.strides[base] < n) ? n : cv.strides[base];
    const bool op_a = (transa != 0) != a_t;
    const bool op_b = (transb != 0) != b_t;
    // Batch dims, coalesced jointly; the innermost goes to the strided-batched call.
    const int64_t* st[3] = {av.strides, bv.strides, cv.strides};
    Indexer<3> bix = MakeIndexer<3>(base, oa.shape, st);
    int64_t inner_count = 1, sa = 0, sb = 0, sc = 0;
    if (bix.ndim >= 1) {
      inner_count = bix.shape[bix.ndim - 1];
      sa = bix.strides[0][bix.ndim - 1];
      sb = bix.strides[1][bix.ndim - 1];
      sc = bix.strides[2][bix.ndim - 1];
    }
    const int64_t outer_count = bix.total / inner_count;
    const int im = AsInt(m, "m"), in = AsInt(n, "n"), ik = AsInt(k, "k");
    const int ilda = AsInt(lda, "lda"), ildb = AsInt(ldb, "ldb"), ildc = AsInt(ldc, "ldc");
    const int icount = AsInt(inner_count, "batch");
    BlasState& bs = BlasOf(dev);
    std::lock_guard<std::mutex> lock(bs.mu);
    cublasHandle_t h = HandleOf(bs, dev);
    VisitFloatDtype(oa.dtype, "matmul", [&](auto tag) {
      using T = decltype(tag);
      for (int64_t r = 0; r < outer_count; ++r) {
        int64_t offa = 0, offb = 0, offc = 0, rem = r;
        for (int d = bix.ndim - 2; d >= 0; --d) {
          int64_t idx = rem % bix.shape[d];
          rem /= bix.shape[d];
          offa += idx * bix.strides[0][d];
          offb += idx * bix.strides[1][d];
          offc += idx * bix.strides[2][d];
        }
        GemmStridedBatched<T>(dev, h, op_b, op_a, in, im, ik, static_cast<const T*>(bv.data) + offb, ildb, sb,
                              static_cast<const T*>(av.data) + offa, ilda, sa, static_cast<T*>(cv.data) + offc, ildc,
                              sc, icount);
      }
    });
    if (via_scratch) CopyStrided(dev, cv, oa);
  });
}

int32_t Dot(int32_t dev, const chc_array* a, const chc_array* b, const chc_array* out) {
  return Guard([&] {
    const chc_array& oa = Arg(out, "out");
    chc_array av = Arg(a, "a", oa.dtype);
    chc_array bv = Arg(b, "b", oa.dtype);
    if (oa.dtype != CH_DTYPE_FLOAT32 && oa.dtype != CH_DTYPE_FLOAT64) NotSupported("dot", oa.dtype);
    if (NumElements(oa) != 1) Fail(CH_ERROR_SHAPE_MISMATCH, "dot: out must have one element");
    const int64_t n = NumElements(av);
    if (NumElements(bv) != n) Fail(CH_ERROR_SHAPE_MISMATCH, "dot: operands differ in size");
    UseDevice(dev);
    if (n == 0) {
      FillStrided(dev, oa, 0.0);
      return;
    }
    const int in = AsInt(n, "size");
    const size_t item = ItemSize(oa.dtype);
    std::vector<std::unique_ptr<Scratch>> scratch;
    // A single positive stride over the whole operand, or a contiguous copy.
    auto vector_of = [&](chc_array& v) -> int64_t {
      const int64_t* s[1] = {v.strides};
      Indexer<1> ix = MakeIndexer<1>(v.ndim, v.shape, s);
      if (ix.ndim == 0) return 1;
      if (ix.ndim == 1 && ix.strides[0][0] > 0 && ix.strides[0][0] <= INT_MAX) return ix.strides[0][0];
      scratch.push_back(std::make_unique<Scratch>(dev, item * static_cast<size_t>(n)));
      chc_array c = ContiguousLike(v, scratch.back()->get());
      CopyStrided(dev, v, c);
      v = c;
      return 1;
    };
    const int incx = static_cast<int>(vector_of(av));
    const int incy = static_cast<int>(vector_of(bv));
    BlasState& bs = BlasOf(dev);
    std::lock_guard<std::mutex> lock(bs.mu);
    cublasHandle_t h = HandleOf(bs, dev);
    CheckBlas(cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE), "cublasSetPointerMode");
    cublasStatus_t s;
    if (oa.dtype == CH_DTYPE_FLOAT32) {
      s = cublasSdot(h, in, static_cast<const float*>(av.data), incx, static_cast<const float*>(bv.data), incy,
                     static_cast<float*>(oa.data));
    } else {
      s = cublasDdot(h, in, static_cast<const double*>(av.data), incx, static_cast<const double*>(bv.data), incy,
                     static_cast<double*>(oa.data));
    }
    cublasStatus_t s2 = cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
    CheckBlas(s, oa.dtype == CH_DTYPE_FLOAT32 ? "cublasSdot" : "cublasDdot");
    CheckBlas(s2, "cublasSetPointerMode");
  });
}

}  // namespace chainer_cuda
