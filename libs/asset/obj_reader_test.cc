#define BOOST_TEST_MODULE obj_reader_test
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <set>
#include <string>
#include <tuple>

#include <opencv2/imgcodecs.hpp>

#include "libs/asset/obj_reader.h"
#include "libs/asset/read_asset.h"
#include "libs/asset/test_util.h"
#include "libs/core/error.h"

namespace dolly::asset {
namespace {

using testing::ErrorOf;
using testing::TmpPath;
using testing::WriteFile;

bool Has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(TexturedQuadReadsVerticesFacesUvsAndTexture) {
  cv::Mat bgr(2, 4, CV_8UC3, cv::Scalar(0, 0, 0));
  bgr.at<cv::Vec3b>(0, 0) = cv::Vec3b(0, 0, 255);  // red in BGR
  BOOST_REQUIRE(cv::imwrite(TmpPath("quad_tex.png"), bgr));
  WriteFile("quad.mtl",
            "# material\nnewmtl other\nKd 1 1 1\nnewmtl skin\nKd 1 1 1\nmap_Kd quad_tex.png\n");
  const std::string path = WriteFile("quad.obj",
                                     "# a quad\nmtllib quad.mtl\no quad\n"
                                     "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                     "vt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\n"
                                     "vn 0 0 1\n\ng group\nusemtl skin\ns off\n"
                                     "f 1/1/1 2/2/1 3/3/1\r\nf 1/1/1 3/3/1 4/4/1\n"
                                     "unknownkw 1 2 3\n");
  const StaticAsset a = ReadObj(path);
  BOOST_TEST(a.positions.size() == 4u);
  BOOST_TEST(a.faces.size() == 2u);
  BOOST_TEST(!a.is_point_set());
  BOOST_REQUIRE(a.uvs.size() == 4u);
  BOOST_TEST(a.colors.empty());
  for (std::size_t i = 0; i < 4; ++i) {
    // Each vertex's uv equals its (x, y) in this quad.
    BOOST_TEST(a.uvs[i].x() == a.positions[i].x());
    BOOST_TEST(a.uvs[i].y() == a.positions[i].y());
  }
  BOOST_TEST(a.faces[0] == Eigen::Vector3i(0, 1, 2));
  BOOST_TEST(a.faces[1] == Eigen::Vector3i(0, 2, 3));
  BOOST_TEST(a.texture_path == TmpPath("quad_tex.png"));
  BOOST_REQUIRE(!a.texture.empty());
  BOOST_TEST(a.texture.type() == CV_8UC3);
  BOOST_TEST(a.texture.cols == 4);
  BOOST_TEST(a.texture.rows == 2);
  BOOST_TEST(a.texture.at<cv::Vec3b>(0, 0) == cv::Vec3b(255, 0, 0));  // RGB
  BOOST_TEST(a.source == path);

  ObjOptions no_tex;
  no_tex.load_texture = false;
  BOOST_TEST(ReadObj(path, no_tex).texture.empty());
  BOOST_TEST(ReadAsset(path).faces.size() == 2u);
}

BOOST_AUTO_TEST_CASE(TextureBesideAnMtlInASubfolderIsFound) {
  const std::string dir = TmpPath("sub");
  BOOST_REQUIRE(system(("mkdir -p '" + dir + "'").c_str()) == 0);
  BOOST_REQUIRE(cv::imwrite(dir + "/t.png", cv::Mat(3, 5, CV_8UC3, cv::Scalar(1, 2, 3))));
  WriteFile("sub/m.mtl", "newmtl a\nmap_Kd t.png\n");
  const StaticAsset a = ReadObj(WriteFile(
      "sub_user.obj", "mtllib sub/m.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nvt 0 0\nf 1/1 2/1 3/1\n"));
  BOOST_TEST(a.texture_path == dir + "/t.png");
  BOOST_REQUIRE(a.texture.cols == 5);
  BOOST_TEST(a.texture.at<cv::Vec3b>(2, 4) == cv::Vec3b(3, 2, 1));
  BOOST_TEST(a.uvs.size() == 3u);
}

BOOST_AUTO_TEST_CASE(MissingTextureOrMtlIsAnIoErrorNamingThem) {
  WriteFile("notex.mtl", "newmtl m\nmap_Kd -s 1 1 1 absent.png\n");
  const std::string path =
      WriteFile("notex.obj", "mtllib notex.mtl\nusemtl m\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  const std::string msg = ErrorOf<IoError>([&] { ReadObj(path); });
  BOOST_TEST(Has(msg, "notex.mtl"), msg);
  BOOST_TEST(Has(msg, "absent.png"), msg);
  const std::string path2 =
      WriteFile("nomtl.obj", "mtllib nothere.mtl\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  const std::string msg2 = ErrorOf<IoError>([&] { ReadObj(path2); });
  BOOST_TEST(Has(msg2, "nothere.mtl"), msg2);
}

std::string CubeObj(bool seams) {
  std::string s;
  for (int i = 0; i < 8; ++i) {
    s += "v " + std::to_string(i & 1) + " " + std::to_string((i >> 1) & 1) + " " +
         std::to_string((i >> 2) & 1) + "\n";
  }
  const int quads[6][4] = {{1, 2, 4, 3}, {5, 7, 8, 6}, {1, 5, 6, 2},
                           {3, 4, 8, 7}, {1, 3, 7, 5}, {2, 6, 8, 4}};
  if (seams) {
    for (int f = 0; f < 6; ++f) {
      for (int k = 0; k < 4; ++k) {
        s += "vt " + std::to_string(f / 6.0 + (k == 1 || k == 2 ? 0.1 : 0.0)) + " " +
             std::to_string(k >= 2 ? 1 : 0) + "\n";
      }
    }
  }
  for (int f = 0; f < 6; ++f) {
    s += "f";
    for (int k = 0; k < 4; ++k) {
      s += " " + std::to_string(quads[f][k]);
      if (seams) s += "/" + std::to_string(4 * f + k + 1);
    }
    s += "\n";
  }
  return s;
}

BOOST_AUTO_TEST_CASE(CubeWithSeamUvsSplitsSharedPositions) {
  const StaticAsset plain = ReadObj(WriteFile("cube.obj", CubeObj(false)));
  BOOST_TEST(plain.positions.size() == 8u);
  BOOST_TEST(plain.faces.size() == 12u);
  BOOST_TEST(plain.uvs.empty());

  const StaticAsset a = ReadObj(WriteFile("cube_seams.obj", CubeObj(true)));
  BOOST_TEST(a.positions.size() == 24u);  // every corner of every face
  BOOST_TEST(a.faces.size() == 12u);
  BOOST_REQUIRE(a.uvs.size() == 24u);
  std::set<std::tuple<float, float, float>> distinct;
  std::set<std::pair<float, float>> uvs;
  for (std::size_t i = 0; i < a.positions.size(); ++i) {
    distinct.emplace(a.positions[i].x(), a.positions[i].y(), a.positions[i].z());
    uvs.emplace(a.uvs[i].x(), a.uvs[i].y());
  }
  BOOST_TEST(distinct.size() == 8u);
  BOOST_TEST(uvs.size() == 24u);
  // The triangles cover the same geometry as the unsplit cube.
  for (std::size_t f = 0; f < 12; ++f) {
    for (int k = 0; k < 3; ++k) {
      BOOST_TEST(a.positions[a.faces[f][k]] == plain.positions[plain.faces[f][k]]);
    }
  }
}

BOOST_AUTO_TEST_CASE(PolygonsAreFanTriangulatedAndNegativeIndicesAreRelative) {
  const std::string path = WriteFile(
      "pentagon.obj",
      "v 0 0 0\nv 1 0 0\nv 1.5 1 0\nv 0.5 2 0\nv -0.5 1 0\nvn 0 0 1\n"
      "f -5//1 -4//1 -3//1 -2//1 -1//1\n"
      "v 5 5 5\nf 6 -6 2\n");
  const StaticAsset a = ReadObj(path);
  BOOST_TEST(a.positions.size() == 6u);
  BOOST_REQUIRE(a.faces.size() == 4u);
  BOOST_TEST(a.faces[0] == Eigen::Vector3i(0, 1, 2));
  BOOST_TEST(a.faces[1] == Eigen::Vector3i(0, 2, 3));
  BOOST_TEST(a.faces[2] == Eigen::Vector3i(0, 3, 4));
  BOOST_TEST(a.faces[3] == Eigen::Vector3i(5, 0, 1));
  BOOST_TEST(a.positions[5] == Eigen::Vector3f(5, 5, 5));
  BOOST_TEST(a.positions[3] == Eigen::Vector3f(0.5f, 2, 0));
}

BOOST_AUTO_TEST_CASE(VertexColoursAreRead) {
  const StaticAsset a = ReadObj(
      WriteFile("colours.obj", "v 0 0 0 1 0 0\nv 1 0 0 0 1 0\nv 0 1 0 0 0 0.5\nf 1 2 3\n"));
  BOOST_REQUIRE(a.colors.size() == 3u);
  BOOST_TEST(a.colors[0] == Eigen::Vector3f(1, 0, 0));
  BOOST_TEST(a.colors[1] == Eigen::Vector3f(0, 1, 0));
  BOOST_TEST(a.colors[2] == Eigen::Vector3f(0, 0, 0.5f));
}

void ExpectLineError(const std::string& name, const std::string& content, int line,
                     const std::string& what) {
  const std::string path = WriteFile(name, content);
  const std::string msg = ErrorOf<InvalidInputError>([&] { ReadObj(path); });
  BOOST_TEST(Has(msg, path + ":" + std::to_string(line) + ": "), name << ": " << msg);
  BOOST_TEST(Has(msg, what), name << ": " << msg);
  BOOST_TEST(msg.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(BadInputNamesFileAndLine) {
  const std::string tri = "v 0 0 0\nv 1 0 0\nv 0 1 0\n";
  ExpectLineError("bad_number.obj", "v 0 0 0\nv 1 x 0\n", 2, "malformed number 'x'");
  ExpectLineError("bad_number2.obj", "v 0 0 0\nv 1 2.5abc 0\n", 2, "malformed number");
  ExpectLineError("bad_nan.obj", "# c\nv nan 0 0\n", 2, "non-finite");
  ExpectLineError("bad_inf.obj", "v 0 0 0\n\nv 0 -inf 0\n", 3, "non-finite");
  ExpectLineError("bad_overflow.obj", "v 1e300 0 0\n", 1, "non-finite");
  ExpectLineError("bad_range.obj", tri + "f 1 2 4\n", 4, "out of range");
  ExpectLineError("bad_negrange.obj", tri + "f -1 -2 -4\n", 4, "out of range");
  ExpectLineError("bad_zero.obj", tri + "f 0 1 2\n", 4, "index 0");
  ExpectLineError("bad_vt.obj", tri + "vt 0 0\nf 1/1 2/2 3/1\n", 5, "out of range");
  ExpectLineError("bad_index.obj", tri + "f 1 2 3x\n", 4, "malformed");
  ExpectLineError("bad_two.obj", tri + "f 1 2\n", 4, "at least 3");
  ExpectLineError("bad_short_v.obj", "v 1 2\n", 1, "3 coordinates");
  // A long binary token is quoted shortened and printable.
  const std::string junk = WriteFile("junk.obj", "v 0 0 " + std::string(1000, '\x01') + "\n");
  const std::string jmsg = ErrorOf<InvalidInputError>([&] { ReadObj(junk); });
  BOOST_TEST(Has(jmsg, "junk.obj:1: malformed number '????"), jmsg);
  BOOST_TEST(jmsg.size() < junk.size() + 100u, jmsg);

  const std::string path = WriteFile("no_faces.obj", tri);
  const std::string msg = ErrorOf<InvalidInputError>([&] { ReadObj(path); });
  BOOST_TEST(msg == path + ": no faces (an OBJ mesh needs faces; use a PLY for a point set)");
  const std::string empty = WriteFile("empty.obj", "");
  BOOST_TEST(Has(ErrorOf<InvalidInputError>([&] { ReadObj(empty); }), "no faces"));
  BOOST_TEST(Has(ErrorOf<IoError>([&] { ReadObj(TmpPath("does_not_exist.obj")); }),
                 "does_not_exist.obj"));
}

BOOST_AUTO_TEST_CASE(ReadAssetRefusesOtherExtensions) {
  const std::string path = WriteFile("mesh.stl", "solid x\n");
  const std::string msg = ErrorOf<InvalidInputError>([&] { ReadAsset(path); });
  BOOST_TEST(Has(msg, path), msg);
  BOOST_TEST(Has(msg, ".obj"), msg);
  BOOST_TEST(Has(msg, ".ply"), msg);
  const std::string upper = WriteFile("TRI.OBJ", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  BOOST_TEST(ReadAsset(upper).faces.size() == 1u);
}

}  // namespace
}  // namespace dolly::asset
