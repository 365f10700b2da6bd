#include "libs/geometry/pose.h"

#include <stdexcept>

namespace dolly::geometry {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

Eigen::Isometry3d LookAt(const Eigen::Vector3d& eye, const Eigen::Vector3d& target,
                         const Eigen::Vector3d& up) {
  const Eigen::Vector3d forward = target - eye;
  if (forward.norm() == 0.0) throw std::invalid_argument("LookAt: eye equals target");
  const Eigen::Vector3d z = forward.normalized();
  // Camera x is "right": forward x up points right for a right-handed frame
  // whose y axis points down.
  const Eigen::Vector3d right = z.cross(up);
  if (right.norm() < 1e-12 * up.norm()) {
    throw std::invalid_argument("LookAt: view direction is parallel to up");
  }
  const Eigen::Vector3d x = right.normalized();
  const Eigen::Vector3d y = z.cross(x);
  Eigen::Matrix3d rotation;
  rotation.col(0) = x;
  rotation.col(1) = y;
  rotation.col(2) = z;
  return MakeIsometry(rotation, eye);
}

Eigen::Isometry3d MakeIsometry(const Eigen::Matrix3d& rotation,
                               const Eigen::Vector3d& translation) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() = rotation;
  t.translation() = translation;
  return t;
}

Eigen::Matrix3d AxisAngle(const Eigen::Vector3d& axis, double radians) {
  return Eigen::AngleAxisd(radians, axis.normalized()).toRotationMatrix();
}

double DegreesToRadians(double degrees) { return degrees * kPi / 180.0; }
double RadiansToDegrees(double radians) { return radians * 180.0 / kPi; }

}  // namespace dolly::geometry
