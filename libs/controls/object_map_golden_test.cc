#define BOOST_TEST_MODULE object_map_golden
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/controls/golden_case.h"

namespace dolly::controls {
namespace {

std::string GoldenPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::string relative = "testdata/golden/controls/object_map_pac.png";
  if (srcdir == nullptr || workspace == nullptr) return relative;
  return std::string(srcdir) + "/" + workspace + "/" + relative;
}

}  // namespace

// The PNG pins the exact pixels (rounding, radius truncation, colour code,
// paint order); any change to them must be a deliberate regeneration.
BOOST_AUTO_TEST_CASE(object_map_matches_the_golden_png_pixel_for_pixel) {
  const std::string path = GoldenPath();
  const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
  BOOST_TEST_INFO(path);
  BOOST_REQUIRE(!bgr.empty());
  cv::Mat golden;
  cv::cvtColor(bgr, golden, cv::COLOR_BGR2RGB);

  const cv::Mat actual = golden::RenderObjectMapCase();
  BOOST_REQUIRE(actual.type() == golden.type());
  BOOST_REQUIRE(actual.size() == golden.size());
  cv::Mat diff;
  cv::absdiff(actual, golden, diff);
  BOOST_TEST(cv::countNonZero(diff.reshape(1)) == 0);
  // Guards against a golden that is trivially black.
  BOOST_TEST(cv::countNonZero(golden.reshape(1)) > 0);
}

}  // namespace dolly::controls
