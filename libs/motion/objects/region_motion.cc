#include "libs/motion/objects/region_motion.h"

#include <cmath>
#include <stdexcept>

#include <Eigen/Geometry>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::motion {
namespace {

// Horizontal motions below this (reference-frame units, metres) have no
// meaningful heading.
constexpr double kMinHeadingStep = 1e-9;

int LabelAt(const cv::Mat& labels, int y, int x) {
  switch (labels.type()) {
    case CV_8U:
      return labels.at<uint8_t>(y, x);
    case CV_16U:
      return labels.at<uint16_t>(y, x);
    default:
      return labels.at<int32_t>(y, x);
  }
}

// Angle about +y that turns +z towards the horizontal part of v.
double Heading(const Eigen::Vector3d& v) { return std::atan2(v.x(), v.z()); }

double WrapToPi(double a) { return std::remainder(a, 2.0 * M_PI); }

}  // namespace

std::vector<Eigen::Vector3d> LiftRegion(const cv::Mat& labels, int id, const cv::Mat& depth,
                                        const geometry::PinholeCamera& camera) {
  if (labels.size() != depth.size()) {
    throw InvalidInputError("region " + std::to_string(id) +
                            ": label image and depth map sizes differ");
  }
  if (labels.type() != CV_8U && labels.type() != CV_16U && labels.type() != CV_32S) {
    throw InvalidInputError("region " + std::to_string(id) +
                            ": labels must be CV_8U, CV_16U or CV_32S");
  }
  if (depth.type() != CV_32F) {
    throw InvalidInputError("region " + std::to_string(id) + ": depth map must be CV_32F");
  }
  std::vector<Eigen::Vector3d> points;
  for (int y = 0; y < labels.rows; ++y) {
    for (int x = 0; x < labels.cols; ++x) {
      if (LabelAt(labels, y, x) != id) continue;
      const float z = depth.at<float>(y, x);
      if (!std::isfinite(z) || z <= 0.0f) continue;
      points.push_back(camera.Unproject(Eigen::Vector2d(x, y), z));
    }
  }
  return points;
}

Eigen::Vector3d Centroid(const std::vector<Eigen::Vector3d>& points) {
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  for (const auto& p : points) sum += p;
  return points.empty() ? sum : Eigen::Vector3d(sum / static_cast<double>(points.size()));
}

Eigen::Isometry3d FitRigid(const std::vector<Eigen::Vector3d>& from,
                           const std::vector<Eigen::Vector3d>& to) {
  if (from.empty() || from.size() != to.size()) {
    throw std::invalid_argument("FitRigid: need equally many (>= 1) points");
  }
  const size_t n = from.size();
  const Eigen::Vector3d c_from = Centroid(from);
  const Eigen::Vector3d c_to = Centroid(to);
  Eigen::Matrix3d r = Eigen::Matrix3d::Identity();
  if (n == 2) {
    const Eigen::Vector3d a = from[1] - from[0];
    const Eigen::Vector3d b = to[1] - to[0];
    const double ha = std::hypot(a.x(), a.z());
    const double hb = std::hypot(b.x(), b.z());
    if (ha > kMinHeadingStep && hb > kMinHeadingStep) {
      r = geometry::AxisAngle(Eigen::Vector3d::UnitY(), Heading(b) - Heading(a));
    }
  } else if (n >= 3) {
    // Kabsch with a reflection guard: Umeyama without scale (as the
    // trajectory metrics use it).
    Eigen::Matrix3Xd src(3, n), dst(3, n);
    for (size_t i = 0; i < n; ++i) {
      src.col(static_cast<Eigen::Index>(i)) = from[i];
      dst.col(static_cast<Eigen::Index>(i)) = to[i];
    }
    r = Eigen::umeyama(src, dst, false).topLeftCorner<3, 3>();
  }
  return geometry::MakeIsometry(r, c_to - r * c_from);
}

Eigen::Isometry3d RotationAbout(const Eigen::Vector3d& pivot, const Eigen::Vector3d& axis,
                                double radians) {
  const Eigen::Matrix3d r = geometry::AxisAngle(axis, radians);
  return geometry::MakeIsometry(r, pivot - r * pivot);
}

std::vector<double> PathYaw(const std::vector<Eigen::Vector3d>& path) {
  const size_t n = path.size();
  std::vector<double> yaw(n, 0.0);
  if (n < 2) return yaw;
  // Direction of motion at each frame: the step into it (the step out of it
  // for frame 0), skipping steps without horizontal motion.
  std::vector<std::optional<double>> heading(n);
  for (size_t t = 0; t < n; ++t) {
    const Eigen::Vector3d step = t == 0 ? path[1] - path[0] : path[t] - path[t - 1];
    if (std::hypot(step.x(), step.z()) > kMinHeadingStep) heading[t] = Heading(step);
  }
  std::optional<double> first;
  for (const auto& h : heading) {
    if (h) {
      first = h;
      break;
    }
  }
  if (!first) return yaw;  // never moves horizontally: nothing to face
  double previous_heading = *first;
  double accumulated = 0.0;
  for (size_t t = 0; t < n; ++t) {
    if (heading[t]) {
      accumulated += WrapToPi(*heading[t] - previous_heading);
      previous_heading = *heading[t];
    }
    yaw[t] = accumulated;
  }
  return yaw;
}

std::vector<Eigen::Isometry3d> RegionMotion(
    const std::vector<std::vector<Eigen::Vector3d>>& drags,
    const Eigen::Vector3d& region_centroid, int num_frames,
    const RegionMotionOptions& options) {
  if (num_frames < 1) throw InvalidInputError("region motion: the clip has no frames");
  for (size_t d = 0; d < drags.size(); ++d) {
    if (drags[d].size() != static_cast<size_t>(num_frames)) {
      throw InvalidInputError("region motion: drag " + std::to_string(d) + " has " +
                              std::to_string(drags[d].size()) + " frames, expected " +
                              std::to_string(num_frames));
    }
  }
  std::vector<double> yaw(num_frames, 0.0);
  if (options.yaw_follows_path && !drags.empty()) {
    std::vector<Eigen::Vector3d> mean_path(num_frames, Eigen::Vector3d::Zero());
    for (int t = 0; t < num_frames; ++t) {
      for (const auto& drag : drags) mean_path[t] += drag[t];
      mean_path[t] /= static_cast<double>(drags.size());
    }
    yaw = PathYaw(mean_path);
  }
  std::vector<Eigen::Vector3d> start;
  for (const auto& drag : drags) start.push_back(drag[0]);
  std::vector<Eigen::Isometry3d> out;
  out.reserve(num_frames);
  for (int t = 0; t < num_frames; ++t) {
    Eigen::Isometry3d motion = Eigen::Isometry3d::Identity();
    if (!drags.empty()) {
      std::vector<Eigen::Vector3d> now;
      for (const auto& drag : drags) now.push_back(drag[t]);
      motion = FitRigid(start, now);
    }
    const Eigen::Vector3d centre = motion * region_centroid;
    if (yaw[t] != 0.0) {
      motion = RotationAbout(centre, Eigen::Vector3d::UnitY(), yaw[t]) * motion;
    }
    if (options.rotation) {
      // Frame 0 is the reference image itself, so a one-frame clip stays put.
      const double progress = num_frames == 1 ? 0.0 : static_cast<double>(t) / (num_frames - 1);
      motion = RotationAbout(centre, options.rotation->axis,
                             geometry::DegreesToRadians(options.rotation->degrees) * progress) *
               motion;
    }
    out.push_back(motion);
  }
  return out;
}

}  // namespace dolly::motion
