// Renders a static asset from the multi-view rig with the shared triangle
// rasterizer (libs/render): the conditioning views a multi-view video model
// needs.
#ifndef DOLLY_LIBS_RIG_ASSET_VIEWS_H_
#define DOLLY_LIBS_RIG_ASSET_VIEWS_H_

#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/asset/static_asset.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::rig {

struct AssetView {
  cv::Mat rgb;    // CV_8UC3, R, G, B order; `background` off the asset.
  cv::Mat mask;   // CV_8UC1, 255 on the asset, 0 elsewhere.
  cv::Mat depth;  // CV_32F camera z-depth, 0 off the asset.
};

// One view per camera, in the rig's order. Shading, first that applies:
//  - texture: asset.texture (RGB) sampled bilinearly at the per-vertex uvs;
//    the uvs are OBJ's (origin bottom-left, v up), flipped to the
//    rasterizer's top-left origin (v' = 1 - v); no lighting;
//  - vertex colours: asset.colors ([0,1]) interpolated, no lighting, so the
//    pixels are exactly the interpolated colours;
//  - neither: flat grey (180) times the rasterizer's two-sided Lambert term
//    (default light and ambient).
// Both sides of every triangle are drawn (no back-face culling).
// `background` is RGB in [0, 255].
// Throws InvalidInputError naming asset.source for a point set ("render a
// mesh, not a point set") or for colours/uvs whose count is not the number of
// positions, or a face index out of range.
std::vector<AssetView> RenderAssetViews(const asset::StaticAsset& asset,
                                        const std::vector<RigCamera>& rig,
                                        const Eigen::Vector3f& background =
                                            Eigen::Vector3f(255.0f, 255.0f, 255.0f));

// True unless the asset's axis-aligned bounding box lies entirely behind the
// camera (z <= 0 in the camera frame) or, with all its corners in front,
// projects entirely outside the image area. Conservative: a box straddling
// the camera plane counts as visible. False for an asset without positions.
bool AssetVisible(const asset::StaticAsset& asset, const RigCamera& camera);

// Throws InvalidInputError "<source>: rig view K does not see the asset
// (...)" for the first view whose camera does not see the asset
// (AssetVisible false).
void CheckRigSeesAsset(const asset::StaticAsset& asset, const std::vector<RigCamera>& rig);

}  // namespace dolly::rig

#endif  // DOLLY_LIBS_RIG_ASSET_VIEWS_H_
