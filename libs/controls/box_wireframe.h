// Object 3D bounding boxes drawn as wireframes, for previews and box-based
// motion controls: the 12 edges of each box projected into the image.
#ifndef DOLLY_LIBS_CONTROLS_BOX_WIREFRAME_H_
#define DOLLY_LIBS_CONTROLS_BOX_WIREFRAME_H_

#include <array>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::controls {

// Corners in the camera frame (x right, y down, z forward). Corner i sits at
// -/+ half size along the box's local x, y, z as bits 0, 1, 2 of i are 0/1,
// so the 12 edges join the corner pairs that differ in exactly one bit.
using BoxCorners = std::array<Eigen::Vector3d, 8>;

// Corners of a box with `centre`, full extents `size` and orientation
// `rotation` (box frame to camera frame), in the order above.
BoxCorners MakeBoxCorners(const Eigen::Vector3d& centre, const Eigen::Vector3d& size,
                          const Eigen::Matrix3d& rotation);

// The 12 edges as corner-index pairs, lower index first.
const std::array<std::array<int, 2>, 12>& BoxEdges();

struct WireframeBox {
  BoxCorners corners;
  cv::Vec3b colour{255, 255, 255};  // RGB.
};

struct WireframeStyle {
  int thickness = 2;
  // Edges are clipped to z >= near before projection, so a box reaching
  // behind the camera draws only its part in front.
  double near = 1e-3;
};

// Draws the boxes' edges onto `image` (CV_8UC3 RGB of the intrinsics' size),
// in order, so a later box's edges end on top. Edge endpoints are projected,
// clipped in 2D to a band just outside the image (so huge coordinates near
// the near plane cannot overflow int), rounded with cvRound and drawn with
// cv::line, LINE_8, for exact and reproducible pixels. Throws
// InvalidInputError on an image of the wrong size or type, a non-positive
// thickness or near, non-positive fx/fy, or a non-finite corner.
void DrawBoxWireframes(cv::Mat& image, const std::vector<WireframeBox>& boxes,
                       const geometry::PinholeCamera& intrinsics, const WireframeStyle& style = {});

// The same on a black canvas.
cv::Mat RenderBoxWireframes(const std::vector<WireframeBox>& boxes,
                            const geometry::PinholeCamera& intrinsics, const WireframeStyle& style = {});

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_BOX_WIREFRAME_H_
