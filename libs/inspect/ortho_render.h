// A quick look at 3D points or a mesh without a renderer: three orthographic
// views side by side, wireframe where there are faces, dots otherwise.
#ifndef DOLLY_LIBS_INSPECT_ORTHO_RENDER_H_
#define DOLLY_LIBS_INSPECT_ORTHO_RENDER_H_

#include <cstdint>

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::inspect {

struct Bounds3 {
  Eigen::Vector3d lo = Eigen::Vector3d::Zero();
  Eigen::Vector3d hi = Eigen::Vector3d::Zero();
  bool empty = true;
  // `xyz` holds n points of 3 floats; non-finite ones are skipped.
  void Include(const float* xyz, int64_t n);
};

struct PointsView {
  const float* xyz = nullptr;  // [n, 3]
  int64_t count = 0;
  const int32_t* faces = nullptr;  // [face_count, 3] vertex indices, or null
  int64_t face_count = 0;
  const uint8_t* rgb = nullptr;  // [n, 3] per-point colour, or null (light grey)
};

// (3 * panel) x panel RGB on black: "front" (x right, y down, as camera 0
// sees it), "side" (z right, y down) and "top" (x right, z up), all at the
// scale that fits `bounds` (fixed over a sequence, so the views do not jump
// between frames).
cv::Mat RenderOrthographic(const PointsView& points, const Bounds3& bounds, int panel = 320);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_ORTHO_RENDER_H_
