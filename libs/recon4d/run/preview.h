// Previews of a 4D reconstruction for a person to look at: per frame, every
// input view beside the reconstruction rendered from that view's camera, and
// the reconstruction from a new view no input camera had.
#ifndef DOLLY_LIBS_RECON4D_RUN_PREVIEW_H_
#define DOLLY_LIBS_RECON4D_RUN_PREVIEW_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/asset/static_asset.h"
#include "libs/mesh_export/animated_mesh.h"
#include "libs/recon4d/reconstruct.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::recon4d {

// Background of the rendered panels (RGB).
inline const Eigen::Vector3f kPreviewBackground(128.0f, 128.0f, 128.0f);

// `asset` (its faces, colours, uvs and texture) at `positions`, seen by
// `camera`: the shared rasterizer as in rig::RenderAssetViews (texture, else
// vertex colours, else Lambert grey); a point set is drawn as dots (colours or
// grey), far to near. CV_8UC3 RGB of the camera's size.
cv::Mat RenderAssetAt(const asset::StaticAsset& asset, const std::vector<Eigen::Vector3f>& positions,
                      const rig::RigCamera& camera);

// The new view: on a circle around the centroid of `positions`, at view 0's
// camera distance from it, azimuth halfway between views 0 and 1 (view 0's +
// 45 degrees with one view; 45 degrees on the default 4-view rig), elevation
// 30 degrees, z up, with view 0's vertical fov and image size.
rig::RigCamera NewViewCamera(const std::vector<Eigen::Vector3f>& positions,
                             const std::vector<ViewInput>& views);

// One preview frame: [input | render] per view, left to right in view order,
// then the new view's render; every panel scaled to view 0's height.
// `frame` indexes the views' frames and cameras (1 or T per view).
cv::Mat CompareFrame(const asset::StaticAsset& asset, const std::vector<Eigen::Vector3f>& positions,
                     const std::vector<ViewInput>& views, int frame, const rig::RigCamera& new_view);

// Writes dir/compare/NNNNNN.png + dir/compare.mp4 (CompareFrame per frame)
// and dir/new_view.mp4 (the new view alone) for `mesh`, which must be in the
// frame of the views' cameras, at `fps`. Creates `dir`. Returns the paths
// written (the PNG folder once).
std::vector<std::string> WritePreviews(const std::string& dir, const asset::StaticAsset& asset,
                                       const mesh_export::AnimatedMesh& mesh,
                                       const std::vector<ViewInput>& views, double fps);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_RUN_PREVIEW_H_
