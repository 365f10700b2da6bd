// Two-view geometry of a monocular start: which model explains the matches
// (an essential matrix for general motion, a homography for a rotation-only
// camera or a planar scene), chosen by ORB-SLAM's score ratio
// S_H / (S_H + S_F), the relative pose it gives, and the matches
// triangulated with cheirality, parallax and reprojection checks.
#ifndef DOLLY_LIBS_ODOMETRY_MONO_TWO_VIEW_H_
#define DOLLY_LIBS_ODOMETRY_MONO_TWO_VIEW_H_

#include <optional>
#include <vector>

#include <Eigen/Geometry>

namespace dolly::odometry::mono {

enum class TwoViewModel { NONE, ESSENTIAL, HOMOGRAPHY };

struct TwoViewParams {
  double ransac_px = 1.5;
  // Smallest triangulation angle of a point (degrees); the median over the
  // points must reach it too, or the pose is not trusted.
  double min_parallax_deg = 1.0;
  int min_points = 30;
  // Homography chosen when S_H / (S_H + S_F) is above this (ORB-SLAM: 0.45).
  double homography_ratio = 0.45;
};

struct TwoViewResult {
  TwoViewModel model = TwoViewModel::NONE;
  double homography_ratio = 0.0;  // S_H / (S_H + S_F)
  // camera2_from_camera1: x2 = rotation * x1 + translation, |translation| = 1
  // (0 when the views differ by a rotation only).
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();
  // True when a homography explains the matches and no decomposition of it
  // has translation that triangulates them: the camera only turned.
  bool rotation_only = false;
  // The rotation K^-1 H K of the homography fit, whichever model won: the
  // best guess of the turn when the views have too little parallax.
  Eigen::Matrix3d homography_rotation = Eigen::Matrix3d::Identity();
  // How far the homography is from a turn seen with any focal length: the
  // smallest (s1 - s3) / s2 of the singular values of K_f^-1 H K_f over f
  // (0 for a turn, about baseline / plane distance for a plane seen from
  // two places), and the focal length that attains it. A turn seen with a
  // wrong focal length is no longer a rotation of the rays, and an
  // essential matrix or a plane decomposition then invents a translation:
  // this test does not depend on the focal length.
  double rotation_misfit = 1.0;
  double rotation_focal_px = 0.0;
  std::vector<bool> inlier;  // of the chosen model
  // Per match: triangulated (in camera 1's frame) when it passed the checks.
  std::vector<std::optional<Eigen::Vector3d>> points;
  int triangulated = 0;
  double median_parallax_deg = 0.0;
  // The pose and points can start a map: enough points triangulated, with
  // enough median parallax.
  bool accepted = false;
};

// `pixels1[i]` and `pixels2[i]` are one match; K the shared intrinsics.
TwoViewResult SolveTwoView(const std::vector<Eigen::Vector2d>& pixels1,
                           const std::vector<Eigen::Vector2d>& pixels2, const Eigen::Matrix3d& K,
                           const TwoViewParams& params);

// Midpoint-free linear (DLT) triangulation of one point from two cameras
// (camera_from_world) and its normalised image rays (z = 1). Returns the
// world point when it lies in front of both cameras; `parallax_deg` gets the
// angle between the two viewing rays at the point.
std::optional<Eigen::Vector3d> TriangulatePoint(const Eigen::Isometry3d& camera1_from_world,
                                                const Eigen::Isometry3d& camera2_from_world,
                                                const Eigen::Vector3d& ray1,
                                                const Eigen::Vector3d& ray2,
                                                double* parallax_deg);

// Nearest rotation matrix (SVD, det +1).
Eigen::Matrix3d NearestRotation(const Eigen::Matrix3d& m);

}  // namespace dolly::odometry::mono

#endif  // DOLLY_LIBS_ODOMETRY_MONO_TWO_VIEW_H_
