// The camera-motion prior against known motions: a translation found by
// phase correlation (its sign: content at p in a is at p + shift in b),
// and a homography fitted through outliers.
#define BOOST_TEST_MODULE global_motion_test
#include <cmath>

#include <boost/test/unit_test.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/track/global_motion.h"

namespace dolly::track {
namespace {

cv::Mat NoiseImage(int width, int height, uint64_t seed) {
  cv::RNG rng(seed);
  cv::Mat image(height, width, CV_8U);
  rng.fill(image, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(image, image, cv::Size(0, 0), 2.0);
  cv::normalize(image, image, 0, 255, cv::NORM_MINMAX);
  return image;
}

// A jump of 37 px left and 6 px down on a 640x480 frame, found on a copy
// 160 px a side (4x smaller): within one coarse pixel (4 px), which LK
// refines. Measured error printed.
BOOST_AUTO_TEST_CASE(phase_shift_finds_a_large_translation) {
  const cv::Mat a = NoiseImage(640, 480, 1);
  cv::Mat b;
  cv::warpAffine(a, b, cv::Matx23d(1, 0, -37, 0, 1, 6), a.size(), cv::INTER_LINEAR,
                 cv::BORDER_REFLECT);
  const auto shift = PhaseShift(a, b, 160, 0.3);
  BOOST_REQUIRE(shift.has_value());
  BOOST_TEST_MESSAGE("phase shift " << shift->x << ", " << shift->y);
  BOOST_TEST(std::abs(shift->x + 37.0f) < 4.0f);
  BOOST_TEST(std::abs(shift->y - 6.0f) < 4.0f);
}

// Unrelated frames (a shot cut) have no clear common translation: their
// highest peak's response measured 0.16-0.18 (the shift above: 0.84-0.86).
BOOST_AUTO_TEST_CASE(phase_shift_refuses_unrelated_frames) {
  const auto shift = PhaseShift(NoiseImage(320, 240, 2), NoiseImage(320, 240, 3), 160, 0.3);
  BOOST_TEST(!shift.has_value());
}

// A turning camera's homography, with 30 % of the points on an object
// moving otherwise: the fit is the camera's (to 0.01 px on inliers).
BOOST_AUTO_TEST_CASE(fits_the_camera_through_an_independent_object) {
  const cv::Matx33d k(300, 0, 160, 0, 300, 120, 0, 0, 1);
  const double t = 0.1;  // radians about the vertical
  const cv::Matx33d r(std::cos(t), 0, std::sin(t), 0, 1, 0, -std::sin(t), 0, std::cos(t));
  GlobalMotion truth;
  truth.h = k * r * k.inv();
  cv::RNG rng(4);
  std::vector<cv::Point2f> from, to;
  for (int i = 0; i < 200; ++i) {
    const cv::Point2f p(rng.uniform(0.0f, 320.0f), rng.uniform(0.0f, 240.0f));
    from.push_back(p);
    to.push_back(i % 10 < 3 ? p + cv::Point2f(5.0f, -3.0f) : truth.Apply(p));
  }
  const auto fit = FitGlobalMotion(from, to, 1.0f, 8);
  BOOST_REQUIRE(fit.has_value());
  BOOST_TEST(fit->inliers == 140);
  double worst = 0.0;
  for (int i = 0; i < 200; ++i) {
    if (i % 10 >= 3) worst = std::max(worst, cv::norm(fit->Apply(from[i]) - to[i]));
  }
  BOOST_TEST(worst < 0.01);
  // The turn moves the edge of the image further than the centre.
  BOOST_TEST(std::abs(truth.Apply({0, 120}).x - 0.0f) > std::abs(truth.Apply({160, 120}).x - 160.0f));
}

BOOST_AUTO_TEST_CASE(too_few_agreeing_points_give_none) {
  const std::vector<cv::Point2f> from = {{0, 0}, {10, 0}, {0, 10}, {10, 10}, {5, 5}};
  const std::vector<cv::Point2f> to = from;
  BOOST_TEST(!FitGlobalMotion(from, to, 1.0f, 8).has_value());
}

}  // namespace
}  // namespace dolly::track
