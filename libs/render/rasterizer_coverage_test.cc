// Shared edges: the triangles of a closed fan or grid cover every pixel centre
// inside it exactly once, also after near-plane clipping. Coverage is counted
// by rendering each triangle alone and summing.
#define BOOST_TEST_MODULE rasterizer_coverage_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "libs/render/coverage.h"
#include "libs/render/rasterizer.h"
#include "libs/render/render_test_util.h"

namespace dolly::render {
namespace {

using testing::CastRay;
using testing::PointAtPixel;
using testing::SingleTriangle;
using testing::SmallCamera;

// How many of the mesh's triangles cover each pixel centre.
cv::Mat CoverageCount(const RenderMesh& mesh, const geometry::PinholeCamera& cam,
                      const RenderOptions& options = RenderOptions()) {
  cv::Mat count = cv::Mat::zeros(cam.height, cam.width, CV_32S);
  for (const Eigen::Vector3i& tri : mesh.triangles) {
    const RenderOutput out =
        Render({SingleTriangle(mesh.vertices[tri[0]], mesh.vertices[tri[1]], mesh.vertices[tri[2]])},
               {}, cam, Eigen::Isometry3d::Identity(), options);
    for (int y = 0; y < cam.height; ++y) {
      for (int x = 0; x < cam.width; ++x) {
        if (out.triangle_id.at<int32_t>(y, x) >= 0) ++count.at<int32_t>(y, x);
      }
    }
  }
  return count;
}

// A deterministic pseudo-random sequence (no library RNG: the test must not
// depend on an implementation-defined distribution).
double Jitter(int i) {
  const uint64_t h = (static_cast<uint64_t>(i) + 1) * 0x9E3779B97F4A7C15ull;
  return static_cast<double>((h >> 11) % 1000) / 1000.0 - 0.5;
}

// A closed fan whose centre and several ring vertices sit exactly on pixel
// centres, so edges pass through centres and the tie rule decides them.
BOOST_AUTO_TEST_CASE(ClosedFanCoversEachCentreOnce) {
  const auto cam = SmallCamera();
  RenderMesh fan;
  fan.vertices.push_back(PointAtPixel(cam, 30, 22, 2.0));
  const int ring = 11;
  for (int i = 0; i < ring; ++i) {
    const double angle = 2.0 * M_PI * i / ring;
    const double radius = i % 3 == 0 ? 18.0 : 15.0 + 4.0 * Jitter(i);
    double u = 30 + radius * std::cos(angle), v = 22 + radius * std::sin(angle);
    if (i % 2 == 0) u = std::round(u), v = std::round(v);
    // Varying depth: the fan is not planar.
    fan.vertices.push_back(PointAtPixel(cam, u, v, 2.0 + 0.5 * Jitter(100 + i)));
  }
  for (int i = 0; i < ring; ++i) fan.triangles.push_back({0, 1 + i, 1 + (i + 1) % ring});
  const cv::Mat count = CoverageCount(fan, cam);
  double max_count;
  cv::minMaxLoc(count, nullptr, &max_count);
  BOOST_TEST(max_count == 1.0);
  // Every centre within 13 px of the fan centre is inside the ring polygon.
  int inner = 0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      if (std::hypot(x - 30.0, y - 22.0) < 13.0) {
        ++inner;
        BOOST_TEST(count.at<int32_t>(y, x) == 1);
      }
    }
  }
  BOOST_TEST(inner > 400);
}

