#define BOOST_TEST_MODULE sphere_map
#include <boost/test/unit_test.hpp>

#include "libs/controls/object_map.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

constexpr int kW = 96;
constexpr int kH = 64;
geometry::PinholeCamera Camera(double fx, double fy, double cx, double cy) {
  geometry::PinholeCamera camera;
  camera.fx = fx;
  camera.fy = fy;
  camera.cx = cx;
  camera.cy = cy;
  return camera;
}
const geometry::PinholeCamera kCamera = Camera(100.0, 100.0, 48.0, 32.0);

int LitPixelsInRow(const cv::Mat& image, int row) {
  int n = 0;
  for (int x = 0; x < image.cols; ++x) n += image.at<cv::Vec3b>(row, x) != cv::Vec3b(0, 0, 0);
  return n;
}

SpherePoint At(double x, double y, double z, float x0, float y0) {
  return SpherePoint{Eigen::Vector3d(x, y, z), x0, y0, true};
}

}  // namespace

BOOST_AUTO_TEST_CASE(radius_scales_as_one_over_depth) {
  // fx * 0.1 / z: 10 px at z = 1, 5 px at z = 2, 2.5 px at z = 4.
  const std::pair<double, int> cases[] = {{1.0, 10}, {2.0, 5}, {4.0, 2}};
  for (const auto& [z, radius] : cases) {
    BOOST_TEST_INFO("z " << z);
    const cv::Mat image = RenderSphereMap(kW, kH, {At(0.0, 0.0, z, 10.0f, 10.0f)}, 0.1, kCamera);
    BOOST_TEST(LitPixelsInRow(image, 32) == 2 * radius + 1);
    BOOST_TEST(image.at<cv::Vec3b>(32, 48) == PacColour(10.0f, 10.0f, kW, kH));
  }
}

BOOST_AUTO_TEST_CASE(nearer_sphere_wins_where_they_overlap) {
  // Near (z = 2): centre x = 43, radius 10; far (z = 3): centre 51.3, radius 6.7.
  const SpherePoint near = At(-0.1, 0.0, 2.0, 10.0f, 10.0f);
  const SpherePoint far = At(0.1, 0.0, 3.0, 80.0f, 50.0f);
  const cv::Vec3b near_colour = PacColour(10.0f, 10.0f, kW, kH);
  const cv::Vec3b far_colour = PacColour(80.0f, 50.0f, kW, kH);
  for (const auto& points : {std::vector<SpherePoint>{near, far}, std::vector<SpherePoint>{far, near}}) {
    const cv::Mat image = RenderSphereMap(kW, kH, points, 0.2, kCamera);
    BOOST_TEST(image.at<cv::Vec3b>(32, 50) == near_colour);  // Inside both discs.
    BOOST_TEST(image.at<cv::Vec3b>(32, 56) == far_colour);   // Only the far disc.
    BOOST_TEST(image.at<cv::Vec3b>(32, 40) == near_colour);  // Only the near disc.
  }
}

BOOST_AUTO_TEST_CASE(points_behind_the_camera_or_invisible_are_skipped) {
  SpherePoint hidden = At(0.0, 0.0, 1.0, 10.0f, 10.0f);
  hidden.visible = false;
  const cv::Mat image = RenderSphereMap(
      kW, kH, {At(0.0, 0.0, 0.0, 10.0f, 10.0f), At(0.0, 0.0, -1.0, 10.0f, 10.0f), hidden,
               At(0.0, 0.0, 1e-300, 10.0f, 10.0f)},
      0.1, kCamera);
  // The z = 1e-300 point is in front, its disc covers everything: only check the three skipped.
  const cv::Mat skipped = RenderSphereMap(
      kW, kH, {At(0.0, 0.0, 0.0, 10.0f, 10.0f), At(0.0, 0.0, -1.0, 10.0f, 10.0f), hidden}, 0.1, kCamera);
  BOOST_TEST(cv::countNonZero(skipped.reshape(1)) == 0);
  BOOST_TEST(cv::countNonZero(image.reshape(1)) > 0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected) {
  BOOST_CHECK_THROW(RenderSphereMap(kW, kH, {}, 0.0, kCamera), InvalidInputError);
  BOOST_CHECK_THROW(RenderSphereMap(kW, kH, {}, 0.1, Camera(0.0, 1.0, 0.0, 0.0)), InvalidInputError);
  BOOST_CHECK_THROW(RenderSphereMap(kW, 0, {}, 0.1, kCamera), InvalidInputError);
}

}  // namespace dolly::controls
