// For each of PAC's 17 camera patterns, the camera map dolly renders from its
// own preset must move the way the map of PAC's own pose moves. PAC's poses
// come from a local transcription of its generate_vo formulas (update_view:
// a PyTorch3D look_at camera at target - d (cos p sin a, sin p, cos p cos a)
// looking at the target with +y up, then a roll about the view axis), dolly's
// from ComputeCameraMotion with the same angles and distances, turned into
// PAC's [R | T] by PacPoseFromReferenceCamera. Two measures, both must agree:
//  - the map's motion field: each pixel of frame 0 follows its envelope point
//    into the last frame; its mean (pan, tilt, truck, pedestal, orbit), its
//    curl (roll) and its divergence (dolly) keep their sign and direction;
//  - the rendered maps themselves: dolly's last map is closer to PAC's map
//    of the same pattern than to PAC's map of the opposite pattern.
#define BOOST_TEST_MODULE camera_map_presets
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "libs/controls/camera_map.h"
#include "libs/motion/camera/camera_presets.h"

namespace dolly::controls {
namespace {

constexpr int kFrames = 16;
constexpr int kWidth = 768, kHeight = 512;  // PAC's sample size as the reference size

double Radians(double degrees) { return degrees * M_PI / 180.0; }

// PyTorch3D look_at_rotation: columns x, y, z of the camera in the world.
Eigen::Matrix3d LookAtRotation(const Eigen::Vector3d& eye, const Eigen::Vector3d& at) {
  const Eigen::Vector3d up(0, 1, 0);
  const Eigen::Vector3d z = (at - eye).normalized();
  const Eigen::Vector3d x = up.cross(z).normalized();
  const Eigen::Vector3d y = z.cross(x).normalized();
  Eigen::Matrix3d r;
  r << x, y, z;
  return r;
}

// cam_utils.Render.update_view.
PacCameraPose UpdateView(double distance, double pitch, double azimuth, double roll,
                         const Eigen::Vector3d& target) {
  const double p = Radians(pitch), a = Radians(azimuth);
  const Eigen::Vector3d offset(distance * std::cos(p) * std::sin(a), distance * std::sin(p),
                               distance * std::cos(p) * std::cos(a));
  const Eigen::Vector3d eye = target - offset;
  PacCameraPose pose;
  pose.R = LookAtRotation(eye, target);
  pose.T = -pose.R.transpose() * eye;
  if (roll != 0.0) {
    const double r = Radians(roll);
    Eigen::Matrix3d m;
    m << std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1;
    pose.R = pose.R * m;  // T is kept, as in update_view
  }
  return pose;
}

// The last keyframe of generate_vo's pattern (the clip's last frame: PAC's
// slerp interpolation ends on it).
PacCameraPose PacLastPose(const std::string& name) {
  const Eigen::Vector3d z1(0, 0, 1);
  if (name == "Still") return UpdateView(5, 0, 0, 0, {0, 0, 5});
  if (name == "OrbitLeft") return UpdateView(3, 0, -15, 0, {0, 0, 3});
  if (name == "OrbitRight") return UpdateView(3, 0, 15, 0, {0, 0, 3});
  if (name == "OrbitUp") return UpdateView(3, -15, 0, 0, {0, 0, 3});
  if (name == "OrbitDown") return UpdateView(3, 15, 0, 0, {0, 0, 3});
  if (name == "TruckLeft") return UpdateView(1, 0, 0, 0, {0.5, 0, 1});
  if (name == "TruckRight") return UpdateView(1, 0, 0, 0, {-0.5, 0, 1});
  if (name == "PedestalUp") return UpdateView(1, 0, 0, 0, {0, 0.5, 1});
  if (name == "PedestalDown") return UpdateView(1, 0, 0, 0, {0, -0.5, 1});
  const auto pan = [](double azimuth) {
    const double a = Radians(azimuth);
    return UpdateView(1.0 / std::cos(a), 0, azimuth, 0, {std::tanh(a), 0, 1});
  };
  const auto tilt = [](double pitch) {
    const double p = Radians(pitch);
    return UpdateView(1.0 / std::cos(p), pitch, 0, 0, {0, std::tanh(p), 1});
  };
  if (name == "PanLeft") return pan(10);
  if (name == "PanRight") return pan(-10);
  if (name == "TiltUp") return tilt(10);
  if (name == "TiltDown") return tilt(-10);
  if (name == "ClockwiseRoll") return UpdateView(1, 0, 0, 20, z1);
  if (name == "AnticlockwiseRoll") return UpdateView(1, 0, 0, -20, z1);
  if (name == "DollyIn") return UpdateView(9.5, 0, 0, 0, {0, 0, 10});
  if (name == "DollyOut") return UpdateView(2, 0, 0, 0, z1);
  BOOST_FAIL("unknown pattern " + name);
  return {};
}

struct Pattern {
  std::string pac, opposite;
  motion::CameraPreset preset;
  double magnitude;
  enum Measure { kMean, kCurl, kDivergence, kNone } measure;
};

std::vector<Pattern> Patterns() {
  using motion::CameraPreset;
  return {
      {"PanLeft", "PanRight", CameraPreset::kPanLeft, 10, Pattern::kMean},
      {"PanRight", "PanLeft", CameraPreset::kPanRight, 10, Pattern::kMean},
      {"TiltUp", "TiltDown", CameraPreset::kTiltUp, 10, Pattern::kMean},
      {"TiltDown", "TiltUp", CameraPreset::kTiltDown, 10, Pattern::kMean},
      {"ClockwiseRoll", "AnticlockwiseRoll", CameraPreset::kRoll, 20, Pattern::kCurl},
      {"AnticlockwiseRoll", "ClockwiseRoll", CameraPreset::kRoll, -20, Pattern::kCurl},
      {"TruckLeft", "TruckRight", CameraPreset::kTruckLeft, 0.5, Pattern::kMean},
      {"TruckRight", "TruckLeft", CameraPreset::kTruckRight, 0.5, Pattern::kMean},
      {"PedestalUp", "PedestalDown", CameraPreset::kPedestalUp, 0.5, Pattern::kMean},
      {"PedestalDown", "PedestalUp", CameraPreset::kPedestalDown, 0.5, Pattern::kMean},
      {"DollyIn", "DollyOut", CameraPreset::kDollyIn, 0.5, Pattern::kDivergence},
      {"DollyOut", "DollyIn", CameraPreset::kDollyOut, 1.0, Pattern::kDivergence},
      {"OrbitLeft", "OrbitRight", CameraPreset::kOrbitLeft, 15, Pattern::kMean},
      {"OrbitRight", "OrbitLeft", CameraPreset::kOrbitRight, 15, Pattern::kMean},
      {"OrbitUp", "OrbitDown", CameraPreset::kOrbitUp, 15, Pattern::kMean},
      {"OrbitDown", "OrbitUp", CameraPreset::kOrbitDown, 15, Pattern::kMean},
      {"Still", "Still", CameraPreset::kStill, 0, Pattern::kNone},
  };
}

PacCameraPose DollyLastPose(const Pattern& p) {
  motion::CameraSegment segment;
  segment.preset = p.preset;
  segment.magnitude = p.magnitude;
  segment.start_frame = 0;
  segment.end_frame = kFrames;
  motion::CameraRig rig;
  rig.pivot_distance = 3.0;  // PAC's orbits turn about a point 3 ahead
  rig.scene_scale = 1.0;
  const motion::CameraMotion m = motion::ComputeCameraMotion({segment}, kFrames, rig);
  return PacPoseFromReferenceCamera(m.reference_from_camera.back());
}

// The map's motion from PAC's identity camera to `pose`, over a grid of
// frame-0 pixels: mean displacement, curl and divergence about the centre.
struct Flow {
  Eigen::Vector2d mean{0, 0};
  double curl = 0.0, divergence = 0.0;
};

Flow MapFlow(const PacCameraPose& pose) {
  const geometry::PinholeCamera k = PacCameraMapIntrinsics(kWidth, kHeight);
  const Eigen::Isometry3d world_from_cam0 = EnvelopeCameraFromWorld(PacCameraPose{}).inverse();
  const Eigen::Isometry3d cam1_from_world = EnvelopeCameraFromWorld(pose);
  const Eigen::Vector2d centre(k.cx, k.cy);
  Flow f;
  int n = 0;
  for (int y = 16; y < kHeight; y += 32) {
    for (int x = 16; x < kWidth; x += 32) {
      const Eigen::Vector2d p0(x, y);
      const auto hit = TraceEnvelope(world_from_cam0.translation(),
                                     world_from_cam0.linear() * k.Ray(p0));
      if (!hit) continue;
      const Eigen::Vector3d c1 = cam1_from_world * hit->point;
      if (c1.z() <= 0.0) continue;
      const Eigen::Vector2d d = k.Project(c1) - p0;
      const Eigen::Vector2d r = p0 - centre;
      f.mean += d;
      f.curl += r.x() * d.y() - r.y() * d.x();
      f.divergence += r.dot(d);
      ++n;
    }
  }
  f.mean /= n;
  f.curl /= n;
  f.divergence /= n;
  return f;
}

double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::mean(diff)[0];
}

}  // namespace

