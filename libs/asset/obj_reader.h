#ifndef DOLLY_LIBS_ASSET_OBJ_READER_H_
#define DOLLY_LIBS_ASSET_OBJ_READER_H_

#include <string>

#include "libs/asset/static_asset.h"

namespace dolly::asset {

struct ObjOptions {
  // Read the first material's map_Kd texture (mtllib + usemtl).
  bool load_texture = true;
};

// Reads a Wavefront OBJ triangle mesh.
//  - `v x y z [w]` or `v x y z r g b` (per-vertex colour, clamped to [0,1]);
//  - `vt u v [w]`; `vn` ignored; `o`, `g`, `s`, `l`, `p`, comments, blank
//    lines and unknown keywords skipped;
//  - `f` with 3 or more corners (polygons fan-triangulated), corners `i`,
//    `i/j`, `i//k`, `i/j/k`, negative indices relative to the current end;
//  - an output vertex is a (position, uv) pair, so a position with several
//    uv's (a texture seam) is split; unreferenced positions are dropped;
//  - `mtllib` + `usemtl`: the first used material's (or, with no usemtl, the
//    first defined material's) map_Kd, resolved relative to the .mtl's folder
//    (the OBJ's folder for the usual `mtllib name.mtl`; the OBJ's folder is
//    tried too when they differ), read as RGB.
// Errors: IoError for an unreadable OBJ, .mtl or texture (naming the file,
// and for a texture the .mtl too); InvalidInputError "<file>:<line>: ..." for
// a malformed number, an index that is 0 or out of range, a non-finite
// coordinate, a face with fewer than 3 corners; "<file>: no faces ..." for a
// file without faces.
StaticAsset ReadObj(const std::string& path, const ObjOptions& options = {});

}  // namespace dolly::asset

#endif  // DOLLY_LIBS_ASSET_OBJ_READER_H_
