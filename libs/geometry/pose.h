// Rigid-transform helpers on Eigen::Isometry3d. Names follow the
// target_from_source convention of schemas/common.thrift.
#ifndef DOLLY_LIBS_GEOMETRY_POSE_H_
#define DOLLY_LIBS_GEOMETRY_POSE_H_

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace dolly::geometry {

// world_from_camera of a camera at `eye` looking at `target`, with the image
// "up" (camera -y) as close to `up` as possible and no roll. Throws
// std::invalid_argument when eye == target or the view direction is parallel
// to `up`.
Eigen::Isometry3d LookAt(const Eigen::Vector3d& eye, const Eigen::Vector3d& target,
                         const Eigen::Vector3d& up);

// A rigid transform from a rotation (any representation Eigen accepts) and a
// translation, so call sites read like the math.
Eigen::Isometry3d MakeIsometry(const Eigen::Matrix3d& rotation,
                               const Eigen::Vector3d& translation);

// Rotation by `radians` about a (not necessarily unit) axis.
Eigen::Matrix3d AxisAngle(const Eigen::Vector3d& axis, double radians);

double DegreesToRadians(double degrees);
double RadiansToDegrees(double radians);

}  // namespace dolly::geometry

#endif  // DOLLY_LIBS_GEOMETRY_POSE_H_
