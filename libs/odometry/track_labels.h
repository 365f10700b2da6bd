// STATIC / DYNAMIC label per point track by consistency with the camera
// motion: a track's point, lifted with depth in frame f - gap and moved by
// the estimated camera motion, should reproject onto where the track is in
// frame f. Points on moving objects miss by their own motion, frame after
// frame; a single bad frame (a depth edge, a tracking slip) does not make a
// track dynamic because the decision takes the share of failing frames.
#ifndef DOLLY_LIBS_ODOMETRY_TRACK_LABELS_H_
#define DOLLY_LIBS_ODOMETRY_TRACK_LABELS_H_

#include <cstdint>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/odometry/params.h"

namespace dolly::odometry {

struct TrackObservations {
  // [frame][track]: pixel position (NaN where unknown) and visibility.
  std::vector<std::vector<Eigen::Vector2f>> positions;
  std::vector<std::vector<uint8_t>> visible;
};

struct TrackLabelling {
  std::vector<uint8_t> labels;     // schema::TrackLabel values
  std::vector<float> mean_residual_px;  // over checked frames; NaN when none
  int static_count = 0;
  int dynamic_count = 0;
  int unknown_count = 0;
};

// Frames marked lost are not used. Tracks never checked are UNKNOWN.
// `segment_of_frame` (empty: one shot) gives each frame's shot: every shot
// has its own world frame, so a point lifted in one shot is never compared
// with a frame of another (a short shot may leave its tracks unchecked).
TrackLabelling LabelTracks(const TrackObservations& tracks, const std::vector<cv::Mat>& depth,
                           const std::vector<Eigen::Isometry3d>& world_from_camera,
                           const std::vector<bool>& lost, const geometry::PinholeCamera& camera,
                           const OdometryParams& params,
                           const std::vector<int>& segment_of_frame = {});

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_TRACK_LABELS_H_
