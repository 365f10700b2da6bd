// The LK tracker on dolly-synth scenes with what real footage has: a
// sudden pan (camera.jump), motion blur, sensor noise, exposure changes,
// and points that come back after an occlusion. Ground truth: the synth
// tracks; queries: GT frame-0 positions of the points visible there.
//
// Scores (printed with --test_arg=--log_level=message):
// - median end-point error over frames > 0 where a point is visible in GT
//   and in the output (target <= 0.5 px);
// - visibility accuracy: agreement with GT visibility over all queried
//   points and frames (target >= 0.95);
// - forward-backward cycle error, as a user measures it on real footage
//   without ground truth: track to the last frame, query the points visible
//   there, track them back to frame 0, and compare with where they started
//   (median, and the share under 1 px).
#define BOOST_TEST_MODULE track_real_motion_test
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "libs/track/lk_tracker.h"
#include "libs/track/video_frames.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::track {
namespace {

using synth::testing::ReadView;
using synth::testing::RunSynth;
using synth::testing::TestTmpDir;

double Median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

struct Scores {
  double median_epe = 0.0;
  double visibility_accuracy = 0.0;
  // Of all (point, frame) pairs: visible in the output but hidden in GT,
  // and the other way round.
  double false_visible = 0.0, false_hidden = 0.0;
  // Points hidden in GT for a while and visible again: the share of their
  // GT-visible frames after the first return that the tracker has visible,
  // and the median EPE there.
  double returned_kept = std::nan("");
  double returned_epe = std::nan("");
  size_t returned_samples = 0;
  double cycle_median = 0.0;
  double cycle_under_1px = 0.0;
  size_t points = 0;
};

// A moving scene over noise textures (the tracker, not the renderer's
// aliasing of checkers, is under test): camera and objects as in
// track_synth_test's moving scene; `extra` adds the degradations (JSON keys
// at the top level, or inside "camera" through camera_extra).
std::string WriteRecipe(const std::string& name, const std::string& camera_motion,
                        const std::string& camera_extra, const std::string& extra,
                        const std::string& objects) {
  const std::string path = TestTmpDir() + "/" + name + ".json";
  std::ofstream(path) << R"({
  "name": ")" << name << R"(",
  "object_track_fraction": 0,
  "camera": {"position": [0, -5, 2.2], "target": [0, 0, 0.3], "fov_y_deg": 50,
             "motion": )" << camera_motion << camera_extra << R"(},
  "ground": {"texture": "noise", "tile": 2.0, "color_a": [150, 140, 120], "color_b": [90, 100, 70]},
  "backdrop": true,
  "objects": [)" << objects << R"(]
  )" << extra << R"(
})";
  return path;
}

// The moving scene's objects: a car driving a half circle, a spinning box,
// a ball.
const char kMovingObjects[] = R"(
    {"name": "car", "shape": "box", "size": [0.9, 0.45, 0.4], "position": [-1.3, 0, 0.2],
     "color": [200, 60, 50], "texture": "noise",
     "motion": {"type": "half_circle", "radius": 1.3, "start_deg": 180, "sweep_deg": 180}},
    {"name": "spinner", "shape": "box", "size": [0.6, 0.6, 0.6], "position": [0.9, 0.9, 0.3],
     "color": [70, 160, 90], "texture": "noise",
     "motion": {"type": "rotate", "degrees": 90, "axis": [0, 0, 1]}},
    {"name": "ball", "shape": "sphere", "radius": 0.4, "position": [0, 0.7, 0.4],
     "color": [80, 120, 220], "texture": "noise"})";

struct Scene {
  std::string dir;
  synth::testing::ViewData gt;
  std::vector<cv::Mat> gray;
  std::vector<int64_t> selected;  // GT track index of each query
  std::vector<QueryPoint> queries;
};

Scene Render(const std::string& recipe, const std::string& name, int frames, int tracks,
             uint64_t seed = 7) {
  synth::SynthOptions options;
  options.scene = recipe;
  options.frames = frames;
  options.width = 256;
  options.height = 192;
  options.tracks = tracks;
  options.write_mp4 = false;
  options.write_png = false;
  options.seed = seed;
  Scene scene;
  scene.dir = RunSynth(options, name).output_dir;
  scene.gt = ReadView(scene.dir);
  scene.gray = ReadGrayVideo(scene.dir + "/video.dolly").frames;
  for (int64_t i = 0; i < scene.gt.track_count(); ++i) {
    if (!scene.gt.Visible(0, i)) continue;
    scene.selected.push_back(i);
    const Eigen::Vector2d p = scene.gt.Position(0, i);
    scene.queries.push_back({0, static_cast<float>(p.x()), static_cast<float>(p.y())});
  }
  BOOST_REQUIRE(scene.selected.size() > 50);
  return scene;
}

