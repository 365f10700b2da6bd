#include "libs/mesh_export/animated_mesh.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly::mesh_export {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::string& problem) {
  throw InvalidInputError(what + ": " + problem);
}

bool Finite(const Eigen::Vector3f& p) {
  return std::isfinite(p.x()) && std::isfinite(p.y()) && std::isfinite(p.z());
}

schema::Tensor VerticesTensor(const std::vector<Eigen::Vector3f>& vertices) {
  std::vector<float> flat(vertices.size() * 3);
  for (size_t i = 0; i < vertices.size(); ++i) {
    for (int k = 0; k < 3; ++k) flat[i * 3 + k] = vertices[i][k];
  }
  return MakeTensor<float>({static_cast<int64_t>(vertices.size()), 3}, flat.data());
}

std::vector<Eigen::Vector3f> VerticesFromTensor(const schema::Tensor& t) {
  const float* data = TensorData<float>(t);
  std::vector<Eigen::Vector3f> out(static_cast<size_t>(t.shape[0]));
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = Eigen::Vector3f(data[i * 3], data[i * 3 + 1], data[i * 3 + 2]);
  }
  return out;
}

}  // namespace

void ValidateAnimatedMesh(const AnimatedMesh& mesh, const std::string& what) {
  constexpr size_t kMaxCount = std::numeric_limits<int32_t>::max();
  const size_t v = mesh.rest.size();
  if (v > kMaxCount) Fail(what, std::to_string(v) + " vertices, more than int32 can count");
  if (mesh.frames.empty()) Fail(what, "no frames");
  if (mesh.frames.size() > kMaxCount) {
    Fail(what, std::to_string(mesh.frames.size()) + " frames, more than int32 can count");
  }
  if (!std::isfinite(mesh.fps) || mesh.fps <= 0) {
    Fail(what, "fps " + std::to_string(mesh.fps) + " is not a finite positive number");
  }
  for (size_t i = 0; i < v; ++i) {
    if (!Finite(mesh.rest[i])) Fail(what, "rest vertex " + std::to_string(i) + " is not finite");
  }
  for (size_t f = 0; f < mesh.faces.size(); ++f) {
    for (int k = 0; k < 3; ++k) {
      const int index = mesh.faces[f][k];
      if (index < 0 || static_cast<size_t>(index) >= v) {
        Fail(what, "face " + std::to_string(f) + " refers to vertex " + std::to_string(index) +
                       " of " + std::to_string(v));
      }
    }
  }
  if (!mesh.colors.empty() && mesh.colors.size() != v) {
    Fail(what, std::to_string(mesh.colors.size()) + " vertex colours for " + std::to_string(v) +
                   " vertices");
  }
  for (size_t n = 0; n < mesh.frames.size(); ++n) {
    const auto& frame = mesh.frames[n];
    if (frame.size() != v) {
      Fail(what, "frame " + std::to_string(n) + " has " + std::to_string(frame.size()) +
                     " vertices, the rest mesh " + std::to_string(v));
    }
    for (size_t i = 0; i < v; ++i) {
      if (!Finite(frame[i])) {
        Fail(what, "frame " + std::to_string(n) + ": vertex " + std::to_string(i) +
                       " is not finite");
      }
    }
  }
}

