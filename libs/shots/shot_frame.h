// What the shot-cut detector keeps of one frame: a small, exposure-normalised
// grey image, its corners, and a gain-free colour histogram.
#ifndef DOLLY_LIBS_SHOTS_SHOT_FRAME_H_
#define DOLLY_LIBS_SHOTS_SHOT_FRAME_H_

#include <vector>

#include <opencv2/core.hpp>

namespace dolly::shots {

struct ShotFrame {
  // CV_8UC1 at the working width: grey with its mean and spread normalised,
  // so that a global gain or offset change leaves it (nearly) unchanged.
  cv::Mat grey;
  // Corners of `grey`, where a displacement is measurable in both axes.
  std::vector<cv::Point2f> corners;
  // rg-chromaticity histogram (CV_32F, sums to 1): a colour signature that a
  // gain change does not move.
  cv::Mat chroma;
};

// `frame` is CV_8UC3 RGB or CV_8UC1; it is downscaled to at most
// `working_width` pixels wide (area filter: it also averages noise out).
ShotFrame MakeShotFrame(const cv::Mat& frame, int working_width, int max_corners);

// Chi-square distance between two chroma histograms, in [0, 1].
double ChromaDistance(const cv::Mat& a, const cv::Mat& b);

}  // namespace dolly::shots

#endif  // DOLLY_LIBS_SHOTS_SHOT_FRAME_H_
