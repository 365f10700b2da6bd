#include "libs/controls/pac_object_points.h"

#include <algorithm>
#include <cmath>

namespace dolly::controls {

bool PacDiscPosition(const Eigen::Vector3d& c, const geometry::PinholeCamera& camera,
                     const cv::Size& size, Eigen::Vector2i* position) {
  if (!c.allFinite() || c.z() == 0.0) return false;
  const double u = camera.fx * c.x() / c.z() + camera.cx;
  const double v = camera.fy * c.y() / c.z() + camera.cy;
  if (!std::isfinite(u) || !std::isfinite(v)) return false;
  // PAC: tracks /= original size, *= sample size, clip, then .long().
  const double x = std::clamp(u / camera.width * size.width, 0.0, size.width - 1.0);
  const double y = std::clamp(v / camera.height * size.height, 0.0, size.height - 1.0);
  *position = Eigen::Vector2i(static_cast<int>(x), static_cast<int>(y));
  return true;
}

std::vector<ControlPoint> PacConventionControlPoints(const motion::MotionScene& scene, int t,
                                                     const cv::Size& size) {
  const motion::SceneFrame& f = scene.frames[t];
  const motion::SceneFrame& f0 = scene.frames[0];
  const Eigen::Isometry3d cam_from_world = f.world_from_camera.inverse();
  const Eigen::Isometry3d cam0_from_world = f0.world_from_camera.inverse();
  std::vector<ControlPoint> points(scene.point_count());
  for (int i = 0; i < scene.point_count(); ++i) {
    ControlPoint& p = points[i];
    p.depth = scene.object_map_depth.empty() ? 0.5 : double(scene.object_map_depth[i]);
    Eigen::Vector2i at, at0;
    p.visible = f.visible[i] != 0 &&
                PacDiscPosition(cam_from_world * f.points_world[i].cast<double>(), f.camera, size,
                                &at) &&
                PacDiscPosition(cam0_from_world * f0.points_world[i].cast<double>(), f0.camera,
                                size, &at0) &&
                at.x() != 0 && at.y() != 0;
    if (!p.visible) continue;
    p.x = float(at.x());
    p.y = float(at.y());
    p.x0 = float(at0.x());
    p.y0 = float(at0.y());
  }
  return points;
}

}  // namespace dolly::controls
