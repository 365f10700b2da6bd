#define BOOST_TEST_MODULE intentions_json_test
#include <boost/test/unit_test.hpp>
#include <string>

#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

using testing::Contains;
using testing::ErrorOf;
using testing::Parse;
using testing::StartsWith;

BOOST_AUTO_TEST_CASE(minimal_file_is_a_still_clip_with_defaults) {
  const Intentions in = Parse(R"({"frames": 16})");
  BOOST_TEST(in.frames == 16);
  BOOST_TEST(in.fps == 8.0);
  BOOST_TEST(in.camera_segments.empty());
  BOOST_TEST(!in.reference_from_camera.has_value());
  BOOST_TEST(in.zoom == 1.0);
  BOOST_TEST(in.objects.empty());
}

BOOST_AUTO_TEST_CASE(fps_and_zoom_are_read) {
  const Intentions in = Parse(R"({"frames": 4, "fps": 24, "zoom": 1.5})");
  BOOST_TEST(in.fps == 24.0);
  BOOST_TEST(in.zoom == 1.5);
}

// The user fixes a file by line, so the byte offset nlohmann reports must
// become the line of the fault.
BOOST_AUTO_TEST_CASE(malformed_json_names_file_and_line) {
  const std::string msg = ErrorOf("{\n  \"frames\": 16,\n  \"fps\": 8,,\n}\n");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:3: not valid JSON"));
}

BOOST_AUTO_TEST_CASE(truncated_json_names_the_last_line) {
  const std::string msg = ErrorOf("{\n  \"frames\": 16,\n");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:3: not valid JSON"));
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_is_named_with_the_accepted_ones) {
  const std::string msg = ErrorOf(R"({"frames": 16, "camrea": "pan left"})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:1: camrea: unknown key \"camrea\""));
  BOOST_TEST(Contains(msg, "accepted: frames, fps, camera, zoom, objects"));
}

BOOST_AUTO_TEST_CASE(frames_below_two_are_rejected) {
  for (const char* text : {R"({"frames": 1})", R"({"frames": 0})", R"({"frames": -3})"}) {
    const std::string msg = ErrorOf(text);
    BOOST_TEST_INFO(msg);
    BOOST_TEST(StartsWith(msg, "intent.json:1: frames: "));
    BOOST_TEST(Contains(msg, "less than 2"));
  }
}

BOOST_AUTO_TEST_CASE(missing_or_mistyped_fields_name_their_path) {
  BOOST_TEST(ErrorOf(R"({"fps": 8})") == "intent.json:1: missing \"frames\"");
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16.5})"), "intent.json:1: frames: expected an integer"));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16, "fps": 0})"), "intent.json:1: fps: "));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 16, "zoom": -1})"), "intent.json:1: zoom: "));
  BOOST_TEST(StartsWith(ErrorOf("16"), "intent.json:1: expected a JSON object"));
  // A list is a PAC track file: its entries must be tracks.
  BOOST_TEST(ErrorOf("[16]") == "intent.json:1: track 0: expected a non-empty list of points");
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_an_io_error) {
  BOOST_CHECK_THROW(ReadIntentions(testing::TempDir() + "/nope.json", 64, 48), IoError);
}

}  // namespace
}  // namespace dolly::motion
