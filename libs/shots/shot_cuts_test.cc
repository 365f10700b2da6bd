// Shot cuts against the cut frames dolly-synth records: scenes whose camera
// turns to another side of the same set (colours stay alike), and scenes that
// must not be cut although their frames change a lot (sudden pans, exposure
// steps, blur, noise, H.264, dropped frames, a fast orbit).
#define BOOST_TEST_MODULE shot_cuts_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/shots/shot_cuts.h"
#include "libs/tensor/cv_bridge.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::shots {
namespace {

// One set seen from every side: textured ground and objects all around the
// target, so another side looks much like this one in colour.
nlohmann::json SetRecipe() {
  return nlohmann::json::parse(R"({
    "frames": 28, "width": 192, "height": 128, "tracks": 0, "fps": 12,
    "camera": {"position": [0, -5, 1.8], "target": [0, 0, 0.4], "fov_y_deg": 55},
    "ground": {"texture": "checker", "tile": 1.0},
    "backdrop": true,
    "objects": [
      {"shape": "box", "size": [0.8, 0.8, 0.8], "position": [-0.9, 0.2, 0.4], "yaw_deg": 20,
       "color": [200, 80, 60]},
      {"shape": "box", "size": [0.6, 1.0, 0.5], "position": [0.9, 0.5, 0.25], "yaw_deg": -15,
       "color": [70, 100, 200]},
      {"shape": "box", "size": [0.4, 0.4, 1.0], "position": [0.1, 1.2, 0.5],
       "color": [80, 170, 90]},
      {"shape": "sphere", "radius": 0.35, "position": [0.2, -0.8, 0.35], "color": [220, 190, 70],
       "texture": "noise"},
      {"shape": "box", "size": [0.5, 0.5, 0.5], "position": [-0.4, -1.3, 0.25],
       "color": [190, 90, 70]}
    ]
  })");
}

struct Scene {
  std::string name;
  std::string patch;  // JSON merged into SetRecipe()
};

const std::vector<Scene>& Scenes() {
  static const std::vector<Scene> scenes = {
      // With cuts.
      {"cuts_orbit", R"({"camera": {"motion": {"type": "orbit", "degrees": 40},
          "cuts": [{"frame": 8, "orbit_deg": 120}, {"frame": 18, "orbit_deg": -75}]}})"},
      {"cuts_handheld_noise", R"({"camera": {"motion": {"type": "handheld"},
          "cuts": [{"frame": 6, "orbit_deg": 45}, {"frame": 14, "orbit_deg": 150},
                   {"frame": 22, "orbit_deg": 90}]},
          "noise": {"sigma": 4, "shot": 0.5}})"},
      {"cuts_pan_blur", R"({"camera": {"motion": {"type": "pan", "degrees": 25},
          "cuts": [{"frame": 10, "orbit_deg": 200}, {"frame": 19, "orbit_deg": 60}]},
          "motion_blur": {"shutter": 0.6}})"},
      {"cuts_dolly_h264", R"({"camera": {"motion": {"type": "dolly", "distance": 1.5},
          "cuts": [{"frame": 12, "orbit_deg": -120}, {"frame": 20, "orbit_deg": 35}]},
          "h264": {"crf": 38}})"},
      {"cuts_exposure_drop", R"({"camera": {"motion": {"type": "orbit", "degrees": -50},
          "cuts": [{"frame": 9, "orbit_deg": 100}, {"frame": 21, "orbit_deg": -140}]},
          "exposure": {"walk": 0.05}, "drop_frames": [4, 15, 16]})"},
      {"cuts_quarter_turns_blur_noise", R"({"camera": {"motion": {"type": "orbit", "degrees": 20},
          "cuts": [{"frame": 7, "orbit_deg": 90}, {"frame": 16, "orbit_deg": -90}]},
          "motion_blur": {"shutter": 0.5}, "noise": {"sigma": 3}})"},
      {"cuts_small_turn", R"({"camera": {"motion": {"type": "handheld"},
          "cuts": [{"frame": 11, "orbit_deg": 30}, {"frame": 20, "orbit_deg": -25}]}})"},
      // Without cuts.
      {"jump_handheld", R"({"camera": {"motion": {"type": "handheld"},
          "jump": {"frame": 10, "pixels": 30}}})"},
      {"jump_noise_blur", R"({"camera": {"motion": {"type": "pan", "degrees": -20},
          "jump": {"frame": 15, "pixels": -40}}, "noise": {"sigma": 5},
          "motion_blur": {"shutter": 0.5}})"},
      {"exposure_steps", R"({"camera": {"motion": {"type": "orbit", "degrees": 30}},
          "exposure": {"walk": 0.04, "step_frame": 12, "step_gain": 1.8}})"},
      {"exposure_down_h264", R"({"camera": {"motion": {"type": "handheld"}},
          "exposure": {"step_frame": 9, "step_gain": 0.45}, "h264": {"crf": 40}})"},
      {"fast_orbit_blur", R"({"camera": {"motion": {"type": "orbit", "degrees": 150}},
          "motion_blur": {"shutter": 0.8}})"},
      {"dolly_drop_noise", R"({"camera": {"motion": {"type": "dolly", "distance": 2.0}},
          "drop_frames": [5, 6, 7, 17, 18], "noise": {"sigma": 3}})"},
      {"fast_orbit_dropped_h264", R"({"camera": {"motion": {"type": "orbit", "degrees": -120}},
          "drop_frames": [10, 11], "h264": {"crf": 35}})"},
  };
  return scenes;
}

