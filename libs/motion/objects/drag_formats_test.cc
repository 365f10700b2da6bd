#define BOOST_TEST_MODULE drag_formats_test
#include "libs/motion/objects/drag_formats.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

// Coordinates are parsed from decimal text that doubles hold exactly.
constexpr int kWidth = 64;
constexpr int kHeight = 48;

// The message of the InvalidInputError that parsing `text` throws ("" if none).
std::string ErrorOf(const std::string& text) {
  try {
    ParseDrags(text, "drags.json", kWidth, kHeight);
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(PerceptionAsControlTracks) {
  const DragSet set = ParseDrags("[[[1, 2, 0.5], [4, 5, 0.25]], [[10.5, 20, 0]]]", "pac.json",
                                 kWidth, kHeight);
  BOOST_TEST(DragFormatName(set.format) == "perception_as_control");
  BOOST_REQUIRE(set.drags.size() == 2u);
  BOOST_TEST(set.drags[0].id == "0");
  BOOST_TEST(set.drags[0].points[1].x() == 4.0);
  BOOST_TEST(set.drags[0].points[1].y() == 5.0);
  // PAC's third number is its depth code, never a z-depth hint.
  BOOST_TEST(set.drags[0].depths.empty());
  BOOST_TEST((set.drags[0].depth_codes == std::vector<double>{0.5, 0.25}));
  BOOST_TEST(set.drags[1].id == "1");
  BOOST_TEST(set.drags[1].points.size() == 1u);  // a pinned point
  BOOST_TEST(set.drags[1].points[0].x() == 10.5);
  BOOST_TEST((set.drags[1].depth_codes == std::vector<double>{0.0}));
  BOOST_TEST(set.drags[1].frames.empty());
  BOOST_TEST(!set.drags[1].object.has_value());
  BOOST_TEST(set.drags[0].may_subsample);  // PAC samples its curve at the frames
  // Without the third number: two numbers per point throughout.
  const DragSet flat = ParseDrags("[[[1, 2], [4, 5]], [[3, 3]]]", "pac.json", kWidth, kHeight);
  BOOST_REQUIRE(flat.drags.size() == 2u);
  BOOST_TEST(flat.drags[0].depth_codes.empty());
}

// PAC stacks a file's tracks into one array: a point with another count of
// numbers than the first point is an error naming the file, line and point.
BOOST_AUTO_TEST_CASE(PerceptionAsControlPointsShareTheFirstPointsArity) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR"));
  std::ofstream(dir + "/arity.json") << "[\n  [[1, 2, 0.5], [3, 4, 0.5]],\n  [[5, 6]]\n]";
  std::string message;
  try {
    ReadDrags(dir + "/arity.json", kWidth, kHeight);
  } catch (const InvalidInputError& e) {
    message = e.what();
  }
  BOOST_TEST(message == dir + "/arity.json:3: track 1 point 0: expected 3 numbers [x, y, d] like "
                              "the file's first point, got 2");
  BOOST_TEST(Contains(ErrorOf("[[[1, 2], [1, 2, 0.5]]]"),
                      "drags.json: track 0 point 1: expected 2 numbers [x, y] like the file's "
                      "first point, got 3"));
  BOOST_TEST(Contains(ErrorOf("[[[1, 2, 0.5]], []]"),
                      "drags.json: track 1: expected a non-empty list of points"));
  BOOST_TEST(Contains(ErrorOf("[[[1, 2, 0.5, 1]]]"),
                      "drags.json: track 0 point 0: expected [x, y] or [x, y, d]"));
}

BOOST_AUTO_TEST_CASE(PoseTrajObjectOfTracks) {
  const DragSet set =
      ParseDrags(R"({"7": [[1, 1], [2, 3]], "cat": [[5, 6]], "10": [[0, 1]]})", "pt.json",
                 kWidth, kHeight);
  BOOST_TEST(DragFormatName(set.format) == "posetraj");
  BOOST_REQUIRE(set.drags.size() == 3u);
  BOOST_TEST(set.drags[0].id == "7");
  BOOST_TEST(set.drags[0].points[1].y() == 3.0);
  BOOST_TEST(set.drags[1].id == "cat");
  BOOST_TEST(set.drags[1].points.size() == 1u);
  BOOST_TEST(set.drags[2].id == "10");  // file order, not sorted
  BOOST_TEST(!set.drags[0].may_subsample);
  BOOST_TEST(set.drags[2].depths.empty());
}

BOOST_AUTO_TEST_CASE(DollyDrags) {
  const DragSet set = ParseDrags(
      R"({"drags": [{"id": 4, "points": [[1, 2], [3, 4], [5, 6]], "frames": [0, 5, 15],
                     "object": 2},
                    {"points": [[7, 8]]}]})",
      "d.json", kWidth, kHeight);
  BOOST_TEST(DragFormatName(set.format) == "dolly");
  BOOST_REQUIRE(set.drags.size() == 2u);
  BOOST_TEST(set.drags[0].id == "4");
  BOOST_TEST((set.drags[0].frames == std::vector<int>{0, 5, 15}));
  BOOST_REQUIRE(set.drags[0].object.has_value());
  BOOST_TEST(*set.drags[0].object == 2);
  BOOST_TEST(set.drags[0].points[2].x() == 5.0);
  BOOST_TEST(set.drags[1].id == "1");  // no id: its index
  BOOST_TEST(!set.drags[1].object.has_value());
}

