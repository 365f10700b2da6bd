// The RGB warp preview: the reference image carried through a requested 3D
// camera motion into every frame (splat.h), holes filled (hole_fill.h). A
// model-free picture of the motion, not a prediction of new content.
#ifndef DOLLY_LIBS_WARP_WARP_PREVIEW_H_
#define DOLLY_LIBS_WARP_WARP_PREVIEW_H_

#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/warp/splat.h"

namespace dolly::warp {

struct PreviewFrame {
  cv::Mat rgb;       // CV_8UC3, holes filled
  cv::Mat coverage;  // CV_8UC1, 255 where the reference's pixels landed
  cv::Mat depth;     // CV_32FC1 warped z-depth, 0 in holes
};

// Frame f's camera is reference_from_camera[f] (pose of frame f's camera in
// the reference camera's frame) with intrinsics cameras[f]. A frame whose
// pose is the identity and whose intrinsics equal the reference's is the
// reference itself, returned exactly (coverage all 255, depth the
// reference's): frame 0 of a sequence starting at the reference.
// Throws InvalidInputError when the two vectors differ in length or for
// the inputs Splat rejects.
std::vector<PreviewFrame> WarpPreview(const cv::Mat& reference_rgb,
                                      const cv::Mat& reference_depth,
                                      const geometry::PinholeCamera& reference_camera,
                                      const std::vector<Eigen::Isometry3d>& reference_from_camera,
                                      const std::vector<geometry::PinholeCamera>& cameras,
                                      const SplatOptions& options = SplatOptions());

// Same, with world-frame poses: reference_from_camera[f] =
// world_from_reference^-1 * world_from_camera[f].
std::vector<PreviewFrame> WarpPreviewWorld(const cv::Mat& reference_rgb,
                                           const cv::Mat& reference_depth,
                                           const geometry::PinholeCamera& reference_camera,
                                           const Eigen::Isometry3d& world_from_reference,
                                           const std::vector<Eigen::Isometry3d>& world_from_camera,
                                           const std::vector<geometry::PinholeCamera>& cameras,
                                           const SplatOptions& options = SplatOptions());

// One frame of the above.
PreviewFrame WarpFrame(const cv::Mat& reference_rgb, const cv::Mat& reference_depth,
                       const geometry::PinholeCamera& reference_camera,
                       const Eigen::Isometry3d& reference_from_camera,
                       const geometry::PinholeCamera& camera,
                       const SplatOptions& options = SplatOptions());

}  // namespace dolly::warp

#endif  // DOLLY_LIBS_WARP_WARP_PREVIEW_H_
