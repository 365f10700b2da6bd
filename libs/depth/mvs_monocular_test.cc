// --backend mvs on the poses monocular odometry gives: shots in their own
// world and unit of length (ground truth x an arbitrary factor), lost
// frames, a depth range from sparse points (--range-from), and segments
// whose depth is not observable. Checked against dolly-synth's GT depth
// times the shot's factor.
#define BOOST_TEST_MODULE mvs_monocular_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/depth/testing/monocular_inputs.h"
#include "libs/depth/testing/synth_depth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;
using testing::ScaledShot;

constexpr int kFrames = 8;
// The accuracy the plane sweep reaches on GT poses in metres (mvs_backend_test),
// here in the shot's unit.
constexpr double kMaxAbsRel = 0.05;

// orbit_boxes, 192x128, 8 frames: rendered once for every test case.
const std::string& Scene() {
  static const std::string dir =
      testing::RenderSynthScene("mvs_mono_scene", "orbit_boxes", kFrames);
  return dir;
}

DepthOptions MonoOptions(const std::string& work) {
  DepthOptions options;
  options.backend = "mvs";
  options.input = Scene() + "/video.dolly";
  options.poses = work + "/camera.dolly";
  options.range_from = work + "/sparse.dolly";
  options.output = work + "/depth.dolly";
  return options;
}

// Against GT x the factor of each frame's shot.
testing::DepthAccuracy Measure(const std::string& estimate, const std::vector<ScaledShot>& shots,
                               const std::vector<int>& frames) {
  return testing::MeasureOnTextured(estimate, Scene(), frames,
                                    [&](int f) { return testing::ShotOf(shots, f).factor; });
}

