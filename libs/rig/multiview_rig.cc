#include "libs/rig/multiview_rig.h"

#include <cmath>
#include <string>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::rig {
namespace {

void Require(bool ok, const std::string& what) {
  if (!ok) throw UsageError("multi-view rig: " + what);
}

}  // namespace

Eigen::Vector3d RigEye(const RigSpec& spec, int view) {
  const double azimuth =
      geometry::DegreesToRadians(spec.first_azimuth_deg + 360.0 * view / spec.views);
  const double elevation = geometry::DegreesToRadians(spec.elevation_deg);
  return spec.target + spec.distance * Eigen::Vector3d(std::cos(elevation) * std::cos(azimuth),
                                                       std::cos(elevation) * std::sin(azimuth),
                                                       std::sin(elevation));
}

std::vector<RigCamera> MakeRig(const RigSpec& spec) {
  Require(spec.views >= 1, "views must be at least 1, got " + std::to_string(spec.views));
  Require(std::isfinite(spec.distance) && spec.distance > 0.0,
          "distance must be positive, got " + std::to_string(spec.distance));
  Require(std::isfinite(spec.fov_y_deg) && spec.fov_y_deg > 0.0 && spec.fov_y_deg < 180.0,
          "fov_y_deg must lie in (0, 180), got " + std::to_string(spec.fov_y_deg));
  Require(spec.width >= 1 && spec.height >= 1,
          "image size must be positive, got " + std::to_string(spec.width) + "x" +
              std::to_string(spec.height));
  Require(std::isfinite(spec.elevation_deg) && std::abs(spec.elevation_deg) < 90.0,
          "elevation_deg must lie in (-90, 90), got " + std::to_string(spec.elevation_deg));
  Require(std::isfinite(spec.first_azimuth_deg),
          "first_azimuth_deg must be finite");
  Require(spec.target.allFinite(), "target must be finite");

  const geometry::PinholeCamera intrinsics =
      geometry::CameraFromVerticalFov(spec.fov_y_deg, spec.width, spec.height);
  const Eigen::Vector3d up(0.0, 0.0, 1.0);
  std::vector<RigCamera> rig;
  rig.reserve(spec.views);
  for (int k = 0; k < spec.views; ++k) {
    RigCamera camera;
    camera.intrinsics = intrinsics;
    camera.world_from_camera = geometry::LookAt(RigEye(spec, k), spec.target, up);
    rig.push_back(camera);
  }
  return rig;
}

}  // namespace dolly::rig
