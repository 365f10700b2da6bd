#define BOOST_TEST_MODULE artifact_convert_test
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>

#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/geometry/pose.h"
#include "libs/trajectory/artifact_convert.h"

namespace dolly::trajectory {
namespace {

BOOST_AUTO_TEST_CASE(ArtifactRoundTrip) {
  Trajectory t;
  for (int i = 0; i < 4; ++i) {
    t.Add(i / 10.0, geometry::MakeIsometry(geometry::AxisAngle({1, 1, 0}, 0.2 * i),
                                           {0.1 * i, 0.0, -0.3 * i}));
  }
  schema::CameraTrajectoryInfo info;
  info.__set_intrinsics(artifact::MakeIntrinsics(100, 100, 63.5, 47.5, 128, 96));
  info.__set_fps(10.0);
  char dir_template[] = "/tmp/artifact_convert_test_XXXXXX";
  const std::string path = std::string(mkdtemp(dir_template)) + "/camera.dolly";
  artifact::WriteArtifact(path, ToCameraTrajectory(t, artifact::MakeHeader("test"), info));
  const Trajectory back = ReadCameraTrajectory(path);
  BOOST_TEST_REQUIRE(back.size() == t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    // Quaternions are stored as doubles: 1e-12.
    BOOST_TEST((back.world_from_camera[i].matrix() - t.world_from_camera[i].matrix()).norm() <
               1e-12);
    BOOST_TEST(back.timestamps[i] == t.timestamps[i]);
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dolly::trajectory
