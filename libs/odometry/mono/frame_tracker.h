// Feature detection and frame-to-frame tracking of the monocular estimator:
// Shi-Tomasi corners away from the points already tracked, and pyramidal LK
// with a forward-backward check, seeded with the image's global shift
// (phase correlation) so that a sudden pan stays within LK's reach.
#ifndef DOLLY_LIBS_ODOMETRY_MONO_FRAME_TRACKER_H_
#define DOLLY_LIBS_ODOMETRY_MONO_FRAME_TRACKER_H_

#include <vector>

#include <opencv2/core.hpp>

namespace dolly::odometry::mono {

// Up to `count` corners of `gray` at least `min_distance` px from each other
// and from every point of `existing`.
std::vector<cv::Point2f> DetectFeatures(const cv::Mat& gray, const std::vector<cv::Point2f>& existing,
                                        int count, double min_distance);

// The shift of `to` against `from` (content at p in `from` is near
// p + shift in `to`), or (0, 0) when phase correlation finds no clear peak.
cv::Point2f GlobalShift(const cv::Mat& from, const cv::Mat& to);

// Tracks `points` of `from` into `to`; `alive[i]` says whether point i
// passed the forward-backward check (<= `forward_backward_px`) and stayed in
// the image; `tracked[i]` is its position in `to`.
void TrackFeatures(const cv::Mat& from, const cv::Mat& to, const std::vector<cv::Point2f>& points,
                   const cv::Point2f& shift, double forward_backward_px,
                   std::vector<cv::Point2f>* tracked, std::vector<bool>* alive);

}  // namespace dolly::odometry::mono

#endif  // DOLLY_LIBS_ODOMETRY_MONO_FRAME_TRACKER_H_