struct Rendered {
  std::vector<cv::Mat> frames;
  std::set<int> cuts;
};

Rendered Render(const Scene& scene) {
  nlohmann::json recipe = SetRecipe();
  recipe.merge_patch(nlohmann::json::parse(scene.patch));
  const std::string path = synth::testing::TestTmpDir() + "/" + scene.name + ".json";
  std::ofstream(path) << recipe.dump();
  synth::SynthOptions options;
  options.scene = path;
  options.seed = 11;
  options.write_mp4 = false;
  options.write_png = false;
  const std::string dir = synth::testing::RunSynth(options, scene.name).output_dir;
  const auto video = artifact::ReadArtifact<schema::VideoInfo>(dir + "/video.dolly");
  Rendered out;
  for (const auto& frame : video.frames) out.frames.push_back(MatFromTensor(frame.image).clone());
  const auto it = video.header.parameters.find("cut_frames");
  if (it != video.header.parameters.end()) {
    std::stringstream list(it->second);
    for (std::string item; std::getline(list, item, ',');) out.cuts.insert(std::stoi(item));
  }
  return out;
}

// A smooth random colour texture; every seed has the same statistics (so the
// same colour histogram up to sampling), but different content.
cv::Mat Texture(uint64_t seed, cv::Size size = cv::Size(320, 200)) {
  cv::RNG rng(seed);
  cv::Mat noise(size, CV_32FC3);
  rng.fill(noise, cv::RNG::NORMAL, 0.0, 1.0);
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 2.5);
  cv::Scalar mean, spread;
  cv::meanStdDev(noise, mean, spread);
  cv::Mat out;
  noise.convertTo(out, CV_8UC3, 35.0 / spread[0], 110.0);
  return out;
}

// `texture` seen through a 160 x 120 window at (x, y), times `gain`, plus
// Gaussian noise of `sigma` levels.
cv::Mat View(const cv::Mat& texture, int x, int y, double gain = 1.0, double sigma = 0.0,
             uint64_t seed = 1) {
  cv::Mat view;
  texture(cv::Rect(x, y, 160, 120)).convertTo(view, CV_32FC3, gain);
  if (sigma > 0) {
    cv::Mat noise(view.size(), CV_32FC3);
    cv::RNG(seed).fill(noise, cv::RNG::NORMAL, 0.0, sigma);
    view += noise;
  }
  view.convertTo(view, CV_8UC3);
  return view;
}

BOOST_AUTO_TEST_CASE(ASuddenPanWithAGainStepIsNoCutButOtherContentIs) {
  const cv::Mat a = Texture(1), b = Texture(2);
  // Frame 1: a 32 px pan, 1.6x brighter, noisy; frame 2: new content with
  // the same colour statistics.
  const std::vector<cv::Mat> frames = {View(a, 40, 40), View(a, 72, 44, 1.6, 4.0),
                                       View(b, 72, 44), View(b, 74, 44)};
  ShotCutDetector detector;
  BOOST_TEST(!detector.Push(frames[0]));
  BOOST_TEST(!detector.Push(frames[1]));
  BOOST_TEST_MESSAGE("pan + gain: continuity " << detector.last_cues().continuity);
  BOOST_TEST(detector.last_cues().continuity > 0.8);
  BOOST_TEST(detector.Push(frames[2]));
  BOOST_TEST_MESSAGE("new content: continuity " << detector.last_cues().continuity);
  BOOST_TEST(detector.last_cues().continuity < 0.1);
  BOOST_TEST(!detector.Push(frames[3]));
  BOOST_TEST(DetectShotCuts(frames) == std::vector<int>({2}));
  // Grey frames: the motion cue alone.
  std::vector<cv::Mat> grey(frames.size());
  for (size_t i = 0; i < frames.size(); ++i) cv::cvtColor(frames[i], grey[i], cv::COLOR_RGB2GRAY);
  BOOST_TEST(DetectShotCuts(grey) == std::vector<int>({2}));
}

