// Unit tests of the silhouette helpers (silhouette.h) on hand-made images:
// - BorderColour: the exact backdrop colour although a few border pixels and
//   the whole interior are other colours.
// - KeyForeground: "differs by more than threshold" is strict; the 3x3
//   opening removes an isolated pixel and keeps a 10x10 square exactly.
// - OutsideDistance: 0 on the mask, exactly 5 for a pixel 5 px right of a
//   vertical mask edge; an empty mask gives the image diagonal.
// - SignedDistance: -4 / -1 inside, +1 / +5 outside a vertical edge (sign
//   flips between the last mask column and the first column off it).
// - MaskIou: two overlapping 10x10 rectangles give exactly 25/175; two empty
//   masks give 1; any non-zero value counts as inside.
#define BOOST_TEST_MODULE silhouette_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <opencv2/core.hpp>

#include "libs/recon4d/silhouette.h"

namespace dolly::recon4d {
namespace {

const cv::Vec3b kBackdrop(10, 20, 30);

BOOST_AUTO_TEST_CASE(BorderColourIsTheMedianOfTheBorder) {
  cv::Mat rgb(20, 24, CV_8UC3, cv::Scalar(200, 100, 50));  // interior: something else
  rgb.row(0).setTo(cv::Scalar(kBackdrop));
  rgb.row(19).setTo(cv::Scalar(kBackdrop));
  rgb.col(0).setTo(cv::Scalar(kBackdrop));
  rgb.col(23).setTo(cv::Scalar(kBackdrop));
  // A few odd border pixels (an object touching the frame, noise).
  rgb.at<cv::Vec3b>(0, 5) = cv::Vec3b(255, 0, 0);
  rgb.at<cv::Vec3b>(0, 6) = cv::Vec3b(255, 255, 255);
  rgb.at<cv::Vec3b>(19, 10) = cv::Vec3b(0, 0, 0);
  rgb.at<cv::Vec3b>(7, 0) = cv::Vec3b(0, 255, 0);
  rgb.at<cv::Vec3b>(8, 23) = cv::Vec3b(11, 21, 31);
  const cv::Vec3b got = BorderColour(rgb);
  BOOST_TEST(int(got[0]) == 10);
  BOOST_TEST(int(got[1]) == 20);
  BOOST_TEST(int(got[2]) == 30);
}

BOOST_AUTO_TEST_CASE(KeyForegroundThresholdAndOpening) {
  cv::Mat rgb(64, 64, CV_8UC3, cv::Scalar(kBackdrop));
  // A 10x10 square clearly off the backdrop.
  rgb(cv::Rect(20, 20, 10, 10)).setTo(cv::Scalar(200, 200, 200));
  // An isolated foreground pixel: speckle.
  rgb.at<cv::Vec3b>(5, 5) = cv::Vec3b(200, 200, 200);
  // A 10x10 square exactly `threshold` off in one channel: not foreground.
  rgb(cv::Rect(40, 5, 10, 10)).setTo(cv::Scalar(10, 20 + 15, 30));
  // A 10x10 square threshold + 1 off: foreground.
  rgb(cv::Rect(5, 40, 10, 10)).setTo(cv::Scalar(10 - 16, 20, 30));  // 10 - 16 saturates to 0
  const cv::Mat mask = KeyForeground(rgb, kBackdrop, 9);
  BOOST_TEST(mask.type() == CV_8UC1);
  BOOST_TEST(mask.size() == rgb.size());
  // Threshold 15: only the square 190 off survives (the diff-15 square is
  // not strictly above it, the diff-10 one neither, the lone pixel is opened
  // away).
  const cv::Mat strict = KeyForeground(rgb, kBackdrop, 15);
  cv::Mat expected(64, 64, CV_8UC1, cv::Scalar(0));
  expected(cv::Rect(20, 20, 10, 10)).setTo(255);
  BOOST_TEST(cv::countNonZero(strict != expected) == 0);
  // With threshold 9 both off-colour squares are in (diffs 15 and 10).
  expected(cv::Rect(40, 5, 10, 10)).setTo(255);
  expected(cv::Rect(5, 40, 10, 10)).setTo(255);
  BOOST_TEST(cv::countNonZero(mask != expected) == 0);
  // Threshold 10: the diff-10 square is out (strictly greater), diff 15 in.
  const cv::Mat ten = KeyForeground(rgb, kBackdrop, 10);
  expected(cv::Rect(5, 40, 10, 10)).setTo(0);
  BOOST_TEST(cv::countNonZero(ten != expected) == 0);
  BOOST_TEST(int(ten.at<uint8_t>(5, 5)) == 0);
  BOOST_TEST(cv::countNonZero(ten) == 200);
}

BOOST_AUTO_TEST_CASE(OutsideDistanceToAVerticalEdge) {
  cv::Mat mask(32, 48, CV_8UC1, cv::Scalar(0));
  mask(cv::Rect(0, 0, 21, 32)).setTo(255);  // columns 0..20
  const cv::Mat d = OutsideDistance(mask);
  BOOST_TEST(d.type() == CV_32F);
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 48; ++x) {
      const float expected = x <= 20 ? 0.0f : static_cast<float>(x - 20);
      BOOST_TEST(std::abs(d.at<float>(y, x) - expected) <= 1e-4f, "at " << x << "," << y);
    }
  }
  BOOST_TEST(std::abs(d.at<float>(10, 25) - 5.0f) <= 1e-4f);
  const cv::Mat empty = OutsideDistance(cv::Mat(30, 40, CV_8UC1, cv::Scalar(0)));
  BOOST_TEST(std::abs(empty.at<float>(7, 9) - 50.0f) <= 1e-4f);
}

