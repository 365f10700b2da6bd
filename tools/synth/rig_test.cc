// Multi-view rig mode: one directory per camera, cameras where the rig
// says (Animate3D: azimuth 0/90/180/270, elevation 15 degrees, distance 3,
// fov-y 40 degrees, z-up world), the same tracks seen from every view.
#define BOOST_TEST_MODULE rig_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include "tools/synth/synth_test_util.h"

namespace dolly::synth {
namespace {

// Poses are stored as double quaternions and the rig placement is closed
// form: 1e-9 (absolute, in metres and radians) is far above rounding.
constexpr double kTol = 1e-9;

double AngleDiff(double a, double b) { return std::remainder(a - b, 2.0 * M_PI); }

void CheckRig(const SynthResult& result, const Eigen::Vector3d& target) {
  namespace fs = std::filesystem;
  BOOST_TEST(result.views == 4);
  BOOST_TEST(fs::is_regular_file(result.output_dir + "/mesh.dolly"));
  BOOST_TEST(fs::is_regular_file(result.output_dir + "/recipe.json"));
  BOOST_TEST(!fs::exists(result.output_dir + "/view_04"));
  std::vector<testing::ViewData> views;
  for (int k = 0; k < 4; ++k) {
    const std::string dir = result.output_dir + "/view_0" + std::to_string(k);
    BOOST_REQUIRE(fs::is_directory(dir));
    BOOST_TEST(!fs::exists(dir + "/mesh.dolly"));
    views.push_back(testing::ReadView(dir));
  }
  for (int k = 0; k < 4; ++k) {
    BOOST_TEST_CONTEXT("view " << k) {
      const testing::ViewData& v = views[k];
      BOOST_TEST(v.scene.info.view_count == 4);
      BOOST_TEST(v.camera.info.world_frame.find("z up") != std::string::npos);
      BOOST_TEST(std::abs(geometry::VerticalFovDegrees(v.intrinsics) - 40.0) < kTol);
      for (int f = 0; f < v.frames(); ++f) {
        const Eigen::Isometry3d world_from_camera = v.WorldFromCamera(f);
        const Eigen::Vector3d eye = world_from_camera.translation() - target;
        BOOST_TEST(std::abs(eye.norm() - 3.0) < kTol);
        BOOST_TEST(std::abs(std::asin(eye.z() / eye.norm()) - 15.0 * M_PI / 180.0) < kTol);
        BOOST_TEST(std::abs(AngleDiff(std::atan2(eye.y(), eye.x()), k * M_PI / 2.0)) < kTol);
        // Looking at the target, image up towards +z.
        const Eigen::Vector3d target_in_camera = world_from_camera.inverse() * target;
        BOOST_TEST(std::abs(target_in_camera.x()) < kTol);
        BOOST_TEST(std::abs(target_in_camera.y()) < kTol);
        BOOST_TEST(std::abs(world_from_camera.linear().col(0).z()) < kTol);
        // The same tracks in every view: identical 3D points.
        BOOST_TEST(v.tracks.frames[f].points_world.data == views[0].tracks.frames[f].points_world.data);
        // And each view's 2D tracks are the projections of those points
        // (< 1e-3 px, see ground_truth_test).
        for (int64_t i = 0; i < v.track_count(); ++i) {
          if (!v.Visible(f, i)) continue;
          const Eigen::Vector2d p =
              v.intrinsics.Project(world_from_camera.inverse() * v.PointWorld(f, i));
          BOOST_TEST((p - v.Position(f, i)).norm() < 1e-3);
        }
      }
    }
  }
  // Opposite views cannot see the same side of the asset: visibility differs.
  BOOST_TEST(views[0].tracks.frames[0].visibility.data != views[2].tracks.frames[0].visibility.data);
}

BOOST_AUTO_TEST_CASE(RigPresetWritesFourViewsAtTheStatedPlaces) {
  SynthOptions options;
  options.scene = "rig_asset";
  options.frames = 3;
  options.width = 64;
  options.height = 64;
  options.tracks = 64;
  options.write_mp4 = false;
  options.write_png = false;
  CheckRig(testing::RunSynth(options, "rig_preset"), Eigen::Vector3d::Zero());
}

// --views turns any recipe into a rig with the default placement.
BOOST_AUTO_TEST_CASE(ViewsFlagMakesARig) {
  SynthOptions options;
  options.scene = testing::TestScene("orbit_boxes.json");
  options.views = 4;
  options.frames = 2;
  options.width = 64;
  options.height = 48;
  options.write_mp4 = false;
  options.write_png = true;
  const SynthResult result = testing::RunSynth(options, "rig_flag");
  CheckRig(result, Eigen::Vector3d::Zero());
  BOOST_TEST(std::filesystem::is_regular_file(result.output_dir + "/view_03/frames/000001.png"));
}

}  // namespace
}  // namespace dolly::synth
