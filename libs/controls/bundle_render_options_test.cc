#define BOOST_TEST_MODULE bundle_render_options
#include <boost/test/unit_test.hpp>

#include <string>

#include "libs/controls/bundle_render_options.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

diffusion::Bundle PacBundle() {
  diffusion::Bundle b;
  b.json_path = "pac/bundle.json";
  b.width = 768;
  b.height = 512;
  b.controls = {{"object_map", "pac"}, {"camera_map", "pac"}};
  return b;
}

diffusion::Bundle PosetrajBundle() {
  diffusion::Bundle b;
  b.json_path = "posetraj/bundle.json";
  b.width = 576;
  b.height = 320;
  b.controls = {{"trajectory_map", "posetraj"}};
  return b;
}

BOOST_AUTO_TEST_CASE(a_pac_bundle_renders_pac_maps_at_its_size) {
  RenderOptions options;
  options.object_map = ObjectMapMode::kSpheres;
  options.camera_map = CameraMapMode::kIntrinsics;
  ApplyBundleControls(PacBundle(), {}, &options);
  BOOST_TEST(ObjectMapModeName(options.object_map) == "pac");
  BOOST_TEST(CameraMapModeName(options.camera_map) == "pac");
  BOOST_TEST(TrajectoryMapModeName(options.trajectory_map) == "dolly");  // not named: untouched
  BOOST_TEST(options.width == 768);
  BOOST_TEST(options.height == 512);
}

BOOST_AUTO_TEST_CASE(a_posetraj_bundle_renders_per_segment_trajectory_maps) {
  RenderOptions options;
  ApplyBundleControls(PosetrajBundle(), {}, &options);
  BOOST_TEST(TrajectoryMapModeName(options.trajectory_map) == "posetraj");
  BOOST_TEST(options.width == 576);
  BOOST_TEST(options.height == 320);
}

BOOST_AUTO_TEST_CASE(an_explicit_size_wins_over_the_bundles) {
  RenderOptions options;
  options.width = 96;
  ExplicitRenderOptions given;
  given.width = true;
  ApplyBundleControls(PacBundle(), given, &options);
  BOOST_TEST(options.width == 96);
  BOOST_TEST(options.height == 0);  // follows the aspect ratio, as without a bundle
}

BOOST_AUTO_TEST_CASE(an_explicit_mode_that_agrees_is_kept) {
  RenderOptions options;
  ExplicitRenderOptions given;
  given.camera_map = true;
  options.camera_map = CameraMapMode::kPac;
  ApplyBundleControls(PacBundle(), given, &options);
  BOOST_TEST(CameraMapModeName(options.camera_map) == "pac");
}

BOOST_AUTO_TEST_CASE(an_explicit_mode_the_bundle_was_not_trained_on_is_a_usage_error) {
  RenderOptions options;
  ExplicitRenderOptions given;
  given.camera_map = true;
  options.camera_map = CameraMapMode::kIntrinsics;
  std::string message;
  try {
    ApplyBundleControls(PacBundle(), given, &options);
  } catch (const UsageError& e) {
    message = e.what();
  }
  BOOST_TEST(message ==
             "--camera-map intrinsics, but bundle pac/bundle.json was trained on camera_map "
             "\"pac\" (leave the flag out to render what the bundle reads)");
}

BOOST_AUTO_TEST_CASE(a_bundle_without_controls_sets_only_the_size) {
  diffusion::Bundle b = PacBundle();
  b.controls.clear();
  RenderOptions options;
  options.camera_map = CameraMapMode::kIntrinsics;
  ApplyBundleControls(b, {}, &options);
  BOOST_TEST(CameraMapModeName(options.camera_map) == "intrinsics");
  BOOST_TEST(options.width == 768);
}

}  // namespace
}  // namespace dolly::controls
