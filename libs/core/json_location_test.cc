#define BOOST_TEST_MODULE json_location
#include <boost/test/unit_test.hpp>

#include "libs/core/json_location.h"

namespace dolly {
namespace {

const char kDoc[] = R"({
  "frames": 16,
  "camera": [
    {"preset": "orbit_left", "magnitude": 30},
    {"preset": "dolly_in",
     "magnitude": 0.5}
  ],
  "objects": [
    {"mask_id": 2, "drags": [[[1, 2], [3, 4]],
                             [[5, 6]]]},
    {"mask_id": 5, "name": "a.b \"quoted\""}
  ],
  "7": [[1, 2], [3, 4],
        [5, 6]]
})";

int Line(const std::string& dotted) { return JsonLineOf(kDoc, ParseJsonPath(dotted)); }

BOOST_AUTO_TEST_CASE(paths_parse_into_keys_and_indices) {
  const auto steps = ParseJsonPath("objects[0].drags[1]");
  BOOST_REQUIRE(steps.size() == 4u);
  BOOST_TEST(steps[0].key == "objects");
  BOOST_TEST(steps[1].index == 0);
  BOOST_TEST(steps[2].key == "drags");
  BOOST_TEST(steps[3].index == 1);
  const auto quoted = ParseJsonPath("\"a.b\"[2]");
  BOOST_REQUIRE(quoted.size() == 2u);
  BOOST_TEST(quoted[0].key == "a.b");
  BOOST_TEST(quoted[1].index == 2);
  BOOST_TEST(ParseJsonPath("").empty());
}

BOOST_AUTO_TEST_CASE(values_are_found_on_their_lines) {
  BOOST_TEST(Line("") == 1);
  BOOST_TEST(Line("frames") == 2);
  BOOST_TEST(Line("camera") == 3);
  BOOST_TEST(Line("camera[0].preset") == 4);
  BOOST_TEST(Line("camera[1]") == 5);
  BOOST_TEST(Line("camera[1].magnitude") == 6);
  BOOST_TEST(Line("objects[0].drags[1]") == 10);
  BOOST_TEST(Line("objects[0].drags[1][0][1]") == 10);
  BOOST_TEST(Line("objects[1].mask_id") == 11);
  BOOST_TEST(Line("\"7\"[2]") == 14);
}

BOOST_AUTO_TEST_CASE(missing_steps_give_the_deepest_value_that_exists) {
  BOOST_TEST(Line("camera[1].easing") == 5);   // the segment without "easing"
  BOOST_TEST(Line("camera[9].preset") == 3);   // past the end: the list
  BOOST_TEST(Line("objects[1].name.x") == 11);  // into a string: the string
  BOOST_TEST(Line("nothing") == 1);
  BOOST_TEST(JsonLineOf("{\n\"a\": [1,\n", ParseJsonPath("a[3]")) == 2);  // truncated text
}

}  // namespace
}  // namespace dolly
