// dolly-track --camera lifts every track into the camera path's world frame:
// a path of several shots (each segment in its own world frame) is refused
// with one line naming the file and where to cut, and nothing is written.
#define BOOST_TEST_MODULE track_segments_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/track/track.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/camera_types.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::track {
namespace {

BOOST_AUTO_TEST_CASE(ACameraPathOfTwoShotsIsRefused) {
  synth::SynthOptions synth_options;
  synth_options.scene = "orbit_boxes";
  synth_options.frames = 5;
  synth_options.width = 64;
  synth_options.height = 48;
  synth_options.tracks = 0;
  synth_options.write_mp4 = false;
  synth_options.write_png = false;
  const std::string dir = synth::testing::RunSynth(synth_options, "segments").output_dir;

  auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(dir + "/camera.dolly");
  trajectory::SetShotSegments({0, 3}, &camera);
  artifact::WriteArtifact(dir + "/two_shots.dolly", camera);

  TrackOptions options;
  options.input = dir + "/video.dolly";
  options.depth = dir + "/depth.dolly";
  options.grid = 16;
  options.camera = dir + "/two_shots.dolly";
  options.output = dir + "/refused.dolly";
  std::string message;
  try {
    RunTrackImpl(options);
  } catch (const InvalidInputError& e) {
    message = e.what();
  }
  BOOST_TEST_MESSAGE(message);
  BOOST_TEST(message.rfind(options.camera + ": 2 segments (shots starting at frames 0, 3)", 0) ==
                 0u,
             message);
  BOOST_TEST(message.find("dolly-track --camera needs one continuous shot") != std::string::npos,
             message);
  BOOST_TEST(!std::filesystem::exists(options.output));

  // The ground-truth path (one world frame, no segments) is lifted as before.
  options.camera = dir + "/camera.dolly";
  options.output = dir + "/lifted.dolly";
  RunTrackImpl(options);
  BOOST_TEST(std::filesystem::exists(options.output));
}

}  // namespace
}  // namespace dolly::track
