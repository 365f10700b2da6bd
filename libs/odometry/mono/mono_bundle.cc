#include "libs/odometry/mono/mono_bundle.h"

#include <array>
#include <cmath>

#include <ceres/ceres.h>

#include "libs/odometry/mono/focal_costs.h"

namespace dolly::odometry::mono {
namespace {

struct PoseBlock {
  std::array<double, 4> q;  // camera_from_world, Ceres order (w, x, y, z)
  std::array<double, 3> t;
};

PoseBlock ToBlock(const Eigen::Isometry3d& world_from_camera) {
  const Eigen::Isometry3d cw = world_from_camera.inverse();
  const Eigen::Quaterniond q(cw.linear());
  return {{q.w(), q.x(), q.y(), q.z()},
          {cw.translation().x(), cw.translation().y(), cw.translation().z()}};
}

Eigen::Isometry3d FromBlock(const PoseBlock& b) {
  Eigen::Isometry3d cw = Eigen::Isometry3d::Identity();
  cw.linear() = Eigen::Quaterniond(b.q[0], b.q[1], b.q[2], b.q[3]).normalized().toRotationMatrix();
  cw.translation() = Eigen::Vector3d(b.t[0], b.t[1], b.t[2]);
  return cw.inverse();
}

ceres::Solver::Options SolverOptions(int max_iterations, size_t poses) {
  ceres::Solver::Options options;
  // The reduced camera system is dense in the poses: beyond a hundred of
  // them a sparse factorisation (or, without one, conjugate gradients) keeps
  // a long segment's final adjustment bounded.
  options.linear_solver_type = ceres::DENSE_SCHUR;
  if (poses > 100) {
    options.linear_solver_type =
        ceres::IsSparseLinearAlgebraLibraryTypeAvailable(ceres::SUITE_SPARSE)
            ? ceres::SPARSE_SCHUR
            : ceres::ITERATIVE_SCHUR;
  }
  options.max_num_iterations = max_iterations;
  options.num_threads = 1;
  options.logging_type = ceres::SILENT;
  return options;
}

// Root mean square pixel error of every residual block (without the robust
// loss), after the solve.
double RmsPixels(ceres::Problem* problem) {
  ceres::Problem::EvaluateOptions options;
  options.apply_loss_function = false;
  double cost = 0.0;
  problem->Evaluate(options, &cost, nullptr, nullptr, nullptr);
  const int n = problem->NumResidualBlocks();
  return n > 0 ? std::sqrt(2.0 * cost / n) : 0.0;
}

}  // namespace

BundleStats AdjustBundle(MonoBundle* bundle, double huber_px, int max_iterations) {
  BundleStats stats;
  std::map<int, PoseBlock> poses;
  for (const auto& [frame, pose] : bundle->world_from_camera) poses[frame] = ToBlock(pose);
  std::map<int, Eigen::Vector3d> points = bundle->points;
  double focal = bundle->focal;

  ceres::Problem problem;
  for (const BundleObservation& o : bundle->observations) {
    auto pose = poses.find(o.frame);
    auto point = points.find(o.point);
    if (pose == poses.end() || point == points.end()) continue;
    problem.AddResidualBlock(
        FocalReprojectionCost::Create(o.pixel.x(), o.pixel.y(), bundle->cx, bundle->cy),
        new ceres::HuberLoss(huber_px), pose->second.q.data(), pose->second.t.data(),
        point->second.data(), &focal);
  }
  stats.residuals = problem.NumResidualBlocks();
  if (stats.residuals == 0) return stats;
  for (auto& [frame, block] : poses) {
    if (!problem.HasParameterBlock(block.q.data())) continue;
    problem.SetManifold(block.q.data(), new ceres::QuaternionManifold());
    if (bundle->fixed_frames.count(frame)) {
      problem.SetParameterBlockConstant(block.q.data());
      problem.SetParameterBlockConstant(block.t.data());
    }
  }
  if (!bundle->refine_focal) problem.SetParameterBlockConstant(&focal);
  ceres::Solver::Summary summary;
  ceres::Solve(SolverOptions(max_iterations, poses.size()), &problem, &summary);
  if (!summary.IsSolutionUsable() || !(focal > 0)) return stats;
  for (const auto& [frame, block] : poses) {
    if (!bundle->fixed_frames.count(frame)) bundle->world_from_camera[frame] = FromBlock(block);
  }
  bundle->points = points;
  bundle->focal = focal;
  stats.usable = true;
  stats.cost = summary.final_cost;
  stats.rms_px = RmsPixels(&problem);
  return stats;
}

BundleStats AdjustRotationBundle(MonoBundle* bundle, double huber_px, int max_iterations) {
  BundleStats stats;
  std::map<int, PoseBlock> poses;
  for (const auto& [frame, pose] : bundle->world_from_camera) poses[frame] = ToBlock(pose);
  std::map<int, Eigen::Vector3d> directions = bundle->points;
  for (auto& [id, d] : directions) d.normalize();
  double focal = bundle->focal;

  ceres::Problem problem;
  for (const BundleObservation& o : bundle->observations) {
    auto pose = poses.find(o.frame);
    auto direction = directions.find(o.point);
    if (pose == poses.end() || direction == directions.end()) continue;
    problem.AddResidualBlock(
        FocalDirectionCost::Create(o.pixel.x(), o.pixel.y(), bundle->cx, bundle->cy),
        new ceres::HuberLoss(huber_px), pose->second.q.data(), direction->second.data(), &focal);
  }
  stats.residuals = problem.NumResidualBlocks();
  if (stats.residuals == 0) return stats;
  for (auto& [frame, block] : poses) {
    if (!problem.HasParameterBlock(block.q.data())) continue;
    problem.SetManifold(block.q.data(), new ceres::QuaternionManifold());
    if (bundle->fixed_frames.count(frame)) problem.SetParameterBlockConstant(block.q.data());
  }
  for (auto& [id, d] : directions) {
    if (problem.HasParameterBlock(d.data())) problem.SetManifold(d.data(), new ceres::SphereManifold<3>());
  }
  if (!bundle->refine_focal) problem.SetParameterBlockConstant(&focal);
  ceres::Solver::Summary summary;
  ceres::Solve(SolverOptions(max_iterations, poses.size()), &problem, &summary);
  if (!summary.IsSolutionUsable() || !(focal > 0)) return stats;
  for (const auto& [frame, block] : poses) {
    if (bundle->fixed_frames.count(frame)) continue;
    Eigen::Isometry3d pose = FromBlock(block);
    pose.translation() = bundle->world_from_camera[frame].translation();
    bundle->world_from_camera[frame] = pose;
  }
  bundle->points = directions;
  bundle->focal = focal;
  stats.usable = true;
  stats.cost = summary.final_cost;
  stats.rms_px = RmsPixels(&problem);
  return stats;
}

}  // namespace dolly::odometry::mono
