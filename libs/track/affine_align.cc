#include "libs/track/affine_align.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace dolly::track {
namespace {

constexpr int kParams = AffineTemplate::kParams;
// A warm start's residual scale is kept while the mean absolute residual is
// at most this times it (0.8 times it for Gaussian residuals).
constexpr float kWarmScaleRatio = 3.0f;

// Bilinear sample of a CV_8UC1 image; false outside [0, w-1] x [0, h-1].
inline bool Sample(const cv::Mat& gray, float x, float y, float* value) {
  if (!(x >= 0.0f && y >= 0.0f && x <= gray.cols - 1.0f && y <= gray.rows - 1.0f)) return false;
  const int x0 = std::min(static_cast<int>(x), gray.cols - 2);
  const int y0 = std::min(static_cast<int>(y), gray.rows - 2);
  const float fx = x - x0, fy = y - y0;
  const uint8_t* r0 = gray.ptr<uint8_t>(y0) + x0;
  const uint8_t* r1 = gray.ptr<uint8_t>(y0 + 1) + x0;
  const float top = r0[0] + fx * (r0[1] - r0[0]);
  const float bottom = r1[0] + fx * (r1[1] - r1[0]);
  *value = top + fy * (bottom - top);
  return true;
}

// Pixels are padded to a multiple of this (two 4-float packets).
constexpr size_t kBlock = 8;

// Sum of a[k] * b[k] over a whole number of blocks; two accumulators, so
// that consecutive additions do not wait on each other.
inline float Dot(const float* a, const float* b, size_t count) {
  using Packet = Eigen::Array4f;
  Packet even = Packet::Zero(), odd = Packet::Zero();
  for (size_t k = 0; k < count; k += kBlock) {
    even += Eigen::Map<const Packet>(a + k) * Eigen::Map<const Packet>(b + k);
    odd += Eigen::Map<const Packet>(a + k + 4) * Eigen::Map<const Packet>(b + k + 4);
  }
  return (even + odd).sum();
}

}  // namespace

AffineTemplate::AffineTemplate(const cv::Mat& gray, cv::Point2f centre, int radius)
    : radius_(radius) {
  CV_Assert(gray.type() == CV_8UC1 && gray.cols >= 2 && gray.rows >= 2 && radius >= 1);
  // Samples on a grid one pixel wider than the patch, for central differences.
  const int side = 2 * radius + 3;
  std::vector<float> grid(side * side);
  std::vector<uint8_t> inside(side * side);
  for (int j = 0; j < side; ++j) {
    for (int i = 0; i < side; ++i) {
      inside[j * side + i] = Sample(gray, centre.x + i - radius - 1, centre.y + j - radius - 1,
                                    &grid[j * side + i]);
    }
  }
  for (int v = -radius; v <= radius; ++v) {
    for (int u = -radius; u <= radius; ++u) {
      const int k = (v + radius + 1) * side + (u + radius + 1);
      // Pixels whose neighbours fall off the image are left out: the patch
      // of a point near the border is smaller.
      if (!inside[k] || !inside[k - 1] || !inside[k + 1] || !inside[k - side] ||
          !inside[k + side]) {
        continue;
      }
      const float gx = 0.5f * (grid[k + 1] - grid[k - 1]);
      const float gy = 0.5f * (grid[k + side] - grid[k - side]);
      values_.push_back(grid[k]);
      u_.push_back(static_cast<float>(u));
      v_.push_back(static_cast<float>(v));
      // d(template)/d(affine, translation) at this pixel (scaled by the
      // gain in Align); the gain's column is filled below, the brightness's
      // is 1.
      const float j[kParams] = {gx * u, gx * v, gy * u, gy * v, gx, gy, 0.0f, 1.0f};
      for (int p = 0; p < kParams; ++p) columns_[p].push_back(j[p]);
    }
  }
  // Gain about the mean: its column is then nearly orthogonal to the
  // brightness's, so the two do not trade off.
  for (float value : values_) mean_ += value;
  if (!values_.empty()) mean_ /= values_.size();
  for (size_t k = 0; k < values_.size(); ++k) columns_[6][k] = values_[k] - mean_;
  // Padded to whole blocks of pixels with zero Jacobian (they add
  // nothing to the sums).
  while (columns_[0].size() % kBlock != 0) {
    for (auto& column : columns_) column.push_back(0.0f);
  }
}

