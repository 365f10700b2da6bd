// glTF 2.0 binary (.glb) export of an AnimatedMesh, through tinygltf (Debian's
// libtinygltf). The file holds one scene, one node and one mesh with one
// primitive:
//
//   - POSITION: the rest vertices (float VEC3, with min/max);
//   - mode TRIANGLES with UNSIGNED_INT indices, or POINTS when there are no
//     faces;
//   - COLOR_0 (float VEC3) when the mesh has vertex colours. glTF vertex
//     colours are linear, so the sRGB bytes are decoded (and encoded again by
//     ReadGlb, exactly). COLOR_0 multiplies the material's base colour: when a
//     texture is given as well, the colours go to the application-specific
//     attribute "_COLOR_0" instead, so that viewers show the texture alone;
//   - with a texture: TEXCOORD_0 (float VEC2, glTF's top-left origin) and a
//     non-metallic material whose baseColorTexture is the image, embedded as a
//     PNG in the binary chunk;
//   - one morph target per frame (frames.size() targets, target t holds frame
//     t) with the POSITION displacement frame_t - rest (with min/max), named
//     "frame_NNNN" in mesh.extras.targetNames (Blender's shape key names);
//   - mesh.weights one-hot at frame 0, so that a viewer without animation
//     shows frame 0;
//   - one animation "<name>" with one LINEAR "weights" channel: keyframe t at
//     time t / fps with a weight vector one-hot at t. Linear blending between
//     two one-hot keys is the linear interpolation between the two frames, so
//     players that resample to another frame rate see correct in-betweens.
//     The animation's extras hold {"fps": fps} for an exact round trip.
//
// Blender, Maya, 3ds Max, Unity and Unreal import glTF 2.0. FBX is not offered:
// it needs Autodesk's proprietary FBX SDK, which Debian cannot ship.
#ifndef DOLLY_LIBS_MESH_EXPORT_GLTF_H_
#define DOLLY_LIBS_MESH_EXPORT_GLTF_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/mesh_export/animated_mesh.h"

namespace dolly::mesh_export {

// The asset's texture, kept in the export.
struct GltfTexture {
  // One per rest vertex, OBJ convention (origin bottom-left, v up); the file
  // stores glTF's (origin top-left): v' = 1 - v.
  std::vector<Eigen::Vector2f> uvs;
  cv::Mat image;  // CV_8UC3, RGB order
};

struct GltfOptions {
  std::string name = "dolly";  // names the scene, node, mesh and animation
  const GltfTexture* texture = nullptr;  // optional
};

// Writes `path` (.glb) atomically (temporary file beside it + rename). Throws
// InvalidInputError naming `path` for an invalid mesh (ValidateAnimatedMesh) or
// texture (uv count other than the vertex count, a non-finite uv, an empty
// image or one that is not CV_8UC3), IoError naming `path` when it cannot be
// written; on error nothing is left at `path`.
void WriteGlb(const std::string& path, const AnimatedMesh& mesh,
              const GltfOptions& options = {});

// Reads a .glb written by WriteGlb (or laid out the same way): rest
// (POSITION), faces (indices; none for POINTS), frames (rest + target t), fps
// (the animation's extras, else its keyframe times), colours (COLOR_0 or
// _COLOR_0, linear -> sRGB bytes). When `texture` is not null it receives the
// TEXCOORD_0 uvs (back in the OBJ convention) and the decoded base colour image
// (RGB), or is cleared when the file has none. Throws IoError when the file
// cannot be opened, InvalidInputError("<path>: ...") for anything that is not
// such a file.
AnimatedMesh ReadGlb(const std::string& path, GltfTexture* texture = nullptr);

}  // namespace dolly::mesh_export

#endif  // DOLLY_LIBS_MESH_EXPORT_GLTF_H_
