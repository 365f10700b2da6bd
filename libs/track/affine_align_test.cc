// AffineTemplate against known warps of a blurred-noise image. An integer
// shift is recovered exactly (< 1e-3 px). Sub-pixel warps leave a bias of a
// few hundredths of a pixel (measured up to 0.064 px): the template and the
// frame are bilinearly interpolated at different fractional offsets, which
// smooths them differently; the bound is 0.1 px, the affine part within
// 0.02. A covered centre, a patch off the image and a flat patch are
// refused or left in place.
#define BOOST_TEST_MODULE affine_align_test
#include <cmath>

#include <boost/test/unit_test.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "libs/track/affine_align.h"

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

// image_b(x) = image_a(m^-1 x): a point p of a lands at m p in b.
struct Warped {
  cv::Mat image;
  cv::Matx23d m;
  cv::Point2f Map(cv::Point2f p) const {
    return {static_cast<float>(m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2)),
            static_cast<float>(m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2))};
  }
};

Warped Warp(const cv::Mat& a, double angle_deg, double scale, double shear, cv::Point2d shift) {
  const double t = angle_deg * CV_PI / 180.0;
  const cv::Matx22d r(std::cos(t), -std::sin(t), std::sin(t), std::cos(t));
  const cv::Matx22d s(scale, shear, 0.0, scale);
  const cv::Matx22d l = r * s;
  const cv::Point2d c(a.cols / 2.0, a.rows / 2.0);
  // x' = L (x - c) + c + shift
  const cv::Vec2d offset = cv::Vec2d(c.x + shift.x, c.y + shift.y) - l * cv::Vec2d(c.x, c.y);
  Warped w;
  w.m = cv::Matx23d(l(0, 0), l(0, 1), offset[0], l(1, 0), l(1, 1), offset[1]);
  cv::warpAffine(a, w.image, w.m, a.size(), cv::INTER_CUBIC, cv::BORDER_REFLECT);
  return w;
}

BOOST_AUTO_TEST_CASE(recovers_an_integer_shift_exactly) {
  const cv::Mat a = NoiseImage(160, 120, 1);
  cv::Mat b;
  cv::warpAffine(a, b, cv::Matx23d(1, 0, 2, 0, 1, 1), a.size());
  const AffineTemplate t(a, cv::Point2f(70, 55), 6);
  AffineWarp warp;
  warp.position = cv::Point2f(72.6f, 55.5f);
  const AffineAlignResult r = t.Align(b, &warp, AffineAlignOptions());
  BOOST_TEST(r.converged);
  BOOST_TEST(cv::norm(warp.position - cv::Point2f(72, 56)) < 1e-3);
  BOOST_TEST(std::abs(warp.a(0, 1)) < 1e-3);
  BOOST_TEST(r.centre_error < 0.5);
}

