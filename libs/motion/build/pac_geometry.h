// The fixed geometry of Perception-as-Control's camera-adapted object map
// (convention "pac"). PAC lifts its query points with metric depth through a
// pinhole of focal 500 px centred at (W/2, H/2) of the reference image's
// original size, whatever the real intrinsics are (x = -(u - W/2) / 500 * d
// in PyTorch3D's x-left axes, which is (u - W/2) / 500 * d in OpenCV's), and
// projects them through each frame's pose with PyTorch3D's
// FoVPerspectiveCameras (vertical fov 2 atan((H // 2) / 500), aspect 1) and
// transform_points_screen:
//   u = W/2 - s * x / (z * tan(fov/2)),  v = H/2 - s * y / (z * tan(fov/2)),
//   s = min(W, H) / 2,   (x, y, z) in PyTorch3D view axes,
// which in OpenCV view axes is a pinhole with f = s / tan(fov/2) =
// 500 * (min(W, H) / 2) / (H // 2) and the same centre: exactly 500 for an
// even height and a landscape image, otherwise PAC's own scaling (PAC's
// inference resizes the image to even sides first).
#ifndef DOLLY_LIBS_MOTION_BUILD_PAC_GEOMETRY_H_
#define DOLLY_LIBS_MOTION_BUILD_PAC_GEOMETRY_H_

#include <vector>

#include <Eigen/Core>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::motion {

inline constexpr double kPacFocal = 500.0;

// The lifting pinhole: fx = fy = 500, (cx, cy) = (W/2, H/2).
geometry::PinholeCamera PacLiftCamera(int width, int height);

// PyTorch3D's screen projection of PAC's point camera as a pinhole (above).
geometry::PinholeCamera PacScreenCamera(int width, int height);

// PAC's generate_query: x = 0, W//30, 2 W//30, ... < W (outer loop) and
// y = 0, H//30, ... < H (inner loop). Throws InvalidInputError when a side is
// under 30 pixels (PAC's step would be 0).
std::vector<Eigen::Vector2i> PacQueryGrid(int width, int height);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_BUILD_PAC_GEOMETRY_H_