BOOST_AUTO_TEST_CASE(pac_pattern_generator_starts_at_the_identity) {
  // generate_vo's first keyframe of every pattern but Still/Orbit is
  // update_view(d, 0, 0, 0, (0, 0, d)): [I | 0].
  const PacCameraPose first = UpdateView(1, 0, 0, 0, {0, 0, 1});
  BOOST_TEST((first.R - Eigen::Matrix3d::Identity()).norm() < 1e-15);
  BOOST_TEST(first.T.norm() < 1e-15);
  // The last lines of PAC's cam_patterns PanLeft.txt and OrbitLeft.txt:
  // R(0, 2) = sin 10 degrees with T = (0.00349, 0, 0.00062), and
  // R(0, 2) = -sin 15 degrees with T = (-0.77646, 0, 0.10222).
  const PacCameraPose pan = PacLastPose("PanLeft"), orbit = PacLastPose("OrbitLeft");
  BOOST_TEST(std::abs(pan.R(0, 2) - std::sin(Radians(10))) < 1e-6);
  BOOST_TEST((pan.T - Eigen::Vector3d(0.00349, 0, 0.00062)).norm() < 1e-5);
  BOOST_TEST(std::abs(orbit.R(0, 2) + std::sin(Radians(15))) < 1e-6);
  BOOST_TEST((orbit.T - Eigen::Vector3d(-0.77646, 0, 0.10222)).norm() < 1e-5);
}

