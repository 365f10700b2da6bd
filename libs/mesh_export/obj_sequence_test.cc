#define BOOST_TEST_MODULE obj_sequence_test
#include <boost/test/unit_test.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/mesh_export/obj_sequence.h"
#include "libs/mesh_export/test_mesh.h"

namespace dolly::mesh_export {
namespace {

namespace fs = std::filesystem;
using testing::RotatingTetrahedron;
using testing::TempPath;

// Just enough OBJ for what WriteObjSequence writes: v (3 or 6 numbers) and
// triangular f lines with plain 1-based indices; other lines are skipped.
struct Obj {
  std::vector<Eigen::Vector3f> vertices;
  std::vector<std::array<double, 3>> colors;
  std::vector<Eigen::Vector3i> faces;  // as written: 1-based
};

Obj ReadObj(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  Obj obj;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string tag;
    s >> tag;
    if (tag == "v") {
      std::vector<double> values;
      double x;
      while (s >> x) values.push_back(x);
      BOOST_REQUIRE_MESSAGE(values.size() == 3 || values.size() == 6, path << ": " << line);
      obj.vertices.emplace_back(values[0], values[1], values[2]);
      if (values.size() == 6) obj.colors.push_back({values[3], values[4], values[5]});
    } else if (tag == "f") {
      Eigen::Vector3i f;
      s >> f[0] >> f[1] >> f[2];
      BOOST_REQUIRE_MESSAGE(!s.fail(), path << ": " << line);
      std::string extra;
      BOOST_REQUIRE_MESSAGE(!(s >> extra), path << ": not a triangle: " << line);
      obj.faces.push_back(f);
    }
  }
  return obj;
}

std::set<std::string> Names(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

BOOST_AUTO_TEST_CASE(one_file_per_frame_reading_back) {
  const std::string dir = TempPath("sequence");
  const AnimatedMesh mesh = RotatingTetrahedron();
  const std::vector<std::string> written = WriteObjSequence(dir, mesh);
  BOOST_REQUIRE_EQUAL(written.size(), 5u);
  BOOST_TEST(Names(dir) == (std::set<std::string>{"frame_000000.obj", "frame_000001.obj",
                                                  "frame_000002.obj", "frame_000003.obj",
                                                  "frame_000004.obj"}));
  for (size_t n = 0; n < mesh.frames.size(); ++n) {
    BOOST_TEST(written[n] == dir + "/" + ObjFrameName("frame", n, 5));
    const Obj obj = ReadObj(written[n]);
    BOOST_REQUIRE_EQUAL(obj.vertices.size(), mesh.rest.size());
    BOOST_TEST(obj.colors.empty());
    for (size_t i = 0; i < mesh.rest.size(); ++i) {
      BOOST_TEST((obj.vertices[i] - mesh.frames[n][i]).cwiseAbs().maxCoeff() <= 1e-6,
                 "frame " << n << " vertex " << i);
    }
    BOOST_REQUIRE_EQUAL(obj.faces.size(), mesh.faces.size());
    for (size_t f = 0; f < mesh.faces.size(); ++f) {
      BOOST_TEST(obj.faces[f] == (mesh.faces[f] + Eigen::Vector3i::Ones()), "face " << f);
    }
  }
}

BOOST_AUTO_TEST_CASE(vertex_colours_and_base_name) {
  const std::string dir = TempPath("coloured/nested");
  const AnimatedMesh mesh = RotatingTetrahedron(2, /*colors=*/true);
  const std::vector<std::string> written = WriteObjSequence(dir, mesh, "tet");
  BOOST_TEST(Names(dir) == (std::set<std::string>{"tet_000000.obj", "tet_000001.obj"}));
  const Obj obj = ReadObj(written[1]);
  BOOST_REQUIRE_EQUAL(obj.colors.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    for (int k = 0; k < 3; ++k) {
      BOOST_TEST(std::lround(obj.colors[i][k] * 255) == mesh.colors[i][k]);
      BOOST_TEST(obj.colors[i][k] >= 0.0);
      BOOST_TEST(obj.colors[i][k] <= 1.0);
    }
  }
}

BOOST_AUTO_TEST_CASE(frame_names_widen_past_a_million) {
  BOOST_TEST(ObjFrameName("frame", 7, 1000000) == "frame_000007.obj");
  BOOST_TEST(ObjFrameName("frame", 7, 1000001) == "frame_0000007.obj");
}

BOOST_AUTO_TEST_CASE(failed_writes_leave_nothing) {
  const std::string parent = TempPath("failures");
  fs::create_directories(parent);

  // A non-empty target is refused and left alone.
  const std::string taken = parent + "/taken";
  fs::create_directories(taken);
  std::ofstream(taken + "/keep.txt") << "keep\n";
  BOOST_CHECK_THROW(WriteObjSequence(taken, RotatingTetrahedron()), IoError);
  BOOST_TEST(Names(taken) == std::set<std::string>{"keep.txt"});

  // Validation fails before anything is created, parents included.
  AnimatedMesh bad = RotatingTetrahedron();
  bad.faces[2][1] = 4;
  BOOST_CHECK_THROW(WriteObjSequence(parent + "/new/out", bad), InvalidInputError);
  bad = RotatingTetrahedron();
  bad.frames[4][0].y() = std::nanf("");
  BOOST_CHECK_THROW(WriteObjSequence(parent + "/new/out", bad), InvalidInputError);
  BOOST_CHECK_THROW(WriteObjSequence(parent + "/new/out", RotatingTetrahedron(), "a/b"),
                    UsageError);
  BOOST_TEST(Names(parent) == std::set<std::string>{"taken"});

  // An empty existing directory is fine to fill.
  const std::string empty = parent + "/empty";
  fs::create_directories(empty);
  BOOST_TEST(WriteObjSequence(empty, RotatingTetrahedron(3)).size() == 3u);
  BOOST_TEST(Names(empty).size() == 3u);
  BOOST_TEST(Names(parent) == (std::set<std::string>{"taken", "empty"}));
}

}  // namespace
}  // namespace dolly::mesh_export
