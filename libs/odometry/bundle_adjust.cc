#include "libs/odometry/bundle_adjust.h"

#include <array>

#include <ceres/ceres.h>

#include "libs/odometry/reprojection_cost.h"

namespace dolly::odometry {
namespace {

struct PoseBlock {
  std::array<double, 4> q;  // camera_from_world, Ceres order (w, x, y, z)
  std::array<double, 3> t;
};

PoseBlock ToBlock(const Eigen::Isometry3d& world_from_camera) {
  const Eigen::Isometry3d cw = world_from_camera.inverse();
  const Eigen::Quaterniond q(cw.linear());
  return {{q.w(), q.x(), q.y(), q.z()}, {cw.translation().x(), cw.translation().y(), cw.translation().z()}};
}

Eigen::Isometry3d FromBlock(const PoseBlock& b) {
  Eigen::Isometry3d cw = Eigen::Isometry3d::Identity();
  cw.linear() = Eigen::Quaterniond(b.q[0], b.q[1], b.q[2], b.q[3]).normalized().toRotationMatrix();
  cw.translation() = Eigen::Vector3d(b.t[0], b.t[1], b.t[2]);
  return cw.inverse();
}

}  // namespace

bool BundleAdjustWindow(const geometry::PinholeCamera& camera, const OdometryParams& params,
                        WindowProblem* problem) {
  std::map<int, PoseBlock> poses;
  for (const auto& [frame, pose] : problem->world_from_camera) poses[frame] = ToBlock(pose);
  std::vector<Eigen::Vector3d> points = problem->points_world;
  std::vector<bool> observed(points.size(), false);

  ceres::Problem ceres_problem;
  for (const Observation& o : problem->observations) {
    auto it = poses.find(o.frame);
    if (it == poses.end()) continue;
    ceres_problem.AddResidualBlock(
        ReprojectionCost::Create(o.pixel.x(), o.pixel.y(), camera.fx, camera.fy, camera.cx,
                                 camera.cy),
        new ceres::HuberLoss(params.huber_px), it->second.q.data(), it->second.t.data(),
        points[o.point].data());
    observed[o.point] = true;
  }
  if (ceres_problem.NumResidualBlocks() == 0) return false;
  const PoseBlock& key = poses.at(problem->keyframe);
  for (size_t i = 0; i < points.size(); ++i) {
    if (!observed[i] || !(problem->keyframe_depth[i] > 0)) continue;
    ceres_problem.AddResidualBlock(
        DepthPriorCost::Create(key.q.data(), key.t.data(), problem->keyframe_depth[i],
                               params.depth_sigma),
        nullptr, points[i].data());
  }
  for (auto& [frame, block] : poses) {
    if (!ceres_problem.HasParameterBlock(block.q.data())) continue;
    ceres_problem.SetManifold(block.q.data(), new ceres::QuaternionManifold());
    if (frame == problem->keyframe) {
      ceres_problem.SetParameterBlockConstant(block.q.data());
      ceres_problem.SetParameterBlockConstant(block.t.data());
    }
  }
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_SCHUR;
  options.max_num_iterations = 20;
  options.num_threads = 1;
  options.logging_type = ceres::SILENT;
  ceres::Solver::Summary summary;
  ceres::Solve(options, &ceres_problem, &summary);
  if (!summary.IsSolutionUsable()) return false;
  for (const auto& [frame, block] : poses) {
    if (frame != problem->keyframe) problem->world_from_camera[frame] = FromBlock(block);
  }
  problem->points_world = points;
  return true;
}

}  // namespace dolly::odometry
