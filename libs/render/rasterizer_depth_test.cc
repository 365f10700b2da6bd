// Depth and visibility of the rasterizer against analytic ground truth.
#define BOOST_TEST_MODULE rasterizer_depth_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/render/rasterizer.h"
#include "libs/render/render_test_util.h"

namespace dolly::render {
namespace {

using testing::CastRay;
using testing::PointAtPixel;
using testing::SingleTriangle;
using testing::SmallCamera;

RenderMesh Quad(const Eigen::Vector3f& p00, const Eigen::Vector3f& p10,
                const Eigen::Vector3f& p11, const Eigen::Vector3f& p01, uint16_t id) {
  RenderMesh mesh;
  mesh.vertices = {p00, p10, p11, p01};
  mesh.triangles = {{0, 1, 2}, {0, 2, 3}};
  mesh.object_id = id;
  return mesh;
}

// A quad at z = 2 whose projected corners are (u0, v0) and (u1, v1) must
// cover exactly the pixel centres in [u0, u1) x [v0, v1) (top-left rule for
// edges through centres), at depth 2 to float precision (1e-6 absolute:
// 2.0 is exact in float, so any error is the plane evaluation's).
void CheckFrontoParallelQuad(double u0, double v0, double u1, double v1) {
  const auto cam = SmallCamera();
  const double z = 2.0;
  const RenderMesh quad = Quad(PointAtPixel(cam, u0, v0, z), PointAtPixel(cam, u1, v0, z),
                               PointAtPixel(cam, u1, v1, z), PointAtPixel(cam, u0, v1, z), 7);
  const RenderOutput out = Render({quad}, {}, cam, Eigen::Isometry3d::Identity());
  int mismatches = 0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      const bool expected = x >= u0 && x < u1 && y >= v0 && y < v1;
      const bool covered = out.triangle_id.at<int32_t>(y, x) >= 0;
      if (expected != covered) ++mismatches;
      if (covered) {
        BOOST_TEST(std::abs(out.depth.at<float>(y, x) - z) < 1e-6);
        BOOST_TEST(out.instance_id.at<uint16_t>(y, x) == 7);
      } else {
        BOOST_TEST(out.depth.at<float>(y, x) == 0.0f);
        BOOST_TEST(out.instance_id.at<uint16_t>(y, x) == 0);
      }
    }
  }
  BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(FrontoParallelQuadEdgesBetweenCentres) {
  CheckFrontoParallelQuad(9.5, 4.5, 29.5, 19.5);
}

BOOST_AUTO_TEST_CASE(FrontoParallelQuadEdgesThroughCentres) {
  CheckFrontoParallelQuad(10.0, 5.0, 30.0, 20.0);
}

// Depth at each covered pixel centre equals the ray-plane intersection of the
// slanted quad to 1e-5 relative (the output is float: 6e-8 relative rounding;
// the rest is double arithmetic).
BOOST_AUTO_TEST_CASE(SlantedPlaneDepthIsExactAtPixelCentres) {
  const auto cam = SmallCamera();
  const Eigen::Vector3f a(-1.5f, -1.0f, 1.3f), b(1.7f, -1.1f, 4.9f), c(1.4f, 1.2f, 6.1f),
      d(-1.2f, 0.9f, 2.2f);
  // Make the fourth corner coplanar so both triangles share one plane.
  const Eigen::Vector3d n = (b - a).cast<double>().cross((c - a).cast<double>());
  Eigen::Vector3f d_on_plane = d;
  d_on_plane.z() = static_cast<float>(
      a.z() - (n.x() * (d.x() - a.x()) + n.y() * (d.y() - a.y())) / n.z());
  const RenderMesh quad = Quad(a, b, c, d_on_plane, 1);
  const RenderOutput out = Render({quad}, {}, cam, Eigen::Isometry3d::Identity());
  int covered = 0;
  double worst = 0.0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      const int32_t id = out.triangle_id.at<int32_t>(y, x);
      if (id < 0) continue;
      ++covered;
      const auto& hit = id == 0 ? CastRay(cam, x, y, a, b, c) : CastRay(cam, x, y, a, c, d_on_plane);
      BOOST_REQUIRE(hit.has_value());
      worst = std::max(worst, std::abs(out.depth.at<float>(y, x) - hit->z) / hit->z);
      // Covered centres lie inside their triangle (snapping moves edges by
      // at most 1/512 pixel, i.e. barycentrics by well under 1e-2 here).
      BOOST_TEST(hit->bary.minCoeff() > -1e-2);
    }
  }
  BOOST_TEST(covered > 300);
  BOOST_TEST(worst < 1e-5);
}

