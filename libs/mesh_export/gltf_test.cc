#define BOOST_TEST_MODULE gltf_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <tiny_gltf.h>

#include "libs/core/error.h"
#include "libs/mesh_export/gltf.h"
#include "libs/mesh_export/test_mesh.h"

namespace dolly::mesh_export {
namespace {

namespace fs = std::filesystem;
using testing::RotatingTetrahedron;
using testing::ExpectInvalidNaming;
using testing::ReadBytes;
using testing::TempPath;


uint32_t U32At(const std::vector<unsigned char>& b, size_t at) {
  return uint32_t{b[at]} | uint32_t{b[at + 1]} << 8 | uint32_t{b[at + 2]} << 16 |
         uint32_t{b[at + 3]} << 24;
}

// Loads with plain tinygltf, keeping images encoded.
tinygltf::Model Load(const std::string& path) {
  tinygltf::TinyGLTF loader;
  loader.SetImageLoader(
      [](tinygltf::Image* image, const int, std::string*, std::string*, int, int,
         const unsigned char* bytes, int size, void*) {
        image->image.assign(bytes, bytes + size);
        return true;
      },
      nullptr);
  tinygltf::Model model;
  std::string error;
  std::string warning;
  const bool ok = loader.LoadBinaryFromFile(&model, &error, &warning, path);
  BOOST_TEST_MESSAGE("tinygltf warnings: " << warning);
  BOOST_REQUIRE_MESSAGE(ok, "tinygltf: " << error);
  return model;
}

// Floats of a tightly packed float accessor.
std::vector<float> Floats(const tinygltf::Model& model, int index) {
  const tinygltf::Accessor& accessor = model.accessors.at(static_cast<size_t>(index));
  BOOST_REQUIRE_EQUAL(accessor.componentType, TINYGLTF_COMPONENT_TYPE_FLOAT);
  const tinygltf::BufferView& view = model.bufferViews.at(static_cast<size_t>(accessor.bufferView));
  const size_t n = accessor.count * static_cast<size_t>(tinygltf::GetNumComponentsInType(
                                         static_cast<uint32_t>(accessor.type)));
  BOOST_REQUIRE(view.byteStride == 0 || view.byteStride == n / accessor.count * 4);
  const auto& data = model.buffers.at(static_cast<size_t>(view.buffer)).data;
  BOOST_REQUIRE_LE(view.byteOffset + accessor.byteOffset + n * 4, data.size());
  std::vector<float> values(n);
  std::memcpy(values.data(), data.data() + view.byteOffset + accessor.byteOffset, n * 4);
  return values;
}

// Checks that an accessor's min/max are present and bound its values exactly.
void CheckMinMax(const tinygltf::Model& model, int index) {
  const tinygltf::Accessor& accessor = model.accessors.at(static_cast<size_t>(index));
  const int c = tinygltf::GetNumComponentsInType(static_cast<uint32_t>(accessor.type));
  BOOST_REQUIRE_EQUAL(accessor.minValues.size(), static_cast<size_t>(c));
  BOOST_REQUIRE_EQUAL(accessor.maxValues.size(), static_cast<size_t>(c));
  const std::vector<float> values = Floats(model, index);
  for (int k = 0; k < c; ++k) {
    float lo = std::numeric_limits<float>::infinity();
    float hi = -lo;
    for (size_t i = k; i < values.size(); i += static_cast<size_t>(c)) {
      lo = std::min(lo, values[i]);
      hi = std::max(hi, values[i]);
    }
    BOOST_TEST(static_cast<float>(accessor.minValues[k]) == lo);
    BOOST_TEST(static_cast<float>(accessor.maxValues[k]) == hi);
  }
}

GltfTexture TestTexture(size_t vertices) {
  GltfTexture texture;
  for (size_t i = 0; i < vertices; ++i) {
    texture.uvs.emplace_back(0.1f + 0.2f * static_cast<float>(i), 0.25f * static_cast<float>(i));
  }
  texture.image = cv::Mat(6, 8, CV_8UC3);
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x) texture.image.at<cv::Vec3b>(y, x) = cv::Vec3b(30 * x, 40 * y, 200);
  }
  return texture;
}


