#include "libs/mesh_export/gltf.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
// Debian ships tinygltf's implementation compiled (libtinygltf.so, built
// against its stb and nlohmann-json packages), so no translation unit here
// defines TINYGLTF_IMPLEMENTATION.
#include <tiny_gltf.h>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::mesh_export {
namespace {

// The binary chunk's length is a uint32; leave room for the JSON chunk.
constexpr double kMaxBinBytes = 4294967295.0 - 64.0 * 1024 * 1024;

constexpr char kColorAttribute[] = "COLOR_0";
// Vertex colours beside a texture (COLOR_0 would multiply it).
constexpr char kTexturedColorAttribute[] = "_COLOR_0";

float SrgbToLinear(uint8_t byte) {
  const double c = byte / 255.0;
  return static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
}

uint8_t LinearToSrgb(float linear) {
  const double l = std::clamp(static_cast<double>(linear), 0.0, 1.0);
  const double c = l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1 / 2.4) - 0.055;
  return static_cast<uint8_t>(std::clamp(std::lround(c * 255), 0L, 255L));
}

// Appends buffer views and accessors to the model's single buffer.
class BufferBuilder {
 public:
  explicit BufferBuilder(tinygltf::Model* model) : model_(model) {
    model_->buffers.emplace_back();
  }

  int AddView(const void* data, size_t bytes, int target) {
    std::vector<unsigned char>& buffer = model_->buffers[0].data;
    while (buffer.size() % 4 != 0) buffer.push_back(0);  // every view 4-byte aligned
    tinygltf::BufferView view;
    view.buffer = 0;
    view.byteOffset = buffer.size();
    view.byteLength = bytes;
    view.target = target;
    const auto* begin = static_cast<const unsigned char*>(data);
    buffer.insert(buffer.end(), begin, begin + bytes);
    model_->bufferViews.push_back(view);
    return static_cast<int>(model_->bufferViews.size()) - 1;
  }

  // A float accessor of `count` elements of `components` floats, with min/max.
  int AddFloats(const std::vector<float>& values, int type, int target) {
    const int components = tinygltf::GetNumComponentsInType(static_cast<uint32_t>(type));
    tinygltf::Accessor accessor;
    accessor.bufferView = AddView(values.data(), values.size() * sizeof(float), target);
    accessor.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
    accessor.type = type;
    accessor.count = values.size() / static_cast<size_t>(components);
    accessor.minValues.assign(components, std::numeric_limits<double>::infinity());
    accessor.maxValues.assign(components, -std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < values.size(); ++i) {
      const size_t k = i % static_cast<size_t>(components);
      accessor.minValues[k] = std::min(accessor.minValues[k], static_cast<double>(values[i]));
      accessor.maxValues[k] = std::max(accessor.maxValues[k], static_cast<double>(values[i]));
    }
    return Push(accessor);
  }

