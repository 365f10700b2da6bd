// The object map's points for a MotionScene built in convention "pac", placed
// the way Perception-as-Control's inference places its discs: each point is
// projected through the frame's camera (PacScreenCamera: PyTorch3D's screen
// transform, which divides by z whatever its sign), scaled to the output size
// as PAC scales tracks (u * W_out / W_ref, no pixel-centre shift), clipped
// to [0, W_out - 1] x [0, H_out - 1] (so points that leave the view gather on
// the border), truncated to integers (tensor.long()), and skipped where the
// integer x or y is 0 (PAC's "no point" test). The colour key is the point's
// frame-0 position after the same steps; the depth is the scene's
// object_map_depth (0.5 where absent). PAC computes in float32: a position
// within about 1e-3 px of an integer may truncate to the other side there.
#ifndef DOLLY_LIBS_CONTROLS_PAC_OBJECT_POINTS_H_
#define DOLLY_LIBS_CONTROLS_PAC_OBJECT_POINTS_H_

#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/controls/object_map.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::controls {

// PAC's disc position of a camera-frame point (OpenCV axes) seen by
// `camera` (of the reference size) in an output of `size`; false when it
// has none (z = 0 or not finite).
bool PacDiscPosition(const Eigen::Vector3d& point_camera, const geometry::PinholeCamera& camera,
                     const cv::Size& size, Eigen::Vector2i* position);

// Frame t's points (0 <= t < frame_count), ready for RenderObjectMap.
std::vector<ControlPoint> PacConventionControlPoints(const motion::MotionScene& scene, int t,
                                                     const cv::Size& size);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_PAC_OBJECT_POINTS_H_
