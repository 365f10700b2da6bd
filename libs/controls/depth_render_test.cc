#define BOOST_TEST_MODULE depth_render
#include <boost/test/unit_test.hpp>

#include <limits>

#include <opencv2/imgproc.hpp>

#include "libs/controls/depth_render.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

// Ends of OpenCV's Turbo table in RGB: entry 255 (near) and entry 0 (far).
const cv::Vec3b kTurboTop(122, 4, 3);
const cv::Vec3b kTurboBottom(48, 18, 59);
const cv::Vec3b kBlack(0, 0, 0);

cv::Vec3b Turbo(int level) {
  cv::Mat bgr;
  cv::applyColorMap(cv::Mat(1, 1, CV_8U, cv::Scalar(level)), bgr, cv::COLORMAP_TURBO);
  const cv::Vec3b p = bgr.at<cv::Vec3b>(0, 0);
  return {p[2], p[1], p[0]};
}

}  // namespace

BOOST_AUTO_TEST_CASE(turbo_table_ends_are_as_documented) {
  BOOST_TEST(Turbo(255) == kTurboTop);
  BOOST_TEST(Turbo(0) == kTurboBottom);
}

BOOST_AUTO_TEST_CASE(invalid_black_ends_and_middle) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // near = 1, far = 5; 3 is halfway: level cvRound(127.5) = 128.
  const cv::Mat depth = (cv::Mat_<float>(2, 4) << 0.0f, nan, inf, -2.0f,  //
                         1.0f, 5.0f, 3.0f, 10.0f);
  const cv::Mat rgb = RenderDepthPreview(depth, 1.0, 5.0);
  BOOST_TEST(rgb.type() == CV_8UC3);
  for (int x = 0; x < 4; ++x) BOOST_TEST(rgb.at<cv::Vec3b>(0, x) == kBlack);
  BOOST_TEST(rgb.at<cv::Vec3b>(1, 0) == kTurboTop);     // Nearest.
  BOOST_TEST(rgb.at<cv::Vec3b>(1, 1) == kTurboBottom);  // Farthest.
  BOOST_TEST(rgb.at<cv::Vec3b>(1, 2) == Turbo(128));
  BOOST_TEST(rgb.at<cv::Vec3b>(1, 3) == kTurboBottom);  // Beyond far clamps.
}

BOOST_AUTO_TEST_CASE(double_depth_and_clamp_below_near) {
  const cv::Mat depth = (cv::Mat_<double>(1, 3) << 0.5, 2.0, 4.0);
  const cv::Mat rgb = RenderDepthPreview(depth, 2.0, 4.0);
  BOOST_TEST(rgb.at<cv::Vec3b>(0, 0) == kTurboTop);
  BOOST_TEST(rgb.at<cv::Vec3b>(0, 1) == kTurboTop);
  BOOST_TEST(rgb.at<cv::Vec3b>(0, 2) == kTurboBottom);
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  const cv::Mat depth(2, 2, CV_32F, cv::Scalar(1.0));
  BOOST_CHECK_THROW(RenderDepthPreview(depth, 2.0, 2.0), InvalidInputError);
  BOOST_CHECK_THROW(RenderDepthPreview(depth, 0.0, 2.0), InvalidInputError);
  BOOST_CHECK_THROW(RenderDepthPreview(cv::Mat(), 1.0, 2.0), InvalidInputError);
  BOOST_CHECK_THROW(RenderDepthPreview(cv::Mat(2, 2, CV_8U), 1.0, 2.0), InvalidInputError);
}

}  // namespace dolly::controls
