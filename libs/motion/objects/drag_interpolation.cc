#include "libs/motion/objects/drag_interpolation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

double Sign(double v) { return (v > 0.0) - (v < 0.0); }

// scipy.interpolate.PchipInterpolator._edge_case.
double EdgeSlope(double h0, double h1, double m0, double m1) {
  double d = ((2.0 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
  if (Sign(d) != Sign(m0)) {
    d = 0.0;
  } else if (Sign(m0) != Sign(m1) && std::abs(d) > 3.0 * std::abs(m0)) {
    d = 3.0 * m0;
  }
  return d;
}

std::vector<double> Slopes(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  std::vector<double> h(n - 1), m(n - 1), d(n, 0.0);
  for (size_t i = 0; i + 1 < n; ++i) {
    h[i] = x[i + 1] - x[i];
    m[i] = (y[i + 1] - y[i]) / h[i];
  }
  if (n == 2) return {m[0], m[0]};
  for (size_t k = 1; k + 1 < n; ++k) {
    // Flat or turning: a zero slope keeps the curve inside the data's range.
    if (Sign(m[k - 1]) * Sign(m[k]) <= 0.0) continue;
    const double w1 = 2.0 * h[k] + h[k - 1];
    const double w2 = h[k] + 2.0 * h[k - 1];
    d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k]);
  }
  d[0] = EdgeSlope(h[0], h[1], m[0], m[1]);
  d[n - 1] = EdgeSlope(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
  return d;
}

}  // namespace

std::vector<double> Pchip(const std::vector<double>& x, const std::vector<double>& y,
                          const std::vector<double>& queries) {
  if (x.empty() || x.size() != y.size()) {
    throw std::invalid_argument("Pchip: x and y must be non-empty and the same size");
  }
  for (size_t i = 1; i < x.size(); ++i) {
    if (!(x[i] > x[i - 1])) throw std::invalid_argument("Pchip: x must increase");
  }
  std::vector<double> out;
  out.reserve(queries.size());
  if (x.size() == 1) {
    out.assign(queries.size(), y[0]);
    return out;
  }
  const std::vector<double> d = Slopes(x, y);
  for (double q : queries) {
    if (q <= x.front()) {
      out.push_back(y.front());
      continue;
    }
    if (q >= x.back()) {
      out.push_back(y.back());
      continue;
    }
    const size_t i = std::upper_bound(x.begin(), x.end(), q) - x.begin() - 1;
    const double h = x[i + 1] - x[i];
    const double t = (q - x[i]) / h;
    const double t2 = t * t, t3 = t2 * t;
    // Cubic Hermite basis on the interval.
    out.push_back((2 * t3 - 3 * t2 + 1) * y[i] + (t3 - 2 * t2 + t) * h * d[i] +
                  (-2 * t3 + 3 * t2) * y[i + 1] + (t3 - t2) * h * d[i + 1]);
  }
  return out;
}

InterpolatedDrag InterpolateDrag(const Drag& drag, int num_frames) {
  const std::string name = "drag \"" + drag.id + "\"";
  const size_t n = drag.points.size();
  if (num_frames < 1) throw InvalidInputError(name + ": the clip has no frames");
  if (n == 0) throw InvalidInputError(name + ": no points");
  if (n > static_cast<size_t>(num_frames) && !(drag.may_subsample && drag.frames.empty())) {
    throw InvalidInputError(name + ": " + std::to_string(n) + " keypoints but only " +
                            std::to_string(num_frames) + " frames");
  }
  if (!drag.depths.empty() && drag.depths.size() != n) {
    throw InvalidInputError(name + ": depth hints must be given for every point");
  }
  std::vector<double> keys(n);
  if (!drag.frames.empty()) {
    if (drag.frames.size() != n) {
      throw InvalidInputError(name + ": \"frames\" must list one frame per point");
    }
    for (size_t i = 0; i < n; ++i) {
      if (drag.frames[i] < 0 || drag.frames[i] >= num_frames ||
          (i > 0 && drag.frames[i] <= drag.frames[i - 1])) {
        throw InvalidInputError(name + " frame " + std::to_string(i) + ": " +
                                std::to_string(drag.frames[i]) +
                                " is not an increasing index in [0, " +
                                std::to_string(num_frames - 1) + "]");
      }
      keys[i] = drag.frames[i];
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      keys[i] = n == 1 ? 0.0 : static_cast<double>(i) * (num_frames - 1) / (n - 1);
    }
  }
  std::vector<double> frames(num_frames);
  for (int f = 0; f < num_frames; ++f) frames[f] = f;
  std::vector<double> xs(n), ys(n);
  for (size_t i = 0; i < n; ++i) {
    xs[i] = drag.points[i].x();
    ys[i] = drag.points[i].y();
  }
  const std::vector<double> px = Pchip(keys, xs, frames);
  const std::vector<double> py = Pchip(keys, ys, frames);
  InterpolatedDrag out;
  for (int f = 0; f < num_frames; ++f) out.points.emplace_back(px[f], py[f]);
  if (!drag.depths.empty()) out.depths = Pchip(keys, drag.depths, frames);
  return out;
}

}  // namespace dolly::motion
