#define BOOST_TEST_MODULE transfer_errors_test
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/motion/transfer/run_transfer.h"
#include "libs/motion/transfer/transfer_test_util.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/camera_types.h"
#include "schemas/depth_types.h"
#include "schemas/tracks_types.h"
#include "schemas/video_types.h"
#include "libs/artifact/records.h"

// Bad inputs give an InvalidInputError (or UsageError / IoError) whose one
// line names the offending file, and no output file.
namespace dolly::motion::testing {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

const synth::SynthResult& Scene() {
  static const synth::SynthResult scene = RenderMoving("small", 4, 64, 48, 60);
  return scene;
}

std::string Dir() { return Scene().output_dir; }

// Runs and expects InvalidInputError mentioning `file` (at the start when
// `first`); the output must not exist afterwards.
void ExpectInvalid(const TransferToolOptions& o, const std::string& file, bool first = true) {
  try {
    RunTransferImpl(o);
    BOOST_ERROR("no error for " << file);
  } catch (const InvalidInputError& e) {
    const std::string message = e.what();
    BOOST_TEST_MESSAGE(message);
    if (first) {
      BOOST_TEST(message.rfind(file, 0) == 0u);
    } else {
      BOOST_TEST(message.find(file) != std::string::npos);
    }
    BOOST_TEST(message.find('\n') == std::string::npos);
  }
  BOOST_TEST(!Exists(o.output));
}

BOOST_AUTO_TEST_CASE(TheCleanInputsWork) {
  TransferToolOptions o = OptionsFor(Dir());
  o.output = Dir() + "/ok.dolly";
  RunTransferImpl(o);
  BOOST_TEST(Exists(o.output));
}

BOOST_AUTO_TEST_CASE(MismatchedFrameCountsNameTheFile) {
  // A camera path one frame short.
  TransferToolOptions o = OptionsFor(Dir());
  o.output = Dir() + "/out_camera.dolly";
  auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(o.camera);
  camera.frames.pop_back();
  camera.info.__set_frame_count(static_cast<int64_t>(camera.frames.size()));
  o.camera = Dir() + "/short_camera.dolly";
  artifact::WriteArtifact(o.camera, camera);
  ExpectInvalid(o, o.camera);

  // Tracks one frame short.
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_tracks.dolly";
  auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(o.tracks);
  tracks.frames.pop_back();
  tracks.info.__set_frame_count(static_cast<int64_t>(tracks.frames.size()));
  o.tracks = Dir() + "/short_tracks.dolly";
  artifact::WriteArtifact(o.tracks, tracks);
  ExpectInvalid(o, o.tracks);

  // Depth one frame short: the tracks (and depth) are named.
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_depth.dolly";
  auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(o.depth);
  depth.frames.pop_back();
  depth.info.__set_frame_count(static_cast<int64_t>(depth.frames.size()));
  o.depth = Dir() + "/short_depth.dolly";
  artifact::WriteArtifact(o.depth, depth);
  ExpectInvalid(o, o.depth, /*first=*/false);

  // A video with another frame count.
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_video.dolly";
  auto video = artifact::ReadArtifact<schema::VideoInfo>(o.video);
  video.frames.pop_back();
  video.info.__set_frame_count(static_cast<int64_t>(video.frames.size()));
  o.video = Dir() + "/short_video.dolly";
  artifact::WriteArtifact(o.video, video);
  ExpectInvalid(o, o.video);
}

BOOST_AUTO_TEST_CASE(BadContentNamesTheFile) {
  // No labels: the TrackSet was not labelled by dolly-odometry.
  TransferToolOptions o = OptionsFor(Dir());
  o.output = Dir() + "/out_labels.dolly";
  auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(o.tracks);
  tracks.info.__isset.labels = false;
  o.tracks = Dir() + "/unlabelled.dolly";
  artifact::WriteArtifact(o.tracks, tracks);
  ExpectInvalid(o, o.tracks);

  // NaN depth cannot even be written as an artifact (the writer checks);
  // the in-memory check is in InMemoryValidation.
  auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(OptionsFor(Dir()).depth);
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_relative.dolly";
  // Relative depth is refused.
  depth.info.__set_kind(schema::DepthKind::RELATIVE_INVERSE_DEPTH);
  o.depth = Dir() + "/relative_depth.dolly";
  artifact::WriteArtifact(o.depth, depth);
  ExpectInvalid(o, o.depth);

  // Objects in the intentions: the driving video moves the objects.
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_intentions.dolly";
  o.intentions = Dir() + "/objects.json";
  std::ofstream(o.intentions)
      << R"({"frames": 4, "objects": [{"mask_id": 3, "drags": [[[10, 10], [20, 12]]]}]})";
  ExpectInvalid(o, o.intentions);

  // Intentions for another clip length.
  o.intentions = Dir() + "/long.json";
  std::ofstream(o.intentions) << R"({"frames": 9, "camera": "orbit left 10 degrees"})";
  ExpectInvalid(o, o.intentions);

  // A reference depth of another size than the reference image.
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_reference.dolly";
  o.reference_image = o.video;  // 64x48, frame 0 is used
  auto ref_depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(o.depth);
  ref_depth.frames.resize(1);
  cv::Mat small = MatFromTensor(ref_depth.frames[0].depth)(cv::Rect(0, 0, 32, 24)).clone();
  ref_depth.frames[0].__set_depth(TensorFromMat(small));
  ref_depth.info.__set_intrinsics(artifact::MakeIntrinsics(40, 40, 15.5, 11.5, 32, 24));
  o.reference_depth = Dir() + "/small_ref_depth.dolly";
  artifact::WriteArtifact(o.reference_depth, ref_depth);
  ExpectInvalid(o, o.reference_depth);
}

BOOST_AUTO_TEST_CASE(UsageAndIoErrors) {
  TransferToolOptions o = OptionsFor(Dir());
  o.output.clear();
  BOOST_CHECK_THROW(RunTransferImpl(o), UsageError);
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_usage.dolly";
  o.reference_image = o.video;
  BOOST_CHECK_THROW(RunTransferImpl(o), UsageError);
  o = OptionsFor(Dir());
  o.output = Dir() + "/out_missing.dolly";
  o.tracks = Dir() + "/missing.dolly";
  BOOST_CHECK_THROW(RunTransferImpl(o), IoError);
  BOOST_TEST(!Exists(o.output));
}

// The in-memory entry point checks its inputs the same way.
BOOST_AUTO_TEST_CASE(InMemoryValidation) {
  const DrivingInputs good = ReadDrivingInputs(OptionsFor(Dir()));
  DrivingInputs in = good;
  in.world_from_camera.pop_back();
  try {
    BuildFromDrivingVideo(in, TransferOptions());
    BOOST_ERROR("no error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).rfind(in.camera_name, 0) == 0u);
  }
  in = good;
  for (auto& frame : in.positions) frame.clear();
  for (auto& frame : in.visible) frame.clear();
  BOOST_CHECK_THROW(BuildFromDrivingVideo(in, TransferOptions()), InvalidInputError);
  in = good;
  in.depth[1] = in.depth[1].clone();
  in.depth[1].at<float>(3, 5) = std::numeric_limits<float>::quiet_NaN();
  try {
    BuildFromDrivingVideo(in, TransferOptions());
    BOOST_ERROR("no error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(std::string(e.what()).rfind(in.depth_name + ": frame 1", 0) == 0u);
    BOOST_TEST(std::string(e.what()).find("NaN") != std::string::npos);
  }
  in = good;
  in.new_camera = CameraMotion{};
  BOOST_CHECK_THROW(BuildFromDrivingVideo(in, TransferOptions()), InvalidInputError);
}

}  // namespace
}  // namespace dolly::motion::testing
