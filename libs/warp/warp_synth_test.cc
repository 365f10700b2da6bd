// The warp preview against dolly-synth ground truth (the issue's check):
// frame 0's RGB and GT depth warped with the GT camera poses into every
// frame should match the rendered frame, PSNR >= 28 dB (the target; met on
// pan_sweep and the noise scenes, not on dolly_in: see the cases), on the
// pixels visible in frame 0 (covered by the splat, not filled). Pixels of objects that
// move on their own are excluded: their frame-0 pixels are not splatted
// and their target pixels are not scored. The per-frame PSNR is printed
// with --test_arg=--log_level=message.
#define BOOST_TEST_MODULE warp_synth_test
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <cstdlib>
#include <fstream>

#include "libs/track/video_frames.h"
#include "libs/warp/warp_preview.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::warp {
namespace {

using synth::testing::ReadView;
using synth::testing::RunSynth;

// Ids of objects whose world pose differs between frame 0 and frame f.
std::set<int> MovingObjects(const synth::testing::ViewData& gt, int f) {
  std::set<int> moving;
  const auto& b0 = gt.scene.frames[0].boxes;
  const auto& bf = gt.scene.frames[f].boxes;
  for (const auto& a : b0)
    for (const auto& b : bf) {
      if (a.object_id != b.object_id) continue;
      const Eigen::Isometry3d pa = geometry::FromPose(a.world_from_object);
      const Eigen::Isometry3d pb = geometry::FromPose(b.world_from_object);
      if (!pa.matrix().isApprox(pb.matrix(), 1e-9)) moving.insert(a.object_id);
    }
  return moving;
}

struct Result {
  std::vector<double> psnr;  // frames 1..n-1
  std::vector<double> scored_fraction;
};

Result Run(const std::string& scene, const std::string& name, int frames,
           const SplatOptions& splat = SplatOptions()) {
  synth::SynthOptions options;
  options.scene = scene;
  options.frames = frames;
  options.width = 256;
  options.height = 192;
  options.tracks = 16;
  options.write_mp4 = false;
  options.write_png = false;
  options.seed = 7;
  const synth::SynthResult synth = RunSynth(options, name);
  const synth::testing::ViewData gt = ReadView(synth.output_dir);
  const track::GrayVideo video = track::ReadGrayVideo(synth.output_dir + "/video.dolly", false);
  BOOST_REQUIRE_EQUAL(static_cast<int>(video.frames.size()), gt.frames());

  // Objects moving at any time are dropped from the reference.
  std::set<int> moving;
  for (int f = 1; f < gt.frames(); ++f)
    for (int id : MovingObjects(gt, f)) moving.insert(id);
  cv::Mat depth = gt.Depth(0).clone();
  cv::Mat mask0;
  gt.Mask(0).convertTo(mask0, CV_32S);
  for (int y = 0; y < depth.rows; ++y)
    for (int x = 0; x < depth.cols; ++x)
      if (moving.count(mask0.at<int>(y, x))) depth.at<float>(y, x) = 0.f;

  std::vector<Eigen::Isometry3d> world_from_camera;
  std::vector<geometry::PinholeCamera> cameras;
  for (int f = 0; f < gt.frames(); ++f) {
    world_from_camera.push_back(gt.WorldFromCamera(f));
    cameras.push_back(gt.intrinsics);
  }
  const std::vector<PreviewFrame> preview = WarpPreviewWorld(
      video.frames[0], depth, gt.intrinsics, world_from_camera[0], world_from_camera, cameras, splat);
  BOOST_REQUIRE_EQUAL(preview.size(), video.frames.size());
  BOOST_TEST(cv::norm(preview[0].rgb, video.frames[0], cv::NORM_INF) == 0.0);

  Result r;
  for (int f = 1; f < gt.frames(); ++f) {
    cv::Mat mask;
    gt.Mask(f).convertTo(mask, CV_32S);
    double se = 0.0;
    size_t n = 0;
    for (int y = 0; y < mask.rows; ++y)
      for (int x = 0; x < mask.cols; ++x) {
        if (!preview[f].coverage.at<uchar>(y, x) || moving.count(mask.at<int>(y, x))) continue;
        const cv::Vec3b a = preview[f].rgb.at<cv::Vec3b>(y, x);
        const cv::Vec3b b = video.frames[f].at<cv::Vec3b>(y, x);
        for (int c = 0; c < 3; ++c) se += (a[c] - b[c]) * double(a[c] - b[c]);
        ++n;
      }
    BOOST_REQUIRE(n > 0);
    // --test_env=WARP_DEBUG=1: preview | rendered frame, coverage and 4x
    // error images into the test's undeclared outputs, to see where the
    // error lies.
    const char* outputs = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
    if (std::getenv("WARP_DEBUG") && outputs) {
      const std::string d = std::string(outputs) + "/" + name + "_" + std::to_string(f);
      cv::Mat both;
      cv::hconcat(preview[f].rgb, video.frames[f], both);
      cv::imwrite(d + ".png", both);
      cv::imwrite(d + "_cov.png", preview[f].coverage);
      cv::Mat diff;
      cv::absdiff(preview[f].rgb, video.frames[f], diff);
      diff.setTo(cv::Scalar::all(0), preview[f].coverage == 0);
      cv::imwrite(d + "_diff.png", diff * 4);
    }
    const double mse = se / (3.0 * n);
    const double psnr = mse > 0 ? 10.0 * std::log10(255.0 * 255.0 / mse)
                                : std::numeric_limits<double>::infinity();
    r.psnr.push_back(psnr);
    r.scored_fraction.push_back(static_cast<double>(n) / mask.total());
    BOOST_TEST_MESSAGE(name << " frame " << f << ": PSNR " << psnr << " dB over "
                            << 100.0 * n / mask.total() << "% of the pixels (moving ids excluded: "
                            << moving.size() << ")");
  }
  return r;
}

// Scenes with smooth noise textures (written here): the rendered checker
// textures of the presets alias (one sample per sub-pixel, no mip-maps) and
// have 200-level steps that no resampling of frame 0 reproduces in another
// frame, so they measure the renderer more than the warp.
std::string WriteNoiseRecipe(const std::string& name, const std::string& camera) {
  const std::string path = synth::testing::TestTmpDir() + "/" + name + ".json";
  std::ofstream(path) << R"({
  "name": ")" << name << R"(",
  "camera": )" << camera << R"(,
  "ground": {"texture": "noise", "tile": 2.0},
  "backdrop": true,
  "objects": [
    {"name": "left", "shape": "box", "size": [0.5, 0.5, 0.8], "position": [-1.5, 0.3, 0.4],
     "color": [210, 80, 60], "texture": "noise"},
    {"name": "middle", "shape": "sphere", "radius": 0.35, "position": [0, 0.5, 0.35],
     "color": [80, 200, 90], "texture": "noise"},
    {"name": "right", "shape": "box", "size": [0.6, 0.6, 0.6], "position": [1.5, 0.2, 0.3],
     "yaw_deg": 40, "color": [70, 90, 210], "texture": "noise"}
  ]
})";
  return path;
}

