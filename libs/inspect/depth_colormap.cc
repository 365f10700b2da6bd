#include "libs/inspect/depth_colormap.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace dolly::inspect {
namespace {

constexpr double kLogLow = -6.0;
constexpr double kLogHigh = 6.0;
constexpr int kBinsPerDecade = 400;
constexpr int kBins = static_cast<int>((kLogHigh - kLogLow) * kBinsPerDecade);

int BinOf(double v) {
  const double position = (std::log10(v) - kLogLow) * kBinsPerDecade;
  return std::clamp(static_cast<int>(std::floor(position)), 0, kBins - 1);
}

double BinCentre(int bin) {
  return std::pow(10.0, kLogLow + (bin + 0.5) / kBinsPerDecade);
}

}  // namespace

DepthHistogram::DepthHistogram() : bins_(kBins, 0) {}

void DepthHistogram::Add(const float* values, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double v = values[i];
    if (!(v > 0) || !std::isfinite(v)) continue;
    min_ = total_ == 0 ? v : std::min(min_, v);
    max_ = total_ == 0 ? v : std::max(max_, v);
    ++bins_[BinOf(v)];
    ++total_;
  }
}

double DepthHistogram::Quantile(double fraction) const {
  if (total_ == 0) return 0;
  if (fraction <= 0) return min_;
  if (fraction >= 1) return max_;
  const double rank = fraction * static_cast<double>(total_);
  int64_t seen = 0;
  for (int bin = 0; bin < kBins; ++bin) {
    seen += bins_[bin];
    if (static_cast<double>(seen) >= rank) return std::clamp(BinCentre(bin), min_, max_);
  }
  return max_;
}

DepthRange RobustRange(const DepthHistogram& histogram, double low_fraction,
                       double high_fraction) {
  DepthRange range{histogram.Quantile(low_fraction), histogram.Quantile(high_fraction)};
  if (!(range.high > range.low)) {
    const double pad = std::max(1e-6, std::abs(range.low) * 1e-3);
    range.low -= pad;
    range.high += pad;
  }
  return range;
}

cv::Mat ColorizeDepth(const cv::Mat& depth, const DepthRange& range, bool larger_is_nearer,
                      Colormap map) {
  CV_Assert(depth.type() == CV_32FC1);
  // Inferno's far end is black; keep it apart from "unknown".
  const double floor = map == Colormap::kInferno ? 40.0 : 0.0;
  const double span = range.high - range.low;
  cv::Mat level(depth.size(), CV_8UC1);
  cv::Mat unknown(depth.size(), CV_8UC1, cv::Scalar(0));
  for (int y = 0; y < depth.rows; ++y) {
    const float* d = depth.ptr<float>(y);
    uint8_t* l = level.ptr<uint8_t>(y);
    uint8_t* u = unknown.ptr<uint8_t>(y);
    for (int x = 0; x < depth.cols; ++x) {
      const double v = d[x];
      if (!(v > 0) || !std::isfinite(v)) {
        u[x] = 255;
        l[x] = 0;
        continue;
      }
      double t = std::clamp((v - range.low) / span, 0.0, 1.0);
      if (!larger_is_nearer) t = 1.0 - t;
      l[x] = static_cast<uint8_t>(std::lround(floor + t * (255.0 - floor)));
    }
  }
  cv::Mat bgr;
  cv::applyColorMap(level, bgr, map == Colormap::kTurbo ? cv::COLORMAP_TURBO : cv::COLORMAP_INFERNO);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.setTo(cv::Scalar(0, 0, 0), unknown);
  return rgb;
}

}  // namespace dolly::inspect
