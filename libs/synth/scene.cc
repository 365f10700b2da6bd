#include "libs/synth/scene.h"

#include <string>

#include "libs/synth/camera_path.h"
#include "libs/synth/object_motion.h"
#include "libs/synth/textures.h"

namespace dolly::synth {

namespace {

// Texture resolutions: enough for the default image sizes, cheap to build.
constexpr int kSurfaceTextureSize = 256;
constexpr int kObjectTextureSize = 128;

// Tessellation: fine enough that silhouettes look round at a few hundred
// pixels and the bend looks smooth.
constexpr int kSphereRings = 16;
constexpr int kSphereSegments = 32;
constexpr int kCylinderSegments = 24;
constexpr int kCylinderStacks = 16;

int AddTexture(Scene* scene, TextureKind kind, const Eigen::Vector3d& a, const Eigen::Vector3d& b,
               int squares, int size, uint64_t seed, const std::string& stream) {
  if (kind == TextureKind::kNone) return -1;
  Rng rng(seed, stream);
  scene->textures.push_back(kind == TextureKind::kChecker
                                ? MakeCheckerTexture(a, b, squares, size, &rng)
                                : MakeNoiseTexture(a, b, size, &rng));
  return static_cast<int>(scene->textures.size()) - 1;
}

void AddObject(Scene* scene, SceneObjectModel model, int texture, bool closed) {
  model.id = static_cast<int>(scene->objects.size()) + 1;
  render::RenderMesh mesh;
  mesh.triangles = model.mesh.triangles;
  mesh.uvs = model.mesh.uvs;
  mesh.colors.assign(model.mesh.vertices.size(), model.color.cast<float>());
  mesh.texture = texture;
  mesh.object_id = static_cast<uint16_t>(model.id);
  // Closed shapes hide their back faces anyway; culling only saves time.
  mesh.cull_back_faces = closed;
  mesh.lambert = true;
  scene->render_templates.push_back(std::move(mesh));
  scene->objects.push_back(std::move(model));
}

}  // namespace

Scene BuildScene(const Recipe& recipe, uint64_t seed) {
  Scene scene;
  scene.recipe = recipe;
  if (recipe.ground.enabled) {
    const GroundSpec& g = recipe.ground;
    SceneObjectModel model;
    model.name = "ground";
    model.shape = schema::ObjectShape::GROUND;
    model.mesh = MakeGround(g.size, g.tile);
    model.color = g.color_a;
    model.size = {g.size, g.size, 0.0};
    const int texture =
        AddTexture(&scene, g.texture, g.color_a, g.color_b, 2, kSurfaceTextureSize, seed, "ground");
    AddObject(&scene, std::move(model), texture, false);
  }
  if (recipe.backdrop.enabled) {
    const BackdropSpec& b = recipe.backdrop;
    SceneObjectModel model;
    model.name = "backdrop";
    model.shape = schema::ObjectShape::BACKDROP;
    model.mesh = MakeBackdrop(b.distance, b.width, b.height, b.tile);
    model.color = b.color_a;
    model.size = {b.width, 0.0, b.height};
    const int texture = AddTexture(&scene, b.texture, b.color_a, b.color_b, 2,
                                   kSurfaceTextureSize, seed, "backdrop");
    AddObject(&scene, std::move(model), texture, false);
  }
  for (size_t i = 0; i < recipe.objects.size(); ++i) {
    const ObjectSpec& o = recipe.objects[i];
    SceneObjectModel model;
    model.name = o.name;
    model.spec_index = static_cast<int>(i);
    model.color = o.color;
    model.dynamic = IsDynamic(o);
    switch (o.shape) {
      case Shape::kBox:
        model.shape = schema::ObjectShape::BOX;
        model.mesh = MakeBox(o.size);
        model.size = o.size;
        break;
      case Shape::kSphere:
        model.shape = schema::ObjectShape::SPHERE;
        model.mesh = MakeSphere(o.radius, kSphereRings, kSphereSegments);
        model.size = Eigen::Vector3d::Constant(2.0 * o.radius);
        break;
      case Shape::kBendingCylinder:
        model.shape = schema::ObjectShape::CYLINDER;
        model.rigid = false;
        model.mesh = MakeCylinder(o.radius, o.height, kCylinderSegments, kCylinderStacks);
        model.size = {2.0 * o.radius, 2.0 * o.radius, o.height};
        break;
    }
    // A darker second colour keeps the object's hue recognisable.
    const int texture = AddTexture(&scene, o.texture, o.color, 0.45 * o.color, o.squares,
                                   kObjectTextureSize, seed, "object/" + std::to_string(i));
    AddObject(&scene, std::move(model), texture, true);
  }

  scene.first_vertex.push_back(0);
  scene.first_triangle.push_back(0);
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const LocalMesh& mesh = scene.objects[k].mesh;
    const int base = scene.first_vertex.back();
    for (const Eigen::Vector3i& t : mesh.triangles) {
      scene.triangles.push_back(t + Eigen::Vector3i::Constant(base));
      scene.triangle_object.push_back(static_cast<int>(k));
    }
    scene.first_vertex.push_back(base + static_cast<int>(mesh.vertices.size()));
    scene.first_triangle.push_back(static_cast<int>(scene.triangles.size()));
  }
  return scene;
}

FrameState EvaluateFrame(const Scene& scene, double frame,
                         const Eigen::Isometry3d& world_from_scene) {
  const double s = ClipProgress(frame, scene.recipe.frames);
  FrameState state;
  state.vertices.reserve(scene.first_vertex.back());
  for (const SceneObjectModel& model : scene.objects) {
    if (model.spec_index < 0) {
      for (const Eigen::Vector3d& p : model.mesh.vertices) {
        state.vertices.push_back((world_from_scene * p).cast<float>());
      }
      continue;
    }
    const ObjectSpec& spec = scene.recipe.objects[model.spec_index];
    const Eigen::Isometry3d world_from_object = world_from_scene * SceneFromObject(spec, s);
    const double bend =
        spec.shape == Shape::kBendingCylinder ? BendAngle(spec.bend, s) : 0.0;
    Eigen::Vector3d lo = Eigen::Vector3d::Constant(1e300);
    Eigen::Vector3d hi = -lo;
    for (const Eigen::Vector3d& rest : model.mesh.vertices) {
      const Eigen::Vector3d p = bend != 0.0 ? BendPoint(rest, bend, spec.height) : rest;
      lo = lo.cwiseMin(p);
      hi = hi.cwiseMax(p);
      state.vertices.push_back((world_from_object * p).cast<float>());
    }
    // The box is the (deformed) shape's extent in the object frame, so a
    // bending object's box grows and shifts as it bends.
    ObjectBox box;
    box.object_id = model.id;
    box.size = hi - lo;
    box.world_from_box = world_from_object * Eigen::Translation3d(0.5 * (lo + hi));
    state.boxes.push_back(box);
  }
  return state;
}

std::vector<render::RenderMesh> RenderMeshes(const Scene& scene, const FrameState& state) {
  std::vector<render::RenderMesh> meshes = scene.render_templates;
  for (size_t k = 0; k < meshes.size(); ++k) {
    meshes[k].vertices.assign(state.vertices.begin() + scene.first_vertex[k],
                              state.vertices.begin() + scene.first_vertex[k + 1]);
  }
  return meshes;
}

}  // namespace dolly::synth
