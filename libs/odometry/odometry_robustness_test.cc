#define BOOST_TEST_MODULE odometry_robustness_test
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <fstream>

#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/core/error.h"
#include "libs/odometry/odometry_test_util.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/trajectory/formats.h"
#include "schemas/depth_types.h"
#include "schemas/video_types.h"

// Difficult content must not crash: static and purely rotating cameras are
// placed accurately, frames that cannot be placed are reported lost, bad
// inputs give the documented errors and leave no output behind.
namespace dolly::odometry::testing {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

synth::SynthOptions Small(const std::string& scene, int frames) {
  synth::SynthOptions o;
  o.scene = scene;
  o.frames = frames;
  o.width = 256;
  o.height = 192;
  o.tracks = 200;
  return o;
}

// A static camera over the posetraj_halfcircle scene minus its moving car.
std::string StaticRecipe() {
  const std::string path = synth::testing::TestTmpDir() + "/static_camera.json";
  std::ofstream(path) << R"({
  "name": "static_camera",
  "camera": {"position": [0, -5, 2.2], "target": [0, 0, 0.3], "fov_y_deg": 50},
  "ground": {"texture": "noise", "tile": 2.0},
  "backdrop": true,
  "objects": [{"name": "ball", "shape": "sphere", "radius": 0.4, "position": [0, 0.7, 0.4],
               "texture": "noise"}]
})";
  return path;
}

BOOST_AUTO_TEST_CASE(StaticCameraStaysPut) {
  const SceneScore s = RunAndScore(Small(StaticRecipe(), 16), "static_camera");
  BOOST_TEST_MESSAGE(Describe("static_camera", s));
  // No motion to scale a tolerance by: 5 mm and 0.05 degrees absolute (the
  // scene is ~5 m away; 0.05 deg is ~0.2 px at this size).
  BOOST_TEST(s.lost == 0u);
  BOOST_TEST(s.ate_se3 <= 0.005);
  BOOST_TEST(s.rotation_deg <= 0.05);
}

BOOST_AUTO_TEST_CASE(PureRotationPanSweep) {
  const SceneScore s = RunAndScore(Small("pan_sweep", 24), "pan_sweep");
  BOOST_TEST_MESSAGE(Describe("pan_sweep", s));
  // The eye does not move (path length 0): translation within 1 cm, rotation
  // error <= 0.5 degrees over a 40 degree pan.
  BOOST_TEST(s.lost == 0u);
  BOOST_TEST(s.ate_se3 <= 0.01);
  BOOST_TEST(s.rotation_deg <= 0.5);
}

// A black video with constant depth: nothing to track.
std::string WriteBlackInputs(const std::string& name, int frames) {
  const std::string dir = synth::testing::TestTmpDir() + "/" + name;
  mkdir(dir.c_str(), 0755);
  schema::VideoInfo vinfo;
  vinfo.__set_width(64);
  vinfo.__set_height(48);
  vinfo.__set_fps(8);
  artifact::ArtifactWriter<schema::VideoInfo> video(dir + "/video.dolly",
                                                    artifact::MakeHeader("test"), vinfo);
  schema::DepthSequenceInfo dinfo;
  dinfo.__set_kind(schema::DepthKind::METRIC);
  dinfo.__set_intrinsics(artifact::MakeIntrinsics(60, 60, 31.5, 23.5, 64, 48));
  artifact::ArtifactWriter<schema::DepthSequenceInfo> depth(dir + "/depth.dolly",
                                                            artifact::MakeHeader("test"), dinfo);
  for (int f = 0; f < frames; ++f) {
    schema::VideoFrame vf;
    vf.__set_index(f);
    vf.__set_image(TensorFromMat(cv::Mat(48, 64, CV_8UC3, cv::Scalar(0, 0, 0))));
    video.WriteFrame(vf);
    schema::DepthFrame df;
    df.__set_index(f);
    df.__set_depth(TensorFromMat(cv::Mat(48, 64, CV_32F, cv::Scalar(2.0f))));
    depth.WriteFrame(df);
  }
  video.Finish();
  depth.Finish();
  return dir;
}

BOOST_AUTO_TEST_CASE(BlackVideoReportsLostFrames) {
  const std::string dir = WriteBlackInputs("black", 5);
  OdometryOptions o;
  o.input = dir + "/video.dolly";
  o.depth = dir + "/depth.dolly";
  o.output = dir + "/camera.dolly";
  cli::Summary summary;
  const OdometryResult r = RunOdometryImpl(o, &summary);
  BOOST_TEST(r.lost_frames == std::vector<int>({1, 2, 3, 4}), boost::test_tools::per_element());
  const auto written = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(o.output);
  BOOST_TEST(written.frames.size() == 5u);
  BOOST_TEST(written.header.parameters.at("lost_frames") == "1,2,3,4");
  for (const auto& frame : written.frames) {
    BOOST_TEST((frame.__isset.lost && frame.lost) == (frame.index >= 1 && frame.index <= 4));
  }
  BOOST_TEST(summary.json()["lost_frames"].size() == 4u);
}

