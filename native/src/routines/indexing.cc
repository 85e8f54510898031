#include "routines/indexing.h"

#include "routines/common.h"

namespace chainer {
namespace {

int64_t ClampSliceBound(int64_t v, int64_t n, int64_t step, bool is_start) {
  if (v == IndexKey::kNone) {
    if (is_start) return step > 0 ? 0 : n - 1;
    return step > 0 ? n : -1;  // -1 means "before 0" for negative steps
  }
  if (v < 0) v += n;
  if (step > 0) return std::min(std::max<int64_t>(v, 0), n);
  return std::min(std::max<int64_t>(v, -1), n - 1);
}

// Flat int64 indices in host memory (read and checked there, from any device).
Array IndicesFromArray(const Array& idx_in, const Shape& covered, int64_t axis_len, int axis) {
  if (idx_in.dtype() == Dtype::kBool) {
    if (idx_in.shape() != covered) {
      throw IndexError("boolean index did not match indexed array: index shape " + idx_in.shape().ToString() + ", array shape " + covered.ToString());
    }
    Array mask = OnHost(idx_in);
    const bool* m = mask.data<bool>();
    int64_t n = mask.size(), count = 0;
    for (int64_t i = 0; i < n; ++i) count += m[i] ? 1 : 0;
    Array out = Array::Empty(Shape{count}, Dtype::kInt64, CpuDevice());
    int64_t* o = out.data<int64_t>();
    for (int64_t i = 0, k = 0; i < n; ++i) {
      if (m[i]) o[k++] = i;
    }
    return out;
  }
  if (idx_in.dtype() != Dtype::kInt32 && idx_in.dtype() != Dtype::kInt64) {
    throw IndexError("arrays used as indices must be of integer (or boolean) type");
  }
  Array idx = OnHost(idx_in).AsType(Dtype::kInt64);
  int64_t* p = idx.data<int64_t>();
  for (int64_t i = 0, n = idx.size(); i < n; ++i) {
    int64_t v = p[i];
    if (v < -axis_len || v >= axis_len) {
      throw IndexError("index " + std::to_string(v) + " is out of bounds for axis " + std::to_string(axis) + " with size " + std::to_string(axis_len));
    }
    if (v < 0) p[i] = v + axis_len;
  }
  return idx;
}

}  // namespace

IndexPlan MakeIndexPlan(const Shape& x_shape, const Strides& x_strides, const std::vector<IndexKey>& keys) {
  int consumed = 0, n_ellipsis = 0, n_arrays = 0;
  for (const auto& k : keys) {
    switch (k.kind) {
      case IndexKey::kInt:
      case IndexKey::kSlice: consumed += 1; break;
      case IndexKey::kArray:
        ++n_arrays;
        consumed += k.array.dtype() == Dtype::kBool ? std::max(1, k.array.ndim()) : 1;
        break;
      case IndexKey::kEllipsis: ++n_ellipsis; break;
      case IndexKey::kNewAxis: break;
      default: throw InvalidArgumentError("unknown index kind " + std::to_string(static_cast<int64_t>(k.kind)));
    }
  }
  if (n_ellipsis > 1) throw IndexError("an index can only have a single ellipsis ('...')");
  if (n_arrays > 1) throw NotSupportedError("indexing with more than one array is not supported");
  int nd = x_shape.size();
  if (consumed > nd) {
    throw IndexError("too many indices for array: array is " + std::to_string(nd) + "-dimensional, but " + std::to_string(consumed) + " were indexed");
  }
  IndexPlan plan;
  int axis = 0;
  const IndexKey* array_key = nullptr;
  int array_view_axis = 0;
  auto take_rest = [&](int count) {
    for (int i = 0; i < count; ++i, ++axis) {
      plan.view_shape.push_back(x_shape[axis]);
      plan.view_strides.push_back(x_strides[axis]);
    }
  };
  for (const auto& k : keys) {
    switch (k.kind) {
      case IndexKey::kInt: {
        int64_t n = x_shape[axis];
        int64_t i = k.a < 0 ? k.a + n : k.a;
        if (i < 0 || i >= n) {
          throw IndexError("index " + std::to_string(k.a) + " is out of bounds for axis " + std::to_string(axis) + " with size " + std::to_string(n));
        }
        plan.view_offset += i * x_strides[axis];
        ++axis;
        break;
      }
      case IndexKey::kSlice: {
        int64_t n = x_shape[axis];
        int64_t step = k.c == IndexKey::kNone ? 1 : k.c;
        if (step == 0) throw InvalidArgumentError("slice step cannot be zero");
        int64_t start = ClampSliceBound(k.a, n, step, true);
        int64_t stop = ClampSliceBound(k.b, n, step, false);
        int64_t len = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                               : (start > stop ? (start - stop + (-step) - 1) / (-step) : 0);
        if (len > 0) plan.view_offset += start * x_strides[axis];
        plan.view_shape.push_back(len);
        plan.view_strides.push_back(x_strides[axis] * step);
        ++axis;
        break;
      }
      case IndexKey::kNewAxis:
        plan.view_shape.push_back(1);
        plan.view_strides.push_back(0);
        break;
      case IndexKey::kEllipsis: take_rest(nd - consumed); break;
      case IndexKey::kArray: {
        array_key = &k;
        array_view_axis = plan.view_shape.size();
        int count = k.array.dtype() == Dtype::kBool ? std::max(1, k.array.ndim()) : 1;
        if (k.array.dtype() == Dtype::kBool && k.array.ndim() == 0) {
          throw NotSupportedError("0-dimensional boolean indices are not supported");
        }
        plan.merge_count = count;
        take_rest(count);
        break;
      }
    }
  }
  if (n_ellipsis == 0) take_rest(nd - axis);

  plan.out_shape = plan.view_shape;
  if (array_key != nullptr) {
    plan.has_take = true;
    plan.take_axis = array_view_axis;
    Shape covered;
    int64_t merged_len = 1;
    for (int i = 0; i < plan.merge_count; ++i) {
      covered.push_back(plan.view_shape[array_view_axis + i]);
      merged_len *= plan.view_shape[array_view_axis + i];
    }
    plan.take_indices = IndicesFromArray(array_key->array, covered, merged_len, array_view_axis);
    plan.take_index_shape = array_key->array.dtype() == Dtype::kBool ? Shape{plan.take_indices.size()} : array_key->array.shape();
    Shape out;
    for (int i = 0; i < array_view_axis; ++i) out.push_back(plan.view_shape[i]);
    for (int64_t d : plan.take_index_shape) out.push_back(d);
    for (int i = array_view_axis + plan.merge_count; i < plan.view_shape.size(); ++i) out.push_back(plan.view_shape[i]);
    plan.out_shape = out;
  }
  return plan;
}

namespace routines {
namespace {

// The view with the masked axes merged into one (a copy when not mergeable).
Array MergedView(const Array& x, const IndexPlan& p) {
  Array view = x.Strided(p.view_shape, p.view_strides, x.offset() + p.view_offset);
  if (!p.has_take || p.merge_count == 1) return view;
  Shape merged;
  for (int i = 0; i < p.take_axis; ++i) merged.push_back(p.view_shape[i]);
  int64_t len = 1;
  for (int i = 0; i < p.merge_count; ++i) len *= p.view_shape[p.take_axis + i];
  merged.push_back(len);
  for (int i = p.take_axis + p.merge_count; i < p.view_shape.size(); ++i) merged.push_back(p.view_shape[i]);
  return view.Reshape(merged);
}

// Plans address a C-contiguous layout, so gradients (always contiguous) and
// strided inputs (copied first) share them.
Array ApplyPlan(const Array& x_in, const IndexPlan& p) {
  Array x = x_in.AsContiguous();
  Array view = MergedView(x, p);
  if (!p.has_take) return view;
  Shape flat_out;
  for (int i = 0; i < view.ndim(); ++i) flat_out.push_back(i == p.take_axis ? p.take_indices.size() : view.shape()[i]);
  Array out = Array::Empty(flat_out, x.dtype(), x.device());
  KernelsOf(x).Take(view, p.take_indices, p.take_axis, out);
  return out.Reshape(p.out_shape);
}

Variable GetItemGrad(const Variable& gy, const std::shared_ptr<const IndexPlan>& p, const Shape& x_shape);

// A take of whole rows of x (an embedding lookup, x[indices]): its gradient is gy's rows
// scatter-added into zeros, which the traversal may sum over many lookups at once.
bool TakesRows(const IndexPlan& p, const Shape& x_shape) {
  return p.has_take && p.take_axis == 0 && p.merge_count == 1 && p.view_offset == 0 && p.view_shape == x_shape &&
         p.view_strides == ContiguousStrides(x_shape);
}

Variable GetItemWithPlan(const Variable& x, const std::shared_ptr<const IndexPlan>& p) {
  Array y = ApplyPlan(x.array(), *p);
  Shape x_shape = x.shape();
  bool rows = TakesRows(*p, x_shape);
  return RecordSingle("GetItem", {x}, std::move(y), 0, false, [p, x_shape, rows](BackwardContext& ctx) {
    const Variable& gy = ctx.output_grad();
    if (rows) {
      Shape flat{p->take_indices.size()};
      for (int d = 1; d < x_shape.size(); ++d) flat.push_back(x_shape[d]);
      if (ctx.defer_input_grad_rows(0, p->take_indices, gy.shape() == flat ? gy : Reshape(gy, flat))) return;
    }
    ctx.set_input_grad(0, GetItemGrad(gy, p, x_shape));
  });
}

// Scatters gy into zeros of x's shape (the adjoint of indexing).
Variable GetItemGrad(const Variable& gy, const std::shared_ptr<const IndexPlan>& p, const Shape& x_shape) {
  const Array& g = gy.array();
  Array gx = Array::Zeros(x_shape, g.dtype(), g.device());
  Array view = gx.Strided(p->view_shape, p->view_strides, p->view_offset);
  if (!p->has_take) {
    view.Assign(g);
  } else {
    Array merged = MergedView(gx.Strided(x_shape, ContiguousStrides(x_shape), 0), *p);
    Shape flat_g;
    for (int i = 0; i < merged.ndim(); ++i) flat_g.push_back(i == p->take_axis ? p->take_indices.size() : merged.shape()[i]);
    if (merged.IsContiguous()) {
      // The taken region is one block of the fresh zeros (an embedding's whole table): scatter in place.
      KernelsOf(g).ScatterAdd(g.Reshape(flat_g), p->take_indices, p->take_axis, merged);
    } else {
      Array acc = Array::Zeros(merged.shape(), g.dtype(), g.device());
      KernelsOf(g).ScatterAdd(g.Reshape(flat_g), p->take_indices, p->take_axis, acc);
      view.Assign(acc.Reshape(p->view_shape));
    }
  }
  return RecordSingle("GetItemGrad", {gy}, std::move(gx), 0, false, [p](BackwardContext& ctx) {
    ctx.set_input_grad(0, GetItemWithPlan(ctx.output_grad(), p));
  });
}

}  // namespace

Variable GetItem(const Variable& x, const std::vector<IndexKey>& keys) {
  IndexPlan plan = MakeIndexPlan(x.shape(), ContiguousStrides(x.shape()), keys);
  // The plan's indices are made on the host; the kernels read them where x lives.
  if (plan.has_take) plan.take_indices = ToDevice(plan.take_indices, x.array().device());
  return GetItemWithPlan(x, std::make_shared<const IndexPlan>(std::move(plan)));
}

Variable Flip(const Variable& x, int64_t axis_in) {
  int axis = NormalizeAxis(axis_in, x.ndim());
  std::vector<IndexKey> keys(axis + 1);
  for (int i = 0; i < axis; ++i) keys[i] = IndexKey{IndexKey::kSlice, IndexKey::kNone, IndexKey::kNone, IndexKey::kNone, Array()};
  keys[axis] = IndexKey{IndexKey::kSlice, IndexKey::kNone, IndexKey::kNone, -1, Array()};
  auto plan = std::make_shared<const IndexPlan>(MakeIndexPlan(x.shape(), ContiguousStrides(x.shape()), keys));
  return RecordSingle("Flip", {x}, ApplyPlan(x.array(), *plan), 0, false, [axis](BackwardContext& ctx) {
    ctx.set_input_grad(0, Flip(ctx.output_grad(), axis));
  });
}

Variable Take(const Variable& x, const Array& indices, int64_t axis_in) {
  int axis = NormalizeAxis(axis_in, x.ndim());
  std::vector<IndexKey> keys(axis + 1);
  for (int i = 0; i < axis; ++i) keys[i] = IndexKey{IndexKey::kSlice, IndexKey::kNone, IndexKey::kNone, IndexKey::kNone, Array()};
  keys[axis] = IndexKey{IndexKey::kArray, 0, 0, 0, indices};
  return GetItem(x, keys);
}

}  // namespace routines
}  // namespace chainer
