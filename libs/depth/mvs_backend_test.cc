// --backend mvs on dolly-synth's orbit_boxes (static scene, orbiting camera)
// with ground-truth poses and intrinsics, checked against GT depth.
#define BOOST_TEST_MODULE mvs_backend_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/depth/testing/synth_depth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;

std::string Render(const std::string& name, const std::string& scene, int frames) {
  return testing::RenderSynthScene("mvs_" + name, scene, frames);
}

DepthOptions MvsOptions(const std::string& dir, const std::string& out) {
  DepthOptions options;
  options.backend = "mvs";
  options.input = dir + "/video.dolly";
  options.poses = dir + "/camera.dolly";
  options.output = out;
  options.min_depth = 1.5;
  options.max_depth = 20.0;
  options.planes = 128;
  options.neighbours = 2;
  return options;
}

BOOST_AUTO_TEST_CASE(plane_sweep_matches_ground_truth_on_textured_pixels) {
  const std::string dir = Render("orbit", "orbit_boxes", 8);
  const std::string out = dir + "/../mvs.dolly";
  const DepthResult result = RunDepthImpl(MvsOptions(dir, out));
  BOOST_TEST(result.frames == 8);
  const auto est = artifact::ReadArtifact<schema::DepthSequenceInfo>(out);
  const auto gt = artifact::ReadArtifact<schema::DepthSequenceInfo>(dir + "/depth.dolly");
  BOOST_TEST(est.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(est.info.intrinsics.fx == gt.info.intrinsics.fx);

  const testing::DepthAccuracy a =
      testing::MeasureOnTextured(out, dir, {0, 1, 2, 3, 4, 5, 6, 7}, [](int) { return 1.0; });
  BOOST_TEST_MESSAGE("mvs orbit_boxes 192x128x8, 128 planes, 2+2 neighbours: AbsRel "
                     << a.abs_rel << " over valid textured pixels, valid fraction "
                     << a.valid_fraction << " of " << a.textured << " textured GT pixels; median "
                     << a.Percentile(50) << ", 95th pct " << a.Percentile(95));
  BOOST_TEST(a.abs_rel <= 0.05);
  BOOST_TEST(a.valid_fraction >= 0.80);
}

BOOST_AUTO_TEST_CASE(bad_videos_and_poses_are_invalid_input) {
  const std::string one = Render("one", "orbit_boxes", 1);
  const std::string two = Render("two", "orbit_boxes", 2);
  const std::string out_dir = MakeTestDir("mvs_errors");
  DepthOptions options = MvsOptions(one, out_dir + "/d.dolly");
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.input);
  // Two-frame video against one-frame poses, and the other way round.
  options.input = two + "/video.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.poses);
  options = MvsOptions(one, out_dir + "/d.dolly");
  options.poses = two + "/camera.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.poses);
  // Intrinsics for another size.
  options = MvsOptions(two, out_dir + "/d.dolly");
  options.fx = 100.0;
  options.cx = 10.0;
  BOOST_CHECK_NO_THROW(RunDepthImpl(options));  // flags override the trajectory's
  fs::remove(options.output);
  options.fx.reset();
  options.poses = two + "/depth.dolly";  // not a CameraTrajectory
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.poses);
  options.poses = two + "/missing.dolly";
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.poses);
  options = MvsOptions(two, out_dir + "/d.dolly");
  options.min_depth = std::nan("");
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);
  BOOST_TEST(fs::is_empty(out_dir));
}

}  // namespace
}  // namespace dolly::depth
