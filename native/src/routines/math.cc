// Exponential and logarithm.
#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {
namespace {

Array UnaryForward(UnaryOp op, const Array& x) {
  Array y = Array::EmptyLike(x);
  DispatchKernels(x.device()).Unary(op, x, y);
  return y;
}

}  // namespace

Variable Exp(const Variable& x) {
  TypeCheck("exp").ExpectFloat(x, "in_types[0]");
  return RecordSingle("exp", {x}, UnaryForward(UnaryOp::kExp, x.array()), 0, true, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output() * ctx.output_grad());
  });
}

Variable Log(const Variable& x) {
  TypeCheck("log").ExpectFloat(x, "x");
  return RecordSingle("log", {x}, UnaryForward(UnaryOp::kLog, x.array()), 0b1, false, [](BackwardContext& ctx) {
    ctx.set_input_grad(0, ctx.output_grad() / ctx.input(0));
  });
}

}  // namespace routines
}  // namespace chainer
