#define BOOST_TEST_MODULE object_map_golden
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include <Eigen/Core>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/controls/golden_case.h"
#include "libs/controls/object_map.h"

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

// PAC's disc depth, against a hand computation: the map is z = 1 + x + 10 y
// on 6 x 4 pixels with (5, 3) unknown, so PAC's whole-map range is
// [1, 35] (pixels (0, 0) and (4, 3)), whichever points are queried.
BOOST_AUTO_TEST_CASE(object_map_depth_is_the_whole_map_min_max_at_the_rounded_pixel) {
  cv::Mat depth(4, 6, CV_32FC1);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 6; ++x) depth.at<float>(y, x) = float(1 + x + 10 * y);
  depth.at<float>(3, 5) = 0.0f;
  const std::vector<Eigen::Vector2d> queries = {
      {2.5, 1.0},   // rounds half to even: pixel (2, 1), z = 13
      {3.5, 1.0},   // pixel (4, 1), z = 15
      {-0.4, 0.0},  // pixel (0, 0), z = 1: the nearest
      {-0.6, 0.0},  // pixel (-1, 0): off the image
      {5.5, 0.0},   // pixel (6, 0): off the image
      {5.0, 3.0},   // no depth there
      {4.0, 3.0},   // z = 35: the farthest
      {1.2, 2.7},   // pixel (1, 3), z = 32
  };
  const double expected[] = {12.0 / 34, 14.0 / 34, 0.0, 0.5, 0.5, 0.5, 1.0, 31.0 / 34};
  const std::vector<float> d = PacObjectMapDepths(depth, queries);
  BOOST_REQUIRE(d.size() == queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    BOOST_TEST_INFO("query " << i);
    BOOST_TEST(d[i] == expected[i], boost::test_tools::tolerance(1e-6));
  }
  // PAC's disc radius follows: int(10 * (1.1 - d)).
  BOOST_TEST(PacRadius(d[2]) == 11);
  BOOST_TEST(PacRadius(d[6]) == 1);
  BOOST_TEST(PacRadius(d[3]) == 6);
  // A map without a range gives no depth cue.
  const std::vector<float> flat = PacObjectMapDepths(cv::Mat(4, 6, CV_32FC1, cv::Scalar(2.0f)), queries);
  BOOST_TEST(flat[0] == 0.5f);
}

}  // namespace dolly::controls