// Track to the last frame, query the points visible there, track back.
void CycleError(const Scene& scene, const TrackResult& forward, const LkOptions& lk,
                Scores* s) {
  const int64_t last = static_cast<int64_t>(scene.gray.size()) - 1;
  std::vector<QueryPoint> back_queries;
  std::vector<size_t> origin;
  for (size_t k = 0; k < scene.queries.size(); ++k) {
    if (!forward.visibility[last][k]) continue;
    const cv::Point2f p = forward.positions[last][k];
    back_queries.push_back({last, p.x, p.y});
    origin.push_back(k);
  }
  BOOST_REQUIRE(!back_queries.empty());
  const TrackResult back = TrackPoints(scene.gray, back_queries, lk);
  std::vector<double> cycle;
  size_t under = 0;
  for (size_t j = 0; j < origin.size(); ++j) {
    const QueryPoint& q = scene.queries[origin[j]];
    const double e = std::hypot(back.positions[0][j].x - q.x, back.positions[0][j].y - q.y);
    cycle.push_back(e);
    under += e < 1.0;
  }
  s->cycle_median = Median(cycle);
  s->cycle_under_1px = static_cast<double>(under) / cycle.size();
}

Scores Track(const Scene& scene, const std::string& name, const LkOptions& lk = LkOptions()) {
  const TrackResult r = TrackPoints(scene.gray, scene.queries, lk);
  std::vector<double> epe, returned_epe;
  size_t agree = 0, total = 0, returned = 0, returned_kept = 0, false_visible = 0;
  for (size_t k = 0; k < scene.selected.size(); ++k) {
    bool hidden_before = false;
    for (int f = 0; f < scene.gt.frames(); ++f) {
      const bool v_gt = scene.gt.Visible(f, scene.selected[k]);
      const bool v = r.visibility[f][k] != 0;
      agree += v_gt == v;
      false_visible += v && !v_gt;
      ++total;
      hidden_before |= !v_gt;
      const Eigen::Vector2d g = scene.gt.Position(f, scene.selected[k]);
      const double e = std::hypot(r.positions[f][k].x - g.x(), r.positions[f][k].y - g.y());
      if (v_gt && v && f > 0) epe.push_back(e);
      if (v_gt && hidden_before) {
        ++returned;
        if (v) {
          ++returned_kept;
          returned_epe.push_back(e);
        }
      }
    }
  }
  Scores s;
  s.points = scene.selected.size();
  BOOST_REQUIRE(!epe.empty());
  s.median_epe = Median(epe);
  s.visibility_accuracy = static_cast<double>(agree) / total;
  s.false_visible = static_cast<double>(false_visible) / total;
  s.false_hidden = 1.0 - s.visibility_accuracy - s.false_visible;
  s.returned_samples = returned;
  if (returned > 0) {
    s.returned_kept = static_cast<double>(returned_kept) / returned;
    s.returned_epe = Median(returned_epe);
  }
  CycleError(scene, r, lk, &s);
  BOOST_TEST_MESSAGE(name << " (" << scene.gt.frames() << " frames 256x192, " << s.points
                          << " points): median EPE " << s.median_epe
                          << " px; visibility accuracy " << s.visibility_accuracy << " (false visible "
                          << s.false_visible << ", false hidden " << s.false_hidden << ")"
                          << "; cycle error median " << s.cycle_median << " px, "
                          << s.cycle_under_1px << " under 1 px; returned after occlusion: "
                          << s.returned_samples << " GT-visible samples, " << s.returned_kept
                          << " kept, median EPE " << s.returned_epe << " px");
  return s;
}

// The tracker before the camera-motion prior and the gain: the baseline
// each scene is compared with.
LkOptions WithoutPriors() {
  LkOptions lk;
  lk.global_motion = false;
  lk.affine.gain = false;
  return lk;
}

// A 10 degree orbit with a 30 px pan at frame 8 (noise sigma 2, motion blur
// over 0.3 of the frame interval): the issue's target scene. Measured:
// median EPE 0.166 px, visibility accuracy 0.969, cycle error median
// 0.126 px with 0.86 under 1 px (without the priors: 0.157 px, 0.960,
// 0.095 px, 0.80). Targets asserted; the cycle bounds are regression bounds.
BOOST_AUTO_TEST_CASE(sudden_pan_with_noise_and_blur) {
  const std::string recipe =
      WriteRecipe("jump", R"({"type": "orbit", "degrees": 10})",
                  R"(, "jump": {"frame": 8, "pixels": 30})",
                  R"(, "noise": {"sigma": 2}, "motion_blur": {"shutter": 0.3, "samples": 4})",
                  kMovingObjects);
  const Scene scene = Render(recipe, "jump", 16, 300);
  const Scores s = Track(scene, "jump 30 px, noise, blur");
  Track(scene, "jump 30 px, noise, blur, without the priors", WithoutPriors());
  BOOST_TEST(s.median_epe <= 0.5);            // target
  BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
  BOOST_TEST(s.cycle_median <= 0.5);
  BOOST_TEST(s.cycle_under_1px >= 0.8);
}

