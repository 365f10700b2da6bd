#include "libs/warp/warp_preview.h"

#include "libs/core/error.h"
#include "libs/warp/hole_fill.h"

namespace dolly::warp {
namespace {

bool SameCamera(const geometry::PinholeCamera& a, const geometry::PinholeCamera& b) {
  return a.fx == b.fx && a.fy == b.fy && a.cx == b.cx && a.cy == b.cy && a.width == b.width &&
         a.height == b.height;
}

}  // namespace

PreviewFrame WarpFrame(const cv::Mat& reference_rgb, const cv::Mat& reference_depth,
                       const geometry::PinholeCamera& reference_camera,
                       const Eigen::Isometry3d& reference_from_camera,
                       const geometry::PinholeCamera& camera, const SplatOptions& options) {
  // The exact reference rather than a splat of it: pixels without depth
  // would otherwise be holes filled with a blur.
  if (reference_from_camera.linear() == Eigen::Matrix3d::Identity() &&
      reference_from_camera.translation() == Eigen::Vector3d::Zero() && SameCamera(reference_camera, camera) &&
      reference_rgb.type() == CV_8UC3 && reference_depth.type() == CV_32FC1 &&
      reference_rgb.size() == reference_depth.size() && reference_rgb.cols == camera.width &&
      reference_rgb.rows == camera.height) {
    return {reference_rgb.clone(), cv::Mat(reference_rgb.size(), CV_8UC1, cv::Scalar(255)),
            reference_depth.clone()};
  }
  SplatResult s = Splat(reference_rgb, reference_depth, reference_camera,
                        reference_from_camera.inverse(), camera, nullptr, options);
  return {PushPullFill(s.rgb, s.coverage), s.coverage, s.depth};
}

std::vector<PreviewFrame> WarpPreview(const cv::Mat& reference_rgb,
                                      const cv::Mat& reference_depth,
                                      const geometry::PinholeCamera& reference_camera,
                                      const std::vector<Eigen::Isometry3d>& reference_from_camera,
                                      const std::vector<geometry::PinholeCamera>& cameras,
                                      const SplatOptions& options) {
  if (reference_from_camera.size() != cameras.size())
    throw InvalidInputError("warp preview: " + std::to_string(reference_from_camera.size()) +
                            " poses but " + std::to_string(cameras.size()) + " cameras");
  std::vector<PreviewFrame> frames;
  frames.reserve(cameras.size());
  for (size_t f = 0; f < cameras.size(); ++f)
    frames.push_back(WarpFrame(reference_rgb, reference_depth, reference_camera,
                               reference_from_camera[f], cameras[f], options));
  return frames;
}

std::vector<PreviewFrame> WarpPreviewWorld(const cv::Mat& reference_rgb,
                                           const cv::Mat& reference_depth,
                                           const geometry::PinholeCamera& reference_camera,
                                           const Eigen::Isometry3d& world_from_reference,
                                           const std::vector<Eigen::Isometry3d>& world_from_camera,
                                           const std::vector<geometry::PinholeCamera>& cameras,
                                           const SplatOptions& options) {
  std::vector<Eigen::Isometry3d> reference_from_camera;
  const Eigen::Isometry3d reference_from_world = world_from_reference.inverse();
  for (const Eigen::Isometry3d& pose : world_from_camera) {
    // The reference's own pose gives the exact identity (not inverse * pose
    // rounded), so that frame comes back as the reference itself.
    reference_from_camera.push_back(pose.matrix() == world_from_reference.matrix()
                                        ? Eigen::Isometry3d::Identity()
                                        : reference_from_world * pose);
  }
  return WarpPreview(reference_rgb, reference_depth, reference_camera, reference_from_camera,
                     cameras, options);
}

}  // namespace dolly::warp
