// COLMAP's text model (images.txt), for comparing dolly-odometry with a
// COLMAP reconstruction of the same frames (tools/odometry/colmap_benchmark.sh).
#ifndef DOLLY_LIBS_TRAJECTORY_COLMAP_H_
#define DOLLY_LIBS_TRAJECTORY_COLMAP_H_

#include <map>
#include <string>

#include <Eigen/Geometry>

namespace dolly::trajectory {

// images.txt: per image a line "IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME"
// (the pose is camera_from_world, COLMAP's world-to-camera; its camera axes
// are x right, y down, z forward like ours) followed by a line of 2D points.
// Returns world_from_camera by image NAME. Throws IoError when the file
// cannot be read and InvalidInputError("<path>:<line>: ...") on a malformed
// pose line.
std::map<std::string, Eigen::Isometry3d> ParseColmapImages(const std::string& text,
                                                            const std::string& path);
std::map<std::string, Eigen::Isometry3d> ReadColmapImages(const std::string& path);

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_COLMAP_H_
