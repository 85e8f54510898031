// Array manipulation (chainer.functions.array): concat, split, stack,
// squeeze/expand_dims, cast, pad, repeat, tile, select_item. Most are
// compositions of reshape, broadcast and indexing, so their gradients of
// every order come from those.
#include <algorithm>
#include <numeric>

#include "routines/common.h"
#include "routines/indexing.h"

namespace chainer {
namespace routines {
namespace {

IndexKey FullSlice() { return IndexKey{IndexKey::kSlice, IndexKey::kNone, IndexKey::kNone, IndexKey::kNone, Array()}; }

}  // namespace

Variable SliceAxis(const Variable& x, int64_t start, int64_t stop, int axis) {
  std::vector<IndexKey> keys(axis + 1, FullSlice());
  keys[axis] = IndexKey{IndexKey::kSlice, start, stop, 1, Array()};
  return GetItem(x, keys);
}

Variable Concat(const std::vector<Variable>& xs, int64_t axis_in) {
  TypeCheck tc("Concat");
  if (xs.empty()) throw InvalidArgumentError("concat needs at least one input");
  const Variable& x0 = xs[0];
  int nd = x0.ndim();
  if (axis_in >= nd || axis_in < -nd) {
    tc.Fail(CheckKind::kShape, "in_types[0].ndim > " + std::to_string(axis_in), std::to_string(nd) + " <= " + std::to_string(axis_in));
  }
  int axis = NormalizeAxis(axis_in, nd);
  Shape out_shape = x0.shape();
  out_shape[axis] = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const Variable& x = xs[i];
    std::string name = "in_types[" + std::to_string(i) + "]";
    tc.ExpectSameDtype(x, name.c_str(), x0, "in_types[0]");
    CheckSameDevice(x, x0);
    tc.ExpectEq(name + ".ndim", x.ndim(), "in_types[0].ndim", nd);
    for (int d = 0; d < nd; ++d) {
      if (d == axis) continue;
      tc.ExpectEq(name + ".shape[" + std::to_string(d) + "]", x.shape()[d], "in_types[0].shape[" + std::to_string(d) + "]", x0.shape()[d]);
    }
    out_shape[axis] += x.shape()[axis];
  }
  const Array& a0 = x0.array();
  Array y = Array::Empty(out_shape, a0.dtype(), a0.device());
  Strides ys = ContiguousStrides(out_shape);
  std::vector<int64_t> offsets;
  int64_t off = 0;
  for (const auto& x : xs) {
    offsets.push_back(off);
    y.Strided(x.shape(), ys, off * ys[axis]).Assign(x.array());
    off += x.shape()[axis];
  }
  offsets.push_back(off);
  std::vector<Array> outs{std::move(y)};
  return Record("Concat", xs, std::move(outs), 0, 0, [offsets, axis](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    for (int i = 0; i < ctx.num_inputs(); ++i) {
      if (ctx.is_input_grad_required(i)) ctx.set_input_grad(i, SliceAxis(gy, offsets[i], offsets[i + 1], axis));
    }
  })[0];
}

// One node with many outputs, as Chainer's SplitAxis: its backward concatenates the pieces'
// gradients (zeros where none flowed) in one pass. Slicing each piece on its own would make
// every piece's backward fill and add an input-sized gradient, quadratic in the piece count.
std::vector<Variable> SplitAxis(const Variable& x, const std::vector<int64_t>& indices, int64_t axis_in) {
  int axis = NormalizeAxis(axis_in, x.ndim());
  int64_t n = x.shape()[axis];
  std::vector<int64_t> bounds{0};
  for (size_t i = 0; i <= indices.size(); ++i) {
    int64_t stop = i < indices.size() ? indices[i] : n;
    if (stop < 0) stop += n;
    bounds.push_back(std::min(std::max<int64_t>(stop, bounds.back()), n));
  }
  if (bounds.size() == 2) return {SliceAxis(x, 0, n, axis)};
  Array xc = x.array().AsContiguous();
  Strides strides = ContiguousStrides(x.shape());
  std::vector<Array> pieces;
  pieces.reserve(bounds.size() - 1);
  for (size_t i = 0; i + 1 < bounds.size(); ++i) {
    Shape s = x.shape();
    s[axis] = bounds[i + 1] - bounds[i];
    pieces.push_back(xc.Strided(s, strides, xc.offset() + bounds[i] * strides[axis]));
  }
  return Record("SplitAxis", {x}, std::move(pieces), 0, 0, [bounds, axis](BackwardContext& ctx) {
    int n_out = static_cast<int>(bounds.size()) - 1;
    const Variable* some = nullptr;
    for (int i = 0; i < n_out && some == nullptr; ++i) {
      if (ctx.output_grad(i).defined()) some = &ctx.output_grad(i);
    }
    if (some == nullptr) return;
    std::vector<Variable> gys;
    gys.reserve(n_out);
    for (int i = 0; i < n_out; ++i) {
      if (ctx.output_grad(i).defined()) {
        gys.push_back(ctx.output_grad(i));
        continue;
      }
      Shape s = ctx.input_shape(0);
      s[axis] = bounds[i + 1] - bounds[i];
      gys.push_back(Variable::Leaf(Array::Zeros(s, some->dtype(), some->array().device()), false));
    }
    ctx.set_input_grad(0, Concat(gys, axis));
  });
}

std::vector<Variable> SplitAxisSections(const Variable& x, int64_t sections, int64_t axis_in) {
  int axis = NormalizeAxis(axis_in, x.ndim());
  int64_t n = x.shape()[axis];
  if (sections <= 0 || n % sections != 0) {
    throw InvalidArgumentError("array split does not result in an equal division: " + std::to_string(n) + " into " + std::to_string(sections));
  }
  std::vector<int64_t> idx;
  for (int64_t i = 1; i < sections; ++i) idx.push_back(i * (n / sections));
  return SplitAxis(x, idx, axis);
}

Variable ExpandDims(const Variable& x, int64_t axis) {
  int nd = x.ndim() + 1;
  if (axis < -nd || axis >= nd) throw IndexError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " + std::to_string(nd));
  if (axis < 0) axis += nd;
  Shape s = x.shape();
  s.insert(static_cast<int>(axis), 1);
  return Reshape(x, s);
}

Variable Squeeze(const Variable& x, const Axes* axes) {
  Shape s;
  bool drop[kMaxNdim] = {};
  if (axes == nullptr) {
    for (int i = 0; i < x.ndim(); ++i) drop[i] = x.shape()[i] == 1;
  } else {
    for (int64_t a : *axes) {
      int ax = NormalizeAxis(a, x.ndim());
      if (x.shape()[ax] != 1) throw InvalidArgumentError("cannot select an axis to squeeze out which has size not equal to one");
      drop[ax] = true;
    }
  }
  for (int i = 0; i < x.ndim(); ++i) if (!drop[i]) s.push_back(x.shape()[i]);
  return Reshape(x, s);
}

Variable Stack(const std::vector<Variable>& xs, int64_t axis) {
  if (xs.empty()) throw InvalidArgumentError("stack needs at least one input");
  std::vector<Variable> expanded;
  for (const auto& x : xs) {
    if (x.shape() != xs[0].shape()) throw ShapeMismatchError("all input arrays must have the same shape: " + x.shape().ToString() + " != " + xs[0].shape().ToString());
    expanded.push_back(ExpandDims(x, axis));
  }
  return Concat(expanded, axis < 0 ? axis + xs[0].ndim() + 1 : axis);
}

Variable Cast(const Variable& x, Dtype dtype) {
  Dtype from = x.dtype();
  if (from == dtype) return x;
  return RecordSingle("Cast", {x}, x.array().AsType(dtype), 0, false, [from](BackwardContext& ctx) {
    ctx.set_input_grad(0, Cast(ctx.output_grad(), from));
  });
}

Variable Pad(const Variable& x, const std::vector<int64_t>& before, const std::vector<int64_t>& after, double value) {
  int nd = x.ndim();
  if (static_cast<int>(before.size()) != nd || static_cast<int>(after.size()) != nd) {
    throw InvalidArgumentError("pad_width must give (before, after) for each of the " + std::to_string(nd) + " axes");
  }
  Shape out = x.shape();
  int64_t offset = 0;
  for (int i = 0; i < nd; ++i) {
    if (before[i] < 0 || after[i] < 0) throw InvalidArgumentError("pad widths must be non-negative");
    out[i] += before[i] + after[i];
  }
  const Array& xa = x.array();
  Array y = Array::Full(out, xa.dtype(), value, xa.device());
  Strides ys = ContiguousStrides(out);
  for (int i = 0; i < nd; ++i) offset += before[i] * ys[i];
  y.Strided(x.shape(), ys, offset).Assign(xa);
  Shape xs = x.shape();
  return RecordSingle("Pad", {x}, std::move(y), 0, false, [before, xs](BackwardContext& ctx) {
    std::vector<IndexKey> keys;
    for (int i = 0; i < xs.size(); ++i) keys.push_back(IndexKey{IndexKey::kSlice, before[i], before[i] + xs[i], 1, Array()});
    ctx.set_input_grad(0, GetItem(ctx.output_grad(), keys));
  });
}

Variable Repeat(const Variable& x, const std::vector<int64_t>& repeats, const int64_t* axis) {
  Variable src = axis == nullptr ? Reshape(x, Shape{x.array().size()}) : x;
  int ax = axis == nullptr ? 0 : NormalizeAxis(*axis, src.ndim());
  int64_t n = src.shape()[ax];
  if (repeats.size() != 1 && static_cast<int64_t>(repeats.size()) != n) {
    throw InvalidArgumentError("repeats must be one integer or one per element along the axis (" + std::to_string(n) + ")");
  }
  std::vector<int64_t> idx;
  for (int64_t i = 0; i < n; ++i) {
    int64_t r = repeats.size() == 1 ? repeats[0] : repeats[i];
    if (r < 0) throw InvalidArgumentError("repeats may not contain negative values");
    for (int64_t k = 0; k < r; ++k) idx.push_back(i);
  }
  // Host indices; Take moves them to x's device.
  Array ia = Array::FromHost(Shape{static_cast<int64_t>(idx.size())}, Dtype::kInt64, idx.data(), CpuDevice());
  return Take(src, ia, ax);
}

Variable Tile(const Variable& x, const std::vector<int64_t>& reps_in) {
  std::vector<int64_t> reps = reps_in;
  for (int64_t r : reps) if (r < 0) throw InvalidArgumentError("reps must be non-negative");
  int nd = std::max<int>(x.ndim(), static_cast<int>(reps.size()));
  while (static_cast<int>(reps.size()) < nd) reps.insert(reps.begin(), 1);
  Shape xs;
  for (int i = x.ndim(); i < nd; ++i) xs.push_back(1);
  for (int64_t d : x.shape()) xs.push_back(d);
  Shape interleaved, target, out;
  for (int i = 0; i < nd; ++i) {
    interleaved.push_back(1);
    interleaved.push_back(xs[i]);
    target.push_back(reps[i]);
    target.push_back(xs[i]);
    out.push_back(reps[i] * xs[i]);
  }
  return Reshape(BroadcastTo(Reshape(x, interleaved), target), out);
}

Variable SelectItem(const Variable& x, const Variable& t) {
  TypeCheck tc("SelectItem");
  if (DtypeKind(t.dtype()) != 'i') tc.Fail(CheckKind::kDtype, "t.dtype.kind == i", std::string(1, DtypeKind(t.dtype())) + " != i");
  tc.ExpectEq("x.ndim", x.ndim(), "2", 2);
  tc.ExpectEq("t.ndim", t.ndim(), "1", 1);
  tc.ExpectEq("x.shape[0]", x.shape()[0], "t.shape[0]", t.shape()[0]);
  int64_t n = x.shape()[0], c = x.shape()[1];
  // Labels are checked on the host; Take moves the flat indices to x's device.
  Array ti = OnHost(t.array()).AsType(Dtype::kInt64);
  Array flat = Array::Empty(Shape{n}, Dtype::kInt64, CpuDevice());
  const int64_t* tp = ti.data<int64_t>();
  int64_t* fp = flat.data<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    if (tp[i] < 0 || tp[i] >= c) throw IndexError("t[" + std::to_string(i) + "] = " + std::to_string(tp[i]) + " is out of range [0, " + std::to_string(c) + ")");
    fp[i] = i * c + tp[i];
  }
  return Take(Reshape(x, Shape{n * c}), flat, 0);
}