// A grid of quads with integer (pixel-centre) boundary vertices and jittered
// interior vertices, split along alternating diagonals: horizontal and
// vertical edges run through rows and columns of centres.
BOOST_AUTO_TEST_CASE(TriangulatedGridCoversEachCentreOnce) {
  const auto cam = SmallCamera();
  RenderMesh grid;
  const int nx = 6, ny = 5;
  const double u0 = 4, v0 = 3, step = 9;
  for (int j = 0; j <= ny; ++j) {
    for (int i = 0; i <= nx; ++i) {
      double u = u0 + step * i, v = v0 + step * j;
      const bool boundary = i == 0 || j == 0 || i == nx || j == ny;
      if (!boundary && (i + j) % 2 == 1) {
        u += 3.0 * Jitter(i * 31 + j);
        v += 3.0 * Jitter(i * 17 + j + 500);
      }
      grid.vertices.push_back(PointAtPixel(cam, u, v, 3.0 + 0.2 * i - 0.1 * j));
    }
  }
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      const int a = j * (nx + 1) + i, b = a + 1, c = a + nx + 1, d = c + 1;
      if ((i + j) % 2 == 0) {
        grid.triangles.push_back({a, b, d});
        grid.triangles.push_back({a, d, c});
      } else {
        grid.triangles.push_back({a, b, c});
        grid.triangles.push_back({b, d, c});
      }
    }
  }
  const cv::Mat count = CoverageCount(grid, cam);
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      // Top-left rule on the outer rectangle: [u0, u_end) x [v0, v_end).
      const bool inside = x >= u0 && x < u0 + step * nx && y >= v0 && y < v0 + step * ny;
      BOOST_TEST(count.at<int32_t>(y, x) == (inside ? 1 : 0));
    }
  }
}

// A fan whose centre lies behind the near plane: every triangle is clipped,
// and the clipped shared edges still partition the centres exactly.
BOOST_AUTO_TEST_CASE(ClippedFanCoversEachCentreAtMostOnceAndNoGaps) {
  const auto cam = SmallCamera();
  RenderOptions options;
  options.near = 0.6;
  RenderMesh fan;
  fan.vertices.push_back({0.05f, -0.03f, 0.4f});
  const int ring = 9;
  for (int i = 0; i < ring; ++i) {
    const double angle = 2.0 * M_PI * i / ring + 0.1;
    fan.vertices.push_back(PointAtPixel(cam, 31.5 + 40 * std::cos(angle),
                                        23.5 + 40 * std::sin(angle), 3.0 + 0.3 * Jitter(i)));
  }
  for (int i = 0; i < ring; ++i) fan.triangles.push_back({0, 1 + i, 1 + (i + 1) % ring});
  const cv::Mat count = CoverageCount(fan, cam, options);
  int judged = 0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      BOOST_TEST(count.at<int32_t>(y, x) <= 1);
      // Centres whose ray meets some triangle clearly inside it (barycentric
      // margin 1e-3) and clearly beyond the near plane (depth margin 1e-3
      // relative) must be covered.
      for (const Eigen::Vector3i& tri : fan.triangles) {
        const auto hit = CastRay(cam, x, y, fan.vertices[tri[0]], fan.vertices[tri[1]],
                                 fan.vertices[tri[2]]);
        if (hit && hit->bary.minCoeff() > 1e-3 && hit->z > options.near * (1 + 1e-3)) {
          ++judged;
          BOOST_TEST(count.at<int32_t>(y, x) == 1);
        }
      }
    }
  }
  BOOST_TEST(judged > 1000);
  // The hole around the clipped centre is left empty.
  BOOST_TEST(count.at<int32_t>(23, 32) == 0);
}

// The integer edge functions directly: two triangles sharing a diagonal
// through pixel centres split those centres between them.
BOOST_AUTO_TEST_CASE(SharedDiagonalThroughCentres) {
  const FixedPoint a = SnapToSubpixel(0, 0), b = SnapToSubpixel(8, 0), c = SnapToSubpixel(8, 8),
                   d = SnapToSubpixel(0, 8);
  std::vector<int> count(100, 0);
  auto visit = [&](int x, int y) { ++count[y * 10 + x]; };
  ForEachCoveredPixel(a, b, c, 10, 10, visit);
  ForEachCoveredPixel(a, c, d, 10, 10, visit);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 10; ++x) BOOST_TEST(count[y * 10 + x] == (x < 8 && y < 8 ? 1 : 0));
  }
}

}  // namespace
}  // namespace dolly::render
