#define BOOST_TEST_MODULE object_map
#include <boost/test/unit_test.hpp>

#include <limits>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libs/controls/object_map.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

constexpr int kW = 96;
constexpr int kH = 64;

// The HSV rule worked through by hand, independent of the library's code.
cv::Vec3b RgbFromHsv(uchar h, uchar s, uchar v) {
  cv::Mat hsv(1, 1, CV_8UC3, cv::Scalar(h, s, v));
  cv::Mat rgb;
  cv::cvtColor(hsv, rgb, cv::COLOR_HSV2RGB);
  return rgb.at<cv::Vec3b>(0, 0);
}

int LitPixelsInRow(const cv::Mat& image, int row) {
  int n = 0;
  for (int x = 0; x < image.cols; ++x) n += image.at<cv::Vec3b>(row, x) != cv::Vec3b(0, 0, 0);
  return n;
}

ControlPoint Point(float x, float y, float x0, float y0, double depth) {
  return ControlPoint{x, y, x0, y0, depth, true};
}

}  // namespace

BOOST_AUTO_TEST_CASE(radius_is_int_of_ten_times_one_point_one_minus_depth) {
  // int(10 * (1.1 - d)) in Python floats: 11, 9, 6, 4, 1.
  const std::pair<double, int> cases[] = {{0.0, 11}, {0.2, 9}, {0.5, 6}, {0.7, 4}, {1.0, 1}};
  for (const auto& [depth, radius] : cases) {
    BOOST_TEST_INFO("depth " << depth);
    BOOST_TEST(PacRadius(depth) == radius);
    const cv::Mat image = RenderObjectMap(kW, kH, {Point(40.0f, 30.0f, 40.0f, 30.0f, depth)});
    BOOST_TEST(LitPixelsInRow(image, 30) == 2 * radius + 1);
    BOOST_TEST(image.at<cv::Vec3b>(30, 40 - radius) != cv::Vec3b(0, 0, 0));
    BOOST_TEST(image.at<cv::Vec3b>(30, 40 + radius) != cv::Vec3b(0, 0, 0));
    BOOST_TEST(image.at<cv::Vec3b>(30, 40 - radius - 1) == cv::Vec3b(0, 0, 0));
  }
}

BOOST_AUTO_TEST_CASE(disc_is_centred_on_the_rounded_position) {
  const cv::Mat image = RenderObjectMap(kW, kH, {Point(40.6f, 29.4f, 0.0f, 0.0f, 1.0)});
  // Radius 1 around (41, 29).
  BOOST_TEST(LitPixelsInRow(image, 29) == 3);
  BOOST_TEST(image.at<cv::Vec3b>(29, 41) != cv::Vec3b(0, 0, 0));
  BOOST_TEST(image.at<cv::Vec3b>(29, 39) == cv::Vec3b(0, 0, 0));
  BOOST_TEST(image.at<cv::Vec3b>(29, 42) != cv::Vec3b(0, 0, 0));
}

BOOST_AUTO_TEST_CASE(colour_is_the_hsv_code_of_the_frame0_position) {
  // x0 = 24 of 96 -> H = 45; y0 = 16 of 64 -> V = 45 + 50 = 95.
  const cv::Mat image = RenderObjectMap(kW, kH, {Point(40.0f, 30.0f, 24.0f, 16.0f, 0.5)});
  const cv::Vec3b expected = RgbFromHsv(45, 250, 95);
  BOOST_TEST(image.at<cv::Vec3b>(30, 40) == expected);
  BOOST_TEST(PacColour(24.0f, 16.0f, kW, kH) == expected);
  // Fractions truncate: x0 = 10 -> H = 18.75 -> 18; y0 = 7 -> V = 69.6875 -> 69.
  BOOST_TEST(PacColour(10.0f, 7.0f, kW, kH) == RgbFromHsv(18, 250, 69));
  // The current position does not change the colour; only frame 0's does.
  const cv::Mat moved = RenderObjectMap(kW, kH, {Point(70.0f, 10.0f, 24.0f, 16.0f, 0.5)});
  BOOST_TEST(moved.at<cv::Vec3b>(10, 70) == expected);
}

