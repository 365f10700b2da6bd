// The RGB degradations (recipe keys `noise`, `exposure`): each is measured
// against the clean render of the same scene and seed, and the ground truth
// (depth, tracks, camera) must be that of the clean render.
#define BOOST_TEST_MODULE degrade_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/synth/degrade.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::synth {
namespace {

// A small static scene with textured ground, backdrop and a box: mid-grey
// levels everywhere, so neither gain nor noise clips much.
nlohmann::json BaseRecipe() {
  return nlohmann::json::parse(R"({
    "frames": 4, "width": 64, "height": 48, "tracks": 16,
    "background": [120, 120, 120],
    "ground": {"color_a": [150, 150, 150], "color_b": [60, 60, 70]},
    "backdrop": {"color_a": [90, 100, 110], "color_b": [140, 130, 120]},
    "objects": [{"shape": "box", "color": [170, 90, 60]}]
  })");
}

std::string Render(const nlohmann::json& recipe, const std::string& name, uint64_t seed = 3) {
  const std::string path = testing::TestTmpDir() + "/" + name + ".json";
  std::ofstream(path) << recipe.dump();
  SynthOptions options;
  options.scene = path;
  options.seed = seed;
  options.write_mp4 = false;
  options.write_png = false;
  return testing::RunSynth(options, name).output_dir;
}

std::vector<cv::Mat> Frames(const std::string& dir) {
  const auto video = artifact::ReadArtifact<schema::VideoInfo>(dir + "/video.dolly");
  std::vector<cv::Mat> frames;
  for (const auto& frame : video.frames) frames.push_back(MatFromTensor(frame.image).clone());
  return frames;
}

// The ground truth must not notice the degradation.
void ExpectSameGroundTruth(const std::string& clean_dir, const std::string& degraded_dir) {
  const testing::ViewData a = testing::ReadView(clean_dir);
  const testing::ViewData b = testing::ReadView(degraded_dir);
  BOOST_REQUIRE(a.frames() == b.frames());
  for (int f = 0; f < a.frames(); ++f) {
    BOOST_TEST(cv::norm(a.Depth(f), b.Depth(f), cv::NORM_INF) == 0.0);
    BOOST_TEST(cv::norm(a.Mask(f), b.Mask(f), cv::NORM_INF) == 0.0);
    BOOST_TEST(a.WorldFromCamera(f).matrix().isApprox(b.WorldFromCamera(f).matrix(), 0.0));
    for (int64_t i = 0; i < a.track_count(); ++i) {
      BOOST_TEST((a.Position(f, i) - b.Position(f, i)).norm() == 0.0);
    }
  }
}

// Residuals degraded - clean over channel values whose clean value lies in
// [lo, hi] (away from the clamps).
std::vector<double> Residuals(const cv::Mat& clean, const cv::Mat& degraded, int lo, int hi) {
  std::vector<double> out;
  for (int y = 0; y < clean.rows; ++y) {
    const uint8_t* c = clean.ptr<uint8_t>(y);
    const uint8_t* d = degraded.ptr<uint8_t>(y);
    for (int i = 0; i < clean.cols * clean.channels(); ++i) {
      if (c[i] >= lo && c[i] <= hi) out.push_back(static_cast<double>(d[i]) - c[i]);
    }
  }
  return out;
}

void MeanStd(const std::vector<double>& v, double* mean, double* std_dev) {
  double sum = 0.0, sq = 0.0;
  for (double x : v) sum += x;
  *mean = sum / v.size();
  for (double x : v) sq += (x - *mean) * (x - *mean);
  *std_dev = std::sqrt(sq / v.size());
}

