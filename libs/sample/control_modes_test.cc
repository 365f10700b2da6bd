// The modes of a ControlSignals artifact against the modes a bundle was
// trained on: every mismatch is refused in one line naming both modes.
#define BOOST_TEST_MODULE control_modes_test
#include <boost/test/unit_test.hpp>

#include <string>

#include "libs/core/error.h"
#include "libs/sample/control_modes.h"

namespace dolly::sample {
namespace {

diffusion::Bundle PacBundle() {
  diffusion::Bundle b;
  b.json_path = "pac/bundle.json";
  b.conditions = {{"camera", "camera_map"}, {"object", "object_map"}, {"reference", "reference_image"}};
  b.controls = {{"camera_map", "pac"}, {"object_map", "pac"}};
  return b;
}

diffusion::Bundle PoseTrajBundle() {
  diffusion::Bundle b;
  b.json_path = "posetraj/bundle.json";
  b.conditions = {{"trajectory", "trajectory_map"}, {"image_latents", "reference_image"}};
  b.controls = {{"trajectory_map", "posetraj"}};
  return b;
}

schema::ControlSignalsInfo Info(const std::string& object, const std::string& camera,
                                const std::string& trajectory) {
  schema::ControlSignalsInfo info;
  info.__set_width(8);
  info.__set_height(6);
  if (!object.empty()) info.__set_object_map_mode(object);
  if (!camera.empty()) info.__set_camera_map_mode(camera);
  if (!trajectory.empty()) info.__set_trajectory_map_mode(trajectory);
  return info;
}

std::string Refusal(const diffusion::Bundle& bundle, const RenderedModes& modes) {
  try {
    CheckControlModes(bundle, modes, "controls.dolly");
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(matching_modes_pass) {
  BOOST_CHECK_NO_THROW(
      CheckControlModes(PacBundle(), ModesOf(Info("pac", "pac", "dolly"), 3), "c.dolly"));
  BOOST_CHECK_NO_THROW(
      CheckControlModes(PoseTrajBundle(), ModesOf(Info("pac", "pac", "posetraj"), 3), "c.dolly"));
}

BOOST_AUTO_TEST_CASE(a_camera_map_in_another_mode_is_refused_naming_both) {
  const std::string e = Refusal(PacBundle(), ModesOf(Info("pac", "intrinsics", ""), 3));
  BOOST_TEST(e ==
                 "controls.dolly: camera_map was rendered in mode \"intrinsics\" but bundle "
                 "pac/bundle.json was trained on \"pac\" (render with dolly-render --camera-map "
                 "pac)",
             e);
  BOOST_TEST(e.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_object_map_in_another_mode_is_refused) {
  const std::string e = Refusal(PacBundle(), ModesOf(Info("spheres", "pac", ""), 3));
  BOOST_TEST(e.find("object_map was rendered in mode \"spheres\"") != std::string::npos, e);
  BOOST_TEST(e.find("trained on \"pac\" (render with dolly-render --object-map pac)") !=
                 std::string::npos, e);
  diffusion::Bundle spheres = PacBundle();
  spheres.controls["object_map"] = "spheres";
  const std::string e2 = Refusal(spheres, ModesOf(Info("pac", "pac", ""), 3));
  BOOST_TEST(e2.find("--object-map spheres") != std::string::npos, e2);
}

BOOST_AUTO_TEST_CASE(a_trajectory_map_in_another_mode_is_refused) {
  // Absent = "dolly" (the only trajectory map before schema version 3).
  const std::string e = Refusal(PoseTrajBundle(), ModesOf(Info("pac", "pac", ""), 3));
  BOOST_TEST(e ==
                 "controls.dolly: trajectory_map was rendered in mode \"dolly\" but bundle "
                 "posetraj/bundle.json was trained on \"posetraj\" (render with dolly-render "
                 "--trajectory-map posetraj)",
             e);
  diffusion::Bundle dolly = PoseTrajBundle();
  dolly.controls["trajectory_map"] = "dolly";
  BOOST_TEST(Refusal(dolly, ModesOf(Info("", "", "posetraj"), 3)).find("--trajectory-map dolly") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_pac_camera_map_before_schema_3_is_the_stand_in_and_refused) {
  for (int version : {1, 2}) {
    const std::string e = Refusal(PacBundle(), ModesOf(Info(version == 1 ? "" : "pac",
                                                             version == 1 ? "" : "pac", ""),
                                                        version));
    BOOST_TEST(e.find("camera_map \"pac\" of schema version " + std::to_string(version)) !=
                   std::string::npos, e);
    BOOST_TEST(e.find("render the ControlSignals again") != std::string::npos, e);
    BOOST_TEST(e.find("--camera-map pac") != std::string::npos, e);
  }
  // An intrinsics bundle takes a version-2 intrinsics map: that meaning did not change.
  diffusion::Bundle intrinsics = PacBundle();
  intrinsics.controls["camera_map"] = "intrinsics";
  BOOST_TEST(Refusal(intrinsics, ModesOf(Info("pac", "intrinsics", ""), 2)).empty());
}

BOOST_AUTO_TEST_CASE(a_bundle_without_controls_takes_any_mode) {
  diffusion::Bundle b = PacBundle();
  b.controls.clear();
  BOOST_TEST(Refusal(b, ModesOf(Info("spheres", "intrinsics", "posetraj"), 1)).empty());
  BOOST_TEST(Refusal(b, ModesOf(Info("pac", "pac", ""), 2)).empty());
}

}  // namespace
}  // namespace dolly::sample
