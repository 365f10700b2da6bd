#define BOOST_TEST_MODULE drag_to_target_test
// The acceptance check, end to end through the library: a drag from a
// region's centroid to a target pixel moves the region so that its centroid,
// reprojected into the reference image, lands on the target.
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/objects/drag_formats.h"
#include "libs/motion/objects/drag_interpolation.h"
#include "libs/motion/objects/drag_lifting.h"
#include "libs/motion/objects/region_motion.h"

namespace dolly::motion {
namespace {

// The tolerance: within one pixel.
constexpr double kPixelTol = 1.0;
constexpr int kWidth = 320;
constexpr int kHeight = 240;
constexpr int kFrames = 16;

geometry::PinholeCamera Camera() {
  return geometry::CameraFromVerticalFov(50.0, kWidth, kHeight);
}

// z-depth of a plane tilted about the x axis: n . X = d with n = (0, s, c).
// Along the ray X = z * r, z = d / (n . r).
cv::Mat TiltedPlaneDepth(const geometry::PinholeCamera& camera, double tilt_radians,
                         double distance) {
  const Eigen::Vector3d n(0.0, std::sin(tilt_radians), std::cos(tilt_radians));
  cv::Mat depth(kHeight, kWidth, CV_32F);
  for (int v = 0; v < kHeight; ++v) {
    for (int u = 0; u < kWidth; ++u) {
      depth.at<float>(v, u) =
          static_cast<float>(distance / n.dot(camera.Ray(Eigen::Vector2d(u, v))));
    }
  }
  return depth;
}

Eigen::Vector2d PixelCentroid(const cv::Rect& square) {
  return {square.x + (square.width - 1) / 2.0, square.y + (square.height - 1) / 2.0};
}

void CheckDragToTarget(double tilt_radians, const cv::Rect& square,
                       const Eigen::Vector2d& target) {
  const geometry::PinholeCamera camera = Camera();
  const cv::Mat depth = TiltedPlaneDepth(camera, tilt_radians, 5.0);
  cv::Mat labels(kHeight, kWidth, CV_8U, cv::Scalar(0));
  labels(square).setTo(2);

  const Eigen::Vector2d start = PixelCentroid(square);
  const std::string json = "{\"drags\": [{\"id\": 0, \"object\": 2, \"points\": [[" +
                           std::to_string(start.x()) + ", " + std::to_string(start.y()) +
                           "], [" + std::to_string(target.x()) + ", " +
                           std::to_string(target.y()) + "]]}]}";
  const DragSet set = ParseDrags(json, "drags.json", kWidth, kHeight);
  BOOST_REQUIRE(set.drags.size() == 1u);

  const InterpolatedDrag drag = InterpolateDrag(set.drags[0], kFrames);
  const std::vector<Eigen::Vector3d> path =
      LiftDrag(drag, "drag \"0\"", depth, camera, LiftOptions{});
  const std::vector<Eigen::Vector3d> region = LiftRegion(labels, 2, depth, camera);
  BOOST_REQUIRE(region.size() == static_cast<size_t>(square.area()));
  const std::vector<Eigen::Isometry3d> motion =
      RegionMotion({path}, Centroid(region), kFrames);

  std::vector<Eigen::Vector3d> moved;
  for (const auto& p : region) moved.push_back(motion.back() * p);
  const Eigen::Vector2d landed = camera.Project(Centroid(moved));
  BOOST_TEST((landed - target).norm() < kPixelTol,
             "tilt " << tilt_radians << ": centroid lands at " << landed.transpose()
                     << ", asked for " << target.transpose());
  // Frame 0 is the reference image: no motion.
  BOOST_TEST((motion.front().matrix() - Eigen::Matrix4d::Identity()).norm() < 1e-12);
}

BOOST_AUTO_TEST_CASE(FrontoParallelPlane) {
  CheckDragToTarget(0.0, cv::Rect(60, 50, 40, 40), {230.0, 170.0});
}

BOOST_AUTO_TEST_CASE(TiltedPlane) {
  // A floor-like plane tilted 35 degrees: perspective makes the 3D centroid
  // of the square project slightly off the pixel centroid; still within 1 px.
  CheckDragToTarget(0.6, cv::Rect(140, 150, 30, 30), {60.5, 200.25});
}

}  // namespace
}  // namespace dolly::motion
