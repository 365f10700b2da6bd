#define BOOST_TEST_MODULE intentions_poses_test
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>

#include "libs/motion/intentions/test_util.h"
#include "libs/trajectory/formats.h"

namespace dolly::motion {
namespace {

using testing::Contains;
using testing::ErrorOf;
using testing::Parse;
using testing::StartsWith;
using testing::WriteFile;

// World poses that do not start at the identity, so a missing re-anchoring
// to the first camera would show.
trajectory::Trajectory Orbit(int n) {
  trajectory::Trajectory t;
  for (int i = 0; i < n; ++i) {
    Eigen::Isometry3d p = Eigen::Isometry3d::Identity();
    p.linear() = Eigen::AngleAxisd(0.3 + 0.1 * i, Eigen::Vector3d::UnitY()).toRotationMatrix();
    p.translation() = Eigen::Vector3d(1.0 + 0.2 * i, -0.5, 2.0);
    t.Add(i, p);
  }
  return t;
}

BOOST_AUTO_TEST_CASE(each_format_gives_poses_relative_to_the_first_camera) {
  const trajectory::Trajectory t = Orbit(5);
  WriteFile("poses.pac.txt", trajectory::FormatPac(t));
  WriteFile("poses.tum.txt", trajectory::FormatTum(t));
  WriteFile("poses.kitti.txt", trajectory::FormatKitti(t));
  for (const std::string format : {"pac", "tum", "kitti"}) {
    BOOST_TEST_CONTEXT(format) {
      const Intentions in = Parse(R"({"frames": 5, "camera": {"poses": "poses.)" + format +
                                  R"(.txt", "format": ")" + format + R"("}})");
      BOOST_TEST(in.camera_segments.empty());
      BOOST_TEST_REQUIRE(in.reference_from_camera.has_value());
      BOOST_TEST_REQUIRE(in.reference_from_camera->size() == 5u);
      BOOST_TEST(in.reference_from_camera->front().matrix().isIdentity(0.0));
      for (int i = 1; i < 5; ++i) {
        const Eigen::Isometry3d expected = t.world_from_camera[0].inverse() * t.world_from_camera[i];
        BOOST_TEST((*in.reference_from_camera)[i].isApprox(expected, 1e-6));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_column_count_names_the_pose_file_and_line) {
  const std::string path = WriteFile("bad_columns.txt",
                                     "1 0 0 0 0 1 0 0 0 0 1 0\n"
                                     "1 0 0 0 0 1 0 0 0 0 1\n");
  const std::string msg =
      ErrorOf(R"({"frames": 2, "camera": {"poses": "bad_columns.txt", "format": "pac"}})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, path + ":2: expected 12 numbers, got 11"));
}

BOOST_AUTO_TEST_CASE(pose_count_must_equal_frames) {
  const std::string path = WriteFile("five.txt", trajectory::FormatPac(Orbit(5)));
  for (const int frames : {4, 6}) {
    const std::string msg = ErrorOf(R"({"frames": )" + std::to_string(frames) +
                                    R"(, "camera": {"poses": "five.txt", "format": "pac"}})");
    BOOST_TEST_INFO(msg);
    BOOST_TEST(StartsWith(msg, "intent.json:1: camera.poses: " + path + " has 5 poses but \"frames\" is " +
                                   std::to_string(frames)));
  }
}

BOOST_AUTO_TEST_CASE(pose_spec_errors_name_their_path) {
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 5, "camera": {"poses": "five.txt"}})"),
                        "intent.json:1: camera: missing \"format\""));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 5, "camera": {"poses": "five.txt", "format": "colmap"}})"),
                        "intent.json:1: camera.format: unknown format \"colmap\""));
  BOOST_CHECK_THROW(Parse(R"({"frames": 5, "camera": {"poses": "missing.txt", "format": "tum"}})"),
                    IoError);
}

}  // namespace
}  // namespace dolly::motion
