#include "libs/motion/camera/camera_presets.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::motion {
namespace {

using geometry::AxisAngle;
using geometry::DegreesToRadians;

constexpr CameraPreset kAllPresets[] = {
    CameraPreset::kStill,        CameraPreset::kDollyIn,    CameraPreset::kDollyOut,
    CameraPreset::kTruckLeft,    CameraPreset::kTruckRight, CameraPreset::kPedestalUp,
    CameraPreset::kPedestalDown, CameraPreset::kPanLeft,    CameraPreset::kPanRight,
    CameraPreset::kTiltUp,       CameraPreset::kTiltDown,   CameraPreset::kOrbitLeft,
    CameraPreset::kOrbitRight,   CameraPreset::kOrbitUp,    CameraPreset::kOrbitDown,
    CameraPreset::kRoll,         CameraPreset::kShake,      CameraPreset::kZoom,
};

const Eigen::Vector3d kRight(1, 0, 0), kDown(0, 1, 0), kForward(0, 0, 1);

// splitmix64: a fixed, platform-independent stream, so a seed gives the same
// shake everywhere.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double Unit(std::uint64_t x) { return static_cast<double>(Mix(x) >> 11) * 0x1.0p-53; }

// A sum of three sines with seeded frequencies (1.5 to 4.5 cycles per span)
// and phases, normalised to [-1, 1], under a sin(pi p) envelope so the shake
// starts and ends at rest and chains cleanly with what follows.
double Jitter(std::uint64_t seed, int axis, double p) {
  constexpr double kTwoPi = 2.0 * M_PI;
  double sum = 0.0, weight = 0.0;
  for (int k = 0; k < 3; ++k) {
    const std::uint64_t key = Mix(seed) + static_cast<std::uint64_t>(axis * 3 + k) * 2654435761ULL;
    const double frequency = 1.5 + 3.0 * Unit(key);
    const double phase = kTwoPi * Unit(key ^ 0x5bd1e995ULL);
    const double w = 1.0 / (k + 1);
    sum += w * std::sin(kTwoPi * frequency * p + phase);
    weight += w;
  }
  return std::sin(M_PI * p) * sum / weight;
}

Eigen::Isometry3d Translation(const Eigen::Vector3d& t) {
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.translation() = t;
  return out;
}

Eigen::Isometry3d Rotation(const Eigen::Vector3d& axis, double radians) {
  return geometry::MakeIsometry(AxisAngle(axis, radians), Eigen::Vector3d::Zero());
}

// Rotating about an axis through the pivot moves the centre on a circle and
// turns the view by the same angle, so the pivot stays on the optical axis.
Eigen::Isometry3d Orbit(const Eigen::Vector3d& axis, double radians, double pivot_distance) {
  const Eigen::Vector3d pivot = pivot_distance * kForward;
  return Translation(pivot) * Rotation(axis, radians) * Translation(-pivot);
}

bool IsTranslation(CameraPreset p) {
  return p == CameraPreset::kDollyIn || p == CameraPreset::kDollyOut ||
         p == CameraPreset::kTruckLeft || p == CameraPreset::kTruckRight ||
         p == CameraPreset::kPedestalUp || p == CameraPreset::kPedestalDown;
}

bool IsOrbit(CameraPreset p) {
  return p == CameraPreset::kOrbitLeft || p == CameraPreset::kOrbitRight ||
         p == CameraPreset::kOrbitUp || p == CameraPreset::kOrbitDown;
}

void Validate(const std::vector<CameraSegment>& plan, int num_frames, const CameraRig& rig) {
  if (num_frames < 1) {
    throw InvalidInputError("num_frames " + std::to_string(num_frames) + " must be at least 1");
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const CameraSegment& s = plan[i];
    const std::string name =
        "camera segment " + std::to_string(i) + " (" + PresetName(s.preset) + ")";
    if (s.start_frame < 0 || s.end_frame > num_frames || s.end_frame - s.start_frame < 2) {
      throw InvalidInputError(name + ": span [" + std::to_string(s.start_frame) + ", " +
                              std::to_string(s.end_frame) + ") must lie in [0, " +
                              std::to_string(num_frames) + ") and cover at least two frames");
    }
    if (!std::isfinite(s.magnitude)) {
      throw InvalidInputError(name + ": magnitude is not finite");
    }
    if (s.preset == CameraPreset::kZoom && !(s.magnitude > 0.0)) {
      throw InvalidInputError(name + ": zoom factor " + std::to_string(s.magnitude) +
                              " must be positive");
    }
    if (IsOrbit(s.preset) && !(rig.pivot_distance > 0.0 && std::isfinite(rig.pivot_distance))) {
      throw InvalidInputError(name + ": pivot distance " + std::to_string(rig.pivot_distance) +
                              " must be positive");
    }
    if (IsTranslation(s.preset) && !s.in_metres &&
        !(rig.scene_scale > 0.0 && std::isfinite(rig.scene_scale))) {
      throw InvalidInputError(name + ": scene scale " + std::to_string(rig.scene_scale) +
                              " must be positive");
    }
  }
}

}  // namespace

bool CameraSegment::operator==(const CameraSegment& o) const {
  return preset == o.preset && magnitude == o.magnitude && start_frame == o.start_frame &&
         end_frame == o.end_frame && easing == o.easing && in_metres == o.in_metres &&
         seed == o.seed;
}

