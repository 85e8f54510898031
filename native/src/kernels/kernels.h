// The backend interface. Routines express every computation through these
// primitives; each device (CPU, CUDA) implements them. Operands arrive with
// the output's shape already (inputs broadcast as zero-stride views) and
// matching dtypes unless stated otherwise.
#pragma once

#include <vector>

#include "array/array.h"

namespace chainer {

// Float unary functions: X(name, expression of v of type T).
#define CHAINER_FLOAT_UNARY_OPS(X)                               \
  X(Exp, std::exp(v))                                            \
  X(Log, std::log(v))                                            \
  X(Sqrt, std::sqrt(v))                                          \
  X(Square, v * v)                                               \
  X(Expm1, std::expm1(v))                                        \
  X(Log1p, std::log1p(v))                                        \
  X(Log2, std::log2(v))                                          \
  X(Log10, std::log10(v))                                        \
  X(Sin, std::sin(v))                                            \
  X(Cos, std::cos(v))                                            \
  X(Tan, std::tan(v))                                            \
  X(Arcsin, std::asin(v))                                        \
  X(Arccos, std::acos(v))                                        \
  X(Arctan, std::atan(v))                                        \
  X(Sinh, std::sinh(v))                                          \
  X(Cosh, std::cosh(v))                                          \
  X(Tanh, std::tanh(v))                                          \
  X(Sigmoid, std::tanh(v * T(0.5)) * T(0.5) + T(0.5))            \
  X(Floor, std::floor(v))                                        \
  X(Ceil, std::ceil(v))                                          \
  X(Fix, std::trunc(v))                                          \
  X(Reciprocal, T(1) / v)

enum class UnaryOp {
  kNeg,   // any numeric dtype
  kAbs,   // any numeric dtype
  kSign,  // any numeric dtype
  kRelu,  // any numeric dtype
#define CHAINER_UNARY_ENUM(name, expr) k##name,
  CHAINER_FLOAT_UNARY_OPS(CHAINER_UNARY_ENUM)
#undef CHAINER_UNARY_ENUM
};

enum class BinaryOp {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kMaximum,
  kMinimum,
  kFmod,
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

enum class ReduceOp { kSum, kProd, kMax, kMin };

// Geometry of a sliding window over nd (1..3) spatial dims: input size,
// kernel, stride, padding, dilation and output size.
struct ConvGeometry {
  static constexpr int kMaxSpatial = 3;
  int nd = 0;
  int64_t in[kMaxSpatial] = {}, k[kMaxSpatial] = {}, s[kMaxSpatial] = {}, p[kMaxSpatial] = {}, d[kMaxSpatial] = {},
          out[kMaxSpatial] = {};
  int64_t KernelSize() const {
    int64_t n = 1;
    for (int i = 0; i < nd; ++i) n *= k[i];
    return n;
  }
  int64_t OutSize() const {
    int64_t n = 1;
    for (int i = 0; i < nd; ++i) n *= out[i];
    return n;
  }
  int64_t InSize() const {
    int64_t n = 1;
    for (int i = 0; i < nd; ++i) n *= in[i];
    return n;
  }
};

// Sampling tables of a 2-d resize (resize_images): output row i reads input
// rows v0[i] and v1[i] with weight vw[i] on v1 (1 - vw[i] on v0); output
// column j reads columns u0[j], u1[j] with weight uw[j] on u1.
struct ResizeTable {
  std::vector<int64_t> v0, v1, u0, u1;
  std::vector<double> vw, uw;
};

// In-place parameter updates of the optimizers, with Chainer's arithmetic
// (hyper-parameters cast to the parameter dtype before each operation).
enum class UpdateRule { kSgd, kMomentumSgd, kAdam, kAdaGrad, kRmsProp };

struct UpdateHyper {
  double lr = 0.01;        // SGD/MomentumSGD/AdaGrad/RMSprop lr; Adam: alpha_t
  double momentum = 0.9;   // MomentumSGD
  double beta1 = 0.9, beta2 = 0.999, eta = 1.0, weight_decay_rate = 0.0;  // Adam
  double eps = 1e-8;       // Adam/AdaGrad/RMSprop
  double alpha = 0.99;     // RMSprop
  bool eps_inside_sqrt = false;
  bool amsgrad = false;
};

class Kernels {
 public:
  virtual ~Kernels() = default;

