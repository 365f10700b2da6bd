// The sequence API: frame 0 is the reference, later frames are warped and
// filled, poses in either convention give the same frames.
#define BOOST_TEST_MODULE warp_preview_test
#include <boost/test/unit_test.hpp>

#include "libs/core/error.h"
#include "libs/warp/warp_preview.h"

namespace dolly::warp {
namespace {

geometry::PinholeCamera Camera() { return {80.0, 80.0, 31.5, 23.5, 64, 48}; }

Eigen::Isometry3d Translation(double x, double y, double z) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(x, y, z);
  return t;
}

struct Fixture {
  geometry::PinholeCamera cam = Camera();
  cv::Mat rgb = cv::Mat(cam.height, cam.width, CV_8UC3);
  cv::Mat depth = cv::Mat(cam.height, cam.width, CV_32FC1, cv::Scalar(2.0));
  Fixture() {
    cv::RNG(2).fill(rgb, cv::RNG::UNIFORM, 0, 256);
    depth(cv::Rect(0, 0, 5, 5)).setTo(0.0);  // no depth: only frame 0 shows them as they are
  }
};

BOOST_AUTO_TEST_CASE(frame_zero_is_the_reference_and_holes_are_filled) {
  Fixture fx;
  // Camera 0.25 right: image 10 px left, the last 10 columns are holes.
  const std::vector<Eigen::Isometry3d> poses = {Eigen::Isometry3d::Identity(),
                                                Translation(0.25, 0, 0)};
  const auto frames = WarpPreview(fx.rgb, fx.depth, fx.cam, poses, {fx.cam, fx.cam});
  BOOST_REQUIRE_EQUAL(frames.size(), 2u);
  BOOST_TEST(cv::norm(frames[0].rgb, fx.rgb, cv::NORM_INF) == 0.0);
  BOOST_TEST(cv::countNonZero(frames[0].coverage) == fx.cam.width * fx.cam.height);
  BOOST_TEST(cv::norm(frames[0].depth, fx.depth, cv::NORM_INF) == 0.0);

  const PreviewFrame& f1 = frames[1];
  BOOST_TEST(f1.rgb.at<cv::Vec3b>(20, 10) == fx.rgb.at<cv::Vec3b>(20, 20));
  BOOST_TEST(f1.coverage.at<uchar>(20, 60) == 0);
  BOOST_TEST(f1.depth.at<float>(20, 60) == 0.f);
  // Filled from the covered columns: not the splat's black.
  BOOST_TEST(f1.rgb.at<cv::Vec3b>(20, 60) != cv::Vec3b(0, 0, 0));
}

BOOST_AUTO_TEST_CASE(world_poses_match_relative_poses) {
  Fixture fx;
  Eigen::Isometry3d world_from_reference = Eigen::Isometry3d::Identity();
  world_from_reference.linear() =
      Eigen::AngleAxisd(0.3, Eigen::Vector3d(0.2, 1.0, 0.1).normalized()).toRotationMatrix();
  world_from_reference.translation() = Eigen::Vector3d(1.0, -2.0, 0.5);
  const Eigen::Isometry3d reference_from_camera = Translation(0.05, -0.03, 0.1);
  geometry::PinholeCamera zoom = fx.cam;
  zoom.fx = zoom.fy = 96.0;
  const auto world = WarpPreviewWorld(fx.rgb, fx.depth, fx.cam, world_from_reference,
                                      {world_from_reference, world_from_reference * reference_from_camera},
                                      {fx.cam, zoom});
  const auto relative = WarpPreview(fx.rgb, fx.depth, fx.cam,
                                    {Eigen::Isometry3d::Identity(), reference_from_camera}, {fx.cam, zoom});
  BOOST_TEST(cv::norm(world[0].rgb, fx.rgb, cv::NORM_INF) == 0.0);  // exactly the reference
  // Same frame up to the rounding of composing the poses (sub-1e-12 px).
  BOOST_TEST(cv::norm(world[1].rgb, relative[1].rgb, cv::NORM_INF) <= 1.0);
  BOOST_TEST(cv::norm(world[1].coverage, relative[1].coverage, cv::NORM_L1) <= 255.0 * 4);
}

BOOST_AUTO_TEST_CASE(rejects_mismatched_lengths) {
  Fixture fx;
  BOOST_CHECK_THROW(WarpPreview(fx.rgb, fx.depth, fx.cam, {Eigen::Isometry3d::Identity()}, {}),
                    InvalidInputError);
}

}  // namespace
}  // namespace dolly::warp