  int AddIndices(const std::vector<uint32_t>& indices) {
    tinygltf::Accessor accessor;
    accessor.bufferView = AddView(indices.data(), indices.size() * sizeof(uint32_t),
                                  TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
    accessor.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
    accessor.type = TINYGLTF_TYPE_SCALAR;
    accessor.count = indices.size();
    return Push(accessor);
  }

 private:
  int Push(const tinygltf::Accessor& accessor) {
    model_->accessors.push_back(accessor);
    return static_cast<int>(model_->accessors.size()) - 1;
  }

  tinygltf::Model* model_;
};

void ValidateTexture(const GltfTexture& texture, size_t vertices, const std::string& what) {
  if (texture.uvs.size() != vertices) {
    throw InvalidInputError(what + ": " + std::to_string(texture.uvs.size()) + " uvs for " +
                            std::to_string(vertices) + " vertices");
  }
  for (size_t i = 0; i < texture.uvs.size(); ++i) {
    if (!texture.uvs[i].allFinite()) {
      throw InvalidInputError(what + ": uv " + std::to_string(i) + " is not finite");
    }
  }
  if (texture.image.empty()) throw InvalidInputError(what + ": empty image");
  if (texture.image.type() != CV_8UC3) {
    throw InvalidInputError(what + ": image is not 8-bit RGB (CV_8UC3)");
  }
}

std::string FrameName(size_t t) {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%04zu", t);
  return name;
}

tinygltf::Model BuildModel(const std::string& path, const AnimatedMesh& mesh,
                           const GltfOptions& options) {
  const size_t v = mesh.rest.size();
  const size_t frames = mesh.frames.size();
  tinygltf::Model model;
  model.asset.version = "2.0";
  model.asset.generator = "dolly";
  BufferBuilder builder(&model);

  tinygltf::Primitive primitive;
  {
    std::vector<float> positions;
    positions.reserve(v * 3);
    for (const Eigen::Vector3f& p : mesh.rest) positions.insert(positions.end(), {p.x(), p.y(), p.z()});
    primitive.attributes["POSITION"] =
        builder.AddFloats(positions, TINYGLTF_TYPE_VEC3, TINYGLTF_TARGET_ARRAY_BUFFER);
  }
  if (mesh.faces.empty()) {
    primitive.mode = TINYGLTF_MODE_POINTS;
  } else {
    primitive.mode = TINYGLTF_MODE_TRIANGLES;
    std::vector<uint32_t> indices;
    indices.reserve(mesh.faces.size() * 3);
    for (const Eigen::Vector3i& f : mesh.faces) {
      for (int k = 0; k < 3; ++k) indices.push_back(static_cast<uint32_t>(f[k]));
    }
    primitive.indices = builder.AddIndices(indices);
  }
  if (!mesh.colors.empty()) {
    std::vector<float> colors;
    colors.reserve(v * 3);
    for (const auto& c : mesh.colors) {
      for (int k = 0; k < 3; ++k) colors.push_back(SrgbToLinear(c[k]));
    }
    primitive.attributes[options.texture ? kTexturedColorAttribute : kColorAttribute] =
        builder.AddFloats(colors, TINYGLTF_TYPE_VEC3, TINYGLTF_TARGET_ARRAY_BUFFER);
  }
  if (options.texture) {
    const GltfTexture& texture = *options.texture;
    std::vector<float> uvs;
    uvs.reserve(v * 2);
    for (const Eigen::Vector2f& uv : texture.uvs) uvs.insert(uvs.end(), {uv.x(), 1.0f - uv.y()});
    primitive.attributes["TEXCOORD_0"] =
        builder.AddFloats(uvs, TINYGLTF_TYPE_VEC2, TINYGLTF_TARGET_ARRAY_BUFFER);

    cv::Mat bgr;
    cv::cvtColor(texture.image, bgr, cv::COLOR_RGB2BGR);
    std::vector<unsigned char> png;
    if (!cv::imencode(".png", bgr, png)) {
      throw InvalidInputError(path + ": texture: cannot encode the image as PNG");
    }
    tinygltf::Image image;
    image.name = options.name + "_texture";
    image.bufferView = builder.AddView(png.data(), png.size(), 0);
    image.mimeType = "image/png";
    model.images.push_back(image);

    tinygltf::Sampler sampler;
    sampler.magFilter = TINYGLTF_TEXTURE_FILTER_LINEAR;
    sampler.minFilter = TINYGLTF_TEXTURE_FILTER_LINEAR_MIPMAP_LINEAR;
    model.samplers.push_back(sampler);

    tinygltf::Texture gltf_texture;
    gltf_texture.sampler = 0;
    gltf_texture.source = 0;
    model.textures.push_back(gltf_texture);

    tinygltf::Material material;
    material.name = options.name + "_material";
    material.pbrMetallicRoughness.baseColorTexture.index = 0;
    material.pbrMetallicRoughness.metallicFactor = 0;  // the default, 1, renders dark
    material.pbrMetallicRoughness.roughnessFactor = 1;
    model.materials.push_back(material);
    primitive.material = 0;
  }

  tinygltf::Value::Array target_names;
  std::vector<float> displacement(v * 3);
  for (size_t t = 0; t < frames; ++t) {
    for (size_t i = 0; i < v; ++i) {
      const Eigen::Vector3f d = mesh.frames[t][i] - mesh.rest[i];
      for (int k = 0; k < 3; ++k) displacement[i * 3 + k] = d[k];
    }
    primitive.targets.push_back({{"POSITION", builder.AddFloats(displacement, TINYGLTF_TYPE_VEC3,
                                                                TINYGLTF_TARGET_ARRAY_BUFFER)}});
    target_names.emplace_back(FrameName(t));
  }

  tinygltf::Mesh gltf_mesh;
  gltf_mesh.name = options.name;
  gltf_mesh.primitives.push_back(primitive);
  gltf_mesh.weights.assign(frames, 0.0);
  gltf_mesh.weights[0] = 1.0;
  tinygltf::Value::Object mesh_extras;
  mesh_extras["targetNames"] = tinygltf::Value(target_names);
  gltf_mesh.extras = tinygltf::Value(mesh_extras);
  model.meshes.push_back(gltf_mesh);

  tinygltf::Node node;
  node.name = options.name;
  node.mesh = 0;
  model.nodes.push_back(node);

  tinygltf::Scene scene;
  scene.name = options.name;
  scene.nodes = {0};
  model.scenes.push_back(scene);
  model.defaultScene = 0;

  // Weights animation: key t at t / fps, one-hot at t, LINEAR.
  std::vector<float> times(frames);
  std::vector<float> weights(frames * frames, 0.0f);
  for (size_t t = 0; t < frames; ++t) {
    times[t] = static_cast<float>(static_cast<double>(t) / mesh.fps);
    weights[t * frames + t] = 1.0f;
  }
  tinygltf::AnimationSampler sampler;
  sampler.input = builder.AddFloats(times, TINYGLTF_TYPE_SCALAR, 0);
  sampler.output = builder.AddFloats(weights, TINYGLTF_TYPE_SCALAR, 0);
  sampler.interpolation = "LINEAR";
  tinygltf::AnimationChannel channel;
  channel.sampler = 0;
  channel.target_node = 0;
  channel.target_path = "weights";
  tinygltf::Animation animation;
  animation.name = options.name;
  animation.samplers.push_back(sampler);
  animation.channels.push_back(channel);
  tinygltf::Value::Object animation_extras;
  animation_extras["fps"] = tinygltf::Value(mesh.fps);
  animation.extras = tinygltf::Value(animation_extras);
  model.animations.push_back(animation);

  model.buffers[0].name = options.name;
  return model;
}

// ---- reading ----

[[noreturn]] void Fail(const std::string& path, const std::string& message) {
  throw InvalidInputError(path + ": " + message);
}

// Elements of one accessor, bounds-checked against its buffer.
struct AccessorData {
  const unsigned char* base = nullptr;
  size_t stride = 0;
  size_t count = 0;
  int components = 0;
  int component_type = 0;
  bool normalized = false;
};

AccessorData GetAccessor(const tinygltf::Model& model, int index, const std::string& path,
                         const std::string& what) {
  if (index < 0 || static_cast<size_t>(index) >= model.accessors.size()) {
    Fail(path, what + ": accessor " + std::to_string(index) + " does not exist");
  }
  const tinygltf::Accessor& accessor = model.accessors[static_cast<size_t>(index)];
  if (accessor.sparse.isSparse) Fail(path, what + ": sparse accessors are not supported");
  if (accessor.bufferView < 0 ||
      static_cast<size_t>(accessor.bufferView) >= model.bufferViews.size()) {
    Fail(path, what + ": accessor without a valid buffer view");
  }
  const tinygltf::BufferView& view = model.bufferViews[static_cast<size_t>(accessor.bufferView)];
  if (view.buffer < 0 || static_cast<size_t>(view.buffer) >= model.buffers.size()) {
    Fail(path, what + ": buffer view without a valid buffer");
  }
  const std::vector<unsigned char>& buffer = model.buffers[static_cast<size_t>(view.buffer)].data;
  AccessorData data;
  data.components = tinygltf::GetNumComponentsInType(static_cast<uint32_t>(accessor.type));
  const int component_bytes =
      tinygltf::GetComponentSizeInBytes(static_cast<uint32_t>(accessor.componentType));
  if (data.components <= 0 || component_bytes <= 0) {
    Fail(path, what + ": unknown accessor type or component type");
  }
  const size_t element = static_cast<size_t>(data.components) * static_cast<size_t>(component_bytes);
  data.stride = view.byteStride != 0 ? view.byteStride : element;
  data.count = accessor.count;
  data.component_type = accessor.componentType;
  data.normalized = accessor.normalized;
  if (view.byteOffset > buffer.size() || view.byteLength > buffer.size() - view.byteOffset) {
    Fail(path, what + ": buffer view outside its buffer");
  }
  if (data.count > 0) {
    if (data.stride < element) Fail(path, what + ": byte stride smaller than an element");
    const size_t last = data.count - 1;  // checked first so that last * stride cannot overflow
    if (last > view.byteLength / data.stride || accessor.byteOffset > view.byteLength ||
        last * data.stride + element > view.byteLength - accessor.byteOffset) {
      Fail(path, what + ": accessor outside its buffer view");
    }
  }
  data.base = buffer.data() + view.byteOffset + accessor.byteOffset;
  return data;
}

float ComponentAsFloat(const AccessorData& data, size_t i, int k, const std::string& path,
                       const std::string& what) {
  const unsigned char* p = data.base + i * data.stride;
  switch (data.component_type) {
    case TINYGLTF_COMPONENT_TYPE_FLOAT: {
      float f;
      std::memcpy(&f, p + 4 * k, 4);
      return f;
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      if (data.normalized) return p[k] / 255.0f;
      break;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
      if (data.normalized) {
        uint16_t u;
        std::memcpy(&u, p + 2 * k, 2);
        return u / 65535.0f;
      }
      break;
    default:
      break;
  }
  Fail(path, what + ": expected float or normalized unsigned components");
}

// count x components floats; `components` of the accessor must be one of
// `allowed` (the first `keep` are returned).
std::vector<float> ReadFloats(const tinygltf::Model& model, int index, int keep,
                              const std::vector<int>& allowed, size_t expected_count,
                              const std::string& path, const std::string& what) {
  const AccessorData data = GetAccessor(model, index, path, what);
  if (std::find(allowed.begin(), allowed.end(), data.components) == allowed.end()) {
    Fail(path, what + ": " + std::to_string(data.components) + " components per element");
  }
  if (data.count != expected_count) {
    Fail(path, what + ": " + std::to_string(data.count) + " elements, expected " +
                   std::to_string(expected_count));
  }
  std::vector<float> values;
  values.reserve(data.count * static_cast<size_t>(keep));
  for (size_t i = 0; i < data.count; ++i) {
    for (int k = 0; k < keep; ++k) values.push_back(ComponentAsFloat(data, i, k, path, what));
  }
  return values;
}

std::vector<uint32_t> ReadIndices(const tinygltf::Model& model, int index, const std::string& path) {
  const AccessorData data = GetAccessor(model, index, path, "indices");
  if (data.components != 1) Fail(path, "indices: not scalar");
  std::vector<uint32_t> indices(data.count);
  for (size_t i = 0; i < data.count; ++i) {
    const unsigned char* p = data.base + i * data.stride;
    switch (data.component_type) {
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
        indices[i] = p[0];
        break;
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
        uint16_t u;
        std::memcpy(&u, p, 2);
        indices[i] = u;
        break;
      }
      case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
        std::memcpy(&indices[i], p, 4);
        break;
      default:
        Fail(path, "indices: component type is not an unsigned integer");
    }
  }
  return indices;
}

std::vector<Eigen::Vector3f> ToVectors(const std::vector<float>& values) {
  std::vector<Eigen::Vector3f> vectors(values.size() / 3);
  for (size_t i = 0; i < vectors.size(); ++i) {
    vectors[i] = {values[i * 3], values[i * 3 + 1], values[i * 3 + 2]};
  }
  return vectors;
}

// Keeps the encoded bytes instead of decoding (ReadGlb decodes with OpenCV).
bool KeepImageBytes(tinygltf::Image* image, const int /*index*/, std::string* /*err*/,
                    std::string* /*warn*/, int /*req_width*/, int /*req_height*/,
                    const unsigned char* bytes, int size, void* /*user_data*/) {
  image->image.assign(bytes, bytes + size);
  return true;
}

void ReadTexture(const tinygltf::Model& model, const tinygltf::Primitive& primitive, size_t v,
                 const std::string& path, GltfTexture* texture) {
  *texture = GltfTexture();
  const auto uv_it = primitive.attributes.find("TEXCOORD_0");
  if (uv_it == primitive.attributes.end() || primitive.material < 0) return;
  if (static_cast<size_t>(primitive.material) >= model.materials.size()) {
    Fail(path, "material " + std::to_string(primitive.material) + " does not exist");
  }
  const int texture_index =
      model.materials[static_cast<size_t>(primitive.material)].pbrMetallicRoughness.baseColorTexture.index;
  if (texture_index < 0) return;
  if (static_cast<size_t>(texture_index) >= model.textures.size()) {
    Fail(path, "texture " + std::to_string(texture_index) + " does not exist");
  }
  const int source = model.textures[static_cast<size_t>(texture_index)].source;
  if (source < 0 || static_cast<size_t>(source) >= model.images.size()) {
    Fail(path, "texture " + std::to_string(texture_index) + " has no valid image");
  }
  const tinygltf::Image& image = model.images[static_cast<size_t>(source)];
  if (image.image.empty()) Fail(path, "image " + std::to_string(source) + " is not embedded");
  cv::Mat bgr = cv::imdecode(image.image, cv::IMREAD_COLOR);
  if (bgr.empty()) Fail(path, "image " + std::to_string(source) + " cannot be decoded");
  cv::cvtColor(bgr, texture->image, cv::COLOR_BGR2RGB);
  const std::vector<float> uvs =
      ReadFloats(model, uv_it->second, 2, {2}, v, path, "TEXCOORD_0");
  texture->uvs.resize(v);
  for (size_t i = 0; i < v; ++i) texture->uvs[i] = {uvs[i * 2], 1.0f - uvs[i * 2 + 1]};
}

}  // namespace

