#ifndef DOLLY_LIBS_ASSET_NORMALIZE_H_
#define DOLLY_LIBS_ASSET_NORMALIZE_H_

#include <Eigen/Geometry>

#include "libs/asset/static_asset.h"

namespace dolly::asset {

// Normalises the object into the unit cube (Animate3D's rig convention):
// translates the axis-aligned bounding-box centre to the origin and scales
// uniformly so that the longest side is 1. Returns the applied transform
// (normalised = T * original), so that results can be mapped back with
// T.inverse(). Throws InvalidInputError (naming asset->source) for an asset
// without positions, with a non-finite position, or with zero extent.
Eigen::Affine3f NormalizeToUnitCube(StaticAsset* asset);

}  // namespace dolly::asset

#endif  // DOLLY_LIBS_ASSET_NORMALIZE_H_
