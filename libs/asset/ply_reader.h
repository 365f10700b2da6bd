#ifndef DOLLY_LIBS_ASSET_PLY_READER_H_
#define DOLLY_LIBS_ASSET_PLY_READER_H_

#include <string>

#include "libs/asset/static_asset.h"

namespace dolly::asset {

// Reads a PLY point set or mesh: `format ascii 1.0` or
// `format binary_little_endian 1.0` (big-endian is refused as unsupported).
// Element `vertex` needs x y z; optional red green blue (uchar → /255,
// float/double as is, clamped to [0,1]); every other property (normals,
// alpha, ...) is skipped by its type. Optional element `face` with a list
// property `vertex_indices` or `vertex_index`; polygons are fan-triangulated.
// Other elements are skipped. Every count is checked against the bytes left
// in the file before anything is allocated.
// Errors: IoError for an unreadable file; InvalidInputError naming the file
// (and the element index) for a malformed header or body, non-finite
// coordinates, out-of-range indices, faces with fewer than 3 corners, or a
// file without vertices.
StaticAsset ReadPly(const std::string& path);

}  // namespace dolly::asset

#endif  // DOLLY_LIBS_ASSET_PLY_READER_H_
