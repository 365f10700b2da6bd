#ifndef DOLLY_LIBS_ASSET_READ_ASSET_H_
#define DOLLY_LIBS_ASSET_READ_ASSET_H_

#include <string>

#include "libs/asset/static_asset.h"

namespace dolly::asset {

// Reads an .obj (ReadObj, default options) or a .ply (ReadPly), dispatching on
// the extension (case-insensitive). Any other extension is an
// InvalidInputError listing the accepted ones.
StaticAsset ReadAsset(const std::string& path);

}  // namespace dolly::asset

#endif  // DOLLY_LIBS_ASSET_READ_ASSET_H_
