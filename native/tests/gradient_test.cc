// First- and second-order numerical gradient checks of every routine.
#include "gradient_cases.h"

namespace chainer {
namespace {


using testing::CheckBackward;
using testing::CheckDoubleBackward;
using testing::Fn;
using testing::RandomArray;
using testing::GradientCase;
using testing::GradientCases;

class RoutineGradient : public ::testing::TestWithParam<size_t> {};

TEST_P(RoutineGradient, FirstAndSecondOrder) {
  GradientCase c = GradientCases()[GetParam()];
  std::mt19937 rng(1234 + static_cast<unsigned>(GetParam()));
  std::vector<Array> xs;
  for (const auto& s : c.shapes) xs.push_back(RandomArray(s, rng, c.lo, c.hi, c.avoid));
  SCOPED_TRACE(c.name);
  CheckBackward(c.fn, xs, rng, c.eps, c.atol, c.rtol);
  if (c.second) CheckDoubleBackward(c.fn, xs, rng);
}

INSTANTIATE_TEST_SUITE_P(AllRoutines, RoutineGradient, ::testing::Range<size_t>(0, GradientCases().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) { return std::string(GradientCases()[info.param].name); });

}  // namespace
}  // namespace chainer
