// dolly-track against dolly-synth ground truth: the GT tracks' frame-0
// positions (of points visible in frame 0) are the queries; the TrackSet the
// tracker writes is read back from disk and compared with the GT tracks.
//
// Targets: median end-point error over frames > 0 where a point is
// visible both in GT and in the output <= 0.5 px; visibility accuracy
// (agreement with GT visibility over all queried points and all frames)
// >= 95%. Each case says which targets are met and asserts the target where
// it is, a regression bound where it is not. The measured numbers are
// printed with --test_arg=--log_level=message.
#define BOOST_TEST_MODULE track_synth_test
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/track/track.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::track {
namespace {

using synth::testing::ReadView;
using synth::testing::RunSynth;
using synth::testing::TestTmpDir;

struct Scores {
  double median_epe = 0.0;
  double visibility_accuracy = 0.0;
  double median_error_3d = 0.0;  // metres, world frame, lifted with GT depth and poses
  double both_visible_fraction = 0.0;  // of GT-visible (point, frame) pairs, tracked visible too
  size_t points = 0;
  size_t epe_samples = 0;
};

Scores TrackScene(const std::string& scene, const std::string& name, int frames, int tracks,
                  const LkOptions& lk = LkOptions(), uint64_t seed = 7) {
  synth::SynthOptions synth_options;
  synth_options.scene = scene;
  synth_options.frames = frames;
  synth_options.width = 256;
  synth_options.height = 192;
  synth_options.tracks = tracks;
  synth_options.write_mp4 = false;
  synth_options.write_png = false;
  synth_options.seed = seed;
  const synth::SynthResult synth = RunSynth(synth_options, name);
  const synth::testing::ViewData gt = ReadView(synth.output_dir);

  // Queries: GT frame-0 positions of the tracks visible in frame 0.
  std::vector<int64_t> selected;
  const std::string queries = TestTmpDir() + "/" + name + "_queries.csv";
  {
    std::ofstream out(queries);
    out << "t,x,y\n";
    out.precision(9);
    for (int64_t i = 0; i < gt.track_count(); ++i) {
      if (!gt.Visible(0, i)) continue;
      selected.push_back(i);
      const Eigen::Vector2d p = gt.Position(0, i);
      out << 0 << "," << p.x() << "," << p.y() << "\n";
    }
  }
  BOOST_REQUIRE(selected.size() > 50);

  TrackOptions options;
  options.input = synth.output_dir + "/video.dolly";
  options.output = TestTmpDir() + "/" + name + "_tracks.dolly";
  options.queries = queries;
  options.lk = lk;
  // Lift with GT depth and camera poses: points_world is then in the world
  // frame and comparable with the GT tracks' points.
  options.depth = synth.output_dir + "/depth.dolly";
  options.camera = synth.output_dir + "/camera.dolly";
  RunTrackImpl(options);
  const auto out = artifact::ReadArtifact<schema::TrackSetInfo>(options.output);
  BOOST_REQUIRE_EQUAL(out.info.track_count, static_cast<int64_t>(selected.size()));
  BOOST_REQUIRE_EQUAL(out.frames.size(), static_cast<size_t>(gt.frames()));

  BOOST_REQUIRE(out.info.has_points_3d);
  std::vector<double> epe, error_3d;
  size_t agree = 0, total = 0, gt_visible = 0, both = 0;
  for (int f = 0; f < gt.frames(); ++f) {
    const float* p = TensorData<float>(out.frames[f].positions);
    for (size_t k = 0; k < selected.size(); ++k) {
      const bool v_gt = gt.Visible(f, selected[k]);
      const bool v = out.frames[f].visibility.data[k] != 0;
      agree += v_gt == v;
      ++total;
      gt_visible += v_gt;
      if (v_gt && v) {
        ++both;
        const Eigen::Vector2d g = gt.Position(f, selected[k]);
        if (f > 0) epe.push_back(std::hypot(p[2 * k] - g.x(), p[2 * k + 1] - g.y()));
        const float* w = TensorData<float>(out.frames[f].points_world) + 3 * k;
        error_3d.push_back((Eigen::Vector3d(w[0], w[1], w[2]) - gt.PointWorld(f, selected[k])).norm());
      }
    }
  }
  Scores s;
  s.points = selected.size();
  s.epe_samples = epe.size();
  BOOST_REQUIRE(!epe.empty());
  std::nth_element(epe.begin(), epe.begin() + epe.size() / 2, epe.end());
  s.median_epe = epe[epe.size() / 2];
  std::nth_element(error_3d.begin(), error_3d.begin() + error_3d.size() / 2, error_3d.end());
  s.median_error_3d = error_3d[error_3d.size() / 2];
  s.visibility_accuracy = static_cast<double>(agree) / total;
  s.both_visible_fraction = static_cast<double>(both) / gt_visible;
  BOOST_TEST_MESSAGE(name << " (seed " << seed << ", " << frames << " frames 256x192, " << s.points
                           << " points): median EPE " << s.median_epe << " px over "
                           << s.epe_samples << " samples; visibility accuracy "
                           << s.visibility_accuracy << "; GT-visible kept visible "
                           << s.both_visible_fraction << "; median 3D error " << s.median_error_3d
                           << " m");
  return s;
}

// Measured with the default query-anchored tracker (lk_tracker.h); the
// numbers before it (chained LK with re-alignment, --affine-radius 0) are
// in brackets.
//
// posetraj_halfcircle: static camera, a car driving a half circle (it
// occludes the ground behind it), a textured ball. The EPE target is met
// (measured 4e-4 px [7e-4]). The visibility target (0.95) is NOT met:
// measured 0.923 [0.915]; the misses are on the checker-textured car (73 of
// the 339 points) as it turns through 180 degrees and its sides turn away.
// The alignment's gain and the camera-motion prior cost 0.013 here (0.936
// without both; 0.931 without the gain, 0.926 without the prior): a side
// that turns away darkens and still aligns with a lower gain a frame
// longer. The bound is a regression bound just under the measured value.
BOOST_AUTO_TEST_CASE(posetraj_halfcircle_matches_ground_truth) {
  const Scores s = TrackScene("posetraj_halfcircle", "halfcircle", 24, 400);
  BOOST_TEST(s.median_epe <= 0.5);             // target
  BOOST_TEST(s.visibility_accuracy >= 0.915);  // regression bound; target 0.95 not met
  // Lifting: 2D positions are exact here, so the 3D error is that of
  // bilinear depth interpolation (corners and silhouettes mix depths).
  // Measured 7e-5 m; bound 1 cm.
  BOOST_TEST(s.median_error_3d <= 0.01);
}

// orbit_boxes: 40 degree orbit around checker-textured boxes on a checker
// ground. Measured median EPE 0.51 px [2.36] (0.55 before the camera-motion
// prior; 0.499 when the prior is fitted to all points instead of a
// subsample of 256: the target sits within that) and visibility accuracy
// 0.929 [0.873]. Neither target is met. Per object: backdrop 0.05 px, ground
// 0.39 px (a minified checker, near-periodic), boxes and ball 1.1-2.9 px:
// they hold half the points (174 of 344), are 25-40 px wide, and have faces
// seen at grazing angles and turning away. Regression bounds just past the
// measured values, not the targets.
BOOST_AUTO_TEST_CASE(orbit_boxes_matches_ground_truth) {
  const Scores s = TrackScene("orbit_boxes", "orbit", 24, 400);
  BOOST_TEST(s.median_epe <= 0.65);            // regression bound; target 0.5 not met
  BOOST_TEST(s.visibility_accuracy >= 0.92);   // regression bound; target 0.95 not met
}

// orbit_boxes with smooth noise textures instead of checkers (written here,
// same geometry and camera): isolates the tracker from the renderer's
// aliasing of minified checker textures (one sample per pixel, no mip-maps).
std::string WriteOrbitNoiseRecipe() {
  const std::string path = TestTmpDir() + "/orbit_noise.json";
  std::ofstream(path) << R"({
  "name": "orbit_noise",
  "camera": {"position": [0, -5, 2], "target": [0, 0, 0.4], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 60}},
  "ground": {"texture": "noise", "tile": 2.0},
  "backdrop": true,
  "objects": [
    {"name": "red_box", "shape": "box", "size": [0.8, 0.8, 0.8], "position": [-0.9, 0.2, 0.4],
     "yaw_deg": 20, "color": [210, 70, 60], "texture": "noise"},
    {"name": "blue_box", "shape": "box", "size": [0.6, 1.0, 0.5], "position": [0.9, 0.5, 0.25],
     "yaw_deg": -15, "color": [60, 100, 210], "texture": "noise"},
    {"name": "ball", "shape": "sphere", "radius": 0.35, "position": [0.2, -0.8, 0.35],
     "color": [230, 200, 60], "texture": "noise"}
  ]
})";
  return path;
}

