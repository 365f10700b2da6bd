#define BOOST_TEST_MODULE region_motion_test
#include "libs/motion/objects/region_motion.h"

#include <boost/test/unit_test.hpp>
#include <cmath>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::motion {
namespace {

// SVD and trigonometry on O(1) coordinates: 1e-9 absolute.
constexpr double kTol = 1e-9;

std::vector<Eigen::Vector3d> Apply(const Eigen::Isometry3d& t,
                                   const std::vector<Eigen::Vector3d>& points) {
  std::vector<Eigen::Vector3d> out;
  for (const auto& p : points) out.push_back(t * p);
  return out;
}

double MaxDifference(const Eigen::Isometry3d& a, const Eigen::Isometry3d& b) {
  return (a.matrix() - b.matrix()).cwiseAbs().maxCoeff();
}

const std::vector<Eigen::Vector3d> kPoints = {
    {0.1, -0.2, 3.0}, {0.5, 0.3, 3.4}, {-0.4, 0.1, 2.7}, {0.2, 0.6, 3.9}, {-0.3, -0.5, 3.2}};

BOOST_AUTO_TEST_CASE(KabschRecoversAKnownMotion) {
  const Eigen::Isometry3d truth = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d(0.3, -1.0, 0.2), 0.7), Eigen::Vector3d(0.4, -0.1, 0.9));
  BOOST_TEST(MaxDifference(FitRigid(kPoints, Apply(truth, kPoints)), truth) < kTol);
  // Three non-collinear points suffice.
  const std::vector<Eigen::Vector3d> three(kPoints.begin(), kPoints.begin() + 3);
  BOOST_TEST(MaxDifference(FitRigid(three, Apply(truth, three)), truth) < kTol);
}

BOOST_AUTO_TEST_CASE(OneDragIsTranslationOnly) {
  const Eigen::Isometry3d fit = FitRigid({{1, 2, 3}}, {{1.5, 1, 4}});
  BOOST_TEST(MaxDifference(fit, geometry::MakeIsometry(Eigen::Matrix3d::Identity(),
                                                       Eigen::Vector3d(0.5, -1, 1))) < kTol);
}

BOOST_AUTO_TEST_CASE(TwoDragsGiveAYawAboutTheVerticalAxis) {
  const Eigen::Isometry3d truth = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d::UnitY(), -0.4), Eigen::Vector3d(0.2, 0.1, -0.3));
  const std::vector<Eigen::Vector3d> two = {{0.0, 0.1, 3.0}, {0.6, -0.2, 3.3}};
  BOOST_TEST(MaxDifference(FitRigid(two, Apply(truth, two)), truth) < kTol);
}

BOOST_AUTO_TEST_CASE(RegionMotionRecoversKnownMotionPerFrame) {
  // Three drags on the region, moved by a rotation growing with t.
  const int frames = 4;
  std::vector<std::vector<Eigen::Vector3d>> drags(3);
  std::vector<Eigen::Isometry3d> truth;
  for (int t = 0; t < frames; ++t) {
    truth.push_back(geometry::MakeIsometry(
        geometry::AxisAngle(Eigen::Vector3d(1, 2, 0.5), 0.2 * t), Eigen::Vector3d(0.1 * t, 0, 0)));
    for (int d = 0; d < 3; ++d) drags[d].push_back(truth[t] * kPoints[d]);
  }
  const std::vector<Eigen::Isometry3d> motion = RegionMotion(drags, Centroid(kPoints), frames);
  for (int t = 0; t < frames; ++t) BOOST_TEST(MaxDifference(motion[t], truth[t]) < kTol);
}