BOOST_AUTO_TEST_CASE(every_preset_moves_the_map_as_pacs_pose_does) {
  const geometry::PinholeCamera small = PacCameraMapIntrinsics(kWidth / 4, kHeight / 4);
  for (const Pattern& p : Patterns()) {
    BOOST_TEST_CONTEXT(p.pac) {
      const PacCameraPose pac = PacLastPose(p.pac);
      const PacCameraPose dolly = DollyLastPose(p);
      const Flow fp = MapFlow(pac), fd = MapFlow(dolly);
      BOOST_TEST_MESSAGE(p.pac << ": PAC mean (" << fp.mean.x() << ", " << fp.mean.y()
                               << ") curl " << fp.curl << " div " << fp.divergence
                               << " | dolly mean (" << fd.mean.x() << ", " << fd.mean.y()
                               << ") curl " << fd.curl << " div " << fd.divergence);
      switch (p.measure) {
        case Pattern::kMean:
          BOOST_TEST(fp.mean.norm() > 0.05);
          BOOST_TEST(fd.mean.dot(fp.mean) > 0.9 * fd.mean.norm() * fp.mean.norm());
          break;
        case Pattern::kCurl:
          BOOST_TEST(std::abs(fp.curl) > 1.0);
          BOOST_TEST(fd.curl * fp.curl > 0.0);
          break;
        case Pattern::kDivergence:
          BOOST_TEST(std::abs(fp.divergence) > 0.1);
          BOOST_TEST(fd.divergence * fp.divergence > 0.0);
          break;
        case Pattern::kNone:
          BOOST_TEST(fp.mean.norm() < 1e-9);
          BOOST_TEST(fd.mean.norm() < 1e-9);
          break;
      }
      // The rendered maps: nearer PAC's own pattern than its opposite.
      const cv::Mat dolly_map = RenderEnvelope(dolly, small);
      const double same = MeanAbsDiff(dolly_map, RenderEnvelope(pac, small));
      const double opposite = MeanAbsDiff(dolly_map, RenderEnvelope(PacLastPose(p.opposite), small));
      BOOST_TEST_MESSAGE("  map difference to PAC's " << p.pac << " " << same << ", to "
                                                      << p.opposite << " " << opposite);
      if (p.measure == Pattern::kNone) {
        BOOST_TEST(same == 0.0);
      } else {
        BOOST_TEST(same < opposite);
      }
    }
  }
}

}  // namespace dolly::controls