std::string PresetName(CameraPreset preset) {
  switch (preset) {
    case CameraPreset::kStill:
      return "still";
    case CameraPreset::kDollyIn:
      return "dolly_in";
    case CameraPreset::kDollyOut:
      return "dolly_out";
    case CameraPreset::kTruckLeft:
      return "truck_left";
    case CameraPreset::kTruckRight:
      return "truck_right";
    case CameraPreset::kPedestalUp:
      return "pedestal_up";
    case CameraPreset::kPedestalDown:
      return "pedestal_down";
    case CameraPreset::kPanLeft:
      return "pan_left";
    case CameraPreset::kPanRight:
      return "pan_right";
    case CameraPreset::kTiltUp:
      return "tilt_up";
    case CameraPreset::kTiltDown:
      return "tilt_down";
    case CameraPreset::kOrbitLeft:
      return "orbit_left";
    case CameraPreset::kOrbitRight:
      return "orbit_right";
    case CameraPreset::kOrbitUp:
      return "orbit_up";
    case CameraPreset::kOrbitDown:
      return "orbit_down";
    case CameraPreset::kRoll:
      return "roll";
    case CameraPreset::kShake:
      return "shake";
    case CameraPreset::kZoom:
      return "zoom";
  }
  return "still";
}

CameraPreset ParsePreset(const std::string& name) {
  std::string accepted;
  for (CameraPreset p : kAllPresets) {
    if (PresetName(p) == name) return p;
    accepted += (accepted.empty() ? "" : ", ") + PresetName(p);
  }
  throw InvalidInputError("camera preset '" + name + "' is unknown; accepted: " + accepted);
}

Eigen::Isometry3d SegmentTransform(const CameraSegment& s, double progress, const CameraRig& rig) {
  const double length = progress * s.magnitude * (s.in_metres ? 1.0 : rig.scene_scale);
  const double angle = progress * DegreesToRadians(s.magnitude);
  switch (s.preset) {
    case CameraPreset::kStill:
    case CameraPreset::kZoom:
      return Eigen::Isometry3d::Identity();
    case CameraPreset::kDollyIn:
      return Translation(length * kForward);
    case CameraPreset::kDollyOut:
      return Translation(-length * kForward);
    case CameraPreset::kTruckLeft:
      return Translation(-length * kRight);
    case CameraPreset::kTruckRight:
      return Translation(length * kRight);
    case CameraPreset::kPedestalUp:
      return Translation(-length * kDown);
    case CameraPreset::kPedestalDown:
      return Translation(length * kDown);
    case CameraPreset::kPanLeft:
      return Rotation(kDown, -angle);
    case CameraPreset::kPanRight:
      return Rotation(kDown, angle);
    case CameraPreset::kTiltUp:
      return Rotation(kRight, angle);
    case CameraPreset::kTiltDown:
      return Rotation(kRight, -angle);
    case CameraPreset::kOrbitLeft:
      return Orbit(kDown, angle, rig.pivot_distance);
    case CameraPreset::kOrbitRight:
      return Orbit(kDown, -angle, rig.pivot_distance);
    case CameraPreset::kOrbitUp:
      return Orbit(kRight, -angle, rig.pivot_distance);
    case CameraPreset::kOrbitDown:
      return Orbit(kRight, angle, rig.pivot_distance);
    case CameraPreset::kRoll:
      return Rotation(kForward, angle);
    case CameraPreset::kShake: {
      const double peak = DegreesToRadians(s.magnitude);
      return geometry::MakeIsometry(AxisAngle(kDown, peak * Jitter(s.seed, 0, progress)) *
                                        AxisAngle(kRight, peak * Jitter(s.seed, 1, progress)) *
                                        AxisAngle(kForward, peak * Jitter(s.seed, 2, progress)),
                                    Eigen::Vector3d::Zero());
    }
  }
  return Eigen::Isometry3d::Identity();
}

double SegmentFocalScale(const CameraSegment& s, double progress) {
  // Geometric so that each frame zooms by the same ratio.
  return s.preset == CameraPreset::kZoom ? std::pow(s.magnitude, progress) : 1.0;
}

double SegmentProgress(const CameraSegment& s, int frame) {
  const int steps = s.end_frame - 1 - s.start_frame;
  if (steps <= 0) return frame >= s.start_frame ? 1.0 : 0.0;
  return Ease(s.easing, static_cast<double>(frame - s.start_frame) / steps);
}

CameraMotion ComputeCameraMotion(const std::vector<CameraSegment>& plan, int num_frames,
                                 const CameraRig& rig) {
  Validate(plan, num_frames, rig);
  std::vector<std::size_t> order(plan.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan[a].start_frame < plan[b].start_frame;
  });
  CameraMotion motion;
  motion.reference_from_camera.reserve(num_frames);
  motion.focal_scale.reserve(num_frames);
  for (int f = 0; f < num_frames; ++f) {
    Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
    double focal = 1.0;
    for (std::size_t i : order) {
      const double p = SegmentProgress(plan[i], f);
      pose = pose * SegmentTransform(plan[i], p, rig);
      focal *= SegmentFocalScale(plan[i], p);
    }
    motion.reference_from_camera.push_back(pose);
    motion.focal_scale.push_back(focal);
  }
  return motion;
}

}  // namespace dolly::motion
