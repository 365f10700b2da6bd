#define BOOST_TEST_MODULE box_wireframe
#include <boost/test/unit_test.hpp>

#include <opencv2/imgproc.hpp>

#include "libs/controls/box_wireframe.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

constexpr int kW = 120;
constexpr int kH = 100;
const cv::Vec3b kBlack(0, 0, 0);
const cv::Vec3b kRed(255, 0, 0);
const cv::Vec3b kCyan(0, 255, 255);

geometry::PinholeCamera Camera() {
  geometry::PinholeCamera k;
  k.fx = 100.0;
  k.fy = 100.0;
  k.cx = 60.0;
  k.cy = 50.0;
  k.width = kW;
  k.height = kH;
  return k;
}

WireframeBox Box(const Eigen::Vector3d& centre, const Eigen::Vector3d& size, const cv::Vec3b& colour) {
  return {MakeBoxCorners(centre, size, Eigen::Matrix3d::Identity()), colour};
}

int CountColoured(const cv::Mat& image) {
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_RGB2GRAY);
  return cv::countNonZero(gray);
}

}  // namespace

BOOST_AUTO_TEST_CASE(corners_and_edges_follow_bit_order) {
  const BoxCorners c = MakeBoxCorners({1, 2, 3}, {2, 4, 6}, Eigen::Matrix3d::Identity());
  BOOST_TEST(c[0] == Eigen::Vector3d(0, 0, 0));
  BOOST_TEST(c[7] == Eigen::Vector3d(2, 4, 6));
  BOOST_TEST(c[1] == Eigen::Vector3d(2, 0, 0));
  BOOST_TEST(c[2] == Eigen::Vector3d(0, 4, 0));
  BOOST_TEST(c[4] == Eigen::Vector3d(0, 0, 6));
  for (const auto& [i, j] : BoxEdges()) {
    const int diff = i ^ j;
    BOOST_TEST((diff == 1 || diff == 2 || diff == 4));
    BOOST_TEST(i < j);
  }
}

// Box x, y in [-1, 1], z in [4, 6]. Near face (z = 4): x, y = 60 +- 25 and
// 50 +- 25. Far face (z = 6): 60 +- 16.67 -> 43, 77 and 50 +- 16.67 -> 33, 67.
BOOST_AUTO_TEST_CASE(edges_land_on_projected_corners) {
  const cv::Mat image = RenderBoxWireframes({Box({0, 0, 5}, {2, 2, 2}, kRed)}, Camera(), {1, 1e-3});
  BOOST_TEST(image.type() == CV_8UC3);
  const int corners[][2] = {{35, 25}, {85, 25}, {35, 75}, {85, 75},
                            {43, 33}, {77, 33}, {43, 67}, {77, 67}};
  for (const auto& [x, y] : corners) {
    BOOST_TEST_INFO("corner " << x << "," << y);
    BOOST_TEST(image.at<cv::Vec3b>(y, x) == kRed);
  }
  // Mid-edges of the near face, and an edge joining the faces (near (39, 29)).
  BOOST_TEST(image.at<cv::Vec3b>(25, 60) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(50, 35) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(29, 39) == kRed);
  // Inside faces, and outside the box.
  BOOST_TEST(image.at<cv::Vec3b>(50, 60) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(40, 60) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(10, 10) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(27, 60) == kBlack);  // Thickness 1.
}

BOOST_AUTO_TEST_CASE(thickness_widens_edges) {
  const cv::Mat thin = RenderBoxWireframes({Box({0, 0, 5}, {2, 2, 2}, kRed)}, Camera(), {1, 1e-3});
  const cv::Mat thick = RenderBoxWireframes({Box({0, 0, 5}, {2, 2, 2}, kRed)}, Camera(), {3, 1e-3});
  BOOST_TEST(thin.at<cv::Vec3b>(24, 60) == kBlack);
  BOOST_TEST(thick.at<cv::Vec3b>(24, 60) == kRed);
  BOOST_TEST(thick.at<cv::Vec3b>(26, 60) == kRed);
  BOOST_TEST(thick.at<cv::Vec3b>(29, 60) == kBlack);
  BOOST_TEST(CountColoured(thick) > CountColoured(thin));
}

BOOST_AUTO_TEST_CASE(each_box_has_its_colour) {
  const cv::Mat image = RenderBoxWireframes(
      {Box({-1.5, 0, 5}, {1, 1, 1}, kRed), Box({1.5, 0, 5}, {1, 1, 1}, kCyan)}, Camera(), {1, 1e-3});
  // Left box near face x = -2 at z = 4.5: 60 - 44.4 = 15.6 -> 16; right box's x = 2: 104.
  BOOST_TEST(image.at<cv::Vec3b>(50, 16) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(50, 104) == kCyan);
}

BOOST_AUTO_TEST_CASE(box_behind_camera_draws_nothing) {
  const cv::Mat image = RenderBoxWireframes({Box({0, 0, -5}, {2, 2, 2}, kRed)}, Camera());
  BOOST_TEST(CountColoured(image) == 0);
}

// Box x in [0.5, 1.5], y in [-0.5, 0.5], z in [-1, 3]: its far face is in
// front of the camera at x >= 77, its near face is behind. Everything
// visible has x > 0, so it projects right of cx = 60; projecting the
// corners behind the camera without clipping would mirror them to the left.
BOOST_AUTO_TEST_CASE(box_crossing_near_plane_draws_visible_part_only) {
  cv::Mat image;
  BOOST_CHECK_NO_THROW(image = RenderBoxWireframes({Box({1, 0, 1}, {1, 1, 4}, kRed)}, Camera(), {1, 1e-3}));
  for (const auto& [x, y] : {std::pair{77, 33}, {110, 33}, {77, 67}, {110, 67}, {85, 25}}) {
    BOOST_TEST_INFO("pixel " << x << "," << y);
    BOOST_TEST(image.at<cv::Vec3b>(y, x) == kRed);
  }
  BOOST_TEST(CountColoured(image(cv::Rect(0, 0, 61, kH))) == 0);
}

BOOST_AUTO_TEST_CASE(draws_over_existing_image) {
  cv::Mat image(kH, kW, CV_8UC3, cv::Scalar(9, 9, 9));
  DrawBoxWireframes(image, {Box({0, 0, 5}, {2, 2, 2}, kRed)}, Camera(), {1, 1e-3});
  BOOST_TEST(image.at<cv::Vec3b>(25, 35) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(50, 60) == cv::Vec3b(9, 9, 9));
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  cv::Mat wrong(10, 10, CV_8UC3);
  BOOST_CHECK_THROW(DrawBoxWireframes(wrong, {}, Camera()), InvalidInputError);
  BOOST_CHECK_THROW(RenderBoxWireframes({}, Camera(), {0, 1e-3}), InvalidInputError);
  BOOST_CHECK_THROW(RenderBoxWireframes({}, Camera(), {1, 0.0}), InvalidInputError);
  WireframeBox bad = Box({0, 0, 5}, {1, 1, 1}, kRed);
  bad.corners[3].x() = std::nan("");
  BOOST_CHECK_THROW(RenderBoxWireframes({bad}, Camera()), InvalidInputError);
}

}  // namespace dolly::controls