BOOST_AUTO_TEST_CASE(YawFollowsThePathHeading) {
  // One drag: 2 frames along +x, then 2 frames along +z (a quarter turn).
  // Heading (angle about +y from +z towards +x) goes from +90 to 0 degrees,
  // so the region yaws by -90 degrees about +y through its moved centroid.
  const std::vector<Eigen::Vector3d> path = {
      {0, 0, 3}, {0.5, 0, 3}, {1, 0, 3}, {1, 0, 3.5}, {1, 0, 4}};
  const Eigen::Vector3d centroid(0, 0.2, 3);
  RegionMotionOptions options;
  options.yaw_follows_path = true;
  const std::vector<Eigen::Isometry3d> motion = RegionMotion({path}, centroid, 5, options);
  BOOST_TEST(MaxDifference(motion[0], Eigen::Isometry3d::Identity()) < kTol);
  BOOST_TEST(MaxDifference(motion[2], geometry::MakeIsometry(Eigen::Matrix3d::Identity(),
                                                             Eigen::Vector3d(1, 0, 0))) < kTol);
  const Eigen::Matrix3d quarter = geometry::AxisAngle(Eigen::Vector3d::UnitY(), -M_PI / 2);
  BOOST_TEST((motion[4].linear() - quarter).cwiseAbs().maxCoeff() < kTol);
  // The direction the region faced (the first heading, +x) now points along
  // the path's last heading (+z), and the centroid still follows the drag.
  BOOST_TEST((motion[4].linear() * Eigen::Vector3d::UnitX() - Eigen::Vector3d::UnitZ()).norm() <
             kTol);
  BOOST_TEST((motion[4] * centroid - (centroid + Eigen::Vector3d(1, 0, 1))).norm() < kTol);
  const std::vector<double> yaw = PathYaw(path);
  BOOST_TEST(std::abs(yaw[3] + M_PI / 2) < kTol);
}

BOOST_AUTO_TEST_CASE(PathYawUnwrapsPastHalfATurn) {
  // A circle walked three quarters round keeps accumulating heading. The
  // chord from frame i-1 to i points at heading pi/2 - (i - 1/2) pi/8, so the
  // heading falls by pi/8 per frame.
  std::vector<Eigen::Vector3d> path;
  for (int i = 0; i <= 12; ++i) {
    const double a = i * M_PI / 8;  // 0 .. 1.5 pi
    path.emplace_back(std::sin(a), 0, 3 - std::cos(a));
  }
  const std::vector<double> yaw = PathYaw(path);
  // Frame 12's step is 11 steps after frame 1's (frame 0 reuses frame 1's).
  BOOST_TEST(std::abs(yaw[12] + 11 * M_PI / 8) < kTol);
}

BOOST_AUTO_TEST_CASE(ExplicitRotationReachesItsAngleAtTheLastFrame) {
  const Eigen::Vector3d centroid(0.3, -0.2, 4.0);
  RegionMotionOptions options;
  options.rotation = ExplicitRotation{Eigen::Vector3d(0, 0, 2), 90.0};  // about +z
  const std::vector<Eigen::Isometry3d> motion = RegionMotion({}, centroid, 3, options);
  Eigen::Matrix3d expected;
  expected << 0, -1, 0, 1, 0, 0, 0, 0, 1;
  BOOST_TEST((motion[2].linear() - expected).cwiseAbs().maxCoeff() < kTol);
  BOOST_TEST((motion[2] * centroid - centroid).norm() < kTol);  // about the centroid
  BOOST_TEST((motion[2].translation() - (centroid - expected * centroid)).norm() < kTol);
  // Linear easing: half the angle half way.
  BOOST_TEST(MaxDifference(motion[1], RotationAbout(centroid, Eigen::Vector3d::UnitZ(),
                                                    M_PI / 4)) < kTol);
  BOOST_TEST(MaxDifference(motion[0], Eigen::Isometry3d::Identity()) < kTol);
}

BOOST_AUTO_TEST_CASE(LiftRegionKeepsLabelledPixelsWithDepth) {
  cv::Mat labels(4, 5, CV_32S, cv::Scalar(0));
  labels(cv::Rect(1, 1, 2, 2)).setTo(3);
  cv::Mat depth(4, 5, CV_32F, cv::Scalar(2.0f));
  depth.at<float>(1, 1) = 0.0f;  // invalid: dropped
  geometry::PinholeCamera camera{10, 10, 2, 1.5, 5, 4};
  const std::vector<Eigen::Vector3d> points = LiftRegion(labels, 3, depth, camera);
  BOOST_REQUIRE(points.size() == 3u);
  BOOST_TEST((points[0] - Eigen::Vector3d(0.0, -0.1, 2.0)).norm() < kTol);  // pixel (2, 1)
  BOOST_CHECK_THROW(LiftRegion(labels, 3, cv::Mat(3, 3, CV_32F), camera), InvalidInputError);
}

}  // namespace
}  // namespace dolly::motion
