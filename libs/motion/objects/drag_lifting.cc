#include "libs/motion/objects/drag_lifting.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "libs/core/error.h"
#include "libs/geometry/depth_sample.h"

namespace dolly::motion {

double MedianDepth(const cv::Mat& depth, const Eigen::Vector2d& pixel, int radius,
                   const std::string& what) {
  if (depth.type() != CV_32F) {
    throw InvalidInputError(what + ": depth map must be CV_32F");
  }
  // Pixel (0,0) is the centre of the top-left pixel, so rounding finds the
  // pixel whose footprint holds `pixel`.
  const int u = static_cast<int>(std::lround(pixel.x()));
  const int v = static_cast<int>(std::lround(pixel.y()));
  const int x0 = std::max(0, u - radius), x1 = std::min(depth.cols - 1, u + radius);
  const int y0 = std::max(0, v - radius), y1 = std::min(depth.rows - 1, v + radius);
  std::optional<double> median;
  if (x0 <= x1 && y0 <= y1) {
    median = geometry::MedianValidDepth(depth(cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1)));
  }
  if (!median) {
    throw InvalidInputError(what + ": no valid depth near pixel (" +
                            std::to_string(pixel.x()) + ", " + std::to_string(pixel.y()) +
                            ")");
  }
  return *median;
}

std::vector<Eigen::Vector3d> LiftDrag(
    const InterpolatedDrag& drag, const std::string& what, const cv::Mat& depth,
    const geometry::PinholeCamera& camera, const LiftOptions& options,
    const std::vector<Eigen::Isometry3d>& reference_from_camera) {
  const size_t frames = drag.points.size();
  if (frames == 0) throw InvalidInputError(what + ": no frames to lift");
  const bool hinted = !drag.depths.empty();
  if (hinted && drag.depths.size() != frames) {
    throw InvalidInputError(what + ": one depth hint per frame expected");
  }
  const bool moving = options.space == DragSpace::kMovingCamera;
  if (moving && reference_from_camera.size() != frames) {
    throw InvalidInputError(what + ": moving-camera drags need one camera pose per frame (" +
                            std::to_string(frames) + "), got " +
                            std::to_string(reference_from_camera.size()));
  }
  const double grab_depth =
      hinted ? 0.0 : MedianDepth(depth, drag.points[0], options.window_radius, what);
  std::vector<Eigen::Vector3d> out;
  out.reserve(frames);
  for (size_t t = 0; t < frames; ++t) {
    const double z = hinted ? drag.depths[t] : grab_depth;
    Eigen::Vector3d p = camera.Unproject(drag.points[t], z);
    if (moving) p = reference_from_camera[t] * p;
    out.push_back(p);
  }
  return out;
}

}  // namespace dolly::motion
