#include "libs/synth/object_motion.h"

#include <cmath>

#include "libs/geometry/pose.h"

namespace dolly::synth {

namespace {

constexpr double kPi = 3.14159265358979323846;

Eigen::Matrix3d Yaw(double radians) { return geometry::AxisAngle({0, 0, 1}, radians); }

}  // namespace

Eigen::Isometry3d SceneFromObject(const ObjectSpec& o, double s) {
  const ObjectMotionSpec& m = o.motion;
  const double yaw = geometry::DegreesToRadians(o.yaw_deg);
  switch (m.type) {
    case ObjectMotion::kStatic:
      break;
    case ObjectMotion::kTranslate:
      return geometry::MakeIsometry(Yaw(yaw), o.position + s * m.offset);
    case ObjectMotion::kRotate:
      return geometry::MakeIsometry(
          Yaw(yaw) * geometry::AxisAngle(m.axis, geometry::DegreesToRadians(s * m.degrees)),
          o.position);
    case ObjectMotion::kHalfCircle: {
      const double a0 = geometry::DegreesToRadians(m.start_deg);
      const double a = a0 + geometry::DegreesToRadians(s * m.sweep_deg);
      const Eigen::Vector3d centre =
          o.position - m.radius * Eigen::Vector3d(std::cos(a0), std::sin(a0), 0.0);
      const Eigen::Vector3d p = centre + m.radius * Eigen::Vector3d(std::cos(a), std::sin(a), 0.0);
      // Moving counter-clockwise the heading is a + 90 degrees, clockwise a - 90.
      const double heading = a + (m.sweep_deg >= 0.0 ? 0.5 * kPi : -0.5 * kPi);
      return geometry::MakeIsometry(Yaw(heading + yaw), p);
    }
    case ObjectMotion::kSCurve: {
      const double direction = geometry::DegreesToRadians(m.direction_deg);
      const Eigen::Vector3d local(m.length * s, m.amplitude * std::sin(2.0 * kPi * s), 0.0);
      const double heading =
          std::atan2(2.0 * kPi * m.amplitude * std::cos(2.0 * kPi * s), m.length);
      return geometry::MakeIsometry(Yaw(direction + heading + yaw),
                                    o.position + Yaw(direction) * local);
    }
  }
  return geometry::MakeIsometry(Yaw(yaw), o.position);
}

bool IsDynamic(const ObjectSpec& o) {
  const bool bends =
      o.shape == Shape::kBendingCylinder && o.bend.degrees != 0.0 && o.bend.cycles != 0.0;
  return bends || o.motion.type != ObjectMotion::kStatic;
}

double BendAngle(const BendSpec& bend, double s) {
  return geometry::DegreesToRadians(bend.degrees) * std::sin(2.0 * kPi * bend.cycles * s);
}

Eigen::Vector3d BendPoint(const Eigen::Vector3d& p, double angle, double height) {
  if (angle == 0.0) return p;
  // The axis bends around a centre at x = R; the arc length of the axis up to
  // height z is z, so the section at z turns by phi = angle z / height.
  // Written without radius - (radius - x) cos(phi): for the tiny angles of
  // sin(pi k) at the clip's ends that difference of two numbers near
  // radius = height / angle cancels catastrophically (the cylinder flew off).
  const double radius = height / angle;
  const double phi = angle * p.z() / height;
  const double half = std::sin(0.5 * phi);
  return {2.0 * radius * half * half + p.x() * std::cos(phi), p.y(),
          radius * std::sin(phi) - p.x() * std::sin(phi)};
}

}  // namespace dolly::synth
