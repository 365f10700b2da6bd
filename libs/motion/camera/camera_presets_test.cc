#define BOOST_TEST_MODULE camera_presets_test
#include "libs/motion/camera/camera_presets.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <cmath>
#include <string>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::motion {
namespace {

// Closed-form rotations and translations in double: 1e-9 absolute.
constexpr double kTol = 1e-9;
constexpr int kFrames = 5;

CameraSegment Segment(CameraPreset preset, double magnitude, Easing easing = Easing::kLinear) {
  CameraSegment s;
  s.preset = preset;
  s.magnitude = magnitude;
  s.start_frame = 0;
  s.end_frame = kFrames;
  s.easing = easing;
  return s;
}

Eigen::Isometry3d LastPose(const CameraSegment& s, const CameraRig& rig = {}) {
  return ComputeCameraMotion({s}, kFrames, rig).reference_from_camera.back();
}

bool Near(const Eigen::Vector3d& a, const Eigen::Vector3d& b) { return (a - b).norm() < kTol; }
bool Near(const Eigen::Matrix3d& a, const Eigen::Matrix3d& b) { return (a - b).norm() < kTol; }

Eigen::Vector3d Centre(const Eigen::Isometry3d& pose) { return pose.translation(); }
Eigen::Vector3d Forward(const Eigen::Isometry3d& pose) { return pose.linear().col(2); }

BOOST_AUTO_TEST_CASE(StillIsIdentityOnEveryFrame) {
  const CameraMotion motion =
      ComputeCameraMotion({Segment(CameraPreset::kStill, 3.0)}, kFrames, {});
  BOOST_TEST(motion.reference_from_camera.size() == static_cast<std::size_t>(kFrames));
  for (int f = 0; f < kFrames; ++f) {
    BOOST_TEST(motion.reference_from_camera[f].matrix().isIdentity(0.0));
    BOOST_TEST(motion.focal_scale[f] == 1.0);
  }
}

BOOST_AUTO_TEST_CASE(TranslationsMoveAlongCameraAxesInSceneUnits) {
  const CameraRig rig{1.0, 2.0};  // 2 m per scene unit
  const Eigen::Matrix3d identity = Eigen::Matrix3d::Identity();
  struct Case {
    CameraPreset preset;
    Eigen::Vector3d centre;
  };
  const Case cases[] = {
      {CameraPreset::kDollyIn, {0, 0, 1.0}},     {CameraPreset::kDollyOut, {0, 0, -1.0}},
      {CameraPreset::kTruckLeft, {-1.0, 0, 0}},  {CameraPreset::kTruckRight, {1.0, 0, 0}},
      {CameraPreset::kPedestalUp, {0, -1.0, 0}}, {CameraPreset::kPedestalDown, {0, 1.0, 0}},
  };
  for (const Case& c : cases) {
    const Eigen::Isometry3d pose = LastPose(Segment(c.preset, 0.5), rig);
    BOOST_TEST(Near(Centre(pose), c.centre), PresetName(c.preset));
    BOOST_TEST(Near(pose.linear(), identity), PresetName(c.preset));
  }
  CameraSegment metric = Segment(CameraPreset::kDollyIn, 0.5);
  metric.in_metres = true;  // the scene scale no longer applies
  BOOST_TEST(Near(Centre(LastPose(metric, rig)), Eigen::Vector3d(0, 0, 0.5)));
}

BOOST_AUTO_TEST_CASE(PanAndTiltTurnTheView) {
  const double c = std::cos(geometry::DegreesToRadians(10.0));
  const double s = std::sin(geometry::DegreesToRadians(10.0));
  Eigen::Matrix3d pan_left;  // rotation by -10 degrees about camera y
  pan_left << c, 0, -s, 0, 1, 0, s, 0, c;
  Eigen::Matrix3d tilt_up;  // rotation by +10 degrees about camera x
  tilt_up << 1, 0, 0, 0, c, -s, 0, s, c;

  const Eigen::Isometry3d left = LastPose(Segment(CameraPreset::kPanLeft, 10.0));
  BOOST_TEST(Near(left.linear(), pan_left));
  BOOST_TEST(Near(Forward(left), Eigen::Vector3d(-s, 0, c)));  // view turned left (-x)
  BOOST_TEST(Near(Centre(left), Eigen::Vector3d::Zero()));
  BOOST_TEST(Near(LastPose(Segment(CameraPreset::kPanRight, 10.0)).linear(),
                  Eigen::Matrix3d(pan_left.transpose())));

  const Eigen::Isometry3d up = LastPose(Segment(CameraPreset::kTiltUp, 10.0));
  BOOST_TEST(Near(up.linear(), tilt_up));
  BOOST_TEST(Near(Forward(up), Eigen::Vector3d(0, -s, c)));  // view turned up (-y)
  BOOST_TEST(Near(LastPose(Segment(CameraPreset::kTiltDown, 10.0)).linear(),
                  Eigen::Matrix3d(tilt_up.transpose())));
}

BOOST_AUTO_TEST_CASE(OrbitNinetyDegreesReachesThePivotsSide) {
  const CameraRig rig{2.0, 1.0};
  const Eigen::Vector3d pivot(0, 0, 2);
  struct Case {
    CameraPreset preset;
    Eigen::Vector3d centre;
    Eigen::Vector3d forward;
  };
  const Case cases[] = {
      {CameraPreset::kOrbitLeft, {-2, 0, 2}, {1, 0, 0}},
      {CameraPreset::kOrbitRight, {2, 0, 2}, {-1, 0, 0}},
      {CameraPreset::kOrbitUp, {0, -2, 2}, {0, 1, 0}},
      {CameraPreset::kOrbitDown, {0, 2, 2}, {0, -1, 0}},
  };
  for (const Case& c : cases) {
    const Eigen::Isometry3d pose = LastPose(Segment(c.preset, 90.0), rig);
    BOOST_TEST(Near(Centre(pose), c.centre), PresetName(c.preset));
    BOOST_TEST(Near(Forward(pose), c.forward), PresetName(c.preset));
    BOOST_TEST(Near(pose.inverse() * pivot, Eigen::Vector3d(0, 0, 2)), PresetName(c.preset));
  }
  // Every intermediate frame keeps the pivot on the optical axis too.
  const CameraMotion motion =
      ComputeCameraMotion({Segment(CameraPreset::kOrbitLeft, 37.0)}, kFrames, rig);
  for (const Eigen::Isometry3d& pose : motion.reference_from_camera) {
    BOOST_TEST(Near(pose.inverse() * pivot, Eigen::Vector3d(0, 0, 2)));
  }
}

BOOST_AUTO_TEST_CASE(RollTurnsCameraXTowardsY) {
  const Eigen::Isometry3d pose = LastPose(Segment(CameraPreset::kRoll, 90.0));
  BOOST_TEST(Near(Eigen::Vector3d(pose.linear().col(0)), Eigen::Vector3d(0, 1, 0)));
  BOOST_TEST(Near(Eigen::Vector3d(pose.linear().col(1)), Eigen::Vector3d(-1, 0, 0)));
  BOOST_TEST(Near(Forward(pose), Eigen::Vector3d(0, 0, 1)));
  BOOST_TEST(Near(Centre(pose), Eigen::Vector3d::Zero()));
}

BOOST_AUTO_TEST_CASE(ShakeIsBoundedDeterministicAndEndsAtRest) {
  constexpr int kLong = 41;
  CameraSegment shake = Segment(CameraPreset::kShake, 2.0);
  shake.end_frame = kLong;
  const CameraMotion a = ComputeCameraMotion({shake}, kLong, {});
  const CameraMotion b = ComputeCameraMotion({shake}, kLong, {});
  shake.seed = 7;
  const CameraMotion other = ComputeCameraMotion({shake}, kLong, {});
  BOOST_TEST(a.reference_from_camera.front().matrix().isIdentity(kTol));
  BOOST_TEST(a.reference_from_camera.back().matrix().isIdentity(kTol));
  double largest = 0.0, seed_difference = 0.0;
  for (int f = 0; f < kLong; ++f) {
    const Eigen::AngleAxisd angle(a.reference_from_camera[f].linear());
    largest = std::max(largest, std::abs(angle.angle()));
    BOOST_TEST(a.reference_from_camera[f].isApprox(b.reference_from_camera[f], 0.0));
    BOOST_TEST(Near(Centre(a.reference_from_camera[f]), Eigen::Vector3d::Zero()));
    seed_difference = std::max(
        seed_difference,
        (a.reference_from_camera[f].linear() - other.reference_from_camera[f].linear()).norm());
  }
  // Each of three Euler angles is within 2 degrees, so the total within 2 sqrt(3).
  BOOST_TEST(largest > geometry::DegreesToRadians(0.2));
  BOOST_TEST(largest <= geometry::DegreesToRadians(2.0 * std::sqrt(3.0)));
  BOOST_TEST(seed_difference > 1e-3);
}

BOOST_AUTO_TEST_CASE(ZoomScalesFocalOnly) {
  const CameraMotion motion = ComputeCameraMotion({Segment(CameraPreset::kZoom, 1.5)}, kFrames, {});
  BOOST_TEST(motion.focal_scale.front() == 1.0);
  BOOST_TEST(std::abs(motion.focal_scale.back() - 1.5) < kTol);
  BOOST_TEST(std::abs(motion.focal_scale[2] - std::sqrt(1.5)) < kTol);  // geometric midpoint
  for (const Eigen::Isometry3d& pose : motion.reference_from_camera) {
    BOOST_TEST(pose.matrix().isIdentity(0.0));
  }
}

BOOST_AUTO_TEST_CASE(EasingShapesTheProgress) {
  // Frame 2 of 0..4 is linear progress 0.5; ease_in makes it 0.25.
  const CameraMotion motion =
      ComputeCameraMotion({Segment(CameraPreset::kDollyIn, 1.0, Easing::kEaseIn)}, kFrames, {});
  BOOST_TEST(Near(Centre(motion.reference_from_camera[2]), Eigen::Vector3d(0, 0, 0.25)));
  BOOST_TEST(Near(Centre(motion.reference_from_camera[4]), Eigen::Vector3d(0, 0, 1.0)));
}

BOOST_AUTO_TEST_CASE(PresetNamesRoundTrip) {
  int count = 0;
  for (int i = 0; i <= static_cast<int>(CameraPreset::kZoom); ++i) {
    const auto preset = static_cast<CameraPreset>(i);
    BOOST_TEST((ParsePreset(PresetName(preset)) == preset));
    ++count;
  }
  BOOST_TEST(count == 18);  // 17 Perception-as-Control presets plus zoom
  BOOST_TEST(PresetName(CameraPreset::kOrbitLeft) == "orbit_left");
  try {
    ParsePreset("spin");
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& error) {
    BOOST_TEST(std::string(error.what()).find("'spin'") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(InvalidSegmentsAreRejected) {
  CameraSegment late = Segment(CameraPreset::kPanLeft, 10.0);
  late.end_frame = kFrames + 1;
  BOOST_CHECK_THROW(ComputeCameraMotion({late}, kFrames, {}), InvalidInputError);
  CameraSegment single = Segment(CameraPreset::kPanLeft, 10.0);
  single.end_frame = 1;
  BOOST_CHECK_THROW(ComputeCameraMotion({single}, kFrames, {}), InvalidInputError);
  BOOST_CHECK_THROW(ComputeCameraMotion({Segment(CameraPreset::kZoom, 0.0)}, kFrames, {}),
                    InvalidInputError);
  BOOST_CHECK_THROW(
      ComputeCameraMotion({Segment(CameraPreset::kOrbitLeft, 10.0)}, kFrames, CameraRig{0.0, 1.0}),
      InvalidInputError);
  try {
    ComputeCameraMotion({Segment(CameraPreset::kStill, 0.0), late}, kFrames, {});
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& error) {
    BOOST_TEST(std::string(error.what()).rfind("camera segment 1 (pan_left)", 0) == 0);
  }
}

}  // namespace
}  // namespace dolly::motion