BOOST_AUTO_TEST_CASE(layout_read_back_with_plain_tinygltf) {
  const std::string path = TempPath("tetra.glb");
  const AnimatedMesh mesh = RotatingTetrahedron(5, /*colors=*/true);
  const size_t frames = mesh.frames.size();
  const GltfTexture texture = TestTexture(mesh.rest.size());
  GltfOptions options;
  options.name = "tetra";
  options.texture = &texture;
  WriteGlb(path, mesh, options);

  // GLB container: header, JSON chunk, BIN chunk, all 4-byte aligned.
  const std::vector<unsigned char> b = ReadBytes(path);
  BOOST_REQUIRE_GE(b.size(), 28u);
  BOOST_TEST(std::memcmp(b.data(), "glTF", 4) == 0);
  BOOST_TEST(U32At(b, 4) == 2u);
  BOOST_TEST(U32At(b, 8) == b.size());
  const uint32_t json_length = U32At(b, 12);
  BOOST_TEST(json_length % 4 == 0u);
  BOOST_TEST(U32At(b, 16) == 0x4E4F534Au);  // "JSON"
  const size_t bin_at = 20 + json_length;
  BOOST_REQUIRE_GE(b.size(), bin_at + 8);
  const uint32_t bin_length = U32At(b, bin_at);
  BOOST_TEST(bin_length % 4 == 0u);
  BOOST_TEST(U32At(b, bin_at + 4) == 0x004E4942u);  // "BIN\0"
  BOOST_TEST(bin_at + 8 + bin_length == b.size());

  const tinygltf::Model model = Load(path);
  BOOST_TEST(model.asset.version == "2.0");
  BOOST_REQUIRE_EQUAL(model.meshes.size(), 1u);
  BOOST_TEST(model.meshes[0].name == "tetra");
  BOOST_REQUIRE_EQUAL(model.meshes[0].primitives.size(), 1u);
  const tinygltf::Primitive& primitive = model.meshes[0].primitives[0];
  BOOST_TEST(primitive.mode == TINYGLTF_MODE_TRIANGLES);
  BOOST_REQUIRE_EQUAL(model.nodes.size(), 1u);
  BOOST_TEST(model.nodes[0].mesh == 0);
  BOOST_REQUIRE_EQUAL(model.scenes.size(), 1u);
  BOOST_TEST(model.defaultScene == 0);
  for (const tinygltf::BufferView& view : model.bufferViews) BOOST_TEST(view.byteOffset % 4 == 0u);

  // Rest positions with min/max.
  const int position = primitive.attributes.at("POSITION");
  BOOST_REQUIRE_EQUAL(model.accessors[position].count, mesh.rest.size());
  CheckMinMax(model, position);
  const std::vector<float> rest = Floats(model, position);

  // Indices.
  const tinygltf::Accessor& indices = model.accessors.at(static_cast<size_t>(primitive.indices));
  BOOST_TEST(indices.count == mesh.faces.size() * 3);
  BOOST_TEST(indices.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT);

  // One morph target per frame: rest + displacement is frame t.
  BOOST_REQUIRE_EQUAL(primitive.targets.size(), frames);
  for (size_t t = 0; t < frames; ++t) {
    const int target = primitive.targets[t].at("POSITION");
    CheckMinMax(model, target);
    const std::vector<float> d = Floats(model, target);
    BOOST_REQUIRE_EQUAL(d.size(), mesh.rest.size() * 3);
    for (size_t i = 0; i < mesh.rest.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        BOOST_TEST(std::abs(rest[i * 3 + k] + d[i * 3 + k] - mesh.frames[t][i][k]) <= 1e-5f);
      }
    }
  }
  BOOST_REQUIRE_EQUAL(model.meshes[0].weights.size(), frames);
  BOOST_TEST(model.meshes[0].weights[0] == 1.0);
  BOOST_TEST(model.meshes[0].extras.Get("targetNames").ArrayLen() == frames);
  BOOST_TEST(model.meshes[0].extras.Get("targetNames").Get(4).Get<std::string>() == "frame_0004");

  // Weights animation: T LINEAR keys at t / fps, one-hot at t.
  BOOST_REQUIRE_EQUAL(model.animations.size(), 1u);
  const tinygltf::Animation& animation = model.animations[0];
  BOOST_REQUIRE_EQUAL(animation.channels.size(), 1u);
  BOOST_TEST(animation.channels[0].target_path == "weights");
  BOOST_TEST(animation.channels[0].target_node == 0);
  const tinygltf::AnimationSampler& sampler = animation.samplers.at(
      static_cast<size_t>(animation.channels[0].sampler));
  BOOST_TEST(sampler.interpolation == "LINEAR");
  CheckMinMax(model, sampler.input);
  const std::vector<float> times = Floats(model, sampler.input);
  BOOST_REQUIRE_EQUAL(times.size(), frames);
  for (size_t t = 0; t < frames; ++t) BOOST_TEST(std::abs(times[t] - t / 24.0f) <= 1e-6f);
  const std::vector<float> weights = Floats(model, sampler.output);
  BOOST_REQUIRE_EQUAL(weights.size(), frames * frames);
  for (size_t t = 0; t < frames; ++t) {
    for (size_t j = 0; j < frames; ++j) BOOST_TEST(weights[t * frames + j] == (t == j ? 1.0f : 0.0f));
  }

  // Texture: PNG in a buffer view, flipped uvs, non-metallic material.
  BOOST_REQUIRE_GE(primitive.material, 0);
  const tinygltf::Material& material = model.materials.at(static_cast<size_t>(primitive.material));
  BOOST_TEST(material.pbrMetallicRoughness.metallicFactor == 0.0);
  const int texture_index = material.pbrMetallicRoughness.baseColorTexture.index;
  BOOST_REQUIRE_GE(texture_index, 0);
  const tinygltf::Image& image =
      model.images.at(static_cast<size_t>(model.textures.at(texture_index).source));
  BOOST_TEST(image.mimeType == "image/png");
  BOOST_TEST(image.bufferView >= 0);
  BOOST_TEST(image.uri.empty());
  const cv::Mat bgr = cv::imdecode(image.image, cv::IMREAD_COLOR);
  BOOST_REQUIRE(!bgr.empty());
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  BOOST_TEST(cv::norm(rgb, texture.image, cv::NORM_INF) == 0.0);
  const std::vector<float> uvs = Floats(model, primitive.attributes.at("TEXCOORD_0"));
  BOOST_REQUIRE_EQUAL(uvs.size(), mesh.rest.size() * 2);
  for (size_t i = 0; i < mesh.rest.size(); ++i) {
    BOOST_TEST(uvs[i * 2] == texture.uvs[i].x());
    BOOST_TEST(std::abs(uvs[i * 2 + 1] - (1.0f - texture.uvs[i].y())) <= 1e-7f);
  }
  // Colours beside a texture are not a multiplier.
  BOOST_TEST(primitive.attributes.count("COLOR_0") == 0u);
  BOOST_TEST(primitive.attributes.count("_COLOR_0") == 1u);

  // And through ReadGlb.
  GltfTexture read_texture;
  const AnimatedMesh back = ReadGlb(path, &read_texture);
  BOOST_TEST(back.fps == mesh.fps);
  BOOST_TEST((back.faces == mesh.faces));
  BOOST_TEST((back.colors == mesh.colors));
  BOOST_REQUIRE_EQUAL(back.frames.size(), frames);
  for (size_t t = 0; t < frames; ++t) {
    for (size_t i = 0; i < mesh.rest.size(); ++i) {
      BOOST_TEST((back.frames[t][i] - mesh.frames[t][i]).cwiseAbs().maxCoeff() <= 1e-5f);
    }
  }
  BOOST_TEST((back.rest == mesh.rest));
  BOOST_REQUIRE_EQUAL(read_texture.uvs.size(), texture.uvs.size());
  for (size_t i = 0; i < texture.uvs.size(); ++i) {
    BOOST_TEST((read_texture.uvs[i] - texture.uvs[i]).cwiseAbs().maxCoeff() <= 1e-6f);
  }
  BOOST_TEST(cv::norm(read_texture.image, texture.image, cv::NORM_INF) == 0.0);
}

