#include "libs/synth/smooth_noise.h"

#include <algorithm>
#include <cmath>

namespace dolly::synth {

double Fade(double t) { return t * t * t * (t * (t * 6.0 - 15.0) + 10.0); }

ValueNoise1D::ValueNoise1D(Rng* rng, int knots) : values_(std::max(knots, 2)) {
  for (double& v : values_) v = rng->Uniform(-1.0, 1.0);
}

double ValueNoise1D::At(double t) const {
  const double last = static_cast<double>(values_.size() - 1);
  t = std::clamp(t, 0.0, last);
  const size_t i = std::min(static_cast<size_t>(t), values_.size() - 2);
  const double f = Fade(t - static_cast<double>(i));
  return values_[i] + (values_[i + 1] - values_[i]) * f;
}

TileableNoise2D::TileableNoise2D(Rng* rng, int cells)
    : cells_(std::max(cells, 1)), values_(static_cast<size_t>(cells_) * cells_) {
  for (double& v : values_) v = rng->Uniform(-1.0, 1.0);
}

double TileableNoise2D::At(double u, double v) const {
  const double x = (u - std::floor(u)) * cells_;
  const double y = (v - std::floor(v)) * cells_;
  const int x0 = std::min(static_cast<int>(x), cells_ - 1);
  const int y0 = std::min(static_cast<int>(y), cells_ - 1);
  const int x1 = (x0 + 1) % cells_;
  const int y1 = (y0 + 1) % cells_;
  const double fx = Fade(x - x0);
  const double fy = Fade(y - y0);
  auto at = [&](int xx, int yy) { return values_[static_cast<size_t>(yy) * cells_ + xx]; };
  const double top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * fx;
  const double bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * fx;
  return top + (bottom - top) * fy;
}

}  // namespace dolly::synth
