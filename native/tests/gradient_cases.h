// The routine table of the gradient checks: each case builds a function of
// float64 inputs of the given shapes. Shared by the numerical gradient test
// (gradient_test.cc) and the device comparison (device_test.cc), so helper
// arrays made here on the host must be moved by the routines themselves.
#pragma once

#include <vector>

#include "gradient_check.h"
#include "routines/convolution.h"
#include "routines/image.h"
#include "routines/indexing.h"
#include "routines/loss.h"
#include "routines/noise_connection.h"
#include "routines/pooling.h"

namespace chainer {
namespace testing {

using VS = std::vector<Variable>;

struct GradientCase {
  const char* name;
  Fn fn;
  std::vector<Shape> shapes;
  double lo = -1, hi = 1, avoid = 0.0;
  bool second = true;
  double eps = 1e-5, atol = 1e-6, rtol = 1e-5;
};

inline std::vector<GradientCase> GradientCases() {
  namespace r = routines;
  static Axes ax1{1}, ax02{0, 2};

  return {
      {"add_broadcast", [](const VS& v) { return v[0] + v[1]; }, {{2, 3}, {3}}},
      {"sub_broadcast", [](const VS& v) { return v[0] - v[1]; }, {{2, 1}, {1, 3}}},
      {"mul_broadcast", [](const VS& v) { return v[0] * v[1]; }, {{2, 3}, {2, 1}}},
      {"div", [](const VS& v) { return v[0] / v[1]; }, {{2, 3}, {3}}, 0.5, 2},
      {"pow", [](const VS& v) { return r::Pow(v[0], v[1]); }, {{2, 3}, {2, 3}}, 0.5, 2},
      {"pow_scalar", [](const VS& v) { return r::PowScalar(v[0], 3); }, {{2, 3}}},
      {"rpow_scalar", [](const VS& v) { return r::RPowScalar(v[0], 2.5); }, {{2, 3}}},
      {"rdiv_scalar", [](const VS& v) { return r::RDivScalar(v[0], 2); }, {{2, 3}}, 0.5, 2},
      {"rsub_scalar", [](const VS& v) { return r::RSubScalar(v[0], 2); }, {{2, 3}}},
      {"neg_exp_log", [](const VS& v) { return r::Log(r::Exp(-v[0])); }, {{4}}},
      {"sum_axis_keepdims", [](const VS& v) { return r::Sum(v[0], &ax1, true); }, {{2, 3, 4}}},
      {"sum_all", [](const VS& v) { return r::Sum(v[0] * v[0], nullptr, false); }, {{2, 3}}},
      {"broadcast_to", [](const VS& v) { return r::BroadcastTo(v[0], Shape{2, 3, 4}) * r::BroadcastTo(v[0], Shape{2, 3, 4}); }, {{3, 1}}},
      {"sum_to", [](const VS& v) { return r::SumTo(v[0] * v[0], Shape{3, 1}); }, {{2, 3, 4}}},
      {"reshape_transpose", [](const VS& v) { return r::Transpose(r::Reshape(v[0] * v[0], Shape{3, -1}), nullptr); }, {{2, 3, 2}}},
      {"matmul", [](const VS& v) { return r::MatMul(v[0], v[1], false, false); }, {{2, 3}, {3, 4}}},
      {"matmul_trans", [](const VS& v) { return r::MatMul(v[0], v[1], true, true); }, {{3, 2}, {4, 3}}},
      {"matmul_batch_broadcast", [](const VS& v) { return r::MatMul(v[0], v[1], false, false); }, {{2, 2, 3}, {3, 2}}},
      {"matmul_vector", [](const VS& v) { return r::MatMul(v[0], v[1], false, false); }, {{3}, {3, 2}}},
      {"linear", [](const VS& v) { return r::Linear(v[0], v[1], v[2], 1); }, {{2, 3}, {4, 3}, {4}}},
      {"linear_nobias_nbatch2", [](const VS& v) { return r::Linear(v[0], v[1], Variable(), 2); }, {{2, 3, 2}, {4, 2}}},
      {"absolute", [](const VS& v) { return r::Absolute(v[0]); }, {{2, 3}}, -1, 1, 0.1},
      {"sqrt", [](const VS& v) { return r::Sqrt(v[0]); }, {{2, 3}}, 0.5, 2},
      {"rsqrt", [](const VS& v) { return r::Rsqrt(v[0]); }, {{2, 3}}, 0.5, 2},
      {"square", [](const VS& v) { return r::Square(v[0]); }, {{2, 3}}},
      {"expm1_log1p", [](const VS& v) { return r::Log1p(r::Expm1(v[0])); }, {{2, 3}}},
      {"log2_log10", [](const VS& v) { return r::Log2(v[0]) + r::Log10(v[0]); }, {{2, 3}}, 0.5, 2},
      {"trig", [](const VS& v) { return r::Sin(v[0]) + r::Cos(v[0]) + r::Tan(v[0]); }, {{2, 3}}},
      {"inverse_trig", [](const VS& v) { return r::Arcsin(v[0]) + r::Arccos(v[0]) + r::Arctan(v[0]); }, {{2, 3}}, -0.8, 0.8},
      {"hyperbolic", [](const VS& v) { return r::Sinh(v[0]) + r::Cosh(v[0]) + r::Tanh(v[0]); }, {{2, 3}}},
      {"sigmoid", [](const VS& v) { return r::Sigmoid(v[0]); }, {{2, 3}}},
      {"clip", [](const VS& v) { return r::Clip(v[0], -0.5, 0.5); }, {{3, 4}}},
      {"maximum_minimum", [](const VS& v) { return r::Maximum(v[0], v[1]) + r::Minimum(v[0], v[1]); }, {{2, 3}, {3}}},
      {"where", [](const VS& v) { return r::Where(Variable::Leaf(routines::CompareScalar(CompareOp::kGt, v[0].array(), 0.0), false), v[0], v[1]); },
       {{2, 3}, {2, 3}}, -1, 1, 0.1},
      {"fmod", [](const VS& v) { return r::Fmod(v[0], v[1]); }, {{2, 3}, {2, 3}}, 0.3, 0.9, 0.0, false},
      {"max_min", [](const VS& v) { return r::Max(v[0], &ax1, false) + r::Min(v[0], &ax1, false); }, {{2, 3}}},
      {"mean", [](const VS& v) { return r::Mean(v[0], &ax02, true); }, {{2, 3, 2}}},
      {"prod", [](const VS& v) { return r::Prod(v[0], &ax1, false); }, {{2, 3, 2}}},
      {"prod_all", [](const VS& v) { return r::Prod(v[0], nullptr, false); }, {{2, 2}}},
      {"cumsum", [](const VS& v) { return r::Cumsum(v[0] * v[0], 1); }, {{2, 3}}},
      {"logsumexp", [](const VS& v) { return r::LogSumExp(v[0], &ax1); }, {{2, 3}}},
      {"relu", [](const VS& v) { return r::Relu(v[0]); }, {{2, 3}}, -1, 1, 0.1},
      {"clipped_relu", [](const VS& v) { return r::ClippedRelu(v[0], 0.5); }, {{3, 3}}, -1, 1, 0.1},
      {"leaky_relu", [](const VS& v) { return r::LeakyRelu(v[0], 0.2); }, {{2, 3}}, -1, 1, 0.1},
      {"elu", [](const VS& v) { return r::Elu(v[0], 1.0); }, {{2, 3}}, -1, 1, 0.1},
      {"selu", [](const VS& v) { return r::Selu(v[0], 1.6732632423543772, 1.0507009873554805); }, {{2, 3}}, -1, 1, 0.1},
      {"softplus", [](const VS& v) { return r::Softplus(v[0], 2.0); }, {{2, 3}}},
      {"hard_sigmoid", [](const VS& v) { return r::HardSigmoid(v[0] * v[0]); }, {{2, 3}}},
      {"swish", [](const VS& v) { return r::Swish(v[0], v[1]); }, {{2, 3, 2}, {3}}},
      {"prelu", [](const VS& v) { return r::PRelu(v[0], v[1]); }, {{2, 3}, {3}}, -1, 1, 0.1},
      {"softmax", [](const VS& v) { return r::Softmax(v[0], 1); }, {{2, 4}}},
      {"log_softmax", [](const VS& v) { return r::LogSoftmax(v[0], 1); }, {{3, 4}}},
      {"maxout", [](const VS& v) { return r::Maxout(v[0], 2, 1); }, {{2, 4}}},
      {"flip", [](const VS& v) { return r::Flip(v[0] * v[0], 1); }, {{2, 3}}},
      {"get_item_slices",
       [](const VS& v) {
         std::vector<IndexKey> k{{IndexKey::kSlice, 1, IndexKey::kNone, -1, Array()}, {IndexKey::kNewAxis, 0, 0, 0, Array()},
                                 {IndexKey::kInt, -1, 0, 0, Array()}};
         return routines::GetItem(v[0] * v[0], k);
       },
       {{3, 4}}},
      {"take_repeated",
       [](const VS& v) {
         int64_t idx[] = {2, 0, 2, -1};
         Array ia = Array::FromHost(Shape{2, 2}, Dtype::kInt64, idx, CpuDevice());
         return r::Take(v[0] * v[0], ia, 1);
       },
       {{2, 3}}},
      {"concat", [](const VS& v) { return r::Concat({v[0] * v[0], v[1]}, 1); }, {{2, 1}, {2, 3}}},
      {"stack", [](const VS& v) { return r::Stack({v[0] * v[0], v[1]}, 1); }, {{2, 3}, {2, 3}}},
      {"split_axis", [](const VS& v) { auto p = r::SplitAxis(v[0] * v[0], {1}, 1); return p[0] * 2.0 + r::Sum(p[1], &ax1, true); }, {{2, 3}}},
      {"pad", [](const VS& v) { return r::Pad(v[0] * v[0], {1, 0}, {0, 2}, 3.0); }, {{2, 3}}},
      {"repeat", [](const VS& v) { int64_t ax = 1; return r::Repeat(v[0] * v[0], {2}, &ax); }, {{2, 2}}},
      {"tile", [](const VS& v) { return r::Tile(v[0] * v[0], {2, 1, 2}); }, {{2, 2}}},
      {"cast", [](const VS& v) { return r::Cast(r::Cast(v[0] * v[0], Dtype::kFloat32), Dtype::kFloat64); }, {{2, 2}}, -1, 1, 0.0, false,
       1e-2, 1e-3, 1e-3},
      {"select_item",
       [](const VS& v) {
         int32_t t[] = {2, 0};
         return r::SelectItem(v[0] * v[0], Variable::Leaf(Array::FromHost(Shape{2}, Dtype::kInt32, t, CpuDevice()), false));
       },
       {{2, 3}}},
      {"convolution_2d",
       [](const VS& v) {
         routines::ConvParams p;
         p.stride[0] = 2;
         p.pad[0] = 1;
         p.pad[1] = 1;
         return routines::Convolution(v[0], v[1], v[2], p);
       },
       {{2, 2, 4, 3}, {3, 2, 3, 2}, {3}}},
      {"convolution_1d_dilate_groups",
       [](const VS& v) {
         routines::ConvParams p;
         p.dilate[0] = 2;
         p.groups = 2;
         p.cover_all = true;
         return routines::Convolution(v[0], v[1], Variable(), p);
       },
       {{1, 4, 7}, {2, 2, 2}}},
      {"deconvolution_2d",
       [](const VS& v) {
         routines::ConvParams p;
         p.stride[0] = 2;
         p.stride[1] = 2;
         p.pad[0] = 1;
         return routines::Deconvolution(v[0], v[1], v[2], p, nullptr);
       },
       {{2, 2, 3, 2}, {2, 3, 3, 2}, {3}}},
      {"max_pooling_2d",
       [](const VS& v) {
         routines::PoolParams p;
         p.ksize[0] = p.ksize[1] = 2;
         p.stride[0] = p.stride[1] = 2;
         return routines::MaxPooling(v[0] * 3.0, p);
       },
       {{1, 2, 5, 5}}},
      {"average_pooling_2d",
       [](const VS& v) {
         routines::PoolParams p;
         p.ksize[0] = p.ksize[1] = 3;
         p.stride[0] = p.stride[1] = 2;
         p.pad[0] = p.pad[1] = 1;
         return routines::AveragePooling(v[0] * v[0], p);
       },
       {{1, 2, 5, 4}}},
      {"max_pooling_with_indexes_3d",
       [](const VS& v) {
         routines::PoolParams p;
         p.nd = 3;
         p.ksize[0] = p.ksize[1] = p.ksize[2] = 2;
         p.stride[0] = p.stride[1] = p.stride[2] = 1;
         p.pad[2] = 1;
         return routines::MaxPoolingWithIndexes(v[0] * 3.0, p).first;
       },
       {{1, 1, 3, 2, 2}}},
      {"upsampling_2d",
       [](const VS& v) {
         // Indexes of a fixed pooling (3x3 windows, stride 2, pad 1, cover_all) of a 5x4 image.
         routines::PoolParams p;
         p.ksize[0] = p.ksize[1] = 3;
         p.stride[0] = p.stride[1] = 2;
         p.pad[0] = p.pad[1] = 1;
         std::mt19937 g(99);
         Array src = RandomArray(Shape{2, 1, 5, 4}, g);
         Array idx = routines::MaxPoolingWithIndexes(Variable::Leaf(src, false), p).second;
         int64_t outsize[] = {5, 4};
         return routines::Upsampling(v[0] * v[0], idx, p, outsize);
       },
       {{2, 1, 3, 3}}},
      {"upsampling_1d_default_outsize",
       [](const VS& v) {
         routines::PoolParams p;
         p.nd = 1;
         p.ksize[0] = 3;
         p.stride[0] = 2;
         p.cover_all = false;
         int64_t idx[] = {2, 0, 1, 1, 0, 2};
         Array ia = Array::FromHost(Shape{1, 2, 3}, Dtype::kInt64, idx, CpuDevice());
         return routines::Upsampling(v[0] * v[0], ia, p, nullptr);
       },
       {{1, 2, 3}}},
      {"unpooling_2d",
       [](const VS& v) {
         routines::PoolParams p;
         p.ksize[0] = p.ksize[1] = 3;
         p.stride[0] = p.stride[1] = 2;
         p.pad[0] = p.pad[1] = 1;
         p.cover_all = false;
         return routines::Unpooling(v[0] * v[0], p, nullptr);
       },
       {{1, 2, 2, 3}}},
      {"unpooling_1d_outsize",
       [](const VS& v) {
         routines::PoolParams p;
         p.nd = 1;
         p.ksize[0] = 2;
         p.stride[0] = 1;
         int64_t outsize[] = {4};
         return routines::Unpooling(v[0] * v[0], p, outsize);
       },
       {{2, 1, 3}}},
      {"im2col",
       [](const VS& v) {
         routines::ConvParams p;
         p.stride[0] = 2;
         p.pad[0] = 1;
         p.dilate[1] = 2;
         p.cover_all = true;
         int64_t k[] = {2, 2};
         return routines::Im2Col(v[0] * v[0], p, k, 2);
       },
       {{1, 2, 4, 5}}},
      {"resize_bilinear_align_corners",
       [](const VS& v) { return routines::ResizeImages(v[0] * v[0], 5, 3, routines::ResizeMode::kBilinear, true); }, {{1, 2, 3, 4}}},
      {"resize_bilinear", [](const VS& v) { return routines::ResizeImages(v[0] * v[0], 2, 7, routines::ResizeMode::kBilinear, false); },
       {{2, 1, 3, 4}}},
      {"resize_nearest", [](const VS& v) { return routines::ResizeImages(v[0] * v[0], 5, 3, routines::ResizeMode::kNearest, true); },
       {{1, 1, 3, 4}}},
      {"roi_pooling_2d",
       [](const VS& v) {
         double rois[] = {0, 1, 1, 4, 5, 1, 0.4, 2.6, 6.2, 5.5, 0, -2, -1, 2, 2, 1, 5, 5, 20, 20, 1, 3, 2.5, 3, 2.5};
         Variable r = Variable::Leaf(Array::FromHost(Shape{5, 5}, Dtype::kFloat64, rois, v[0].array().device()), false);
         return routines::RoiPooling2D(v[0] * v[0], r, 2, 3, 0.5);
       },
       {{2, 2, 4, 5}}},
      {"diagonal",
       [](const VS& v) {
         Variable d = routines::Diagonal(v[0], 1, 0, 1);
         return routines::Diagonal(v[0] * v[0], -1, 2, 0) + routines::Sum(d * d, nullptr, false);
       },
       {{3, 4, 2}}},
      // The fused softmax cross entropy is first order only (its gradient raises when differentiated).
      {"softmax_cross_entropy",
       [](const VS& v) {
         int32_t t[] = {2, -1, 0};
         return r::SoftmaxCrossEntropy(v[0], Variable::Leaf(Array::FromHost(Shape{3}, Dtype::kInt32, t, CpuDevice()), false), {});
       },
       {{3, 4}}, -1, 1, 0.0, false},
      {"softmax_cross_entropy_nd_weight_no_reduce",
       [](const VS& v) {
         int64_t t[] = {1, 0, 2, -1, 1, 2};
         double w[] = {0.5, 2.0, 1.5};
         routines::SoftmaxCrossEntropyOptions o;
         o.class_weight = Array::FromHost(Shape{3}, Dtype::kFloat64, w, CpuDevice());
         o.reduce_mean = false;
         return r::SoftmaxCrossEntropy(v[0], Variable::Leaf(Array::FromHost(Shape{2, 3}, Dtype::kInt64, t, CpuDevice()), false), o);
       },
       {{2, 3, 3}}, -1, 1, 0.0, false},
      {"softmax_cross_entropy_double_backprop",
       [](const VS& v) {
         int32_t t[] = {1, 3, -1};
         routines::SoftmaxCrossEntropyOptions o;
         o.enable_double_backprop = true;
         o.normalize = false;
         return r::SoftmaxCrossEntropy(v[0], Variable::Leaf(Array::FromHost(Shape{3}, Dtype::kInt32, t, CpuDevice()), false), o);
       },
       {{3, 4}}},
      {"sigmoid_cross_entropy",
       [](const VS& v) {
         int32_t t[] = {1, 0, -1, 1, 1, 0};
         return r::SigmoidCrossEntropy(v[0], Variable::Leaf(Array::FromHost(Shape{2, 3}, Dtype::kInt32, t, CpuDevice()), false), true, true);
       },
       {{2, 3}}},
      {"dropout_gaussian",
       [](const VS& v) {
         double u[] = {0.1, 0.7, 0.4, 0.9, 0.2, 0.6};
         Array ua = Array::FromHost(Shape{2, 3}, Dtype::kFloat64, u, CpuDevice());
         return r::Dropout(v[0], 0.5, ua) + r::Gaussian(v[0], v[0] * 0.5, ua);
       },
       {{2, 3}}},
      {"embed_id_ignore",
       [](const VS& v) {
         int32_t ids[] = {2, -1, 0, 2};
         int64_t ignore = -1;
         return r::EmbedId(Variable::Leaf(Array::FromHost(Shape{2, 2}, Dtype::kInt32, ids, CpuDevice()), false), v[0] * v[0], &ignore);
       },
       {{3, 2}}},
      {"get_item_bool_mask",
       [](const VS& v) {
         bool m[] = {true, false, true, true, false, false};
         std::vector<IndexKey> k{{IndexKey::kArray, 0, 0, 0, Array::FromHost(Shape{2, 3}, Dtype::kBool, m, CpuDevice())}};
         return routines::GetItem(v[0] * v[0], k);
       },
       {{2, 3, 2}}},
      // Chainer's CTC gradient is not differentiable (it raises here), so first order only.
      {"ctc",
       [](const VS& v) {
         int32_t t[] = {1, 2, 1, 3, 3, 0};
         int32_t il[] = {4, 3}, ll[] = {3, 1};
         auto c = [](const Shape& s, int32_t* d) { return Variable::Leaf(Array::FromHost(s, Dtype::kInt32, d, CpuDevice()), false); };
         return routines::ConnectionistTemporalClassification(v[0], c(Shape{2, 3}, t), 0, c(Shape{2}, il), c(Shape{2}, ll), false);
       },
       {{4, 2, 4}}, -2, 2, 0.0, false},
      {"ctc_mean",
       [](const VS& v) {
         int32_t t[] = {2, 2, 1, 3};
         return routines::ConnectionistTemporalClassification(
             v[0] * v[0], Variable::Leaf(Array::FromHost(Shape{2, 2}, Dtype::kInt32, t, CpuDevice()), false), 3, Variable(), Variable(), true);
       },
       {{5, 2, 4}}, -2, 2, 0.0, false},
  };
}

}  // namespace testing
}  // namespace chainer
