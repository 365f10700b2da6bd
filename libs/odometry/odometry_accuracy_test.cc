#define BOOST_TEST_MODULE odometry_accuracy_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include "libs/odometry/odometry_test_util.h"

// Accuracy against dolly-synth ground truth, with GT metric depth as input.
// Tolerances: ATE RMSE (SE(3) alignment: the depth is metric)
// <= 1% of the GT path length (5 mm where the camera does not move: the
// PoseTraj presets), mean rotation error <= 0.5 degrees (no alignment: both
// worlds are the camera of frame 0), F1 of the DYNAMIC label >= 0.9 where
// the scene has moving objects, no lost frames.
namespace dolly::odometry::testing {
namespace {

synth::SynthOptions Scene(const std::string& scene, int frames = 24) {
  synth::SynthOptions o;
  o.scene = scene;
  o.frames = frames;
  o.width = 256;
  o.height = 192;
  o.tracks = 400;
  return o;
}

void CheckAccuracy(const std::string& name, const SceneScore& s, bool has_dynamic) {
  BOOST_TEST_MESSAGE(Describe(name, s));
  BOOST_TEST(s.lost == 0u);
  BOOST_TEST(s.ate_se3 <= std::max(0.01 * s.path_length, 0.005));
  BOOST_TEST(s.rotation_deg <= 0.5);
  if (has_dynamic) {
    BOOST_TEST_REQUIRE(s.gt_dynamic > 0);
    BOOST_TEST(s.dynamic_f1 >= 0.9);
  }
}

BOOST_AUTO_TEST_CASE(OrbitBoxes) {
  CheckAccuracy("orbit_boxes", RunAndScore(Scene("orbit_boxes"), "orbit_boxes"), false);
}

BOOST_AUTO_TEST_CASE(PosetrajHalfcircle) {
  CheckAccuracy("posetraj_halfcircle",
                RunAndScore(Scene("posetraj_halfcircle"), "posetraj_halfcircle"), true);
}

BOOST_AUTO_TEST_CASE(PosetrajScurve) {
  CheckAccuracy("posetraj_scurve", RunAndScore(Scene("posetraj_scurve"), "posetraj_scurve"),
                true);
}

// A moving camera (orbit) and large moving objects (about a third of the
// image): the case where labels must separate object motion from camera
// motion.
BOOST_AUTO_TEST_CASE(OrbitWithMovingObjects) {
  const std::string recipe = synth::testing::TestTmpDir() + "/orbit_movers.json";
  std::ofstream(recipe) << R"({
  "name": "orbit_movers",
  "camera": {"position": [0, -4.5, 2.0], "target": [0, 0, 0.4], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 30}},
  "ground": {"texture": "noise", "tile": 1.5},
  "backdrop": true,
  "objects": [
    {"name": "car", "shape": "box", "size": [1.2, 0.8, 0.8], "position": [-1.0, -0.3, 0.4],
     "texture": "noise", "color": [200, 60, 50],
     "motion": {"type": "half_circle", "radius": 1.0, "start_deg": 180, "sweep_deg": 120}},
    {"name": "van", "shape": "box", "size": [1.0, 0.9, 1.0], "position": [1.0, 0.6, 0.5],
     "color": [60, 120, 210], "motion": {"type": "translate", "offset": [-0.8, -0.6, 0]}},
    {"name": "crate", "shape": "box", "size": [0.5, 0.5, 0.5], "position": [0.2, 1.6, 0.25],
     "color": [140, 100, 60]}
  ]
})";
  CheckAccuracy("orbit_movers", RunAndScore(Scene(recipe), "orbit_movers"), true);
}

BOOST_AUTO_TEST_CASE(DollyIn) {
  // The spinning box is a moving object (rotation in place).
  CheckAccuracy("dolly_in", RunAndScore(Scene("dolly_in"), "dolly_in"), true);
}

}  // namespace
}  // namespace dolly::odometry::testing
