/*
 * Chainer.Native: the flat C API.
 *
 * Conventions (the bindings generator relies on them):
 *  - Every function returns ch_status; CH_OK (0) is success. On failure the
 *    thread-local last error holds the code and a message
 *    (ch_last_error_message). No C++ exception, abort or signal crosses this
 *    boundary, whatever the input.
 *  - Handles are opaque pointers created through `out_*` parameters and
 *    released by ch_<type>_free, which accepts NULL. Each handle owns one
 *    reference; the object lives while any handle or internal reference does.
 *  - A parameter named out_* that points to a scalar or a handle is an output.
 *    Other pointers to scalars are buffers (shape, axes, data).
 *  - CH_NULLABLE marks handle parameters that may be NULL.
 *  - Strings returned through `const char**` are owned by the library and stay
 *    valid until the next call on the same object (or, for errors, the next
 *    failing call on the same thread).
 */
#ifndef CHAINER_CHAINER_H_
#define CHAINER_CHAINER_H_

#include <stdint.h>

#if defined(_WIN32)
#  if defined(CHAINER_BUILDING_LIBRARY)
#    define CH_API __declspec(dllexport)
#  else
#    define CH_API __declspec(dllimport)
#  endif
#else
#  define CH_API __attribute__((visibility("default")))
#endif

#if defined(__clang__)
#  define CH_NULLABLE _Nullable
/* Only nullable parameters are annotated; the rest are non-null by contract. */
#  pragma clang diagnostic push
#  pragma clang diagnostic ignored "-Wnullability-completeness"
#else
#  define CH_NULLABLE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                   */

typedef enum ch_status {
  CH_OK = 0,
  /* A value is out of its domain (bad axis, negative size, bad option). */
  CH_ERROR_INVALID_ARGUMENT = 1,
  /* A Chainer type check failed (chainer.utils.type_check.InvalidType). */
  CH_ERROR_INVALID_TYPE = 2,
  /* Shapes cannot be broadcast or do not match (an InvalidType too). */
  CH_ERROR_SHAPE_MISMATCH = 3,
  /* dtypes do not match or are not allowed (an InvalidType too). */
  CH_ERROR_DTYPE_MISMATCH = 4,
  /* An index or axis lies outside its range. */
  CH_ERROR_INDEX_OUT_OF_RANGE = 5,
  /* A required handle or pointer was NULL. */
  CH_ERROR_NULL_ARGUMENT = 6,
  /* Backpropagation cannot proceed (e.g. no initial gradient). */
  CH_ERROR_GRADIENT = 7,
  /* Device not available or arrays on different devices. */
  CH_ERROR_DEVICE = 8,
  /* Host or device memory exhausted. */
  CH_ERROR_OUT_OF_MEMORY = 9,
  /* The operation is not supported for these arguments (e.g. dtype). */
  CH_ERROR_NOT_SUPPORTED = 10,
  /* A bug in the library. */
  CH_ERROR_INTERNAL = 11
} ch_status;

typedef enum ch_dtype {
  CH_DTYPE_BOOL = 0,
  CH_DTYPE_INT32 = 1,
  CH_DTYPE_INT64 = 2,
  CH_DTYPE_FLOAT32 = 3,
  CH_DTYPE_FLOAT64 = 4
} ch_dtype;

/* Message of the last failure on this thread ("" if none). */
CH_API ch_status ch_last_error_message(const char** out_message);
/* Code of the last failure on this thread (CH_OK if none). */
CH_API ch_status ch_last_error_code(ch_status* out_code);
/* Library version, e.g. "0.1.0". */
CH_API ch_status ch_version(const char** out_version);

/*
 * Native memory accounting. The callback receives the change in bytes held
 * by native host storage since its last call, in chunks of at least
 * `granularity` bytes (so a runtime with a garbage collector can report
 * memory pressure). It may be called from any thread.
 */
typedef void (*ch_memory_callback)(int64_t delta_bytes);
CH_API ch_status ch_set_memory_callback(ch_memory_callback callback, int64_t granularity);
/* Number of live storage buffers and bytes they hold (for leak tests). */
CH_API ch_status ch_live_storage_count(int64_t* out_count);
CH_API ch_status ch_live_storage_bytes(int64_t* out_bytes);