// Frames 3 and 4 blacked out (a dropout): they are lost, the frames after
// them are tracked from the last placed frame (seeded by a constant-velocity
// prediction) and placed accurately. Tolerance as in the accuracy test: ATE
// of the placed frames <= 1% of the path length.
BOOST_AUTO_TEST_CASE(DropoutFramesAreLostThenRecovered) {
  const synth::SynthResult scene = Render(Small("orbit_boxes", 24), "dropout");
  auto video = artifact::ReadArtifact<schema::VideoInfo>(scene.output_dir + "/video.dolly");
  for (int f : {3, 4}) {
    cv::Mat black(192, 256, CV_8UC3, cv::Scalar(0, 0, 0));
    video.frames[f].__set_image(TensorFromMat(black));
  }
  const std::string input = scene.output_dir + "/dropout_video.dolly";
  artifact::WriteArtifact(input, video);
  OdometryOptions o = OptionsFor(scene.output_dir);
  o.input = input;
  const OdometryResult r = RunOdometryImpl(o);
  BOOST_TEST(r.lost_frames == std::vector<int>({3, 4}), boost::test_tools::per_element());
  const trajectory::Trajectory gt =
      trajectory::ReadCameraTrajectory(scene.output_dir + "/camera.dolly");
  // Lost frames repeat frame 2's pose.
  BOOST_TEST(r.trajectory.world_from_camera[3].isApprox(r.trajectory.world_from_camera[2]));
  // The placed frames meet the accuracy tolerance of the clean sequence.
  trajectory::Trajectory placed_est, placed_gt;
  for (size_t f = 0; f < gt.size(); ++f) {
    if (f == 3 || f == 4) continue;
    placed_est.Add(f, r.trajectory.world_from_camera[f]);
    placed_gt.Add(f, gt.world_from_camera[f]);
  }
  const double ate = trajectory::AbsoluteTrajectoryError(placed_est, placed_gt, false).rmse;
  const double path = trajectory::PathLength(gt);
  BOOST_TEST_MESSAGE("dropout: ATE of placed frames " << ate << " m, path " << path << " m");
  BOOST_TEST(ate <= 0.01 * path);
}

BOOST_AUTO_TEST_CASE(OneFrameIsInvalidInput) {
  const std::string dir = WriteBlackInputs("one_frame", 1);
  OdometryOptions o;
  o.input = dir + "/video.dolly";
  o.depth = dir + "/depth.dolly";
  o.output = dir + "/camera.dolly";
  BOOST_CHECK_THROW(RunOdometryImpl(o), InvalidInputError);
  BOOST_TEST(!Exists(o.output));
}

BOOST_AUTO_TEST_CASE(MismatchedSizesAndMissingFiles) {
  const std::string black = WriteBlackInputs("black_small", 4);
  const synth::SynthResult scene = Render(Small("orbit_boxes", 4), "mismatch_scene");
  OdometryOptions o;
  o.input = scene.output_dir + "/video.dolly";  // 256x192
  o.depth = black + "/depth.dolly";              // 64x48
  o.output = black + "/camera.dolly";
  try {
    RunOdometryImpl(o);
    BOOST_FAIL("no error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST_MESSAGE(e.what());
    BOOST_TEST(std::string(e.what()).rfind(o.depth, 0) == 0);
  }
  BOOST_TEST(!Exists(o.output));

  o.depth = scene.output_dir + "/depth.dolly";
  o.input = black + "/missing.dolly";
  BOOST_CHECK_THROW(RunOdometryImpl(o), IoError);
  BOOST_TEST(!Exists(o.output));

  // Frame counts that differ (4 video frames, 5 depth frames).
  const std::string five = WriteBlackInputs("black_five", 5);
  o.input = black + "/video.dolly";
  o.depth = five + "/depth.dolly";
  BOOST_CHECK_THROW(RunOdometryImpl(o), InvalidInputError);
  BOOST_TEST(!Exists(o.output));
}

BOOST_AUTO_TEST_CASE(ExportsMatchTheArtifact) {
  const synth::SynthResult scene = Render(Small("orbit_boxes", 6), "exports");
  OdometryOptions o = OptionsFor(scene.output_dir);
  o.export_tum = scene.output_dir + "/camera.tum";
  o.export_kitti = scene.output_dir + "/camera.kitti";
  o.export_pac = scene.output_dir + "/camera.pac.txt";
  RunOdometryImpl(o);
  const trajectory::Trajectory a = trajectory::ReadCameraTrajectory(o.output);
  for (const trajectory::Trajectory& t :
       {trajectory::ReadTum(o.export_tum), trajectory::ReadKitti(o.export_kitti),
        trajectory::ReadPac(o.export_pac)}) {
    BOOST_TEST_REQUIRE(t.size() == a.size());
    // 9 significant digits in text.
    for (size_t i = 0; i < a.size(); ++i)
      BOOST_TEST((t.world_from_camera[i].matrix() - a.world_from_camera[i].matrix()).norm() < 1e-6);
  }
}

}  // namespace
}  // namespace dolly::odometry::testing
