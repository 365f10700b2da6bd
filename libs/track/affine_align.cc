#include "libs/track/affine_align.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace dolly::track {
namespace {

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
      // d(template)/d(affine, translation, brightness) at this pixel.
      jacobian_.insert(jacobian_.end(), {gx * u, gx * v, gy * u, gy * v, gx, gy, 1.0f});
    }
  }
}

AffineAlignResult AffineTemplate::Align(const cv::Mat& gray, AffineWarp* warp,
                                        const AffineAlignOptions& options) const {
  AffineAlignResult result;
  const size_t n = values_.size();
  if (n < 9) return result;
  // Per-thread scratch: Align runs once per point and frame, in parallel.
  struct Scratch {
    std::vector<float> error, weight, magnitude;
    std::vector<uint8_t> valid;
    Eigen::Matrix<float, Eigen::Dynamic, 7> weighted;  // W J
  };
  thread_local Scratch scratch;
  std::vector<float>& error = scratch.error;
  std::vector<float>& weight = scratch.weight;
  std::vector<float>& magnitude = scratch.magnitude;
  std::vector<uint8_t>& valid = scratch.valid;
  Eigen::Matrix<float, Eigen::Dynamic, 7>& weighted = scratch.weighted;
  error.resize(n);
  weight.resize(n);
  valid.resize(n);
  magnitude.reserve(n);
  weighted.resize(static_cast<Eigen::Index>(n), 7);
  using Matrix7 = Eigen::Matrix<double, 7, 7>;
  using Vector7 = Eigen::Matrix<double, 7, 1>;
  float last_shift = std::numeric_limits<float>::infinity();
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    const cv::Matx22f& a = warp->a;
    magnitude.clear();
    for (size_t k = 0; k < n; ++k) {
      const float x = warp->position.x + a(0, 0) * u_[k] + a(0, 1) * v_[k];
      const float y = warp->position.y + a(1, 0) * u_[k] + a(1, 1) * v_[k];
      float value = 0.0f;
      valid[k] = Sample(gray, x, y, &value);
      if (!valid[k]) continue;
      error[k] = value - values_[k] - warp->brightness;
      magnitude.push_back(std::abs(error[k]));
    }
    if (magnitude.size() * 2 < n) return result;  // mostly off the image
    // The scale (and so the weights' shape) is settled in the first
    // iterations and then frozen: re-estimating it every iteration changes
    // the objective under the solver and keeps it from converging.
    if (iteration < options.scale_iterations) {
      auto middle = magnitude.begin() + magnitude.size() / 2;
      std::nth_element(magnitude.begin(), middle, magnitude.end());
      result.scale = std::max(options.min_scale, 1.4826f * *middle);
    }
    const float c = options.tukey_c * result.scale;
    float weight_sum = 0.0f;
    for (size_t k = 0; k < n; ++k) {
      weight[k] = 0.0f;
      if (!valid[k]) {
        error[k] = 0.0f;  // off the image: out of the sums
        continue;
      }
      const float r = error[k] / c;
      if (r * r < 1.0f) weight[k] = (1.0f - r * r) * (1.0f - r * r);
      weight_sum += weight[k];
    }
    // The sums over pixels as small matrix products (Eigen vectorises them).
    const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, 7, Eigen::RowMajor>> jacobian(
        jacobian_.data(), static_cast<Eigen::Index>(n), 7);
    weighted = Eigen::Map<const Eigen::VectorXf>(weight.data(), n).asDiagonal() * jacobian;
    Matrix7 h = (jacobian.transpose() * weighted).cast<double>();
    const Vector7 g =
        (weighted.transpose() * Eigen::Map<const Eigen::VectorXf>(error.data(), n)).cast<double>();
    result.inlier_fraction = weight_sum / n;
    // A small ridge keeps flat directions (a patch that is textureless or
    // a single edge) from exploding; they then barely move.
    Matrix7 full = h;
    full.diagonal().array() += 1e-6 * full.diagonal().sum() + 1e-3;
    for (int d = 0; d < 4; ++d) full(d, d) *= 1.0 + options.affine_damping;
    const Eigen::LDLT<Matrix7> ldlt(full);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) return result;
    const Vector7 delta = ldlt.solve(g);
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
    warp->brightness += static_cast<float>(delta(6));
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
  // Centre residual at the final warp.
  float centre = 0.0f;
  int count = 0;
  for (size_t k = 0; k < n; ++k) {
    if (std::abs(u_[k]) > 1.0f || std::abs(v_[k]) > 1.0f) continue;
    const float x = warp->position.x + a(0, 0) * u_[k] + a(0, 1) * v_[k];
    const float y = warp->position.y + a(1, 0) * u_[k] + a(1, 1) * v_[k];
    float value = 0.0f;
    if (!Sample(gray, x, y, &value)) continue;
    centre += std::abs(value - values_[k] - warp->brightness);
    ++count;
  }
  result.centre_error = count ? centre / count : 255.0f;
  return result;
}

}  // namespace dolly::track