BOOST_AUTO_TEST_CASE(ReadNoiseHasTheRequestedSigmaAndLeavesGroundTruthExact) {
  const std::string clean = Render(BaseRecipe(), "noise_clean");
  nlohmann::json recipe = BaseRecipe();
  recipe["noise"] = {{"sigma", 4.0}};
  const std::string noisy = Render(recipe, "noise_sigma4");
  const std::vector<cv::Mat> a = Frames(clean), b = Frames(noisy);
  for (size_t f = 0; f < a.size(); ++f) {
    double mean = 0.0, std_dev = 0.0;
    const std::vector<double> r = Residuals(a[f], b[f], 20, 235);
    BOOST_REQUIRE(r.size() > 4000u);
    MeanStd(r, &mean, &std_dev);
    BOOST_TEST_MESSAGE("frame " << f << ": residual mean " << mean << " std " << std_dev);
    // Rounding adds 1/12 level^2 of variance: sqrt(16 + 1/12) = 4.01.
    BOOST_TEST(std::abs(std_dev - 4.0) < 0.4);
    BOOST_TEST(std::abs(mean) < 0.3);
  }
  // Each frame draws its own noise.
  BOOST_TEST(cv::norm(b[0], b[1], cv::NORM_L1) > 0.0);
  ExpectSameGroundTruth(clean, noisy);
  // Same seed, same bytes; another seed, other noise.
  BOOST_TEST(cv::norm(Frames(Render(recipe, "noise_again"))[2], b[2], cv::NORM_INF) == 0.0);
  BOOST_TEST(cv::norm(Frames(Render(recipe, "noise_seed4", 4))[2], b[2], cv::NORM_INF) > 0.0);
}

BOOST_AUTO_TEST_CASE(ShotNoiseVarianceGrowsWithTheSignal) {
  const std::string clean = Render(BaseRecipe(), "shot_clean");
  nlohmann::json recipe = BaseRecipe();
  recipe["noise"] = {{"sigma", 0.0}, {"shot", 0.5}};
  const std::vector<cv::Mat> a = Frames(clean), b = Frames(Render(recipe, "shot"));
  // var = shot * v (+ 1/12 rounding): about 0.5 * 50 = 25 for dark, 0.5 * 150 = 75 for bright.
  std::vector<double> dark, bright;
  for (size_t f = 0; f < a.size(); ++f) {
    for (double r : Residuals(a[f], b[f], 40, 70)) dark.push_back(r);
    for (double r : Residuals(a[f], b[f], 130, 170)) bright.push_back(r);
  }
  BOOST_REQUIRE(dark.size() > 1000u);
  BOOST_REQUIRE(bright.size() > 1000u);
  double mean = 0.0, dark_std = 0.0, bright_std = 0.0;
  MeanStd(dark, &mean, &dark_std);
  MeanStd(bright, &mean, &bright_std);
  BOOST_TEST_MESSAGE("shot 0.5: std dark " << dark_std << " bright " << bright_std);
  BOOST_TEST(dark_std > std::sqrt(0.5 * 40) * 0.9);
  BOOST_TEST(dark_std < std::sqrt(0.5 * 70) * 1.1);
  BOOST_TEST(bright_std > std::sqrt(0.5 * 130) * 0.9);
  BOOST_TEST(bright_std < std::sqrt(0.5 * 170) * 1.1);
}

// The gain of frame f recovered as sum(degraded) / sum(clean) over channel
// values that stay below the clamp.
double RecoveredGain(const cv::Mat& clean, const cv::Mat& degraded) {
  double sum_clean = 0.0, sum_degraded = 0.0;
  for (int y = 0; y < clean.rows; ++y) {
    const uint8_t* c = clean.ptr<uint8_t>(y);
    const uint8_t* d = degraded.ptr<uint8_t>(y);
    for (int i = 0; i < clean.cols * clean.channels(); ++i) {
      if (c[i] < 10 || c[i] > 150) continue;
      sum_clean += c[i];
      sum_degraded += d[i];
    }
  }
  return sum_degraded / sum_clean;
}

BOOST_AUTO_TEST_CASE(ExposureStepGainIsRecoveredPerFrame) {
  const std::string clean = Render(BaseRecipe(), "exposure_clean");
  nlohmann::json recipe = BaseRecipe();
  recipe["exposure"] = {{"walk", 0.0}, {"step_frame", 2}, {"step_gain", 1.5}};
  const std::string stepped = Render(recipe, "exposure_step");
  const std::vector<cv::Mat> a = Frames(clean), b = Frames(stepped);
  const double expected[] = {1.0, 1.0, 1.5, 1.5};
  for (size_t f = 0; f < a.size(); ++f) {
    const double gain = RecoveredGain(a[f], b[f]);
    BOOST_TEST_MESSAGE("frame " << f << ": gain " << gain);
    BOOST_TEST(std::abs(gain / expected[f] - 1.0) < 0.01);
  }
  ExpectSameGroundTruth(clean, stepped);
}

