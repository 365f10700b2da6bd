// Per-pixel quantities of one triangle, evaluated exactly from the plane of
// the (unclipped) triangle rather than interpolated from clipped or snapped
// vertices: inverse depth is affine in screen space for a plane, so
// 1/z(u, v) = n . K^-1 [u v 1]^T / (n . v0) is the perspective-correct
// interpolation of 1/z, and barycentrics follow from the 3D point on the ray.
#ifndef DOLLY_LIBS_RENDER_TRIANGLE_PLANE_H_
#define DOLLY_LIBS_RENDER_TRIANGLE_PLANE_H_

#include <Eigen/Core>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::render {

class TrianglePlane {
 public:
  TrianglePlane() = default;
  // v0..v2 in the camera frame. valid() is false when the triangle is
  // degenerate or its plane passes through the camera centre (seen edge-on).
  TrianglePlane(const Eigen::Vector3d& v0, const Eigen::Vector3d& v1,
                const Eigen::Vector3d& v2, const geometry::PinholeCamera& camera);

  bool valid() const { return valid_; }
  // 1/z of the plane along the ray through pixel (u, v); <= 0 when the ray
  // meets the plane behind the camera or not at all.
  double InverseDepthAt(double u, double v) const;
  // z-depth of the plane at pixel (u, v) (infinite or negative as above).
  double DepthAt(double u, double v) const { return 1.0 / InverseDepthAt(u, v); }
  // Barycentric coordinates (of v0, v1, v2) of the plane point seen through
  // pixel (u, v); they sum to 1 and are all >= 0 inside the triangle.
  Eigen::Vector3d BarycentricAt(double u, double v) const;
  // Unit normal (v1 - v0) x (v2 - v0) in the camera frame: the outside of a
  // counter-clockwise triangle.
  const Eigen::Vector3d& normal() const { return normal_; }
  // True when the camera sees the outside (counter-clockwise) face.
  bool front_facing() const { return front_facing_; }

 private:
  Eigen::Vector3d Ray(double u, double v) const;

  bool valid_ = false;
  bool front_facing_ = false;
  double fx_ = 1.0, fy_ = 1.0, cx_ = 0.0, cy_ = 0.0;
  Eigen::Vector3d v0_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d normal_ = Eigen::Vector3d::Zero();
  Eigen::Vector3d plane_normal_ = Eigen::Vector3d::Zero();  // n / (n . v0)
  Eigen::Vector3d dual1_ = Eigen::Vector3d::Zero();  // (X - v0) . dual1 = b1
  Eigen::Vector3d dual2_ = Eigen::Vector3d::Zero();  // (X - v0) . dual2 = b2
};

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_TRIANGLE_PLANE_H_
