// Whole-image motion between two frames: where LK and a point's neighbours
// cannot tell where it went (a sudden pan moves everything further than
// LK's reach; a point hidden behind a moving object has no visible
// neighbours, and LK follows the cover), the camera's motion still can.
#ifndef DOLLY_LIBS_TRACK_GLOBAL_MOTION_H_
#define DOLLY_LIBS_TRACK_GLOBAL_MOTION_H_

#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::track {

// A homography fitted to point motions: exact for a camera that only
// turns (a pan, however sudden, moves points by up to 1 / cos^2 of their
// angle off the axis more than at the centre, which no similarity fits),
// and for the ground plane.
struct GlobalMotion {
  cv::Matx33d h;
  int inliers = 0;
  cv::Point2f Apply(const cv::Point2f& p) const {
    const cv::Vec3d q = h * cv::Vec3d(p.x, p.y, 1.0);
    return {static_cast<float>(q[0] / q[2]), static_cast<float>(q[1] / q[2])};
  }
};

// Robust (RANSAC, then least squares on the inliers) homography from `from`
// to `to`, with inliers within `threshold` pixels; none when fewer than
// `min_inliers` points agree (independently moving objects are outliers:
// the fit is the motion most points share, normally the background's).
std::optional<GlobalMotion> FitGlobalMotion(const std::vector<cv::Point2f>& from,
                                            const std::vector<cv::Point2f>& to, float threshold,
                                            int min_inliers);

// Translation of frame b against frame a (CV_8UC1, same size; content at p
// in a is at p + shift in b) by phase correlation of copies shrunk to at
// most `max_side` pixels a side: a coarse whole-image alignment whose reach
// is the image, not LK's window. None when the correlation peak's response
// is below `min_response` (no clear common translation).
std::optional<cv::Point2f> PhaseShift(const cv::Mat& a, const cv::Mat& b, int max_side,
                                      double min_response);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_GLOBAL_MOTION_H_
