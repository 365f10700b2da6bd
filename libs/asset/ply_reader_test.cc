#define BOOST_TEST_MODULE ply_reader_test
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstring>
#include <string>

#include "libs/asset/ply_reader.h"
#include "libs/asset/read_asset.h"
#include "libs/asset/test_util.h"
#include "libs/core/error.h"

namespace dolly::asset {
namespace {

using testing::ErrorOf;
using testing::WriteFile;

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

template <typename T>
void Put(std::string* s, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  s->append(b, sizeof(T));
}

BOOST_AUTO_TEST_CASE(AsciiPointSetWithColoursAndExtraProperties) {
  const std::string path = WriteFile(
      "points.ply",
      "ply\nformat ascii 1.0\ncomment made by hand\n"
      "element vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "property float nx\nproperty float ny\nproperty float nz\n"
      "property uchar red\nproperty uchar green\nproperty uchar blue\nproperty uchar alpha\n"
      "property double quality\nend_header\n"
      "0 0 0 0 0 1 255 0 0 255 0.5\n"
      "1 2 3 0 0 1 0 255 0 255 0.5\n"
      "-1 0.5 2 0 0 1 0 0 51 255 0.25\n");
  const StaticAsset a = ReadPly(path);
  BOOST_TEST(a.is_point_set());
  BOOST_REQUIRE(a.positions.size() == 3u);
  BOOST_TEST(a.positions[1] == Eigen::Vector3f(1, 2, 3));
  BOOST_TEST(a.positions[2] == Eigen::Vector3f(-1, 0.5f, 2));
  BOOST_REQUIRE(a.colors.size() == 3u);
  BOOST_TEST(a.colors[0] == Eigen::Vector3f(1, 0, 0));
  BOOST_TEST(std::abs(a.colors[2].z() - 0.2f) < 1e-6f);
  BOOST_TEST(a.source == path);
  BOOST_TEST(ReadAsset(path).positions.size() == 3u);
}

BOOST_AUTO_TEST_CASE(AsciiMeshWithPolygonFaces) {
  const std::string path = WriteFile(
      "mesh.ply",
      "ply\r\nformat ascii 1.0\r\nelement vertex 5\r\nproperty float x\r\nproperty float y\r\n"
      "property float z\r\nelement face 2\r\nproperty list uchar int vertex_indices\r\n"
      "end_header\r\n0 0 0\r\n1 0 0\r\n1 1 0\r\n0 1 0\r\n0 0 1\r\n4 0 1 2 3\r\n3 0 1 4\r\n");
  const StaticAsset a = ReadPly(path);
  BOOST_TEST(a.positions.size() == 5u);
  BOOST_REQUIRE(a.faces.size() == 3u);
  BOOST_TEST(a.faces[0] == Eigen::Vector3i(0, 1, 2));
  BOOST_TEST(a.faces[1] == Eigen::Vector3i(0, 2, 3));
  BOOST_TEST(a.faces[2] == Eigen::Vector3i(0, 1, 4));
  BOOST_TEST(a.colors.empty());
}

std::string BinaryMesh(bool with_faces, bool float_colors) {
  std::string s =
      "ply\nformat binary_little_endian 1.0\nelement vertex 4\n"
      "property float x\nproperty float y\nproperty float z\nproperty short extra\n";
  s += float_colors ? "property float red\nproperty float green\nproperty float blue\n"
                    : "property uchar red\nproperty uchar green\nproperty uchar blue\n";
  s += "property list uchar float junk\n";
  if (with_faces) {
    s += "element face 2\nproperty uchar flags\nproperty list int uint vertex_index\n";
  }
  s += "element edge 1\nproperty int vertex1\nproperty int vertex2\n";
  s += "end_header\n";
  const float xyz[4][3] = {{0, 0, 0}, {2, 0, 0}, {2, 1, 0}, {0, 1, 0.5f}};
  for (int i = 0; i < 4; ++i) {
    for (float c : xyz[i]) Put(&s, c);
    Put<std::int16_t>(&s, -7);
    if (float_colors) {
      Put(&s, 0.25f);
      Put(&s, 0.5f);
      Put(&s, 1.5f);  // clamped
    } else {
      Put<std::uint8_t>(&s, 255);
      Put<std::uint8_t>(&s, 0);
      Put<std::uint8_t>(&s, static_cast<std::uint8_t>(i * 85));
    }
    Put<std::uint8_t>(&s, 2);
    Put(&s, 9.0f);
    Put(&s, 9.0f);
  }
  if (with_faces) {
    Put<std::uint8_t>(&s, 1);
    Put<std::int32_t>(&s, 3);
    for (std::uint32_t v : {0u, 1u, 2u}) Put(&s, v);
    Put<std::uint8_t>(&s, 1);
    Put<std::int32_t>(&s, 3);
    for (std::uint32_t v : {0u, 2u, 3u}) Put(&s, v);
  }
  Put<std::int32_t>(&s, 0);
  Put<std::int32_t>(&s, 1);
  return s;
}

BOOST_AUTO_TEST_CASE(BinaryWithAndWithoutFaces) {
  const StaticAsset mesh = ReadPly(WriteFile("bin_mesh.ply", BinaryMesh(true, false)));
  BOOST_REQUIRE(mesh.positions.size() == 4u);
  BOOST_TEST(mesh.positions[3] == Eigen::Vector3f(0, 1, 0.5f));
  BOOST_REQUIRE(mesh.faces.size() == 2u);
  BOOST_TEST(mesh.faces[1] == Eigen::Vector3i(0, 2, 3));
  BOOST_REQUIRE(mesh.colors.size() == 4u);
  BOOST_TEST(mesh.colors[3] == Eigen::Vector3f(1, 0, 1));
  BOOST_TEST(std::abs(mesh.colors[1].z() - 85.0f / 255.0f) < 1e-6f);

  const StaticAsset points = ReadPly(WriteFile("bin_points.ply", BinaryMesh(false, true)));
  BOOST_TEST(points.is_point_set());
  BOOST_REQUIRE(points.positions.size() == 4u);
  BOOST_TEST(points.positions[1] == Eigen::Vector3f(2, 0, 0));
  BOOST_REQUIRE(points.colors.size() == 4u);
  BOOST_TEST(points.colors[0] == Eigen::Vector3f(0.25f, 0.5f, 1.0f));
}

std::string ErrorOfPly(const std::string& name, const std::string& content) {
  const std::string path = WriteFile(name, content);
  const std::string msg = ErrorOf<InvalidInputError>([&] { ReadPly(path); });
  BOOST_TEST(msg.rfind(path + ": ", 0) == 0u, name << ": " << msg);
  BOOST_TEST(msg.find('\n') == std::string::npos);
  return msg;
}

const char kXyz[] = "property float x\nproperty float y\nproperty float z\n";

BOOST_AUTO_TEST_CASE(BadInputIsRefusedNamingFileAndElement) {
  std::string m = ErrorOfPly("big_endian.ply", std::string("ply\nformat binary_big_endian 1.0\n"
                                                           "element vertex 1\n") +
                                                   kXyz + "end_header\n");
  BOOST_TEST(Has(m, "binary_big_endian is unsupported"), m);

  // 10^12 vertices claimed by a tiny file: refused before allocating.
  m = ErrorOfPly("absurd_bin.ply", std::string("ply\nformat binary_little_endian 1.0\n"
                                               "element vertex 1000000000000\n") +
                                       kXyz + "end_header\n0123456789ab");
  BOOST_TEST(Has(m, "more than the file can hold"), m);
  m = ErrorOfPly("absurd_ascii.ply", std::string("ply\nformat ascii 1.0\n"
                                                 "element vertex 1000000000000\n") +
                                         kXyz + "end_header\n0 0 0\n");
  BOOST_TEST(Has(m, "more than the file can hold"), m);
  m = ErrorOfPly("absurd_max.ply", std::string("ply\nformat ascii 1.0\n"
                                               "element vertex 18446744073709551615\n") +
                                       kXyz + "end_header\n0 0 0\n");
  BOOST_TEST(Has(m, "more than the file can hold"), m);
  m = ErrorOfPly("absurd_faces.ply", std::string("ply\nformat ascii 1.0\nelement vertex 3\n") +
                                         kXyz +
                                         "element face 1000000000000\nproperty list uchar int "
                                         "vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n");
  BOOST_TEST(Has(m, "more than the file can hold"), m);
  {  // A list claiming 2^31 entries in a tiny binary file.
    std::string s = std::string("ply\nformat binary_little_endian 1.0\nelement vertex 3\n") + kXyz +
                    "element face 1\nproperty list int int vertex_indices\nend_header\n";
    for (int i = 0; i < 9; ++i) Put(&s, 0.5f * i);
    Put<std::int32_t>(&s, 2147483647);
    Put<std::int32_t>(&s, 0);
    m = ErrorOfPly("absurd_list.ply", s);
    BOOST_TEST(Has(m, "face 0: bad list length"), m);
  }
  m = ErrorOfPly("nan.ply", std::string("ply\nformat ascii 1.0\nelement vertex 2\n") + kXyz +
                                "end_header\n0 0 0\n1 nan 0\n");
  BOOST_TEST(Has(m, "vertex 1: non-finite"), m);
  m = ErrorOfPly("range.ply", std::string("ply\nformat ascii 1.0\nelement vertex 3\n") + kXyz +
                                  "element face 2\nproperty list uchar int vertex_indices\n"
                                  "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n3 0 1 3\n");
  BOOST_TEST(Has(m, "face 1: vertex index 3 out of range"), m);
  m = ErrorOfPly("negative.ply", std::string("ply\nformat ascii 1.0\nelement vertex 3\n") + kXyz +
                                     "element face 1\nproperty list uchar int vertex_indices\n"
                                     "end_header\n0 0 0\n1 0 0\n0 1 0\n3 0 -1 2\n");
  BOOST_TEST(Has(m, "face 0: vertex index -1 out of range"), m);
  m = ErrorOfPly("two.ply", std::string("ply\nformat ascii 1.0\nelement vertex 3\n") + kXyz +
                                "element face 1\nproperty list uchar int vertex_indices\n"
                                "end_header\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n");
  BOOST_TEST(Has(m, "face 0: a face needs at least 3"), m);
  m = ErrorOfPly("short.ply", std::string("ply\nformat binary_little_endian 1.0\n"
                                          "element vertex 2\n") +
                                  kXyz + "end_header\n0123456789abcdefghij");
  BOOST_TEST(Has(m, "more than the file can hold"), m);
  m = ErrorOfPly("truncated.ply", std::string("ply\nformat ascii 1.0\nelement vertex 2\n") + kXyz +
                                      "end_header\n0 0 0 1 1            \n");
  BOOST_TEST(Has(m, "vertex 1: file ends early"), m);
  m = ErrorOfPly("word.ply", std::string("ply\nformat ascii 1.0\nelement vertex 1\n") + kXyz +
                                 "end_header\n0 zero 0\n");
  BOOST_TEST(Has(m, "vertex 0: malformed number 'zero'"), m);
  m = ErrorOfPly("no_xyz.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n"
                               "end_header\n0\n");
  BOOST_TEST(Has(m, "lacks x, y or z"), m);
  m = ErrorOfPly("no_magic.ply", "solid\n");
  BOOST_TEST(Has(m, "not a PLY"), m);
  m = ErrorOfPly("no_end.ply", std::string("ply\nformat ascii 1.0\nelement vertex 1\n") + kXyz);
  BOOST_TEST(Has(m, "end_header"), m);
  m = ErrorOfPly("no_vertices.ply", std::string("ply\nformat ascii 1.0\nelement vertex 0\n") +
                                        kXyz + "end_header\n");
  BOOST_TEST(Has(m, "no vertices"), m);
  m = ErrorOfPly("bad_count.ply", std::string("ply\nformat ascii 1.0\nelement vertex -3\n") +
                                      kXyz + "end_header\n");
  BOOST_TEST(Has(m, "bad element count"), m);
  BOOST_TEST(Has(ErrorOf<IoError>([] { ReadPly(testing::TmpPath("absent.ply")); }),
                 "absent.ply"));
}

}  // namespace
}  // namespace dolly::asset