BOOST_AUTO_TEST_CASE(recovers_known_affine_warps) {
  const cv::Mat a = NoiseImage(160, 120, 1);
  struct Case {
    double angle, scale, shear;
    cv::Point2d shift;
  };
  for (const Case& c : {Case{0, 1, 0, {0.4, -0.3}}, Case{6, 1, 0, {1.2, 0.7}},
                        Case{-4, 0.93, 0.05, {-0.8, 1.1}}, Case{10, 1.08, -0.06, {0.3, 0.2}}}) {
    const Warped b = Warp(a, c.angle, c.scale, c.shear, c.shift);
    for (const cv::Point2f p : {cv::Point2f(70.3f, 55.6f), cv::Point2f(90.5f, 64.2f),
                                cv::Point2f(64.8f, 70.1f)}) {
      const AffineTemplate t(a, p, 6);
      AffineWarp warp;
      const cv::Point2f truth = b.Map(p);
      // Started 1.5 px away, as a chained LK estimate might be.
      warp.position = truth + cv::Point2f(1.0f, -1.1f);
      AffineAlignOptions options;
      options.max_iterations = 20;
      const AffineAlignResult r = t.Align(b.image, &warp, options);
      BOOST_TEST_CONTEXT("angle " << c.angle << " scale " << c.scale << " point " << p) {
        BOOST_TEST(r.converged);
        BOOST_TEST(cv::norm(warp.position - truth) < 0.1);
        for (int i = 0; i < 2; ++i) {
          for (int j = 0; j < 2; ++j) BOOST_TEST(std::abs(warp.a(i, j) - b.m(i, j)) < 0.02);
        }
        BOOST_TEST(r.inlier_fraction > 0.9);
        BOOST_TEST(r.centre_error < 3.0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(brightness_offset_is_absorbed) {
  const cv::Mat a = NoiseImage(120, 100, 2);
  cv::Mat b;
  a.convertTo(b, CV_8U, 1.0, 30.0);  // brighter (saturates a few pixels)
  const cv::Point2f p(60.2f, 50.7f);
  const AffineTemplate t(a, p, 6);
  AffineWarp warp;
  warp.position = p + cv::Point2f(0.6f, 0.4f);
  const AffineAlignResult r = t.Align(b, &warp, AffineAlignOptions());
  BOOST_TEST(r.converged);
  BOOST_TEST(cv::norm(warp.position - p) < 0.02);
  BOOST_TEST(std::abs(warp.brightness - 30.0f) < 2.0f);
}

// Half the patch replaced by another texture (a silhouette beside the
// point): the Tukey weights drop that half, the position still holds.
BOOST_AUTO_TEST_CASE(ignores_a_foreign_half_patch) {
  const cv::Mat a = NoiseImage(120, 100, 3);
  const Warped b = Warp(a, 0, 1, 0, {0.7, -0.4});
  const cv::Mat other = NoiseImage(120, 100, 4);
  cv::Mat mixed = b.image.clone();
  const cv::Point2f p(60.4f, 50.2f);
  const cv::Point2f truth = b.Map(p);
  // Everything more than 2 px right of the point belongs to another surface.
  const int edge = static_cast<int>(truth.x) + 3;
  other(cv::Rect(edge, 0, mixed.cols - edge, mixed.rows)).copyTo(mixed(cv::Rect(edge, 0, mixed.cols - edge, mixed.rows)));
  const AffineTemplate t(a, p, 7);
  AffineWarp warp;
  warp.position = truth + cv::Point2f(0.5f, 0.5f);
  AffineAlignOptions options;
  options.max_iterations = 20;
  const AffineAlignResult r = t.Align(mixed, &warp, options);
  BOOST_TEST(r.converged);
  // Plain translation LK on the same window, for comparison.
  std::vector<cv::Point2f> from = {p}, to = {warp.position};
  std::vector<uint8_t> status;
  std::vector<float> error;
  to[0] = truth + cv::Point2f(0.5f, 0.5f);
  cv::calcOpticalFlowPyrLK(a, mixed, from, to, status, error, cv::Size(15, 15), 0,
                           cv::TermCriteria(3, 50, 0.001), cv::OPTFLOW_USE_INITIAL_FLOW);
  BOOST_TEST_MESSAGE("foreign half: affine " << cv::norm(warp.position - truth) << " px, LK "
                                             << cv::norm(to[0] - truth) << " px");
  BOOST_TEST(cv::norm(warp.position - truth) < 0.3);
  BOOST_TEST(cv::norm(warp.position - truth) < cv::norm(to[0] - truth));
  BOOST_TEST(r.inlier_fraction < 0.8);
}

BOOST_AUTO_TEST_CASE(covered_centre_has_a_large_centre_error) {
  const cv::Mat a = NoiseImage(120, 100, 5);
  cv::Mat b = a.clone();
  const cv::Point2f p(60.0f, 50.0f);
  cv::circle(b, cv::Point(60, 50), 3, cv::Scalar(255), cv::FILLED);
  const AffineTemplate t(a, p, 6);
  AffineWarp warp;
  warp.position = p;
  const AffineAlignResult r = t.Align(b, &warp, AffineAlignOptions());
  BOOST_TEST(r.centre_error > 25.0);
}

BOOST_AUTO_TEST_CASE(refuses_off_image_and_flat_patches) {
  const cv::Mat a = NoiseImage(80, 60, 6);
  const AffineTemplate t(a, cv::Point2f(40, 30), 5);
  AffineWarp warp;
  warp.position = cv::Point2f(-20, -20);  // the whole patch off the image
  BOOST_TEST(!t.Align(a, &warp, AffineAlignOptions()).converged);

  // A flat patch has nothing to align: the ridge keeps it finite, but the
  // centre's position is not determined, so it must not claim convergence
  // by moving freely; it stays where it started.
  const cv::Mat flat(60, 80, CV_8U, cv::Scalar(128));
  const AffineTemplate f(flat, cv::Point2f(40, 30), 5);
  AffineWarp still;
  still.position = cv::Point2f(41.5f, 30.5f);
  f.Align(flat, &still, AffineAlignOptions());
  BOOST_TEST(std::isfinite(still.position.x));
  BOOST_TEST(cv::norm(still.position - cv::Point2f(41.5f, 30.5f)) < 0.01);

  // Templates cut by the image border keep only the pixels inside.
  const AffineTemplate corner(a, cv::Point2f(1.0f, 1.0f), 5);
  BOOST_TEST(!corner.empty());
}

}  // namespace
}  // namespace dolly::track