// Nearer wins whatever the drawing order; instance and triangle ids follow.
BOOST_AUTO_TEST_CASE(OverlappingTrianglesResolveByDepth) {
  const auto cam = SmallCamera();
  const RenderMesh far = SingleTriangle(PointAtPixel(cam, 0, 0, 5.0), PointAtPixel(cam, 60, 2, 5.0),
                                        PointAtPixel(cam, 10, 45, 5.0), 1);
  // The near triangle is slanted and crosses the far one's depth nowhere.
  const RenderMesh near = SingleTriangle(PointAtPixel(cam, 20, 10, 3.0),
                                         PointAtPixel(cam, 63, 20, 4.0),
                                         PointAtPixel(cam, 25, 47, 3.5), 2);
  for (int order = 0; order < 2; ++order) {
    const std::vector<RenderMesh> meshes =
        order == 0 ? std::vector<RenderMesh>{far, near} : std::vector<RenderMesh>{near, far};
    const RenderOutput out = Render(meshes, {}, cam, Eigen::Isometry3d::Identity());
    int near_pixels = 0, far_pixels = 0;
    for (int y = 0; y < cam.height; ++y) {
      for (int x = 0; x < cam.width; ++x) {
        const auto hit_near = CastRay(cam, x, y, near.vertices[0], near.vertices[1], near.vertices[2]);
        const auto hit_far = CastRay(cam, x, y, far.vertices[0], far.vertices[1], far.vertices[2]);
        // Only judge centres clearly inside or outside (barycentric margin
        // 1e-2, far more than the 1/512-pixel snapping).
        const double mn = hit_near->bary.minCoeff();
        const double mf = hit_far->bary.minCoeff();
        if (std::abs(mn) < 1e-2 || std::abs(mf) < 1e-2) continue;
        const uint16_t id = out.instance_id.at<uint16_t>(y, x);
        if (mn > 0) {
          BOOST_TEST(id == 2);
          BOOST_TEST(std::abs(out.depth.at<float>(y, x) - hit_near->z) / hit_near->z < 1e-5);
          ++near_pixels;
        } else if (mf > 0) {
          BOOST_TEST(id == 1);
          BOOST_TEST(std::abs(out.depth.at<float>(y, x) - 5.0) < 5e-5);
          ++far_pixels;
        } else {
          BOOST_TEST(id == 0);
        }
        // Triangle ids number the meshes in the order given.
        if (id != 0) {
          const int expected = (id == 2) == (order == 1) ? 0 : 1;
          BOOST_TEST(out.triangle_id.at<int32_t>(y, x) == expected);
        }
      }
    }
    BOOST_TEST(near_pixels > 100);
    BOOST_TEST(far_pixels > 100);
  }
}

// A triangle with one vertex behind the camera is clipped at the near plane:
// exactly the centres whose ray meets the triangle beyond `near` are covered,
// at the analytic depth (1e-5 relative). Centres within a barycentric or
// depth margin of 1e-3 of a boundary are not judged (snapping to 1/256 px).
void CheckNearPlaneTriangle(const Eigen::Vector3f& a, const Eigen::Vector3f& b,
                            const Eigen::Vector3f& c, double near) {
  const auto cam = SmallCamera();
  RenderOptions options;
  options.near = near;
  const RenderOutput out = Render({SingleTriangle(a, b, c)}, {}, cam,
                                  Eigen::Isometry3d::Identity(), options);
  int inside = 0, outside = 0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      const auto hit = CastRay(cam, x, y, a, b, c);
      const bool covered = out.triangle_id.at<int32_t>(y, x) == 0;
      if (!hit) {
        BOOST_TEST(!covered);
        continue;
      }
      const double margin = std::min(hit->bary.minCoeff(), hit->z / near - 1.0);
      if (std::abs(margin) < 1e-3) continue;
      if (margin > 0) {
        ++inside;
        BOOST_TEST(covered);
        if (covered) BOOST_TEST(std::abs(out.depth.at<float>(y, x) - hit->z) / hit->z < 1e-5);
      } else {
        ++outside;
        BOOST_TEST(!covered);
      }
    }
  }
  BOOST_TEST(inside > 100);
  BOOST_TEST(outside > 100);
}

