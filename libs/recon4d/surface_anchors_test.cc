// Unit tests of the surface anchors (surface_anchors.h) with one rig camera
// (libs/rig/multiview_rig.h, 64 x 64) and analytic quads built in the
// camera's frame:
// - A quad facing the camera: SampleAnchors gives exactly the grid pixels
//   (spacing 4) whose 5x5 neighbourhood lies on the quad's image rectangle
//   (2 px clear of the silhouette), with barycentrics in [0, 1] summing to 1
//   and AnchorPoint projecting back onto the pixel (1e-3 px); a mask keeps
//   only anchors on it.
// - Grazing: with a narrow-fov camera (so that depth steps stay under 2 %
//   over the 5x5 window), a quad tilted 70 degrees gives all interior grid
//   anchors and one tilted 82 degrees (more than 80 degrees from its
//   normal) gives none, although it covers the image.
// - A point set (no faces): every anchor is one point (all three vertices
//   equal, bary {1, 0, 0}) and its pixel is the exact projection of that
//   point (1e-9 px).
// - RenderSurface: the depth of a tilted quad at every covered pixel equals
//   the analytic ray-plane depth (1e-4), the triangle id matches the half of
//   the quad hit, uncovered pixels are 0 / -1; splatted points are
//   z-buffered (the nearer of two points on one ray wins).
#define BOOST_TEST_MODULE surface_anchors_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>
#include <utility>

#include <opencv2/core.hpp>

#include "libs/recon4d/surface_anchors.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::recon4d {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDistance = 3.0;  // the rig's default: target at z = 3 in the camera

rig::RigCamera Camera(double fov_y_deg = 40.0) {
  rig::RigSpec spec;
  spec.views = 1;
  spec.width = 64;
  spec.height = 64;
  spec.fov_y_deg = fov_y_deg;
  const std::vector<rig::RigCamera> rig = rig::MakeRig(spec);
  BOOST_TEST_REQUIRE(rig.size() == 1u);
  return rig[0];
}

struct Quad {
  std::vector<Eigen::Vector3f> positions;
  std::vector<Eigen::Vector3i> faces = {{0, 1, 2}, {0, 2, 3}};
  // In the camera frame: centre, in-plane axes u (camera x) and w, normal.
  Eigen::Vector3d centre, u, w, normal;
  double half = 0.0;
};

