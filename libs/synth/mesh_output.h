// The merged scene mesh as an AnimatedMesh artifact (mesh.dolly).
#ifndef DOLLY_LIBS_SYNTH_MESH_OUTPUT_H_
#define DOLLY_LIBS_SYNTH_MESH_OUTPUT_H_

#include <string>

#include "libs/synth/scene.h"
#include "schemas/mesh_types.h"

namespace dolly::synth {

// rest = the mesh as it is in frame 0 (world frame), faces in merged triangle
// order (= the renderer's triangle ids), vertex_colors = each object's base
// colour, vertex_object_ids = instance ids (as in masks and tracks), and
// object_names[id] = the name of instance id `id` (object_names[0] = "" for
// "no object"), so that ids index the names directly.
schema::AnimatedMeshInfo MakeAnimatedMeshInfo(const Scene& scene, const FrameState& frame0,
                                              int frames, double fps);

schema::AnimatedMeshFrame MakeAnimatedMeshFrame(int frame, const FrameState& state);

// The merged mesh of `frame0` as a plain Wavefront OBJ (rig mode's asset.obj,
// the static asset dolly-recon4d animates): one "v x y z r g b" line per
// merged vertex, in order (%.9g: the float coordinates read back exactly;
// r g b = the object's base colour / 255), then one "f a b c" line per merged
// triangle (1-based). World frame, like mesh.dolly.
std::string AssetObjText(const Scene& scene, const FrameState& frame0);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_MESH_OUTPUT_H_
