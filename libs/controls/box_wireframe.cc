#include "libs/controls/box_wireframe.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

// Clips segment a-b to z >= near. Returns false when nothing is left.
bool ClipNear(Eigen::Vector3d& a, Eigen::Vector3d& b, double near) {
  if (a.z() < near && b.z() < near) return false;
  if (a.z() < near) a = a + (b - a) * ((near - a.z()) / (b.z() - a.z()));
  if (b.z() < near) b = b + (a - b) * ((near - b.z()) / (a.z() - b.z()));
  a.z() = std::max(a.z(), near);  // Rounding of the interpolation must not undo the clip.
  b.z() = std::max(b.z(), near);
  return true;
}

// Liang-Barsky clip of p-q to [lo, hi]. Returns false when nothing is left.
bool ClipRect(Eigen::Vector2d& p, Eigen::Vector2d& q, const Eigen::Vector2d& lo,
              const Eigen::Vector2d& hi) {
  double t0 = 0.0, t1 = 1.0;
  const Eigen::Vector2d d = q - p;
  for (int axis = 0; axis < 2; ++axis) {
    const double bounds[2][2] = {{-d[axis], p[axis] - lo[axis]}, {d[axis], hi[axis] - p[axis]}};
    for (const auto& [den, num] : bounds) {
      if (den == 0.0) {
        if (num < 0.0) return false;
        continue;
      }
      const double t = num / den;
      if (den < 0.0) {
        t0 = std::max(t0, t);
      } else {
        t1 = std::min(t1, t);
      }
      if (t0 > t1) return false;
    }
  }
  const Eigen::Vector2d start = p;
  if (t1 < 1.0) q = start + t1 * d;
  if (t0 > 0.0) p = start + t0 * d;
  return true;
}

}  // namespace

BoxCorners MakeBoxCorners(const Eigen::Vector3d& centre, const Eigen::Vector3d& size,
                          const Eigen::Matrix3d& rotation) {
  BoxCorners corners;
  for (int i = 0; i < 8; ++i) {
    const Eigen::Vector3d local(((i & 1) ? 0.5 : -0.5) * size.x(), ((i & 2) ? 0.5 : -0.5) * size.y(),
                                ((i & 4) ? 0.5 : -0.5) * size.z());
    corners[i] = centre + rotation * local;
  }
  return corners;
}

const std::array<std::array<int, 2>, 12>& BoxEdges() {
  static const std::array<std::array<int, 2>, 12> kEdges = {{{0, 1}, {2, 3}, {4, 5}, {6, 7},
                                                             {0, 2}, {1, 3}, {4, 6}, {5, 7},
                                                             {0, 4}, {1, 5}, {2, 6}, {3, 7}}};
  return kEdges;
}

void DrawBoxWireframes(cv::Mat& image, const std::vector<WireframeBox>& boxes,
                       const geometry::PinholeCamera& intrinsics, const WireframeStyle& style) {
  if (image.type() != CV_8UC3 || image.cols != intrinsics.width || image.rows != intrinsics.height) {
    throw InvalidInputError("box wireframe: image must be CV_8UC3 of the intrinsics' size " +
                            std::to_string(intrinsics.width) + "x" + std::to_string(intrinsics.height));
  }
  if (style.thickness <= 0 || !(style.near > 0.0) || !std::isfinite(style.near)) {
    throw InvalidInputError("box wireframe: thickness and near must be positive");
  }
  if (!(intrinsics.fx > 0.0 && intrinsics.fy > 0.0 && std::isfinite(intrinsics.fx) &&
        std::isfinite(intrinsics.fy) && std::isfinite(intrinsics.cx) && std::isfinite(intrinsics.cy))) {
    throw InvalidInputError("box wireframe: intrinsics must be finite with positive fx, fy");
  }
  for (const auto& box : boxes) {
    for (const auto& c : box.corners) {
      if (!c.allFinite()) throw InvalidInputError("box wireframe: corners must be finite");
    }
  }
  // Past this band a thick line cannot touch the image, and inside it pixel
  // coordinates are small enough for int.
  const double margin = style.thickness + 2.0;
  const Eigen::Vector2d lo(-margin, -margin);
  const Eigen::Vector2d hi(intrinsics.width - 1 + margin, intrinsics.height - 1 + margin);
  for (const auto& box : boxes) {
    const cv::Scalar colour(box.colour[0], box.colour[1], box.colour[2]);
    for (const auto& [i, j] : BoxEdges()) {
      Eigen::Vector3d a = box.corners[i], b = box.corners[j];
      if (!ClipNear(a, b, style.near)) continue;
      Eigen::Vector2d p = intrinsics.Project(a), q = intrinsics.Project(b);
      if (!ClipRect(p, q, lo, hi)) continue;
      cv::line(image, cv::Point(cvRound(p.x()), cvRound(p.y())), cv::Point(cvRound(q.x()), cvRound(q.y())),
               colour, style.thickness, cv::LINE_8);
    }
  }
}

cv::Mat RenderBoxWireframes(const std::vector<WireframeBox>& boxes,
                            const geometry::PinholeCamera& intrinsics, const WireframeStyle& style) {
  if (intrinsics.width <= 0 || intrinsics.height <= 0) {
    throw InvalidInputError("box wireframe: image size must be positive");
  }
  cv::Mat image(intrinsics.height, intrinsics.width, CV_8UC3, cv::Scalar::all(0));
  DrawBoxWireframes(image, boxes, intrinsics, style);
  return image;
}

}  // namespace dolly::controls
