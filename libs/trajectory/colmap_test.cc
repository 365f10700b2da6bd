#define BOOST_TEST_MODULE colmap_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/core/error.h"
#include "libs/trajectory/colmap.h"

namespace dolly::trajectory {
namespace {

BOOST_AUTO_TEST_CASE(ParsesPosesAndSkipsPointLines) {
  // Image 1: identity rotation, camera_from_world t = (0, 0, -2), so the
  // camera sits at world (0, 0, 2). Image 2: 90 degrees about z
  // (qw = qz = sqrt(1/2)), t = 0. The point line of image 1 is not empty,
  // that of image 2 is.
  const std::string text =
      "# Image list with two lines of data per image:\n"
      "1 1 0 0 0 0 0 -2 1 000000.png\n"
      "10.5 20.5 -1 11.0 12.0 3\n"
      "2 0.70710678118 0 0 0.70710678118 0 0 0 1 000001.png\n"
      "\n";
  const auto poses = ParseColmapImages(text, "images.txt");
  BOOST_TEST_REQUIRE(poses.size() == 2u);
  BOOST_TEST((poses.at("000000.png").translation() - Eigen::Vector3d(0, 0, 2)).norm() < 1e-12);
  // world_from_camera is the inverse, -90 degrees about z: the camera's x
  // axis points along world -y.
  const Eigen::Vector3d x = poses.at("000001.png").linear() * Eigen::Vector3d::UnitX();
  BOOST_TEST((x + Eigen::Vector3d::UnitY()).norm() < 1e-9);
}

BOOST_AUTO_TEST_CASE(MalformedLineNamesFileAndLine) {
  try {
    ParseColmapImages("1 1 0 0 x 0 0 0 1 a.png\n\n", "images.txt");
    BOOST_FAIL("no error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).rfind("images.txt:1:", 0) == 0u);
  }
  BOOST_CHECK_THROW(ParseColmapImages("1 2 0 0 0 0 0 0 1 a.png\n\n", "images.txt"),
                    InvalidInputError);
  BOOST_CHECK_THROW(ReadColmapImages("/nonexistent/images.txt"), IoError);
}

}  // namespace
}  // namespace dolly::trajectory
