#define BOOST_TEST_MODULE multiview_rig_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"
#include "libs/rig/multiview_rig.h"
#include "libs/synth/camera_path.h"
#include "libs/synth/recipe.h"

namespace dolly::rig {
namespace {

constexpr double kPi = 3.14159265358979323846;

Eigen::Vector2d ProjectWorld(const RigCamera& camera, const Eigen::Vector3d& world) {
  return camera.intrinsics.Project(camera.world_from_camera.inverse() * world);
}

BOOST_AUTO_TEST_CASE(DefaultRigGeometry) {
  const RigSpec spec;
  const std::vector<RigCamera> rig = MakeRig(spec);
  BOOST_TEST(rig.size() == 4u);
  for (int k = 0; k < 4; ++k) {
    const RigCamera& camera = rig[k];
    const Eigen::Vector3d eye = camera.world_from_camera.translation();
    BOOST_TEST(std::abs(eye.norm() - 3.0) < 1e-12);
    // Elevation 15 degrees.
    BOOST_TEST(std::abs(std::asin(eye.z() / eye.norm()) - 15.0 * kPi / 180.0) < 1e-12);
    // Azimuth k * 90 degrees.
    const double azimuth = std::atan2(eye.y(), eye.x());
    const double expected = k * kPi / 2.0;
    BOOST_TEST(std::abs(std::remainder(azimuth - expected, 2.0 * kPi)) < 1e-12);
    // The optical axis passes through the target: it projects to the
    // principal point.
    const Eigen::Vector2d c = ProjectWorld(camera, spec.target);
    BOOST_TEST(std::abs(c.x() - camera.intrinsics.cx) < 1e-9);
    BOOST_TEST(std::abs(c.y() - camera.intrinsics.cy) < 1e-9);
    BOOST_TEST(std::abs(camera.intrinsics.cx - 127.5) < 1e-12);
    BOOST_TEST(std::abs(camera.intrinsics.cy - 127.5) < 1e-12);
    // World +z projects upwards (smaller y), with no roll (same column).
    const Eigen::Vector2d up = ProjectWorld(camera, spec.target + Eigen::Vector3d(0, 0, 0.3));
    BOOST_TEST(up.y() < c.y() - 10.0);
    BOOST_TEST(std::abs(up.x() - c.x()) < 1e-9);
    // Rotation is proper.
    BOOST_TEST(std::abs(camera.world_from_camera.linear().determinant() - 1.0) < 1e-12);
    // Intrinsics: edge-to-edge fov 40 degrees over 256 px.
    const double f = 128.0 / std::tan(20.0 * kPi / 180.0);
    BOOST_TEST(std::abs(camera.intrinsics.fy - f) < 1e-9);
    BOOST_TEST(std::abs(camera.intrinsics.fx - f) < 1e-9);
    BOOST_TEST(camera.intrinsics.width == 256);
    BOOST_TEST(camera.intrinsics.height == 256);
  }
}

BOOST_AUTO_TEST_CASE(Azimuth90SeesPlusYSide) {
  const std::vector<RigCamera> rig = MakeRig(RigSpec());
  const Eigen::Isometry3d camera_from_world = rig[1].world_from_camera.inverse();
  // A point on the +y side is nearer than the one on the -y side.
  const double near = (camera_from_world * Eigen::Vector3d(0, 0.5, 0)).z();
  const double far = (camera_from_world * Eigen::Vector3d(0, -0.5, 0)).z();
  BOOST_TEST(near < far);
  // The camera looks along -y (horizontally).
  const Eigen::Vector3d forward = rig[1].world_from_camera.linear().col(2);
  BOOST_TEST(forward.y() < -0.9);
  // View 0 (azimuth 0) looks along -x with z up, so +y is on the image's
  // right (larger x).
  const Eigen::Vector2d right = ProjectWorld(rig[0], Eigen::Vector3d(0, 0.3, 0));
  BOOST_TEST(right.x() > rig[0].intrinsics.cx + 10.0);
}

BOOST_AUTO_TEST_CASE(AgreesWithSynthRig) {
  synth::RigSpec synth_spec;  // dolly-synth's defaults
  synth_spec.enabled = true;
  RigSpec spec;
  spec.views = synth_spec.views;
  spec.elevation_deg = synth_spec.elevation_deg;
  spec.distance = synth_spec.distance;
  spec.fov_y_deg = synth_spec.fov_y_deg;
  spec.first_azimuth_deg = synth_spec.azimuth_start_deg;
  spec.target = synth_spec.target;
  BOOST_TEST(spec.views == RigSpec().views);
  BOOST_TEST(spec.elevation_deg == RigSpec().elevation_deg);
  BOOST_TEST(spec.distance == RigSpec().distance);
  BOOST_TEST(spec.fov_y_deg == RigSpec().fov_y_deg);
  BOOST_TEST(spec.first_azimuth_deg == RigSpec().first_azimuth_deg);
  BOOST_TEST(spec.target.isApprox(RigSpec().target));

  // Also an off-centre, odd rig.
  synth::RigSpec odd = synth_spec;
  odd.views = 5;
  odd.elevation_deg = -20.0;
  odd.distance = 2.5;
  odd.azimuth_start_deg = 33.0;
  odd.target = Eigen::Vector3d(0.1, -0.2, 0.3);
  RigSpec odd_spec;
  odd_spec.views = 5;
  odd_spec.elevation_deg = -20.0;
  odd_spec.distance = 2.5;
  odd_spec.first_azimuth_deg = 33.0;
  odd_spec.target = odd.target;

  for (const auto& [s, r] : {std::make_pair(synth_spec, spec), std::make_pair(odd, odd_spec)}) {
    const std::vector<RigCamera> rig = MakeRig(r);
    BOOST_TEST(static_cast<int>(rig.size()) == s.views);
    for (int k = 0; k < s.views; ++k) {
      const Eigen::Isometry3d expected = synth::RigSceneFromCamera(s, k);
      BOOST_TEST((rig[k].world_from_camera.matrix() - expected.matrix()).cwiseAbs().maxCoeff() <
                 1e-12);
      BOOST_TEST((RigEye(r, k) - synth::RigEye(s, k)).norm() < 1e-12);
    }
  }
}

BOOST_AUTO_TEST_CASE(RejectsBadSpecs) {
  auto bad = [](auto mutate) {
    RigSpec spec;
    mutate(spec);
    BOOST_CHECK_THROW(MakeRig(spec), UsageError);
  };
  bad([](RigSpec& s) { s.views = 0; });
  bad([](RigSpec& s) { s.distance = 0.0; });
  bad([](RigSpec& s) { s.distance = -1.0; });
  bad([](RigSpec& s) { s.fov_y_deg = 0.0; });
  bad([](RigSpec& s) { s.fov_y_deg = 180.0; });
  bad([](RigSpec& s) { s.width = 0; });
  bad([](RigSpec& s) { s.height = -3; });
  bad([](RigSpec& s) { s.elevation_deg = 90.0; });
  bad([](RigSpec& s) { s.distance = std::nan(""); });
  RigSpec one;
  one.views = 1;
  BOOST_TEST(MakeRig(one).size() == 1u);
}

}  // namespace
}  // namespace dolly::rig
