#define BOOST_TEST_MODULE intentions_camera_test
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "libs/motion/camera/camera_language.h"
#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

using testing::Contains;
using testing::ErrorOf;
using testing::Parse;
using testing::StartsWith;

BOOST_AUTO_TEST_CASE(a_sentence_becomes_the_camera_language_plan) {
  const Intentions in =
      Parse(R"({"frames": 16, "camera": "orbit left 30 degrees then dolly in 0.5"})");
  const std::vector<CameraSegment> expected =
      ParseCameraLanguage("orbit left 30 degrees then dolly in 0.5", 16);
  BOOST_TEST(in.camera_segments.size() == 2u);
  BOOST_TEST((in.camera_segments == expected));
}

BOOST_AUTO_TEST_CASE(one_segment_object_keeps_every_field) {
  const Intentions in = Parse(R"({"frames": 16, "camera": {"preset": "orbit_left",
      "magnitude": 30, "easing": "ease_in_out", "start": 2, "end": 12}})");
  BOOST_TEST_REQUIRE(in.camera_segments.size() == 1u);
  const CameraSegment& s = in.camera_segments[0];
  BOOST_TEST((s.preset == CameraPreset::kOrbitLeft));
  BOOST_TEST(s.magnitude == 30.0);
  BOOST_TEST((s.easing == Easing::kEaseInOut));
  BOOST_TEST(s.start_frame == 2);
  BOOST_TEST(s.end_frame == 12);
}

BOOST_AUTO_TEST_CASE(segment_list_defaults_to_the_whole_clip_and_linear) {
  const Intentions in = Parse(R"({"frames": 8, "camera": [
      {"preset": "pan_right", "magnitude": 10},
      {"preset": "dolly_in", "magnitude": 0.5, "in_metres": true},
      {"preset": "shake", "magnitude": 2, "seed": 7},
      {"preset": "still"}]})");
  BOOST_TEST_REQUIRE(in.camera_segments.size() == 4u);
  for (const CameraSegment& s : in.camera_segments) {
    BOOST_TEST(s.start_frame == 0);
    BOOST_TEST(s.end_frame == 8);
    BOOST_TEST((s.easing == Easing::kLinear));
  }
  BOOST_TEST(in.camera_segments[1].in_metres);
  BOOST_TEST(in.camera_segments[2].seed == 7u);
  BOOST_TEST(in.camera_segments[3].magnitude == 0.0);
}

BOOST_AUTO_TEST_CASE(unknown_preset_is_prefixed_with_file_and_json_path) {
  const std::string msg = ErrorOf(R"({"frames": 16, "camera": [
      {"preset": "pan_left", "magnitude": 10}, {"preset": "spin", "magnitude": 10}]})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:2: camera[1].preset: "));
  BOOST_TEST(Contains(msg, "spin"));
  BOOST_TEST(Contains(msg, "orbit_left"));  // the camera library's accepted list
}

BOOST_AUTO_TEST_CASE(unknown_word_in_a_sentence_is_prefixed_with_file_and_path) {
  const std::string msg = ErrorOf(R"({"frames": 16, "camera": "orbit left then wobble"})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:1: camera: "));
  BOOST_TEST(Contains(msg, "wobble"));
}

BOOST_AUTO_TEST_CASE(segment_errors_name_the_segment) {
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16, "camera": {"preset": "pan_left"}})"),
                        "intent.json:1: camera: missing \"magnitude\""));
  BOOST_TEST(StartsWith(
      ErrorOf(R"({"frames": 16, "camera": [{"preset": "pan_left", "magnitude": 1, "end": 17}]})"),
      "intent.json:1: camera[0]: span [0, 17)"));
  BOOST_TEST(StartsWith(
      ErrorOf(R"({"frames": 16, "camera": {"preset": "pan_left", "magnitude": 1, "ease": "x"}})"),
      "intent.json:1: camera.ease: unknown key"));
  BOOST_TEST(StartsWith(
      ErrorOf(R"({"frames": 16, "camera": {"preset": "pan_left", "magnitude": 1, "easing": "x"}})"),
      "intent.json:1: camera.easing: "));
  // Only the whole plan knows a zoom factor must be positive.
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16, "camera": {"preset": "zoom", "magnitude": 0}})"),
                        "intent.json:1: camera: "));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16, "camera": 3})"), "intent.json:1: camera: expected"));
}

}  // namespace
}  // namespace dolly::motion
