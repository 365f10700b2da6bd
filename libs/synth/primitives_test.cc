#define BOOST_TEST_MODULE primitives_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include <Eigen/Geometry>

#include "libs/synth/primitives.h"

namespace dolly::synth {
namespace {

// Signed volume by the divergence theorem: positive iff the closed mesh winds
// counter-clockwise seen from outside.
double SignedVolume(const LocalMesh& m) {
  double v = 0.0;
  for (const Eigen::Vector3i& t : m.triangles) {
    v += m.vertices[t[0]].dot(m.vertices[t[1]].cross(m.vertices[t[2]])) / 6.0;
  }
  return v;
}

// Closed: every directed edge is matched by its reverse, counting positions
// (not indices, since seams and caps duplicate vertices).
bool IsClosed(const LocalMesh& m) {
  std::vector<std::pair<Eigen::Vector3d, Eigen::Vector3d>> edges;
  for (const Eigen::Vector3i& t : m.triangles) {
    for (int k = 0; k < 3; ++k) {
      const Eigen::Vector3d a = m.vertices[t[k]], b = m.vertices[t[(k + 1) % 3]];
      if ((a - b).norm() < 1e-12) continue;  // degenerate pole edges
      edges.push_back({a, b});
    }
  }
  for (const auto& [a, b] : edges) {
    bool found = false;
    for (const auto& [c, d] : edges) {
      if ((a - d).norm() < 1e-9 && (b - c).norm() < 1e-9) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

BOOST_AUTO_TEST_CASE(BoxIsClosedAndOutward) {
  const LocalMesh box = MakeBox({1.0, 2.0, 3.0});
  BOOST_TEST(box.triangles.size() == 12u);
  BOOST_TEST(box.uvs.size() == box.vertices.size());
  // Exact volume (1e-12).
  BOOST_TEST(std::abs(SignedVolume(box) - 6.0) < 1e-12);
  BOOST_TEST(IsClosed(box));
}

// A tessellated sphere is inscribed: its volume is a little below 4/3 pi r^3
// (within 3% at 16 x 32) and positive.
BOOST_AUTO_TEST_CASE(SphereIsClosedAndOutward) {
  const LocalMesh sphere = MakeSphere(0.5, 16, 32);
  const double exact = 4.0 / 3.0 * M_PI * 0.125;
  BOOST_TEST(SignedVolume(sphere) > 0.97 * exact);
  BOOST_TEST(SignedVolume(sphere) < exact);
  BOOST_TEST(IsClosed(sphere));
  for (const Eigen::Vector3d& p : sphere.vertices) BOOST_TEST(std::abs(p.norm() - 0.5) < 1e-12);
}

BOOST_AUTO_TEST_CASE(CylinderIsClosedAndOutward) {
  const LocalMesh cylinder = MakeCylinder(0.2, 1.5, 24, 8);
  const double exact = M_PI * 0.04 * 1.5;
  BOOST_TEST(SignedVolume(cylinder) > 0.98 * exact);
  BOOST_TEST(SignedVolume(cylinder) < exact);
  BOOST_TEST(IsClosed(cylinder));
}

BOOST_AUTO_TEST_CASE(PlanesFaceTheRightWay) {
  const LocalMesh ground = MakeGround(10.0, 2.0);
  for (const Eigen::Vector3i& t : ground.triangles) {
    const Eigen::Vector3d n = (ground.vertices[t[1]] - ground.vertices[t[0]])
                                  .cross(ground.vertices[t[2]] - ground.vertices[t[0]]);
    BOOST_TEST(n.normalized().z() > 0.999999);
  }
  // The texture repeats every tile: uv spans size / tile = 5 periods.
  BOOST_TEST(std::abs(ground.uvs[1].x() - ground.uvs[0].x() - 5.0f) < 1e-6);
  const LocalMesh backdrop = MakeBackdrop(8.0, 20.0, 6.0, 4.0);
  for (const Eigen::Vector3i& t : backdrop.triangles) {
    const Eigen::Vector3d n = (backdrop.vertices[t[1]] - backdrop.vertices[t[0]])
                                  .cross(backdrop.vertices[t[2]] - backdrop.vertices[t[0]]);
    BOOST_TEST(n.normalized().y() < -0.999999);
  }
}

}  // namespace
}  // namespace dolly::synth
