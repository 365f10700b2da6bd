// `--backend mvs`: depth for a video of a static scene with known poses and
// intrinsics by plane sweep stereo: fronto-parallel planes uniform in inverse
// depth, ZNCC patch cost against neighbouring frames, winner-take-all with
// parabola sub-plane refinement, then checks that mark unreliable pixels 0:
// low texture, weak or ambiguous matches, and multi-view depth disagreement.
#ifndef DOLLY_LIBS_DEPTH_MVS_BACKEND_H_
#define DOLLY_LIBS_DEPTH_MVS_BACKEND_H_

#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"
#include "libs/geometry/pinhole_camera.h"

namespace dolly::depth {

struct MvsParams {
  double min_depth = 0.5;
  double max_depth = 50.0;
  int planes = 128;
  int neighbours = 2;  // on each side
  int patch = 7;
  // A pixel's patch must have an intensity std (0..255 gray) of at least this.
  double min_texture_std = 4.0;
  // Aggregated ZNCC of the winner must reach this.
  double min_zncc = 0.5;
  // The best cost must be below this share of the best cost at planes more
  // than 2 away (uniqueness).
  double uniqueness = 0.95;
  // Relative depth agreement with at least one neighbour's depth map.
  double consistency = 0.03;
};

// Depth for every frame (CV_32F, 0 = unreliable). `gray` holds CV_32F
// images (0..255), `world_from_camera` one pose per frame. Needs >= 2 frames.
std::vector<cv::Mat> PlaneSweepDepth(const std::vector<cv::Mat>& gray,
                                     const std::vector<Eigen::Isometry3d>& world_from_camera,
                                     const geometry::PinholeCamera& camera,
                                     const MvsParams& params);

// Reads options.input (frames) and options.poses (CameraTrajectory) and
// writes metric depth. InvalidInputError for a one-frame video, frame counts
// or sizes that differ between video and poses, or NaN in the poses.
DepthResult RunMvsBackend(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_MVS_BACKEND_H_
