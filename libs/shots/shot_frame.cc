#include "libs/shots/shot_frame.h"

#include <algorithm>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace dolly::shots {
namespace {

constexpr int kChromaBins = 8;

cv::Mat Downscaled(const cv::Mat& frame, int working_width) {
  if (frame.cols <= working_width) return frame;
  const double scale = static_cast<double>(working_width) / frame.cols;
  cv::Mat small;
  cv::resize(frame, small, cv::Size(working_width, std::max(8, cvRound(frame.rows * scale))), 0, 0,
             cv::INTER_AREA);
  return small;
}

// Zero mean, fixed spread, back in 8 bits for the LK tracker.
cv::Mat NormalisedGrey(const cv::Mat& small) {
  cv::Mat grey;
  if (small.channels() == 3) {
    cv::cvtColor(small, grey, cv::COLOR_RGB2GRAY);
  } else {
    grey = small;
  }
  cv::Mat f;
  grey.convertTo(f, CV_32F);
  // A light blur keeps sensor noise and compression blocks out of the corners.
  cv::GaussianBlur(f, f, cv::Size(3, 3), 0.8);
  cv::Scalar mean, spread;
  cv::meanStdDev(f, mean, spread);
  const double s = std::max(spread[0], 1.0);
  cv::Mat out;
  f.convertTo(out, CV_8U, 40.0 / s, 128.0 - 40.0 * mean[0] / s);
  return out;
}

cv::Mat ChromaHistogram(const cv::Mat& small) {
  cv::Mat hist = cv::Mat::zeros(kChromaBins, kChromaBins, CV_32F);
  if (small.channels() != 3) return hist;
  double total = 0.0;
  for (int y = 0; y < small.rows; ++y) {
    const cv::Vec3b* row = small.ptr<cv::Vec3b>(y);
    for (int x = 0; x < small.cols; ++x) {
      const int sum = row[x][0] + row[x][1] + row[x][2];
      // Near-black pixels have no reliable chromaticity.
      if (sum < 30) continue;
      const int r = std::min(kChromaBins - 1, row[x][0] * kChromaBins / sum);
      const int g = std::min(kChromaBins - 1, row[x][1] * kChromaBins / sum);
      hist.at<float>(r, g) += 1.0f;
      total += 1.0;
    }
  }
  if (total > 0) hist /= total;
  return hist;
}

}  // namespace

ShotFrame MakeShotFrame(const cv::Mat& frame, int working_width, int max_corners) {
  if (frame.empty() || frame.depth() != CV_8U ||
      (frame.channels() != 1 && frame.channels() != 3)) {
    throw std::invalid_argument("shot cuts: frames must be non-empty CV_8UC3 or CV_8UC1");
  }
  const cv::Mat small = Downscaled(frame, working_width);
  ShotFrame out;
  out.grey = NormalisedGrey(small);
  cv::goodFeaturesToTrack(out.grey, out.corners, max_corners, 0.01, 5.0, cv::noArray(), 5);
  out.chroma = ChromaHistogram(small);
  return out;
}

double ChromaDistance(const cv::Mat& a, const cv::Mat& b) {
  double d = 0.0;
  for (int i = 0; i < a.rows * a.cols; ++i) {
    const double p = a.ptr<float>()[i], q = b.ptr<float>()[i];
    if (p + q > 0) d += (p - q) * (p - q) / (p + q);
  }
  return 0.5 * d;
}

}  // namespace dolly::shots
