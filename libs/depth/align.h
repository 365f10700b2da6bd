// Robust scale/shift alignment of relative depth (or relative inverse depth)
// to sparse metric depth, e.g. from SfM points or a depth sensor.
#ifndef DOLLY_LIBS_DEPTH_ALIGN_H_
#define DOLLY_LIBS_DEPTH_ALIGN_H_

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::depth {

struct AlignOptions {
  // false: metric = scale * relative + shift.
  // true:  1 / metric = scale * relative + shift (relative is disparity-like).
  bool inverse = false;
  // Least-median-of-squares samples (pairs of points) before the refit.
  int samples = 200;
  // Huber IRLS iterations after the least-median-of-squares start.
  int iterations = 20;
  uint64_t seed = 1;
};

struct ScaleShift {
  double scale = 1.0;
  double shift = 0.0;
  // Points whose residual is within 2.5 robust sigmas of the fit.
  int64_t inliers = 0;
  // Robust sigma (1.4826 x median absolute residual) in the fitted space
  // (depth, or inverse depth with `inverse`).
  double sigma = 0.0;
};

// Fits scale and shift from pairs (relative[i], metric[i]); metric values
// must be > 0. Least median of squares over random point pairs (robust up to
// ~50% outliers, no threshold to tune) gives the start and the outlier scale;
// Huber IRLS (delta = 1.345 sigma, zero weight beyond 4 sigma) refits on all
// points. Throws InvalidInputError with fewer than 2 usable pairs or when all
// relative values are equal.
ScaleShift FitScaleShift(const std::vector<double>& relative, const std::vector<double>& metric,
                         const AlignOptions& options = {});

// relative map -> metric depth with a fit: depth = s v + t, or 1 / (s v + t)
// for inverse fits; values that map to <= 0 become 0 (unknown).
cv::Mat ApplyScaleShift(const cv::Mat& relative, const ScaleShift& fit, bool inverse);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_ALIGN_H_
