// Shared fixtures of the rasterizer tests: a small camera at the world origin
// and analytic ray casting to compare against.
#ifndef DOLLY_LIBS_RENDER_RENDER_TEST_UTIL_H_
#define DOLLY_LIBS_RENDER_RENDER_TEST_UTIL_H_

#include <optional>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "libs/geometry/pinhole_camera.h"
#include "libs/render/render_types.h"

namespace dolly::render::testing {

inline geometry::PinholeCamera SmallCamera() {
  geometry::PinholeCamera c;
  c.fx = 50.0;
  c.fy = 50.0;
  c.cx = 31.5;
  c.cy = 23.5;
  c.width = 64;
  c.height = 48;
  return c;
}

// The camera frame is the world frame in these tests.
inline Eigen::Vector3f PointAtPixel(const geometry::PinholeCamera& c, double u, double v,
                                    double depth) {
  return c.Unproject({u, v}, depth).cast<float>();
}

inline RenderMesh SingleTriangle(const Eigen::Vector3f& a, const Eigen::Vector3f& b,
                                 const Eigen::Vector3f& c, uint16_t object_id = 1) {
  RenderMesh mesh;
  mesh.vertices = {a, b, c};
  mesh.triangles = {{0, 1, 2}};
  mesh.object_id = object_id;
  return mesh;
}

struct RayHit {
  double z = 0.0;            // z-depth of the hit
  Eigen::Vector3d bary;      // barycentrics of the hit on the triangle
};

// Ray through pixel (u, v) from the origin against the plane of triangle
// (a, b, c), computed independently of the rasterizer (Cramer's rule on
// o + t d = a + s1 (b - a) + s2 (c - a)); nullopt when parallel.
inline std::optional<RayHit> CastRay(const geometry::PinholeCamera& cam, double u, double v,
                                     const Eigen::Vector3f& af, const Eigen::Vector3f& bf,
                                     const Eigen::Vector3f& cf) {
  const Eigen::Vector3d a = af.cast<double>(), b = bf.cast<double>(), c = cf.cast<double>();
  const Eigen::Vector3d d = cam.Ray({u, v});
  Eigen::Matrix3d m;
  m.col(0) = d;
  m.col(1) = a - b;
  m.col(2) = a - c;
  const double det = m.determinant();
  if (std::abs(det) < 1e-15) return std::nullopt;
  const Eigen::Vector3d x = m.fullPivLu().solve(a);
  RayHit hit;
  hit.z = x[0] * d.z();
  hit.bary = {1.0 - x[1] - x[2], x[1], x[2]};
  return hit;
}

}  // namespace dolly::render::testing

#endif  // DOLLY_LIBS_RENDER_RENDER_TEST_UTIL_H_
