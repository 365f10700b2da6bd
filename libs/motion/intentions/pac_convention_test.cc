// The intentions file in convention "pac": a PAC camera text with fewer poses
// than frames is resampled as PAC's cam_adaptation resamples it (its
// interpolate_slerp), one with more is refused as PAC fails on it, and a
// segment without "magnitude" takes PAC's default for its pattern. Expected
// poses come from testdata/pac/pac_pattern_poses.txt (written by
// make_pac_poses.py with scipy, independently of dolly) or a closed form.
#define BOOST_TEST_MODULE pac_convention
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "libs/motion/camera/pac_pose_table.h"
#include "libs/motion/camera/pac_presets.h"
#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

using Pose34 = Eigen::Matrix<double, 3, 4>;

// PAC's poses are float32 values printed to 12 digits: 1e-6 is their
// precision with margin.
constexpr double kTol = 1e-6;

Intentions ParsePac(const std::string& text) {
  return ParseIntentions(text, "intent.json", testing::TempDir(), testing::kWidth,
                         testing::kHeight, "pac");
}

std::string PacErrorOf(const std::string& text) {
  try {
    ParsePac(text);
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

std::string PoseFileIntent(const std::string& file, int frames) {
  return "{\"frames\": " + std::to_string(frames) + ", \"camera\": {\"poses\": \"" + file +
         "\", \"format\": \"pac\"}}";
}

// dolly's reference_from_camera of PAC poses, anchored at the first as every
// pose file is.
std::vector<Eigen::Isometry3d> Anchored(const std::vector<Pose34>& poses) {
  std::vector<Eigen::Isometry3d> out;
  for (const Pose34& m : poses) {
    out.push_back(ReferenceFromCameraFromPac(PacRT{m.block<3, 3>(0, 0), m.col(3)}));
  }
  const Eigen::Isometry3d first_inverse = out.front().inverse();
  for (Eigen::Isometry3d& p : out) p = first_inverse * p;
  return out;
}

double MaxDiff(const std::vector<Eigen::Isometry3d>& got,
               const std::vector<Eigen::Isometry3d>& expected) {
  BOOST_REQUIRE(got.size() == expected.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    worst = std::max(worst, (got[i].matrix() - expected[i].matrix()).cwiseAbs().maxCoeff());
  }
  return worst;
}

const testing::PacPoseCase& Case(const std::vector<testing::PacPoseCase>& table,
                                 const std::string& name, int frames) {
  for (const testing::PacPoseCase& c : table) {
    if (c.name == name && c.frames == frames) return c;
  }
  BOOST_FAIL("no case " + name + " " + std::to_string(frames) + " in the PAC pose table");
  return table.front();
}

BOOST_AUTO_TEST_CASE(a_short_pac_pose_file_is_resampled_as_pac_does) {
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  // PAC's 16-line pattern files over longer clips: the table's longer cases
  // are PAC's interpolate_slerp of the same 16 poses.
  for (const auto& [name, frames] :
       std::vector<std::pair<std::string, int>>{{"PanLeft", 31}, {"OrbitLeft", 31},
                                                {"DollyOut", 20}}) {
    BOOST_TEST_INFO(name << " over " << frames << " frames");
    testing::WriteFile(name + ".txt", testing::PacPoseText(Case(table, name, 16).poses));
    const Intentions in = ParsePac(PoseFileIntent(name + ".txt", frames));
    BOOST_REQUIRE(in.reference_from_camera.has_value());
    BOOST_TEST(MaxDiff(*in.reference_from_camera, Anchored(Case(table, name, frames).poses)) <
               kTol);
  }
}

BOOST_AUTO_TEST_CASE(two_non_commuting_keys_are_resampled_before_anchoring) {
  // Keys R1 = rotvec (0.4, 0, 0), T = 0 and R2 = rotvec (0, 0.7, 0),
  // T = (1, 2, 3); PAC gives frame t R1 (R2 R1^T)^t, a result that depends on
  // the world the keys are written in, so anchoring must come after.
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  const Eigen::Matrix3d r1 = Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitX()).toRotationMatrix();
  const Eigen::Matrix3d r2 = Eigen::AngleAxisd(0.7, Eigen::Vector3d::UnitY()).toRotationMatrix();
  Pose34 k1, k2;
  k1 << r1, Eigen::Vector3d::Zero();
  k2 << r2, Eigen::Vector3d(1.0, 2.0, 3.0);
  testing::WriteFile("noncommuting.txt", testing::PacPoseText({k1, k2}));
  const Intentions in = ParsePac(PoseFileIntent("noncommuting.txt", 5));
  BOOST_REQUIRE(in.reference_from_camera.has_value());
  BOOST_TEST(MaxDiff(*in.reference_from_camera, Anchored(Case(table, "NonCommuting", 5).poses)) <
             kTol);
}

BOOST_AUTO_TEST_CASE(a_pure_yaw_key_pair_turns_and_moves_linearly) {
  // Two keys with the identity first: frame k of n is a yaw of a * k / (n - 1)
  // about y and a translation t * k / (n - 1) (closed form).
  const double a = 0.6;
  const Eigen::Vector3d t(0.3, -0.2, 1.5);
  Pose34 k1 = Pose34::Zero(), k2;
  k1.block<3, 3>(0, 0).setIdentity();
  k2 << Eigen::AngleAxisd(a, Eigen::Vector3d::UnitY()).toRotationMatrix(), t;
  testing::WriteFile("yaw.txt", testing::PacPoseText({k1, k2}));
  const int n = 7;
  const Intentions in = ParsePac(PoseFileIntent("yaw.txt", n));
  BOOST_REQUIRE(in.reference_from_camera.has_value());
  std::vector<Pose34> expected;
  for (int k = 0; k < n; ++k) {
    const double s = static_cast<double>(k) / (n - 1);
    Pose34 m;
    m << Eigen::AngleAxisd(a * s, Eigen::Vector3d::UnitY()).toRotationMatrix(), t * s;
    expected.push_back(m);
  }
  BOOST_TEST(MaxDiff(*in.reference_from_camera, Anchored(expected)) < 1e-12);
}

BOOST_AUTO_TEST_CASE(a_pose_file_of_exactly_the_clip_is_used_as_it_is) {
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  const testing::PacPoseCase& c = Case(table, "OrbitRight", 16);
  testing::WriteFile("orbit_right.txt", testing::PacPoseText(c.poses));
  const Intentions in = ParsePac(PoseFileIntent("orbit_right.txt", 16));
  BOOST_REQUIRE(in.reference_from_camera.has_value());
  BOOST_TEST(MaxDiff(*in.reference_from_camera, Anchored(c.poses)) < 1e-12);
}

BOOST_AUTO_TEST_CASE(pose_files_pac_cannot_use_are_refused_naming_the_file) {
  const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
  const std::string path =
      testing::WriteFile("sixteen.txt", testing::PacPoseText(Case(table, "PanLeft", 16).poses));
  // More poses than frames: PAC's cam_adaptation indexes past the clip.
  const std::string more = PacErrorOf(PoseFileIntent("sixteen.txt", 12));
  BOOST_TEST_INFO(more);
  BOOST_TEST(testing::StartsWith(more, "intent.json:1: camera.poses: " + path +
                                           " has 16 poses but \"frames\" is 12"));
  BOOST_TEST(testing::Contains(more, "give at most 12"));
  // One pose: PAC's interp1d needs two.
  Pose34 id = Pose34::Zero();
  id.block<3, 3>(0, 0).setIdentity();
  const std::string one_path = testing::WriteFile("one.txt", testing::PacPoseText({id}));
  const std::string one = PacErrorOf(PoseFileIntent("one.txt", 8));
  BOOST_TEST_INFO(one);
  BOOST_TEST(testing::StartsWith(one, "intent.json:1: camera.poses: " + one_path + " has 1 pose"));
  // The dolly convention keeps one pose per frame.
  const std::string dolly = testing::ErrorOf(PoseFileIntent("sixteen.txt", 31));
  BOOST_TEST_INFO(dolly);
  BOOST_TEST(testing::Contains(dolly, "has 16 poses but \"frames\" is 31; they must match"));
}

// dolly's name for each of PAC's 17 patterns given without a magnitude;
// AnticlockwiseRoll is roll with a negative magnitude, so it names PAC's -20.
const std::map<std::string, std::string> kSegments = {
    {"Still", R"({"preset": "still"})"},
    {"DollyIn", R"({"preset": "dolly_in", "start": 0, "end": 16})"},
    {"DollyOut", R"({"preset": "dolly_out"})"},
    {"TruckLeft", R"({"preset": "truck_left"})"},
    {"TruckRight", R"({"preset": "truck_right"})"},
    {"PedestalUp", R"({"preset": "pedestal_up"})"},
    {"PedestalDown", R"({"preset": "pedestal_down"})"},
    {"PanLeft", R"({"preset": "pan_left"})"},
    {"PanRight", R"([{"preset": "pan_right"}])"},
    {"TiltUp", R"({"preset": "tilt_up"})"},
    {"TiltDown", R"({"preset": "tilt_down"})"},
    {"OrbitLeft", R"({"preset": "orbit_left"})"},
    {"OrbitRight", R"({"preset": "orbit_right"})"},
    {"OrbitUp", R"({"preset": "orbit_up"})"},
    {"OrbitDown", R"({"preset": "orbit_down"})"},
    {"ClockwiseRoll", R"({"preset": "roll"})"},
    {"AnticlockwiseRoll", R"({"preset": "roll", "magnitude": -20})"},
};

BOOST_AUTO_TEST_CASE(segments_without_magnitude_give_pacs_poses) {
  int checked = 0;
  for (const testing::PacPoseCase& c : testing::ReadPacPoseTable()) {
    if (c.frames != 16 || kSegments.count(c.name) == 0) continue;
    BOOST_TEST_INFO(c.name << ": " << kSegments.at(c.name));
    const Intentions in = ParsePac("{\"frames\": 16, \"camera\": " + kSegments.at(c.name) + "}");
    const CameraMotion motion = PacCameraMotion(in.camera_segments, 16);
    BOOST_TEST(MaxDiff(motion.reference_from_camera, Anchored(c.poses)) < kTol);
    ++checked;
  }
  BOOST_TEST(checked == 17);
}

BOOST_AUTO_TEST_CASE(a_missing_magnitude_stays_an_error_in_the_dolly_convention) {
  const std::string msg = testing::ErrorOf(R"({"frames": 16, "camera": {"preset": "pan_left"}})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(testing::StartsWith(msg, "intent.json:1: camera: missing \"magnitude\""));
  // Shake and zoom have no PAC default.
  BOOST_TEST(testing::Contains(
      PacErrorOf(R"({"frames": 16, "camera": {"preset": "shake"}})"), "missing \"magnitude\""));
}

}  // namespace
}  // namespace dolly::motion