// Measured (10 frames, 256x192, seed 7), frames 1-9, default bicubic
// resampling: pan_sweep 29.6-30.6 dB (target met); dolly_in 25.7-28.4 dB
// (target NOT met: the error sits on the checker edges of the ground, which
// the approach magnifies up to ~2x, so the rendered edge is sharper than
// any interpolation of frame 0's antialiased one, and on the minified,
// aliased far ground, the renderer taking one sample per sub-pixel without
// mip-maps; backdrop and object interiors are near-exact). With the
// bilinear splat blend instead: pan_sweep 24.3-25.3 dB, dolly_in 22.5-23.9.
BOOST_AUTO_TEST_CASE(pan_sweep_matches_rendered_frames) {
  const Result r = Run("pan_sweep", "pan_sweep", 10);
  for (size_t k = 0; k < r.psnr.size(); ++k) {
    BOOST_TEST(r.psnr[k] >= 28.0);            // target
    BOOST_TEST(r.scored_fraction[k] >= 0.3);  // the pan moves frame 0 out of view
  }
}

BOOST_AUTO_TEST_CASE(pan_sweep_bilinear_splat_regression) {
  SplatOptions options;
  options.resample = Resample::kBilinearSplat;
  const Result r = Run("pan_sweep", "pan_sweep_bilinear", 10, options);
  for (double psnr : r.psnr) BOOST_TEST(psnr >= 24.0);  // regression bound; blurrier
}

// dolly_in: the camera moves 2.5 m towards the scene while a box spins (its
// pixels are excluded).
BOOST_AUTO_TEST_CASE(dolly_in_regression) {
  const Result r = Run("dolly_in", "dolly_in", 10);
  for (size_t k = 0; k < r.psnr.size(); ++k) {
    BOOST_TEST(r.psnr[k] >= 25.5);  // regression bound; target 28 not met (checker edges)
    BOOST_TEST(r.scored_fraction[k] >= 0.8);
  }
}

// The same geometry with noise textures isolates the warp from the checker
// rendering. Measured 40.1-40.9 dB (pan; 33-91% of the pixels visible in
// frame 0) and 34.6-40.0 dB (dolly; 88-100%); the remaining error is at
// silhouettes (mixed foreground/background pixels carried with one depth)
// and on the ground near the horizon.
BOOST_AUTO_TEST_CASE(noise_pan_matches_rendered_frames) {
  const std::string recipe = WriteNoiseRecipe(
      "noise_pan", R"({"position": [0, -4, 1.2], "target": [-1.2, 0, 0.4], "fov_y_deg": 45,
             "motion": {"type": "pan", "degrees": -40}})");
  const Result r = Run(recipe, "noise_pan", 10);
  for (size_t k = 0; k < r.psnr.size(); ++k) BOOST_TEST(r.psnr[k] >= 28.0);
}

BOOST_AUTO_TEST_CASE(noise_dolly_matches_rendered_frames) {
  const std::string recipe = WriteNoiseRecipe(
      "noise_dolly", R"({"position": [0, -6, 1.5], "target": [0, 0, 0.5], "fov_y_deg": 45,
             "motion": {"type": "dolly", "distance": 2.5}})");
  const Result r = Run(recipe, "noise_dolly", 10);
  for (size_t k = 0; k < r.psnr.size(); ++k) BOOST_TEST(r.psnr[k] >= 28.0);
}

}  // namespace
}  // namespace dolly::warp
