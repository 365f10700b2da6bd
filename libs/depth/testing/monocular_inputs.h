// What monocular odometry hands dolly-depth, made from dolly-synth ground
// truth so that the right answer is known: a camera path cut into shots,
// each shot in its own world (its first camera) and its own unit of length
// (ground truth times a factor, as a first baseline of length 1 would give),
// and sparse map-point depth in the same units with a few gross outliers.
#ifndef DOLLY_LIBS_DEPTH_TESTING_MONOCULAR_INPUTS_H_
#define DOLLY_LIBS_DEPTH_TESTING_MONOCULAR_INPUTS_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth::testing {

struct ScaledShot {
  int first_frame = 0;
  int frame_count = 0;
  double factor = 1.0;  // this shot's unit: ground truth x factor
  schema::MotionKind::type motion = schema::MotionKind::GENERAL;
};

// The shot holding `frame`.
inline const ScaledShot& ShotOf(const std::vector<ScaledShot>& shots, int frame) {
  for (const ScaledShot& shot : shots) {
    if (frame >= shot.first_frame && frame < shot.first_frame + shot.frame_count) return shot;
  }
  throw std::out_of_range("no shot holds frame " + std::to_string(frame));
}

// `scene_dir`/camera.dolly re-expressed shot by shot; scale_kind
// FIRST_BASELINE, one segment per shot, frames in `lost` marked lost.
inline void WriteScaledTrajectory(const std::string& scene_dir,
                                  const std::vector<ScaledShot>& shots, const std::string& out,
                                  const std::vector<int>& lost = {}) {
  auto gt = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(scene_dir + "/camera.dolly");
  std::vector<schema::CameraSegment> segments;
  for (const ScaledShot& shot : shots) {
    schema::CameraSegment segment;
    segment.__set_first_frame(shot.first_frame);
    segment.__set_frame_count(shot.frame_count);
    segment.__set_motion(shot.motion);
    segment.__set_depth_observable(shot.motion == schema::MotionKind::GENERAL);
    segments.push_back(segment);
  }
  gt.info.__set_segments(segments);
  gt.info.__set_scale_kind(schema::ScaleKind::FIRST_BASELINE);
  std::vector<Eigen::Isometry3d> world_from_camera;
  for (const auto& frame : gt.frames) {
    world_from_camera.push_back(geometry::FromPose(frame.world_from_camera));
  }
  for (size_t s = 0; s < shots.size(); ++s) {
    const ScaledShot& shot = shots[s];
    const Eigen::Isometry3d first_from_world = world_from_camera[shot.first_frame].inverse();
    for (int f = shot.first_frame; f < shot.first_frame + shot.frame_count; ++f) {
      Eigen::Isometry3d pose = first_from_world * world_from_camera[f];
      pose.translation() *= shot.factor;
      gt.frames[f].__set_world_from_camera(geometry::ToPose(pose));
      gt.frames[f].__set_segment(static_cast<int32_t>(s));
    }
  }
  for (int f : lost) gt.frames[f].__set_lost(true);
  artifact::WriteArtifact(out, gt);
}

// Sparse depth: `points` random pixels per frame with ground-truth depth x
// the shot's factor, 0 elsewhere; `outlier_share` of them multiplied by a
// random factor in [0.2, 5] instead. METRIC, sparse, FIRST_BASELINE.
inline void WriteScaledSparseDepth(const std::string& scene_dir,
                                   const std::vector<ScaledShot>& shots, const std::string& out,
                                   int points = 300, double outlier_share = 0.05,
                                   uint64_t seed = 7) {
  auto gt = artifact::ReadArtifact<schema::DepthSequenceInfo>(scene_dir + "/depth.dolly");
  gt.info.__set_sparse(true);
  gt.info.__set_scale_kind(schema::ScaleKind::FIRST_BASELINE);
  gt.info.__set_kind(schema::DepthKind::METRIC);
  std::mt19937_64 rng(seed);
  for (size_t f = 0; f < gt.frames.size(); ++f) {
    const cv::Mat z = MatFromTensor(gt.frames[f].depth);
    const double factor = ShotOf(shots, static_cast<int>(f)).factor;
    cv::Mat sparse(z.size(), CV_32F, cv::Scalar(0));
    std::uniform_int_distribution<int> px(0, z.cols - 1), py(0, z.rows - 1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int placed = 0, tries = 0; placed < points && tries < 100 * points; ++tries) {
      const int x = px(rng), y = py(rng);
      const float d = z.at<float>(y, x);
      if (d <= 0 || sparse.at<float>(y, x) > 0) continue;
      double value = d * factor;
      if (unit(rng) < outlier_share) value *= std::exp(std::log(0.2) + unit(rng) * std::log(25.0));
      sparse.at<float>(y, x) = static_cast<float>(value);
      ++placed;
    }
    gt.frames[f].__set_depth(TensorFromMat(sparse));
  }
  artifact::WriteArtifact(out, gt);
}

}  // namespace dolly::depth::testing

#endif  // DOLLY_LIBS_DEPTH_TESTING_MONOCULAR_INPUTS_H_
