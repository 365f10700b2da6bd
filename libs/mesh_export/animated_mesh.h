// An animated mesh in memory: fixed topology (rest vertices, faces, optional
// vertex colours) with one set of vertex positions per frame. Converts to and
// from the AnimatedMesh artifact (schemas/mesh.thrift) and feeds the exporters
// beside it (pc2.h, obj_sequence.h).
#ifndef DOLLY_LIBS_MESH_EXPORT_ANIMATED_MESH_H_
#define DOLLY_LIBS_MESH_EXPORT_ANIMATED_MESH_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "libs/artifact/artifact_io.h"
#include "schemas/common_types.h"
#include "schemas/mesh_types.h"

namespace dolly::mesh_export {

struct AnimatedMesh {
  std::vector<Eigen::Vector3f> rest;    // V rest-pose vertices
  std::vector<Eigen::Vector3i> faces;   // F triangles, 0-based, counter-clockwise from outside
  std::vector<std::vector<Eigen::Vector3f>> frames;  // N frames of V vertices each
  double fps = 16;
  std::vector<std::array<uint8_t, 3>> colors;  // empty, or V RGB colours
};

using AnimatedMeshArtifact = artifact::Artifact<schema::AnimatedMeshInfo>;

// Throws InvalidInputError("<what>: ...") naming the first problem: no frames,
// a frame whose vertex count differs from rest's, a non-finite coordinate (rest
// or frame), a face index outside [0, V), a colour count other than 0 or V, fps
// not finite and > 0, or more vertices / frames than the formats can count
// (int32).
void ValidateAnimatedMesh(const AnimatedMesh& mesh, const std::string& what);

// Converts a whole AnimatedMesh artifact. Checks dtypes and shapes (rest
// vertices FLOAT32 [V,3], faces INT32 [F,3], vertex_colors UINT8 [V,3], frame
// vertices FLOAT32 [V,3]), frame indices (when set) equal to their position,
// info.frame_count (when set) equal to the number of frames, then
// ValidateAnimatedMesh. Errors are InvalidInputError("<what>: ...").
AnimatedMesh FromAnimatedMeshArtifact(const AnimatedMeshArtifact& artifact,
                                      const std::string& what);

// The artifact for `mesh` (validated first, InvalidInputError("animated mesh:
// ...")); `header` is kept as given (WriteArtifact stamps kind and schema
// version).
AnimatedMeshArtifact ToAnimatedMeshArtifact(const AnimatedMesh& mesh,
                                            const schema::ArtifactHeader& header);

// ReadArtifact + FromAnimatedMeshArtifact, errors naming `path`.
AnimatedMesh ReadAnimatedMesh(const std::string& path);

}  // namespace dolly::mesh_export

#endif  // DOLLY_LIBS_MESH_EXPORT_ANIMATED_MESH_H_
