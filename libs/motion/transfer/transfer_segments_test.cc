// dolly-motion's driving-video mode and a camera path of several shots (each
// segment in its own world frame): refused before anything is written, with
// exit code 3 and one line that names the file and where to cut.
#define BOOST_TEST_MODULE transfer_segments_test
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/motion/transfer/transfer_test_util.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/camera_types.h"
#include "tools/testing/tool_process.h"

namespace dolly::motion::testing {
namespace {

std::string DrivingArgs(const TransferToolOptions& o) {
  return "--tracks " + o.tracks + " --depth " + o.depth + " --camera " + o.camera + " -o " +
         o.output;
}

BOOST_AUTO_TEST_CASE(TwoShotsAreRefusedWithExitCode3AndNoOutput) {
  const std::string dir = RenderMoving("segments", 6, 64, 48, 60).output_dir;
  TransferToolOptions o = OptionsFor(dir);

  // The same path cut into two shots at frame 4.
  auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(o.camera);
  trajectory::SetShotSegments({0, 4}, &camera);
  o.camera = dir + "/two_shots.dolly";
  o.output = dir + "/refused.dolly";
  artifact::WriteArtifact(o.camera, camera);

  const dolly::testing::ProcessResult refused =
      dolly::testing::RunTool("tools/motion/dolly-motion", DrivingArgs(o));
  BOOST_TEST_MESSAGE(refused.err);
  BOOST_TEST(refused.code == 3, refused.err);
  BOOST_TEST(refused.err.find(o.camera + ": 2 segments (shots starting at frames 0, 4)") !=
                 std::string::npos,
             refused.err);
  BOOST_TEST(refused.err.find("cut the video at frames 4") != std::string::npos, refused.err);
  BOOST_TEST(!dolly::testing::FileExists(o.output));

  // One segment over every frame is the path it always took.
  trajectory::SetShotSegments({0}, &camera);
  o.camera = dir + "/one_shot.dolly";
  o.output = dir + "/accepted.dolly";
  artifact::WriteArtifact(o.camera, camera);
  const dolly::testing::ProcessResult accepted =
      dolly::testing::RunTool("tools/motion/dolly-motion", DrivingArgs(o));
  BOOST_TEST(accepted.code == 0, accepted.err);
  BOOST_TEST(dolly::testing::FileExists(o.output));
}

}  // namespace
}  // namespace dolly::motion::testing
