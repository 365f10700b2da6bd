#include "libs/render/triangle_plane.h"

#include <cmath>

#include <Eigen/Geometry>

namespace dolly::render {

TrianglePlane::TrianglePlane(const Eigen::Vector3d& v0, const Eigen::Vector3d& v1,
                             const Eigen::Vector3d& v2,
                             const geometry::PinholeCamera& camera)
    : fx_(camera.fx), fy_(camera.fy), cx_(camera.cx), cy_(camera.cy), v0_(v0) {
  const Eigen::Vector3d e1 = v1 - v0;
  const Eigen::Vector3d e2 = v2 - v0;
  const Eigen::Vector3d n = e1.cross(e2);
  const double n2 = n.squaredNorm();
  const double scale = e1.squaredNorm() * e2.squaredNorm();
  // A sliver whose area vanishes relative to its edges has no stable plane.
  if (!(n2 > 1e-24 * scale) || !std::isfinite(n2)) return;
  const double d = n.dot(v0);
  // The plane through the camera centre projects to a line: nothing to fill.
  if (!(std::abs(d) > 1e-12 * std::sqrt(n2) * v0.norm())) return;
  normal_ = n / std::sqrt(n2);
  front_facing_ = d < 0.0;
  plane_normal_ = n / d;
  // Dual basis of (e1, e2) within the plane: e_i . dual_j = delta_ij.
  dual1_ = e2.cross(n) / n2;
  dual2_ = n.cross(e1) / n2;
  valid_ = true;
}

Eigen::Vector3d TrianglePlane::Ray(double u, double v) const {
  return {(u - cx_) / fx_, (v - cy_) / fy_, 1.0};
}

double TrianglePlane::InverseDepthAt(double u, double v) const {
  return plane_normal_.dot(Ray(u, v));
}

Eigen::Vector3d TrianglePlane::BarycentricAt(double u, double v) const {
  const Eigen::Vector3d offset = Ray(u, v) / InverseDepthAt(u, v) - v0_;
  const double b1 = offset.dot(dual1_);
  const double b2 = offset.dot(dual2_);
  return {1.0 - b1 - b2, b1, b2};
}

}  // namespace dolly::render