/* Host memory kept by the caching allocator for reuse, and its release. */
CH_API ch_status ch_host_cached_bytes(int64_t* out_bytes);
CH_API ch_status ch_free_cached_host_memory(void);

/* Threads used by CPU kernels and OpenBLAS (together). */
CH_API ch_status ch_get_num_threads(int32_t* out_threads);
CH_API ch_status ch_set_num_threads(int32_t threads);

/* ------------------------------------------------------------------------ */
/* Configuration (thread-local, like chainer.config)                         */

CH_API ch_status ch_config_get_enable_backprop(int32_t* out_enabled);
CH_API ch_status ch_config_set_enable_backprop(int32_t enabled);
CH_API ch_status ch_config_get_train(int32_t* out_train);
CH_API ch_status ch_config_set_train(int32_t train);

/* ------------------------------------------------------------------------ */
/* Arrays                                                                    */

typedef struct ch_array ch_array;

CH_API ch_status ch_array_free(ch_array* array);
/* A new handle to the same array (same data). */
CH_API ch_status ch_array_retain(ch_array* array, ch_array** out_array);

/* Copies `byte_length` bytes of C-ordered elements from `data`. */
CH_API ch_status ch_array_from_buffer(ch_dtype dtype, const int64_t* shape, int32_t ndim,
                                      const void* data, int64_t byte_length, ch_array** out_array);
CH_API ch_status ch_array_empty(ch_dtype dtype, const int64_t* shape, int32_t ndim, ch_array** out_array);
CH_API ch_status ch_array_full(ch_dtype dtype, const int64_t* shape, int32_t ndim, double value,
                               ch_array** out_array);
/* Like numpy.arange(start, stop, step, dtype). */
CH_API ch_status ch_array_arange(double start, double stop, double step, ch_dtype dtype,
                                 ch_array** out_array);
/* A C-contiguous deep copy, optionally cast to `dtype`. */
CH_API ch_status ch_array_copy(ch_array* array, ch_dtype dtype, ch_array** out_array);
/* Copies `src` into `dst` element-wise (broadcasting src, casting dtype). */
CH_API ch_status ch_array_assign(ch_array* dst, ch_array* src);
CH_API ch_status ch_array_fill(ch_array* array, double value);

/* Copies the elements, C-ordered, into `data` (capacity `byte_length`). */
CH_API ch_status ch_array_to_buffer(ch_array* array, void* data, int64_t byte_length);

CH_API ch_status ch_array_dtype(ch_array* array, ch_dtype* out_dtype);
CH_API ch_status ch_array_ndim(ch_array* array, int32_t* out_ndim);
/* Writes ndim entries into `shape` (capacity `capacity`). */
CH_API ch_status ch_array_shape(ch_array* array, int64_t* shape, int32_t capacity);
/* Strides in bytes; writes ndim entries. */
CH_API ch_status ch_array_strides(ch_array* array, int64_t* strides, int32_t capacity);
CH_API ch_status ch_array_size(ch_array* array, int64_t* out_size);
CH_API ch_status ch_array_nbytes(ch_array* array, int64_t* out_nbytes);
/* Canonical device name of the array ("@numpy", "@cupy:0"). */
CH_API ch_status ch_array_device(ch_array* array, const char** out_device);
/* 1 when both handles view the same storage at the same offset/shape/strides. */
CH_API ch_status ch_array_same(ch_array* a, ch_array* b, int32_t* out_same);

/* ------------------------------------------------------------------------ */
/* Devices                                                                   */

/*
 * Device specifiers: "@numpy", "cpu" and "native" name the CPU; "@cupy:N",
 * "@cuda:N", "cuda:N" and "gpu:N" name CUDA device N (":N" may be left out for
 * device 0). The canonical names are "@numpy" and "@cupy:N", as Chainer
 * prints them. A CUDA specifier loads the CUDA backend on first use; when it
 * cannot be used the call fails with CH_ERROR_DEVICE and the reason.
 */
