#include "libs/geometry/depth_sample.h"

#include <algorithm>
#include <cmath>

namespace dolly::geometry {

double SampleDepth(const cv::Mat& depth, double x, double y, double max_ratio) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0.0;
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  if (x0 < 0 || y0 < 0 || x0 + 1 >= depth.cols || y0 + 1 >= depth.rows) return 0.0;
  const double d00 = depth.at<float>(y0, x0), d01 = depth.at<float>(y0, x0 + 1);
  const double d10 = depth.at<float>(y0 + 1, x0), d11 = depth.at<float>(y0 + 1, x0 + 1);
  const double lo = std::min({d00, d01, d10, d11}), hi = std::max({d00, d01, d10, d11});
  if (!(lo > 0.0) || hi > lo * max_ratio) return 0.0;
  const double ax = x - x0, ay = y - y0;
  return (1 - ay) * ((1 - ax) * d00 + ax * d01) + ay * ((1 - ax) * d10 + ax * d11);
}

std::vector<float> ValidDepths(const cv::Mat& depth) {
  std::vector<float> values;
  values.reserve(depth.total());
  for (int y = 0; y < depth.rows; ++y) {
    const float* row = depth.ptr<float>(y);
    for (int x = 0; x < depth.cols; ++x) {
      if (std::isfinite(row[x]) && row[x] > 0.0f) values.push_back(row[x]);
    }
  }
  return values;
}

std::optional<double> MedianValidDepth(const cv::Mat& depth) {
  std::vector<float> values = ValidDepths(depth);
  if (values.empty()) return std::nullopt;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

}  // namespace dolly::geometry