AnimatedMesh FromAnimatedMeshArtifact(const AnimatedMeshArtifact& artifact,
                                      const std::string& what) {
  const schema::AnimatedMeshInfo& info = artifact.info;
  if (!info.__isset.rest) Fail(what, "missing field 'rest'");
  const schema::Mesh& rest = info.rest;
  if (!rest.__isset.vertices) Fail(what, "rest: missing field 'vertices'");
  if (!rest.__isset.faces) Fail(what, "rest: missing field 'faces'");
  CheckTensor(rest.vertices, what + ": rest: vertices", schema::DType::FLOAT32, {-1, 3});
  const int64_t v = rest.vertices.shape[0];
  CheckTensor(rest.faces, what + ": rest: faces", schema::DType::INT32, {-1, 3});

  AnimatedMesh mesh;
  mesh.rest = VerticesFromTensor(rest.vertices);
  const int32_t* faces = TensorData<int32_t>(rest.faces);
  mesh.faces.resize(static_cast<size_t>(rest.faces.shape[0]));
  for (size_t f = 0; f < mesh.faces.size(); ++f) {
    mesh.faces[f] = Eigen::Vector3i(faces[f * 3], faces[f * 3 + 1], faces[f * 3 + 2]);
  }
  if (rest.__isset.vertex_colors) {
    CheckTensor(rest.vertex_colors, what + ": rest: vertex_colors", schema::DType::UINT8, {v, 3});
    const uint8_t* rgb = TensorData<uint8_t>(rest.vertex_colors);
    mesh.colors.resize(static_cast<size_t>(v));
    for (size_t i = 0; i < mesh.colors.size(); ++i) {
      mesh.colors[i] = {rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]};
    }
  }
  if (info.__isset.fps) mesh.fps = info.fps;
  if (info.__isset.frame_count &&
      info.frame_count != static_cast<int64_t>(artifact.frames.size())) {
    Fail(what, "info counts " + std::to_string(info.frame_count) + " frames but " +
                   std::to_string(artifact.frames.size()) + " are present");
  }
  mesh.frames.reserve(artifact.frames.size());
  for (size_t n = 0; n < artifact.frames.size(); ++n) {
    const schema::AnimatedMeshFrame& frame = artifact.frames[n];
    const std::string at = what + ": frame " + std::to_string(n);
    if (frame.__isset.index && frame.index != static_cast<int64_t>(n)) {
      Fail(at, "index " + std::to_string(frame.index) + " out of order");
    }
    if (!frame.__isset.vertices) Fail(at, "missing field 'vertices'");
    CheckTensor(frame.vertices, at + ": vertices", schema::DType::FLOAT32, {v, 3});
    mesh.frames.push_back(VerticesFromTensor(frame.vertices));
  }
  ValidateAnimatedMesh(mesh, what);
  return mesh;
}

AnimatedMeshArtifact ToAnimatedMeshArtifact(const AnimatedMesh& mesh,
                                            const schema::ArtifactHeader& header) {
  ValidateAnimatedMesh(mesh, "animated mesh");
  AnimatedMeshArtifact out;
  out.header = header;
  schema::Mesh rest;
  rest.__set_vertices(VerticesTensor(mesh.rest));
  std::vector<int32_t> faces(mesh.faces.size() * 3);
  for (size_t f = 0; f < mesh.faces.size(); ++f) {
    for (int k = 0; k < 3; ++k) faces[f * 3 + k] = mesh.faces[f][k];
  }
  rest.__set_faces(MakeTensor<int32_t>({static_cast<int64_t>(mesh.faces.size()), 3}, faces.data()));
  if (!mesh.colors.empty()) {
    std::vector<uint8_t> rgb(mesh.colors.size() * 3);
    for (size_t i = 0; i < mesh.colors.size(); ++i) {
      std::memcpy(&rgb[i * 3], mesh.colors[i].data(), 3);
    }
    rest.__set_vertex_colors(
        MakeTensor<uint8_t>({static_cast<int64_t>(mesh.colors.size()), 3}, rgb.data()));
  }
  out.info.__set_rest(std::move(rest));
  out.info.__set_frame_count(static_cast<int64_t>(mesh.frames.size()));
  out.info.__set_fps(mesh.fps);
  out.frames.resize(mesh.frames.size());
  for (size_t n = 0; n < mesh.frames.size(); ++n) {
    out.frames[n].__set_index(static_cast<int64_t>(n));
    out.frames[n].__set_vertices(VerticesTensor(mesh.frames[n]));
  }
  return out;
}

AnimatedMesh ReadAnimatedMesh(const std::string& path) {
  return FromAnimatedMeshArtifact(artifact::ReadArtifact<schema::AnimatedMeshInfo>(path), path);
}

}  // namespace dolly::mesh_export
