#include "libs/geometry/pinhole_camera.h"

#include <cmath>

namespace dolly::geometry {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

Eigen::Vector2d PinholeCamera::Project(const Eigen::Vector3d& p) const {
  return {fx * p.x() / p.z() + cx, fy * p.y() / p.z() + cy};
}

Eigen::Vector3d PinholeCamera::Ray(const Eigen::Vector2d& pixel) const {
  return {(pixel.x() - cx) / fx, (pixel.y() - cy) / fy, 1.0};
}

Eigen::Vector3d PinholeCamera::Unproject(const Eigen::Vector2d& pixel, double depth) const {
  return Ray(pixel) * depth;
}

bool PinholeCamera::InImage(const Eigen::Vector2d& pixel) const {
  return pixel.x() >= -0.5 && pixel.x() < width - 0.5 && pixel.y() >= -0.5 &&
         pixel.y() < height - 0.5;
}

Eigen::Matrix3d PinholeCamera::K() const {
  Eigen::Matrix3d k;
  k << fx, 0.0, cx, 0.0, fy, cy, 0.0, 0.0, 1.0;
  return k;
}

PinholeCamera CameraFromVerticalFov(double fov_y_degrees, int width, int height) {
  PinholeCamera camera;
  // The image spans `height` pixels edge to edge, so half of it subtends fov/2.
  camera.fy = 0.5 * height / std::tan(0.5 * fov_y_degrees * kPi / 180.0);
  camera.fx = camera.fy;
  camera.cx = 0.5 * (width - 1);
  camera.cy = 0.5 * (height - 1);
  camera.width = width;
  camera.height = height;
  return camera;
}

double VerticalFovDegrees(const PinholeCamera& camera) {
  return 2.0 * std::atan(0.5 * camera.height / camera.fy) * 180.0 / kPi;
}

}  // namespace dolly::geometry