namespace {

struct DiagonalSpec {
  Shape in_shape;
  int64_t offset;
  int axis1, axis2;
};

// numpy.diagonal as a view: the other axes in order, then the diagonal.
Array DiagonalView(const Array& x, const DiagonalSpec& d) {
  const Shape& s = x.shape();
  const Strides& st = x.strides();
  int64_t n1 = s[d.axis1], n2 = s[d.axis2];
  // Offsets past either edge give an empty diagonal (clamped first, so no overflow).
  int64_t offset = std::min(std::max(d.offset, -n1), n2);
  int64_t len = offset >= 0 ? std::min(n1, n2 - offset) : std::min(n1 + offset, n2);
  len = std::max<int64_t>(len, 0);
  int64_t start = x.offset();
  if (len > 0) start += offset >= 0 ? offset * st[d.axis2] : -offset * st[d.axis1];
  Shape shape;
  Strides strides;
  for (int i = 0; i < s.size(); ++i) {
    if (i == d.axis1 || i == d.axis2) continue;
    shape.push_back(s[i]);
    strides.push_back(st[i]);
  }
  shape.push_back(len);
  strides.push_back(st[d.axis1] + st[d.axis2]);
  return x.Strided(shape, strides, start);
}

Variable DiagonalGrad(const Variable& gy, const DiagonalSpec& d);

Variable DiagonalWithSpec(const Variable& x, const DiagonalSpec& d) {
  return RecordSingle("Diagonal", {x}, DiagonalView(x.array(), d), 0, false, [d](BackwardContext& ctx) {
    ctx.set_input_grad(0, DiagonalGrad(ctx.output_grad(), d));
  });
}

// Zeros of the input's shape with gy written into the diagonal: the adjoint.
Variable DiagonalGrad(const Variable& gy, const DiagonalSpec& d) {
  const Array& ga = gy.array();
  Array gx = Array::Zeros(d.in_shape, ga.dtype(), ga.device());
  DiagonalView(gx, d).Assign(ga);
  return RecordSingle("DiagonalGrad", {gy}, std::move(gx), 0, false, [d](BackwardContext& ctx) {
    ctx.set_input_grad(0, DiagonalWithSpec(ctx.output_grad(), d));
  });
}

}  // namespace

Variable Diagonal(const Variable& x, int64_t offset, int64_t axis1, int64_t axis2) {
  TypeCheck tc("Diagonal");
  int nd = x.ndim();
  int64_t hi = std::max(axis1, axis2), lo = std::min(axis1, axis2);
  if (hi >= nd) tc.Fail(CheckKind::kShape, "x.ndim > " + std::to_string(hi), std::to_string(nd) + " <= " + std::to_string(hi));
  if (lo < -nd) tc.Fail(CheckKind::kShape, "-x.ndim <= " + std::to_string(lo), std::to_string(-nd) + " > " + std::to_string(lo));
  DiagonalSpec d{x.shape(), offset, NormalizeAxis(axis1, nd), NormalizeAxis(axis2, nd)};
  if (d.axis1 == d.axis2) throw InvalidArgumentError("axis1 and axis2 cannot be the same");
  return DiagonalWithSpec(x, d);
}

}  // namespace routines
}  // namespace chainer
