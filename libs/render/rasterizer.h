// A z-buffered triangle rasterizer on the CPU: the one renderer that synthetic
// ground truth, control maps and previews share, so that all of them agree on
// coverage and depth to the bit.
//
// Coverage: triangles are clipped at the near plane (and a guard band around
// the image), projected, snapped to 1/256 pixel and filled with the top-left
// rule (coverage.h): no gaps or double coverage along shared edges.
// Depth: the exact z of the triangle's plane at each pixel centre
// (triangle_plane.h); nearer wins, ties keep the triangle drawn first.
// Colour: per-pixel perspective-correct barycentrics of the nearest triangle
// interpolate vertex colours or texture coordinates (bilinear texture lookup),
// optionally times a Lambert term with a two-sided flat normal.
#ifndef DOLLY_LIBS_RENDER_RASTERIZER_H_
#define DOLLY_LIBS_RENDER_RASTERIZER_H_

#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/render/render_types.h"

namespace dolly::render {

// Renders `meshes` seen by `camera` placed at `camera_from_world`. Textures
// are CV_8UC3 images indexed by RenderMesh::texture. Throws
// std::invalid_argument on inconsistent input (an index out of range, array
// sizes that disagree, an image larger than 32768 pixels a side).
RenderOutput Render(const std::vector<RenderMesh>& meshes, const std::vector<cv::Mat>& textures,
                    const geometry::PinholeCamera& camera,
                    const Eigen::Isometry3d& camera_from_world,
                    const RenderOptions& options = RenderOptions());

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_RASTERIZER_H_