std::vector<int> Frames(int first, int end, int skip = -1) {
  std::vector<int> out;
  for (int f = first; f < end; ++f) {
    if (f != skip) out.push_back(f);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(scaled_poses_and_sparse_range_give_depth_in_the_poses_unit) {
  const std::string work = MakeTestDir("mvs_mono_scaled");
  const std::vector<ScaledShot> shots = {{0, kFrames, 0.37}};
  testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly");
  testing::WriteScaledSparseDepth(Scene(), shots, work + "/sparse.dolly");
  const DepthOptions options = MonoOptions(work);
  RunDepthImpl(options);

  const auto est = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
  BOOST_TEST(est.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(est.info.__isset.scale_kind);
  BOOST_TEST(est.info.scale_kind == schema::ScaleKind::FIRST_BASELINE);
  // The range from the sparse points brackets the scene in the shot's unit
  // (GT depths of orbit_boxes' textured pixels: about 3 to 9 m).
  const double min_depth = std::stod(est.header.parameters.at("min_depth"));
  const double max_depth = std::stod(est.header.parameters.at("max_depth"));
  BOOST_TEST_MESSAGE("range from sparse points: " << min_depth << " .. " << max_depth
                                                  << " (x 1/0.37: " << min_depth / 0.37
                                                  << " .. " << max_depth / 0.37 << " m)");
  BOOST_TEST(min_depth < 2.5 * 0.37);
  BOOST_TEST(max_depth > 9.0 * 0.37);
  BOOST_TEST(max_depth < 40.0 * 0.37);

  const testing::DepthAccuracy a = Measure(options.output, shots, Frames(0, kFrames));
  BOOST_TEST_MESSAGE("one shot, unit GT x 0.37: AbsRel " << a.abs_rel << ", valid fraction "
                                                         << a.valid_fraction << " of "
                                                         << a.textured << " textured pixels");
  BOOST_TEST(a.abs_rel <= kMaxAbsRel);
  BOOST_TEST(a.valid_fraction >= 0.80);
}

BOOST_AUTO_TEST_CASE(two_shots_are_matched_each_in_its_own_world_and_unit) {
  // Frames 0-3 and 4-7, each rebased to its first camera and scaled by its
  // own factor: matching across the cut would pair poses of different worlds.
  const std::string work = MakeTestDir("mvs_mono_two_shots");
  const std::vector<ScaledShot> shots = {{0, 4, 0.37}, {4, 4, 2.9}};
  testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly");
  testing::WriteScaledSparseDepth(Scene(), shots, work + "/sparse.dolly");
  const DepthOptions options = MonoOptions(work);
  RunDepthImpl(options);
  const auto est = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
  BOOST_TEST(est.frames.size() == static_cast<size_t>(kFrames));
  const std::string min_depths = est.header.parameters.at("min_depth");
  BOOST_TEST(min_depths.find(',') != std::string::npos, "one range per shot: " << min_depths);
  BOOST_TEST_MESSAGE("parallax per shot (px): " << est.header.parameters.at("parallax_px"));
  for (int s = 0; s < 2; ++s) {
    const testing::DepthAccuracy a = Measure(options.output, shots, Frames(4 * s, 4 * s + 4));
    BOOST_TEST_MESSAGE("shot " << s << " (unit GT x " << shots[s].factor << "): AbsRel "
                               << a.abs_rel << ", valid fraction " << a.valid_fraction);
    BOOST_TEST(a.abs_rel <= kMaxAbsRel);
    BOOST_TEST(a.valid_fraction >= 0.70);
  }
}

BOOST_AUTO_TEST_CASE(lost_frames_get_no_depth_and_are_not_matched) {
  // A lost frame repeats an earlier pose: matched, it would be a zero
  // baseline next to its twin, and its own depth would be nonsense.
  const std::string work = MakeTestDir("mvs_mono_lost");
  const std::vector<ScaledShot> shots = {{0, kFrames, 1.7}};
  testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly", /*lost=*/{3});
  auto trajectory = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(work + "/camera.dolly");
  trajectory.frames[3].world_from_camera = trajectory.frames[2].world_from_camera;
  fs::remove(work + "/camera.dolly");
  artifact::WriteArtifact(work + "/camera.dolly", trajectory);
  testing::WriteScaledSparseDepth(Scene(), shots, work + "/sparse.dolly");
  const DepthOptions options = MonoOptions(work);
  RunDepthImpl(options);
  const auto est = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
  BOOST_TEST(cv::countNonZero(MatFromTensor(est.frames[3].depth)) == 0);
  const testing::DepthAccuracy a = Measure(options.output, shots, Frames(0, kFrames, /*skip=*/3));
  BOOST_TEST_MESSAGE("frame 3 lost: AbsRel " << a.abs_rel << ", valid fraction "
                                             << a.valid_fraction << " on the other frames");
  BOOST_TEST(a.abs_rel <= kMaxAbsRel);
  BOOST_TEST(a.valid_fraction >= 0.75);
}

BOOST_AUTO_TEST_CASE(unobservable_segments_are_refused_naming_what_to_add) {
  const std::string work = MakeTestDir("mvs_mono_unobservable");
  const std::string out_dir = MakeTestDir("mvs_mono_unobservable_out");
  for (const auto motion : {schema::MotionKind::ROTATION_ONLY, schema::MotionKind::STATIC}) {
    const std::vector<ScaledShot> shots = {{0, 4, 1.0}, {4, 4, 1.0, motion}};
    testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly");
    testing::WriteScaledSparseDepth(Scene(), shots, work + "/sparse.dolly");
    DepthOptions options = MonoOptions(work);
    options.output = out_dir + "/depth.dolly";
    testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                  options.poses + ": segment 1 (frames 4-7)");
    for (const char* what : {"--backend model --model", "--backend import"}) {
      testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, what);
    }
    fs::remove(work + "/camera.dolly");
    fs::remove(work + "/sparse.dolly");
  }
  // A GENERAL segment the odometry marked unobservable (too little parallax).
  const std::vector<ScaledShot> shots = {{0, kFrames, 1.0}};
  testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly");
  auto trajectory = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(work + "/camera.dolly");
  trajectory.info.segments[0].__set_depth_observable(false);
  fs::remove(work + "/camera.dolly");
  artifact::WriteArtifact(work + "/camera.dolly", trajectory);
  DepthOptions options = MonoOptions(work);
  options.range_from.clear();
  options.output = out_dir + "/depth.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.poses + ": segment 0 (frames 0-7)");
  BOOST_TEST(fs::is_empty(out_dir));
}

BOOST_AUTO_TEST_CASE(a_general_segment_with_too_little_parallax_is_refused) {
  // The camera path of a pan that odometry took for general motion: the
  // cameras translate by 0.2% of what the frames show, the points are at the
  // scene's depth. The sweep would see a fraction of a pixel of parallax.
  const std::string work = MakeTestDir("mvs_mono_low_parallax");
  const std::string out_dir = MakeTestDir("mvs_mono_low_parallax_out");
  testing::WriteScaledTrajectory(Scene(), {{0, kFrames, 0.002}}, work + "/camera.dolly");
  testing::WriteScaledSparseDepth(Scene(), {{0, kFrames, 1.0}}, work + "/sparse.dolly");
  DepthOptions options = MonoOptions(work);
  options.output = out_dir + "/depth.dolly";
  testing::CheckThrowsNaming<InvalidInputError>(
      [&] { RunDepthImpl(options); },
      options.poses + ": segment 0 (frames 0-7) moves too little for its depth");
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                "--backend model --model");
  // The same path with the points in its own unit has the parallax back.
  testing::WriteScaledSparseDepth(Scene(), {{0, kFrames, 0.002}}, work + "/sparse2.dolly");
  options.range_from = work + "/sparse2.dolly";
  BOOST_CHECK_NO_THROW(RunDepthImpl(options));
  BOOST_TEST(std::filesystem::exists(options.output));
}

