#define BOOST_TEST_MODULE camera_composition_test
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "libs/geometry/pose.h"
#include "libs/motion/camera/camera_presets.h"

namespace dolly::motion {
namespace {

// Closed-form rotations and translations in double: 1e-9 absolute.
constexpr double kTol = 1e-9;

CameraSegment Segment(CameraPreset preset, double magnitude, int start, int end) {
  CameraSegment s;
  s.preset = preset;
  s.magnitude = magnitude;
  s.start_frame = start;
  s.end_frame = end;
  return s;
}

bool Near(const Eigen::Isometry3d& a, const Eigen::Isometry3d& b) {
  return (a.matrix() - b.matrix()).norm() < kTol;
}

Eigen::Isometry3d PanLeft(double degrees) {
  return geometry::MakeIsometry(
      geometry::AxisAngle({0, 1, 0}, -geometry::DegreesToRadians(degrees)),
      Eigen::Vector3d::Zero());
}

Eigen::Isometry3d DollyIn(double distance) {
  return geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0, 0, distance});
}

BOOST_AUTO_TEST_CASE(FrameZeroIsTheReferenceCamera) {
  const CameraMotion motion = ComputeCameraMotion(
      {Segment(CameraPreset::kOrbitLeft, 30, 0, 6), Segment(CameraPreset::kShake, 3, 0, 9),
       Segment(CameraPreset::kZoom, 2, 0, 9), Segment(CameraPreset::kDollyIn, 1, 5, 9)},
      9, CameraRig{2.0, 1.0});
  BOOST_TEST(motion.reference_from_camera.front().matrix().isIdentity(0.0));
  BOOST_TEST(motion.focal_scale.front() == 1.0);
}

BOOST_AUTO_TEST_CASE(ThenChainsFromWhereTheFirstEnded) {
  // Pan left 20 over frames 0..4, then dolly in 1 over frames 4..8.
  const CameraMotion motion = ComputeCameraMotion(
      {Segment(CameraPreset::kPanLeft, 20, 0, 5), Segment(CameraPreset::kDollyIn, 1, 4, 9)}, 9, {});
  BOOST_TEST(Near(motion.reference_from_camera[4], PanLeft(20)));
  BOOST_TEST(Near(motion.reference_from_camera[6], PanLeft(20) * DollyIn(0.5)));
  BOOST_TEST(Near(motion.reference_from_camera[8], PanLeft(20) * DollyIn(1)));
  // The dolly follows the panned view: centre = (-sin 20, 0, cos 20).
  const double a = geometry::DegreesToRadians(20);
  BOOST_TEST((motion.reference_from_camera[8].translation() -
              Eigen::Vector3d(-std::sin(a), 0, std::cos(a)))
                 .norm() < kTol);
  // Listing order does not matter for segments that do not overlap.
  const CameraMotion swapped = ComputeCameraMotion(
      {Segment(CameraPreset::kDollyIn, 1, 4, 9), Segment(CameraPreset::kPanLeft, 20, 0, 5)}, 9, {});
  BOOST_TEST(Near(swapped.reference_from_camera[8], PanLeft(20) * DollyIn(1)));
}

BOOST_AUTO_TEST_CASE(WhileIsTheProductInListOrder) {
  const CameraMotion motion = ComputeCameraMotion(
      {Segment(CameraPreset::kPanLeft, 20, 0, 5), Segment(CameraPreset::kDollyIn, 1, 0, 5)}, 5, {});
  for (int f = 0; f < 5; ++f) {
    const double p = f / 4.0;
    BOOST_TEST(Near(motion.reference_from_camera[f], PanLeft(20 * p) * DollyIn(p)));
  }
  const CameraMotion reversed = ComputeCameraMotion(
      {Segment(CameraPreset::kDollyIn, 1, 0, 5), Segment(CameraPreset::kPanLeft, 20, 0, 5)}, 5, {});
  BOOST_TEST(Near(reversed.reference_from_camera[4], DollyIn(1) * PanLeft(20)));
}

BOOST_AUTO_TEST_CASE(TwoOrbitsInARowMakeOneOrbit) {
  // The pivot stays at the same distance in front, so 45 + 45 = 90 degrees.
  const CameraRig rig{2.0, 1.0};
  const CameraMotion halves = ComputeCameraMotion(
      {Segment(CameraPreset::kOrbitLeft, 45, 0, 5), Segment(CameraPreset::kOrbitLeft, 45, 4, 9)}, 9,
      rig);
  const CameraMotion whole =
      ComputeCameraMotion({Segment(CameraPreset::kOrbitLeft, 90, 0, 9)}, 9, rig);
  BOOST_TEST(Near(halves.reference_from_camera[8], whole.reference_from_camera[8]));
  BOOST_TEST((halves.reference_from_camera[8].translation() - Eigen::Vector3d(-2, 0, 2)).norm() <
             kTol);
}

BOOST_AUTO_TEST_CASE(FocalScalesMultiply) {
  const CameraMotion motion = ComputeCameraMotion(
      {Segment(CameraPreset::kZoom, 2.0, 0, 5), Segment(CameraPreset::kZoom, 1.5, 4, 9)}, 9, {});
  BOOST_TEST(std::abs(motion.focal_scale[4] - 2.0) < kTol);
  BOOST_TEST(std::abs(motion.focal_scale[8] - 3.0) < kTol);
}

}  // namespace
}  // namespace dolly::motion