/* The canonical name of a device specifier (checks it, loads the backend). */
CH_API ch_status ch_device_resolve(const char* device, const char** out_name);
/* A copy of `array` on `device`; a new handle to the same array when it is there already. */
CH_API ch_status ch_array_to_device(ch_array* array, const char* device, ch_array** out_array);
/* Like ch_array_full, on `device`. */
CH_API ch_status ch_array_full_on_device(const char* device, ch_dtype dtype, const int64_t* shape, int32_t ndim,
                                         double value, ch_array** out_array);

/* 1 when a CUDA device can be used; otherwise 0 and why (no backend built,
 * no driver, driver older than the backend's runtime, no device). */
CH_API ch_status ch_cuda_available(int32_t* out_available, const char** out_reason);
/* Number of CUDA devices (0 when CUDA is not available). */
CH_API ch_status ch_cuda_device_count(int32_t* out_count);
/* Product name of CUDA device `device`. */
CH_API ch_status ch_cuda_device_name(int32_t device, const char** out_name);
/* Waits until every kernel queued on the device has finished. */
CH_API ch_status ch_cuda_synchronize(int32_t device);
/*
 * The device's caching memory pool, in bytes: held by live arrays, cached
 * for reuse, and the peak held since the last reset; the number of device
 * allocations and releases the pool has made.
 */
CH_API ch_status ch_cuda_memory_stats(int32_t device, int64_t* out_used, int64_t* out_cached, int64_t* out_peak,
                                      int64_t* out_device_allocations, int64_t* out_device_frees);
CH_API ch_status ch_cuda_reset_peak_memory(int32_t device);
/* Returns every cached block of the device (all devices when -1) to the driver. */
CH_API ch_status ch_cuda_free_cached_memory(int32_t device);

/* ------------------------------------------------------------------------ */
/* Variables and the computational graph                                    */

typedef struct ch_variable ch_variable;
typedef struct ch_function_node ch_function_node;

CH_API ch_status ch_variable_free(ch_variable* variable);
/* A new handle to the same variable. */
CH_API ch_status ch_variable_retain(ch_variable* variable, ch_variable** out_variable);
/* A leaf variable holding `data` (shared, not copied). */
CH_API ch_status ch_variable_create(ch_array* data, int32_t requires_grad, ch_variable** out_variable);
CH_API ch_status ch_variable_same(ch_variable* a, ch_variable* b, int32_t* out_same);

CH_API ch_status ch_variable_array(ch_variable* variable, ch_array** out_array);
CH_API ch_status ch_variable_set_array(ch_variable* variable, ch_array* data);
/* The gradient array, or a NULL handle when the gradient is None. */
CH_API ch_status ch_variable_grad(ch_variable* variable, ch_array** out_grad);
CH_API ch_status ch_variable_set_grad(ch_variable* variable, ch_array* CH_NULLABLE grad);
CH_API ch_status ch_variable_grad_var(ch_variable* variable, ch_variable** out_grad_var);
CH_API ch_status ch_variable_set_grad_var(ch_variable* variable, ch_variable* CH_NULLABLE grad_var);
CH_API ch_status ch_variable_clear_grad(ch_variable* variable);
CH_API ch_status ch_variable_requires_grad(ch_variable* variable, int32_t* out_requires_grad);
CH_API ch_status ch_variable_set_requires_grad(ch_variable* variable, int32_t requires_grad);
CH_API ch_status ch_variable_name(ch_variable* variable, const char** out_name);
CH_API ch_status ch_variable_set_name(ch_variable* variable, const char* CH_NULLABLE name);
/* The function that created the variable, or a NULL handle for a leaf. */
CH_API ch_status ch_variable_creator(ch_variable* variable, ch_function_node** out_creator);
CH_API ch_status ch_variable_rank(ch_variable* variable, int32_t* out_rank);
/* Cuts the variable from its creator. */
CH_API ch_status ch_variable_unchain(ch_variable* variable);
/* Cuts the whole graph behind the variable. */
CH_API ch_status ch_variable_unchain_backward(ch_variable* variable);
CH_API ch_status ch_variable_backward(ch_variable* variable, int32_t retain_grad,
                                      int32_t enable_double_backprop);

