// Object and camera motion against their closed-form definitions.
#define BOOST_TEST_MODULE motion_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/synth/camera_path.h"
#include "libs/synth/object_motion.h"

namespace dolly::synth {
namespace {

// Everything here is double arithmetic on exact formulas: 1e-9 absolute
// unless stated.
constexpr double kTol = 1e-9;

double Yaw(const Eigen::Isometry3d& pose) {
  const Eigen::Vector3d forward = pose.linear().col(0);
  return std::atan2(forward.y(), forward.x());
}

double AngleDiff(double a, double b) { return std::remainder(a - b, 2.0 * M_PI); }

BOOST_AUTO_TEST_CASE(HalfCircleFollowsThePathTangent) {
  ObjectSpec o;
  o.position = {-1.0, 0.5, 0.2};
  o.motion.type = ObjectMotion::kHalfCircle;
  o.motion.radius = 1.0;
  o.motion.start_deg = 180.0;
  o.motion.sweep_deg = 180.0;
  const Eigen::Isometry3d start = SceneFromObject(o, 0.0);
  const Eigen::Isometry3d end = SceneFromObject(o, 1.0);
  BOOST_TEST((start.translation() - o.position).norm() < kTol);
  // Counter-clockwise from 180 to 360 degrees: through the -y side to +x.
  BOOST_TEST((end.translation() - Eigen::Vector3d(1.0, 0.5, 0.2)).norm() < kTol);
  BOOST_TEST((SceneFromObject(o, 0.5).translation() - Eigen::Vector3d(0.0, -0.5, 0.2)).norm() <
             kTol);
  for (double s = 0.05; s < 1.0; s += 0.1) {
    // The forward axis (+x) points along the finite-difference velocity
    // (central difference, h = 1e-6: error ~1e-12 rad, tolerance 1e-6).
    const Eigen::Vector3d v =
        SceneFromObject(o, s + 1e-6).translation() - SceneFromObject(o, s - 1e-6).translation();
    BOOST_TEST(std::abs(AngleDiff(Yaw(SceneFromObject(o, s)), std::atan2(v.y(), v.x()))) < 1e-6);
    BOOST_TEST(std::abs((SceneFromObject(o, s).translation() - Eigen::Vector3d(0, 0.5, 0.2)).norm() -
                        1.0) < kTol);
  }
}

BOOST_AUTO_TEST_CASE(SCurveFollowsThePathTangent) {
  ObjectSpec o;
  o.position = {0.0, 0.0, 0.1};
  o.yaw_deg = 0.0;
  o.motion.type = ObjectMotion::kSCurve;
  o.motion.length = 3.0;
  o.motion.amplitude = 0.5;
  o.motion.direction_deg = 30.0;
  const Eigen::Vector3d end = SceneFromObject(o, 1.0).translation();
  BOOST_TEST((end - Eigen::Vector3d(3.0 * std::cos(M_PI / 6), 3.0 * std::sin(M_PI / 6), 0.1)).norm() <
             kTol);
  for (double s = 0.05; s < 1.0; s += 0.1) {
    const Eigen::Vector3d v =
        SceneFromObject(o, s + 1e-6).translation() - SceneFromObject(o, s - 1e-6).translation();
    BOOST_TEST(std::abs(AngleDiff(Yaw(SceneFromObject(o, s)), std::atan2(v.y(), v.x()))) < 1e-6);
    // Upright: yaw only.
    BOOST_TEST(std::abs(SceneFromObject(o, s).linear()(2, 2) - 1.0) < kTol);
  }
}

BOOST_AUTO_TEST_CASE(TranslateAndRotate) {
  ObjectSpec o;
  o.position = {1, 2, 3};
  o.motion.type = ObjectMotion::kTranslate;
  o.motion.offset = {0.5, -1.0, 0.0};
  BOOST_TEST((SceneFromObject(o, 0.5).translation() - Eigen::Vector3d(1.25, 1.5, 3)).norm() < kTol);
  BOOST_TEST(IsDynamic(o));
  o.motion.type = ObjectMotion::kRotate;
  o.motion.degrees = 90.0;
  o.motion.axis = {0, 0, 1};
  BOOST_TEST(std::abs(AngleDiff(Yaw(SceneFromObject(o, 1.0)), M_PI / 2)) < kTol);
  BOOST_TEST((SceneFromObject(o, 1.0).translation() - o.position).norm() < kTol);
  o.motion.type = ObjectMotion::kStatic;
  BOOST_TEST(!IsDynamic(o));
}

// The bend keeps the axis length (arc length = height), turns the top section
// by the bend angle and is the identity at angle 0.
BOOST_AUTO_TEST_CASE(BendIsAnArcOfTheSameLength) {
  const double height = 1.2, angle = 1.0;
  double length = 0.0;
  Eigen::Vector3d previous = BendPoint({0, 0, 0}, angle, height);
  for (int i = 1; i <= 1000; ++i) {
    const Eigen::Vector3d p = BendPoint({0, 0, height * i / 1000}, angle, height);
    length += (p - previous).norm();
    previous = p;
  }
  // Chord sum of 1000 segments underestimates the arc by ~1e-7 relative.
  BOOST_TEST(std::abs(length - height) < 1e-6);
  // The top cross-section turned by `angle`: its +x radius direction is now
  // (cos angle, 0, -sin angle).
  const Eigen::Vector3d top = BendPoint({0, 0, height}, angle, height);
  const Eigen::Vector3d side = BendPoint({0.1, 0, height}, angle, height);
  BOOST_TEST(((side - top) / 0.1 - Eigen::Vector3d(std::cos(angle), 0, -std::sin(angle))).norm() <
             kTol);
  BOOST_TEST((BendPoint({0.3, 0.2, 0.7}, 0.0, height) - Eigen::Vector3d(0.3, 0.2, 0.7)).norm() == 0.0);
  // sin(2 pi) is -2.4e-16, not 0: the last frame of a whole bend cycle must
  // still be the straight cylinder (it once flew metres away by cancellation).
  for (const double tiny : {-2.4e-16, 1.2e-16, 1e-12}) {
    BOOST_TEST((BendPoint({0.3, 0.2, 0.7}, tiny, height) - Eigen::Vector3d(0.3, 0.2, 0.7)).norm() <
               1e-9);
  }
  BendSpec bend;
  bend.degrees = 60.0;
  bend.cycles = 1.0;
  BOOST_TEST(BendAngle(bend, 0.0) == 0.0);
  BOOST_TEST(std::abs(BendAngle(bend, 0.25) - M_PI / 3) < kTol);
}

Recipe CameraRecipe(CameraMotion motion) {
  Recipe r;
  r.frames = 11;
  r.camera.position = {0, -4, 1};
  r.camera.target = {0, 0, 0.5};
  r.camera.motion = motion;
  r.camera.degrees = 40.0;
  r.camera.distance = 2.0;
  return r;
}

BOOST_AUTO_TEST_CASE(OrbitKeepsTheTargetCentred) {
  const Recipe r = CameraRecipe(CameraMotion::kOrbit);
  const CameraPath path(r, 0, "test");
  const double radius = (r.camera.position - r.camera.target).norm();
  for (int f = 0; f < r.frames; ++f) {
    const Eigen::Isometry3d pose = path.SceneFromCamera(f);
    BOOST_TEST(std::abs((pose.translation() - r.camera.target).norm() - radius) < kTol);
    const Eigen::Vector3d target_in_camera = pose.inverse() * r.camera.target;
    BOOST_TEST(std::abs(target_in_camera.x()) < kTol);
    BOOST_TEST(std::abs(target_in_camera.y()) < kTol);
  }
  // 40 degrees counter-clockwise about the vertical through the target.
  const Eigen::Vector3d end = path.SceneFromCamera(r.frames - 1).translation() - r.camera.target;
  const Eigen::Vector3d start = r.camera.position - r.camera.target;
  BOOST_TEST(std::abs(AngleDiff(std::atan2(end.y(), end.x()) - std::atan2(start.y(), start.x()),
                                40.0 * M_PI / 180)) < kTol);
}

BOOST_AUTO_TEST_CASE(PanTiltDollyAndShake) {
  const CameraPath pan(CameraRecipe(CameraMotion::kPan), 0, "test");
  const Eigen::Isometry3d p0 = pan.SceneFromCamera(0), p1 = pan.SceneFromCamera(10);
  BOOST_TEST((p1.translation() - p0.translation()).norm() < kTol);
  const double heading0 = std::atan2(p0.linear()(1, 2), p0.linear()(0, 2));
  const double heading1 = std::atan2(p1.linear()(1, 2), p1.linear()(0, 2));
  BOOST_TEST(std::abs(AngleDiff(heading1 - heading0, 40.0 * M_PI / 180)) < kTol);

  const CameraPath tilt(CameraRecipe(CameraMotion::kTilt), 0, "test");
  const double pitch0 = std::asin(tilt.SceneFromCamera(0).linear()(2, 2));
  const double pitch1 = std::asin(tilt.SceneFromCamera(10).linear()(2, 2));
  BOOST_TEST(std::abs(pitch1 - pitch0 - 40.0 * M_PI / 180) < kTol);

  const Recipe dolly_recipe = CameraRecipe(CameraMotion::kDolly);
  const CameraPath dolly(dolly_recipe, 0, "test");
  const Eigen::Vector3d travel =
      dolly.SceneFromCamera(10).translation() - dolly.SceneFromCamera(0).translation();
  BOOST_TEST(std::abs(travel.norm() - 2.0) < kTol);
  BOOST_TEST(std::abs(travel.normalized().dot(
                 (dolly_recipe.camera.target - dolly_recipe.camera.position).normalized()) -
             1.0) < kTol);

  // Truck: 2 m along the camera's +x (right), the orientation unchanged.
  const CameraPath truck(CameraRecipe(CameraMotion::kTruck), 0, "test");
  const Eigen::Isometry3d t0 = truck.SceneFromCamera(0), t1 = truck.SceneFromCamera(10);
  BOOST_TEST((t1.linear() - t0.linear()).norm() < kTol);
  const Eigen::Vector3d in_camera = t0.linear().transpose() * (t1.translation() - t0.translation());
  BOOST_TEST((in_camera - Eigen::Vector3d(2.0, 0.0, 0.0)).norm() < kTol);

  // Shake is seeded and bounded: rotation within its amplitude per axis
  // (sqrt(3) x 0.8 degrees in total), translation within sqrt(3) x 0.02.
  Recipe handheld = CameraRecipe(CameraMotion::kHandheld);
  handheld.camera.shake.enabled = true;  // what parsing "handheld" sets
  Recipe still = CameraRecipe(CameraMotion::kStatic);
  const CameraPath a(handheld, 5, "test"), b(handheld, 5, "test"), c(handheld, 6, "test");
  const CameraPath base(still, 5, "test");
  bool differs = false;
  for (int f = 0; f < handheld.frames; ++f) {
    BOOST_TEST((a.SceneFromCamera(f).matrix() - b.SceneFromCamera(f).matrix()).norm() == 0.0);
    differs = differs || (a.SceneFromCamera(f).matrix() - c.SceneFromCamera(f).matrix()).norm() > 1e-6;
    const Eigen::Isometry3d delta = base.SceneFromCamera(f).inverse() * a.SceneFromCamera(f);
    BOOST_TEST(Eigen::AngleAxisd(delta.linear()).angle() <= std::sqrt(3.0) * 0.8 * M_PI / 180 + kTol);
    BOOST_TEST(delta.translation().norm() <= std::sqrt(3.0) * 0.02 + kTol);
  }
  BOOST_TEST(differs);
}

BOOST_AUTO_TEST_CASE(RigEyes) {
  RigSpec rig;
  rig.enabled = true;
  for (int k = 0; k < 4; ++k) {
    const Eigen::Vector3d eye = RigEye(rig, k);
    BOOST_TEST(std::abs(eye.norm() - 3.0) < kTol);
    BOOST_TEST(std::abs(std::asin(eye.z() / 3.0) - 15.0 * M_PI / 180) < kTol);
    BOOST_TEST(std::abs(AngleDiff(std::atan2(eye.y(), eye.x()), k * M_PI / 2)) < kTol);
    const Eigen::Vector3d origin_in_camera = RigSceneFromCamera(rig, k).inverse() * rig.target;
    BOOST_TEST(std::abs(origin_in_camera.x()) < kTol);
    BOOST_TEST(std::abs(origin_in_camera.y()) < kTol);
  }
}

}  // namespace
}  // namespace dolly::synth
