// F.connectionist_temporal_classification. As in Chainer, the gradient is
// computed together with the loss (the Ctc kernel) and scaled in backward;
// Chainer's CTC is an old-style Function whose gradient is not
// differentiable, so the gradient's own backward raises.
#include "routines/common.h"
#include "routines/loss.h"

namespace chainer {
namespace routines {
namespace {

void ExpectInt32(const TypeCheck& tc, const Variable& v, const char* name) {
  if (v.dtype() != Dtype::kInt32) {
    tc.Fail(CheckKind::kDtype, std::string(name) + ".dtype == <class 'numpy.int32'>",
            std::string(DtypeName(v.dtype())) + " != <class 'numpy.int32'>");
  }
}

// The gradient node takes x and gloss, so differentiating the gradient with
// respect to either raises Chainer's error for old-style functions.
Variable CtcGrad(const Variable& x, const Variable& gloss, Array gx) {
  return RecordSingle("ConnectionistTemporalClassificationGrad", {x, gloss}, std::move(gx), 0, false, [](BackwardContext&) {
    throw GradientError("cannot twice-differentiate an old style Function \"ConnectionistTemporalClassification\" (double backpropagation is "
                        "not supported)");
  });
}

// A length array in host memory: the given int32 one, or `fill` for every sample.
Array Lengths(const Variable& given, int64_t batch, int64_t fill, int64_t limit, const char* name) {
  if (!given.defined()) return Array::Full(Shape{batch}, Dtype::kInt64, static_cast<double>(fill), CpuDevice());
  Array a = OnHost(given.array()).AsType(Dtype::kInt64);
  const int64_t* p = a.data<int64_t>();
  for (int64_t i = 0; i < batch; ++i) {
    if (p[i] < 0 || p[i] > limit) {
      throw InvalidArgumentError(std::string(name) + "[" + std::to_string(i) + "] = " + std::to_string(p[i]) + " is outside [0, " +
                                 std::to_string(limit) + "]");
    }
  }
  return a;
}

}  // namespace

Variable ConnectionistTemporalClassification(const Variable& x, const Variable& t, int64_t blank_symbol, const Variable& input_length,
                                             const Variable& label_length, bool reduce_mean) {
  TypeCheck tc("ConnectionistTemporalClassification");
  if (input_length.defined()) {
    ExpectInt32(tc, input_length, "input_length");
    tc.ExpectEq("input_length.ndim", input_length.ndim(), "1", 1);
  }
  if (label_length.defined()) {
    ExpectInt32(tc, label_length, "label_length");
    tc.ExpectEq("label_length.ndim", label_length.ndim(), "1", 1);
  }
  tc.ExpectEq("t.ndim", t.ndim(), "2", 2);
  ExpectInt32(tc, t, "t");
  tc.ExpectEq("x.ndim", x.ndim(), "3", 3);
  tc.ExpectFloat(x, "x");
  int64_t steps = x.shape()[0], batch = x.shape()[1], vocab = x.shape()[2], max_labels = t.shape()[1];
  tc.ExpectEq("t.shape[0]", t.shape()[0], "x.shape[1]", batch);
  if (input_length.defined()) tc.ExpectEq("input_length.shape[0]", input_length.shape()[0], "x.shape[1]", batch);
  if (label_length.defined()) tc.ExpectEq("label_length.shape[0]", label_length.shape()[0], "x.shape[1]", batch);
  if (blank_symbol < 0 || blank_symbol >= vocab) {
    throw InvalidArgumentError("blank_symbol must satisfy 0 <= blank_symbol < x.shape[2] (" + std::to_string(vocab) + "), got " +
                               std::to_string(blank_symbol));
  }
  if (steps == 0) throw InvalidArgumentError("x must hold at least one time step");
  Array il = Lengths(input_length, batch, steps, steps, "input_length");
  Array ll = Lengths(label_length, batch, max_labels, max_labels, "label_length");
  // Labels within each label length must name a unit; the padding after it
  // may also be negative (counted from the end, as NumPy indexes).
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  {
    const int64_t* tp = ti.data<int64_t>();
    const int64_t* lp = ll.data<int64_t>();
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t j = 0; j < max_labels; ++j) {
        int64_t v = tp[b * max_labels + j];
        int64_t lo = j < lp[b] ? 0 : -vocab;
        if (v < lo || v >= vocab) {
          throw InvalidArgumentError("t[" + std::to_string(b) + ", " + std::to_string(j) + "] = " + std::to_string(v) +
                                     " is not a label in [0, " + std::to_string(vocab) + ")");
        }
      }
    }
  }
  const Array& xa = x.array();
  // Checked on the host; the kernel reads them where x lives.
  il = ToDevice(il, xa.device());
  ll = ToDevice(ll, xa.device());
  ti = ToDevice(ti, xa.device());
  Array loss = Array::Empty(Shape{batch}, xa.dtype(), xa.device());
  Array grad = Array::Empty(xa.shape(), xa.dtype(), xa.device());
  Kernels& k = KernelsOf(xa);
  k.Ctc(xa, ti, il, ll, blank_symbol, loss, grad);
  if (reduce_mean) {
    Array s = Array::Empty(Shape{}, xa.dtype(), xa.device());
    k.Sum(loss, Axes{0}, s);
    k.BinaryScalar(BinaryOp::kDiv, s, static_cast<double>(batch), false, s);
    loss = s;
  }
  std::vector<Variable> inputs{x};
  std::vector<Array> outs{std::move(loss)};
  return Record("ConnectionistTemporalClassification", inputs, std::move(outs), 0b1, 0,
                [grad, reduce_mean, batch](BackwardContext& ctx) {
                  const Variable& gloss = ctx.output_grad();
                  const Array& gl = gloss.array();
                  Array gx = Array::EmptyLike(grad);
                  Kernels& kk = KernelsOf(grad);
                  if (reduce_mean) {
                    // grad * (gloss / batch), the scale computed in the loss dtype.
                    Array scale = Array::Empty(Shape{}, gl.dtype(), gl.device());
                    kk.BinaryScalar(BinaryOp::kDiv, gl, static_cast<double>(batch), false, scale);
                    kk.Binary(BinaryOp::kMul, grad, scale.BroadcastTo(grad.shape()), gx);
                  } else {
                    kk.Binary(BinaryOp::kMul, grad, gl.Reshape(Shape{1, batch, 1}).BroadcastTo(grad.shape()), gx);
                  }
                  ctx.set_input_grad(0, CtcGrad(ctx.input(0), gloss, std::move(gx)));
                })[0];
}

}  // namespace routines
}  // namespace chainer
