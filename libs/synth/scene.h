// A recipe turned into geometry: every surface as a mesh in its own frame
// with its texture, and the merged, per-frame world-space mesh all ground
// truth is computed from.
#ifndef DOLLY_LIBS_SYNTH_SCENE_H_
#define DOLLY_LIBS_SYNTH_SCENE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/render/render_types.h"
#include "libs/synth/primitives.h"
#include "libs/synth/recipe.h"
#include "schemas/ground_truth_types.h"

namespace dolly::synth {

struct SceneObjectModel {
  int id = 0;  // instance id in masks and tracks: index in Scene::objects + 1
  std::string name;
  schema::ObjectShape::type shape = schema::ObjectShape::BOX;
  bool rigid = true;
  bool dynamic = false;
  // Index into Recipe::objects; -1 for the ground and the backdrop.
  int spec_index = -1;
  LocalMesh mesh;           // in the object frame (scene frame for ground and backdrop)
  Eigen::Vector3d color{255, 255, 255};
  Eigen::Vector3d size{0, 0, 0};  // rest extent of the object's box
};

struct Scene {
  Recipe recipe;
  // Ground first (if any), then the backdrop (if any), then recipe objects.
  std::vector<SceneObjectModel> objects;
  std::vector<cv::Mat> textures;
  // One render mesh per object (vertices filled per frame by RenderMeshes).
  std::vector<render::RenderMesh> render_templates;
  // The merged mesh: objects' vertices and triangles concatenated in order,
  // so merged triangle ids are the renderer's triangle ids.
  std::vector<int> first_vertex;    // per object, plus the total at the end
  std::vector<int> first_triangle;  // per object, plus the total at the end
  std::vector<Eigen::Vector3i> triangles;  // merged vertex indices
  std::vector<int> triangle_object;        // object index per merged triangle
};

// Builds meshes and textures (textures drawn from `seed`).
Scene BuildScene(const Recipe& recipe, uint64_t seed);

// One object's 3D box in one frame: world_from_box is centred on the box.
struct ObjectBox {
  int object_id = 0;
  Eigen::Isometry3d world_from_box = Eigen::Isometry3d::Identity();
  Eigen::Vector3d size{0, 0, 0};
};

struct FrameState {
  // Merged vertices in the world frame, in float: exactly what is rendered
  // and written to mesh.dolly, and what tracks are interpolated from.
  std::vector<Eigen::Vector3f> vertices;
  // Boxes of the recipe objects (not of the ground or backdrop).
  std::vector<ObjectBox> boxes;
};

// `frame` may be fractional (motion blur samples the shutter interval).
FrameState EvaluateFrame(const Scene& scene, double frame,
                         const Eigen::Isometry3d& world_from_scene);

// The render meshes of a frame (the templates with the frame's vertices).
std::vector<render::RenderMesh> RenderMeshes(const Scene& scene, const FrameState& state);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_SCENE_H_
