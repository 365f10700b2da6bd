#include "libs/asset/read_asset.h"

#include <algorithm>
#include <cctype>

#include "libs/asset/obj_reader.h"
#include "libs/asset/ply_reader.h"
#include "libs/core/error.h"

namespace dolly::asset {

StaticAsset ReadAsset(const std::string& path) {
  const std::size_t dot = path.find_last_of('.');
  const std::size_t slash = path.find_last_of('/');
  std::string ext;
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    ext = path.substr(dot + 1);
  }
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "obj") return ReadObj(path);
  if (ext == "ply") return ReadPly(path);
  throw InvalidInputError(path +
                          ": unsupported static asset format (accepted: .obj mesh, "
                          ".ply point set or mesh)");
}

}  // namespace dolly::asset
