#include "libs/recon4d/silhouette.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace dolly::recon4d {

cv::Vec3b BorderColour(const cv::Mat& rgb) {
  std::vector<uint8_t> channel[3];
  auto add = [&](int y, int x) {
    const cv::Vec3b& c = rgb.at<cv::Vec3b>(y, x);
    for (int i = 0; i < 3; ++i) channel[i].push_back(c[i]);
  };
  for (int x = 0; x < rgb.cols; ++x) {
    add(0, x);
    add(rgb.rows - 1, x);
  }
  for (int y = 1; y + 1 < rgb.rows; ++y) {
    add(y, 0);
    add(y, rgb.cols - 1);
  }
  cv::Vec3b median;
  for (int i = 0; i < 3; ++i) {
    auto mid = channel[i].begin() + channel[i].size() / 2;
    std::nth_element(channel[i].begin(), mid, channel[i].end());
    median[i] = *mid;
  }
  return median;
}

cv::Mat KeyForeground(const cv::Mat& rgb, const cv::Vec3b& background, int threshold) {
  cv::Mat mask(rgb.rows, rgb.cols, CV_8UC1);
  for (int y = 0; y < rgb.rows; ++y) {
    for (int x = 0; x < rgb.cols; ++x) {
      const cv::Vec3b& c = rgb.at<cv::Vec3b>(y, x);
      int diff = 0;
      for (int i = 0; i < 3; ++i) diff = std::max(diff, std::abs(int(c[i]) - int(background[i])));
      mask.at<uint8_t>(y, x) = diff > threshold ? 255 : 0;
    }
  }
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  return mask;
}

cv::Mat OutsideDistance(const cv::Mat& mask) {
  if (cv::countNonZero(mask) == 0) {
    return cv::Mat(mask.rows, mask.cols, CV_32F,
                   cv::Scalar(std::hypot(double(mask.rows), double(mask.cols))));
  }
  cv::Mat outside = mask == 0;  // distanceTransform measures to the nearest zero
  cv::Mat distance;
  cv::distanceTransform(outside, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return distance;
}

cv::Mat SignedDistance(const cv::Mat& mask) {
  cv::Mat inside;
  cv::distanceTransform(mask != 0, inside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  if (cv::countNonZero(mask == 0) == 0) inside.setTo(0);  // no boundary to measure to
  return OutsideDistance(mask) - inside;
}

double MaskIou(const cv::Mat& a, const cv::Mat& b) {
  const int inter = cv::countNonZero((a != 0) & (b != 0));
  const int uni = cv::countNonZero((a != 0) | (b != 0));
  return uni == 0 ? 1.0 : double(inter) / uni;
}

}  // namespace dolly::recon4d
