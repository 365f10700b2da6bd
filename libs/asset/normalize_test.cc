#define BOOST_TEST_MODULE normalize_test
#include <boost/test/unit_test.hpp>

#include <string>

#include "libs/asset/normalize.h"
#include "libs/asset/test_util.h"
#include "libs/core/error.h"

namespace dolly::asset {
namespace {

BOOST_AUTO_TEST_CASE(LongestSideBecomesOneCentreZeroAndTransformMapsOriginals) {
  StaticAsset a;
  a.source = "thing.ply";
  a.positions = {{10, -2, 3}, {14, 0, 3.5f}, {12, -1, 4}, {11, 0.5f, 3.2f}};
  const std::vector<Eigen::Vector3f> original = a.positions;
  const Eigen::Affine3f t = NormalizeToUnitCube(&a);
  Eigen::Vector3f lo = a.positions[0], hi = a.positions[0];
  for (const auto& p : a.positions) {
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
  }
  const Eigen::Vector3f extent = hi - lo;
  BOOST_TEST(std::abs(extent.maxCoeff() - 1.0f) < 1e-6f);
  BOOST_TEST(std::abs(extent.y() - 2.5f / 4.0f) < 1e-6f);
  BOOST_TEST(((lo + hi) * 0.5f).norm() < 1e-6f);
  for (std::size_t i = 0; i < original.size(); ++i) {
    BOOST_TEST(((t * original[i]) - a.positions[i]).norm() < 1e-6f);
    BOOST_TEST(((t.inverse() * a.positions[i]) - original[i]).norm() < 1e-5f);
  }
  BOOST_TEST(std::abs(t.linear()(0, 0) - 0.25f) < 1e-7f);
}

BOOST_AUTO_TEST_CASE(EmptyOrDegenerateAssetsThrowNamingTheSource) {
  StaticAsset empty;
  empty.source = "empty.obj";
  const std::string m1 = testing::ErrorOf<InvalidInputError>([&] { NormalizeToUnitCube(&empty); });
  BOOST_TEST(m1.rfind("empty.obj: ", 0) == 0u, m1);
  StaticAsset point;
  point.source = "point.ply";
  point.positions = {{1, 2, 3}, {1, 2, 3}};
  const std::string m2 = testing::ErrorOf<InvalidInputError>([&] { NormalizeToUnitCube(&point); });
  BOOST_TEST(m2.rfind("point.ply: ", 0) == 0u, m2);
  BOOST_TEST(m2.find("degenerate") != std::string::npos, m2);
  BOOST_TEST(point.positions[0] == Eigen::Vector3f(1, 2, 3));  // untouched
  StaticAsset flat;  // a plane is fine: only the longest side matters
  flat.positions = {{0, 0, 0}, {2, 0, 0}, {0, 1, 0}};
  NormalizeToUnitCube(&flat);
  BOOST_TEST(std::abs(flat.positions[1].x() - 0.5f) < 1e-6f);
}

}  // namespace
}  // namespace dolly::asset