BOOST_AUTO_TEST_CASE(ExposureWalkMatchesTheSeededGains) {
  const std::string clean = Render(BaseRecipe(), "walk_clean");
  nlohmann::json recipe = BaseRecipe();
  recipe["exposure"] = {{"walk", 0.08}};
  const std::vector<cv::Mat> a = Frames(clean), b = Frames(Render(recipe, "walk"));
  ExposureSpec spec;
  spec.enabled = true;
  spec.walk = 0.08;
  const std::vector<double> gains = ExposureGains(spec, 4, 3);
  BOOST_TEST(gains[0] == 1.0);
  double spread = 0.0;
  for (size_t f = 0; f < a.size(); ++f) {
    const double gain = RecoveredGain(a[f], b[f]);
    BOOST_TEST_MESSAGE("frame " << f << ": gain " << gain << " expected " << gains[f]);
    BOOST_TEST(std::abs(gain / gains[f] - 1.0) < 0.01);
    spread = std::max(spread, std::abs(std::log(gain)));
  }
  // The walk moved: some frame is at least 2 % off the first.
  BOOST_TEST(spread > 0.02);
}

// Sharpness of a frame: the mean |horizontal difference| of its grey values.
double Sharpness(const cv::Mat& rgb) {
  double sum = 0.0;
  for (int y = 0; y < rgb.rows; ++y) {
    const uint8_t* p = rgb.ptr<uint8_t>(y);
    for (int x = 1; x < rgb.cols; ++x) {
      for (int c = 0; c < 3; ++c) sum += std::abs(p[3 * x + c] - p[3 * (x - 1) + c]);
    }
  }
  return sum / (rgb.rows * (rgb.cols - 1) * 3);
}

nlohmann::json PanRecipe() {
  nlohmann::json recipe = BaseRecipe();
  recipe["camera"] = {{"motion", {{"type", "pan"}, {"degrees", 30}}}};
  return recipe;
}

BOOST_AUTO_TEST_CASE(MotionBlurGrowsWithTheShutterAndIsNoneAtZero) {
  const std::string clean = Render(PanRecipe(), "blur_clean");
  const std::vector<cv::Mat> a = Frames(clean);
  std::vector<double> sharpness, change;
  for (double shutter : {0.0, 0.25, 0.5, 1.0}) {
    nlohmann::json recipe = PanRecipe();
    recipe["motion_blur"] = {{"shutter", shutter}, {"samples", 8}};
    const std::string dir = Render(recipe, "blur_" + std::to_string(shutter));
    const std::vector<cv::Mat> b = Frames(dir);
    // Frame 2: inside the clip, so the whole shutter interval is rendered.
    sharpness.push_back(Sharpness(b[2]));
    change.push_back(cv::norm(a[2], b[2], cv::NORM_L1) / (a[2].total() * 3));
    BOOST_TEST_MESSAGE("shutter " << shutter << ": sharpness " << sharpness.back()
                                  << " (clean " << Sharpness(a[2]) << "), mean |blurred - clean| "
                                  << change.back());
    if (shutter == 0.5) ExpectSameGroundTruth(clean, dir);
  }
  // Shutter 0 is the clean render, byte for byte.
  BOOST_TEST(change[0] == 0.0);
  for (size_t i = 1; i < sharpness.size(); ++i) {
    BOOST_TEST(sharpness[i] < sharpness[i - 1] * 0.97);
    BOOST_TEST(change[i] > change[i - 1]);
  }
}

