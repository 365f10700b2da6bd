// --backend mvs on dolly-synth's orbit_boxes (static scene, orbiting camera)
// with ground-truth poses and intrinsics, checked against GT depth.
#define BOOST_TEST_MODULE mvs_backend_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/synth/synth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;

// "Textured": 7x7 intensity std (gray, 0..255) of at least this.
constexpr double kTextureStd = 4.0;

std::string Render(const std::string& name, const std::string& scene, int frames) {
  synth::SynthOptions options;
  options.scene = scene;
  options.output = MakeTestDir("mvs_" + name) + "/scene";
  options.frames = frames;
  options.width = 192;
  options.height = 128;
  options.write_mp4 = false;
  options.write_png = false;
  synth::RunSynthImpl(options);
  return options.output;
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
  const auto video = artifact::ReadArtifact<schema::VideoInfo>(dir + "/video.dolly");
  BOOST_TEST(est.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(est.info.intrinsics.fx == gt.info.intrinsics.fx);

  int64_t textured = 0, valid = 0;
  double abs_rel = 0;
  std::vector<double> errors;
  for (size_t f = 0; f < est.frames.size(); ++f) {
    const cv::Mat e = MatFromTensor(est.frames[f].depth);
    const cv::Mat g = MatFromTensor(gt.frames[f].depth);
    cv::Mat gray, grayf, mean, mean2;
    cv::cvtColor(MatFromTensor(video.frames[f].image), gray, cv::COLOR_RGB2GRAY);
    gray.convertTo(grayf, CV_32F);
    cv::boxFilter(grayf, mean, CV_32F, cv::Size(7, 7), cv::Point(-1, -1), true,
                  cv::BORDER_REFLECT);
    cv::boxFilter(grayf.mul(grayf), mean2, CV_32F, cv::Size(7, 7), cv::Point(-1, -1), true,
                  cv::BORDER_REFLECT);
    for (int y = 0; y < e.rows; ++y) {
      for (int x = 0; x < e.cols; ++x) {
        const float z = g.at<float>(y, x);
        const float var = mean2.at<float>(y, x) - mean.at<float>(y, x) * mean.at<float>(y, x);
        if (z <= 0 || var < kTextureStd * kTextureStd) continue;
        ++textured;
        const float d = e.at<float>(y, x);
        if (d <= 0) continue;
        ++valid;
        abs_rel += std::abs(d - z) / z;
        errors.push_back(std::abs(d - z) / z);
      }
    }
  }
  abs_rel /= std::max<int64_t>(1, valid);
  const double valid_fraction = static_cast<double>(valid) / std::max<int64_t>(1, textured);
  std::sort(errors.begin(), errors.end());
  BOOST_TEST_MESSAGE("mvs orbit_boxes 192x128x8, 128 planes, 2+2 neighbours: AbsRel "
                     << abs_rel << " over valid textured pixels, valid fraction "
                     << valid_fraction << " of " << textured << " textured GT pixels; median "
                     << (errors.empty() ? 0 : errors[errors.size() / 2]) << ", 95th pct "
                     << (errors.empty() ? 0 : errors[errors.size() * 95 / 100]));
  BOOST_TEST(abs_rel <= 0.05);
  BOOST_TEST(valid_fraction >= 0.80);
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
