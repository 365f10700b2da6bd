// trajectory-ate: ATE / rotation error of an estimated camera path against a
// ground-truth CameraTrajectory; the estimate is a CameraTrajectory or a
// COLMAP images.txt (matched to frames by the number in the image name, e.g.
// 000012.png -> frame 12; unregistered frames are left out and counted).
// A helper of colmap_benchmark.sh.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <Eigen/SVD>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/colmap.h"
#include "libs/trajectory/metrics.h"

namespace {

using dolly::trajectory::Trajectory;

int FrameOfName(const std::string& name) {
  const size_t slash = name.find_last_of('/');
  std::string digits;
  for (size_t i = slash == std::string::npos ? 0 : slash + 1; i < name.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) break;
    digits += name[i];
  }
  if (digits.empty()) throw dolly::InvalidInputError(name + ": no frame number in the image name");
  return std::stoi(digits);
}

// The rotation A minimising sum ||R_gt - A R_est||_F (the projection of
// sum R_gt R_est^T onto SO(3)): the alignment of a path whose positions do
// not determine one (a static or rotating camera).
Eigen::Matrix3d AlignRotations(const Trajectory& est, const Trajectory& gt) {
  Eigen::Matrix3d sum = Eigen::Matrix3d::Zero();
  for (size_t i = 0; i < est.size(); ++i) {
    sum += gt.world_from_camera[i].linear() * est.world_from_camera[i].linear().transpose();
  }
  const Eigen::JacobiSVD<Eigen::Matrix3d> svd(sum, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  d(2, 2) = (svd.matrixU() * svd.matrixV().transpose()).determinant() < 0 ? -1.0 : 1.0;
  return svd.matrixU() * d * svd.matrixV().transpose();
}

Trajectory Slice(const Trajectory& t, int64_t first, int64_t count) {
  Trajectory out;
  for (int64_t i = first; i < first + count && i < static_cast<int64_t>(t.size()); ++i) {
    out.Add(t.timestamps[i], t.world_from_camera[i]);
  }
  return out;
}

// An estimate of several shots (segments, each in its own world frame) is
// scored shot by shot, each aligned on its own; the errors are pooled over
// every frame (RMSE of the positions, mean of the rotations).
void PrintPerSegment(const Trajectory& est, const Trajectory& gt,
                     const std::vector<dolly::schema::CameraSegment>& segments) {
  double sim3_sq = 0, se3_sq = 0, rot = 0, rot_only = 0;
  int64_t frames = 0;
  for (const dolly::schema::CameraSegment& s : segments) {
    const Trajectory e = Slice(est, s.first_frame, s.frame_count);
    const Trajectory g = Slice(gt, s.first_frame, s.frame_count);
    const auto sim3 = dolly::trajectory::AbsoluteTrajectoryError(e, g, true);
    const auto se3 = dolly::trajectory::AbsoluteTrajectoryError(e, g, false);
    const double n = static_cast<double>(e.size());
    sim3_sq += n * sim3.rmse * sim3.rmse;
    se3_sq += n * se3.rmse * se3.rmse;
    rot += n * dolly::trajectory::MeanRotationErrorDeg(e, g, sim3.alignment.rotation);
    rot_only += n * dolly::trajectory::MeanRotationErrorDeg(e, g, AlignRotations(e, g));
    frames += static_cast<int64_t>(e.size());
  }
  const double path = dolly::trajectory::PathLength(gt);
  const double sim3_rmse = std::sqrt(sim3_sq / frames);
  std::printf("segments %zu (each aligned on its own) ate_sim3 %.5f m (%.2f%% of path) ate_se3 %.5f "
              "m rot_sim3 %.4f deg rot_aligned %.4f deg",
              segments.size(), sim3_rmse, path > 0 ? 100.0 * sim3_rmse / path : 0.0,
              std::sqrt(se3_sq / frames), rot / frames, rot_only / frames);
}

}  // namespace

int main(int argc, char** argv) {
  std::string gt_path, estimate_path, colmap_path;
  bool print_camera = false;
  return dolly::cli::RunTool(
      argc, argv,
      {"trajectory-ate", "ATE (Sim(3) and SE(3)) and mean rotation error of a camera path."},
      [&](CLI::App& app) {
        app.add_option("--gt", gt_path, "Ground-truth CameraTrajectory")->required();
        app.add_option("--estimate", estimate_path, "Estimated CameraTrajectory");
        app.add_option("--colmap", colmap_path, "Estimated path as COLMAP images.txt");
        app.add_flag("--print-colmap-camera", print_camera,
                     "Print the GT intrinsics as COLMAP PINHOLE parameters and exit");
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        const auto gt_artifact =
            dolly::artifact::ReadArtifact<dolly::schema::CameraTrajectoryInfo>(gt_path);
        if (print_camera) {
          const dolly::geometry::PinholeCamera c =
              dolly::geometry::FromIntrinsics(gt_artifact.info.intrinsics, gt_path);
          // COLMAP puts (0,0) at the corner of the top-left pixel: cx + 0.5.
          std::printf("%.9g,%.9g,%.9g,%.9g\n", c.fx, c.fy, c.cx + 0.5, c.cy + 0.5);
          summary->SuppressPrinting();
          return;
        }
        const Trajectory gt_all = dolly::trajectory::FromCameraTrajectory(gt_artifact);
        Trajectory est, gt;
        if (!colmap_path.empty()) {
          for (const auto& [name, pose] : dolly::trajectory::ReadColmapImages(colmap_path)) {
            const int f = FrameOfName(name);
            if (f < 0 || f >= static_cast<int>(gt_all.size())) continue;
            est.Add(f, pose);
            gt.Add(f, gt_all.world_from_camera[f]);
          }
        } else if (!estimate_path.empty()) {
          est = dolly::trajectory::ReadCameraTrajectory(estimate_path);
          gt = gt_all;
        } else {
          throw dolly::UsageError("give --estimate or --colmap");
        }
        const auto sim3 = dolly::trajectory::AbsoluteTrajectoryError(est, gt, true);
        const auto se3 = dolly::trajectory::AbsoluteTrajectoryError(est, gt, false);
        const double rot =
            dolly::trajectory::MeanRotationErrorDeg(est, gt, sim3.alignment.rotation);
        const double rot_only =
            dolly::trajectory::MeanRotationErrorDeg(est, gt, AlignRotations(est, gt));
        const double path = dolly::trajectory::PathLength(gt_all);
        std::printf("frames %zu/%zu path %.4f m ate_sim3 %.5f m (%.2f%% of path) ate_se3 %.5f m "
                    "rot_sim3 %.4f deg rot_aligned %.4f deg",
                    est.size(), gt_all.size(), path, sim3.rmse,
                    path > 0 ? 100.0 * sim3.rmse / path : 0.0, se3.rmse, rot, rot_only);
        if (!estimate_path.empty()) {
          const auto est_artifact =
              dolly::artifact::ReadArtifact<dolly::schema::CameraTrajectoryInfo>(estimate_path);
          const auto segments = dolly::trajectory::TrajectorySegments(est_artifact, estimate_path);
          if (segments.size() > 1 && est.size() == gt.size()) {
            std::printf("\n");
            PrintPerSegment(est, gt, segments);
          }
          if (est_artifact.info.__isset.intrinsics && gt_artifact.info.__isset.intrinsics) {
            std::printf(" focal %.2f px (true %.2f)", est_artifact.info.intrinsics.fx,
                        gt_artifact.info.intrinsics.fx);
          }
        }
        std::printf("\n");
        summary->SuppressPrinting();
      });
}