BOOST_AUTO_TEST_CASE(CameraJumpMovesEveryStaticTrackByTheRequestedPixels) {
  nlohmann::json recipe = BaseRecipe();
  recipe["tracks"] = 64;
  recipe["camera"] = {{"jump", {{"frame", 2}, {"pixels", 30}}}};
  const std::string dir = Render(recipe, "jump");
  const testing::ViewData v = testing::ReadView(dir);
  int jumped = 0;
  double least = 1e9;
  for (int64_t i = 0; i < v.track_count(); ++i) {
    for (int f = 1; f < v.frames(); ++f) {
      if (!v.Visible(f - 1, i) || !v.Visible(f, i)) continue;
      const Eigen::Vector2d step = v.Position(f, i) - v.Position(f - 1, i);
      if (f == 2) {
        least = std::min(least, -step.x());
        ++jumped;
      } else {
        // Static camera and scene elsewhere: nothing moves.
        BOOST_TEST(step.norm() < 1e-3);
      }
    }
  }
  BOOST_TEST_MESSAGE("jump 30 px: " << jumped << " tracks, least leftward step " << least);
  BOOST_TEST(jumped > 10);
  BOOST_TEST(least >= 30.0 - 1e-3);
  // The camera turned right about its own y axis, nothing else.
  const Eigen::Isometry3d delta = v.WorldFromCamera(1).inverse() * v.WorldFromCamera(2);
  const Eigen::AngleAxisd turn(delta.linear());
  const double expected = 2.0 * std::atan(30.0 / (2.0 * v.intrinsics.fx));
  BOOST_TEST(std::abs(turn.angle() - expected) < 1e-9);
  BOOST_TEST(turn.axis().y() > 1.0 - 1e-9);
  BOOST_TEST(delta.translation().norm() < 1e-9);
}

BOOST_AUTO_TEST_CASE(DroppedFramesKeepExactGroundTruthOfTheSourceFrames) {
  nlohmann::json recipe = PanRecipe();
  recipe["frames"] = 6;
  recipe["objects"][0]["motion"] = {{"type", "translate"}, {"offset", {0.6, 0, 0}}};
  const std::string clean = Render(recipe, "drop_clean");
  recipe["drop_frames"] = {3, 1};
  const std::string dropped = Render(recipe, "drop");
  const std::vector<int> kept = {0, 2, 4, 5};
  const testing::ViewData a = testing::ReadView(clean);
  const testing::ViewData b = testing::ReadView(dropped);
  BOOST_REQUIRE(b.frames() == 4);
  BOOST_TEST(b.depth.frames.size() == 4u);
  BOOST_TEST(b.tracks.frames.size() == 4u);
  BOOST_TEST(b.camera.header.parameters.at("source_frames") == "0,2,4,5");
  BOOST_TEST(b.tracks.header.parameters.at("source_frames") == "0,2,4,5");
  BOOST_TEST(a.camera.header.parameters.count("source_frames") == 0u);
  const std::vector<cv::Mat> rgb_a = Frames(clean), rgb_b = Frames(dropped);
  BOOST_REQUIRE(rgb_b.size() == 4u);
  const testing::MeshData mesh_a = testing::ReadMesh(clean), mesh_b = testing::ReadMesh(dropped);
  for (int o = 0; o < 4; ++o) {
    const int f = kept[o];
    BOOST_TEST(cv::norm(a.Depth(f), b.Depth(o), cv::NORM_INF) == 0.0);
    BOOST_TEST(cv::norm(a.Mask(f), b.Mask(o), cv::NORM_INF) == 0.0);
    BOOST_TEST(cv::norm(rgb_a[f], rgb_b[o], cv::NORM_INF) == 0.0);
    BOOST_TEST(a.WorldFromCamera(f).matrix().isApprox(b.WorldFromCamera(o).matrix(), 0.0));
    for (int64_t v = 0; v < 8; ++v) {
      BOOST_TEST((mesh_a.Vertex(f, v) - mesh_b.Vertex(o, v)).norm() == 0.0);
    }
    // Every visible track projects where its recorded position is.
    const Eigen::Isometry3d camera_from_world = b.WorldFromCamera(o).inverse();
    for (int64_t i = 0; i < b.track_count(); ++i) {
      if (!b.Visible(o, i)) continue;
      const Eigen::Vector2d p = b.intrinsics.Project(camera_from_world * b.PointWorld(o, i));
      BOOST_TEST((p - b.Position(o, i)).norm() < 1e-3);
    }
  }
  // The object moved between the kept frames 0 and 2, so the content jumps.
  BOOST_TEST(cv::norm(rgb_b[0], rgb_b[1], cv::NORM_L1) > 0.0);
}