AffineAlignResult AffineTemplate::Align(const cv::Mat& gray, AffineWarp* warp,
                                        const AffineAlignOptions& options) const {
  AffineAlignResult result;
  const size_t n = values_.size();
  if (n < 9) return result;
  const size_t padded = columns_[0].size();
  // Per-thread scratch (Align runs once per point and frame, in parallel),
  // used through plain pointers in the loops.
  struct Scratch {
    std::vector<float> error, weight, magnitude, weighted;
  };
  thread_local Scratch scratch;
  scratch.error.assign(padded, 0.0f);
  scratch.weight.assign(padded, 0.0f);
  scratch.magnitude.resize(n);
  scratch.weighted.resize(padded * kParams);
  float* weighted[kParams];  // W J, column by column
  for (int p = 0; p < kParams; ++p) weighted[p] = scratch.weighted.data() + p * padded;
  float* const error = scratch.error.data();
  float* const weight = scratch.weight.data();
  float* const magnitude = scratch.magnitude.data();
  const float* const u = u_.data();
  const float* const v = v_.data();
  const float* const values = values_.data();
  using MatrixP = Eigen::Matrix<double, kParams, kParams>;
  using VectorP = Eigen::Matrix<double, kParams, 1>;
  using Packet = Eigen::Array4f;
  float last_shift = std::numeric_limits<float>::infinity();
  bool warm_weights = false;  // the weights are a warm start's, settled before
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    // Locals: the stores to the scratch arrays could alias *warp otherwise.
    const cv::Matx22f a = warp->a;
    const float px = warp->position.x, py = warp->position.y, gain = warp->gain;
    // The model gain (T - mean) + mean + brightness, as gain T + offset.
    const float brightness = warp->brightness + (1.0f - gain) * mean_;
    const float a00 = a(0, 0), a01 = a(0, 1), a10 = a(1, 0), a11 = a(1, 1);
    size_t inside = 0;
    // The patch's corners bound it: when all are inside, no pixel needs
    // the bounds check.
    const float reach_x = radius_ * (std::abs(a(0, 0)) + std::abs(a(0, 1)));
    const float reach_y = radius_ * (std::abs(a(1, 0)) + std::abs(a(1, 1)));
    const bool all_inside = warp->position.x - reach_x >= 0.0f &&
                            warp->position.y - reach_y >= 0.0f &&
                            warp->position.x + reach_x < gray.cols - 1.0f &&
                            warp->position.y + reach_y < gray.rows - 1.0f;
    if (all_inside) {
      const uint8_t* base = gray.ptr<uint8_t>(0);
      const size_t stride = gray.step1();
      for (size_t k = 0; k < n; ++k) {
        const float x = px + a00 * u[k] + a01 * v[k];
        const float y = py + a10 * u[k] + a11 * v[k];
        const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
        const float fx = x - x0, fy = y - y0;
        const uint8_t* r0 = base + y0 * stride + x0;
        const uint8_t* r1 = r0 + stride;
        const float top = r0[0] + fx * (r0[1] - r0[0]);
        const float bottom = r1[0] + fx * (r1[1] - r1[0]);
        error[k] = top + fy * (bottom - top) - gain * values[k] - brightness;
        magnitude[k] = std::abs(error[k]);
        weight[k] = 1.0f;
      }
      inside = n;
    }
    for (size_t k = 0; k < n && !all_inside; ++k) {
      const float x = px + a00 * u[k] + a01 * v[k];
      const float y = py + a10 * u[k] + a11 * v[k];
      float value = 0.0f;
      if (Sample(gray, x, y, &value)) {
        error[k] = value - gain * values[k] - brightness;
        magnitude[inside++] = std::abs(error[k]);
        weight[k] = 1.0f;
      } else {
        error[k] = 0.0f;  // off the image: out of the sums
        weight[k] = 0.0f;
      }
    }
    if (inside * 2 < n) return result;  // mostly off the image
    // The scale (and so the weights' shape) is settled in the first
    // iterations and then frozen: re-estimating it every iteration changes
    // the objective under the solver and keeps it from converging.
    // A warm start's scale stands in for the first estimate, unless the residuals are far above it
    // (the exposure changed, or the point is somewhere else).
    bool warm = iteration == 0 && warp->scale > 0.0f;
    if (warm) {
      float sum = 0.0f;
      for (size_t k = 0; k < inside; ++k) sum += magnitude[k];
      warm = sum <= kWarmScaleRatio * warp->scale * inside;
    }
    if (warm) {
      result.scale = warp->scale;
      warm_weights = true;
    }
    if (!warm && iteration < options.scale_iterations) {
      std::nth_element(magnitude, magnitude + inside / 2, magnitude + inside);
      result.scale = std::max(options.min_scale, 1.4826f * magnitude[inside / 2]);
    }
    const float c2 = 1.0f / (options.tukey_c * result.scale * options.tukey_c * result.scale);
    float weight_sum = 0.0f;
    for (size_t k = 0; k < n; ++k) {
      const float r2 = error[k] * error[k] * c2;
      const float t = r2 < 1.0f ? (1.0f - r2) * (1.0f - r2) : 0.0f;
      weight[k] *= t;
      weight_sum += weight[k];
    }
    result.inlier_fraction = weight_sum / n;
    // Normal equations, four pixels at a time (Eigen's fixed-size packets
    // are SIMD registers), one entry at a time so that its accumulator
    // stays in a register: 28 distinct entries of J^T W J, 7 of J^T W e.
    // The gain joins once the weights have settled: from the start it
    // would lower the contrast to fit pixels of another surface (which the
    // weights are there to drop). Out of the sums, its row and column are a
    // unit diagonal with no gradient: its step is 0.
    const bool fit_gain =
        options.gain && (warm_weights || iteration >= options.scale_iterations);
    const auto used = [&](int p) { return p != 6 || fit_gain; };
    for (int p = 0; p < kParams; ++p) {
      if (!used(p)) continue;
      const float* column = columns_[p].data();
      float* out = weighted[p];
      for (size_t k = 0; k < padded; k += 4) {
        Eigen::Map<Packet>(out + k) =
            Eigen::Map<const Packet>(weight + k) * Eigen::Map<const Packet>(column + k);
      }
    }
    // The geometric columns are the template's derivatives: under the
    // model they are scaled by the gain.
    const auto scale = [&](int p) { return p < 6 ? static_cast<double>(gain) : 1.0; };
    MatrixP h = MatrixP::Zero();
    VectorP g = VectorP::Zero();
    for (int row = 0; row < kParams; ++row) {
      if (!used(row)) {
        h(row, row) = 1.0;
        continue;
      }
      g(row) = scale(row) * Dot(weighted[row], error, padded);
      for (int col = row; col < kParams; ++col) {
        if (!used(col)) continue;
        h(row, col) = h(col, row) =
            scale(row) * scale(col) * Dot(weighted[row], columns_[col].data(), padded);
      }
    }
    // A small ridge keeps flat directions (a patch that is textureless or
    // a single edge) from exploding; they then barely move.
    h.diagonal().array() += 1e-6 * h.diagonal().sum() + 1e-3;
    const Eigen::LDLT<MatrixP> ldlt(h);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) return result;
    const VectorP delta = ldlt.solve(g);
    if (!delta.allFinite()) return result;
    // p <- p o W(delta)^-1: A' = A (I + D)^-1, t' = t - A' d.
    const cv::Matx22f step(1.0f + static_cast<float>(delta(0)), static_cast<float>(delta(1)),
                           static_cast<float>(delta(2)), 1.0f + static_cast<float>(delta(3)));
    const float det = step(0, 0) * step(1, 1) - step(0, 1) * step(1, 0);
    if (!(det > 0.1f)) return result;
    const cv::Matx22f a_new = a * step.inv();
    const cv::Vec2f d(static_cast<float>(delta(4)), static_cast<float>(delta(5)));
    const cv::Vec2f shift = a_new * d;
    warp->a = a_new;
    warp->position -= cv::Point2f(shift[0], shift[1]);
    warp->gain += static_cast<float>(delta(6));
    warp->brightness += static_cast<float>(delta(7));
    warp->scale = result.scale;
    const float corner = static_cast<float>(radius_) *
                         static_cast<float>(std::abs(delta(0)) + std::abs(delta(1)) +
                                            std::abs(delta(2)) + std::abs(delta(3)));
    last_shift = std::hypot(shift[0], shift[1]);
    if (last_shift < options.min_step && corner < options.min_corner_step) break;
  }
  // The centre's position is what is asked for: the affine part converges
  // more slowly (and matters less) than the translation.
  result.converged = last_shift < options.max_final_step;
  // The affine part must stay a plausible view change of a small patch.
  const cv::Matx22f& a = warp->a;
  const float det = a(0, 0) * a(1, 1) - a(0, 1) * a(1, 0);
  if (!(det > 0.1f && det < 10.0f)) result.converged = false;
  if (!(warp->gain >= options.min_gain && warp->gain <= options.max_gain)) result.converged = false;
  // Centre residual at the final warp.
  float centre = 0.0f;
  int count = 0;
  for (size_t k = 0; k < n; ++k) {
    if (std::abs(u_[k]) > 1.0f || std::abs(v_[k]) > 1.0f) continue;
    const float x = warp->position.x + a(0, 0) * u_[k] + a(0, 1) * v_[k];
    const float y = warp->position.y + a(1, 0) * u_[k] + a(1, 1) * v_[k];
    float value = 0.0f;
    if (!Sample(gray, x, y, &value)) continue;
    centre += std::abs(value - warp->gain * (values_[k] - mean_) - mean_ - warp->brightness);
    ++count;
  }
  result.centre_error = count ? centre / count : 255.0f;
  return result;
}

}  // namespace dolly::track
