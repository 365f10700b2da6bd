#include "libs/depth/mvs_shots.h"

#include <algorithm>
#include <cstdio>

#include "libs/core/error.h"

namespace dolly::depth {
namespace {

std::string Describe(size_t index, const schema::CameraSegment& segment) {
  return "segment " + std::to_string(index) + " (frames " + std::to_string(segment.first_frame) +
         "-" + std::to_string(segment.first_frame + segment.frame_count - 1) + ")";
}

const char* MotionText(const schema::CameraSegment& segment) {
  if (!segment.__isset.motion) return "without parallax";
  switch (segment.motion) {
    case schema::MotionKind::STATIC: return "a static camera";
    case schema::MotionKind::ROTATION_ONLY: return "a camera that only rotates";
    case schema::MotionKind::GENERAL: return "without parallax";
  }
  return "without parallax";
}

constexpr char kWhatToAdd[] =
    "add a depth model (dolly-depth --backend model --model M; transfer.cwl: depth_model) or a "
    "depth file (dolly-depth --backend import; transfer.cwl: depth or depth_dir)";

}  // namespace

std::vector<MvsShot> MvsShots(const std::vector<schema::CameraSegment>& segments,
                              const std::vector<bool>& lost, const std::string& poses_path) {
  std::vector<MvsShot> shots;
  for (size_t s = 0; s < segments.size(); ++s) {
    const schema::CameraSegment& segment = segments[s];
    const bool observable =
        segment.__isset.depth_observable
            ? segment.depth_observable
            : !segment.__isset.motion || segment.motion == schema::MotionKind::GENERAL;
    if (!observable) {
      throw InvalidInputError(
          poses_path + ": " + Describe(s, segment) + " is " + MotionText(segment) +
          ", so its depth cannot come from camera motion; " + kWhatToAdd);
    }
    MvsShot shot;
    shot.segment = static_cast<int>(s);
    shot.first_frame = static_cast<int>(segment.first_frame);
    shot.end_frame = static_cast<int>(segment.first_frame + segment.frame_count);
    for (int f = shot.first_frame; f < shot.end_frame; ++f) {
      if (f >= static_cast<int>(lost.size()) || !lost[f]) shot.placed.push_back(f);
    }
    if (shot.placed.size() < 2) {
      throw InvalidInputError(poses_path + ": " + Describe(s, segment) + " has " +
                              std::to_string(shot.placed.size()) +
                              " placed frames; mvs needs at least 2 per segment");
    }
    shots.push_back(std::move(shot));
  }
  return shots;
}

double ShotParallaxPx(const MvsShot& shot, const std::vector<Eigen::Isometry3d>& world_from_camera,
                      int neighbours, double focal_px, double reference_depth) {
  std::vector<double> baselines;
  const int n = static_cast<int>(shot.placed.size());
  for (int i = 0; i < n; ++i) {
    double farthest = 0.0;
    for (int j = std::max(0, i - neighbours); j <= std::min(n - 1, i + neighbours); ++j) {
      farthest = std::max(farthest, (world_from_camera[shot.placed[i]].translation() -
                                     world_from_camera[shot.placed[j]].translation())
                                        .norm());
    }
    baselines.push_back(farthest);
  }
  std::nth_element(baselines.begin(), baselines.begin() + n / 2, baselines.end());
  return focal_px * baselines[n / 2] / reference_depth;
}

void RefuseLowParallax(const MvsShot& shot, double parallax_px, const std::string& poses_path) {
  char parallax[32];
  std::snprintf(parallax, sizeof(parallax), "%.2g", parallax_px);
  throw InvalidInputError(poses_path + ": segment " + std::to_string(shot.segment) + " (frames " +
                          std::to_string(shot.first_frame) + "-" +
                          std::to_string(shot.end_frame - 1) +
                          ") moves too little for its depth to come from camera motion (" +
                          parallax + " px of parallax between matched frames, need " +
                          std::to_string(static_cast<int>(kMinParallaxPx)) + "); " + kWhatToAdd);
}

}  // namespace dolly::depth
