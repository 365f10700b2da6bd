// A 2D drag lifted to camera-frame 3D positions, one per frame. The drag
// keeps the z-depth of where it was grabbed: dragging across the image moves
// the object parallel to the image plane, which is what a user dragging on a
// screen expects; depth changes come only from explicit z hints.
#ifndef DOLLY_LIBS_MOTION_OBJECTS_DRAG_LIFTING_H_
#define DOLLY_LIBS_MOTION_OBJECTS_DRAG_LIFTING_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/objects/drag_interpolation.h"

namespace dolly::motion {

// Which image a drag's pixels live in.
enum class DragSpace {
  // Every frame's point is a pixel of the reference (static) camera's image.
  kReferenceImage,
  // Frame t's point is a pixel of frame t's (moving) camera image, as in
  // Perception-as-Control's "adapted" trajectories; it is unprojected in that
  // camera and carried into the reference camera frame.
  kMovingCamera,
};

// Median of the valid (finite, > 0) z-depths in the (2 * radius + 1)^2 window
// centred on the pixel nearest `pixel` (clipped to the image); the mean of the
// two middle values when the count is even. Throws InvalidInputError naming
// `what` when the window holds no valid depth. `depth` is CV_32F.
double MedianDepth(const cv::Mat& depth, const Eigen::Vector2d& pixel, int radius,
                   const std::string& what);

struct LiftOptions {
  DragSpace space = DragSpace::kReferenceImage;
  int window_radius = 2;  // 5x5 window for the grab depth
};

// Reference-camera-frame 3D position of the drag at each frame.
// `depth` is the reference image's z-depth map; in kMovingCamera mode frame
// 0's image is taken to be the reference image (its depth map is `depth`),
// and `reference_from_camera` must hold one pose per frame. Without depth
// hints the grab depth is MedianDepth at frame 0's point and every frame's
// point is unprojected at that z in its own camera; with hints (one per
// frame) the hints are used as z and the map is not consulted.
std::vector<Eigen::Vector3d> LiftDrag(
    const InterpolatedDrag& drag, const std::string& what, const cv::Mat& depth,
    const geometry::PinholeCamera& camera, const LiftOptions& options,
    const std::vector<Eigen::Isometry3d>& reference_from_camera = {});

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_OBJECTS_DRAG_LIFTING_H_