BOOST_AUTO_TEST_CASE(UnknownFocalIsDrawnPerSeedAndTheGroundTruthUsesIt) {
  nlohmann::json recipe = PanRecipe();
  recipe["unknown_focal"] = {{"fov_min_deg", 30}, {"fov_max_deg", 80}};
  const testing::ViewData clean = testing::ReadView(Render(PanRecipe(), "focal_clean"));
  std::vector<double> focals;
  for (uint64_t seed : {3, 4, 5}) {
    const testing::ViewData v =
        testing::ReadView(Render(recipe, "focal_" + std::to_string(seed), seed));
    const double fx = v.intrinsics.fx;
    focals.push_back(fx);
    BOOST_TEST_MESSAGE("seed " << seed << ": fx " << fx << " (recipe's fov: " << clean.intrinsics.fx
                               << ")");
    // fx = (H / 2) / tan(fov / 2) for a fov in [30, 80] degrees, H = 48.
    BOOST_TEST(fx > 24.0 / std::tan(40.0 * M_PI / 180.0));
    BOOST_TEST(fx < 24.0 / std::tan(15.0 * M_PI / 180.0));
    BOOST_TEST(v.intrinsics.fy == fx);
    const geometry::PinholeCamera depth_camera =
        geometry::FromIntrinsics(v.depth.info.intrinsics);
    BOOST_TEST(depth_camera.fx == fx);
    // The tracks are projected with the same, true focal.
    int checked = 0;
    for (int f = 0; f < v.frames(); ++f) {
      const Eigen::Isometry3d camera_from_world = v.WorldFromCamera(f).inverse();
      for (int64_t i = 0; i < v.track_count(); ++i) {
        if (!v.Visible(f, i)) continue;
        const Eigen::Vector2d p = v.intrinsics.Project(camera_from_world * v.PointWorld(f, i));
        BOOST_TEST((p - v.Position(f, i)).norm() < 1e-3);
        ++checked;
      }
    }
    BOOST_TEST(checked > 10);
  }
  BOOST_TEST(focals[0] != focals[1]);
  BOOST_TEST(focals[1] != focals[2]);
  BOOST_TEST(focals[0] != clean.intrinsics.fx);
}

BOOST_AUTO_TEST_CASE(H264RoundTripLosesMoreAtHigherCrf) {
  const std::string clean = Render(PanRecipe(), "h264_clean");
  const std::vector<cv::Mat> a = Frames(clean);
  std::vector<double> psnr;
  for (int crf : {18, 32, 46}) {
    nlohmann::json recipe = PanRecipe();
    recipe["h264"] = {{"crf", crf}};
    const std::string dir = Render(recipe, "h264_" + std::to_string(crf));
    const std::vector<cv::Mat> b = Frames(dir);
    BOOST_REQUIRE(b.size() == a.size());
    double mean = 0.0;
    for (size_t f = 0; f < a.size(); ++f) {
      BOOST_REQUIRE(b[f].size() == a[f].size());
      mean += cv::PSNR(a[f], b[f]) / a.size();
    }
    psnr.push_back(mean);
    BOOST_TEST_MESSAGE("crf " << crf << ": mean PSNR " << mean << " dB");
    BOOST_TEST(!std::filesystem::exists(dir + "/h264_round_trip.mp4"));
    if (crf == 32) ExpectSameGroundTruth(clean, dir);
  }
  // Lossy at all, and more so with fewer bits.
  BOOST_TEST(psnr[0] < 60.0);
  BOOST_TEST(psnr[1] < psnr[0] - 1.0);
  BOOST_TEST(psnr[2] < psnr[1] - 1.0);
}

