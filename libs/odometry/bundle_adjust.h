// Bundle adjustment of one keyframe window in Ceres: refines the poses of
// the window's frames and the keyframe's points, with the keyframe's pose
// fixed (it anchors the gauge and the metric scale comes from the depth
// priors on the points).
#ifndef DOLLY_LIBS_ODOMETRY_BUNDLE_ADJUST_H_
#define DOLLY_LIBS_ODOMETRY_BUNDLE_ADJUST_H_

#include <map>
#include <vector>

#include <Eigen/Geometry>

#include "libs/geometry/pinhole_camera.h"
#include "libs/odometry/params.h"

namespace dolly::odometry {

struct Observation {
  int frame = 0;
  int point = 0;
  Eigen::Vector2d pixel;
};

struct WindowProblem {
  int keyframe = 0;
  // world_from_camera per frame of the window, keyframe included.
  std::map<int, Eigen::Isometry3d> world_from_camera;
  std::vector<Eigen::Vector3d> points_world;
  // Depth measured in the keyframe for each point.
  std::vector<double> keyframe_depth;
  std::vector<Observation> observations;
};

// Refines problem->world_from_camera (except the keyframe's) and
// problem->points_world in place. Returns false (and changes nothing) when
// the solver fails.
bool BundleAdjustWindow(const geometry::PinholeCamera& camera, const OdometryParams& params,
                        WindowProblem* problem);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_BUNDLE_ADJUST_H_
