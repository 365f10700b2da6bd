#define BOOST_TEST_MODULE pose_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>

#include "libs/geometry/pose.h"

namespace dolly::geometry {
namespace {

// All checks are exact math evaluated in double: 1e-12 absolute.
constexpr double kTol = 1e-12;

BOOST_AUTO_TEST_CASE(LookAtAxesAreRightDownForward) {
  // z-up world, camera on -y looking at the origin along +y.
  const Eigen::Isometry3d world_from_camera =
      LookAt({0.0, -3.0, 0.0}, {0.0, 0.0, 0.0}, {0.0, 0.0, 1.0});
  const Eigen::Matrix3d r = world_from_camera.linear();
  BOOST_TEST((r.col(0) - Eigen::Vector3d(1, 0, 0)).norm() < kTol);   // x right
  BOOST_TEST((r.col(1) - Eigen::Vector3d(0, 0, -1)).norm() < kTol);  // y down
  BOOST_TEST((r.col(2) - Eigen::Vector3d(0, 1, 0)).norm() < kTol);   // z forward
  BOOST_TEST((world_from_camera.translation() - Eigen::Vector3d(0, -3, 0)).norm() < kTol);
  BOOST_TEST(std::abs(r.determinant() - 1.0) < kTol);
}

BOOST_AUTO_TEST_CASE(LookAtTargetIsOnTheOpticalAxis) {
  const Eigen::Vector3d eye(1.0, 2.0, 3.0), target(-2.0, 0.5, 0.25);
  const Eigen::Isometry3d world_from_camera = LookAt(eye, target, {0, 0, 1});
  const Eigen::Vector3d in_camera = world_from_camera.inverse() * target;
  BOOST_TEST(std::abs(in_camera.x()) < kTol);
  BOOST_TEST(std::abs(in_camera.y()) < kTol);
  BOOST_TEST(std::abs(in_camera.z() - (target - eye).norm()) < kTol);
  // No roll: the camera x axis is horizontal.
  BOOST_TEST(std::abs(world_from_camera.linear().col(0).z()) < kTol);
  // Image up (-y) points towards world up.
  BOOST_TEST(-world_from_camera.linear().col(1).z() > 0.0);
}

BOOST_AUTO_TEST_CASE(LookAtRejectsDegenerateInput) {
  BOOST_CHECK_THROW(LookAt({0, 0, 0}, {0, 0, 0}, {0, 0, 1}), std::invalid_argument);
  BOOST_CHECK_THROW(LookAt({0, 0, 5}, {0, 0, 0}, {0, 0, 1}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(AxisAngleAndIsometry) {
  const Eigen::Matrix3d r = AxisAngle({0, 0, 2}, DegreesToRadians(90.0));
  BOOST_TEST((r * Eigen::Vector3d(1, 0, 0) - Eigen::Vector3d(0, 1, 0)).norm() < kTol);
  const Eigen::Isometry3d t = MakeIsometry(r, {1, 2, 3});
  BOOST_TEST((t * Eigen::Vector3d(1, 0, 0) - Eigen::Vector3d(1, 3, 3)).norm() < kTol);
  BOOST_TEST(std::abs(RadiansToDegrees(DegreesToRadians(37.0)) - 37.0) < kTol);
}

}  // namespace
}  // namespace dolly::geometry
