// A camera path in memory: one world_from_camera pose (x right, y down,
// z forward) and one timestamp per frame. The interchange type of the
// trajectory metrics and file formats in this folder.
#ifndef DOLLY_LIBS_TRAJECTORY_TRAJECTORY_H_
#define DOLLY_LIBS_TRAJECTORY_TRAJECTORY_H_

#include <vector>

#include <Eigen/Geometry>

namespace dolly::trajectory {

struct Trajectory {
  // Seconds; formats without time (KITTI, PAC) use the frame index.
  std::vector<double> timestamps;
  std::vector<Eigen::Isometry3d> world_from_camera;

  size_t size() const { return world_from_camera.size(); }
  void Add(double timestamp, const Eigen::Isometry3d& pose) {
    timestamps.push_back(timestamp);
    world_from_camera.push_back(pose);
  }
};

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_TRAJECTORY_H_
