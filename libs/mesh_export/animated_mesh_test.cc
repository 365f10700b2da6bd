#define BOOST_TEST_MODULE animated_mesh_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/mesh_export/animated_mesh.h"
#include "libs/mesh_export/test_mesh.h"
#include "libs/tensor/tensor.h"

namespace dolly::mesh_export {
namespace {

using testing::RotatingTetrahedron;
using testing::TempPath;

template <typename F>
void ExpectInvalid(F f, const std::string& mentions) {
  try {
    f();
    BOOST_FAIL("no error; expected one mentioning '" + mentions + "'");
  } catch (const InvalidInputError& e) {
    const std::string message = e.what();
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(mentions) != std::string::npos, message);
  }
}

void ExpectEqual(const AnimatedMesh& a, const AnimatedMesh& b) {
  BOOST_TEST(a.rest == b.rest);
  BOOST_TEST(a.faces == b.faces);
  BOOST_TEST(a.frames == b.frames);  // exact: float32 all the way
  BOOST_TEST(a.fps == b.fps);
  BOOST_TEST(a.colors == b.colors);
}

BOOST_AUTO_TEST_CASE(artifact_round_trip_equals_input) {
  for (const bool colors : {false, true}) {
    const AnimatedMesh mesh = RotatingTetrahedron(5, colors);
    const std::string path = TempPath(colors ? "coloured.dolly" : "plain.dolly");
    artifact::WriteArtifact(path, ToAnimatedMeshArtifact(mesh, artifact::MakeHeader("test")));
    const AnimatedMesh back = ReadAnimatedMesh(path);
    ExpectEqual(back, mesh);
    const auto raw = artifact::ReadArtifact<schema::AnimatedMeshInfo>(path);
    BOOST_TEST(raw.info.frame_count == 5);
    BOOST_TEST(raw.frames[3].index == 3);
    BOOST_TEST(raw.header.tool_name == "test");
  }
}

BOOST_AUTO_TEST_CASE(validation_names_the_problem) {
  AnimatedMesh m = RotatingTetrahedron();
  BOOST_CHECK_NO_THROW(ValidateAnimatedMesh(m, "tet"));

  m = RotatingTetrahedron();
  m.frames[2].pop_back();
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "tet: frame 2 has 3 vertices");

  m = RotatingTetrahedron();
  m.frames[1][3].z() = std::numeric_limits<float>::quiet_NaN();
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "frame 1: vertex 3 is not finite");

  m = RotatingTetrahedron();
  m.rest[0].x() = std::numeric_limits<float>::infinity();
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "rest vertex 0 is not finite");

  m = RotatingTetrahedron();
  m.faces[3][2] = 4;
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "face 3 refers to vertex 4 of 4");
  m.faces[3][2] = -1;
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "face 3 refers to vertex -1");

  m = RotatingTetrahedron();
  m.frames.clear();
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "no frames");

  m = RotatingTetrahedron(5, true);
  m.colors.pop_back();
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "3 vertex colours for 4 vertices");

  m = RotatingTetrahedron();
  m.fps = 0;
  ExpectInvalid([&] { ValidateAnimatedMesh(m, "tet"); }, "fps");

  // ToAnimatedMeshArtifact validates too.
  m = RotatingTetrahedron();
  m.frames[4].push_back(Eigen::Vector3f::Zero());
  ExpectInvalid([&] { ToAnimatedMeshArtifact(m, {}); }, "frame 4 has 5 vertices");
}

BOOST_AUTO_TEST_CASE(artifact_dtypes_and_shapes_are_checked) {
  const AnimatedMeshArtifact good = ToAnimatedMeshArtifact(RotatingTetrahedron(), {});
  ExpectEqual(FromAnimatedMeshArtifact(good, "in"), RotatingTetrahedron());

  AnimatedMeshArtifact a = good;
  a.info.rest.faces = MakeTensor(schema::DType::FLOAT32, {4, 3});
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "in.dolly: rest: faces");

  a = good;
  a.info.rest.vertices = MakeTensor(schema::DType::FLOAT32, {4, 2});
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "in.dolly: rest: vertices");

  a = good;
  a.frames[2].vertices = MakeTensor(schema::DType::FLOAT32, {3, 3});
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "in.dolly: frame 2: vertices");

  a = good;
  a.frames[2].vertices = MakeTensor(schema::DType::FLOAT64, {4, 3});
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "in.dolly: frame 2: vertices");

  a = good;
  a.frames[1].vertices.data.resize(7);  // data does not match the shape
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "in.dolly: frame 1: vertices");

  a = good;
  a.info.rest.__set_vertex_colors(MakeTensor(schema::DType::UINT8, {3, 3}));
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "vertex_colors");

  a = good;
  a.info.frame_count = 6;
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "counts 6 frames");

  a = good;
  a.frames[3].index = 7;
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "frame 3: index 7");

  a = good;
  a.frames.clear();
  a.info.__isset.frame_count = false;
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "no frames");

  a = good;
  a.info.__isset.rest = false;
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "rest");

  a = good;
  MutableTensorData<int32_t>(&a.info.rest.faces)[5] = 9;
  ExpectInvalid([&] { FromAnimatedMeshArtifact(a, "in.dolly"); }, "face 1 refers to vertex 9");
}

}  // namespace
}  // namespace dolly::mesh_export
