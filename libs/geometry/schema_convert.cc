#include "libs/geometry/schema_convert.h"

#include <cmath>

#include "libs/core/error.h"
#include "schemas/common_constants.h"

namespace dolly::geometry {

namespace {

void Require(bool ok, const std::string& where, const std::string& what) {
  if (!ok) throw InvalidInputError(where + ": " + what);
}

}  // namespace

schema::Intrinsics ToIntrinsics(const PinholeCamera& camera) {
  schema::Intrinsics k;
  k.__set_fx(camera.fx);
  k.__set_fy(camera.fy);
  k.__set_cx(camera.cx);
  k.__set_cy(camera.cy);
  k.__set_width(camera.width);
  k.__set_height(camera.height);
  return k;
}

PinholeCamera FromIntrinsics(const schema::Intrinsics& k, const std::string& where) {
  Require(k.__isset.fx && k.__isset.fy && k.__isset.cx && k.__isset.cy && k.__isset.width &&
              k.__isset.height,
          where, "missing field (fx, fy, cx, cy, width and height are required)");
  Require(std::isfinite(k.fx) && std::isfinite(k.fy) && k.fx > 0.0 && k.fy > 0.0, where,
          "focal length must be positive and finite");
  Require(std::isfinite(k.cx) && std::isfinite(k.cy), where,
          "principal point must be finite");
  Require(k.width > 0 && k.height > 0, where, "width and height must be positive");
  PinholeCamera camera;
  camera.fx = k.fx;
  camera.fy = k.fy;
  camera.cx = k.cx;
  camera.cy = k.cy;
  camera.width = k.width;
  camera.height = k.height;
  return camera;
}

schema::Vec3 ToVec3(const Eigen::Vector3d& v) {
  schema::Vec3 out;
  out.__set_x(v.x());
  out.__set_y(v.y());
  out.__set_z(v.z());
  return out;
}

Eigen::Vector3d FromVec3(const schema::Vec3& v, const std::string& where) {
  Require(v.__isset.x && v.__isset.y && v.__isset.z, where, "missing x, y or z");
  Require(std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z), where,
          "value is not finite");
  return {v.x, v.y, v.z};
}

schema::Pose ToPose(const Eigen::Isometry3d& target_from_source) {
  Eigen::Quaterniond q(target_from_source.linear());
  q.normalize();
  // q and -q are the same rotation; fix the sign so the bytes are canonical.
  if (q.w() < 0.0) q.coeffs() *= -1.0;
  schema::Quaternion rotation;
  rotation.__set_w(q.w());
  rotation.__set_x(q.x());
  rotation.__set_y(q.y());
  rotation.__set_z(q.z());
  schema::Pose pose;
  pose.__set_rotation(rotation);
  pose.__set_translation(ToVec3(target_from_source.translation()));
  return pose;
}

Eigen::Isometry3d FromPose(const schema::Pose& pose, const std::string& where) {
  Require(pose.__isset.rotation && pose.__isset.translation, where,
          "missing rotation or translation");
  const schema::Quaternion& r = pose.rotation;
  Require(r.__isset.w && r.__isset.x && r.__isset.y && r.__isset.z, where,
          "rotation is missing w, x, y or z");
  Eigen::Quaterniond q(r.w, r.x, r.y, r.z);
  const double norm = q.norm();
  Require(std::isfinite(norm), where, "rotation is not finite");
  Require(std::abs(norm - 1.0) <= schema::g_common_constants.UNIT_QUATERNION_TOLERANCE, where,
          "rotation is not a unit quaternion (|q| = " + std::to_string(norm) + ")");
  q.normalize();
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.linear() = q.toRotationMatrix();
  out.translation() = FromVec3(pose.translation, where + ".translation");
  return out;
}

}  // namespace dolly::geometry
