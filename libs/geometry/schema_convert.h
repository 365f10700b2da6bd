// Conversions between the artifact records of schemas/common.thrift and the
// Eigen types the algorithms use.
#ifndef DOLLY_LIBS_GEOMETRY_SCHEMA_CONVERT_H_
#define DOLLY_LIBS_GEOMETRY_SCHEMA_CONVERT_H_

#include <string>

#include <Eigen/Geometry>

#include "libs/geometry/pinhole_camera.h"
#include "schemas/common_types.h"

namespace dolly::geometry {

schema::Intrinsics ToIntrinsics(const PinholeCamera& camera);
// Throws InvalidInputError("<where>: ...") when a field is missing or the
// values cannot describe a camera (non-positive or non-finite focal length or
// size).
PinholeCamera FromIntrinsics(const schema::Intrinsics& intrinsics,
                             const std::string& where = "intrinsics");

// The rotation is stored as a unit quaternion (w, x, y, z) with w >= 0 so
// that equal poses serialise to equal bytes.
schema::Pose ToPose(const Eigen::Isometry3d& target_from_source);
// Throws InvalidInputError("<where>: ...") when a field is missing, a value is
// not finite, or the quaternion is far from unit length (|q| off by > 1e-6);
// a nearly unit quaternion is normalised.
Eigen::Isometry3d FromPose(const schema::Pose& pose, const std::string& where = "pose");

schema::Vec3 ToVec3(const Eigen::Vector3d& v);
Eigen::Vector3d FromVec3(const schema::Vec3& v, const std::string& where = "vec3");

}  // namespace dolly::geometry

#endif  // DOLLY_LIBS_GEOMETRY_SCHEMA_CONVERT_H_