BOOST_AUTO_TEST_CASE(SignedDistanceFlipsSignAcrossTheBoundary) {
  cv::Mat mask(32, 48, CV_8UC1, cv::Scalar(0));
  mask(cv::Rect(0, 0, 21, 32)).setTo(255);  // columns 0..20, nearest off-mask column 21
  const cv::Mat d = SignedDistance(mask);
  BOOST_TEST(d.type() == CV_32F);
  BOOST_TEST(std::abs(d.at<float>(16, 17) - -4.0f) <= 1e-4f);
  BOOST_TEST(std::abs(d.at<float>(16, 20) - -1.0f) <= 1e-4f);
  BOOST_TEST(std::abs(d.at<float>(16, 21) - 1.0f) <= 1e-4f);
  BOOST_TEST(std::abs(d.at<float>(16, 25) - 5.0f) <= 1e-4f);
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 48; ++x) {
      const bool inside = x <= 20;
      BOOST_TEST((inside ? d.at<float>(y, x) < 0.0f : d.at<float>(y, x) > 0.0f),
                 "at " << x << "," << y);
    }
  }
  // A full mask has no boundary: all zero, no huge values.
  const cv::Mat full = SignedDistance(cv::Mat(8, 8, CV_8UC1, cv::Scalar(255)));
  BOOST_TEST(cv::countNonZero(full) == 0);
}

BOOST_AUTO_TEST_CASE(MaskIouOfTwoRectangles) {
  cv::Mat a(32, 32, CV_8UC1, cv::Scalar(0)), b(32, 32, CV_8UC1, cv::Scalar(0));
  a(cv::Rect(0, 0, 10, 10)).setTo(255);
  b(cv::Rect(5, 5, 10, 10)).setTo(1);  // any non-zero is inside
  BOOST_TEST(MaskIou(a, b) == 25.0 / 175.0);
  BOOST_TEST(MaskIou(b, a) == 25.0 / 175.0);
  BOOST_TEST(MaskIou(a, a) == 1.0);
  const cv::Mat empty(32, 32, CV_8UC1, cv::Scalar(0));
  BOOST_TEST(MaskIou(empty, empty) == 1.0);
  BOOST_TEST(MaskIou(a, empty) == 0.0);
}

}  // namespace
}  // namespace dolly::recon4d
