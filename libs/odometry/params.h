// Tuning of the odometry estimator. Defaults suit 256x192 .. 1280x720 video
// with metric depth.
#ifndef DOLLY_LIBS_ODOMETRY_PARAMS_H_
#define DOLLY_LIBS_ODOMETRY_PARAMS_H_

namespace dolly::odometry {

struct OdometryParams {
  // Sliding window: a keyframe is retired (and its window bundle-adjusted)
  // after at most this many frames.
  int window = 8;
  // New keyframe when fewer than this share of the keyframe's features are
  // still PnP inliers.
  double min_tracked_fraction = 0.6;
  int max_features = 500;
  double min_feature_distance_px = 6.0;
  // Forward-backward LK check: max distance (px) after tracking back.
  double forward_backward_px = 1.0;
  double ransac_reprojection_px = 2.0;
  // Fewer PnP inliers than this and the frame is lost.
  int min_inliers = 15;
  // ... or fewer than this share of the tracked points.
  double min_inlier_ratio = 0.4;
  bool bundle_adjust = true;
  // Relative standard deviation of the depth prior in the bundle adjustment.
  double depth_sigma = 0.01;
  // Huber loss scale (px) of the reprojection residuals.
  double huber_px = 1.0;
  // Track labelling: a track is DYNAMIC when, in at least `dynamic_fraction`
  // of the frames where it can be checked, its point lifted with depth from
  // `label_gap` frames earlier reprojects further than `dynamic_threshold_px`
  // from where it is observed.
  int label_gap = 4;
  double dynamic_threshold_px = 2.0;
  double dynamic_fraction = 0.5;
};

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_PARAMS_H_
