// Where each view sees the asset's surface: track query points on the frame-0
// image tied to surface points (a triangle's corners and barycentrics, or a
// point of a point set), and the depth and coverage of a posed asset for
// occlusion checks and silhouettes.
#ifndef DOLLY_LIBS_RECON4D_SURFACE_ANCHORS_H_
#define DOLLY_LIBS_RECON4D_SURFACE_ANCHORS_H_

#include <array>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/rig/multiview_rig.h"

namespace dolly::recon4d {

struct SurfaceAnchor {
  std::array<int, 3> vertices{};  // a point of a point set: all three equal
  std::array<double, 3> bary{};
  Eigen::Vector2d pixel;          // where frame 0 shows it (the track query)
};

// Depth (CV_32F, camera z, 0 where empty) and triangle ids (CV_32S, -1 where
// empty) of the asset posed at `positions`. A point set is splatted as
// squares of `point_radius_px` (z-buffered); its "triangle" id is the point.
struct SurfaceRender {
  cv::Mat depth;
  cv::Mat id;
};
SurfaceRender RenderSurface(const std::vector<Eigen::Vector3f>& positions,
                            const std::vector<Eigen::Vector3i>& faces,
                            const rig::RigCamera& camera, int point_radius_px = 1);

// Query anchors on a grid of `spacing` pixels over the frame-0 render, kept
// where the surface is trustworthy for tracking: inside `mask` (when not
// empty), at least 2 pixels from the render's silhouette and from depth
// steps over 2 %, and seen at more than ~78 degrees from grazing.
std::vector<SurfaceAnchor> SampleAnchors(const std::vector<Eigen::Vector3f>& positions,
                                         const std::vector<Eigen::Vector3i>& faces,
                                         const rig::RigCamera& camera, const cv::Mat& mask,
                                         int spacing);

// The anchor's position on the asset posed at `positions`.
Eigen::Vector3d AnchorPoint(const SurfaceAnchor& anchor,
                            const std::vector<Eigen::Vector3f>& positions);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_SURFACE_ANCHORS_H_
