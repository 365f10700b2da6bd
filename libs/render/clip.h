// Clipping of camera-space triangles before projection, so that a triangle
// crossing the near plane is cut rather than dropped, and no projected vertex
// lies so far outside the image that fixed-point edge functions overflow.
#ifndef DOLLY_LIBS_RENDER_CLIP_H_
#define DOLLY_LIBS_RENDER_CLIP_H_

#include <vector>

#include <Eigen/Core>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::render {

// Half-space n . p + offset >= 0 in the camera frame.
struct ClipPlane {
  Eigen::Vector3d normal;
  double offset = 0.0;
  double Distance(const Eigen::Vector3d& p) const { return normal.dot(p) + offset; }
};

// The near plane z >= near and four "guard band" planes that keep projected
// points within `guard` pixels of the image on each side.
std::vector<ClipPlane> FrustumClipPlanes(const geometry::PinholeCamera& camera, double near,
                                         double guard);

// Sutherland-Hodgman clipping of a convex polygon against one half-space.
// The crossing point of an edge is always computed from its inside end to its
// outside end, so two triangles sharing an edge get bit-identical clipped
// vertices and the rasterizer's shared-edge rule still holds after clipping.
void ClipPolygon(const ClipPlane& plane, std::vector<Eigen::Vector3d>* polygon);

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_CLIP_H_
