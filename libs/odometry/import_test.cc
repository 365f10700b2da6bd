#define BOOST_TEST_MODULE odometry_import
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/test_artifacts.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/odometry/import.h"
#include "libs/trajectory/formats.h"

namespace dolly::odometry {
namespace {

std::string Tmp(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

// Frame 0 at (1, 2, 3) facing +z, frame 1 one metre further along x and
// turned 90 degrees about y (qy = sin 45°, qw = cos 45°).
BOOST_AUTO_TEST_CASE(tum_becomes_a_camera_trajectory_with_timestamps_and_intrinsics) {
  const std::string tum = Tmp("a.tum");
  Write(tum, "# t tx ty tz qx qy qz qw\n0.5 1 2 3 0 0 0 1\n0.75 2 2 3 0 0.7071067811865476 0 0.7071067811865476\n");
  const std::string depth = Tmp("depth.dolly");
  artifact::WriteArtifact(depth, artifact::testing::MakeDepthSequence(8, 6, 1));
  ImportOptions options;
  options.path = tum;
  options.output = Tmp("imported.dolly");
  options.intrinsics = depth;
  RunImportImpl(options);
  const auto out = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(options.output);
  BOOST_REQUIRE(out.frames.size() == 2u);
  BOOST_TEST(out.frames[1].timestamp == 0.75);
  BOOST_TEST(out.info.intrinsics.width == 8);
  const Eigen::Isometry3d pose = geometry::FromPose(out.frames[1].world_from_camera, "pose");
  BOOST_TEST((pose.translation() - Eigen::Vector3d(2, 2, 3)).norm() < 1e-12);
  // The camera's z axis (forward) now points along world +x.
  BOOST_TEST((pose.linear().col(2) - Eigen::Vector3d(1, 0, 0)).norm() < 1e-12);
}

BOOST_AUTO_TEST_CASE(rebase_makes_frame_zero_the_world) {
  const std::string tum = Tmp("b.tum");
  Write(tum, "0 1 2 3 0 0 0 1\n1 2 2 3 0 0.7071067811865476 0 0.7071067811865476\n");
  ImportOptions options;
  options.path = tum;
  options.output = Tmp("rebased.dolly");
  options.rebase = true;
  const trajectory::Trajectory t = RunImportImpl(options);
  BOOST_TEST(t.world_from_camera[0].matrix().isIdentity(1e-12));
  BOOST_TEST((t.world_from_camera[1].translation() - Eigen::Vector3d(1, 0, 0)).norm() < 1e-12);
  const auto out = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(options.output);
  BOOST_TEST(out.info.world_frame == "camera of frame 0");
}

BOOST_AUTO_TEST_CASE(bad_imports_fail_cleanly) {
  ImportOptions options;
  options.path = Tmp("bad.tum");
  options.output = Tmp("bad_out.dolly");
  Write(options.path, "0 1 2 3 0 0 0\n");
  BOOST_CHECK_THROW(RunImportImpl(options), InvalidInputError);
  BOOST_TEST(!std::ifstream(options.output).good());
  options.path = Tmp("poses.txt");
  Write(options.path, "0 1 2 3 0 0 0 1\n");
  BOOST_CHECK_THROW(RunImportImpl(options), UsageError);  // format not guessable
  options.format = "colmap";
  BOOST_CHECK_THROW(RunImportImpl(options), UsageError);
  options.format = "tum";
  options.path = Tmp("absent.tum");
  BOOST_CHECK_THROW(RunImportImpl(options), IoError);
}

}  // namespace dolly::odometry
