// --backend stereo on a rectified pair rendered by dolly-synth: two
// one-frame static scenes whose cameras differ by a pure x translation.
#define BOOST_TEST_MODULE stereo_backend_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/stereo_backend.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/geometry/schema_convert.h"
#include "libs/media/image_io.h"
#include "libs/synth/synth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;

constexpr double kBaseline = 0.3;

// A textured scene (checker ground, noise backdrop, textured objects) seen
// by a static camera at x offset `dx`; the look-at target moves with it, so
// the two views differ by a pure translation along the camera x axis.
std::string RenderView(const std::string& root, const std::string& name, double dx) {
  const nlohmann::json recipe = {
      {"name", "stereo_" + name},
      {"frames", 1},
      {"width", 256},
      {"height", 192},
      {"tracks", 0},
      {"camera",
       {{"position", {dx, -5.0, 1.6}}, {"target", {dx, 0.0, 0.6}}, {"fov_y_deg", 50}}},
      {"ground", {{"texture", "noise"}, {"tile", 1.0}}},
      {"backdrop", {{"texture", "noise"}, {"tile", 2.0}}},
      {"objects",
       {{{"shape", "box"}, {"size", {0.8, 0.8, 0.8}}, {"position", {-0.9, 0.2, 0.4}},
         {"texture", "noise"}, {"yaw_deg", 20}},
        {{"shape", "sphere"}, {"radius", 0.4}, {"position", {0.8, -0.6, 0.4}},
         {"texture", "noise"}}}}};
  const std::string scene = root + "/" + name + ".json";
  testing::WriteBytes(scene, recipe.dump());
  synth::SynthOptions options;
  options.scene = scene;
  options.output = root + "/" + name;
  options.write_mp4 = false;
  options.write_png = false;
  options.overwrite = true;
  synth::RunSynthImpl(options);
  return options.output;
}

BOOST_AUTO_TEST_CASE(sgbm_with_left_right_check_matches_ground_truth) {
  const std::string root = MakeTestDir("stereo_synth");
  const std::string left = RenderView(root, "left", 0.0);
  const std::string right = RenderView(root, "right", kBaseline);
  const auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(left + "/camera.dolly");
  const geometry::PinholeCamera k = geometry::FromIntrinsics(camera.info.intrinsics);
  const cv::Mat gt =
      MatFromTensor(artifact::ReadArtifact<schema::DepthSequenceInfo>(left + "/depth.dolly")
                        .frames[0]
                        .depth);

  DepthOptions options;
  options.backend = "stereo";
  options.input = left + "/video.dolly";
  options.right = right + "/video.dolly";
  options.output = root + "/stereo.dolly";
  options.fx = k.fx;
  options.baseline = kBaseline;
  options.num_disparities = 32;  // GT disparities here are below 25 px
  const DepthResult result = RunDepthImpl(options);
  BOOST_TEST(result.frames == 1);
  const auto art = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::METRIC);
  const cv::Mat est = MatFromTensor(art.frames[0].depth);

  // Bad pixel: |disparity error| > 1 px, over pixels with GT and estimate.
  // The valid fraction is over all GT pixels: the leftmost num_disparities
  // columns cannot be matched and count as invalid.
  int64_t gt_pixels = 0, both = 0, bad = 0;
  double abs_rel = 0;
  for (int y = 0; y < gt.rows; ++y) {
    for (int x = 0; x < gt.cols; ++x) {
      const float z = gt.at<float>(y, x);
      if (z <= 0) continue;
      ++gt_pixels;
      const float e = est.at<float>(y, x);
      if (e <= 0) continue;
      ++both;
      const double d_gt = k.fx * kBaseline / z, d_est = k.fx * kBaseline / e;
      if (std::abs(d_gt - d_est) > 1.0) ++bad;
      abs_rel += std::abs(e - z) / z;
    }
  }
  const double bad_rate = static_cast<double>(bad) / std::max<int64_t>(1, both);
  const double valid = static_cast<double>(both) / std::max<int64_t>(1, gt_pixels);
  BOOST_TEST_MESSAGE("stereo 256x192, baseline " << kBaseline << " m, fx " << k.fx
                     << ": bad-pixel rate (>1 px) " << bad_rate << ", valid fraction "
                     << valid << " of GT pixels, AbsRel on valid "
                     << abs_rel / std::max<int64_t>(1, both));
  BOOST_TEST(bad_rate <= 0.10);
  BOOST_TEST(valid >= 0.7);
}

BOOST_AUTO_TEST_CASE(bad_pairs_follow_the_error_contract) {
  const std::string dir = MakeTestDir("stereo_errors");
  cv::Mat a(20, 40, CV_8UC3, cv::Scalar(10, 20, 30)), b(20, 41, CV_8UC3, cv::Scalar(1, 2, 3));
  media::WriteImageRgb(dir + "/a.png", a);
  media::WriteImageRgb(dir + "/b.png", b);
  fs::create_directories(dir + "/out");
  DepthOptions options;
  options.backend = "stereo";
  options.input = dir + "/a.png";
  options.right = dir + "/b.png";
  options.output = dir + "/out/d.dolly";
  options.fx = 100.0;
  options.baseline = 0.1;
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.right);
  options.right = dir + "/missing.png";
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.right);
  options.right = dir + "/a.png";
  options.baseline = std::nan("");
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);
  options.baseline = 0.1;
  options.fx.reset();
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);
  BOOST_TEST(fs::is_empty(dir + "/out"));
}

}  // namespace
}  // namespace dolly::depth
