#include "libs/trajectory/metrics.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "libs/core/error.h"

namespace dolly::trajectory {
namespace {

void CheckSameLength(const Trajectory& estimate, const Trajectory& ground_truth) {
  if (estimate.size() != ground_truth.size()) {
    throw InvalidInputError("trajectory: estimate has " + std::to_string(estimate.size()) +
                            " poses but ground truth has " + std::to_string(ground_truth.size()));
  }
  if (estimate.size() == 0) throw InvalidInputError("trajectory: no poses to compare");
}

Eigen::Matrix3Xd Positions(const Trajectory& t) {
  Eigen::Matrix3Xd p(3, t.size());
  for (size_t i = 0; i < t.size(); ++i) p.col(i) = t.world_from_camera[i].translation();
  return p;
}

}  // namespace

double RotationAngleDeg(const Eigen::Matrix3d& rotation) {
  // atan2 of (sin, cos) keeps precision where acos would not (tiny angles).
  const Eigen::Quaterniond q(rotation);
  const double s = q.vec().norm();
  const double angle = 2.0 * std::atan2(s, std::abs(q.w()));
  return angle * 180.0 / M_PI;
}

Similarity AlignPositions(const Trajectory& estimate, const Trajectory& ground_truth,
                          bool with_scale) {
  CheckSameLength(estimate, ground_truth);
  const Eigen::Matrix3Xd src = Positions(estimate);
  const Eigen::Matrix3Xd dst = Positions(ground_truth);
  const Eigen::Vector3d src_mean = src.rowwise().mean();
  const Eigen::Vector3d dst_mean = dst.rowwise().mean();
  const Eigen::Matrix3Xd src_c = src.colwise() - src_mean;
  const Eigen::Matrix3Xd dst_c = dst.colwise() - dst_mean;
  Similarity out;
  // Umeyama needs spread in both point sets; a static or near-static camera
  // only determines the offset.
  const double src_spread = src_c.norm(), dst_spread = dst_c.norm();
  const double scale_ref = std::max({1.0, src_mean.norm(), dst_mean.norm()});
  if (src.cols() < 3 || src_spread < 1e-9 * scale_ref || dst_spread < 1e-9 * scale_ref) {
    out.translation = dst_mean - src_mean;
    return out;
  }
  const Eigen::Matrix4d t = Eigen::umeyama(src, dst, with_scale);
  out.rotation = t.block<3, 3>(0, 0);
  out.scale = with_scale ? std::cbrt(out.rotation.determinant()) : 1.0;
  out.rotation /= out.scale;
  out.translation = t.block<3, 1>(0, 3);
  return out;
}

AteResult AbsoluteTrajectoryError(const Trajectory& estimate, const Trajectory& ground_truth,
                                  bool with_scale) {
  AteResult r;
  r.alignment = AlignPositions(estimate, ground_truth, with_scale);
  double sum_sq = 0.0, sum = 0.0;
  for (size_t i = 0; i < estimate.size(); ++i) {
    const double e = (r.alignment.Apply(estimate.world_from_camera[i].translation()) -
                      ground_truth.world_from_camera[i].translation())
                         .norm();
    sum_sq += e * e;
    sum += e;
    r.max = std::max(r.max, e);
  }
  const double n = static_cast<double>(estimate.size());
  r.rmse = std::sqrt(sum_sq / n);
  r.mean = sum / n;
  return r;
}

RpeResult RelativePoseError(const Trajectory& estimate, const Trajectory& ground_truth,
                            int delta) {
  CheckSameLength(estimate, ground_truth);
  if (delta < 1) throw InvalidInputError("trajectory: RPE delta must be >= 1, got " +
                                         std::to_string(delta));
  RpeResult r;
  double sum_sq = 0.0, sum_rot = 0.0;
  for (size_t i = 0; i + delta < estimate.size(); ++i) {
    const Eigen::Isometry3d rel_est =
        estimate.world_from_camera[i].inverse() * estimate.world_from_camera[i + delta];
    const Eigen::Isometry3d rel_gt =
        ground_truth.world_from_camera[i].inverse() * ground_truth.world_from_camera[i + delta];
    const Eigen::Isometry3d err = rel_gt.inverse() * rel_est;
    sum_sq += err.translation().squaredNorm();
    sum_rot += RotationAngleDeg(err.linear());
    ++r.pairs;
  }
  if (r.pairs > 0) {
    r.translation_rmse = std::sqrt(sum_sq / r.pairs);
    r.rotation_mean_deg = sum_rot / r.pairs;
  }
  return r;
}

double MeanRotationErrorDeg(const Trajectory& estimate, const Trajectory& ground_truth,
                            const Eigen::Matrix3d& alignment) {
  CheckSameLength(estimate, ground_truth);
  double sum = 0.0;
  for (size_t i = 0; i < estimate.size(); ++i) {
    sum += RotationAngleDeg(ground_truth.world_from_camera[i].linear().transpose() * alignment *
                            estimate.world_from_camera[i].linear());
  }
  return sum / static_cast<double>(estimate.size());
}

double PathLength(const Trajectory& trajectory) {
  double length = 0.0;
  for (size_t i = 1; i < trajectory.size(); ++i) {
    length += (trajectory.world_from_camera[i].translation() -
               trajectory.world_from_camera[i - 1].translation())
                  .norm();
  }
  return length;
}

}  // namespace dolly::trajectory
