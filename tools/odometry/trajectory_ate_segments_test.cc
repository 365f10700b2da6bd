// trajectory-ate on an estimate of several shots: each segment (its own world
// frame) is aligned on its own, so a path that is exact within every shot
// scores zero, while one alignment over the whole path cannot.
#define BOOST_TEST_MODULE trajectory_ate_segments_test
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/geometry/schema_convert.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/camera_types.h"
#include "tools/synth/synth_test_util.h"
#include "tools/testing/tool_process.h"

namespace dolly {
namespace {

// The number after `key` on the first line that holds it after `from`.
double Field(const std::string& text, const std::string& key, size_t from = 0) {
  const size_t at = text.find(key + " ", from);
  BOOST_REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + key.size() + 1));
}

BOOST_AUTO_TEST_CASE(EachShotIsAlignedOnItsOwn) {
  nlohmann::json recipe = {
      {"frames", 8}, {"width", 64}, {"height", 48}, {"tracks", 0}, {"ground", true},
      {"camera", {{"motion", {{"type", "orbit"}, {"degrees", 30}}},
                  {"cuts", {{{"frame", 5}, {"orbit_deg", 120}}}}}}};
  const std::string recipe_path = synth::testing::TestTmpDir() + "/cuts.json";
  std::ofstream(recipe_path) << recipe.dump();
  synth::SynthOptions options;
  options.scene = recipe_path;
  options.write_mp4 = false;
  options.write_png = false;
  const std::string dir = synth::testing::RunSynth(options, "ate_cuts").output_dir;

  // The estimate: the true path, each shot re-expressed in the camera of its
  // first frame (as a monocular estimator reports it).
  auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(dir + "/camera.dolly");
  BOOST_REQUIRE(camera.frames.size() == 8u);
  const Eigen::Isometry3d shot_world = geometry::FromPose(camera.frames[5].world_from_camera);
  for (int f = 5; f < 8; ++f) {
    camera.frames[f].__set_world_from_camera(geometry::ToPose(
        shot_world.inverse() * geometry::FromPose(camera.frames[f].world_from_camera)));
  }
  trajectory::SetShotSegments({0, 5}, &camera);
  const std::string estimate = dir + "/shots.dolly";
  artifact::WriteArtifact(estimate, camera);

  const testing::ProcessResult r = testing::RunTool(
      "tools/odometry/trajectory-ate", "--gt " + dir + "/camera.dolly --estimate " + estimate);
  BOOST_TEST_MESSAGE(r.out);
  BOOST_REQUIRE(r.code == 0);
  const size_t per_segment = r.out.find("segments 2");
  BOOST_REQUIRE(per_segment != std::string::npos);
  // One alignment over both shots: metres off (the eye moved about 9 m).
  BOOST_TEST(Field(r.out, "ate_sim3") > 0.1);
  BOOST_TEST(Field(r.out, "ate_sim3", per_segment) < 1e-6);
  BOOST_TEST(Field(r.out, "rot_sim3", per_segment) < 1e-6);
}

}  // namespace
}  // namespace dolly
