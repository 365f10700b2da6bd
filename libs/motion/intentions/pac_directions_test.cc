// PAC's 12-column camera text, imported through an intentions file
// ({"poses": ..., "format": "pac"}), moves the camera the way each of PAC's
// 17 patterns is named, in dolly's convention (OpenCV axes: x right, y down,
// z forward; reference_from_camera). The poses are PAC's own (the table of
// testdata/pac, computed independently of dolly), written in PAC's format.
#define BOOST_TEST_MODULE pac_directions
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "libs/motion/camera/pac_pose_table.h"
#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

struct Motion {
  Eigen::Vector3d centre;   // camera centre in the reference camera
  Eigen::Vector3d forward;  // optical axis in the reference camera
  Eigen::Vector3d right;    // image x axis in the reference camera
};

Motion LastFrame(const std::string& name, const std::vector<Eigen::Matrix<double, 3, 4>>& poses) {
  testing::WriteFile(name + ".txt", testing::PacPoseText(poses));
  const Intentions in = testing::Parse("{\"frames\": " + std::to_string(poses.size()) +
                                       ", \"camera\": {\"poses\": \"" + name +
                                       ".txt\", \"format\": \"pac\"}}");
  BOOST_REQUIRE(in.reference_from_camera.has_value());
  const Eigen::Isometry3d& last = in.reference_from_camera->back();
  return {last.translation(), last.linear().col(2), last.linear().col(0)};
}

BOOST_AUTO_TEST_CASE(each_pac_pattern_imports_moving_the_way_it_is_named) {
  int checked = 0;
  for (const testing::PacPoseCase& c : testing::ReadPacPoseTable()) {
    if (c.frames != 16) continue;
    BOOST_TEST_INFO(c.name);
    const Motion m = LastFrame(c.name, c.poses);
    const double moved = m.centre.norm();
    const double turned = std::acos(std::clamp(m.forward.z(), -1.0, 1.0)) * 180.0 / M_PI;
    const double rolled = std::atan2(m.right.y(), m.right.x()) * 180.0 / M_PI;
    ++checked;
    if (c.name == "Still") {
      BOOST_TEST(moved < 1e-9);
      BOOST_TEST(turned < 1e-6);
    } else if (c.name == "DollyIn" || c.name == "DollyOut") {
      // In: 2 units forward; out: 3 units back.
      BOOST_TEST(m.centre.z() == (c.name == "DollyIn" ? 2.0 : -3.0), boost::test_tools::tolerance(1e-6));
      BOOST_TEST(turned < 1e-6);
    } else if (c.name == "TruckLeft" || c.name == "TruckRight") {
      BOOST_TEST(m.centre.x() == (c.name == "TruckLeft" ? -0.5 : 0.5), boost::test_tools::tolerance(1e-6));
      BOOST_TEST(std::abs(m.centre.y()) + std::abs(m.centre.z()) < 1e-6);
    } else if (c.name == "PedestalUp" || c.name == "PedestalDown") {
      // Image up is -y.
      BOOST_TEST(m.centre.y() == (c.name == "PedestalUp" ? -0.5 : 0.5), boost::test_tools::tolerance(1e-6));
      BOOST_TEST(std::abs(m.centre.x()) + std::abs(m.centre.z()) < 1e-6);
    } else if (c.name == "PanLeft" || c.name == "PanRight") {
      // The view turns 10 degrees left / right about the (nearly still) centre.
      BOOST_TEST(turned == 10.0, boost::test_tools::tolerance(1e-4));
      BOOST_TEST((c.name == "PanLeft" ? m.forward.x() < 0 : m.forward.x() > 0));
      BOOST_TEST(std::abs(m.forward.y()) < 1e-6);
      BOOST_TEST(moved < 0.01);
    } else if (c.name == "TiltUp" || c.name == "TiltDown") {
      BOOST_TEST(turned == 10.0, boost::test_tools::tolerance(1e-4));
      BOOST_TEST((c.name == "TiltUp" ? m.forward.y() < 0 : m.forward.y() > 0));
      BOOST_TEST(std::abs(m.forward.x()) < 1e-6);
      BOOST_TEST(moved < 0.01);
    } else if (c.name.rfind("Orbit", 0) == 0) {
      // The centre moves the named way on a circle about the target 3 units
      // ahead and the camera keeps looking at it.
      const Eigen::Vector3d pivot(0, 0, 3);
      BOOST_TEST((m.centre - pivot).norm() == 3.0, boost::test_tools::tolerance(1e-6));
      BOOST_TEST(((pivot - m.centre).normalized() - m.forward).norm() < 1e-6);
      BOOST_TEST(turned == 15.0, boost::test_tools::tolerance(1e-4));
      if (c.name == "OrbitLeft") BOOST_TEST(m.centre.x() < -0.7);
      if (c.name == "OrbitRight") BOOST_TEST(m.centre.x() > 0.7);
      if (c.name == "OrbitUp") BOOST_TEST(m.centre.y() < -0.7);
      if (c.name == "OrbitDown") BOOST_TEST(m.centre.y() > 0.7);
    } else if (c.name == "ClockwiseRoll" || c.name == "AnticlockwiseRoll") {
      // Clockwise: the camera's x axis turns towards its y (down) axis, so the
      // scene turns counter-clockwise in the image (dolly's roll > 0).
      BOOST_TEST(rolled == (c.name == "ClockwiseRoll" ? 20.0 : -20.0), boost::test_tools::tolerance(1e-4));
      BOOST_TEST(moved < 1e-9);
    } else {
      --checked;
    }
  }
  BOOST_TEST(checked == 17);
}

}  // namespace
}  // namespace dolly::motion