BOOST_AUTO_TEST_CASE(untextured_colours_are_linear_color_0) {
  const std::string path = TempPath("colours.glb");
  AnimatedMesh mesh = RotatingTetrahedron(3, /*colors=*/true);
  WriteGlb(path, mesh);
  const tinygltf::Model model = Load(path);
  const tinygltf::Primitive& primitive = model.meshes.at(0).primitives.at(0);
  BOOST_TEST(primitive.material == -1);
  const std::vector<float> colors = Floats(model, primitive.attributes.at("COLOR_0"));
  BOOST_REQUIRE_EQUAL(colors.size(), 12u);
  BOOST_TEST(colors[0] == 1.0f);                             // 255
  BOOST_TEST(colors[1] == 0.0f);                             // 0
  BOOST_TEST(std::abs(colors[10] - 0.21586f) <= 1e-4f);      // sRGB 128 -> linear
  GltfTexture texture = TestTexture(1);
  const AnimatedMesh back = ReadGlb(path, &texture);
  BOOST_TEST((back.colors == mesh.colors));
  BOOST_TEST(texture.uvs.empty());  // cleared: the file has none
  BOOST_TEST(texture.image.empty());
}

BOOST_AUTO_TEST_CASE(faceless_mesh_is_points_and_every_colour_round_trips) {
  const std::string path = TempPath("points.glb");
  AnimatedMesh mesh;
  mesh.fps = 30;
  std::vector<Eigen::Vector3f> frame0, frame1;
  for (int i = 0; i < 256; ++i) {
    mesh.rest.emplace_back(static_cast<float>(i), 0.5f, -1.0f);
    frame0.emplace_back(static_cast<float>(i), 0.5f, -1.0f);
    frame1.emplace_back(static_cast<float>(i) + 0.25f, 1.5f, -1.0f);
    const auto c = static_cast<uint8_t>(i);
    mesh.colors.push_back({c, static_cast<uint8_t>(255 - i), c});
  }
  mesh.frames = {frame0, frame1};
  WriteGlb(path, mesh);
  const tinygltf::Model model = Load(path);
  const tinygltf::Primitive& primitive = model.meshes.at(0).primitives.at(0);
  BOOST_TEST(primitive.mode == TINYGLTF_MODE_POINTS);
  BOOST_TEST(primitive.indices == -1);
  BOOST_TEST(primitive.targets.size() == 2u);
  const AnimatedMesh back = ReadGlb(path);
  BOOST_TEST(back.faces.empty());
  BOOST_TEST((back.colors == mesh.colors));
  BOOST_TEST(back.fps == 30.0);
  BOOST_TEST(back.frames[1][3].isApprox(frame1[3]));
}

