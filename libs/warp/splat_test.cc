// Splat geometry on hand-made scenes whose warps are known exactly.
#define BOOST_TEST_MODULE splat_test
#include <cmath>

#include <boost/test/unit_test.hpp>

#include "libs/core/error.h"
#include "libs/warp/splat.h"

namespace dolly::warp {
namespace {

geometry::PinholeCamera Camera(int w = 64, int h = 48, double f = 100.0) {
  return {f, f, (w - 1) / 2.0, (h - 1) / 2.0, w, h};
}

cv::Mat RandomImage(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(img, cv::RNG::UNIFORM, 0, 256);
  return img;
}

Eigen::Isometry3d Translation(double x, double y, double z) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(x, y, z);
  return t;
}

BOOST_AUTO_TEST_CASE(identity_reproduces_reference_exactly) {
  const geometry::PinholeCamera cam = Camera();
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  cv::Mat depth(cam.height, cam.width, CV_32FC1);
  cv::RNG(5).fill(depth, cv::RNG::UNIFORM, 1.0, 10.0);
  for (const Resample mode : {Resample::kBicubic, Resample::kBilinearSplat}) {
    SplatOptions options;
    options.resample = mode;
    const SplatResult s = Splat(rgb, depth, cam, Eigen::Isometry3d::Identity(), cam, nullptr, options);
    BOOST_TEST(cv::norm(s.rgb, rgb, cv::NORM_INF) == 0.0);
    BOOST_TEST(cv::countNonZero(s.coverage) == cam.width * cam.height);
    BOOST_TEST(cv::norm(s.depth, depth, cv::NORM_INF) <= 1e-5);
  }
}

// Camera moved t to the right over a fronto-parallel plane at depth z: the
// image moves fx * t / z pixels to the left.
BOOST_AUTO_TEST_CASE(translation_over_plane_shifts_by_fx_t_over_z) {
  const geometry::PinholeCamera cam = Camera();
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  const double z = 2.0;
  const cv::Mat depth(cam.height, cam.width, CV_32FC1, cv::Scalar(z));
  // 5 px: fx 100, t 0.1, z 2. target_camera_from_reference = -t.
  for (const Resample mode : {Resample::kBicubic, Resample::kBilinearSplat}) {
    SplatOptions options;
    options.resample = mode;
    const SplatResult s = Splat(rgb, depth, cam, Translation(-0.1, 0, 0), cam, nullptr, options);
    for (const cv::Point p : {cv::Point(0, 0), cv::Point(10, 20), cv::Point(40, 47), cv::Point(58, 5)})
      BOOST_TEST(s.rgb.at<cv::Vec3b>(p) == rgb.at<cv::Vec3b>(p.y, p.x + 5));
    // The 5 right-most columns saw nothing of the reference.
    for (int y = 0; y < cam.height; ++y) {
      BOOST_TEST(s.coverage.at<uchar>(y, cam.width - 6) == 255);
      for (int x = cam.width - 5; x < cam.width; ++x) BOOST_TEST(s.coverage.at<uchar>(y, x) == 0);
    }
    BOOST_TEST(std::abs(s.depth.at<float>(10, 10) - z) <= 1e-6);
  }

  // Vertical, sub-pixel: 1.5 px down (camera up by 0.03) on a vertical ramp
  // 4 y + 10: both resamplings reproduce the ramp to rounding at a half
  // pixel offset (bicubic: away from the replicated border rows).
  cv::Mat ramp(cam.height, cam.width, CV_8UC3);
  for (int y = 0; y < cam.height; ++y) ramp.row(y).setTo(cv::Scalar::all(4 * y + 10));
  for (const Resample mode : {Resample::kBicubic, Resample::kBilinearSplat}) {
    SplatOptions options;
    options.resample = mode;
    const SplatResult v = Splat(ramp, depth, cam, Translation(0, 0.03, 0), cam, nullptr, options);
    for (int y = 3; y < cam.height - 1; ++y)
      BOOST_TEST(std::abs(v.rgb.at<cv::Vec3b>(y, 30)[0] - (4 * (y - 1.5) + 10)) <= 0.5 + 1e-9);
    // Row 0 is not reached; row 1 only by the half-weight edge of source row 0.
    BOOST_TEST(v.coverage.at<uchar>(0, 30) == 0);
    BOOST_TEST(v.coverage.at<uchar>(1, 30) == 255);
  }
}

// Near patch (z 2) in front of a far plane (z 4); after a sideways move the
// patch shifts twice as far as the background and must stay in front of it
// whichever of the two is splatted last.
BOOST_AUTO_TEST_CASE(z_buffer_keeps_the_nearest_surface) {
  const geometry::PinholeCamera cam = Camera();
  cv::Mat rgb(cam.height, cam.width, CV_8UC3, cv::Scalar(0, 0, 255));
  cv::Mat depth(cam.height, cam.width, CV_32FC1, cv::Scalar(4.0));
  const cv::Rect patch(24, 16, 16, 16);
  rgb(patch).setTo(cv::Scalar(255, 0, 0));
  depth(patch).setTo(2.0);
  for (const double t : {0.1, -0.1}) {
    // Patch moves fx t / 2 = 5 px, background 2.5 px (opposite to the camera).
    const SplatResult s = Splat(rgb, depth, cam, Translation(-t, 0, 0), cam);
    const int shift = t > 0 ? -5 : 5;
    for (int y = patch.y; y < patch.y + patch.height; ++y)
      for (int x = patch.x + shift; x < patch.x + patch.width + shift; ++x) {
        BOOST_TEST(s.rgb.at<cv::Vec3b>(y, x) == cv::Vec3b(255, 0, 0));
        BOOST_TEST(std::abs(s.depth.at<float>(y, x) - 2.0f) <= 1e-5);
      }
    // Behind the patch's trailing edge the background was hidden in the
    // reference: 2.5 px disocclusion, at least 2 full columns are holes.
    const int trailing = t > 0 ? patch.x + patch.width + shift + 1 : patch.x + shift - 2;
    BOOST_TEST(s.coverage.at<uchar>(20, trailing) == 0);
  }
}

// Zooming in 1.5x stretches samples 1.5 px apart: the 2x2 footprint leaves
// no crack.
BOOST_AUTO_TEST_CASE(zoom_in_leaves_no_cracks) {
  const geometry::PinholeCamera cam = Camera();
  geometry::PinholeCamera zoom = cam;
  zoom.fx *= 1.5;
  zoom.fy *= 1.5;
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  cv::Mat depth(cam.height, cam.width, CV_32FC1);
  cv::RNG(9).fill(depth, cv::RNG::UNIFORM, 3.0, 3.1);
  const SplatResult s = Splat(rgb, depth, cam, Eigen::Isometry3d::Identity(), zoom);
  BOOST_TEST(cv::countNonZero(s.coverage) == cam.width * cam.height);
}

// A labelled region with its own motion (in the reference camera frame)
// moves, the rest follows the camera only (here: stays).
BOOST_AUTO_TEST_CASE(region_motion_moves_only_its_label) {
  const geometry::PinholeCamera cam = Camera();
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  const cv::Mat depth(cam.height, cam.width, CV_32FC1, cv::Scalar(2.0));
  RegionMotion region;
  region.labels = cv::Mat(cam.height, cam.width, CV_32SC1, cv::Scalar(0));
  region.labels(cv::Rect(10, 10, 10, 10)).setTo(7);
  region.labels(cv::Rect(40, 25, 10, 10)).setTo(8);
  region.reference_motion[7] = Translation(0.08, 0, 0);      // 4 px right at z 2
  region.reference_motion[8] = Translation(0.08, 0, -0.4);  // nearer: z 1.6
  region.reference_motion[3] = Translation(1, 1, 1);         // label not present: unused
  for (const Resample mode : {Resample::kBicubic, Resample::kBilinearSplat}) {
    SplatOptions options;
    options.resample = mode;
    const SplatResult s = Splat(rgb, depth, cam, Eigen::Isometry3d::Identity(), cam, &region, options);
    BOOST_TEST(s.rgb.at<cv::Vec3b>(5, 5) == rgb.at<cv::Vec3b>(5, 5));
    BOOST_TEST(s.rgb.at<cv::Vec3b>(40, 60) == rgb.at<cv::Vec3b>(40, 60));
    // Where the region lands on its own old place (x + 4 < 20); further
    // right it ties in depth with the static background and blends.
    for (int y = 10; y < 20; ++y)
      for (int x = 10; x < 16; ++x)
        BOOST_TEST(s.rgb.at<cv::Vec3b>(y, x + 4) == rgb.at<cv::Vec3b>(y, x));
    BOOST_TEST(s.coverage.at<uchar>(15, 11) == 0);  // uncovered by the move
    // Label 8: (X, Y, 2) -> (X + 0.08, Y, 1.6), so u' - cx = 1.25 (u - cx) + 5.
    const int u = 45, v = 30;
    const double up = (u - cam.cx) * 1.25 + 100 * 0.08 / 1.6 + cam.cx;
    const double vp = (v - cam.cy) * 1.25 + cam.cy;
    BOOST_TEST(std::abs(s.depth.at<float>(static_cast<int>(std::round(vp)),
                                          static_cast<int>(std::round(up))) - 1.6f) <= 1e-4);
  }
}

BOOST_AUTO_TEST_CASE(rejects_bad_inputs) {
  const geometry::PinholeCamera cam = Camera();
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  const cv::Mat depth(cam.height, cam.width, CV_32FC1, cv::Scalar(2.0));
  const Eigen::Isometry3d id = Eigen::Isometry3d::Identity();
  cv::Mat gray;
  cv::extractChannel(rgb, gray, 0);
  BOOST_CHECK_THROW(Splat(gray, depth, cam, id, cam), InvalidInputError);
  cv::Mat depth64;
  depth.convertTo(depth64, CV_64F);
  BOOST_CHECK_THROW(Splat(rgb, depth64, cam, id, cam), InvalidInputError);
  BOOST_CHECK_THROW(Splat(rgb, depth, Camera(32, 48), id, cam), InvalidInputError);
  RegionMotion bad;
  bad.labels = cv::Mat(cam.height, cam.width, CV_8UC1, cv::Scalar(0));
  BOOST_CHECK_THROW(Splat(rgb, depth, cam, id, cam, &bad), InvalidInputError);
}

// Pixels without depth (0 or NaN) and points behind the target camera are
// not splatted.
BOOST_AUTO_TEST_CASE(invalid_depth_and_points_behind_are_dropped) {
  const geometry::PinholeCamera cam = Camera();
  const cv::Mat rgb = RandomImage(cam.width, cam.height);
  cv::Mat depth(cam.height, cam.width, CV_32FC1, cv::Scalar(2.0));
  depth.at<float>(10, 10) = 0.f;
  depth.at<float>(11, 11) = std::nanf("");
  const SplatResult s = Splat(rgb, depth, cam, Eigen::Isometry3d::Identity(), cam);
  BOOST_TEST(s.coverage.at<uchar>(10, 10) == 0);
  BOOST_TEST(s.coverage.at<uchar>(11, 11) == 0);
  BOOST_TEST(s.depth.at<float>(10, 10) == 0.f);
  const SplatResult behind = Splat(rgb, depth, cam, Translation(0, 0, -3), cam);
  BOOST_TEST(cv::countNonZero(behind.coverage) == 0);
}

}  // namespace
}  // namespace dolly::warp