BOOST_AUTO_TEST_CASE(TriangleBehindCameraIsClippedAtNearPlane) {
  // One vertex behind the camera: without clipping its projection would flip
  // to the wrong side of the image.
  CheckNearPlaneTriangle({-1.0f, -0.5f, 3.0f}, {1.2f, -0.4f, 3.0f}, {0.3f, 2.0f, -1.0f}, 0.1);
}

BOOST_AUTO_TEST_CASE(NearPlaneCutsVisiblePartOfTriangle) {
  // Entirely in front of the camera but partly nearer than `near`: the near
  // part is cut away instead of the whole triangle being drawn or dropped.
  CheckNearPlaneTriangle({-1.0f, -0.6f, 4.0f}, {1.0f, -0.6f, 4.0f}, {0.0f, 0.3f, 0.5f}, 1.5);
}

BOOST_AUTO_TEST_CASE(BackFaceCulling) {
  const auto cam = SmallCamera();
  // Counter-clockwise seen from the camera (x right, y down, z forward means
  // the outside normal (b - a) x (c - a) must point towards -z).
  const Eigen::Vector3f a = PointAtPixel(cam, 10, 10, 2.0);
  const Eigen::Vector3f b = PointAtPixel(cam, 10, 40, 2.0);
  const Eigen::Vector3f c = PointAtPixel(cam, 50, 10, 2.0);
  RenderMesh front = SingleTriangle(a, b, c);
  RenderMesh back = SingleTriangle(a, c, b);
  front.cull_back_faces = back.cull_back_faces = true;
  const RenderOutput out_front = Render({front}, {}, cam, Eigen::Isometry3d::Identity());
  const RenderOutput out_back = Render({back}, {}, cam, Eigen::Isometry3d::Identity());
  BOOST_TEST(cv::countNonZero(out_front.instance_id) > 200);
  BOOST_TEST(cv::countNonZero(out_back.instance_id) == 0);
  back.cull_back_faces = false;
  const RenderOutput out_both = Render({back}, {}, cam, Eigen::Isometry3d::Identity());
  BOOST_TEST(cv::countNonZero(out_both.instance_id) == cv::countNonZero(out_front.instance_id));
}

// camera_from_world is applied: moving the camera back by 1 adds 1 to depth.
BOOST_AUTO_TEST_CASE(CameraPoseIsApplied) {
  const auto cam = SmallCamera();
  const RenderMesh quad = Quad({-1, -1, 2}, {1, -1, 2}, {1, 1, 2}, {-1, 1, 2}, 3);
  Eigen::Isometry3d camera_from_world = Eigen::Isometry3d::Identity();
  camera_from_world.translation() = Eigen::Vector3d(0, 0, 1);
  const RenderOutput out = Render({quad}, {}, cam, camera_from_world);
  BOOST_TEST(std::abs(out.depth.at<float>(23, 31) - 3.0f) < 1e-6);
}

BOOST_AUTO_TEST_CASE(RejectsInconsistentInput) {
  const auto cam = SmallCamera();
  RenderMesh bad = SingleTriangle({0, 0, 1}, {1, 0, 1}, {0, 1, 1});
  bad.triangles.push_back({0, 1, 3});
  BOOST_CHECK_THROW(Render({bad}, {}, cam, Eigen::Isometry3d::Identity()), std::invalid_argument);
  RenderMesh no_uv = SingleTriangle({0, 0, 1}, {1, 0, 1}, {0, 1, 1});
  no_uv.texture = 0;
  BOOST_CHECK_THROW(Render({no_uv}, {cv::Mat(4, 4, CV_8UC3)}, cam, Eigen::Isometry3d::Identity()),
                    std::invalid_argument);
}

}  // namespace
}  // namespace dolly::render
