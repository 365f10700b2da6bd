#include "libs/odometry/mono/frame_tracker.h"

#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace dolly::odometry::mono {

std::vector<cv::Point2f> DetectFeatures(const cv::Mat& gray, const std::vector<cv::Point2f>& existing,
                                        int count, double min_distance) {
  std::vector<cv::Point2f> corners;
  if (count <= 0) return corners;
  cv::Mat mask(gray.size(), CV_8UC1, cv::Scalar(255));
  const int radius = std::max(1, static_cast<int>(std::lround(min_distance)));
  for (const cv::Point2f& p : existing) cv::circle(mask, p, radius, cv::Scalar(0), cv::FILLED);
  cv::goodFeaturesToTrack(gray, corners, count, 0.01, min_distance, mask, 5);
  return corners;
}

cv::Point2f GlobalShift(const cv::Mat& from, const cv::Mat& to) {
  cv::Mat a, b, window;
  from.convertTo(a, CV_32F);
  to.convertTo(b, CV_32F);
  cv::createHanningWindow(window, a.size(), CV_32F);
  double response = 0.0;
  const cv::Point2d shift = cv::phaseCorrelate(a, b, window, &response);
  // A weak peak is noise (no dominant motion, or little texture).
  if (!(response > 0.05) || !std::isfinite(shift.x) || !std::isfinite(shift.y)) return {0, 0};
  return cv::Point2f(static_cast<float>(shift.x), static_cast<float>(shift.y));
}

void TrackFeatures(const cv::Mat& from, const cv::Mat& to, const std::vector<cv::Point2f>& points,
                   const cv::Point2f& shift, double forward_backward_px,
                   std::vector<cv::Point2f>* tracked, std::vector<bool>* alive) {
  tracked->assign(points.begin(), points.end());
  alive->assign(points.size(), false);
  if (points.empty()) return;
  // Tighter convergence than OpenCV's default: poses are only as good as the
  // sub-pixel positions.
  const cv::TermCriteria criteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 50, 1e-3);
  // Two passes: a wide window over the pyramid finds the match, a small one
  // at full resolution places it. A wide window is biased where the view
  // changes: LK fits one shift to a patch that perspective deforms, and the
  // wider the patch the further its best shift is from the corner's
  // (measured on a dolly-synth orbit: 21 px windows turned the camera 1.5 %
  // short, 9 px ones 0.2 %).
  const cv::Size coarse(21, 21), fine(9, 9);
  const int levels = 3;
  std::vector<cv::Point2f> forward(points.size()), backward = points;
  for (size_t i = 0; i < points.size(); ++i) forward[i] = points[i] + shift;
  std::vector<uchar> st1, st2, st3, st4;
  std::vector<float> err;
  cv::calcOpticalFlowPyrLK(from, to, points, forward, st1, err, coarse, levels, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  cv::calcOpticalFlowPyrLK(from, to, points, forward, st2, err, fine, 0, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  cv::calcOpticalFlowPyrLK(to, from, forward, backward, st3, err, coarse, levels, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  cv::calcOpticalFlowPyrLK(to, from, forward, backward, st4, err, fine, 0, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  for (size_t i = 0; i < points.size(); ++i) {
    const cv::Point2f& p = forward[i];
    (*alive)[i] = st1[i] && st2[i] && st3[i] && st4[i] && cv::norm(backward[i] - points[i]) <= forward_backward_px &&
                  p.x >= 0 && p.y >= 0 && p.x <= to.cols - 1 && p.y <= to.rows - 1;
    (*tracked)[i] = p;
  }
}

}  // namespace dolly::odometry::mono
