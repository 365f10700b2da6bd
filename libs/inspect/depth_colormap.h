// Depth maps as colour images a person can read: a colormap stretched over a
// robust range of the whole sequence (so colours mean the same depth in
// every frame and a few outliers do not wash it out), near warm, far cool,
// unknown (0) black.
#ifndef DOLLY_LIBS_INSPECT_DEPTH_COLORMAP_H_
#define DOLLY_LIBS_INSPECT_DEPTH_COLORMAP_H_

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/inspect/palette.h"

namespace dolly::inspect {

// Distribution of the known (> 0, finite) depth values of a sequence in
// fixed memory: log-spaced bins from 1e-6 to 1e6, 400 per decade, so a
// quantile is within 0.6% of the exact one (and exact at the extremes).
class DepthHistogram {
 public:
  DepthHistogram();
  void Add(const float* values, size_t n);
  bool empty() const { return total_ == 0; }
  int64_t count() const { return total_; }
  double min() const { return min_; }
  double max() const { return max_; }
  // Value below which `fraction` of the known values lie.
  double Quantile(double fraction) const;

 private:
  std::vector<int64_t> bins_;
  int64_t total_ = 0;
  double min_ = 0;
  double max_ = 0;
};

struct DepthRange {
  double low = 0;   // values at or below map to one end of the colormap
  double high = 1;  // values at or above map to the other
};

// low/high at the given quantiles, widened when they coincide (a constant
// depth map) so that the colour mapping stays defined.
DepthRange RobustRange(const DepthHistogram& histogram, double low_fraction = 0.02,
                       double high_fraction = 0.98);

// CV_32FC1 values -> CV_8UC3 RGB. `larger_is_nearer` for inverse depth;
// nearest is the colormap's warm end. Zero and non-finite values are black;
// with inferno, whose dark end is near black, the far end stops short of it.
cv::Mat ColorizeDepth(const cv::Mat& depth, const DepthRange& range, bool larger_is_nearer,
                      Colormap map = Colormap::kTurbo);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_DEPTH_COLORMAP_H_
