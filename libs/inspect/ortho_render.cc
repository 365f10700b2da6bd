#include "libs/inspect/ortho_render.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace dolly::inspect {
namespace {

// The camera convention of dolly's world frame (camera of frame 0): y points
// down, so front and side views draw y downwards, as the camera saw it.
struct View {
  int h, v;
  bool v_down;
  const char* name;
};
constexpr View kViews[] = {
    {0, 1, true, "front: x right, y down"},
    {2, 1, true, "side: z right, y down"},
    {0, 2, false, "top: x right, z up"},
};

}  // namespace

void Bounds3::Include(const float* xyz, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const Eigen::Vector3d p(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
    if (!p.allFinite()) continue;
    lo = empty ? p : Eigen::Vector3d(lo.cwiseMin(p));
    hi = empty ? p : Eigen::Vector3d(hi.cwiseMax(p));
    empty = false;
  }
}

cv::Mat RenderOrthographic(const PointsView& points, const Bounds3& bounds, int panel) {
  cv::Mat image(panel, 3 * panel, CV_8UC3, cv::Scalar(0, 0, 0));
  const Eigen::Vector3d centre =
      bounds.empty ? Eigen::Vector3d::Zero().eval() : Eigen::Vector3d(0.5 * (bounds.lo + bounds.hi));
  const double extent = bounds.empty ? 1.0 : std::max((bounds.hi - bounds.lo).maxCoeff(), 1e-9);
  const double scale = 0.85 * (panel - 1) / extent;
  const cv::Scalar grey(200, 200, 200);

  for (int view_index = 0; view_index < 3; ++view_index) {
    const View& view = kViews[view_index];
    const int x_offset = view_index * panel;
    const auto pixel = [&](int64_t i) {
      const float* p = points.xyz + 3 * i;
      const double h = (p[view.h] - centre[view.h]) * scale;
      const double v = (p[view.v] - centre[view.v]) * scale;
      return cv::Point(static_cast<int>(std::lround(0.5 * (panel - 1) + h)),
                       static_cast<int>(std::lround(0.5 * (panel - 1) + (view.v_down ? v : -v))));
    };
    const auto finite = [&](int64_t i) {
      const float* p = points.xyz + 3 * i;
      return std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]);
    };
    const auto color = [&](int64_t i) {
      if (points.rgb == nullptr) return grey;
      const uint8_t* c = points.rgb + 3 * i;
      return cv::Scalar(c[0], c[1], c[2]);
    };
    cv::Mat panel_image = image(cv::Rect(x_offset, 0, panel, panel));
    if (points.faces != nullptr && points.face_count > 0) {
      for (int64_t f = 0; f < points.face_count; ++f) {
        const int32_t* face = points.faces + 3 * f;
        for (int e = 0; e < 3; ++e) {
          const int64_t a = face[e], b = face[(e + 1) % 3];
          if (a < 0 || b < 0 || a >= points.count || b >= points.count) continue;
          if (!finite(a) || !finite(b)) continue;
          // Drawing into the panel's own view clips at its edges.
          cv::line(panel_image, pixel(a), pixel(b), color(a), 1, cv::LINE_AA);
        }
      }
    } else {
      for (int64_t i = 0; i < points.count; ++i) {
        if (!finite(i)) continue;
        cv::circle(panel_image, pixel(i), 1, color(i), -1);
      }
    }
    cv::putText(image, view.name, cv::Point(x_offset + 6, 16), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
    if (view_index > 0) {
      cv::line(image, {x_offset, 0}, {x_offset, panel - 1}, cv::Scalar(80, 80, 80), 1);
    }
  }
  return image;
}

}  // namespace dolly::inspect
