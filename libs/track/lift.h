// Lifting 2D tracks to 3D with a depth map per frame.
//
// Frame convention: points are in each frame's own camera frame (x right,
// y down, z forward) unless world_from_camera poses are given, then in the
// world frame of those poses. TrackSet has no field that says which, so the
// tool's help and README state it.
//
// Missing values: a track that is invisible in a frame, or visible but with
// no valid (non-zero) depth around its position, has no measurement there. Its
// point holds the last measured value of that track (in the output frame
// convention; (0, 0, 0) before the first) so that points_world stays finite,
// and its confidence in that frame is set to 0; its 2D visibility is kept.
#ifndef DOLLY_LIBS_TRACK_LIFT_H_
#define DOLLY_LIBS_TRACK_LIFT_H_

#include <optional>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/track/lk_tracker.h"
#include "schemas/depth_types.h"

namespace dolly::track {

// z-depth (CV_32F, 0 where unknown) from a DepthSequence frame's values,
// given the sequence's kind, scale and shift (defaults 1 and 0).
cv::Mat ZDepth(const cv::Mat& values, const schema::DepthSequenceInfo& info);

// Bilinear z-depth at (x, y) (geometry::SampleDepth); nullopt at a depth
// edge, outside the image or where depth is unknown: a point on a silhouette
// would otherwise be lifted between the two surfaces.
std::optional<float> SampleDepth(const cv::Mat& z, float x, float y);

// points[f][i]; sets result->confidence to 0 where no measurement exists.
// `cameras` has one entry per frame; `world_from_camera` is empty or one per frame.
std::vector<std::vector<Eigen::Vector3f>> LiftTracks(
    const std::vector<cv::Mat>& z_depth, const std::vector<geometry::PinholeCamera>& cameras,
    const std::vector<Eigen::Isometry3d>& world_from_camera, TrackResult* result);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_LIFT_H_
