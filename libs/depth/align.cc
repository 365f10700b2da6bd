#include "libs/depth/align.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "libs/core/error.h"

namespace dolly::depth {
namespace {

struct Line {
  double s = 1.0;
  double t = 0.0;
};

double Median(std::vector<double> v) {
  const size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  return v[mid];
}

// Weighted least squares y = s x + t; false when the weighted x are all equal.
bool WeightedFit(const std::vector<double>& x, const std::vector<double>& y,
                 const std::vector<double>& w, Line* line) {
  double sw = 0, sx = 0, sy = 0;
  for (size_t i = 0; i < x.size(); ++i) sw += w[i], sx += w[i] * x[i], sy += w[i] * y[i];
  if (sw <= 0) return false;
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxx += w[i] * (x[i] - mx) * (x[i] - mx);
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
  }
  if (sxx <= 1e-300 * sw) return false;
  line->s = sxy / sxx;
  line->t = my - line->s * mx;
  return true;
}

}  // namespace

ScaleShift FitScaleShift(const std::vector<double>& relative, const std::vector<double>& metric,
                         const AlignOptions& options) {
  if (relative.size() != metric.size()) {
    throw InvalidInputError("alignment: " + std::to_string(relative.size()) +
                            " relative values but " + std::to_string(metric.size()) +
                            " metric ones");
  }
  // The fitted space: y = depth, or y = 1 / depth for inverse fits.
  std::vector<double> x, y;
  for (size_t i = 0; i < relative.size(); ++i) {
    if (!std::isfinite(relative[i]) || !std::isfinite(metric[i]) || metric[i] <= 0) continue;
    x.push_back(relative[i]);
    y.push_back(options.inverse ? 1.0 / metric[i] : metric[i]);
  }
  const size_t n = x.size();
  if (n < 2) {
    throw InvalidInputError("alignment: " + std::to_string(n) +
                            " usable point(s), at least 2 are needed");
  }

  std::vector<double> sq(n);
  auto median_sq = [&](const Line& l) {
    for (size_t i = 0; i < n; ++i) {
      const double r = y[i] - (l.s * x[i] + l.t);
      sq[i] = r * r;
    }
    return Median(sq);
  };

  // Least median of squares over random pairs; the seeded engine keeps runs
  // reproducible.
  std::mt19937_64 rng(options.seed);
  Line best;
  double best_cost = std::numeric_limits<double>::infinity();
  bool found = false;
  for (int k = 0; k < std::max(1, options.samples); ++k) {
    const size_t i = rng() % n, j = rng() % n;
    if (x[i] == x[j]) continue;
    Line l;
    l.s = (y[j] - y[i]) / (x[j] - x[i]);
    l.t = y[i] - l.s * x[i];
    const double cost = median_sq(l);
    if (cost < best_cost) best_cost = cost, best = l, found = true;
  }
  if (!found) {
    std::vector<double> ones(n, 1.0);
    if (!WeightedFit(x, y, ones, &best)) {
      throw InvalidInputError("alignment: all relative values are equal; scale is undefined");
    }
    best_cost = median_sq(best);
  }

  // Huber IRLS from the robust start. sigma is fixed from the LMedS residuals
  // (with the usual small-sample correction) so outliers cannot inflate it.
  const double sigma0 = 1.4826 * (1.0 + 5.0 / std::max<double>(1.0, n - 2.0)) *
                        std::sqrt(best_cost);
  const double delta = std::max(1.345 * sigma0, 1e-12);
  // Points beyond 4 robust sigmas get no weight (a redescending tail): plain
  // Huber would still let 30% gross outliers bias the fit.
  const double cutoff = std::max(4.0 * sigma0, 1e-12);
  std::vector<double> w(n);
  Line line = best;
  for (int it = 0; it < options.iterations; ++it) {
    for (size_t i = 0; i < n; ++i) {
      const double r = std::abs(y[i] - (line.s * x[i] + line.t));
      w[i] = r > cutoff ? 0.0 : (r <= delta ? 1.0 : delta / r);
    }
    Line next;
    if (!WeightedFit(x, y, w, &next)) break;
    const bool converged = std::abs(next.s - line.s) <= 1e-12 * std::abs(line.s) &&
                           std::abs(next.t - line.t) <= 1e-12 * (std::abs(line.t) + 1e-12);
    line = next;
    if (converged) break;
  }

  ScaleShift out;
  out.scale = line.s;
  out.shift = line.t;
  out.sigma = 1.4826 * std::sqrt(median_sq(line));
  for (size_t i = 0; i < n; ++i) {
    if (std::sqrt(sq[i]) <= 2.5 * std::max(out.sigma, 1e-12)) ++out.inliers;
  }
  return out;
}

cv::Mat ApplyScaleShift(const cv::Mat& relative, const ScaleShift& fit, bool inverse) {
  CV_Assert(relative.type() == CV_32FC1);
  cv::Mat out(relative.size(), CV_32F);
  for (int r = 0; r < relative.rows; ++r) {
    const float* in = relative.ptr<float>(r);
    float* o = out.ptr<float>(r);
    for (int c = 0; c < relative.cols; ++c) {
      double v = fit.scale * in[c] + fit.shift;
      if (inverse) v = v > 0 ? 1.0 / v : 0.0;
      o[c] = std::isfinite(v) && v > 0 ? static_cast<float>(v) : 0.0f;
    }
  }
  return out;
}

}  // namespace dolly::depth