void WriteGlb(const std::string& path, const AnimatedMesh& mesh, const GltfOptions& options) {
  ValidateAnimatedMesh(mesh, path + ": animated mesh");
  if (mesh.rest.empty()) {
    throw InvalidInputError(path + ": animated mesh: no vertices (glTF accessors cannot be empty)");
  }
  if (options.texture) ValidateTexture(*options.texture, mesh.rest.size(), path + ": texture");
  // GLB lengths are uint32: refuse before building what cannot be written
  // (the morph targets grow as V x T, the one-hot weights as T x T).
  const double v = static_cast<double>(mesh.rest.size());
  const double t = static_cast<double>(mesh.frames.size());
  const double estimate = 12 * v * (2 + t) + 12.0 * static_cast<double>(mesh.faces.size()) +
                          8 * v + 4 * t * (t + 1) +
                          (options.texture ? 3.0 * static_cast<double>(options.texture->image.total())
                                           : 0.0);
  if (estimate > kMaxBinBytes) {
    throw InvalidInputError(path + ": about " + std::to_string(static_cast<int64_t>(estimate)) +
                            " bytes of binary data (" + std::to_string(mesh.rest.size()) +
                            " vertices, " + std::to_string(mesh.frames.size()) +
                            " frames), more than a .glb can hold; use the PC2 or OBJ sequence");
  }
  const tinygltf::Model model = BuildModel(path, mesh, options);
  if (static_cast<double>(model.buffers[0].data.size()) > kMaxBinBytes) {
    throw InvalidInputError(path + ": " + std::to_string(model.buffers[0].data.size()) +
                            " bytes of binary data, more than a .glb can hold");
  }
  // Streamed into a temporary file beside `path`, renamed over it when complete.
  const std::string temp = fileio::CreateTempFileBeside(path);
  bool ok = false;
  errno = 0;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    tinygltf::TinyGLTF gltf;
    ok = out && gltf.WriteGltfSceneToStream(&model, out, /*prettyPrint=*/false,
                                            /*writeBinary=*/true);
    out.close();
    ok = ok && !out.fail();
  }
  if (!ok) {
    const std::string reason = errno != 0 ? std::strerror(errno) : "write failed";
    fileio::RemoveFileQuietly(temp);
    throw IoError(path + ": cannot write file: " + reason);
  }
  fileio::CommitTempFile(temp, path);
}

