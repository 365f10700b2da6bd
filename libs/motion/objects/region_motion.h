// Rigid motion of an image region (one instance of a label image) that
// follows the drags placed on it, optionally turning to face where it goes,
// or an explicit rotation about its centroid. All 3D quantities are in the
// reference camera frame (x right, y down, z forward).
#ifndef DOLLY_LIBS_MOTION_OBJECTS_REGION_MOTION_H_
#define DOLLY_LIBS_MOTION_OBJECTS_REGION_MOTION_H_

#include <optional>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::motion {

// Reference-camera-frame 3D points of the pixels labelled `id` (labels are
// CV_8U, CV_16U or CV_32S) that have a valid (finite, > 0) z-depth. Throws
// InvalidInputError when the label and depth sizes differ.
std::vector<Eigen::Vector3d> LiftRegion(const cv::Mat& labels, int id, const cv::Mat& depth,
                                        const geometry::PinholeCamera& camera);

Eigen::Vector3d Centroid(const std::vector<Eigen::Vector3d>& points);

// The rigid transform (no scale) taking `from[i]` to `to[i]`, least squares:
//  - 1 pair: translation only (a single point says nothing about rotation);
//  - 2 pairs: a yaw about the camera's vertical (y) axis, from the change of
//    the pair's heading in the x-z plane, plus the translation that maps the
//    pair's midpoint exactly; the roll about the segment is unobservable, and
//    pitch/roll from two drags on a screen are almost always unintended;
//  - 3+ pairs: Kabsch/Umeyama rotation and translation (collinear points leave
//    the rotation about their line arbitrary; the SVD picks one).
// Throws std::invalid_argument when the sizes differ or are zero.
Eigen::Isometry3d FitRigid(const std::vector<Eigen::Vector3d>& from,
                           const std::vector<Eigen::Vector3d>& to);

// Rotation of `radians` about `axis` through `pivot`.
Eigen::Isometry3d RotationAbout(const Eigen::Vector3d& pivot, const Eigen::Vector3d& axis,
                                double radians);

struct ExplicitRotation {
  Eigen::Vector3d axis = Eigen::Vector3d::UnitY();  // reference camera frame
  double degrees = 0.0;                             // reached at the last frame
};

struct RegionMotionOptions {
  // PoseTraj: the region turns about the camera's vertical axis (y, which
  // points down; positive angles turn +z towards +x) through its moved
  // centroid so that its heading follows the direction of motion of the
  // drags' mean point in the x-z plane, relative to the first heading.
  bool yaw_follows_path = false;
  // Applied about the moved centroid, angle eased linearly 0 -> degrees over
  // frames 0 -> num_frames - 1 (a one-frame clip is not rotated).
  std::optional<ExplicitRotation> rotation;
};

// reference_from_region_t for t in [0, num_frames): maps frame-0 3D points of
// the region (reference camera frame) to where they are at frame t.
// `drags` holds each drag's per-frame 3D positions (num_frames each; may be
// empty, then the region only rotates); `region_centroid` is the region's
// frame-0 3D centroid (pivot of yaw and explicit rotation). Frame t is
//   RotationAbout(c_t, rotation) * RotationAbout(c_t, yaw) * FitRigid(drags@0, drags@t)
// with c_t = FitRigid(...) * region_centroid.
std::vector<Eigen::Isometry3d> RegionMotion(
    const std::vector<std::vector<Eigen::Vector3d>>& drags,
    const Eigen::Vector3d& region_centroid, int num_frames,
    const RegionMotionOptions& options = {});

// Heading change (radians, about +y as above) of a 3D path between its first
// and its frame-t direction of motion in the x-z plane, per frame. Frames
// where the path does not move horizontally keep the previous heading; the
// angle is unwrapped so a path can turn more than half a turn.
std::vector<double> PathYaw(const std::vector<Eigen::Vector3d>& path);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_OBJECTS_REGION_MOTION_H_
