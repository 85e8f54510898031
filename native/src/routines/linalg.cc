// Matrix products: matmul (NumPy semantics: 1-d operands, broadcast batch
// dimensions) and linear (x W^T + b with Chainer's n_batch_axes flattening).
#include "device/device.h"
#include "kernels/kernels.h"
#include "routines/common.h"
#include "routines/routines.h"
#include "routines/type_check.h"

namespace chainer {
namespace routines {
namespace {

Shape BatchShape(const Shape& s) {
  Shape b;
  for (int i = 0; i + 2 < s.size(); ++i) b.push_back(s[i]);
  return b;
}

Shape WithMatrix(const Shape& batch, int64_t r, int64_t c) {
  Shape s = batch;
  s.push_back(r);
  s.push_back(c);
  return s;
}

// Both operands have ndim >= 2; batch dims broadcast.
Variable MatMulCore(const Variable& a, const Variable& b, bool ta, bool tb) {
  const Shape& as = a.shape();
  const Shape& bs = b.shape();
  Shape batch = BroadcastShapes(BatchShape(as), BatchShape(bs));
  int64_t m = ta ? as[as.size() - 1] : as[as.size() - 2];
  int64_t n = tb ? bs[bs.size() - 2] : bs[bs.size() - 1];
  const Array& aa = a.array();
  Array av = aa.BroadcastTo(WithMatrix(batch, as[as.size() - 2], as[as.size() - 1]));
  Array bv = b.array().BroadcastTo(WithMatrix(batch, bs[bs.size() - 2], bs[bs.size() - 1]));
  Array y = Array::Empty(WithMatrix(batch, m, n), aa.dtype(), aa.device());
  DispatchKernels(aa.device()).Matmul(av, bv, ta, tb, y);
  Shape a_shape = as, b_shape = bs;
  return RecordSingle("MatMul", {a, b}, std::move(y), 0b11, false, [ta, tb, a_shape, b_shape](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    if (ctx.is_input_grad_required(0)) {
      Variable b = ctx.input(1);
      Variable ga = ta ? MatMulCore(b, gy, tb, true) : MatMulCore(gy, b, false, !tb);
      ctx.set_input_grad(0, ga.shape() == a_shape ? ga : SumTo(ga, a_shape));
    }
    if (ctx.is_input_grad_required(1)) {
      Variable a = ctx.input(0);
      if (!ta && a.ndim() == 2 && gy.ndim() == 2 && b_shape.size() == 2) {
        // A matrix of plain matrix products (a shared weight): a^T gy, or gy^T a for b used transposed.
        if (tb) {
          ctx.set_input_grad_product(1, gy, a);
        } else {
          ctx.set_input_grad_product(1, a, gy);
        }
        return;
      }
      Variable gb = tb ? MatMulCore(gy, a, true, ta) : MatMulCore(a, gy, !ta, false);
      ctx.set_input_grad(1, gb.shape() == b_shape ? gb : SumTo(gb, b_shape));
    }
  });
}

}  // namespace

Variable MatMul(const Variable& a, const Variable& b, bool transa, bool transb) {
  TypeCheck tc("MatMul");
  tc.ExpectFloat(a, "a");
  tc.ExpectSameDtype(a, "a", b, "b");
  CheckSameDevice(a, b);
  if (a.ndim() < 1) tc.Fail(CheckKind::kShape, "a.ndim >= 1", std::to_string(a.ndim()) + " < 1");
  if (b.ndim() < 1) tc.Fail(CheckKind::kShape, "b.ndim >= 1", std::to_string(b.ndim()) + " < 1");
  bool a1 = a.ndim() == 1, b1 = b.ndim() == 1;
  int a_idx = transa && !a1 ? -2 : -1;
  int b_idx = transb && !b1 ? -1 : -2;
  int64_t ak = a.shape()[a.ndim() + a_idx];
  int64_t bk = b1 ? b.shape()[0] : b.shape()[b.ndim() + b_idx];
  tc.ExpectEq("a.shape[" + std::to_string(a_idx) + "]", ak, "b.shape[" + std::to_string(b1 ? -1 : b_idx) + "]", bk);
  {
    Shape ab = BatchShape(a.shape()), bb = BatchShape(b.shape());
    try {
      BroadcastShapes(ab, bb);
    } catch (const ShapeMismatchError&) {
      tc.Fail(CheckKind::kShape, "a.shape[:-2] and b.shape[:-2] broadcastable", a.shape().ToString() + ", " + b.shape().ToString());
    }
  }
  Variable a2 = a1 ? Reshape(a, Shape{1, a.shape()[0]}) : a;
  Variable b2 = b1 ? Reshape(b, Shape{b.shape()[0], 1}) : b;
  Variable y = MatMulCore(a2, b2, a1 ? false : transa, b1 ? false : transb);
  if (!a1 && !b1) return y;
  Shape out = BatchShape(y.shape());
  if (!a1) out.push_back(y.shape()[y.ndim() - 2]);
  if (!b1) out.push_back(y.shape()[y.ndim() - 1]);
  return Reshape(y, out);
}

Variable Linear(const Variable& x, const Variable& w_given, const Variable& b, int n_batch_axes) {
  // Like Chainer, W may be of another float dtype; the result has x's (see InDtypeOf).
  const Variable& w = w_given;
  TypeCheck tc("LinearFunction");
  if (n_batch_axes <= 0) throw InvalidArgumentError("n_batch_axes should be greater than 0.");
  if (n_batch_axes > x.ndim()) {
    tc.Fail(CheckKind::kShape, "x.ndim >= n_batch_axes", std::to_string(x.ndim()) + " < " + std::to_string(n_batch_axes));
  }
  tc.ExpectFloat(x, "x");
  tc.ExpectFloat(w, "W");
  CheckSameDevice(x, w);
  tc.ExpectEq("W.ndim", w.ndim(), "2", 2);
  Shape batch;
  int64_t rows = 1, cols = 1;
  for (int i = 0; i < x.ndim(); ++i) {
    if (i < n_batch_axes) {
      batch.push_back(x.shape()[i]);
      rows *= x.shape()[i];
    } else {
      cols *= x.shape()[i];
    }
  }
  tc.ExpectEq("x.shape[1]", cols, "W.shape[1]", w.shape()[1]);
  if (b.defined()) {
    tc.ExpectSameDtype(b, "b", x, "x");
    CheckSameDevice(x, b);
    tc.ExpectEq("b.ndim", b.ndim(), "1", 1);
    tc.ExpectEq("b.shape[0]", b.shape()[0], "W.shape[0]", w.shape()[0]);
  }
  int64_t out_size = w.shape()[0];
  Variable wc = InDtypeOf(w, x);
  const Array& xa = x.array();
  Array x2 = xa.Reshape(Shape{rows, cols});
  Array y = Array::Empty(Shape{rows, out_size}, xa.dtype(), xa.device());
  Kernels& k = DispatchKernels(xa.device());
  k.Matmul(x2, wc.array(), false, true, y);
  if (b.defined()) k.Binary(BinaryOp::kAdd, y, b.array().BroadcastTo(y.shape()), y);
  Shape y_shape = batch;
  y_shape.push_back(out_size);
  if (y_shape != y.shape()) y = y.Reshape(y_shape);

  Shape x_shape = x.shape();
  auto backward = [x_shape, rows, cols, out_size](BackwardContext& ctx) {
    Variable gy = ctx.output_grad();
    if (gy.ndim() != 2) gy = Reshape(gy, Shape{rows, out_size});
    if (ctx.is_input_grad_required(0)) {
      Variable gx = MatMul(gy, ctx.input(1), false, false);
      ctx.set_input_grad(0, gx.shape() == x_shape ? gx : Reshape(gx, x_shape));
    }
    if (ctx.is_input_grad_required(1)) {
      Variable xv = ctx.input(0);
      Variable x2v = xv.ndim() == 2 ? xv : Reshape(xv, Shape{rows, cols});
      ctx.set_input_grad_product(1, gy, x2v);
    }
    if (ctx.num_inputs() > 2 && ctx.is_input_grad_required(2)) {
      Axes axis0{0};
      ctx.set_input_grad(2, Sum(gy, &axis0, false));
    }
  };
  if (b.defined()) return RecordSingle("LinearFunction", {x, wc, b}, std::move(y), 0b011, false, backward);
  return RecordSingle("LinearFunction", {x, wc}, std::move(y), 0b11, false, backward);
}

}  // namespace routines
}  // namespace chainer