// Larger pans, beyond what the pyramid (3 levels, 21 px window) reaches
// from where the point was: with the phase-correlation restart and the
// camera prior (defaults), and without the priors. A coarser pyramid is no
// alternative at this size: OpenCV stops at the level where the image is
// still larger than the window, so --levels 5 measured the same numbers as
// 3 (and is not run here). Measured:
// 50 px: 0.225 px, 0.928 [without: 0.266 px, 0.814]; 80 px: 0.203 px,
// 0.938 [0.220 px, 0.762]. Bounds: EPE target, visibility at least 0.9
// (a sixth to a third of the image leaves the view there).
BOOST_AUTO_TEST_CASE(larger_pans) {
  for (int pixels : {50, 80}) {
    const std::string name = "jump" + std::to_string(pixels);
    const std::string recipe = WriteRecipe(
        name, R"({"type": "orbit", "degrees": 10})",
        R"(, "jump": {"frame": 8, "pixels": )" + std::to_string(pixels) + "}",
        R"(, "noise": {"sigma": 2})", kMovingObjects);
    const Scene scene = Render(recipe, name, 16, 300);
    const Scores s = Track(scene, name + " px");
    const Scores before = Track(scene, name + " px, without the priors", WithoutPriors());
    BOOST_TEST(s.median_epe <= 0.5);
    BOOST_TEST(s.visibility_accuracy >= 0.9);
    BOOST_TEST(s.visibility_accuracy > before.visibility_accuracy + 0.1);
  }
}

// Exposure: a random walk (0.03 per frame) and a step of x1.4 at frame 6.
// Without the gain the alignment of a brighter frame leaves residuals that
// grow with the patch's contrast, and without the camera prior the points
// that fail there are carried by LK, off their surface. Measured: 0.155 px,
// 0.963, cycle 0.118 px / 0.74 under 1 px; without the priors 0.295 px,
// 0.745, cycle 5.3 px / 0.31 (asserted: below 0.95).
BOOST_AUTO_TEST_CASE(exposure_step) {
  const std::string recipe = WriteRecipe(
      "exposure", R"({"type": "orbit", "degrees": 10})", "",
      R"(, "noise": {"sigma": 2}, "exposure": {"walk": 0.03, "step_frame": 6, "step_gain": 1.4})",
      kMovingObjects);
  const Scene scene = Render(recipe, "exposure", 16, 300);
  const Scores s = Track(scene, "exposure step x1.4");
  const Scores before = Track(scene, "exposure step x1.4, without the priors", WithoutPriors());
  BOOST_TEST(s.median_epe <= 0.5);            // target
  BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
  BOOST_TEST(before.visibility_accuracy < 0.95);
  BOOST_TEST(s.cycle_median <= 0.5);
}

// A wall crossing in front of the ground and backdrop, under a slow pan
// with a 30 px jump at frame 10: the points it covers must come back where
// they are once it has passed. Measured: 0.142 px, 0.962, and of the
// GT-visible samples after a point's first occlusion most are visible
// again, at a median 0.14 px; without the priors LK carries covered points
// along with the wall and few come back (asserted: the share kept at least
// doubles).
BOOST_AUTO_TEST_CASE(occlusion_return) {
  const std::string recipe = WriteRecipe(
      "occlusion", R"({"type": "pan", "degrees": 4})", R"(, "jump": {"frame": 10, "pixels": 30})",
      R"(, "noise": {"sigma": 2})",
      R"(
    {"name": "wall", "shape": "box", "size": [0.5, 0.3, 1.6], "position": [-2.6, -1.5, 0.8],
     "color": [200, 60, 50], "texture": "noise",
     "motion": {"type": "translate", "offset": [5.2, 0, 0]}})");
  const Scene scene = Render(recipe, "occlusion", 20, 300);
  const Scores s = Track(scene, "occlusion return");
  const Scores before = Track(scene, "occlusion return, without the priors", WithoutPriors());
  BOOST_TEST(s.median_epe <= 0.5);            // target
  BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
  BOOST_TEST(s.returned_kept >= 0.8);
  BOOST_TEST(s.returned_epe <= 0.5);
  BOOST_TEST(s.returned_kept >= 2.0 * before.returned_kept);
}

}  // namespace
}  // namespace dolly::track
