#include "libs/track/global_motion.h"

#include <algorithm>
#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace dolly::track {

std::optional<GlobalMotion> FitGlobalMotion(const std::vector<cv::Point2f>& from,
                                            const std::vector<cv::Point2f>& to, float threshold,
                                            int min_inliers) {
  if (from.size() != to.size() || static_cast<int>(from.size()) < std::max(min_inliers, 4)) {
    return std::nullopt;
  }
  std::vector<uint8_t> inliers;
  const cv::Mat h = cv::findHomography(from, to, cv::RANSAC, threshold, inliers,
                                       /*maxIters=*/500, /*confidence=*/0.99);
  if (h.empty() || !cv::checkRange(h)) return std::nullopt;
  GlobalMotion motion;
  motion.inliers = static_cast<int>(std::count(inliers.begin(), inliers.end(), 1));
  if (motion.inliers < min_inliers) return std::nullopt;
  motion.h = cv::Matx33d(h.ptr<double>());
  return motion;
}

std::optional<cv::Point2f> PhaseShift(const cv::Mat& a, const cv::Mat& b, int max_side,
                                      double min_response) {
  CV_Assert(a.type() == CV_8UC1 && a.size() == b.size());
  const double shrink = std::min(1.0, static_cast<double>(max_side) / std::max(a.cols, a.rows));
  const cv::Size size(std::max(8, static_cast<int>(std::lround(a.cols * shrink))),
                      std::max(8, static_cast<int>(std::lround(a.rows * shrink))));
  cv::Mat fa, fb;
  cv::resize(a, fa, size, 0, 0, cv::INTER_AREA);
  cv::resize(b, fb, size, 0, 0, cv::INTER_AREA);
  fa.convertTo(fa, CV_32F);
  fb.convertTo(fb, CV_32F);
  // The window keeps the image borders (which do not wrap around) out of
  // the spectrum.
  cv::Mat window;
  cv::createHanningWindow(window, size, CV_32F);
  double response = 0.0;
  const cv::Point2d shift = cv::phaseCorrelate(fa, fb, window, &response);
  if (!(response >= min_response)) return std::nullopt;
  return cv::Point2f(static_cast<float>(shift.x * a.cols / size.width),
                     static_cast<float>(shift.y * a.rows / size.height));
}

}  // namespace dolly::track
