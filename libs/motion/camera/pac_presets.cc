#include "libs/motion/camera/pac_presets.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "libs/core/error.h"
#include "libs/trajectory/formats.h"

namespace dolly::motion {
namespace {

constexpr int kPacTextPoses = 16;       // lines of every cam_patterns/*.txt
constexpr int kPacOrbitKeys = 8;        // look-at views per orbit
constexpr double kPacOrbitDistance = 3.0;

double Radians(double degrees) { return degrees * M_PI / 180.0; }

// torch.nn.functional.normalize: v / max(|v|, eps).
Eigen::Vector3d Normalize(const Eigen::Vector3d& v) { return v / std::max(v.norm(), 1e-5); }

// numpy.linspace(a, b, n) for n >= 2.
std::vector<double> Linspace(double a, double b, int n) {
  std::vector<double> out(n);
  const double step = (b - a) / (n - 1);
  for (int i = 0; i < n; ++i) out[i] = i * step + a;
  out[n - 1] = b;
  return out;
}

// scipy: q1 * (q2 * q1.inv()) ** t as a matrix, R1 (R2 R1^T)^t with the
// power taken on the shortest rotation vector (exact shortcuts at 0 and 1).
Eigen::Matrix3d PacSlerp(const Eigen::Matrix3d& r1, const Eigen::Matrix3d& r2, double t) {
  const Eigen::Matrix3d delta = r2 * r1.transpose();
  if (t == 0.0) return r1;
  if (t == 1.0) return r1 * delta;
  const Eigen::AngleAxisd aa(delta);
  return r1 * Eigen::AngleAxisd(t * aa.angle(), aa.axis()).toRotationMatrix();
}

// Two views from the start pose to one with the given change.
std::vector<PacRT> Pair(const PacRT& end) { return {PacRT{}, end}; }

}  // namespace

PacRT PacLookAtView(double distance, double pitch_degrees, double azimuth_degrees,
                    double roll_degrees, const Eigen::Vector3d& target) {
  const double pitch = Radians(pitch_degrees), azimuth = Radians(azimuth_degrees);
  const Eigen::Vector3d offset(distance * std::cos(pitch) * std::sin(azimuth),
                               distance * std::sin(pitch),
                               distance * std::cos(pitch) * std::cos(azimuth));
  const Eigen::Vector3d eye = target - offset;
  const Eigen::Vector3d up(0, 1, 0);
  // PyTorch3D's look_at_rotation: the view axes as columns of R.
  const Eigen::Vector3d z = Normalize(target - eye);
  Eigen::Vector3d x = Normalize(up.cross(z));
  const Eigen::Vector3d y = Normalize(z.cross(x));
  if ((x.array().abs() <= 5e-3).all()) x = Normalize(y.cross(z));
  PacRT rt;
  rt.R.col(0) = x;
  rt.R.col(1) = y;
  rt.R.col(2) = z;
  rt.T = -rt.R.transpose() * eye;
  if (roll_degrees != 0.0) {
    const double r = Radians(roll_degrees);
    Eigen::Matrix3d roll;
    roll << std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1;
    rt.R = rt.R * roll;
  }
  return rt;
}

std::vector<double> PacLinspace01(int n) {
  if (n == 1) return {0.0};
  return Linspace(0.0, 1.0, n);
}

std::vector<PacRT> PacInterpolateSlerp(const std::vector<PacRT>& keys, int frames) {
  if (keys.size() < 2) throw InvalidInputError("PAC interpolation: needs at least 2 key poses");
  if (frames < 1) throw InvalidInputError("PAC interpolation: needs at least 1 frame");
  const int k = static_cast<int>(keys.size());
  const std::vector<double> times = PacLinspace01(k);
  const std::vector<double> at = PacLinspace01(frames);

  std::vector<PacRT> out(frames);
  for (int j = 0; j < frames; ++j) {
    // scipy interp1d (linear): searchsorted left, clipped to [1, K - 1].
    const int hi = std::clamp(
        static_cast<int>(std::lower_bound(times.begin(), times.end(), at[j]) - times.begin()), 1,
        k - 1);
    const int lo = hi - 1;
    const Eigen::Vector3d slope = (keys[hi].T - keys[lo].T) / (times[hi] - times[lo]);
    out[j].T = slope * (at[j] - times[lo]) + keys[lo].T;
  }

  std::vector<Eigen::Matrix3d> rotations;
  for (int i = 0; i + 1 < k; ++i) {
    for (int j = 0; j < frames; ++j) {
      const double t = (at[j] - times[i]) / (times[i + 1] - times[i]);
      if (t >= 0.0 && t <= 1.0) rotations.push_back(PacSlerp(keys[i].R, keys[i + 1].R, t));
    }
  }
  while (static_cast<int>(rotations.size()) < frames) rotations.push_back(keys.back().R);
  for (int j = 0; j < frames; ++j) out[j].R = rotations[j];
  return out;
}

std::vector<PacRT> PacPatternKeys(CameraPreset preset, double m) {
  const auto view = [](double distance, double pitch, double azimuth, double roll,
                       const Eigen::Vector3d& target) {
    return PacLookAtView(distance, pitch, azimuth, roll, target);
  };
  const Eigen::Vector3d ahead(0, 0, 1);
  std::vector<PacRT> keys;
  switch (preset) {
    case CameraPreset::kStill:
      return Pair(PacRT{});
    case CameraPreset::kDollyIn:
    case CameraPreset::kDollyOut: {
      PacRT end;
      end.T.z() = preset == CameraPreset::kDollyIn ? -m : m;
      return Pair(end);
    }
    case CameraPreset::kTruckLeft:
    case CameraPreset::kTruckRight:
    case CameraPreset::kPedestalUp:
    case CameraPreset::kPedestalDown: {
      // PyTorch3D's +x is left and +y up: moving the target moves the camera.
      Eigen::Vector3d target = ahead;
      if (preset == CameraPreset::kTruckLeft) target.x() = m;
      if (preset == CameraPreset::kTruckRight) target.x() = -m;
      if (preset == CameraPreset::kPedestalUp) target.y() = m;
      if (preset == CameraPreset::kPedestalDown) target.y() = -m;
      return {view(1.0, 0, 0, 0, ahead), view(1.0, 0, 0, 0, target)};
    }
    case CameraPreset::kPanLeft:
    case CameraPreset::kPanRight:
    case CameraPreset::kTiltUp:
    case CameraPreset::kTiltDown: {
      const bool pan = preset == CameraPreset::kPanLeft || preset == CameraPreset::kPanRight;
      const double end =
          (preset == CameraPreset::kPanLeft || preset == CameraPreset::kTiltUp) ? m : -m;
      for (double degrees : {0.0, end}) {
        // PAC keeps the camera near the origin by aiming at (tanh a, 0, 1)
        // from 1 / cos a away (tanh, not tan, as PAC has it).
        const double a = Radians(degrees);
        const Eigen::Vector3d target =
            pan ? Eigen::Vector3d(std::tanh(a), 0, 1) : Eigen::Vector3d(0, std::tanh(a), 1);
        keys.push_back(view(1.0 / std::cos(a), pan ? 0.0 : degrees, pan ? degrees : 0.0, 0,
                            target));
      }
      return keys;
    }
    case CameraPreset::kOrbitLeft:
    case CameraPreset::kOrbitRight:
    case CameraPreset::kOrbitUp:
    case CameraPreset::kOrbitDown: {
      const bool sideways =
          preset == CameraPreset::kOrbitLeft || preset == CameraPreset::kOrbitRight;
      const double end =
          (preset == CameraPreset::kOrbitRight || preset == CameraPreset::kOrbitDown) ? m : -m;
      const Eigen::Vector3d pivot(0, 0, kPacOrbitDistance);
      for (double degrees : Linspace(0.0, end, kPacOrbitKeys)) {
        keys.push_back(view(kPacOrbitDistance, sideways ? 0.0 : degrees, sideways ? degrees : 0.0,
                            0, pivot));
      }
      return keys;
    }
    case CameraPreset::kRoll:
      return {view(1.0, 0, 0, 0, ahead), view(1.0, 0, 0, m, ahead)};
    case CameraPreset::kShake:
    case CameraPreset::kZoom:
      break;
  }
  throw InvalidInputError("camera preset " + PresetName(preset) +
                          " has no Perception-as-Control form (convention pac)");
}

bool PacPatternHasText(CameraPreset preset) {
  switch (preset) {
    case CameraPreset::kTruckLeft:
    case CameraPreset::kOrbitUp:
    case CameraPreset::kOrbitDown:
    case CameraPreset::kRoll:
    case CameraPreset::kShake:
    case CameraPreset::kZoom:
      return false;
    default:
      return true;
  }
}

double PacDefaultMagnitude(CameraPreset preset) {
  switch (preset) {
    case CameraPreset::kDollyIn:
      return 2.0;
    case CameraPreset::kDollyOut:
      return 3.0;
    case CameraPreset::kTruckLeft:
    case CameraPreset::kTruckRight:
    case CameraPreset::kPedestalUp:
    case CameraPreset::kPedestalDown:
      return 0.5;
    case CameraPreset::kPanLeft:
    case CameraPreset::kPanRight:
    case CameraPreset::kTiltUp:
    case CameraPreset::kTiltDown:
      return 10.0;
    case CameraPreset::kOrbitLeft:
    case CameraPreset::kOrbitRight:
    case CameraPreset::kOrbitUp:
    case CameraPreset::kOrbitDown:
      return 15.0;
    case CameraPreset::kRoll:
      return 20.0;
    default:
      return 0.0;
  }
}

std::vector<PacRT> PacPatternPoses(CameraPreset preset, double magnitude, int frames) {
  if (frames < 1) throw InvalidInputError("PAC pattern: needs at least 1 frame");
  std::vector<PacRT> poses = PacPatternKeys(preset, magnitude);
  if (PacPatternHasText(preset)) poses = PacInterpolateSlerp(poses, kPacTextPoses);
  if (static_cast<int>(poses.size()) == frames) return poses;
  return PacInterpolateSlerp(poses, frames);
}

Eigen::Isometry3d ReferenceFromCameraFromPac(const PacRT& rt) {
  Eigen::Matrix<double, 3, 4> m;
  m.block<3, 3>(0, 0) = rt.R;
  m.col(3) = rt.T;
  const Eigen::Isometry3d pac_world_from_camera = trajectory::WorldFromCameraFromPac(m);
  // PAC's world is the reference camera in PyTorch3D axes; F turns it into
  // the same camera in OpenCV axes.
  Eigen::Isometry3d flip = Eigen::Isometry3d::Identity();
  flip.linear() = Eigen::Vector3d(-1, -1, 1).asDiagonal();
  return flip * pac_world_from_camera;
}

PacRT PacFromReferenceFromCamera(const Eigen::Isometry3d& reference_from_camera) {
  Eigen::Isometry3d flip = Eigen::Isometry3d::Identity();
  flip.linear() = Eigen::Vector3d(-1, -1, 1).asDiagonal();
  const Eigen::Matrix<double, 3, 4> m =
      trajectory::PacFromWorldFromCamera(flip * reference_from_camera);
  PacRT rt;
  rt.R = m.block<3, 3>(0, 0);
  rt.T = m.col(3);
  return rt;
}

CameraMotion PacCameraMotion(const std::vector<CameraSegment>& plan, int num_frames) {
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const CameraSegment& s = plan[i];
    const std::string name =
        "camera segment " + std::to_string(i) + " (" + PresetName(s.preset) + ")";
    if (s.preset == CameraPreset::kShake || s.preset == CameraPreset::kZoom) {
      throw InvalidInputError(name + ": has no Perception-as-Control form (convention pac)");
    }
    if (s.easing != Easing::kLinear) {
      throw InvalidInputError(name +
                              ": convention pac interpolates as PAC does; easing must be linear");
    }
  }
  // The span and magnitude checks of the dolly convention (pivot and scene
  // scale are PAC's own here, so any positive rig passes).
  ComputeCameraMotion(plan, num_frames, CameraRig{});

  std::vector<std::size_t> order(plan.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan[a].start_frame < plan[b].start_frame;
  });
  std::vector<std::vector<Eigen::Isometry3d>> spans(plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const CameraSegment& s = plan[i];
    const double magnitude =
        s.default_magnitude ? std::copysign(PacDefaultMagnitude(s.preset), s.magnitude)
                            : s.magnitude;
    for (const PacRT& rt : PacPatternPoses(s.preset, magnitude, s.end_frame - s.start_frame)) {
      spans[i].push_back(ReferenceFromCameraFromPac(rt));
    }
  }
  CameraMotion motion;
  for (int f = 0; f < num_frames; ++f) {
    Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
    for (std::size_t i : order) {
      const CameraSegment& s = plan[i];
      if (f < s.start_frame) continue;
      const int k = std::min(f, s.end_frame - 1) - s.start_frame;
      pose = pose * spans[i][k];
    }
    motion.reference_from_camera.push_back(pose);
    motion.focal_scale.push_back(1.0);
  }
  return motion;
}

}  // namespace dolly::motion
