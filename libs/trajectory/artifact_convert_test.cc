#define BOOST_TEST_MODULE artifact_convert_test
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/core/error.h"
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

// `frames` frames in shots starting at `firsts` (none: no segments field).
CameraTrajectoryArtifact Shots(int frames, const std::vector<int64_t>& firsts) {
  CameraTrajectoryArtifact a;
  a.frames.resize(frames);
  if (!firsts.empty()) SetShotSegments(firsts, &a);
  return a;
}

std::string Refusal(const CameraTrajectoryArtifact& a) {
  try {
    RequireSingleSegment(a, "cam.dolly", "dolly-motion --driving");
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(OneShotPassesSeveralAreRefusedWithWhereToCut) {
  BOOST_TEST(Refusal(Shots(12, {})) == "");
  BOOST_TEST(Refusal(Shots(12, {0})) == "");
  const std::string message = Refusal(Shots(12, {0, 5, 9}));
  BOOST_TEST_MESSAGE(message);
  BOOST_TEST(message.rfind("cam.dolly: 3 segments (shots starting at frames 0, 5, 9)", 0) == 0u,
             message);
  BOOST_TEST(message.find("dolly-motion --driving needs one continuous shot") != std::string::npos);
  BOOST_TEST(message.find("cut the video at frames 5, 9 ") != std::string::npos, message);
  BOOST_TEST(message.find('\n') == std::string::npos);
  // Many shots: the count is exact, the list is shortened.
  std::vector<int64_t> firsts;
  for (int64_t f = 0; f < 40; f += 2) firsts.push_back(f);
  const std::string many = Refusal(Shots(40, firsts));
  BOOST_TEST(many.find("20 segments") != std::string::npos, many);
  BOOST_TEST(many.find("frames 2, 4, 6, 8, 10, 12, 14, 16, ...") != std::string::npos, many);
  // Segments that do not cover the frames are named as such, not as shots.
  CameraTrajectoryArtifact broken = Shots(12, {0, 5});
  broken.info.segments[1].__set_frame_count(3);
  BOOST_TEST(Refusal(broken).find("segments cover 8 frames") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ShotSegmentsCoverTheFramesAndIndexThem) {
  const CameraTrajectoryArtifact a = Shots(7, {0, 3, 6});
  const std::vector<schema::CameraSegment> segments = TrajectorySegments(a, "cam.dolly");
  BOOST_TEST_REQUIRE(segments.size() == 3u);
  BOOST_TEST(segments[1].first_frame == 3);
  BOOST_TEST(segments[1].frame_count == 3);
  BOOST_TEST(segments[2].frame_count == 1);
  const int expected[] = {0, 0, 0, 1, 1, 1, 2};
  for (int f = 0; f < 7; ++f) BOOST_TEST(a.frames[f].segment == expected[f]);
  for (const std::vector<int64_t>& bad :
       std::vector<std::vector<int64_t>>{{1, 3}, {0, 3, 3}, {0, 7}}) {
    CameraTrajectoryArtifact b;
    b.frames.resize(7);
    BOOST_CHECK_THROW(SetShotSegments(bad, &b), InvalidInputError);
  }
}

}  // namespace
}  // namespace dolly::trajectory
