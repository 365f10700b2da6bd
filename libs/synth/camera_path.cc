#include "libs/synth/camera_path.h"

#include <cmath>
#include <stdexcept>

#include "libs/core/error.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/geometry/pose.h"

namespace dolly::synth {

namespace {

const Eigen::Vector3d kUp(0.0, 0.0, 1.0);

}  // namespace

double ClipProgress(double frame, int frames) {
  return frames > 1 ? frame / (frames - 1) : 0.0;
}

CameraPath::CameraPath(const Recipe& recipe, uint64_t seed, const std::string& source)
    : spec_(recipe.camera), frames_(recipe.frames), fps_(recipe.fps) {
  if (spec_.shake.enabled) {
    Rng rng(seed, "camera-shake");
    const double duration = (frames_ - 1) / fps_;
    const int knots = static_cast<int>(std::ceil(duration * spec_.shake.frequency_hz)) + 2;
    for (int channel = 0; channel < 6; ++channel) shake_.emplace_back(&rng, knots);
  }
  if (spec_.jump.enabled) {
    const double fx =
        geometry::CameraFromVerticalFov(spec_.fov_y_deg, recipe.width, recipe.height).fx;
    // A point at angle a from the axis moves fx (tan(a + t) - tan a) >= 2 fx tan(t / 2).
    jump_radians_ = 2.0 * std::atan(spec_.jump.pixels / (2.0 * fx));
  }
  // Fail on the recipe, not halfway through rendering.
  for (int frame = 0; frame < frames_; ++frame) {
    try {
      SceneFromCamera(frame);
    } catch (const std::invalid_argument&) {
      throw InvalidInputError(source + ": key 'camera.target': the camera looks straight up or " +
                              "down at frame " + std::to_string(frame) + " (image up undefined)");
    }
  }
}

Eigen::Isometry3d CameraPath::SceneFromCamera(double frame) const {
  const double s = ClipProgress(frame, frames_);
  Eigen::Vector3d eye = spec_.position;
  Eigen::Vector3d target = spec_.target;
  const double angle = geometry::DegreesToRadians(spec_.degrees * s);
  switch (spec_.motion) {
    case CameraMotion::kStatic:
    case CameraMotion::kHandheld:
      break;
    case CameraMotion::kPan:
      target = eye + geometry::AxisAngle(kUp, angle) * (target - eye);
      break;
    case CameraMotion::kTilt: {
      const Eigen::Vector3d forward = target - eye;
      const Eigen::Vector3d right = forward.cross(kUp);
      if (right.norm() < 1e-12) throw std::invalid_argument("tilt about an undefined axis");
      target = eye + geometry::AxisAngle(right, angle) * forward;
      break;
    }
    case CameraMotion::kOrbit:
      eye = target + geometry::AxisAngle(kUp, angle) * (eye - target);
      break;
    case CameraMotion::kDolly:
      eye += s * spec_.distance * (target - eye).normalized();
      break;
    case CameraMotion::kTruck: {
      // Sideways, eye and target together: the view direction never turns.
      const Eigen::Vector3d right = (target - eye).cross(kUp);
      if (right.norm() < 1e-12) throw std::invalid_argument("truck along an undefined axis");
      eye += s * spec_.distance * right.normalized();
      target += s * spec_.distance * right.normalized();
      break;
    }
  }
  Eigen::Isometry3d pose = geometry::LookAt(eye, target, kUp);
  if (!shake_.empty()) {
    const double t = frame / fps_ * spec_.shake.frequency_hz;
    const Eigen::Vector3d rotation =
        geometry::DegreesToRadians(spec_.shake.rotation_deg) *
        Eigen::Vector3d(shake_[0].At(t), shake_[1].At(t), shake_[2].At(t));
    const Eigen::Vector3d translation =
        spec_.shake.translation * Eigen::Vector3d(shake_[3].At(t), shake_[4].At(t), shake_[5].At(t));
    Eigen::Isometry3d delta = Eigen::Isometry3d::Identity();
    if (rotation.norm() > 0.0) {
      delta.linear() = Eigen::AngleAxisd(rotation.norm(), rotation.normalized()).toRotationMatrix();
    }
    delta.translation() = translation;
    pose = pose * delta;
  }
  // Shot cuts: the same set seen from elsewhere (orbit about the target).
  for (const CutSpec& cut : spec_.cuts) {
    if (frame <= cut.frame - 0.5) break;
    Eigen::Isometry3d orbit = Eigen::Isometry3d::Identity();
    orbit.linear() = geometry::AxisAngle(kUp, geometry::DegreesToRadians(cut.orbit_deg));
    orbit.translation() = spec_.target - orbit.linear() * spec_.target;
    pose = orbit * pose;
  }
  // The step sits half-way between frames jump.frame - 1 and jump.frame.
  if (jump_radians_ != 0.0 && frame > spec_.jump.frame - 0.5) {
    Eigen::Isometry3d turn = Eigen::Isometry3d::Identity();
    turn.linear() = Eigen::AngleAxisd(jump_radians_, Eigen::Vector3d::UnitY()).toRotationMatrix();
    pose = pose * turn;
  }
  return pose;
}

Eigen::Vector3d RigEye(const RigSpec& rig, int view) {
  const double azimuth =
      geometry::DegreesToRadians(rig.azimuth_start_deg + 360.0 * view / rig.views);
  const double elevation = geometry::DegreesToRadians(rig.elevation_deg);
  return rig.target + rig.distance * Eigen::Vector3d(std::cos(elevation) * std::cos(azimuth),
                                                     std::cos(elevation) * std::sin(azimuth),
                                                     std::sin(elevation));
}

Eigen::Isometry3d RigSceneFromCamera(const RigSpec& rig, int view) {
  return geometry::LookAt(RigEye(rig, view), rig.target, kUp);
}

}  // namespace dolly::synth