AnimatedMesh ReadGlb(const std::string& path, GltfTexture* texture) {
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw IoError(path + ": cannot open file: " + std::strerror(errno));
  }
  tinygltf::Model model;
  tinygltf::TinyGLTF loader;
  loader.SetImageLoader(KeepImageBytes, nullptr);
  std::string error;
  std::string warning;
  if (!loader.LoadBinaryFromFile(&model, &error, &warning, path)) {
    std::string message = error.empty() ? warning : error;
    std::replace(message.begin(), message.end(), '\n', ' ');
    while (!message.empty() && message.back() == ' ') message.pop_back();
    Fail(path, "not a readable glTF binary: " + message);
  }
  if (model.meshes.size() != 1 || model.meshes[0].primitives.size() != 1) {
    Fail(path, "expected one mesh with one primitive, found " + std::to_string(model.meshes.size()) +
                   " meshes");
  }
  const tinygltf::Primitive& primitive = model.meshes[0].primitives[0];
  const auto position = primitive.attributes.find("POSITION");
  if (position == primitive.attributes.end()) Fail(path, "primitive has no POSITION");
  if (position->second < 0 || static_cast<size_t>(position->second) >= model.accessors.size()) {
    Fail(path, "POSITION: accessor " + std::to_string(position->second) + " does not exist");
  }
  const size_t v = model.accessors[static_cast<size_t>(position->second)].count;

  AnimatedMesh mesh;
  mesh.rest = ToVectors(ReadFloats(model, position->second, 3, {3}, v, path, "POSITION"));

  if (primitive.mode == TINYGLTF_MODE_TRIANGLES || primitive.mode == -1) {
    if (primitive.indices < 0) Fail(path, "triangles without indices are not supported");
    const std::vector<uint32_t> indices = ReadIndices(model, primitive.indices, path);
    if (indices.size() % 3 != 0) {
      Fail(path, std::to_string(indices.size()) + " triangle indices, not a multiple of 3");
    }
    mesh.faces.resize(indices.size() / 3);
    for (size_t f = 0; f < mesh.faces.size(); ++f) {
      for (int k = 0; k < 3; ++k) {
        const uint32_t index = indices[f * 3 + k];
        if (index >= v) {
          Fail(path, "face " + std::to_string(f) + " refers to vertex " + std::to_string(index) +
                         " of " + std::to_string(v));
        }
        mesh.faces[f][k] = static_cast<int>(index);
      }
    }
  } else if (primitive.mode != TINYGLTF_MODE_POINTS) {
    Fail(path, "primitive mode " + std::to_string(primitive.mode) +
                   " is neither TRIANGLES nor POINTS");
  }

  for (const char* name : {kColorAttribute, kTexturedColorAttribute}) {
    const auto color = primitive.attributes.find(name);
    if (color == primitive.attributes.end()) continue;
    const std::vector<float> values = ReadFloats(model, color->second, 3, {3, 4}, v, path, name);
    mesh.colors.resize(v);
    for (size_t i = 0; i < v; ++i) {
      for (int k = 0; k < 3; ++k) mesh.colors[i][k] = LinearToSrgb(values[i * 3 + k]);
    }
    break;
  }

  if (primitive.targets.empty()) Fail(path, "no morph targets (one per frame expected)");
  mesh.frames.reserve(primitive.targets.size());
  for (size_t t = 0; t < primitive.targets.size(); ++t) {
    const std::string what = "morph target " + std::to_string(t);
    const auto target = primitive.targets[t].find("POSITION");
    if (target == primitive.targets[t].end()) Fail(path, what + " has no POSITION");
    const std::vector<float> d = ReadFloats(model, target->second, 3, {3}, v, path, what);
    std::vector<Eigen::Vector3f> frame(v);
    for (size_t i = 0; i < v; ++i) {
      frame[i] = mesh.rest[i] + Eigen::Vector3f(d[i * 3], d[i * 3 + 1], d[i * 3 + 2]);
    }
    mesh.frames.push_back(std::move(frame));
  }

  // fps: the animation's extras, else the keyframe times.
  const size_t frames = mesh.frames.size();
  const tinygltf::Animation* animation = nullptr;
  const tinygltf::AnimationSampler* sampler = nullptr;
  for (const tinygltf::Animation& a : model.animations) {
    for (const tinygltf::AnimationChannel& channel : a.channels) {
      if (channel.target_path == "weights" && channel.sampler >= 0 &&
          static_cast<size_t>(channel.sampler) < a.samplers.size()) {
        animation = &a;
        sampler = &a.samplers[static_cast<size_t>(channel.sampler)];
        break;
      }
    }
    if (animation) break;
  }
  if (!animation) Fail(path, "no weights animation");
  const std::vector<float> times =
      ReadFloats(model, sampler->input, 1, {1}, frames, path, "animation input");
  for (size_t t = 1; t < frames; ++t) {
    if (!(times[t] > times[t - 1])) Fail(path, "animation keyframe times do not increase");
  }
  // The keys are float seconds; the extras keep the exact rate unless another
  // tool re-timed the keys and left the extras behind.
  double extras_fps = 0;
  if (animation->extras.IsObject() && animation->extras.Has("fps") &&
      animation->extras.Get("fps").IsNumber()) {
    extras_fps = animation->extras.Get("fps").GetNumberAsDouble();
  }
  if (frames >= 2) {
    const double key_fps =
        static_cast<double>(frames - 1) / (static_cast<double>(times.back()) - times.front());
    mesh.fps = std::abs(extras_fps - key_fps) <= 1e-4 * key_fps ? extras_fps : key_fps;
  } else if (extras_fps > 0) {
    mesh.fps = extras_fps;
  }

  ValidateAnimatedMesh(mesh, path);
  if (texture) ReadTexture(model, primitive, v, path, texture);
  return mesh;
}

}  // namespace dolly::mesh_export