// A square of half-size `half` centred on the optical axis at the target,
// tilted by `tilt_deg` about the camera x axis (0: facing the camera).
// Corners A(-u,-w), B(+u,-w), C(+u,+w), D(-u,+w); triangle 0 = ABC holds the
// points with w-coordinate < u-coordinate.
Quad MakeQuad(const rig::RigCamera& camera, double tilt_deg, double half) {
  Quad q;
  const double t = tilt_deg * kPi / 180.0;
  q.centre = Eigen::Vector3d(0, 0, kDistance);
  q.u = Eigen::Vector3d::UnitX();
  q.w = Eigen::Vector3d(0, std::cos(t), std::sin(t));
  q.normal = q.u.cross(q.w);
  q.half = half;
  const double corners[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  for (const auto& c : corners) {
    const Eigen::Vector3d p = q.centre + half * (c[0] * q.u + c[1] * q.w);
    q.positions.push_back((camera.world_from_camera * p).cast<float>());
  }
  return q;
}

Eigen::Vector2d ProjectWorld(const rig::RigCamera& camera, const Eigen::Vector3d& world) {
  return camera.intrinsics.Project(camera.world_from_camera.inverse() * world);
}

BOOST_AUTO_TEST_CASE(FacingQuadAnchors) {
  const rig::RigCamera camera = Camera();
  const Quad quad = MakeQuad(camera, 0.0, 0.5);
  const geometry::PinholeCamera& k = camera.intrinsics;
  // The quad's image: a square of half-size f * 0.5 / 3 about the centre.
  const double r = k.fx * 0.5 / kDistance;
  const double lo = k.cx - r, hi = k.cx + r;  // same for y (fx = fy, cx = cy)
  BOOST_TEST_REQUIRE(std::abs(k.cx - k.cy) < 1e-12);
  const int spacing = 4;
  std::set<std::pair<int, int>> expected;
  for (int y = spacing / 2; y < k.height; y += spacing) {
    for (int x = spacing / 2; x < k.width; x += spacing) {
      // Keep the expectation away from edge cases of coverage rules.
      BOOST_TEST_REQUIRE(std::abs(x - 2 - lo) > 0.25);
      BOOST_TEST_REQUIRE(std::abs(x + 2 - hi) > 0.25);
      if (x - 2 > lo && x + 2 < hi && y - 2 > lo && y + 2 < hi) expected.insert({x, y});
    }
  }
  BOOST_TEST_REQUIRE(expected.size() == 36u);
  const std::vector<SurfaceAnchor> anchors =
      SampleAnchors(quad.positions, quad.faces, camera, cv::Mat(), spacing);
  std::set<std::pair<int, int>> got;
  for (const SurfaceAnchor& a : anchors) {
    got.insert({static_cast<int>(std::lround(a.pixel.x())), static_cast<int>(std::lround(a.pixel.y()))});
    // Inside the quad's image with 2 px to spare.
    BOOST_TEST(a.pixel.x() - 2 > lo);
    BOOST_TEST(a.pixel.x() + 2 < hi);
    BOOST_TEST(a.pixel.y() - 2 > lo);
    BOOST_TEST(a.pixel.y() + 2 < hi);
    BOOST_TEST((a.vertices == std::array<int, 3>{0, 1, 2} || a.vertices == std::array<int, 3>{0, 2, 3}));
    double sum = 0.0;
    for (double b : a.bary) {
      BOOST_TEST(b >= 0.0);
      BOOST_TEST(b <= 1.0);
      sum += b;
    }
    BOOST_TEST(std::abs(sum - 1.0) <= 1e-12);
    const Eigen::Vector3d p = AnchorPoint(a, quad.positions);
    BOOST_TEST((ProjectWorld(camera, p) - a.pixel).norm() <= 1e-3);
    // On the quad's plane, at the camera distance.
    const Eigen::Vector3d c = camera.world_from_camera.inverse() * p;
    BOOST_TEST(std::abs(c.z() - kDistance) <= 1e-5);
  }
  BOOST_TEST(anchors.size() == expected.size());
  BOOST_TEST((got == expected));

  // A mask on the right half keeps only the anchors on it.
  cv::Mat mask(k.height, k.width, CV_8UC1, cv::Scalar(0));
  mask.colRange(32, k.width).setTo(255);
  const std::vector<SurfaceAnchor> masked =
      SampleAnchors(quad.positions, quad.faces, camera, mask, spacing);
  size_t right = 0;
  for (const auto& [x, y] : expected) right += x >= 32 ? 1 : 0;
  BOOST_TEST(masked.size() == right);
  for (const SurfaceAnchor& a : masked) BOOST_TEST(a.pixel.x() >= 32.0);
}

BOOST_AUTO_TEST_CASE(GrazingQuadGivesNoAnchors) {
  // fov 1 degree: f ~ 3667 px, so that even at 82 degrees the depth changes
  // by < 2 % over 2 px and only the viewing angle rejects the surface.
  const rig::RigCamera camera = Camera(1.0);
  const geometry::PinholeCamera& k = camera.intrinsics;
  const int spacing = 4;
  // Control: 70 degrees (cosine 0.34) keeps every grid pixel 2 px from the
  // image border: x, y in {2, 6, ..., 58}.
  const Quad steep = MakeQuad(camera, 70.0, 1.0);
  BOOST_TEST(SampleAnchors(steep.positions, steep.faces, camera, cv::Mat(), spacing).size() ==
             225u);
  for (double tilt : {82.0, 85.0}) {
    const Quad quad = MakeQuad(camera, tilt, 1.0);
    const SurfaceRender render = RenderSurface(quad.positions, quad.faces, camera);
    // The quad covers the image and its depth is steady around the centre.
    BOOST_TEST_REQUIRE(cv::countNonZero(render.depth > 0) == k.width * k.height);
    const float centre = render.depth.at<float>(32, 32);
    for (int dy = -2; dy <= 2; ++dy) {
      for (int dx = -2; dx <= 2; ++dx) {
        BOOST_TEST_REQUIRE(std::abs(render.depth.at<float>(32 + dy, 32 + dx) - centre) <
                           0.02f * centre);
      }
    }
    BOOST_TEST(SampleAnchors(quad.positions, quad.faces, camera, cv::Mat(), spacing).empty(),
               "tilt " << tilt);
  }
}

BOOST_AUTO_TEST_CASE(PointSetAnchorsAreExactProjections) {
  const rig::RigCamera camera = Camera();
  std::vector<Eigen::Vector3f> points;
  for (int i = -4; i <= 4; ++i) {
    for (int j = -4; j <= 4; ++j) {
      const Eigen::Vector3d c(0.1 * i, 0.1 * j + 0.013 * i, kDistance + 0.01 * j);
      points.push_back((camera.world_from_camera * c).cast<float>());
    }
  }
  const std::vector<SurfaceAnchor> anchors = SampleAnchors(points, {}, camera, cv::Mat(), 4);
  BOOST_TEST(anchors.size() >= 4u);
  for (const SurfaceAnchor& a : anchors) {
    BOOST_TEST_REQUIRE(a.vertices[0] >= 0);
    BOOST_TEST_REQUIRE(a.vertices[0] < static_cast<int>(points.size()));
    BOOST_TEST(a.vertices[1] == a.vertices[0]);
    BOOST_TEST(a.vertices[2] == a.vertices[0]);
    BOOST_TEST(a.bary[0] == 1.0);
    BOOST_TEST(a.bary[1] == 0.0);
    BOOST_TEST(a.bary[2] == 0.0);
    const Eigen::Vector3d p = points[a.vertices[0]].cast<double>();
    BOOST_TEST((AnchorPoint(a, points) - p).norm() == 0.0);
    BOOST_TEST((ProjectWorld(camera, p) - a.pixel).norm() <= 1e-9);
  }
  // A point whose splat covers several grid pixels is still one anchor.
  std::set<int> distinct;
  for (const SurfaceAnchor& a : anchors) distinct.insert(a.vertices[0]);
  BOOST_TEST(distinct.size() == anchors.size());
}

BOOST_AUTO_TEST_CASE(RenderSurfaceDepthIsTheAnalyticDepth) {
  const rig::RigCamera camera = Camera();
  const geometry::PinholeCamera& k = camera.intrinsics;
  const Quad quad = MakeQuad(camera, 40.0, 0.5);
  const SurfaceRender render = RenderSurface(quad.positions, quad.faces, camera);
  BOOST_TEST(render.depth.type() == CV_32F);
  BOOST_TEST(render.id.type() == CV_32S);
  int covered = 0, checked_ids = 0;
  for (int y = 0; y < k.height; ++y) {
    for (int x = 0; x < k.width; ++x) {
      const Eigen::Vector3d ray = k.Ray(Eigen::Vector2d(x, y));
      const double depth = quad.normal.dot(quad.centre) / quad.normal.dot(ray);
      const Eigen::Vector3d hit = ray * depth - quad.centre;
      const double a = hit.dot(quad.u), b = hit.dot(quad.w);
      const float got = render.depth.at<float>(y, x);
      const int id = render.id.at<int>(y, x);
      const double margin = 0.02;  // clear of the quad's edges and diagonal
      if (std::abs(a) < quad.half - margin && std::abs(b) < quad.half - margin) {
        BOOST_TEST(std::abs(got - depth) <= 1e-4, "at " << x << "," << y);
        if (std::abs(a - b) > margin) {
          BOOST_TEST(id == (b < a ? 0 : 1), "at " << x << "," << y);
          ++checked_ids;
        }
      } else if (std::abs(a) > quad.half + margin || std::abs(b) > quad.half + margin) {
        BOOST_TEST(got == 0.0f, "at " << x << "," << y);
        BOOST_TEST(id == -1, "at " << x << "," << y);
      }
      if (got > 0.0f) ++covered;
    }
  }
  BOOST_TEST(covered > 200);
  BOOST_TEST(checked_ids > 200);
  // The quad's centre lies on the optical axis at the rig distance.
  const Eigen::Vector2d centre_px(k.cx, k.cy);
  BOOST_TEST(std::abs(quad.normal.dot(quad.centre) / quad.normal.dot(k.Ray(centre_px)) -
                      kDistance) < 1e-12);
}

BOOST_AUTO_TEST_CASE(RenderSurfaceSplatsPointsWithAZBuffer) {
  const rig::RigCamera camera = Camera();
  const geometry::PinholeCamera& k = camera.intrinsics;
  // Two points on the ray through pixel (20, 40), the nearer listed second,
  // and one alone at (45, 10).
  const Eigen::Vector3d ray = k.Ray(Eigen::Vector2d(20, 40));
  const Eigen::Vector3d alone = k.Ray(Eigen::Vector2d(45, 10)) * 2.5;
  const std::vector<Eigen::Vector3f> points = {
      (camera.world_from_camera * (ray * 3.0)).cast<float>(),
      (camera.world_from_camera * (ray * 2.0)).cast<float>(),
      (camera.world_from_camera * alone).cast<float>()};
  const SurfaceRender render = RenderSurface(points, {}, camera, 1);
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      BOOST_TEST(std::abs(render.depth.at<float>(40 + dy, 20 + dx) - 2.0f) <= 1e-5f);
      BOOST_TEST(render.id.at<int>(40 + dy, 20 + dx) == 1);
      BOOST_TEST(std::abs(render.depth.at<float>(10 + dy, 45 + dx) - 2.5f) <= 1e-5f);
      BOOST_TEST(render.id.at<int>(10 + dy, 45 + dx) == 2);
    }
  }
  // Squares of radius 1: 9 pixels each, nothing else.
  BOOST_TEST(cv::countNonZero(render.depth > 0) == 18);
  BOOST_TEST(cv::countNonZero(render.id >= 0) == 18);
}

}  // namespace
}  // namespace dolly::recon4d
