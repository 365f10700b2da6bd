// Recipe parsing: presets and shipped recipes parse, the resolved JSON round
// trips, and every kind of mistake names the file and the key.
#define BOOST_TEST_MODULE recipe_test
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include "libs/core/error.h"
#include "libs/synth/presets.h"
#include "libs/synth/recipe.h"
#include "libs/synth/recipe_source.h"

namespace dolly::synth {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseRecipe(nlohmann::json::parse(text), "bad.json");
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(PresetsParseAndRoundTrip) {
  BOOST_TEST(PresetNames().size() >= 5u);
  for (const std::string& name : PresetNames()) {
    BOOST_TEST_CONTEXT(name) {
      const LoadedRecipe loaded = LoadRecipe(name);
      BOOST_TEST(loaded.source == "preset " + name);
      const nlohmann::json resolved = RecipeToJson(loaded.recipe);
      const nlohmann::json again = RecipeToJson(ParseRecipe(resolved, "resolved"));
      BOOST_TEST(resolved.dump() == again.dump());
    }
  }
}

BOOST_AUTO_TEST_CASE(ShippedRecipesParse) {
  const std::string root = std::string(std::getenv("TEST_SRCDIR")) + "/" +
                           std::getenv("TEST_WORKSPACE") + "/testdata/scenes/";
  for (const char* name : {"orbit_boxes.json", "posetraj_halfcircle.json", "bending_cylinder.json"}) {
    BOOST_TEST_CONTEXT(name) {
      const LoadedRecipe loaded = LoadRecipe(root + name);
      BOOST_TEST(loaded.path == root + name);
      BOOST_TEST(!loaded.recipe.objects.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(DefaultsAndSections) {
  const Recipe r = ParseRecipe(nlohmann::json::parse(R"({"ground": true, "rig": {}})"), "x");
  BOOST_TEST(r.ground.enabled);
  BOOST_TEST(!r.backdrop.enabled);
  BOOST_TEST(r.rig.enabled);
  BOOST_TEST(r.rig.views == 4);
  BOOST_TEST(r.rig.elevation_deg == 15.0);
  BOOST_TEST(r.rig.distance == 3.0);
  BOOST_TEST(r.rig.fov_y_deg == 40.0);
  const Recipe h = ParseRecipe(
      nlohmann::json::parse(R"({"camera": {"motion": {"type": "handheld"}}})"), "x");
  BOOST_TEST(h.camera.shake.enabled);
  const Recipe h2 = ParseRecipe(
      nlohmann::json::parse(R"({"camera": {"motion": {"type": "handheld"}, "shake": false}})"), "x");
  BOOST_TEST(!h2.camera.shake.enabled);
}

BOOST_AUTO_TEST_CASE(ErrorsNameTheFileAndTheKey) {
  BOOST_TEST(ErrorOf(R"({"frams": 3})") == "bad.json: key 'frams': unknown key");
  BOOST_TEST(ErrorOf(R"({"frames": "3"})") == "bad.json: key 'frames': must be an integer");
  BOOST_TEST(ErrorOf(R"({"frames": 2.5})") == "bad.json: key 'frames': must be an integer");
  BOOST_TEST(ErrorOf(R"({"objects": [{"shape": "box", "size": [1, -1, 1]}]})") ==
             "bad.json: key 'objects[0].size': every size must be positive");
  BOOST_TEST(ErrorOf(R"({"objects": [{"shape": "sphere", "radius": -0.5}]})") ==
             "bad.json: key 'objects[0].radius': must be positive, got -0.5");
  BOOST_TEST(ErrorOf(R"({"objects": [{"shape": "cone"}]})") ==
             "bad.json: key 'objects[0].shape': unknown value 'cone' (one of box, sphere, "
             "bending_cylinder)");
  BOOST_TEST(ErrorOf(R"({"objects": [{"size": [1, 1, 1]}]})") ==
             "bad.json: key 'objects[0].shape': is required");
  // Keys of another shape or motion type are unknown here, not ignored.
  BOOST_TEST(ErrorOf(R"({"objects": [{"shape": "box", "radius": 1}]})") ==
             "bad.json: key 'objects[0].radius': unknown key");
  BOOST_TEST(ErrorOf(R"({"objects": [{"shape": "box", "motion": {"type": "rotate", "radius": 1}}]})") ==
             "bad.json: key 'objects[0].motion.radius': unknown key");
  BOOST_TEST(ErrorOf(R"({"camera": {"fov_y_deg": 0}})") ==
             "bad.json: key 'camera.fov_y_deg': must be in [1, 170], got 0");
  BOOST_TEST(ErrorOf(R"({"camera": {"motion": {"type": "dolly", "distance": 50}}})") ==
             "bad.json: key 'camera.motion.distance': must be shorter than the camera's distance "
             "to its target");
  BOOST_TEST(ErrorOf(R"({"ground": {"size": 0}})") ==
             "bad.json: key 'ground.size': must be positive, got 0");
  BOOST_TEST(ErrorOf(R"({"rig": {"views": 0}})") ==
             "bad.json: key 'rig.views': must be in [1, 64], got 0");
  BOOST_TEST(ErrorOf(R"({"background": [0, 300, 0]})") ==
             "bad.json: key 'background': values must be in [0, 255], got 300");
  BOOST_TEST(ErrorOf(R"([1, 2])") == "bad.json: key '(root)': must be a JSON object");
}

BOOST_AUTO_TEST_CASE(UnknownPresetAndOverrides) {
  try {
    LoadRecipe("no_such_scene");
    BOOST_FAIL("expected an error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).rfind("--scene: unknown preset 'no_such_scene'", 0) == 0);
  }
  BOOST_CHECK_THROW(LoadRecipe("/nonexistent/scene.json"), IoError);
  Recipe r;
  SynthOptions options;
  options.frames = 5;
  options.views = 2;
  ApplyOverrides(options, &r);
  BOOST_TEST(r.frames == 5);
  BOOST_TEST(r.rig.enabled);
  BOOST_TEST(r.rig.views == 2);
  options.width = 3;
  BOOST_CHECK_THROW(ApplyOverrides(options, &r), UsageError);
}

}  // namespace
}  // namespace dolly::synth