BOOST_AUTO_TEST_CASE(ReadsFromFile) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/drags.json";
  std::ofstream(path) << R"({"a": [[0, 0], [63, 47]]})";
  const DragSet set = ReadDrags(path, kWidth, kHeight);
  BOOST_TEST(set.drags.size() == 1u);
  BOOST_CHECK_THROW(ReadDrags(path + ".missing", kWidth, kHeight), IoError);
}

// A drag file is something a person edits: its messages name the line.
BOOST_AUTO_TEST_CASE(FileErrorsNameTheLine) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR"));
  auto error_of_file = [&](const std::string& name, const std::string& text) -> std::string {
    std::ofstream(dir + "/" + name) << text;
    try {
      ReadDrags(dir + "/" + name, kWidth, kHeight);
    } catch (const InvalidInputError& e) {
      return e.what();
    }
    return "";
  };
  const std::string posetraj =
      error_of_file("posetraj.json", "{\n  \"a\": [[1, 2], [3, 4]],\n  \"b\": [[1, 2],\n        [99, 4]]\n}");
  BOOST_TEST(Contains(posetraj, "posetraj.json:4: track \"b\" point 1: (99, 4) is outside"), posetraj);
  const std::string pac = error_of_file("pac.json", "[\n  [[1, 2, 1]],\n  [[1, 2, 1], [3, 4]]\n]");
  BOOST_TEST(Contains(pac, "pac.json:3: track 1 point 1: expected 3 numbers"), pac);
  const std::string dolly =
      error_of_file("dolly.json", "{\"drags\": [\n  {\"points\": [[1, 2]],\n   \"frames\": [0, 1]}]}");
  BOOST_TEST(Contains(dolly, "dolly.json:3: drags[0]: \"frames\" must list"), dolly);
  const std::string broken = error_of_file("broken.json", "{\"a\": [[1, 2],\n [3, 4]]]\n}");
  BOOST_TEST(Contains(broken, "broken.json:2: not valid JSON"), broken);
  // The line of each drag is kept for later messages (e.g. too many keyframes).
  std::ofstream(dir + "/lines.json") << "{\n\"a\": [[1, 2]],\n\n\"b\": [[3, 4]]}";
  const DragSet set = ReadDrags(dir + "/lines.json", kWidth, kHeight);
  BOOST_REQUIRE(set.drags.size() == 2u);
  BOOST_TEST(set.drags[0].line == 2);
  BOOST_TEST(set.drags[1].line == 4);
}

BOOST_AUTO_TEST_CASE(MalformedPointNamesFileEntryAndPoint) {
  const std::string message = ErrorOf(R"({"3": [[1, 2], [3, 4], [5]]})");
  BOOST_TEST(Contains(message, "drags.json: track \"3\" point 2: expected [x, y]"), message);
  const std::string pac = ErrorOf("[[[1, 2]], [[1, 2], \"x\"]]");
  BOOST_TEST(Contains(pac, "drags.json: track 1 point 1:"), pac);
  const std::string dolly = ErrorOf(R"({"drags": [{"id": 9, "points": [[1, 2], [1, 2, 3, 4]]}]})");
  BOOST_TEST(Contains(dolly, "drags.json: drag \"9\" point 1:"), dolly);
}

BOOST_AUTO_TEST_CASE(PointOutsideImageIsRejected) {
  // x = 63.5 is the right edge of the last column: outside.
  const std::string message = ErrorOf(R"({"3": [[1, 2], [63.5, 4]]})");
  BOOST_TEST(Contains(message, "drags.json: track \"3\" point 1:"), message);
  BOOST_TEST(Contains(message, "outside the 64x48 image"), message);
  const std::string above = ErrorOf("[[[1, -0.6]]]");
  BOOST_TEST(Contains(above, "drags.json: track 0 point 0:"), above);
  // The footprint edges themselves are inside.
  BOOST_CHECK_NO_THROW(ParseDrags("[[[-0.5, -0.5], [63.4, 47.4]]]", "x", kWidth, kHeight));
}

BOOST_AUTO_TEST_CASE(DollyFieldErrors) {
  BOOST_TEST(Contains(ErrorOf(R"({"drags": [{"id": 1, "points": [[1, 2]], "frames": [0, 1]}]})"),
                      "drags.json: drag \"1\": \"frames\" must list one frame index per point"));
  BOOST_TEST(Contains(
      ErrorOf(R"({"drags": [{"id": 1, "points": [[1, 2], [2, 2]], "frames": [3, 3]}]})"),
      "drags.json: drag \"1\" frame 1: frames must increase"));
  BOOST_TEST(Contains(ErrorOf(R"({"drags": [{"points": [[1, 2]], "object": "cat"}]})"),
                      "drags.json: drags[0]: \"object\" must be an integer"));
  BOOST_TEST(Contains(ErrorOf(R"({"drags": [{"id": 1}]})"), "drags.json: drag \"1\": missing"));
  BOOST_TEST(Contains(ErrorOf(R"({"drags": [{"id": 1, "points": [[1, 2, 3], [1, 2]]}]})"),
                      "drags.json: drag \"1\" point 1: mixes points with and without z"));
}

BOOST_AUTO_TEST_CASE(UnrecognisedShapesNameTheFile) {
  BOOST_TEST(Contains(ErrorOf("42"), "drags.json: expected a list of tracks"));
  BOOST_TEST(Contains(ErrorOf("{not json"), "drags.json: not valid JSON"));
}

}  // namespace
}  // namespace dolly::motion