/*
 * chainer.grad: gradients of `outputs` with respect to `inputs`, written as
 * new handles (NULL where an input is not reachable) into `grads`, which has
 * room for n_inputs handles. `grad_outputs` and `grad_inputs` may be NULL
 * arrays or hold NULL entries.
 */
CH_API ch_status ch_grad(ch_variable* const* outputs, int32_t n_outputs,
                         ch_variable* const* inputs, int32_t n_inputs,
                         ch_variable* const* grad_outputs, int32_t n_grad_outputs,
                         ch_variable* const* grad_inputs, int32_t n_grad_inputs,
                         int32_t set_grad, int32_t retain_grad, int32_t enable_double_backprop,
                         ch_variable** grads);

CH_API ch_status ch_function_node_free(ch_function_node* node);
CH_API ch_status ch_function_node_name(ch_function_node* node, const char** out_name);
CH_API ch_status ch_function_node_rank(ch_function_node* node, int32_t* out_rank);
CH_API ch_status ch_function_node_input_count(ch_function_node* node, int32_t* out_count);
/* The i-th input as a variable sharing its graph node. */
CH_API ch_status ch_function_node_input(ch_function_node* node, int32_t index, ch_variable** out_input);

/* ------------------------------------------------------------------------ */
/* Routines (differentiable; record the graph when backprop is enabled)     */

