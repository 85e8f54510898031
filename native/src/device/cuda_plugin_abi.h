/*
 * The boundary between the core (libchainer_native.so) and the CUDA backend
 * (libchainer_cuda.so). The core loads the backend with dlopen the first time
 * a CUDA device is asked for and calls its one exported symbol,
 * `chainer_cuda_open`, which hands back a table of C functions.
 *
 * Why a C table and not the core's C++ Kernels interface: each library links
 * its own static libstdc++, so no C++ object, exception or std type may cross
 * between them. Everything here is plain data; every function returns a
 * ch_status code and leaves a message for `last_error` on failure.
 *
 * Both sides are built from the same commit; `abi_version` and `struct_size`
 * catch a stale backend library.
 */
#ifndef CHAINER_DEVICE_CUDA_PLUGIN_ABI_H_
#define CHAINER_DEVICE_CUDA_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#include "chainer/chainer.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CHC_ABI_VERSION 1
#define CHC_MAX_NDIM 16
#define CHC_OPEN_SYMBOL "chainer_cuda_open"

/* A strided view on one device. `data` points at element 0 of the view;
 * strides are in elements (may be 0 for broadcast axes, never negative
 * unless the core flips a view). dtype is a ch_dtype value. */
typedef struct chc_array {
  void* data;
  int32_t dtype;
  int32_t ndim;
  int64_t shape[CHC_MAX_NDIM];
  int64_t strides[CHC_MAX_NDIM];
} chc_array;

/* Operation codes: equal to the core's enums in kernels/kernels.h (the core
 * static_asserts this). Unary float ops follow kRelu in the order of
 * CHAINER_FLOAT_UNARY_OPS. */
typedef enum chc_unary_op {
  CHC_NEG = 0, CHC_ABS, CHC_SIGN, CHC_RELU,
  CHC_EXP, CHC_LOG, CHC_SQRT, CHC_SQUARE, CHC_EXPM1, CHC_LOG1P, CHC_LOG2, CHC_LOG10,
  CHC_SIN, CHC_COS, CHC_TAN, CHC_ARCSIN, CHC_ARCCOS, CHC_ARCTAN, CHC_SINH, CHC_COSH,
  CHC_TANH, CHC_SIGMOID, CHC_FLOOR, CHC_CEIL, CHC_FIX, CHC_RECIPROCAL
} chc_unary_op;

typedef enum chc_binary_op {
  CHC_ADD = 0, CHC_SUB, CHC_MUL, CHC_DIV, CHC_POW, CHC_MAXIMUM, CHC_MINIMUM, CHC_FMOD
} chc_binary_op;

typedef enum chc_compare_op { CHC_EQ = 0, CHC_NE, CHC_LT, CHC_LE, CHC_GT, CHC_GE } chc_compare_op;

typedef enum chc_reduce_op { CHC_REDUCE_SUM = 0, CHC_REDUCE_PROD, CHC_REDUCE_MAX, CHC_REDUCE_MIN } chc_reduce_op;

typedef enum chc_update_rule {
  CHC_UPDATE_SGD = 0, CHC_UPDATE_MOMENTUM_SGD, CHC_UPDATE_ADAM, CHC_UPDATE_ADAGRAD, CHC_UPDATE_RMSPROP
} chc_update_rule;

/* Mirrors kernels.h ConvGeometry. */
typedef struct chc_geometry {
  int32_t nd;
  int64_t in[3], k[3], s[3], p[3], d[3], out[3];
} chc_geometry;

/* Mirrors kernels.h ResizeTable; the arrays are host memory of length out_h
 * (v0, v1, vw) and out_w (u0, u1, uw). The backend copies what it needs
 * before returning. */
typedef struct chc_resize_table {
  const int64_t* v0;
  const int64_t* v1;
  const int64_t* u0;
  const int64_t* u1;
  const double* vw;
  const double* uw;
  int64_t out_h, out_w;
} chc_resize_table;

/* Mirrors kernels.h UpdateHyper. */
typedef struct chc_update_hyper {
  double lr, momentum, beta1, beta2, eta, weight_decay_rate, eps, alpha;
  int32_t eps_inside_sqrt, amsgrad;
} chc_update_hyper;

/* The caching pool of one device, in bytes: `used` is held by live arrays,
 * `cached` is free in the pool, `peak` is the largest `used` since the last
 * reset; counts of device allocations (cudaMalloc) and releases (cudaFree). */
typedef struct chc_memory_stats {
  int64_t used, cached, peak;
  int64_t device_allocations, device_frees;
} chc_memory_stats;

/* Every function returns a ch_status (CH_OK on success). `dev` is the CUDA
 * device ordinal; the backend makes it current. Kernels are asynchronous on
 * the device's one stream, so the order of calls is the order of execution;
 * copies to the host return when the data is there. Arguments with the
 * semantics of kernels.h's Kernels method of the same name. */