  virtual void Fill(const Array& out, double value) = 0;
  // out[i] = start + i * step (out is 1-d).
  virtual void Arange(const Array& out, double start, double step) = 0;
  // Element-wise copy with dtype conversion; shapes are equal.
  virtual void Copy(const Array& src, const Array& dst) = 0;
  virtual void Unary(UnaryOp op, const Array& x, const Array& out) = 0;
  virtual void Binary(BinaryOp op, const Array& a, const Array& b, const Array& out) = 0;
  // out = a op s, or s op a when scalar_first.
  virtual void BinaryScalar(BinaryOp op, const Array& a, double s, bool scalar_first, const Array& out) = 0;
  // out (bool) = a cmp b.
  virtual void Compare(CompareOp op, const Array& a, const Array& b, const Array& out) = 0;
  // out = cond ? a : b (cond is bool).
  virtual void Where(const Array& cond, const Array& a, const Array& b, const Array& out) = 0;
  // Sums x over `axes` (sorted, unique) into out, whose shape is x's without them.
  virtual void Sum(const Array& x, const Axes& axes, const Array& out) = 0;
  // Max/min/prod over axes (sorted, unique); out has x's shape without them.
  virtual void Reduce(ReduceOp op, const Array& x, const Axes& axes, const Array& out) = 0;
  // Index (int64) of the max/min along `axis` (out: x's shape without axis).
  virtual void ArgReduce(ReduceOp op, const Array& x, int axis, const Array& out) = 0;
  // Inclusive cumulative sum along `axis` (out has x's shape).
  virtual void Cumsum(const Array& x, int axis, const Array& out) = 0;
  // out = x.take(indices, axis) for int64 indices already in range.
  virtual void Take(const Array& x, const Array& indices, int axis, const Array& out) = 0;
  // numpy.add.at(out, (slice(None),)*axis + (indices,), src): out is zero-filled by the caller.
  virtual void ScatterAdd(const Array& src, const Array& indices, int axis, const Array& out) = 0;
  // x (B, C, in...) → col (B, C, k..., out...), pad_value outside the input.
  virtual void Im2Col(const Array& x, const ConvGeometry& g, double pad_value, const Array& col) = 0;
  // col (B, C, k..., out...) summed back into x (B, C, in...), which it overwrites.
  virtual void Col2Im(const Array& col, const ConvGeometry& g, const Array& x) = 0;
  // Max over each window; indexes (int64, like y) hold the argmax within the window.
  virtual void MaxPool(const Array& x, const ConvGeometry& g, const Array& y, const Array& indexes) = 0;
  // gx (overwritten) receives gy at each window's argmax.
  virtual void MaxPoolScatter(const Array& gy, const Array& indexes, const ConvGeometry& g, const Array& gx) = 0;
  // gy = gx at each window's argmax.
  virtual void MaxPoolGather(const Array& gx, const Array& indexes, const ConvGeometry& g, const Array& gy) = 0;
  // y (B, C, out_h, out_w) = bilinear interpolation of x (B, C, h, w) through the table.
  virtual void ResizeBilinear(const Array& x, const ResizeTable& t, const Array& y) = 0;
  // gx (B, C, h, w; overwritten) = the adjoint of ResizeBilinear applied to gy.
  virtual void ResizeBilinearAdjoint(const Array& gy, const ResizeTable& t, const Array& gx) = 0;
  // RoI max pooling of x (N, C, H, W) over rois (R, 5) = (batch index, x_min,
  // y_min, x_max, y_max) into y (R, C, out_h, out_w); argmax (int64, y's
  // shape) holds the flat index into x of each maximum, -1 for empty bins.
  virtual void RoiMaxPool(const Array& x, const Array& rois, double spatial_scale, const Array& y, const Array& argmax) = 0;
  // out[i] = indices[i] >= 0 ? src.flat[indices[i]] : 0 (indices int64, out's shape).
  virtual void GatherFlat(const Array& src, const Array& indices, const Array& out) = 0;
  // out (overwritten with zeros) .flat[indices[i]] += src[i] where indices[i] >= 0: GatherFlat's adjoint.
  virtual void ScatterAddFlat(const Array& src, const Array& indices, const Array& out) = 0;
  // Connectionist temporal classification of x (T, B, V) against labels t
  // (B, M, int64) with int64 input_length and label_length (B): loss (B,) gets
  // -log p(t | x) per sample and grad (T, B, V) the gradient of each
  // sample's loss with respect to x (zero at and after its input length).
  virtual void Ctc(const Array& x, const Array& t, const Array& input_length, const Array& label_length, int64_t blank,
                   const Array& loss, const Array& grad) = 0;
  // Updates param from grad and the rule's state arrays (s0: v/m/h/ms, s1: Adam v, s2: Adam vhat).
  virtual void Update(UpdateRule rule, const UpdateHyper& h, const Array& param, const Array& grad, const Array& s0,
                      const Array& s1, const Array& s2) = 0;
  // out (0-d) = sum(a * b) over all elements, through BLAS dot as NumPy does.
  virtual void Dot(const Array& a, const Array& b, const Array& out) = 0;
  // out = op(a) @ op(b) for 2-d operands, or batched over equal leading dims.
  virtual void Matmul(const Array& a, const Array& b, bool transa, bool transb, const Array& out) = 0;
};

}  // namespace chainer
