#define BOOST_TEST_MODULE monocular_accuracy_test
#include <boost/test/unit_test.hpp>

#include "libs/odometry/mono/mono_test_util.h"

// Accuracy of the monocular path on dolly-synth orbit, dolly (forward) and
// truck (sideways) moves with the degradations of real footage, no depth:
// ATE RMSE after Sim(3) alignment <= 1 % of the ground-truth path length,
// mean rotation error <= 0.5 degrees (both worlds are the camera of frame 0),
// and, where the focal length is not given, the refined one within 2 %.
namespace dolly::odometry::mono::testing {
namespace {

void CheckAccuracy(const std::string& name, const MonoScene& scene, const MonoPath& path,
                   bool focal_given) {
  BOOST_TEST_REQUIRE(path.segments.size() == 1u);
  const SegmentScore s = ScoreSegment(scene, path, 0);
  BOOST_TEST_MESSAGE(Describe(name, s, path, scene.focal_px));
  BOOST_TEST((s.motion == MotionKind::GENERAL));
  BOOST_TEST(s.ate_sim3 <= 0.01 * s.path_length);
  BOOST_TEST(s.rotation_deg <= 0.5);
  if (!focal_given) {
    BOOST_TEST(path.focal_refined);
    BOOST_TEST(std::abs(path.focal_px / scene.focal_px - 1.0) <= 0.02);
  }
}

const char kOrbit[] = R"({
  "name": "mono_orbit",
  "camera": {"position": [0, -5, 2], "target": [0, 0, 0.4], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 40}},
  "ground": {"texture": "checker", "tile": 1.0},
  "backdrop": true,
  "objects": [
    {"shape": "box", "size": [0.8, 0.8, 0.8], "position": [-0.9, 0.2, 0.4], "yaw_deg": 20,
     "color": [210, 70, 60]},
    {"shape": "box", "size": [0.6, 1.0, 0.5], "position": [0.9, 0.5, 0.25], "yaw_deg": -15,
     "color": [60, 100, 210]},
    {"shape": "sphere", "radius": 0.35, "position": [0.2, -0.8, 0.35], "color": [230, 200, 60],
     "texture": "noise"}
  ]
})";

BOOST_AUTO_TEST_CASE(OrbitKnownFocal) {
  const MonoScene scene = RenderScene(kOrbit, "orbit_clean", 24);
  MonoParams params;
  params.focal_px = scene.focal_px;
  CheckAccuracy("orbit_clean", scene, RunMono(scene, params), true);
}

}  // namespace
}  // namespace dolly::odometry::mono::testing
