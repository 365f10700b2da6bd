// Which pixel centres a screen-space triangle covers. Vertices are snapped to
// a 1/256-pixel grid and edge functions are evaluated in exact integer
// arithmetic with the top-left fill rule, so the triangles of a closed fan or
// strip cover every pixel centre inside it exactly once: a centre on a shared
// edge belongs to exactly one side, decided identically by both triangles.
#ifndef DOLLY_LIBS_RENDER_COVERAGE_H_
#define DOLLY_LIBS_RENDER_COVERAGE_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace dolly::render {

inline constexpr int kSubpixelBits = 8;
inline constexpr int64_t kSubpixelScale = int64_t{1} << kSubpixelBits;

// A screen position in units of 1/kSubpixelScale pixel.
struct FixedPoint {
  int64_t x = 0;
  int64_t y = 0;
};

// Rounds a pixel position to the subpixel grid. The caller keeps |u|, |v|
// below 2^20 pixels (the clip guard band does), so every edge-function
// product below stays far inside int64.
inline FixedPoint SnapToSubpixel(double u, double v) {
  return {std::llround(u * kSubpixelScale), std::llround(v * kSubpixelScale)};
}

namespace coverage_internal {

inline int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Twice the signed area of (a, b, p); positive when p lies on the side of
// a->b that a positively oriented triangle's interior is on.
inline int64_t Edge(const FixedPoint& a, const FixedPoint& b, const FixedPoint& p) {
  return (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
}

// With y pointing down and positive orientation as above, an edge is "top"
// when horizontal with the interior below it (dx > 0), and "left" when it runs
// upwards (dy < 0). Centres exactly on such edges are inside.
inline bool IsTopLeft(const FixedPoint& a, const FixedPoint& b) {
  const int64_t dx = b.x - a.x;
  const int64_t dy = b.y - a.y;
  return dy < 0 || (dy == 0 && dx > 0);
}

}  // namespace coverage_internal

// Calls visit(x, y) for every pixel (x, y) of a width x height image whose
// centre the triangle covers. Winding does not matter; degenerate triangles
// cover nothing.
template <typename Visit>
void ForEachCoveredPixel(FixedPoint a, FixedPoint b, FixedPoint c, int width, int height,
                         Visit&& visit) {
  using coverage_internal::Edge;
  using coverage_internal::FloorDiv;
  using coverage_internal::IsTopLeft;
  const int64_t area = Edge(a, b, c);
  if (area == 0) return;
  if (area < 0) std::swap(b, c);

  const int64_t min_x = std::min({a.x, b.x, c.x});
  const int64_t max_x = std::max({a.x, b.x, c.x});
  const int64_t min_y = std::min({a.y, b.y, c.y});
  const int64_t max_y = std::max({a.y, b.y, c.y});
  const int64_t x0 = std::max<int64_t>(0, -FloorDiv(-min_x, kSubpixelScale));
  const int64_t x1 = std::min<int64_t>(width - 1, FloorDiv(max_x, kSubpixelScale));
  const int64_t y0 = std::max<int64_t>(0, -FloorDiv(-min_y, kSubpixelScale));
  const int64_t y1 = std::min<int64_t>(height - 1, FloorDiv(max_y, kSubpixelScale));
  if (x0 > x1 || y0 > y1) return;

  // Edge i is opposite vertex i; a centre is inside when every edge function
  // is > 0, or == 0 on a top-left edge: E + bias >= 0 with bias 0 or -1.
  const FixedPoint from[3] = {b, c, a};
  const FixedPoint to[3] = {c, a, b};
  int64_t bias[3], step_x[3], row[3];
  const FixedPoint start{x0 * kSubpixelScale, y0 * kSubpixelScale};
  for (int i = 0; i < 3; ++i) {
    bias[i] = IsTopLeft(from[i], to[i]) ? 0 : -1;
    step_x[i] = -(to[i].y - from[i].y) * kSubpixelScale;
    row[i] = Edge(from[i], to[i], start) + bias[i];
  }
  const int64_t step_y[3] = {(to[0].x - from[0].x) * kSubpixelScale,
                             (to[1].x - from[1].x) * kSubpixelScale,
                             (to[2].x - from[2].x) * kSubpixelScale};
  for (int64_t y = y0; y <= y1; ++y) {
    int64_t e0 = row[0], e1 = row[1], e2 = row[2];
    for (int64_t x = x0; x <= x1; ++x) {
      if ((e0 | e1 | e2) >= 0) visit(static_cast<int>(x), static_cast<int>(y));
      e0 += step_x[0];
      e1 += step_x[1];
      e2 += step_x[2];
    }
    for (int i = 0; i < 3; ++i) row[i] += step_y[i];
  }
}

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_COVERAGE_H_
