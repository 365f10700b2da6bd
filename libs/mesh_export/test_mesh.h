// Test fixtures: a tetrahedron rotating about z over five frames.
#ifndef DOLLY_LIBS_MESH_EXPORT_TEST_MESH_H_
#define DOLLY_LIBS_MESH_EXPORT_TEST_MESH_H_

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <boost/test/unit_test.hpp>

#include "libs/core/error.h"
#include "libs/mesh_export/animated_mesh.h"

namespace dolly::mesh_export::testing {

inline AnimatedMesh RotatingTetrahedron(int frames = 5, bool colors = false) {
  AnimatedMesh mesh;
  mesh.rest = {{1.0f, 1.0f, 1.0f}, {1.0f, -1.0f, -1.0f}, {-1.0f, 1.0f, -1.0f},
               {-1.0f, -1.0f, 1.0f}};
  // Counter-clockwise seen from outside.
  mesh.faces = {{0, 1, 2}, {0, 3, 1}, {0, 2, 3}, {1, 3, 2}};
  for (int n = 0; n < frames; ++n) {
    const Eigen::Matrix3f r =
        Eigen::AngleAxisf(0.3f * static_cast<float>(n), Eigen::Vector3f::UnitZ())
            .toRotationMatrix();
    std::vector<Eigen::Vector3f> frame;
    for (const Eigen::Vector3f& p : mesh.rest) {
      frame.push_back(r * p + Eigen::Vector3f(0.1f * n, 0.0f, 0.01f / 3.0f));
    }
    mesh.frames.push_back(frame);
  }
  mesh.fps = 24;
  if (colors) mesh.colors = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {17, 128, 254}};
  return mesh;
}

inline std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

// The whole file's bytes (empty when it cannot be read).
inline std::vector<unsigned char> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs f, expecting an InvalidInputError whose message names `path` and
// contains `also`.
template <typename F>
void ExpectInvalidNaming(F f, const std::string& path, const std::string& also = "") {
  try {
    f();
    BOOST_FAIL("no error for " + path);
  } catch (const InvalidInputError& e) {
    const std::string message = e.what();
    BOOST_TEST_MESSAGE(message);
    BOOST_TEST(message.find(path) != std::string::npos, message);
    BOOST_TEST(message.find(also) != std::string::npos, message);
  }
}

}  // namespace dolly::mesh_export::testing

#endif  // DOLLY_LIBS_MESH_EXPORT_TEST_MESH_H_
