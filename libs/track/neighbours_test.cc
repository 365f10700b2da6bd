// NearestNeighbours against a brute-force search on random points.
#define BOOST_TEST_MODULE neighbours_test
#include <algorithm>
#include <utility>

#include <boost/test/unit_test.hpp>

#include "libs/track/neighbours.h"

namespace dolly::track {
namespace {

std::vector<int> BruteForce(const std::vector<cv::Point2f>& points, size_t i, int k, float radius) {
  std::vector<std::pair<float, int>> all;
  for (size_t j = 0; j < points.size(); ++j) {
    if (j == i) continue;
    const cv::Point2f d = points[j] - points[i];
    if (d.dot(d) <= radius * radius) all.emplace_back(d.dot(d), static_cast<int>(j));
  }
  std::sort(all.begin(), all.end());
  std::vector<int> out;
  for (size_t c = 0; c < all.size() && c < static_cast<size_t>(k); ++c) out.push_back(all[c].second);
  return out;
}

BOOST_AUTO_TEST_CASE(matches_brute_force) {
  cv::RNG rng(11);
  std::vector<cv::Point2f> points;
  for (int i = 0; i < 500; ++i) {
    points.emplace_back(rng.uniform(-20.0f, 300.0f), rng.uniform(0.0f, 200.0f));
  }
  points.push_back(points[3]);  // a duplicate: distance 0
  for (const auto& [k, radius] : {std::pair<int, float>{8, 25.0f}, {16, 40.0f}, {3, 5.0f}}) {
    const auto found = NearestNeighbours(points, k, radius);
    BOOST_REQUIRE_EQUAL(found.size(), points.size());
    for (size_t i = 0; i < points.size(); ++i) {
      BOOST_TEST_CONTEXT("point " << i << " k " << k << " radius " << radius) {
        BOOST_TEST(found[i] == BruteForce(points, i, k, radius));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(degenerate_inputs) {
  BOOST_TEST(NearestNeighbours({}, 4, 10.0f).empty());
  const std::vector<cv::Point2f> one = {{1.0f, 2.0f}};
  BOOST_TEST(NearestNeighbours(one, 4, 10.0f)[0].empty());
  const std::vector<cv::Point2f> two = {{0.0f, 0.0f}, {3.0f, 4.0f}};
  BOOST_TEST(NearestNeighbours(two, 4, 4.9f)[0].empty());
  BOOST_TEST(NearestNeighbours(two, 4, 5.0f)[0] == std::vector<int>{1});
  BOOST_TEST(NearestNeighbours(two, 0, 5.0f)[0].empty());
}

}  // namespace
}  // namespace dolly::track
