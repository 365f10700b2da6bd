#define BOOST_TEST_MODULE pinhole_camera_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::geometry {
namespace {

PinholeCamera TestCamera() {
  PinholeCamera c;
  c.fx = 300.0;
  c.fy = 310.0;
  c.cx = 159.5;
  c.cy = 119.5;
  c.width = 320;
  c.height = 240;
  return c;
}

// Projection is plain arithmetic: expect agreement to rounding (1e-12 px).
BOOST_AUTO_TEST_CASE(ProjectFollowsOpenCvConvention) {
  const PinholeCamera c = TestCamera();
  const Eigen::Vector2d centre = c.Project({0.0, 0.0, 2.0});
  BOOST_TEST(centre.x() == 159.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(centre.y() == 119.5, boost::test_tools::tolerance(1e-12));
  // +x right, +y down.
  const Eigen::Vector2d p = c.Project({1.0, 0.5, 2.0});
  BOOST_TEST(std::abs(p.x() - (159.5 + 150.0)) < 1e-12);
  BOOST_TEST(std::abs(p.y() - (119.5 + 77.5)) < 1e-12);
}

// Unproject inverts Project exactly up to rounding (1e-12 relative).
BOOST_AUTO_TEST_CASE(UnprojectInvertsProject) {
  const PinholeCamera c = TestCamera();
  const Eigen::Vector3d point(-0.7, 0.3, 4.5);
  const Eigen::Vector3d back = c.Unproject(c.Project(point), point.z());
  BOOST_TEST((back - point).norm() < 1e-12);
  BOOST_TEST(c.K()(0, 2) == c.cx);
  BOOST_TEST((c.K() * c.Ray({10.0, 20.0}) - Eigen::Vector3d(10.0, 20.0, 1.0)).norm() < 1e-12);
}

BOOST_AUTO_TEST_CASE(InImageUsesPixelFootprints) {
  const PinholeCamera c = TestCamera();
  BOOST_TEST(c.InImage({-0.5, -0.5}));
  BOOST_TEST(c.InImage({319.49, 239.49}));
  BOOST_TEST(!c.InImage({319.5, 0.0}));
  BOOST_TEST(!c.InImage({0.0, -0.51}));
}

// The top and bottom image edges (rows -0.5 and H-0.5) subtend exactly the
// requested field of view (1e-12 rad).
BOOST_AUTO_TEST_CASE(VerticalFovCamera) {
  const PinholeCamera c = CameraFromVerticalFov(40.0, 256, 192);
  BOOST_TEST(c.cx == 127.5);
  BOOST_TEST(c.cy == 95.5);
  BOOST_TEST(c.fx == c.fy);
  const Eigen::Vector3d top = c.Ray({c.cx, -0.5});
  const Eigen::Vector3d bottom = c.Ray({c.cx, 191.5});
  const double angle = std::acos(top.normalized().dot(bottom.normalized()));
  BOOST_TEST(std::abs(angle - 40.0 * M_PI / 180.0) < 1e-12);
  BOOST_TEST(std::abs(VerticalFovDegrees(c) - 40.0) < 1e-12);
}

}  // namespace
}  // namespace dolly::geometry
