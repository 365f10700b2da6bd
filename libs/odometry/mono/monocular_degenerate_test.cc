#define BOOST_TEST_MODULE monocular_degenerate_test
#include <boost/test/unit_test.hpp>

#include "libs/odometry/mono/mono_scenes.h"
#include "libs/odometry/mono/mono_test_util.h"

// The hard cases of a monocular path, reported rather than failed, on
// dolly-synth scenes with noise, blur and H.264, no depth:
// - a camera that only turns: ROTATION_ONLY, no translation, mean rotation
//   error <= 0.5 degrees (and the focal, which a turn constrains, within 2 %);
// - a camera that does not move: STATIC, identity poses;
// - a sudden pan of 40 px: the path goes on (at most 2 frames lost) within
//   the accuracy targets (ATE <= 1 % of the path, rotation <= 0.5 degrees);
// - shot cuts given as cut_before: one segment per shot, each its own world
//   and scale, each within the accuracy targets.
namespace dolly::odometry::mono::testing {
namespace {

BOOST_AUTO_TEST_CASE(PureRotationIsRotationOnly) {
  const MonoScene scene = RenderScene(
      SetRecipe("mono_pan",
                R"({"position": [0, -4, 1.2], "target": [0, 0, 0.5],
                    "motion": {"type": "pan", "degrees": 40}})",
                std::string(kRealFootage) + R"(, "unknown_focal": true)"),
      "mono_pan", 24, /*seed=*/6);
  const MonoPath path = RunMono(scene, MonoParams());
  BOOST_TEST_REQUIRE(path.segments.size() == 1u);
  const SegmentScore s = ScoreSegment(scene, path, 0);
  BOOST_TEST_MESSAGE(Describe("pan (rotation only), focal unknown", s, path, scene.focal_px));
  BOOST_TEST((s.motion == MotionKind::ROTATION_ONLY));
  BOOST_TEST(!path.segments[0].depth_observable());
  BOOST_TEST(s.rotation_deg <= 0.5);
  BOOST_TEST(s.lost == 0);
  double translation = 0.0;
  for (const Eigen::Isometry3d& pose : path.world_from_camera)
    translation = std::max(translation, pose.translation().norm());
  BOOST_TEST(translation == 0.0);
  BOOST_TEST(std::abs(path.focal_px / scene.focal_px - 1.0) <= 0.02);
}

BOOST_AUTO_TEST_CASE(StaticCameraIsStatic) {
  const MonoScene scene = RenderScene(
      SetRecipe("mono_static", R"({"position": [0, -5, 1.6], "target": [0, 0, 0.5]})",
                kRealFootage),
      "mono_static", 16, /*seed=*/7);
  const MonoPath path = RunMono(scene, MonoParams());
  BOOST_TEST_REQUIRE(path.segments.size() == 1u);
  BOOST_TEST((path.segments[0].motion == MotionKind::STATIC));
  BOOST_TEST(!path.segments[0].depth_observable());
  BOOST_TEST(path.LostFrames().empty());
  // Nothing measures the focal length of a camera that does not move.
  BOOST_TEST(!path.focal_refined);
  for (const Eigen::Isometry3d& pose : path.world_from_camera)
    BOOST_TEST(pose.isApprox(Eigen::Isometry3d::Identity()));
}

BOOST_AUTO_TEST_CASE(SuddenPanIsBridged) {
  const MonoScene scene = RenderScene(
      SetRecipe("mono_jump",
                R"({"position": [0, -5, 2], "target": [0, 0, 0.4],
                    "motion": {"type": "orbit", "degrees": 40},
                    "jump": {"frame": 12, "pixels": 40}})",
                kRealFootage),
      "mono_jump", 24, /*seed=*/8);
  MonoParams params;
  params.focal_px = scene.focal_px;
  const MonoPath path = RunMono(scene, params);
  BOOST_TEST_REQUIRE(path.segments.size() == 1u);
  const SegmentScore s = ScoreSegment(scene, path, 0);
  BOOST_TEST_MESSAGE(Describe("orbit with a 40 px pan at frame 12", s, path, scene.focal_px));
  BOOST_TEST((s.motion == MotionKind::GENERAL));
  BOOST_TEST(s.lost <= 2);
  BOOST_TEST(!path.lost.back());
  BOOST_TEST(s.ate_sim3 <= 0.01 * s.path_length);
  BOOST_TEST(s.rotation_deg <= 0.5);
}

BOOST_AUTO_TEST_CASE(ShotCutsMakeSegments) {
  const MonoScene scene = RenderScene(
      SetRecipe("mono_cuts",
                R"({"position": [0, -5, 2], "target": [0, 0, 0.4],
                    "motion": {"type": "orbit", "degrees": 50},
                    "cuts": [{"frame": 14, "orbit_deg": 120}]})",
                kRealFootage),
      "mono_cuts", 28, /*seed=*/9);
  BOOST_TEST_REQUIRE(scene.cuts == std::vector<int>{14});
  MonoParams params;
  params.focal_px = scene.focal_px;
  const MonoPath path = RunMono(scene, params, /*give_cuts=*/true);
  BOOST_TEST_REQUIRE(path.segments.size() == 2u);
  BOOST_TEST(path.segments[0].first_frame == 0);
  BOOST_TEST(path.segments[0].end_frame == 14);
  BOOST_TEST(path.segments[1].first_frame == 14);
  BOOST_TEST(path.segments[1].end_frame == 28);
  // Each segment's world is the camera of its first frame.
  BOOST_TEST(path.world_from_camera[14].isApprox(Eigen::Isometry3d::Identity()));
  for (int seg = 0; seg < 2; ++seg) {
    const SegmentScore s = ScoreSegment(scene, path, seg);
    BOOST_TEST_MESSAGE(Describe("shot " + std::to_string(seg), s, path, scene.focal_px));
    BOOST_TEST((s.motion == MotionKind::GENERAL));
    BOOST_TEST(s.lost == 0);
    BOOST_TEST(s.ate_sim3 <= 0.01 * s.path_length);
    BOOST_TEST(s.rotation_deg <= 0.5);
  }
  for (const MapPoint& p : path.points) {
    for (const auto& [frame, pixel] : p.observations)
      BOOST_TEST_REQUIRE(path.SegmentOf(frame) == p.segment);
  }
}

}  // namespace
}  // namespace dolly::odometry::mono::testing
