// An animated mesh as a sequence of Wavefront OBJ files, one per frame, for
// tools that import numbered mesh sequences (Blender's "Stop-motion OBJ",
// Houdini, MeshLab).
#ifndef DOLLY_LIBS_MESH_EXPORT_OBJ_SEQUENCE_H_
#define DOLLY_LIBS_MESH_EXPORT_OBJ_SEQUENCE_H_

#include <string>
#include <vector>

#include "libs/mesh_export/animated_mesh.h"

namespace dolly::mesh_export {

// "<base>_000042.obj": six digits, more when the sequence has over a million
// frames, so that names sort in frame order.
std::string ObjFrameName(const std::string& base, size_t frame, size_t frame_count);

// Writes dir/<base>_000000.obj ... (one per frame): "v x y z" lines (%.9g,
// which round-trips float32 exactly), "v x y z r g b" with colours in [0, 1]
// when mesh.colors is set, then "f a b c" lines (1-based). The directory
// appears complete or not at all (fileio::StagingDir): an existing non-empty
// `dir` is refused (IoError), an invalid mesh (InvalidInputError) or a `base`
// that is no plain file-name stem (UsageError) fails before anything is
// created. Returns the paths written, in frame order.
std::vector<std::string> WriteObjSequence(const std::string& dir, const AnimatedMesh& mesh,
                                          const std::string& base = "frame");

}  // namespace dolly::mesh_export

#endif  // DOLLY_LIBS_MESH_EXPORT_OBJ_SEQUENCE_H_
