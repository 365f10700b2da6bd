// The camera path of a video from frames and metric depth: features from
// cv::goodFeaturesToTrack on keyframes, tracked frame to frame with pyramidal
// LK (forward-backward checked), lifted to 3D with the keyframe's depth, each
// frame placed by PnP + RANSAC against them, and every keyframe window
// refined by bundle adjustment (bundle_adjust.h). World = camera of frame 0.
#ifndef DOLLY_LIBS_ODOMETRY_ESTIMATOR_H_
#define DOLLY_LIBS_ODOMETRY_ESTIMATOR_H_

#include <functional>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/odometry/params.h"

namespace dolly::odometry {

struct CameraPath {
  // One pose per frame; a lost frame repeats the last placed pose.
  std::vector<Eigen::Isometry3d> world_from_camera;
  std::vector<bool> lost;
  std::vector<int> keyframes;
  double bundle_adjust_seconds = 0.0;
  std::vector<int> LostFrames() const;
};

// `gray` CV_8UC1 and `depth` CV_32F (metric z-depth, 0 = unknown), one per
// frame, all camera.width x camera.height. Never throws on difficult content
// (textureless, static, too fast): frames it cannot place are marked lost.
// `on_frame` (optional) is called after each frame, for progress.
CameraPath EstimateCameraPath(const std::vector<cv::Mat>& gray, const std::vector<cv::Mat>& depth,
                              const geometry::PinholeCamera& camera,
                              const OdometryParams& params,
                              const std::function<void()>& on_frame = nullptr);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_ESTIMATOR_H_
