#include "libs/inspect/palette.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace dolly::inspect {

cv::Vec3b DistinctColor(int64_t index) {
  constexpr double kGoldenRatioConjugate = 0.618033988749895;
  const double hue = std::fmod(0.1 + static_cast<double>(index) * kGoldenRatioConjugate, 1.0);
  // Alternate saturation/value a little so that colours whose hues land
  // close together still differ.
  const double saturation = index % 2 == 0 ? 0.85 : 0.65;
  const double value = index % 3 == 0 ? 1.0 : 0.9;
  const double h = hue * 6.0;
  const int sector = static_cast<int>(h) % 6;
  const double f = h - std::floor(h);
  const double p = value * (1 - saturation);
  const double q = value * (1 - saturation * f);
  const double t = value * (1 - saturation * (1 - f));
  double r = 0, g = 0, b = 0;
  switch (sector) {
    case 0: r = value, g = t, b = p; break;
    case 1: r = q, g = value, b = p; break;
    case 2: r = p, g = value, b = t; break;
    case 3: r = p, g = q, b = value; break;
    case 4: r = t, g = p, b = value; break;
    default: r = value, g = p, b = q; break;
  }
  return cv::Vec3b(cv::saturate_cast<uint8_t>(r * 255), cv::saturate_cast<uint8_t>(g * 255),
                   cv::saturate_cast<uint8_t>(b * 255));
}

cv::Vec3b MapColor(double t, Colormap map) {
  const double clamped = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
  cv::Mat level(1, 1, CV_8UC1, cv::Scalar(std::lround(clamped * 255)));
  cv::Mat bgr;
  cv::applyColorMap(level, bgr, map == Colormap::kTurbo ? cv::COLORMAP_TURBO : cv::COLORMAP_INFERNO);
  const cv::Vec3b c = bgr.at<cv::Vec3b>(0, 0);
  return cv::Vec3b(c[2], c[1], c[0]);
}

}  // namespace dolly::inspect
