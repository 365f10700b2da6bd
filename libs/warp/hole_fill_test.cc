// Push-pull filling: smooth content is recovered inside holes, covered
// pixels are never touched.
#define BOOST_TEST_MODULE hole_fill_test
#include <cmath>

#include <boost/test/unit_test.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"
#include "libs/warp/hole_fill.h"

namespace dolly::warp {
namespace {

cv::Mat SmoothImage(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(60 + 1.5 * x),
                                          cv::saturate_cast<uchar>(40 + 2.0 * y),
                                          cv::saturate_cast<uchar>(128 + 40 * std::sin(x / 15.0)));
  return img;
}

BOOST_AUTO_TEST_CASE(fills_a_hole_in_a_smooth_image) {
  const cv::Mat truth = SmoothImage(96, 80);
  cv::Mat coverage(truth.size(), CV_8UC1, cv::Scalar(255));
  cv::circle(coverage, cv::Point(45, 38), 8, cv::Scalar(0), cv::FILLED);
  cv::rectangle(coverage, cv::Rect(70, 5, 4, 30), cv::Scalar(0), cv::FILLED);
  cv::Mat input = truth.clone();
  input.setTo(cv::Scalar(255, 0, 255), coverage == 0);  // garbage under the holes
  const cv::Mat filled = PushPullFill(input, coverage);
  // Covered pixels exactly as given.
  cv::Mat diff;
  cv::absdiff(filled, input, diff);
  BOOST_TEST(cv::countNonZero(diff.reshape(1)) <= 3 * cv::countNonZero(coverage == 0));
  for (int y = 0; y < truth.rows; ++y)
    for (int x = 0; x < truth.cols; ++x)
      if (coverage.at<uchar>(y, x)) BOOST_TEST_REQUIRE(filled.at<cv::Vec3b>(y, x) == input.at<cv::Vec3b>(y, x));
  // Holes within a stated tolerance of the smooth truth: push-pull blends
  // the ring around a hole, exact for constants, close for ramps (measured
  // max error 3, mean 0.67 levels; the 17 px disc spans a 25-level ramp).
  double worst = 0.0, sum = 0.0;
  int n = 0;
  for (int y = 0; y < truth.rows; ++y)
    for (int x = 0; x < truth.cols; ++x) {
      if (coverage.at<uchar>(y, x)) continue;
      for (int c = 0; c < 3; ++c) {
        const double e = std::abs(filled.at<cv::Vec3b>(y, x)[c] - truth.at<cv::Vec3b>(y, x)[c]);
        worst = std::max(worst, e);
        sum += e;
        ++n;
      }
    }
  BOOST_TEST_MESSAGE("hole fill error: max " << worst << ", mean " << sum / n);
  BOOST_TEST(worst <= 10.0);
  BOOST_TEST(sum / n <= 4.0);
}

BOOST_AUTO_TEST_CASE(constant_image_fills_exactly) {
  const cv::Mat input(40, 50, CV_8UC3, cv::Scalar(17, 99, 230));
  cv::Mat coverage(input.size(), CV_8UC1, cv::Scalar(0));
  coverage(cv::Rect(3, 30, 5, 4)).setTo(255);  // mostly holes
  const cv::Mat filled = PushPullFill(input, coverage);
  BOOST_TEST(cv::norm(filled, input, cv::NORM_INF) == 0.0);
}

BOOST_AUTO_TEST_CASE(all_covered_is_unchanged) {
  cv::Mat input(31, 17, CV_8UC3);
  cv::RNG(1).fill(input, cv::RNG::UNIFORM, 0, 256);
  const cv::Mat coverage(input.size(), CV_8UC1, cv::Scalar(1));
  BOOST_TEST(cv::norm(PushPullFill(input, coverage), input, cv::NORM_INF) == 0.0);
}

BOOST_AUTO_TEST_CASE(nothing_covered_gives_black) {
  cv::Mat input(13, 9, CV_8UC3, cv::Scalar(200, 200, 200));
  const cv::Mat coverage(input.size(), CV_8UC1, cv::Scalar(0));
  const cv::Mat filled = PushPullFill(input, coverage);
  BOOST_TEST(filled.type() == CV_8UC3);
  BOOST_TEST(cv::countNonZero(filled.reshape(1)) == 0);
}

// Odd sizes and a single covered pixel: the pyramid reaches 1x1 and every
// pixel takes that one colour.
BOOST_AUTO_TEST_CASE(single_pixel_spreads_everywhere) {
  cv::Mat input(37, 23, CV_8UC3, cv::Scalar(0, 0, 0));
  input.at<cv::Vec3b>(36, 0) = cv::Vec3b(10, 20, 30);
  cv::Mat coverage(input.size(), CV_8UC1, cv::Scalar(0));
  coverage.at<uchar>(36, 0) = 255;
  const cv::Mat filled = PushPullFill(input, coverage);
  const cv::Mat expected(input.size(), CV_8UC3, cv::Scalar(10, 20, 30));
  BOOST_TEST(cv::norm(filled, expected, cv::NORM_INF) == 0.0);
}

BOOST_AUTO_TEST_CASE(rejects_bad_inputs) {
  const cv::Mat input(8, 8, CV_8UC3, cv::Scalar::all(0));
  BOOST_CHECK_THROW(PushPullFill(input, cv::Mat(8, 7, CV_8UC1)), InvalidInputError);
  BOOST_CHECK_THROW(PushPullFill(input, cv::Mat(8, 8, CV_32FC1)), InvalidInputError);
  BOOST_CHECK_THROW(PushPullFill(cv::Mat(8, 8, CV_8UC1), cv::Mat(8, 8, CV_8UC1)), InvalidInputError);
}

}  // namespace
}  // namespace dolly::warp