BOOST_AUTO_TEST_CASE(ShotCutsAreRecordedAndTheViewChangesThere) {
  nlohmann::json recipe = BaseRecipe();
  recipe["frames"] = 6;
  recipe["camera"] = {{"cuts", {{{"frame", 2}, {"orbit_deg", 120}}, {{"frame", 4}, {"orbit_deg", -60}}}}};
  const std::string dir = Render(recipe, "cuts");
  const testing::ViewData v = testing::ReadView(dir);
  BOOST_TEST(v.camera.header.parameters.at("cut_frames") == "2,4");
  BOOST_TEST(v.tracks.header.parameters.at("cut_frames") == "2,4");
  const std::vector<cv::Mat> rgb = Frames(dir);
  // Default camera: eye (0, -5, 1.6) looking at (0, 0, 0.5); world = camera 0,
  // so the target sits on its optical axis at the eye-target distance.
  const Eigen::Vector3d target(0.0, 0.0, std::sqrt(25.0 + 1.1 * 1.1));
  for (int f = 1; f < 6; ++f) {
    const double change = cv::norm(rgb[f - 1], rgb[f], cv::NORM_L1) / (rgb[f].total() * 3);
    const double moved = (v.WorldFromCamera(f).translation() - v.WorldFromCamera(f - 1).translation()).norm();
    BOOST_TEST_MESSAGE("frame " << f << ": mean |change| " << change << ", eye moved " << moved);
    const bool cut = f == 2 || f == 4;
    if (cut) {
      BOOST_TEST(change > 10.0);
      BOOST_TEST(moved > 2.0);
    } else {
      BOOST_TEST(change == 0.0);
      BOOST_TEST(moved < 1e-9);
    }
    // Still a view of the target from the same distance.
    const Eigen::Vector3d in_camera = v.WorldFromCamera(f).inverse() * target;
    BOOST_TEST(std::abs(in_camera.z() - target.z()) < 1e-6);
    BOOST_TEST(in_camera.head<2>().norm() < 1e-6);
  }
  // Ground truth of the new shots is exact: tracks project where recorded.
  for (int f : {2, 4}) {
    const Eigen::Isometry3d camera_from_world = v.WorldFromCamera(f).inverse();
    for (int64_t i = 0; i < v.track_count(); ++i) {
      if (!v.Visible(f, i)) continue;
      const Eigen::Vector2d p = v.intrinsics.Project(camera_from_world * v.PointWorld(f, i));
      BOOST_TEST((p - v.Position(f, i)).norm() < 1e-3);
    }
  }
}

// A bad degradation key fails before anything is rendered, naming the key.
BOOST_AUTO_TEST_CASE(BadDegradationKeysAreErrorsNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"noise": {"sigma": -1}})", "'noise.sigma'"},
      {R"({"noise": {"sigmaa": 1}})", "'noise.sigmaa'"},
      {R"({"exposure": {"step_frame": 4}})", "'exposure.step_frame'"},
      {R"({"h264": {"crf": 60}})", "'h264.crf'"},
      {R"({"motion_blur": {"samples": 0}})", "'motion_blur.samples'"},
      {R"({"drop_frames": [0, 1, 2, 3]})", "'drop_frames'"},
      {R"({"drop_frames": [7]})", "'drop_frames'"},
      {R"({"unknown_focal": {"fov_min_deg": 60, "fov_max_deg": 40}})",
       "'unknown_focal.fov_max_deg'"},
      {R"({"camera": {"cuts": [{"frame": 3}, {"frame": 2}]}})", "'camera.cuts[1].frame'"},
      {R"({"camera": {"jump": {"frame": 0}}})", "'camera.jump.frame'"},
  };
  for (const auto& [patch, key] : cases) {
    nlohmann::json recipe = BaseRecipe();
    recipe.merge_patch(nlohmann::json::parse(patch));
    bool failed = false;
    try {
      Render(recipe, "bad");
    } catch (const InvalidInputError& e) {
      failed = true;
      BOOST_TEST(std::string(e.what()).find(key) != std::string::npos, e.what());
    }
    BOOST_TEST(failed, patch);
  }
}

BOOST_AUTO_TEST_CASE(CleanRecipeJsonHasNoDegradationKeys) {
  const std::string dir = Render(BaseRecipe(), "clean_json");
  std::ifstream in(dir + "/recipe.json");
  const nlohmann::json resolved = nlohmann::json::parse(in);
  BOOST_TEST(!resolved.contains("noise"));
  BOOST_TEST(!resolved.contains("exposure"));
  nlohmann::json recipe = BaseRecipe();
  recipe["noise"] = true;
  std::ifstream in2(Render(recipe, "noisy_json") + "/recipe.json");
  const nlohmann::json noisy = nlohmann::json::parse(in2);
  BOOST_TEST(noisy.at("noise").at("sigma").get<double>() == 2.0);
}

}  // namespace
}  // namespace dolly::synth
