#define BOOST_TEST_MODULE drag_lifting_test
#include "libs/motion/objects/drag_lifting.h"

#include <boost/test/unit_test.hpp>
#include <limits>
#include <string>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::motion {
namespace {

// Unprojection is a few multiplications: 1e-9 absolute (metres) is loose.
constexpr double kTol = 1e-9;

geometry::PinholeCamera Camera() {
  geometry::PinholeCamera camera;
  camera.fx = 100.0;
  camera.fy = 110.0;
  camera.cx = 31.5;
  camera.cy = 23.5;
  camera.width = 64;
  camera.height = 48;
  return camera;
}

Eigen::Vector3d Analytic(double u, double v, double z) {
  return {(u - 31.5) / 100.0 * z, (v - 23.5) / 110.0 * z, z};
}

BOOST_AUTO_TEST_CASE(DragOnAPlaneAtKnownDepth) {
  const cv::Mat depth(48, 64, CV_32F, cv::Scalar(4.0f));
  InterpolatedDrag drag;
  drag.points = {{10, 10}, {30, 20}, {50.25, 30.5}};
  const std::vector<Eigen::Vector3d> lifted =
      LiftDrag(drag, "drag \"0\"", depth, Camera(), LiftOptions{});
  BOOST_REQUIRE(lifted.size() == 3u);
  for (size_t t = 0; t < 3; ++t) {
    const Eigen::Vector3d expected = Analytic(drag.points[t].x(), drag.points[t].y(), 4.0);
    BOOST_TEST((lifted[t] - expected).norm() < kTol, "frame " << t);
  }
}

BOOST_AUTO_TEST_CASE(GrabDepthIsTheWindowMedianOfValidDepths) {
  // 3x3 window around (5, 5) holds 1..9 with two invalid (0 and NaN) entries:
  // valid {1, 2, 3, 5, 6, 8, 9} -> median 5.
  cv::Mat depth(12, 12, CV_32F, cv::Scalar(100.0f));
  float values[9] = {1, 2, 3, 0, 5, 6, std::numeric_limits<float>::quiet_NaN(), 8, 9};
  for (int i = 0; i < 9; ++i) depth.at<float>(4 + i / 3, 4 + i % 3) = values[i];
  BOOST_TEST(MedianDepth(depth, {5.2, 4.9}, 1, "x") == 5.0);
  // Even count: mean of the middle pair ({1, 2, 3, 5, 6, 8} -> 4).
  depth.at<float>(6, 6) = 0.0f;
  BOOST_TEST(MedianDepth(depth, {5, 5}, 1, "x") == 4.0);
}

BOOST_AUTO_TEST_CASE(NoValidDepthNamesTheDrag) {
  const cv::Mat depth(48, 64, CV_32F, cv::Scalar(0.0f));
  InterpolatedDrag drag;
  drag.points = {{10, 10}};
  try {
    LiftDrag(drag, "drags.json: drag \"7\"", depth, Camera(), LiftOptions{});
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).find("drags.json: drag \"7\": no valid depth") == 0u,
               e.what());
  }
}

BOOST_AUTO_TEST_CASE(DepthHintsOverrideTheMap) {
  const cv::Mat depth(48, 64, CV_32F, cv::Scalar(0.0f));  // never consulted
  InterpolatedDrag drag;
  drag.points = {{10, 10}, {20, 12}};
  drag.depths = {3.0, 6.0};
  const std::vector<Eigen::Vector3d> lifted =
      LiftDrag(drag, "d", depth, Camera(), LiftOptions{});
  BOOST_TEST((lifted[0] - Analytic(10, 10, 3.0)).norm() < kTol);
  BOOST_TEST((lifted[1] - Analytic(20, 12, 6.0)).norm() < kTol);
}

BOOST_AUTO_TEST_CASE(MovingCameraPointsAreCarriedToTheReferenceFrame) {
  const cv::Mat depth(48, 64, CV_32F, cv::Scalar(4.0f));
  InterpolatedDrag drag;
  drag.points = {{10, 10}, {40, 30}};
  LiftOptions options;
  options.space = DragSpace::kMovingCamera;
  const Eigen::Isometry3d moved = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d::UnitY(), 0.1), Eigen::Vector3d(0.5, 0.0, -0.25));
  const std::vector<Eigen::Isometry3d> poses = {Eigen::Isometry3d::Identity(), moved};
  const std::vector<Eigen::Vector3d> lifted =
      LiftDrag(drag, "d", depth, Camera(), options, poses);
  BOOST_TEST((lifted[0] - Analytic(10, 10, 4.0)).norm() < kTol);
  BOOST_TEST((lifted[1] - moved * Analytic(40, 30, 4.0)).norm() < kTol);
  // One pose per frame is required.
  BOOST_CHECK_THROW(LiftDrag(drag, "d", depth, Camera(), options, {moved}), InvalidInputError);
}

}  // namespace
}  // namespace dolly::motion