// Both targets are met: measured median EPE 0.151 px [2.40] and visibility
// accuracy 0.957 [0.944]. The chained tracker's EPE came from points near
// silhouettes following the other surface's edges inside the 21 px window,
// and from each step's bias under the patch's deformation adding up; the
// anchored affine alignment with robust weights removes both.
BOOST_AUTO_TEST_CASE(orbit_noise_matches_ground_truth) {
  const Scores s = TrackScene(WriteOrbitNoiseRecipe(), "orbit_noise", 24, 400);
  BOOST_TEST(s.median_epe <= 0.5);            // target
  BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
}

// Moving camera and moving objects with occlusions, the issue's setting: a
// 30 degree orbit over a noise-textured ground while a car drives a half
// circle (passing in front of the ground and the ball), a box spins and a
// ball stands. object_track_fraction is dolly-synth's share of tracks
// forced onto objects: 0.5 (its default, objects hold about half the points
// on a few percent of the pixels) or 0 (points uniform over the image, as
// TAP-Vid samples its queries).
std::string WriteMovingRecipe(double object_track_fraction) {
  const std::string path = TestTmpDir() + "/moving_" + std::to_string(object_track_fraction) + ".json";
  std::ofstream(path) << R"({
  "name": "moving",
  "object_track_fraction": )" << object_track_fraction << R"(,
  "camera": {"position": [0, -5, 2.2], "target": [0, 0, 0.3], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 30}},
  "ground": {"texture": "noise", "tile": 2.0, "color_a": [150, 140, 120], "color_b": [90, 100, 70]},
  "backdrop": true,
  "objects": [
    {"name": "car", "shape": "box", "size": [0.9, 0.45, 0.4], "position": [-1.3, 0, 0.2],
     "color": [200, 60, 50], "texture": "noise",
     "motion": {"type": "half_circle", "radius": 1.3, "start_deg": 180, "sweep_deg": 180}},
    {"name": "spinner", "shape": "box", "size": [0.6, 0.6, 0.6], "position": [0.9, 0.9, 0.3],
     "color": [70, 160, 90], "texture": "noise",
     "motion": {"type": "rotate", "degrees": 90, "axis": [0, 0, 1]}},
    {"name": "ball", "shape": "sphere", "radius": 0.4, "position": [0, 0.7, 0.4],
     "color": [80, 120, 220], "texture": "noise"}
  ]
})";
  return path;
}

