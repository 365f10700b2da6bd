#define BOOST_TEST_MODULE drag_interpolation_test
#include "libs/motion/objects/drag_interpolation.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

// A handful of double operations per value: 1e-12 absolute.
constexpr double kTol = 1e-12;

BOOST_AUTO_TEST_CASE(HandComputedValues) {
  // x = 0, 1, 2; y = 0, 1, 1. Secants 1 and 0, so the middle slope is 0
  // (flat neighbour); end slopes: ((2+1)*1 - 0) / 2 = 1.5 at x=0 and
  // (0 - 1) / 2 = -0.5 -> sign differs from secant 0 -> 0 at x=2.
  // At x = 0.5 the Hermite basis gives 0.125 * 1.5 + 0.5 * 1 = 0.6875
  // (the rules of scipy.interpolate.PchipInterpolator, worked by hand).
  const std::vector<double> v = Pchip({0, 1, 2}, {0, 1, 1}, {0.5, 1.5, 0.25});
  BOOST_TEST(std::abs(v[0] - 0.6875) < kTol);
  BOOST_TEST(std::abs(v[1] - 1.0) < kTol);
  // t = 0.25: h00 = 0.84375, h10 = 0.140625, h01 = 0.15625 -> 0.2109375 + 0.15625.
  BOOST_TEST(std::abs(v[2] - 0.3671875) < kTol);
}

BOOST_AUTO_TEST_CASE(TwoSamplesAreAStraightLine) {
  const std::vector<double> v = Pchip({0, 4}, {2, 10}, {1, 3});
  BOOST_TEST(std::abs(v[0] - 4.0) < kTol);
  BOOST_TEST(std::abs(v[1] - 8.0) < kTol);
}

BOOST_AUTO_TEST_CASE(PassesThroughKeypoints) {
  const std::vector<double> x = {0, 1, 3, 4, 7};
  const std::vector<double> y = {2, -1, 5, 5, 0};
  const std::vector<double> v = Pchip(x, y, x);
  for (size_t i = 0; i < x.size(); ++i) BOOST_TEST(std::abs(v[i] - y[i]) < kTol);
}

BOOST_AUTO_TEST_CASE(NoOvershootBetweenMonotoneKeypoints) {
  // A step-like profile where a natural cubic spline would overshoot.
  const std::vector<double> x = {0, 1, 2, 3, 4, 5};
  const std::vector<double> y = {0, 0, 0.1, 10, 10, 10};
  std::vector<double> q;
  for (int i = 0; i <= 500; ++i) q.push_back(i / 100.0);
  const std::vector<double> v = Pchip(x, y, q);
  for (size_t i = 1; i < v.size(); ++i) {
    BOOST_TEST(v[i] >= v[i - 1] - kTol, "decreases at " << q[i]);
    BOOST_TEST(v[i] >= -kTol);
    BOOST_TEST(v[i] <= 10.0 + kTol);
  }
  // Flat stretches stay flat.
  BOOST_TEST(std::abs(v[50]) < kTol);
  BOOST_TEST(std::abs(v[450] - 10.0) < kTol);
}

BOOST_AUTO_TEST_CASE(KeypointsEvenlySpacedOverTheClip) {
  Drag drag;
  drag.id = "a";
  drag.points = {{0, 0}, {10, 20}, {20, 20}};
  const InterpolatedDrag out = InterpolateDrag(drag, 5);
  BOOST_REQUIRE(out.points.size() == 5u);
  // Keyframes at 0, 2, 4.
  BOOST_TEST(std::abs(out.points[0].x() - 0.0) < kTol);
  BOOST_TEST(std::abs(out.points[2].x() - 10.0) < kTol);
  BOOST_TEST(std::abs(out.points[2].y() - 20.0) < kTol);
  BOOST_TEST(std::abs(out.points[4].x() - 20.0) < kTol);
  // x secants are equal (5 per frame): a straight line.
  BOOST_TEST(std::abs(out.points[1].x() - 5.0) < kTol);
  // y: secants 10 and 0, scaled copy of the hand-computed case (h = 2):
  // 20 * 0.6875 at the interval midpoint.
  BOOST_TEST(std::abs(out.points[1].y() - 13.75) < kTol);
  BOOST_TEST(out.depths.empty());
}

BOOST_AUTO_TEST_CASE(ExplicitKeyframesHoldAfterTheLast) {
  Drag drag;
  drag.id = "b";
  drag.points = {{1, 1}, {3, 5}};
  drag.depths = {2.0, 4.0};
  drag.frames = {1, 3};
  const InterpolatedDrag out = InterpolateDrag(drag, 6);
  BOOST_TEST(std::abs(out.points[0].x() - 1.0) < kTol);  // before the first key
  BOOST_TEST(std::abs(out.points[2].x() - 2.0) < kTol);
  BOOST_TEST(std::abs(out.points[2].y() - 3.0) < kTol);
  BOOST_TEST(std::abs(out.depths[2] - 3.0) < kTol);
  BOOST_TEST(std::abs(out.points[5].y() - 5.0) < kTol);  // after the last key
}

BOOST_AUTO_TEST_CASE(OneKeypointIsStatic) {
  Drag drag;
  drag.id = "c";
  drag.points = {{7, 9}};
  const InterpolatedDrag out = InterpolateDrag(drag, 4);
  for (const auto& p : out.points) BOOST_TEST((p == Eigen::Vector2d(7, 9)));
}

BOOST_AUTO_TEST_CASE(MoreKeypointsThanFramesIsAnError) {
  Drag drag;
  drag.id = "d";
  drag.points = {{0, 0}, {1, 1}, {2, 2}};
  try {
    InterpolateDrag(drag, 2);
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()) == "drag \"d\": 3 keypoints but only 2 frames");
  }
  drag.frames = {0, 1, 9};
  BOOST_CHECK_THROW(InterpolateDrag(drag, 5), InvalidInputError);  // past the clip
}

// PAC samples its curve at the clip's frames: 5 keypoints on t = 0, 1/4, ...
// and 3 frames at t = 0, 1/2, 1 take keypoints 0, 2 and 4 exactly.
BOOST_AUTO_TEST_CASE(PacTracksMayHoldMoreKeypointsThanFrames) {
  Drag drag;
  drag.id = "e";
  drag.may_subsample = true;
  drag.points = {{0, 0}, {4, 1}, {10, 3}, {11, 8}, {20, 9}};
  const InterpolatedDrag out = InterpolateDrag(drag, 3);
  BOOST_REQUIRE(out.points.size() == 3u);
  BOOST_TEST((out.points[0] - drag.points[0]).norm() < kTol);
  BOOST_TEST((out.points[1] - drag.points[2]).norm() < kTol);
  BOOST_TEST((out.points[2] - drag.points[4]).norm() < kTol);
}

}  // namespace
}  // namespace dolly::motion