BOOST_AUTO_TEST_CASE(single_frame) {
  const std::string path = TempPath("single.glb");
  const AnimatedMesh mesh = RotatingTetrahedron(1);
  WriteGlb(path, mesh);
  const tinygltf::Model model = Load(path);
  BOOST_TEST(model.meshes.at(0).primitives.at(0).targets.size() == 1u);
  const AnimatedMesh back = ReadGlb(path);
  BOOST_TEST(back.frames.size() == 1u);
  BOOST_TEST(back.fps == mesh.fps);
}

BOOST_AUTO_TEST_CASE(bad_input_throws_and_leaves_no_file) {
  const std::string dir = TempPath("bad");
  fs::create_directories(dir);
  const std::string path = dir + "/bad.glb";

  AnimatedMesh nan_mesh = RotatingTetrahedron();
  nan_mesh.frames[2][1].y() = std::nanf("");
  ExpectInvalidNaming([&] { WriteGlb(path, nan_mesh); }, path, "frame 2");

  const AnimatedMesh mesh = RotatingTetrahedron();
  GltfTexture texture = TestTexture(3);
  GltfOptions options;
  options.texture = &texture;
  ExpectInvalidNaming([&] { WriteGlb(path, mesh, options); }, path, "3 uvs for 4 vertices");

  texture = TestTexture(4);
  texture.image = cv::Mat(4, 4, CV_8UC1, cv::Scalar(7));
  ExpectInvalidNaming([&] { WriteGlb(path, mesh, options); }, path, "CV_8UC3");
  texture.image = cv::Mat();
  ExpectInvalidNaming([&] { WriteGlb(path, mesh, options); }, path, "empty image");

  BOOST_TEST(fs::is_empty(dir));

  // An unwritable destination: IoError, nothing left behind.
  BOOST_CHECK_THROW(WriteGlb(dir + "/missing/x.glb", mesh), IoError);
  BOOST_TEST(fs::is_empty(dir));
}

BOOST_AUTO_TEST_CASE(too_many_frames_for_a_glb) {
  // The one-hot weights grow as T x T: 33000 frames need more than 4 GiB.
  const std::string dir = TempPath("huge");
  fs::create_directories(dir);
  AnimatedMesh mesh;
  mesh.rest = {{0.0f, 0.0f, 0.0f}};
  mesh.frames.assign(33000, mesh.rest);
  ExpectInvalidNaming([&] { WriteGlb(dir + "/huge.glb", mesh); }, dir + "/huge.glb",
                      "more than a .glb can hold");
  BOOST_TEST(fs::is_empty(dir));
}

BOOST_AUTO_TEST_CASE(read_rejects_other_files) {
  const std::string path = TempPath("not.glb");
  {
    std::ofstream out(path, std::ios::binary);
    out << "this is not a glb file at all";
  }
  ExpectInvalidNaming([&] { ReadGlb(path); }, path, "glTF");
  BOOST_CHECK_THROW(ReadGlb(TempPath("absent.glb")), IoError);

  // A truncated glb.
  const std::string good = TempPath("good.glb");
  WriteGlb(good, RotatingTetrahedron());
  std::vector<unsigned char> b = ReadBytes(good);
  b.resize(b.size() - 40);
  const std::string truncated = TempPath("truncated.glb");
  {
    std::ofstream out(truncated, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  ExpectInvalidNaming([&] { ReadGlb(truncated); }, truncated, "");
}

}  // namespace
}  // namespace dolly::mesh_export