BOOST_AUTO_TEST_CASE(CutsCloserThanMinShotFramesAreNotReported) {
  const cv::Mat t1 = Texture(1), t2 = Texture(2), t3 = Texture(3), t4 = Texture(4);
  // New content at frames 1, 2 and 4.
  const std::vector<cv::Mat> frames = {View(t1, 10, 10), View(t2, 10, 10), View(t3, 10, 10),
                                       View(t3, 12, 11), View(t4, 10, 10)};
  BOOST_TEST(DetectShotCuts(frames, ShotCutParams{1}) == std::vector<int>({1, 2, 4}));
  BOOST_TEST(DetectShotCuts(frames, ShotCutParams{2}) == std::vector<int>({2, 4}));
  BOOST_TEST(DetectShotCuts(frames, ShotCutParams{3}) == std::vector<int>({4}));
}

BOOST_AUTO_TEST_CASE(FramesOfAnotherSizeAreRefused) {
  ShotCutDetector detector;
  detector.Push(View(Texture(1), 0, 0));
  BOOST_CHECK_THROW(detector.Push(cv::Mat(60, 80, CV_8UC3, cv::Scalar::all(0))),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(FindsTheCutsOfDollySynthScenesWithF1AtLeast095) {
  int tp = 0, fp = 0, fn = 0, pushed = 0;
  double seconds = 0.0;
  double lowest_in_shot = 1.0, highest_at_cut = 0.0;
  for (const Scene& scene : Scenes()) {
    const Rendered r = Render(scene);
    ShotCutDetector detector;
    std::set<int> found;
    std::ostringstream log;
    for (size_t f = 0; f < r.frames.size(); ++f) {
      const auto start = std::chrono::steady_clock::now();
      if (detector.Push(r.frames[f])) found.insert(static_cast<int>(f));
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++pushed;
      if (f == 0) continue;
      const ShotCutCues& c = detector.last_cues();
      const bool truth = r.cuts.count(static_cast<int>(f)) > 0;
      if (truth) {
        highest_at_cut = std::max(highest_at_cut, c.continuity);
      } else {
        lowest_in_shot = std::min(lowest_in_shot, c.continuity);
      }
      if (!truth && !c.cut && c.continuity > 0.6) continue;
      char line[200];
      std::snprintf(line, sizeof(line),
                    "  frame %2zu%s: %3d corners, %3d tracked, %3d consistent of %3d in view "
                    "(continuity %.2f, recent %.2f), chroma %.4f%s\n",
                    f, truth ? " (cut)" : "", c.corners, c.tracked, c.consistent, c.in_view,
                    c.continuity, c.recent_continuity, c.chroma_distance,
                    c.cut ? " -> CUT" : "");
      log << line;
    }
    int s_tp = 0;
    for (int f : found) s_tp += static_cast<int>(r.cuts.count(f));
    tp += s_tp;
    fp += static_cast<int>(found.size()) - s_tp;
    fn += static_cast<int>(r.cuts.size()) - s_tp;
    BOOST_TEST_MESSAGE(scene.name << ": " << r.cuts.size() << " cuts, " << found.size()
                                  << " found, " << s_tp << " right\n" << log.str());
  }
  const double f1 = tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  BOOST_TEST_MESSAGE("shot cuts over " << Scenes().size() << " scenes: " << tp << " right, " << fp
                     << " false, " << fn << " missed: F1 " << f1 << "; continuity at cuts <= "
                     << highest_at_cut << ", within shots >= " << lowest_in_shot << "; "
                     << 1e3 * seconds / pushed << " ms per 192x128 frame");
  BOOST_TEST(f1 >= 0.95);
}

}  // namespace
}  // namespace dolly::shots