CH_API ch_status ch_add(ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_sub(ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_mul(ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_div(ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_pow(ch_variable* a, ch_variable* b, ch_variable** out_y);
/* a + s, a - s, s - a, a * s, a / s, s / a, a ** s, s ** a */
CH_API ch_status ch_add_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_sub_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_rsub_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_mul_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_div_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_rdiv_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_pow_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_rpow_scalar(ch_variable* a, double s, ch_variable** out_y);
CH_API ch_status ch_neg(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_exp(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_log(ch_variable* x, ch_variable** out_y);

/* Sum over `axes` (all axes when axes is NULL / n_axes < 0). */
CH_API ch_status ch_sum(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims,
                        ch_variable** out_y);
CH_API ch_status ch_broadcast_to(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y);
/* Sums broadcast axes away so the result has `shape`. */
CH_API ch_status ch_sum_to(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y);
/* One entry of `shape` may be -1. */
CH_API ch_status ch_reshape(ch_variable* x, const int64_t* shape, int32_t ndim, ch_variable** out_y);
/* Reverses the axes when axes is NULL / n_axes < 0. */
CH_API ch_status ch_transpose(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y);
/* Matrix product of 2-d (or batched, equal leading dims) operands. */
CH_API ch_status ch_matmul(ch_variable* a, ch_variable* b, int32_t transa, int32_t transb,
                           ch_variable** out_y);
/* y = x W^T + b with x flattened to (prod(shape[:n_batch_axes]), -1). */
CH_API ch_status ch_linear(ch_variable* x, ch_variable* w, ch_variable* CH_NULLABLE b,
                           int32_t n_batch_axes, ch_variable** out_y);

/* Element-wise math (chainer.functions.math). */
CH_API ch_status ch_absolute(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_sqrt(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_rsqrt(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_square(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_expm1(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_log1p(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_log2(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_log10(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_sin(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_cos(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_tan(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_arcsin(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_arccos(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_arctan(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_sinh(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_cosh(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_tanh(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_sigmoid(ch_variable* x, ch_variable** out_y);
/* No gradient flows through sign, floor, ceil and fix (as in Chainer). */
CH_API ch_status ch_sign(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_floor(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_ceil(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_fix(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_clip(ch_variable* x, double x_min, double x_max, ch_variable** out_y);
CH_API ch_status ch_maximum(ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_minimum(ch_variable* a, ch_variable* b, ch_variable** out_y);
/* condition is a bool variable. */
CH_API ch_status ch_where(ch_variable* condition, ch_variable* a, ch_variable* b, ch_variable** out_y);
CH_API ch_status ch_fmod(ch_variable* x, ch_variable* divisor, ch_variable** out_y);
/* Reductions over `axes` (all axes when axes is NULL / n_axes < 0). */
CH_API ch_status ch_max(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y);
CH_API ch_status ch_min(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y);
CH_API ch_status ch_mean(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y);
CH_API ch_status ch_prod(ch_variable* x, const int64_t* axes, int32_t n_axes, int32_t keepdims, ch_variable** out_y);
CH_API ch_status ch_logsumexp(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y);
/* int32 indices; over the flattened array when has_axis is 0. */
CH_API ch_status ch_argmax(ch_variable* x, int32_t has_axis, int64_t axis, ch_variable** out_y);
CH_API ch_status ch_argmin(ch_variable* x, int32_t has_axis, int64_t axis, ch_variable** out_y);
CH_API ch_status ch_cumsum(ch_variable* x, int64_t axis, ch_variable** out_y);

/* Comparisons (bool results, no gradient). op: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= */
CH_API ch_status ch_compare(ch_variable* a, ch_variable* b, int32_t op, ch_variable** out_y);

/* Activations (chainer.functions.activation). */
CH_API ch_status ch_relu(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_clipped_relu(ch_variable* x, double z, ch_variable** out_y);
CH_API ch_status ch_leaky_relu(ch_variable* x, double slope, ch_variable** out_y);
CH_API ch_status ch_elu(ch_variable* x, double alpha, ch_variable** out_y);
CH_API ch_status ch_selu(ch_variable* x, double alpha, double scale, ch_variable** out_y);
CH_API ch_status ch_softplus(ch_variable* x, double beta, ch_variable** out_y);
CH_API ch_status ch_hard_sigmoid(ch_variable* x, ch_variable** out_y);
CH_API ch_status ch_swish(ch_variable* x, ch_variable* beta, ch_variable** out_y);
CH_API ch_status ch_prelu(ch_variable* x, ch_variable* w, ch_variable** out_y);
CH_API ch_status ch_softmax(ch_variable* x, int64_t axis, ch_variable** out_y);
CH_API ch_status ch_log_softmax(ch_variable* x, int64_t axis, ch_variable** out_y);
CH_API ch_status ch_maxout(ch_variable* x, int64_t pool_size, int64_t axis, ch_variable** out_y);

/*
 * Indexing (chainer.functions.get_item). Each key is four int64 values
 * {kind, a, b, c}: kind 0 = integer a; 1 = slice(a, b, c) with INT64_MIN for
 * an omitted bound or step; 2 = None (new axis); 3 = Ellipsis; 4 = the
 * index array index_arrays[a] (int32/int64 or bool).
 */
CH_API ch_status ch_get_item(ch_variable* x, const int64_t* keys, int32_t n_keys, ch_array* const* index_arrays,
                             int32_t n_index_arrays, ch_variable** out_y);
CH_API ch_status ch_flip(ch_variable* x, int64_t axis, ch_variable** out_y);

/* Array manipulation (chainer.functions.array). */
CH_API ch_status ch_concat(ch_variable* const* xs, int32_t n, int64_t axis, ch_variable** out_y);
CH_API ch_status ch_stack(ch_variable* const* xs, int32_t n, int64_t axis, ch_variable** out_y);
/*
 * Splits x along axis at `indices` (n_indices split points), or into
 * `sections` equal parts when indices is NULL. Writes n_indices + 1 (or
 * sections) new handles into `ys`, which has room for `capacity`.
 */
CH_API ch_status ch_split_axis(ch_variable* x, const int64_t* indices, int32_t n_indices, int64_t sections, int64_t axis,
                               ch_variable** ys, int32_t capacity);
CH_API ch_status ch_expand_dims(ch_variable* x, int64_t axis, ch_variable** out_y);
/* Squeezes `axes` (all size-1 axes when axes is NULL / n_axes < 0). */
CH_API ch_status ch_squeeze(ch_variable* x, const int64_t* axes, int32_t n_axes, ch_variable** out_y);
CH_API ch_status ch_cast(ch_variable* x, ch_dtype dtype, ch_variable** out_y);
/* pad_width: 2 * ndim entries, (before, after) per axis; constant mode. */
CH_API ch_status ch_pad(ch_variable* x, const int64_t* pad_width, int32_t n_pad_width, double value, ch_variable** out_y);
/* One repeat count or one per element; over the flattened array when has_axis is 0. */
CH_API ch_status ch_repeat(ch_variable* x, const int64_t* repeats, int32_t n_repeats, int32_t has_axis, int64_t axis,
                           ch_variable** out_y);
CH_API ch_status ch_tile(ch_variable* x, const int64_t* reps, int32_t n_reps, ch_variable** out_y);
CH_API ch_status ch_select_item(ch_variable* x, ch_variable* t, ch_variable** out_y);

/*
 * Convolution over nd = ndim(x) - 2 spatial dims (1..3). stride, pad and
 * dilate hold nd entries each. W is (out, in / groups, k...).
 */
CH_API ch_status ch_convolution(ch_variable* x, ch_variable* w, ch_variable* CH_NULLABLE b, const int64_t* stride,
                                const int64_t* pad, const int64_t* dilate, int32_t nd, int64_t groups, int32_t cover_all,
                                ch_variable** out_y);
/* Transposed convolution. W is (in, out / groups, k...); outsize may be NULL. */
CH_API ch_status ch_deconvolution(ch_variable* x, ch_variable* w, ch_variable* CH_NULLABLE b, const int64_t* stride,
                                  const int64_t* pad, const int64_t* dilate, const int64_t* outsize, int32_t nd,
                                  int64_t groups, ch_variable** out_y);
/* Pooling over nd spatial dims; ksize, stride and pad hold nd entries. */
CH_API ch_status ch_max_pooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad,
                                int32_t nd, int32_t cover_all, ch_variable** out_y);
CH_API ch_status ch_average_pooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad,
                                    int32_t nd, ch_variable** out_y);

/*
 * Max pooling that also returns its indexes (F.max_pooling_nd(...,
 * return_indices=True)): out_indexes is an int64 array of y's shape holding
 * the argmax of each window, an index into the window flattened in C order
 * (k_1 * ... * k_nd cells, padding included).
 */
CH_API ch_status ch_max_pooling_with_indexes(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad,
                                             int32_t nd, int32_t cover_all, ch_variable** out_y, ch_array** out_indexes);
/*
 * F.upsampling_2d (and its 1-d/3-d analogues): each x value is placed at the
 * cell of its window that `indexes` (int32/int64, x's shape, as returned by
 * ch_max_pooling_with_indexes) names; overlapping windows sum. outsize (nd
 * entries) may be NULL: then Chainer's get_deconv_outsize(..., cover_all).
 */
CH_API ch_status ch_upsampling(ch_variable* x, ch_array* indexes, const int64_t* ksize, const int64_t* stride, const int64_t* pad,
                               const int64_t* outsize, int32_t nd, int32_t cover_all, ch_variable** out_y);
/* F.unpooling_nd / unpooling_2d: each x value spreads over its whole window; outsize may be NULL. */
CH_API ch_status ch_unpooling(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, const int64_t* outsize,
                              int32_t nd, int32_t cover_all, ch_variable** out_y);
/* F.im2col: x (N, C, d...) to (N, C * prod(ksize), out...); every array holds nd entries. */
CH_API ch_status ch_im2col(ch_variable* x, const int64_t* ksize, const int64_t* stride, const int64_t* pad, const int64_t* dilate,
                           int32_t nd, int32_t cover_all, ch_variable** out_y);
/* F.resize_images(x, (out_h, out_w), mode, align_corners). mode: 0 = 'bilinear', 1 = 'nearest'. */
CH_API ch_status ch_resize_images(ch_variable* x, int64_t out_h, int64_t out_w, int32_t mode, int32_t align_corners,
                                  ch_variable** out_y);
/* F.roi_pooling_2d: rois (R, 5) rows (batch_index, x_min, y_min, x_max, y_max) of x's dtype; no gradient reaches rois. */
CH_API ch_status ch_roi_pooling_2d(ch_variable* x, ch_variable* rois, int64_t outh, int64_t outw, double spatial_scale,
                                   ch_variable** out_y);
/* F.diagonal(x, offset, axis1, axis2). */
CH_API ch_status ch_diagonal(ch_variable* x, int64_t offset, int64_t axis1, int64_t axis2, ch_variable** out_y);

/* Losses (chainer.functions.loss). reduce_mean: 1 = 'mean', 0 = 'no'. */
CH_API ch_status ch_softmax_cross_entropy(ch_variable* x, ch_variable* t, int32_t normalize, ch_array* CH_NULLABLE class_weight,
                                          int64_t ignore_label, int32_t reduce_mean, int32_t enable_double_backprop,
                                          ch_variable** out_y);
CH_API ch_status ch_mean_squared_error(ch_variable* x0, ch_variable* x1, ch_variable** out_y);
CH_API ch_status ch_mean_absolute_error(ch_variable* x0, ch_variable* x1, ch_variable** out_y);
CH_API ch_status ch_sigmoid_cross_entropy(ch_variable* x, ch_variable* t, int32_t normalize, int32_t reduce_mean,
                                          ch_variable** out_y);

/*
 * F.connectionist_temporal_classification with the per-step inputs stacked:
 * x (T, B, V) unnormalised scores (float), t (B, M) int32 labels,
 * input_length and label_length (B,) int32 or NULL (all of x / all of t).
 * reduce_mean: 1 = 'mean' (a scalar), 0 = 'no' (B,). The gradient reaches x
 * only and, as in Chainer, cannot be differentiated again.
 */
CH_API ch_status ch_connectionist_temporal_classification(ch_variable* x, ch_variable* t, int64_t blank_symbol,
                                                          ch_variable* CH_NULLABLE input_length,
                                                          ch_variable* CH_NULLABLE label_length, int32_t reduce_mean,
                                                          ch_variable** out_y);

/* Normalization. running_mean / running_var (may be NULL) are updated in place. axes may be NULL. */
CH_API ch_status ch_batch_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, double eps,
                                        ch_array* CH_NULLABLE running_mean, ch_array* CH_NULLABLE running_var, double decay,
                                        const int64_t* axes, int32_t n_axes, ch_variable** out_y);
CH_API ch_status ch_fixed_batch_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, ch_variable* mean,
                                              ch_variable* var, double eps, const int64_t* axes, int32_t n_axes,
                                              ch_variable** out_y);
CH_API ch_status ch_layer_normalization(ch_variable* x, ch_variable* gamma, ch_variable* beta, double eps, ch_variable** out_y);
CH_API ch_status ch_group_normalization(ch_variable* x, int64_t groups, ch_variable* gamma, ch_variable* beta, double eps,
                                        ch_variable** out_y);
CH_API ch_status ch_local_response_normalization(ch_variable* x, int64_t n, double k, double alpha, double beta,
                                                 ch_variable** out_y);
CH_API ch_status ch_normalize(ch_variable* x, double eps, int64_t axis, ch_variable** out_y);

/* Noise; the random arrays (float64, x's shape) come from the caller's generator. */
CH_API ch_status ch_dropout(ch_variable* x, double ratio, ch_array* uniform, ch_variable** out_y);
CH_API ch_status ch_gaussian(ch_variable* mean, ch_variable* ln_var, ch_array* noise, ch_variable** out_y);
CH_API ch_status ch_gumbel_softmax(ch_variable* log_pi, double tau, int64_t axis, ch_array* uniform, ch_variable** out_y);

/* Connections and recurrent activations. */
CH_API ch_status ch_embed_id(ch_variable* x, ch_variable* w, int32_t has_ignore_label, int64_t ignore_label, ch_variable** out_y);
CH_API ch_status ch_bilinear(ch_variable* e1, ch_variable* e2, ch_variable* w, ch_variable* CH_NULLABLE v1,
                             ch_variable* CH_NULLABLE v2, ch_variable* CH_NULLABLE b, ch_variable** out_y);
CH_API ch_status ch_lstm(ch_variable* c_prev, ch_variable* x, ch_variable** out_c, ch_variable** out_h);

/* Evaluation (no gradient). */
CH_API ch_status ch_accuracy(ch_variable* y, ch_variable* t, int32_t has_ignore_label, int64_t ignore_label, ch_variable** out_y);
CH_API ch_status ch_binary_accuracy(ch_variable* y, ch_variable* t, ch_variable** out_y);
/*
 * F.classification_summary: per-class precision, recall and F-beta score
 * (float64, nan where a ratio is 0/0) and support (int64), each of length
 * label_num (max(t) + 1 when has_label_num is 0).
 */
CH_API ch_status ch_classification_summary(ch_variable* y, ch_variable* t, int32_t has_label_num, int64_t label_num, double beta,
                                           int64_t ignore_label, ch_variable** out_precision, ch_variable** out_recall,
                                           ch_variable** out_fbeta_score, ch_variable** out_support);

/*
 * Optimizer updates, in place on whole contiguous arrays of one dtype and
 * shape, with Chainer's arithmetic. Adam takes alpha_t (the bias-corrected
 * step size) and, for amsgrad, the vhat state (NULL otherwise).
 */
CH_API ch_status ch_sgd_update(ch_array* param, ch_array* grad, double lr);
CH_API ch_status ch_momentum_sgd_update(ch_array* param, ch_array* grad, ch_array* v, double lr, double momentum);
CH_API ch_status ch_adam_update(ch_array* param, ch_array* grad, ch_array* m, ch_array* v, ch_array* CH_NULLABLE vhat,
                                double alpha_t, double beta1, double beta2, double eps, double eta, double weight_decay_rate);
CH_API ch_status ch_adagrad_update(ch_array* param, ch_array* grad, ch_array* h_state, double lr, double eps);
CH_API ch_status ch_rmsprop_update(ch_array* param, ch_array* grad, ch_array* ms, double lr, double alpha, double eps,
                                   int32_t eps_inside_sqrt);
/* array *= s */
CH_API ch_status ch_array_scale(ch_array* array, double s);
/* y += a * x */
CH_API ch_status ch_array_axpy(ch_array* y, ch_array* x, double a);
/* array = clip(array, lo, hi) */
CH_API ch_status ch_array_clip(ch_array* array, double lo, double hi);
/* sum(a * b) through BLAS dot */
CH_API ch_status ch_array_dot(ch_array* a, ch_array* b, double* out_value);

/*
 * Functions defined in the host language (FunctionNode subclasses). The host
 * computes the outputs itself, then records them with ch_function_record; the
 * graph keeps `user_data` until the node is destroyed, when `release` is
 * called exactly once. During backprop the library calls `backward`:
 *   grad_outputs (n_outputs), inputs (n_inputs) and outputs (n_outputs) are
 *   NEW handles the callback owns and must free (NULL where there is no
 *   gradient, or the input/output was not retained); target_mask has one
 *   flag per input (1 = its gradient is wanted); the callback stores new
 *   handles (or NULL) into grad_inputs (n_inputs slots), which the library
 *   takes over. It returns 0 on success; otherwise it sets the error with
 *   ch_set_error first.
 */
typedef int32_t (*ch_backward_callback)(void* user_data, ch_variable** grad_outputs, int32_t n_outputs, ch_variable** inputs,
                                        int32_t n_inputs, ch_variable** outputs, const int32_t* target_mask,
                                        ch_variable** grad_inputs);
typedef void (*ch_release_callback)(void* user_data);
/* retain_inputs / retain_outputs: one flag per entry, or NULL for none. Writes n_outputs new handles into results. */
CH_API ch_status ch_function_record(const char* label, ch_variable* const* inputs, int32_t n_inputs, ch_array* const* outputs,
                                    int32_t n_outputs, const int32_t* retain_inputs, const int32_t* retain_outputs,
                                    ch_backward_callback backward, ch_release_callback release, void* user_data,
                                    ch_variable** results);
/* Sets this thread's last error (for callbacks reporting a failure). */
CH_API ch_status ch_set_error(ch_status code, const char* message);

#ifdef __cplusplus
}
#endif

#if defined(__clang__)
#  pragma clang diagnostic pop
#endif

#endif /* CHAINER_CHAINER_H_ */
