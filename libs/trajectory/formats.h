// Text trajectory formats users already have, read into and written from a
// Trajectory of world_from_camera poses (camera x right, y down, z forward).
//
// TUM RGB-D:  "t tx ty tz qx qy qz qw" per line; '#' starts a comment line;
//             the pose is world_from_camera (the TUM benchmark's convention).
// KITTI:      12 numbers per line, the 3x4 row-major [R | t] of
//             world_from_camera (camera-to-world, KITTI odometry poses);
//             timestamps are frame indices.
// PAC:        Perception-as-Control camera txt, 12 numbers per line: the 3x4
//             row-major [R | T] of a PyTorch3D camera, whose convention is
//             row vectors, X_cam_row = X_world_row @ R + T, and whose camera
//             axes are x LEFT, y UP, z forward. In column vectors that is
//             X_p3d = R^T X_world + T. Our camera axes (x right, y down,
//             z forward) are X_ours = F X_p3d with F = diag(-1, -1, 1), so
//               camera_from_world = [F R^T | F T]
//               world_from_camera = [R F | -R T]          (F^-1 = F)
//             and back: R = R_wc F, T = -F R_wc^T t_wc.
//             Timestamps are frame indices.
//
// Readers throw IoError("<path>: ...") when the file cannot be read and
// InvalidInputError("<path>:<line>: ...") on a malformed line (wrong count,
// non-number, non-finite value, non-unit quaternion, non-rotation matrix).
// Writers go through a temporary file and rename (no partial output).
#ifndef DOLLY_LIBS_TRAJECTORY_FORMATS_H_
#define DOLLY_LIBS_TRAJECTORY_FORMATS_H_

#include <string>

#include <Eigen/Geometry>

#include "libs/trajectory/trajectory.h"

namespace dolly::trajectory {

Trajectory ReadTum(const std::string& path);
void WriteTum(const std::string& path, const Trajectory& trajectory);

Trajectory ReadKitti(const std::string& path);
void WriteKitti(const std::string& path, const Trajectory& trajectory);

Trajectory ReadPac(const std::string& path);
void WritePac(const std::string& path, const Trajectory& trajectory);

// The PAC <-> world_from_camera conversion on its own (see above).
// `rt` is the 3x4 [R | T] as stored on a PAC line.
Eigen::Isometry3d WorldFromCameraFromPac(const Eigen::Matrix<double, 3, 4>& rt);
Eigen::Matrix<double, 3, 4> PacFromWorldFromCamera(const Eigen::Isometry3d& world_from_camera);

// Parsing from text, for tests and for callers that have the bytes already;
// `path` is only used in error messages.
Trajectory ParseTum(const std::string& text, const std::string& path);
Trajectory ParseKitti(const std::string& text, const std::string& path);
Trajectory ParsePac(const std::string& text, const std::string& path);
std::string FormatTum(const Trajectory& trajectory);
std::string FormatKitti(const Trajectory& trajectory);
std::string FormatPac(const Trajectory& trajectory);

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_FORMATS_H_