// Points uniform over the image: both targets met, measured median EPE
// 0.059 px [0.60] and visibility accuracy 0.974 [0.924].
BOOST_AUTO_TEST_CASE(moving_camera_and_objects_uniform_points) {
  const Scores s = TrackScene(WriteMovingRecipe(0.0), "moving_uniform", 24, 400);
  BOOST_TEST(s.median_epe <= 0.5);            // target
  BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
}

// Other draws of the points (seeds 1-3): measured median EPE 0.054 / 0.059
// / 0.056 px and visibility accuracy 0.979 / 0.971 / 0.973.
BOOST_AUTO_TEST_CASE(moving_camera_and_objects_uniform_points_other_seeds) {
  for (uint64_t seed : {1, 2, 3}) {
    const Scores s = TrackScene(WriteMovingRecipe(0.0), "moving_uniform_" + std::to_string(seed),
                                24, 400, LkOptions(), seed);
    BOOST_TEST(s.median_epe <= 0.5);            // target
    BOOST_TEST(s.visibility_accuracy >= 0.95);  // target
  }
}

// Half the points on the objects: the EPE target is met (measured 0.098 px
// [1.06]), the visibility target is NOT: measured 0.948 [0.913]. The misses
// are on the car (turning through 180 degrees: sides turning away are kept
// visible by the LK fallback, or lost). Regression bound.
BOOST_AUTO_TEST_CASE(moving_camera_and_objects_object_heavy) {
  const Scores s = TrackScene(WriteMovingRecipe(0.5), "moving_objects", 24, 400);
  BOOST_TEST(s.median_epe <= 0.5);             // target
  BOOST_TEST(s.visibility_accuracy >= 0.935);  // regression bound; target 0.95 not met
}

// The chained mode (--affine-radius 0, faster) on the same scene: measured
// median EPE 2.40 px, visibility accuracy 0.944. Regression bounds.
BOOST_AUTO_TEST_CASE(orbit_noise_chained_mode) {
  LkOptions lk;
  lk.affine_radius = 0;
  const Scores s = TrackScene(WriteOrbitNoiseRecipe(), "orbit_noise_chained", 24, 400, lk);
  BOOST_TEST(s.median_epe <= 2.8);
  BOOST_TEST(s.visibility_accuracy >= 0.93);
}

}  // namespace
}  // namespace dolly::track
