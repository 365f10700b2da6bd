#include "libs/synth/mesh_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "libs/tensor/tensor.h"

namespace dolly::synth {

namespace {

schema::Tensor Vertices(const FrameState& state) {
  const int64_t v = static_cast<int64_t>(state.vertices.size());
  std::vector<float> xyz(3 * v);
  for (int64_t i = 0; i < v; ++i) {
    for (int k = 0; k < 3; ++k) xyz[3 * i + k] = state.vertices[i][k];
  }
  return MakeTensor<float>({v, 3}, xyz.data());
}

}  // namespace

schema::AnimatedMeshInfo MakeAnimatedMeshInfo(const Scene& scene, const FrameState& frame0,
                                              int frames, double fps) {
  const int64_t v = scene.first_vertex.back();
  const int64_t f = static_cast<int64_t>(scene.triangles.size());
  std::vector<int32_t> faces(3 * f);
  for (int64_t i = 0; i < f; ++i) {
    for (int k = 0; k < 3; ++k) faces[3 * i + k] = scene.triangles[i][k];
  }
  std::vector<uint8_t> colors(3 * v);
  std::vector<int32_t> object_ids(v);
  std::vector<std::string> names = {""};
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const SceneObjectModel& object = scene.objects[k];
    names.push_back(object.name);
    for (int i = scene.first_vertex[k]; i < scene.first_vertex[k + 1]; ++i) {
      object_ids[i] = object.id;
      for (int c = 0; c < 3; ++c) {
        colors[3 * i + c] = static_cast<uint8_t>(std::clamp(std::lround(object.color[c]), 0L, 255L));
      }
    }
  }
  schema::Mesh rest;
  rest.__set_vertices(Vertices(frame0));
  rest.__set_faces(MakeTensor<int32_t>({f, 3}, faces.data()));
  rest.__set_vertex_colors(MakeTensor<uint8_t>({v, 3}, colors.data()));
  rest.__set_vertex_object_ids(MakeTensor<int32_t>({v}, object_ids.data()));
  rest.__set_object_names(names);
  schema::AnimatedMeshInfo info;
  info.__set_rest(rest);
  info.__set_frame_count(frames);
  info.__set_fps(fps);
  return info;
}

schema::AnimatedMeshFrame MakeAnimatedMeshFrame(int frame, const FrameState& state) {
  schema::AnimatedMeshFrame record;
  record.__set_index(frame);
  record.__set_vertices(Vertices(state));
  return record;
}

std::string AssetObjText(const Scene& scene, const FrameState& frame0) {
  std::string text = "# dolly-synth: the scene mesh at frame 0 (world frame)\n";
  char line[160];
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const Eigen::Vector3d& c = scene.objects[k].color;
    for (int i = scene.first_vertex[k]; i < scene.first_vertex[k + 1]; ++i) {
      const Eigen::Vector3f& v = frame0.vertices[i];
      std::snprintf(line, sizeof(line), "v %.9g %.9g %.9g %.6g %.6g %.6g\n", v.x(), v.y(), v.z(),
                    std::clamp(c.x(), 0.0, 255.0) / 255.0, std::clamp(c.y(), 0.0, 255.0) / 255.0,
                    std::clamp(c.z(), 0.0, 255.0) / 255.0);
      text += line;
    }
  }
  for (const Eigen::Vector3i& t : scene.triangles) {
    std::snprintf(line, sizeof(line), "f %d %d %d\n", t[0] + 1, t[1] + 1, t[2] + 1);
    text += line;
  }
  return text;
}

}  // namespace dolly::synth
