#define BOOST_TEST_MODULE formats_test
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"
#include "libs/trajectory/formats.h"

namespace dolly::trajectory {
namespace {

// Text keeps 9 significant digits: round trips agree to 1e-7.
constexpr double kTextTol = 1e-7;
constexpr double kTol = 1e-12;

Trajectory Sample() {
  Trajectory t;
  for (int i = 0; i < 5; ++i) {
    t.Add(0.5 * i, geometry::MakeIsometry(geometry::AxisAngle({0.2, 1, -0.3}, 0.4 * i - 0.7),
                                          {0.3 * i, -0.1 * i, 1.0 + 0.2 * i}));
  }
  return t;
}

void CheckSame(const Trajectory& a, const Trajectory& b, bool timestamps) {
  BOOST_TEST_REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    BOOST_TEST((a.world_from_camera[i].matrix() - b.world_from_camera[i].matrix()).norm() <
               kTextTol);
    if (timestamps) BOOST_TEST(std::abs(a.timestamps[i] - b.timestamps[i]) < kTextTol);
  }
}

// Expects InvalidInputError whose message starts with "<path>:<line>:".
template <typename F>
void ExpectLineError(F parse, const std::string& text, const std::string& where) {
  try {
    parse(text, "poses.txt");
    BOOST_FAIL("no error for: " + text);
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).rfind(where, 0) == 0, e.what());
    BOOST_TEST(static_cast<int>(e.code()) == 3);
  }
}

BOOST_AUTO_TEST_CASE(TumRoundTripAndKnownLine) {
  const Trajectory t = Sample();
  CheckSame(ParseTum(FormatTum(t), "x"), t, true);
  // 90 degrees about z: qz = qw = sqrt(1/2).
  const Trajectory one =
      ParseTum("# header\n\n1.5 1 2 3 0 0 0.70710678118 0.70710678118\n", "x");
  BOOST_TEST_REQUIRE(one.size() == 1u);
  BOOST_TEST(one.timestamps[0] == 1.5);
  const Eigen::Vector3d x_axis = one.world_from_camera[0].linear() * Eigen::Vector3d::UnitX();
  BOOST_TEST((x_axis - Eigen::Vector3d::UnitY()).norm() < 1e-9);
  BOOST_TEST((one.world_from_camera[0].translation() - Eigen::Vector3d(1, 2, 3)).norm() < kTol);
}

BOOST_AUTO_TEST_CASE(KittiRoundTripAndKnownLine) {
  const Trajectory t = Sample();
  CheckSame(ParseKitti(FormatKitti(t), "x"), t, false);
  const Trajectory one = ParseKitti("1 0 0 4 0 1 0 5 0 0 1 6\n", "x");
  BOOST_TEST_REQUIRE(one.size() == 1u);
  BOOST_TEST((one.world_from_camera[0].translation() - Eigen::Vector3d(4, 5, 6)).norm() < kTol);
  BOOST_TEST(one.world_from_camera[0].linear().isIdentity(kTol));
}

