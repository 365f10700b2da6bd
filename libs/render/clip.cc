#include "libs/render/clip.h"

namespace dolly::render {

std::vector<ClipPlane> FrustumClipPlanes(const geometry::PinholeCamera& c, double near,
                                         double guard) {
  // u = fx x / z + cx >= -guard  <=>  fx x + (cx + guard) z >= 0 for z > 0,
  // and likewise for the other three sides; the near plane comes first so the
  // side planes only ever see points with z > 0.
  const double right = c.width - 1 + guard;
  const double bottom = c.height - 1 + guard;
  return {
      {{0.0, 0.0, 1.0}, -near},
      {{c.fx, 0.0, c.cx + guard}, 0.0},
      {{-c.fx, 0.0, right - c.cx}, 0.0},
      {{0.0, c.fy, c.cy + guard}, 0.0},
      {{0.0, -c.fy, bottom - c.cy}, 0.0},
  };
}

void ClipPolygon(const ClipPlane& plane, std::vector<Eigen::Vector3d>* polygon) {
  const size_t n = polygon->size();
  if (n == 0) return;
  std::vector<double> distance(n);
  bool all_inside = true;
  for (size_t i = 0; i < n; ++i) {
    distance[i] = plane.Distance((*polygon)[i]);
    all_inside = all_inside && distance[i] >= 0.0;
  }
  if (all_inside) return;
  std::vector<Eigen::Vector3d> out;
  out.reserve(n + 1);
  auto crossing = [&](size_t in, size_t outside) {
    const Eigen::Vector3d& a = (*polygon)[in];
    const Eigen::Vector3d& b = (*polygon)[outside];
    const double t = distance[in] / (distance[in] - distance[outside]);
    return Eigen::Vector3d(a + (b - a) * t);
  };
  for (size_t i = 0; i < n; ++i) {
    const size_t j = (i + 1) % n;
    const bool in_i = distance[i] >= 0.0;
    const bool in_j = distance[j] >= 0.0;
    if (in_i) out.push_back((*polygon)[i]);
    if (in_i && !in_j) out.push_back(crossing(i, j));
    if (!in_i && in_j) out.push_back(crossing(j, i));
  }
  polygon->swap(out);
}

}  // namespace dolly::render
