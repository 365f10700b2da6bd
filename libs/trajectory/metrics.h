// Trajectory accuracy metrics (TUM RGB-D benchmark definitions):
//   ATE: RMSE of camera positions after aligning the estimate to the ground
//        truth with Umeyama's closed form, Sim(3) (scale free, for monocular
//        methods) or SE(3) (metric methods).
//   RPE: error of the relative motion over a fixed frame delta, which needs no
//        alignment and shows drift rather than accumulated error.
// Both trajectories must have the same length and frame order.
#ifndef DOLLY_LIBS_TRAJECTORY_METRICS_H_
#define DOLLY_LIBS_TRAJECTORY_METRICS_H_

#include <Eigen/Geometry>

#include "libs/trajectory/trajectory.h"

namespace dolly::trajectory {

// p_gt ~= scale * rotation * p_est + translation.
struct Similarity {
  double scale = 1.0;
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();
  Eigen::Vector3d Apply(const Eigen::Vector3d& p) const { return scale * rotation * p + translation; }
};

// Least-squares alignment of the estimated camera positions onto the ground
// truth (Umeyama 1991). With fewer than 3 positions or positions that do not
// span a line (e.g. a static camera), falls back to aligning the centroids
// only (rotation I, scale 1), since the rotation is then not determined.
// Throws InvalidInputError on a length mismatch or an empty trajectory.
Similarity AlignPositions(const Trajectory& estimate, const Trajectory& ground_truth,
                          bool with_scale);

struct AteResult {
  double rmse = 0.0;  // metres (units of the ground truth)
  double mean = 0.0;
  double max = 0.0;
  Similarity alignment;
};
AteResult AbsoluteTrajectoryError(const Trajectory& estimate, const Trajectory& ground_truth,
                                  bool with_scale);

struct RpeResult {
  double translation_rmse = 0.0;     // units of the trajectories
  double rotation_mean_deg = 0.0;
  int pairs = 0;
};
// Compares est_i^-1 est_{i+delta} with gt_i^-1 gt_{i+delta} for every i.
// Throws InvalidInputError when delta < 1 or on a length mismatch; 0 pairs
// when the trajectories are shorter than delta + 1.
RpeResult RelativePoseError(const Trajectory& estimate, const Trajectory& ground_truth,
                            int delta);

// Mean over frames of the angle (degrees) of R_gt^T * A * R_est, where A is
// the rotation of `alignment` (identity when both share a world frame).
double MeanRotationErrorDeg(const Trajectory& estimate, const Trajectory& ground_truth,
                            const Eigen::Matrix3d& alignment = Eigen::Matrix3d::Identity());

// Sum of the distances between consecutive camera positions.
double PathLength(const Trajectory& trajectory);

// Angle of a rotation matrix in degrees, robust near 0 and 180.
double RotationAngleDeg(const Eigen::Matrix3d& rotation);

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_METRICS_H_
