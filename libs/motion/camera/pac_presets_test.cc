#define BOOST_TEST_MODULE pac_presets
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "libs/controls/camera_map.h"
#include "libs/core/error.h"
#include "libs/motion/camera/camera_language.h"
#include "libs/motion/camera/pac_pose_table.h"
#include "libs/motion/camera/pac_presets.h"
#include "libs/trajectory/formats.h"

namespace dolly::motion {
namespace {

// PAC's 17 pattern names as dolly presets with PAC's default magnitudes.
const std::map<std::string, std::pair<CameraPreset, double>> kPatterns = {
    {"Still", {CameraPreset::kStill, 0.0}},
    {"DollyIn", {CameraPreset::kDollyIn, 2.0}},
    {"DollyOut", {CameraPreset::kDollyOut, 3.0}},
    {"TruckLeft", {CameraPreset::kTruckLeft, 0.5}},
    {"TruckRight", {CameraPreset::kTruckRight, 0.5}},
    {"PedestalUp", {CameraPreset::kPedestalUp, 0.5}},
    {"PedestalDown", {CameraPreset::kPedestalDown, 0.5}},
    {"PanLeft", {CameraPreset::kPanLeft, 10.0}},
    {"PanRight", {CameraPreset::kPanRight, 10.0}},
    {"TiltUp", {CameraPreset::kTiltUp, 10.0}},
    {"TiltDown", {CameraPreset::kTiltDown, 10.0}},
    {"OrbitLeft", {CameraPreset::kOrbitLeft, 15.0}},
    {"OrbitRight", {CameraPreset::kOrbitRight, 15.0}},
    {"OrbitUp", {CameraPreset::kOrbitUp, 15.0}},
    {"OrbitDown", {CameraPreset::kOrbitDown, 15.0}},
    {"ClockwiseRoll", {CameraPreset::kRoll, 20.0}},
    {"AnticlockwiseRoll", {CameraPreset::kRoll, -20.0}},
};

// PAC's poses are float32 (its text files print float32 look-at results):
// 1e-6 is their precision with margin, and far below any visible change.
constexpr double kTol = 1e-6;

double MaxDiff(const PacRT& rt, const Eigen::Matrix<double, 3, 4>& expected) {
  return std::max((rt.R - expected.block<3, 3>(0, 0)).cwiseAbs().maxCoeff(),
                  (rt.T - expected.col(3)).cwiseAbs().maxCoeff());
}

BOOST_AUTO_TEST_CASE(every_pac_pattern_with_pac_defaults_gives_pacs_poses) {
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  BOOST_REQUIRE(table.size() >= 23u);
  int sixteen_frame_patterns = 0;
  double worst = 0.0;
  for (const testing::PacPoseCase& c : table) {
    const auto it = kPatterns.find(c.name);
    if (it == kPatterns.end()) continue;
    BOOST_TEST_INFO(c.name << " over " << c.frames << " frames (" << c.source << ")");
    BOOST_REQUIRE(static_cast<int>(c.poses.size()) == c.frames);
    const auto [preset, magnitude] = it->second;
    BOOST_TEST(PacDefaultMagnitude(preset) == std::abs(magnitude));
    const std::vector<PacRT> poses = PacPatternPoses(preset, magnitude, c.frames);
    BOOST_REQUIRE(static_cast<int>(poses.size()) == c.frames);
    double case_worst = 0.0;
    for (int t = 0; t < c.frames; ++t) case_worst = std::max(case_worst, MaxDiff(poses[t], c.poses[t]));
    BOOST_TEST(case_worst <= kTol);
    worst = std::max(worst, case_worst);
    if (c.frames == 16) ++sixteen_frame_patterns;
  }
  BOOST_TEST(sixteen_frame_patterns == 17);
  BOOST_TEST_MESSAGE("worst pose difference from PAC: " << worst);
}

BOOST_AUTO_TEST_CASE(interpolation_keeps_pacs_quirk_for_rotations_that_do_not_commute) {
  // Frame t gets R1 (R2 R1^T)^t: the last frame is R1 R2 R1^T, not R2.
  PacRT a, b;
  a.R = Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitX()).toRotationMatrix();
  b.R = Eigen::AngleAxisd(0.7, Eigen::Vector3d::UnitY()).toRotationMatrix();
  b.T = Eigen::Vector3d(1, 2, 3);
  const std::vector<PacRT> poses = PacInterpolateSlerp({a, b}, 5);
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  const auto it = std::find_if(table.begin(), table.end(),
                               [](const auto& c) { return c.name == "NonCommuting"; });
  BOOST_REQUIRE(it != table.end());
  BOOST_REQUIRE(it->poses.size() == 5u);
  for (int t = 0; t < 5; ++t) BOOST_TEST(MaxDiff(poses[t], it->poses[t]) <= 1e-9);
  BOOST_TEST((poses[4].R - a.R * b.R * a.R.transpose()).norm() < 1e-12);
  BOOST_TEST((poses[4].R - b.R).norm() > 0.1);
}

BOOST_AUTO_TEST_CASE(linspace_is_numpys) {
  const std::vector<double> x = PacLinspace01(31);
  BOOST_TEST(x.front() == 0.0);
  BOOST_TEST(x.back() == 1.0);
  BOOST_TEST(x[3] == 3 * (1.0 / 30));  // i * step, not i / 30
}

BOOST_AUTO_TEST_CASE(the_reference_mapping_is_the_pac_importer_seen_from_the_reference_camera) {
  // The identity PAC pose is the reference camera itself.
  BOOST_TEST(ReferenceFromCameraFromPac(PacRT{}).matrix().isIdentity(1e-15));
  // PAC's TruckRight text pose T = (0.5, 0, 0) puts the camera 0.5 to the right
  // (+x in OpenCV axes); PedestalDown's T = (0, 0.5, 0) 0.5 down (+y);
  // DollyIn's T = (0, 0, -2) 2 forward (+z).
  PacRT truck, pedestal, dolly;
  truck.T = {0.5, 0, 0};
  pedestal.T = {0, 0.5, 0};
  dolly.T = {0, 0, -2};
  BOOST_TEST((ReferenceFromCameraFromPac(truck).translation() - Eigen::Vector3d(0.5, 0, 0)).norm() < 1e-15);
  BOOST_TEST((ReferenceFromCameraFromPac(pedestal).translation() - Eigen::Vector3d(0, 0.5, 0)).norm() < 1e-15);
  BOOST_TEST((ReferenceFromCameraFromPac(dolly).translation() - Eigen::Vector3d(0, 0, 2)).norm() < 1e-15);
  // Round trip on a general pose.
  PacRT rt;
  rt.R = (Eigen::AngleAxisd(0.3, Eigen::Vector3d(1, 2, 3).normalized())).toRotationMatrix();
  rt.T = {0.1, -0.2, 0.7};
  const PacRT back = PacFromReferenceFromCamera(ReferenceFromCameraFromPac(rt));
  BOOST_TEST((back.R - rt.R).norm() < 1e-12);
  BOOST_TEST((back.T - rt.T).norm() < 1e-12);
  // A PAC view point X_row R + T and dolly's camera_from_reference see the
  // same point, up to PyTorch3D's x-left / y-up axes.
  const Eigen::Vector3d reference_cv(0.3, -0.4, 2.0);
  const Eigen::Vector3d pac_world(-0.3, 0.4, 2.0);
  const Eigen::Vector3d p3d_view = rt.R.transpose() * pac_world + rt.T;
  const Eigen::Vector3d cv_view = ReferenceFromCameraFromPac(rt).inverse() * reference_cv;
  BOOST_TEST((cv_view - Eigen::Vector3d(-p3d_view.x(), -p3d_view.y(), p3d_view.z())).norm() < 1e-12);
}

// The camera map turns dolly's poses back into PAC's [R | T]; it must undo
// this mapping exactly for every pose of every pattern.
BOOST_AUTO_TEST_CASE(the_camera_map_conversion_is_the_exact_inverse) {
  double worst = 0.0;
  for (const auto& [name, preset_magnitude] : kPatterns) {
    for (const PacRT& rt : PacPatternPoses(preset_magnitude.first, preset_magnitude.second, 16)) {
      const controls::PacCameraPose back =
          controls::PacPoseFromReferenceCamera(ReferenceFromCameraFromPac(rt));
      worst = std::max({worst, (back.R - rt.R).cwiseAbs().maxCoeff(),
                        (back.T - rt.T).cwiseAbs().maxCoeff()});
    }
  }
  BOOST_TEST(worst < 1e-12);
}

BOOST_AUTO_TEST_CASE(a_whole_clip_segment_gives_the_pattern_and_segments_chain) {
  CameraSegment pan;
  pan.preset = CameraPreset::kPanLeft;
  pan.magnitude = 10.0;
  pan.start_frame = 0;
  pan.end_frame = 16;
  const CameraMotion motion = PacCameraMotion({pan}, 16);
  const std::vector<PacRT> pattern = PacPatternPoses(CameraPreset::kPanLeft, 10.0, 16);
  for (int t = 0; t < 16; ++t) {
    BOOST_TEST((motion.reference_from_camera[t].matrix() -
                ReferenceFromCameraFromPac(pattern[t]).matrix()).norm() < 1e-15);
    BOOST_TEST(motion.focal_scale[t] == 1.0);
  }
  // Then: a dolly after the pan continues from the pan's last pose.
  pan.end_frame = 8;
  CameraSegment dolly;
  dolly.preset = CameraPreset::kDollyIn;
  dolly.magnitude = 1.0;
  dolly.start_frame = 8;
  dolly.end_frame = 16;
  const CameraMotion chained = PacCameraMotion({pan, dolly}, 16);
  const Eigen::Isometry3d pan_end =
      ReferenceFromCameraFromPac(PacPatternPoses(CameraPreset::kPanLeft, 10.0, 8).back());
  BOOST_TEST((chained.reference_from_camera[8].matrix() - pan_end.matrix()).norm() < 1e-12);
  // The dolly moves along the panned camera's axis, 1 unit by the end.
  const Eigen::Vector3d moved =
      pan_end.inverse() * chained.reference_from_camera[15].translation();
  BOOST_TEST((moved - Eigen::Vector3d(0, 0, 1)).norm() < 1e-9);
}

BOOST_AUTO_TEST_CASE(a_sentence_without_numbers_gets_pacs_defaults) {
  // "pan left" has no number: PAC's 10 degrees, not dolly's 15.
  const std::vector<CameraSegment> plan = ParseCameraLanguage("pan left", 16);
  BOOST_REQUIRE(plan.size() == 1u);
  BOOST_TEST(plan[0].default_magnitude);
  BOOST_TEST(!ParseCameraLanguage("pan left 12 degrees", 16)[0].default_magnitude);
  const CameraMotion motion = PacCameraMotion(plan, 16);
  const std::vector<PacRT> pac = PacPatternPoses(CameraPreset::kPanLeft, 10.0, 16);
  BOOST_TEST((motion.reference_from_camera[15].matrix() -
              ReferenceFromCameraFromPac(pac[15]).matrix()).norm() < 1e-15);
  // Roll keeps its direction: counterclockwise is PAC's AnticlockwiseRoll.
  const CameraMotion roll = PacCameraMotion(ParseCameraLanguage("roll counterclockwise", 16), 16);
  const Eigen::Isometry3d expected =
      ReferenceFromCameraFromPac(PacPatternPoses(CameraPreset::kRoll, -20.0, 16)[15]);
  BOOST_TEST((roll.reference_from_camera[15].matrix() - expected.matrix()).norm() < 1e-15);
}

BOOST_AUTO_TEST_CASE(presets_without_a_pac_form_are_refused) {
  CameraSegment s;
  s.preset = CameraPreset::kShake;
  s.magnitude = 2.0;
  s.end_frame = 8;
  BOOST_CHECK_THROW(PacCameraMotion({s}, 8), InvalidInputError);
  s.preset = CameraPreset::kZoom;
  BOOST_CHECK_THROW(PacCameraMotion({s}, 8), InvalidInputError);
  s.preset = CameraPreset::kPanLeft;
  s.easing = Easing::kEaseInOut;
  BOOST_CHECK_THROW(PacCameraMotion({s}, 8), InvalidInputError);
}

}  // namespace
}  // namespace dolly::motion