BOOST_AUTO_TEST_CASE(nearer_disc_is_painted_over_the_farther_one) {
  // Near: radius 10 around x = 40 (30..50); far: radius 6 around x = 52 (46..58).
  const ControlPoint near = Point(40.0f, 30.0f, 10.0f, 10.0f, 0.1);
  const ControlPoint far = Point(52.0f, 30.0f, 80.0f, 50.0f, 0.5);
  const cv::Vec3b near_colour = PacColour(10.0f, 10.0f, kW, kH);
  const cv::Vec3b far_colour = PacColour(80.0f, 50.0f, kW, kH);
  BOOST_REQUIRE(near_colour != far_colour);
  for (const auto& points : {std::vector<ControlPoint>{near, far}, std::vector<ControlPoint>{far, near}}) {
    const cv::Mat image = RenderObjectMap(kW, kH, points);
    BOOST_TEST(image.at<cv::Vec3b>(30, 48) == near_colour);  // Overlap.
    BOOST_TEST(image.at<cv::Vec3b>(30, 55) == far_colour);
    BOOST_TEST(LitPixelsInRow(image, 30) == 58 - 30 + 1);
  }
}

BOOST_AUTO_TEST_CASE(equal_depths_paint_in_index_order) {
  const ControlPoint a = Point(40.0f, 30.0f, 10.0f, 10.0f, 0.5);
  const ControlPoint b = Point(42.0f, 30.0f, 80.0f, 50.0f, 0.5);
  BOOST_TEST(RenderObjectMap(kW, kH, {a, b}).at<cv::Vec3b>(30, 41) == PacColour(80.0f, 50.0f, kW, kH));
  BOOST_TEST(RenderObjectMap(kW, kH, {b, a}).at<cv::Vec3b>(30, 41) == PacColour(10.0f, 10.0f, kW, kH));
}

BOOST_AUTO_TEST_CASE(missing_or_flat_depths_default_to_one_half) {
  BOOST_TEST(NormaliseDepths({}, 3) == std::vector<double>(3, 0.5), boost::test_tools::per_element());
  BOOST_TEST(NormaliseDepths({2.0, 2.0}, 2) == std::vector<double>(2, 0.5), boost::test_tools::per_element());
  BOOST_TEST(NormaliseDepths({2.0, 4.0, 3.0}, 3) == std::vector<double>({0.0, 1.0, 0.5}),
             boost::test_tools::per_element());
  BOOST_CHECK_THROW(NormaliseDepths({1.0, 2.0}, 3), InvalidInputError);
  // A point left at its default depth gets the 0.5 radius, 6 px.
  ControlPoint p;
  p.x = 40.0f;
  p.y = 30.0f;
  BOOST_TEST(LitPixelsInRow(RenderObjectMap(kW, kH, {p}), 30) == 13);
}

BOOST_AUTO_TEST_CASE(invisible_points_are_not_drawn) {
  ControlPoint p = Point(40.0f, 30.0f, 10.0f, 10.0f, 0.0);
  p.visible = false;
  const cv::Mat image = RenderObjectMap(kW, kH, {p});
  BOOST_TEST(image.type() == CV_8UC3);
  BOOST_TEST(image.cols == kW);
  BOOST_TEST(image.rows == kH);
  BOOST_TEST(cv::countNonZero(image.reshape(1)) == 0);
  // Invisible points may carry NaN, as track sets store them.
  p.x = std::numeric_limits<float>::quiet_NaN();
  BOOST_CHECK_NO_THROW(RenderObjectMap(kW, kH, {p}));
}

BOOST_AUTO_TEST_CASE(points_off_image_are_clipped) {
  const cv::Mat image = RenderObjectMap(kW, kH, {Point(-3.0f, 30.0f, 0.0f, 0.0f, 0.5),
                                                 Point(1e9f, 30.0f, 0.0f, 0.0f, 0.5)});
  BOOST_TEST(LitPixelsInRow(image, 30) == 4);  // Columns 0..3 of a radius-6 disc at x = -3.
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected) {
  BOOST_CHECK_THROW(RenderObjectMap(0, kH, {}), InvalidInputError);
  BOOST_CHECK_THROW(RenderObjectMap(kW, kH, {Point(1.0f, 1.0f, 0.0f, 0.0f, 1.5)}), InvalidInputError);
  BOOST_CHECK_THROW(RenderObjectMap(kW, kH, {Point(1.0f, std::numeric_limits<float>::infinity(), 0.0f, 0.0f, 0.5)}),
                    InvalidInputError);
}

}  // namespace dolly::controls
