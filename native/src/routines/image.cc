// F.resize_images: bilinear (or nearest) sampling through precomputed
// tables. Resizing and its gradient are adjoint linear maps over the same
// tables, so each one's backward is the other and every order follows.
#include <cmath>

#include "routines/common.h"
#include "routines/image.h"

namespace chainer {
namespace routines {
namespace {

// numpy.linspace(0, stop, num) as NumPy computes it (last entry exact).
std::vector<double> Linspace(double stop, int64_t num) {
  std::vector<double> v(static_cast<size_t>(num));
  if (num == 1) {
    v[0] = 0.0;
    return v;
  }
  double div = static_cast<double>(num - 1);
  double step = stop / div;
  for (int64_t i = 0; i < num; ++i) v[i] = step == 0 ? static_cast<double>(i) / div * stop : static_cast<double>(i) * step;
  v[num - 1] = stop;
  return v;
}

// Chainer's compute_indices_and_weights for one axis (all in float64).
void AxisTable(int64_t out, int64_t in, ResizeMode mode, bool align_corners, std::vector<int64_t>& i0, std::vector<int64_t>& i1,
               std::vector<double>& w) {
  std::vector<double> pos(static_cast<size_t>(out));
  double scale = static_cast<double>(in) / static_cast<double>(out);
  if (mode == ResizeMode::kBilinear) {
    if (align_corners) {
      pos = Linspace(static_cast<double>(in - 1), out);
    } else {
      for (int64_t i = 0; i < out; ++i) pos[i] = std::max((static_cast<double>(i) + 0.5) * scale - 0.5, 0.0);
    }
  } else {
    for (int64_t i = 0; i < out; ++i) pos[i] = std::min(std::floor(static_cast<double>(i) * scale), static_cast<double>(in - 1));
  }
  i0.resize(static_cast<size_t>(out));
  i1.resize(static_cast<size_t>(out));
  w.resize(static_cast<size_t>(out));
  for (int64_t i = 0; i < out; ++i) {
    double whole = 0;
    double frac = std::modf(pos[i], &whole);
    i0[i] = static_cast<int64_t>(whole);
    i1[i] = std::min<int64_t>(i0[i] + 1, in - 1);
    w[i] = mode == ResizeMode::kBilinear ? frac : 0.0;
  }
}

struct ResizeSpec {
  std::shared_ptr<const ResizeTable> table;
  int64_t in_h, in_w;
};

Variable ResizeAdjoint(const Variable& gy, const ResizeSpec& spec);

Variable ResizeForward(const Variable& x, const ResizeSpec& spec) {
  const Array& xa = x.array();
  Shape ys{xa.shape()[0], xa.shape()[1], static_cast<int64_t>(spec.table->v0.size()), static_cast<int64_t>(spec.table->u0.size())};
  Array y = Array::Empty(ys, xa.dtype(), xa.device());
  KernelsOf(xa).ResizeBilinear(xa, *spec.table, y);
  return RecordSingle("ResizeImages", {x}, std::move(y), 0, false, [spec](BackwardContext& ctx) {
    ctx.set_input_grad(0, ResizeAdjoint(ctx.output_grad(), spec));
  });
}

Variable ResizeAdjoint(const Variable& gy, const ResizeSpec& spec) {
  const Array& ga = gy.array();
  Array gx = Array::Empty(Shape{ga.shape()[0], ga.shape()[1], spec.in_h, spec.in_w}, ga.dtype(), ga.device());
  KernelsOf(ga).ResizeBilinearAdjoint(ga, *spec.table, gx);
  return RecordSingle("ResizeImagesGrad", {gy}, std::move(gx), 0, false, [spec](BackwardContext& ctx) {
    ctx.set_input_grad(0, ResizeForward(ctx.output_grad(), spec));
  });
}

}  // namespace

Variable ResizeImages(const Variable& x, int64_t out_h, int64_t out_w, ResizeMode mode, bool align_corners) {
  if (mode != ResizeMode::kBilinear && mode != ResizeMode::kNearest) {
    throw InvalidArgumentError("mode must be 'bilinear' or 'nearest'");
  }
  TypeCheck tc("ResizeImages");
  // Chainer accepts float32 only; float64 is accepted here too.
  if (!IsFloat(x.dtype())) {
    tc.Fail(CheckKind::kDtype, "x.dtype == <class 'numpy.float32'>", std::string(DtypeName(x.dtype())) + " != <class 'numpy.float32'>");
  }
  tc.ExpectEq("x.ndim", x.ndim(), "4", 4);
  if (out_h <= 0 || out_w <= 0) throw InvalidArgumentError("ResizeImages: output_shape must be positive");
  int64_t h = x.shape()[2], w = x.shape()[3];
  if (h <= 0 || w <= 0) throw InvalidArgumentError("ResizeImages: the input images must not be empty");
  auto table = std::make_shared<ResizeTable>();
  AxisTable(out_h, h, mode, align_corners, table->v0, table->v1, table->vw);
  AxisTable(out_w, w, mode, align_corners, table->u0, table->u1, table->uw);
  return ResizeForward(x, ResizeSpec{std::move(table), h, w});
}

}  // namespace routines
}  // namespace chainer