// Hand-derived PAC example. Our camera sits at world (0, 0, 2), looking along
// world +x, image down = world +y, so its axes in world coordinates are
//   x_c (right) = (0, 0, -1), y_c (down) = (0, 1, 0), z_c (forward) = (1, 0, 0)
// and R_wc = [x_c y_c z_c]. PyTorch3D: R = R_wc F = [-x_c -y_c z_c], i.e.
//   R = [[0, 0, 1], [0, -1, 0], [1, 0, 0]],
//   T = -F R_wc^T t_wc = -F (x_c.t, y_c.t, z_c.t) = -F (-2, 0, 0) = (-2, 0, 0).
// Stored row-major [R | T]: "0 0 1 -2  0 -1 0 0  1 0 0 0".
BOOST_AUTO_TEST_CASE(PacHandDerivedExample) {
  const Trajectory t = ParsePac("0 0 1 -2 0 -1 0 0 1 0 0 0\n", "x");
  BOOST_TEST_REQUIRE(t.size() == 1u);
  const Eigen::Isometry3d& wc = t.world_from_camera[0];
  Eigen::Matrix3d r_wc;
  r_wc.col(0) = Eigen::Vector3d(0, 0, -1);
  r_wc.col(1) = Eigen::Vector3d(0, 1, 0);
  r_wc.col(2) = Eigen::Vector3d(1, 0, 0);
  BOOST_TEST((wc.linear() - r_wc).norm() < kTol);
  BOOST_TEST((wc.translation() - Eigen::Vector3d(0, 0, 2)).norm() < kTol);

  // The same points through both conventions. World (3, 0, 2) is 3 m ahead;
  // world (3, 0, 1) is 1 m to the right (our +x, PyTorch3D's -x); world
  // (3, -1, 2) is 1 m up (our -y, PyTorch3D's +y).
  Eigen::Matrix3d r_p3d;
  r_p3d << 0, 0, 1, 0, -1, 0, 1, 0, 0;
  const Eigen::RowVector3d t_p3d(-2, 0, 0);
  const Eigen::Vector3d world[] = {{3, 0, 2}, {3, 0, 1}, {3, -1, 2}};
  const Eigen::Vector3d ours[] = {{0, 0, 3}, {1, 0, 3}, {0, -1, 3}};
  const Eigen::Vector3d flip(-1, -1, 1);
  for (int i = 0; i < 3; ++i) {
    const Eigen::Vector3d cam = wc.inverse() * world[i];
    BOOST_TEST((cam - ours[i]).norm() < kTol);
    const Eigen::RowVector3d p3d = world[i].transpose() * r_p3d + t_p3d;  // X_row @ R + T
    BOOST_TEST((p3d.transpose() - flip.cwiseProduct(ours[i])).norm() < kTol);
  }
  // And back to the same numbers.
  const Eigen::Matrix<double, 3, 4> rt = PacFromWorldFromCamera(wc);
  BOOST_TEST((rt.block<3, 3>(0, 0) - r_p3d).norm() < kTol);
  BOOST_TEST((rt.col(3) - t_p3d.transpose()).norm() < kTol);
}

BOOST_AUTO_TEST_CASE(PacRoundTrip) {
  const Trajectory t = Sample();
  CheckSame(ParsePac(FormatPac(t), "x"), t, false);
}

BOOST_AUTO_TEST_CASE(MalformedLinesNameFileAndLine) {
  ExpectLineError(ParseTum, "# c\n0 0 0 0 0 0 0 1\n1 2 3\n", "poses.txt:3:");
  ExpectLineError(ParseTum, "0 0 0 0 0 0 0 abc\n", "poses.txt:1:");
  ExpectLineError(ParseTum, "0 0 0 0 0 0 0 2\n", "poses.txt:1:");      // |q| = 2
  ExpectLineError(ParseTum, "0 0 0 nan 0 0 0 1\n", "poses.txt:1:");
  ExpectLineError(ParseKitti, "1 0 0 0 0 1 0 0 0 0 1 0\n1 0 0 0\n", "poses.txt:2:");
  ExpectLineError(ParseKitti, "2 0 0 0 0 1 0 0 0 0 1 0\n", "poses.txt:1:");  // not a rotation
  ExpectLineError(ParsePac, "1 0 0 0 0 1 0 0 0 0 -1 0\n", "poses.txt:1:");   // reflection
  ExpectLineError(ParsePac, "1 0 0 0 0 1 0 0 0 0 1 0 7\n", "poses.txt:1:");
}

BOOST_AUTO_TEST_CASE(FilesRoundTripAndMissingFileIsIoError) {
  char dir_template[] = "/tmp/formats_test_XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  const Trajectory t = Sample();
  WriteTum(dir + "/a.tum", t);
  WriteKitti(dir + "/a.kitti", t);
  WritePac(dir + "/a.pac", t);
  CheckSame(ReadTum(dir + "/a.tum"), t, true);
  CheckSame(ReadKitti(dir + "/a.kitti"), t, false);
  CheckSame(ReadPac(dir + "/a.pac"), t, false);
  BOOST_CHECK_THROW(ReadTum(dir + "/missing.txt"), IoError);
  for (const char* f : {"/a.tum", "/a.kitti", "/a.pac"}) std::remove((dir + f).c_str());
  rmdir(dir.c_str());
}

}  // namespace
}  // namespace dolly::trajectory