BOOST_AUTO_TEST_CASE(bad_range_sources_are_refused) {
  const std::string work = MakeTestDir("mvs_mono_bad_range");
  const std::string out_dir = MakeTestDir("mvs_mono_bad_range_out");
  const std::vector<ScaledShot> shots = {{0, kFrames, 1.0}};
  testing::WriteScaledTrajectory(Scene(), shots, work + "/camera.dolly");
  testing::WriteScaledSparseDepth(Scene(), shots, work + "/sparse.dolly");
  DepthOptions options = MonoOptions(work);
  options.output = out_dir + "/depth.dolly";
  options.min_depth = 1.0;
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);

  // Points in another unit than the poses' (metric depth against a first-baseline path).
  options = MonoOptions(work);
  options.output = out_dir + "/depth.dolly";
  auto sparse = artifact::ReadArtifact<schema::DepthSequenceInfo>(work + "/sparse.dolly");
  sparse.info.__set_scale_kind(schema::ScaleKind::METRIC_DEPTH);
  options.range_from = work + "/metric.dolly";
  artifact::WriteArtifact(options.range_from, sparse);
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.range_from);
  // Relative depth is no range.
  sparse.info.__set_scale_kind(schema::ScaleKind::FIRST_BASELINE);
  sparse.info.__set_kind(schema::DepthKind::RELATIVE_INVERSE_DEPTH);
  options.range_from = work + "/relative.dolly";
  artifact::WriteArtifact(options.range_from, sparse);
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.range_from);
  // Fewer frames than the poses; no points at all.
  sparse.info.__set_kind(schema::DepthKind::METRIC);
  sparse.frames.pop_back();
  sparse.info.__set_frame_count(kFrames - 1);
  options.range_from = work + "/short.dolly";
  artifact::WriteArtifact(options.range_from, sparse);
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.range_from);
  testing::WriteScaledSparseDepth(Scene(), shots, work + "/empty.dolly", /*points=*/0);
  options.range_from = work + "/empty.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.range_from + ": segment 0");
  BOOST_TEST(fs::is_empty(out_dir));
}

}  // namespace
}  // namespace dolly::depth