typedef struct chc_api {
  int32_t abi_version;
  int32_t struct_size; /* sizeof(chc_api) as the backend was built */

  /* The message of the last failure on the calling thread. */
  const char* (*last_error)(void);

  /* Devices. `name` gets the device's product name (NUL-terminated, truncated to capacity). */
  int32_t (*device_count)(int32_t* out_count);
  int32_t (*device_name)(int32_t dev, char* name, int32_t capacity);
  int32_t (*synchronize)(int32_t dev);

  /* Memory: a caching pool per device. `free_` may be called from any
   * thread (finalizers) and never synchronizes. Zero-byte requests return a
   * unique non-NULL pointer. Out of device memory: the pool frees its cache
   * and retries once before failing with CH_ERROR_OUT_OF_MEMORY. */
  int32_t (*malloc_)(int32_t dev, size_t bytes, void** out_ptr);
  int32_t (*free_)(int32_t dev, void* ptr, size_t bytes);
  int32_t (*memory_stats)(int32_t dev, chc_memory_stats* out_stats);
  int32_t (*reset_peak)(int32_t dev);
  /* Waits for the device, then returns every cached block to the driver. */
  int32_t (*free_cached)(int32_t dev);

  /* Contiguous byte copies. to_host returns once the bytes are in `dst`
   * (through pinned staging); from_host returns once `src` may be reused. */
  int32_t (*copy_to_host)(int32_t dev, void* dst, const void* src, size_t bytes);
  int32_t (*copy_from_host)(int32_t dev, void* dst, const void* src, size_t bytes);

  /* Kernels (see kernels.h). */
  int32_t (*fill)(int32_t dev, const chc_array* out, double value);
  int32_t (*arange)(int32_t dev, const chc_array* out, double start, double step);
  int32_t (*copy)(int32_t dev, const chc_array* src, const chc_array* dst);
  int32_t (*unary)(int32_t dev, int32_t op, const chc_array* x, const chc_array* out);
  int32_t (*binary)(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out);
  int32_t (*binary_scalar)(int32_t dev, int32_t op, const chc_array* a, double s, int32_t scalar_first,
                           const chc_array* out);
  int32_t (*compare)(int32_t dev, int32_t op, const chc_array* a, const chc_array* b, const chc_array* out);
  int32_t (*where)(int32_t dev, const chc_array* cond, const chc_array* a, const chc_array* b, const chc_array* out);
  /* axes: sorted, unique, n_axes entries. */
  int32_t (*sum)(int32_t dev, const chc_array* x, const int32_t* axes, int32_t n_axes, const chc_array* out);
  int32_t (*reduce)(int32_t dev, int32_t op, const chc_array* x, const int32_t* axes, int32_t n_axes,
                    const chc_array* out);
  int32_t (*arg_reduce)(int32_t dev, int32_t op, const chc_array* x, int32_t axis, const chc_array* out);
  int32_t (*cumsum)(int32_t dev, const chc_array* x, int32_t axis, const chc_array* out);
  int32_t (*take)(int32_t dev, const chc_array* x, const chc_array* indices, int32_t axis, const chc_array* out);
  int32_t (*scatter_add)(int32_t dev, const chc_array* src, const chc_array* indices, int32_t axis,
                         const chc_array* out);
  int32_t (*im2col)(int32_t dev, const chc_array* x, const chc_geometry* g, double pad_value, const chc_array* col);
  int32_t (*col2im)(int32_t dev, const chc_array* col, const chc_geometry* g, const chc_array* x);
  int32_t (*max_pool)(int32_t dev, const chc_array* x, const chc_geometry* g, const chc_array* y,
                      const chc_array* indexes);
  int32_t (*max_pool_scatter)(int32_t dev, const chc_array* gy, const chc_array* indexes, const chc_geometry* g,
                              const chc_array* gx);
  int32_t (*max_pool_gather)(int32_t dev, const chc_array* gx, const chc_array* indexes, const chc_geometry* g,
                             const chc_array* gy);
  int32_t (*resize_bilinear)(int32_t dev, const chc_array* x, const chc_resize_table* t, const chc_array* y);
  int32_t (*resize_bilinear_adjoint)(int32_t dev, const chc_array* gy, const chc_resize_table* t,
                                     const chc_array* gx);
  int32_t (*roi_max_pool)(int32_t dev, const chc_array* x, const chc_array* rois, double spatial_scale,
                          const chc_array* y, const chc_array* argmax);
  int32_t (*gather_flat)(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out);
  int32_t (*scatter_add_flat)(int32_t dev, const chc_array* src, const chc_array* indices, const chc_array* out);
  int32_t (*ctc)(int32_t dev, const chc_array* x, const chc_array* t, const chc_array* input_length,
                 const chc_array* label_length, int64_t blank, const chc_array* loss, const chc_array* grad);
  int32_t (*update)(int32_t dev, int32_t rule, const chc_update_hyper* h, const chc_array* param,
                    const chc_array* grad, const chc_array* s0, const chc_array* s1, const chc_array* s2);
  int32_t (*dot)(int32_t dev, const chc_array* a, const chc_array* b, const chc_array* out);
  int32_t (*matmul)(int32_t dev, const chc_array* a, const chc_array* b, int32_t transa, int32_t transb,
                    const chc_array* out);
} chc_api;

/* The backend's entry point. On success *out_api points at a table that lives
 * as long as the process. On failure (wrong ABI, no driver, driver older than
 * the runtime the backend was built with, no device) it returns the status
 * and writes the reason into `reason` (NUL-terminated, truncated to
 * capacity). Zero devices is a failure with CH_ERROR_DEVICE. */
typedef int32_t (*chc_open_fn)(int32_t abi_version, const chc_api** out_api, char* reason, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* CHAINER_DEVICE_CUDA_PLUGIN_ABI_H_ */
