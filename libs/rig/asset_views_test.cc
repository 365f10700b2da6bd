#define BOOST_TEST_MODULE asset_views_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <vector>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"
#include "libs/rig/asset_views.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::rig {
namespace {

// The unit cube [-0.5, 0.5]^3 with one colour per face (24 vertices),
// triangles counter-clockwise seen from outside. Face order: +x, -x, +y, -y,
// +z, -z.
const Eigen::Vector3f kFaceColors[6] = {
    {1.0f, 0.0f, 0.0f}, {0.0f, 1.0f, 1.0f}, {0.0f, 1.0f, 0.0f},
    {1.0f, 0.0f, 1.0f}, {0.0f, 0.0f, 1.0f}, {1.0f, 1.0f, 0.0f}};

asset::StaticAsset ColoredCube() {
  asset::StaticAsset cube;
  cube.source = "cube.obj";
  for (int axis = 0; axis < 3; ++axis) {
    for (int sign = 0; sign < 2; ++sign) {
      const int face = 2 * axis + sign;
      const float s = sign == 0 ? 0.5f : -0.5f;
      Eigen::Vector3f n = Eigen::Vector3f::Zero();
      n[axis] = sign == 0 ? 1.0f : -1.0f;
      Eigen::Vector3f a = Eigen::Vector3f::Zero();
      a[(axis + 1) % 3] = 0.5f;
      const Eigen::Vector3f b = n.cross(a);  // a, b, n right-handed
      const Eigen::Vector3f centre = s * Eigen::Vector3f::Unit(axis);
      const int base = static_cast<int>(cube.positions.size());
      cube.positions.push_back(centre - a - b);
      cube.positions.push_back(centre + a - b);
      cube.positions.push_back(centre + a + b);
      cube.positions.push_back(centre - a + b);
      for (int i = 0; i < 4; ++i) cube.colors.push_back(kFaceColors[face]);
      cube.faces.emplace_back(base, base + 1, base + 2);
      cube.faces.emplace_back(base, base + 2, base + 3);
    }
  }
  return cube;
}

cv::Vec3b Byte(const Eigen::Vector3f& c) {
  return cv::Vec3b(static_cast<uint8_t>(std::lround(255 * c.x())),
                   static_cast<uint8_t>(std::lround(255 * c.y())),
                   static_cast<uint8_t>(std::lround(255 * c.z())));
}

BOOST_AUTO_TEST_CASE(CubeFromDefaultRig) {
  const asset::StaticAsset cube = ColoredCube();
  // Sanity: the cube is the unit cube.
  for (const auto& p : cube.positions) BOOST_TEST(p.cwiseAbs().maxCoeff() == 0.5f);
  const RigSpec spec;
  const std::vector<RigCamera> rig = MakeRig(spec);
  CheckRigSeesAsset(cube, rig);
  const std::vector<AssetView> views = RenderAssetViews(cube, rig);
  BOOST_TEST(views.size() == 4u);
  // The side face each view looks at: +x, +y, -x, -y.
  const int seen_face[4] = {0, 2, 1, 3};
  for (int k = 0; k < 4; ++k) {
    const AssetView& v = views[k];
    BOOST_TEST(v.rgb.type() == CV_8UC3);
    BOOST_TEST(v.mask.type() == CV_8UC1);
    BOOST_TEST(v.depth.type() == CV_32F);
    BOOST_TEST(v.rgb.rows == 256);
    BOOST_TEST(v.rgb.cols == 256);
    double count = 0, sx = 0, sy = 0;
    for (int y = 0; y < 256; ++y) {
      for (int x = 0; x < 256; ++x) {
        const uint8_t m = v.mask.at<uint8_t>(y, x);
        const float d = v.depth.at<float>(y, x);
        const cv::Vec3b c = v.rgb.at<cv::Vec3b>(y, x);
        if (m == 0) {
          BOOST_TEST_REQUIRE(d == 0.0f);
          BOOST_TEST_REQUIRE((c == cv::Vec3b(255, 255, 255)));
          continue;
        }
        BOOST_TEST_REQUIRE(m == 255);
        BOOST_TEST_REQUIRE(d > spec.distance - 0.87);
        BOOST_TEST_REQUIRE(d < spec.distance + 0.87);
        // Every covered pixel has one of the face colours (flat per face, no
        // lighting).
        bool is_face_color = false;
        for (const auto& fc : kFaceColors) is_face_color = is_face_color || c == Byte(fc);
        BOOST_TEST_REQUIRE(is_face_color);
        ++count;
        sx += x;
        sy += y;
      }
    }
    BOOST_TEST_MESSAGE("view " << k << ": " << count << " px, centroid " << sx / count << ", "
                               << sy / count);
    BOOST_TEST(count > 1000);
    // Horizontally the silhouette is symmetric about the optical axis.
    BOOST_TEST(std::abs(sx / count - 127.5) < 2.0);
    // Vertically it is not: seen from 15 degrees up, the near bottom edge
    // projects lower (81 px below the centre) than the far top edge rises
    // (64 px above), so the centroid sits about 8 px below the centre. Check
    // it against the exact silhouette: the convex hull of the 8 projected
    // corners.
    std::vector<cv::Point2f> corners;
    const Eigen::Isometry3d camera_from_world = rig[k].world_from_camera.inverse();
    for (int c = 0; c < 8; ++c) {
      const Eigen::Vector3d p((c & 1) ? 0.5 : -0.5, (c & 2) ? 0.5 : -0.5, (c & 4) ? 0.5 : -0.5);
      const Eigen::Vector2d px = rig[k].intrinsics.Project(camera_from_world * p);
      corners.emplace_back(static_cast<float>(px.x()), static_cast<float>(px.y()));
    }
    std::vector<cv::Point2f> hull;
    cv::convexHull(corners, hull);
    const cv::Moments m = cv::moments(hull);
    BOOST_TEST(std::abs(sx / count - m.m10 / m.m00) < 0.5);
    BOOST_TEST(std::abs(sy / count - m.m01 / m.m00) < 0.5);
    BOOST_TEST(std::abs(count - m.m00) < 0.02 * m.m00);
    // The centre pixel shows the side face the view looks at; a pixel above
    // it, near the top of the silhouette, shows the top (+z) face.
    BOOST_TEST((v.rgb.at<cv::Vec3b>(128, 128) == Byte(kFaceColors[seen_face[k]])));
    int top = 0;
    while (v.mask.at<uint8_t>(top, 128) == 0) ++top;
    BOOST_TEST((v.rgb.at<cv::Vec3b>(top + 1, 128) == Byte(kFaceColors[4])));
  }
}

// A sphere of diameter 1 (the unit cube's normalisation) centred on the
// target lies on every optical axis, so its silhouette is a disc centred on
// the principal point in every view.
asset::StaticAsset Sphere() {
  constexpr double kPi = 3.14159265358979323846;
  constexpr int kRings = 24, kSegments = 48;
  asset::StaticAsset s;
  s.source = "sphere.obj";
  for (int i = 0; i <= kRings; ++i) {
    const double theta = kPi * i / kRings;
    for (int j = 0; j < kSegments; ++j) {
      const double phi = 2.0 * kPi * j / kSegments;
      s.positions.emplace_back(0.5 * std::sin(theta) * std::cos(phi),
                               0.5 * std::sin(theta) * std::sin(phi), 0.5 * std::cos(theta));
      s.colors.emplace_back(0.25f, 0.5f, 0.75f);
    }
  }
  for (int i = 0; i < kRings; ++i) {
    for (int j = 0; j < kSegments; ++j) {
      const int a = i * kSegments + j, b = i * kSegments + (j + 1) % kSegments;
      const int c = a + kSegments, d = b + kSegments;
      s.faces.emplace_back(a, c, d);
      s.faces.emplace_back(a, d, b);
    }
  }
  return s;
}

BOOST_AUTO_TEST_CASE(SphereIsCentredInEveryView) {
  const RigSpec spec;
  const std::vector<AssetView> views = RenderAssetViews(Sphere(), MakeRig(spec));
  BOOST_TEST(views.size() == 4u);
  for (const AssetView& v : views) {
    const cv::Moments m = cv::moments(v.mask, /*binaryImage=*/true);
    BOOST_TEST(m.m00 > 1000);
    BOOST_TEST(std::abs(m.m10 / m.m00 - 127.5) < 2.0);
    BOOST_TEST(std::abs(m.m01 / m.m00 - 127.5) < 2.0);
    double lo = 1e9, hi = 0;
    for (int y = 0; y < 256; ++y) {
      for (int x = 0; x < 256; ++x) {
        if (v.mask.at<uint8_t>(y, x) == 0) continue;
        const float d = v.depth.at<float>(y, x);
        lo = std::min<double>(lo, d);
        hi = std::max<double>(hi, d);
        // The vertex colour 255 * (0.25, 0.5, 0.75), up to rounding.
        const cv::Vec3b c = v.rgb.at<cv::Vec3b>(y, x);
        BOOST_TEST_REQUIRE(std::abs(c[0] - 63.75) <= 1.0);
        BOOST_TEST_REQUIRE(std::abs(c[1] - 127.5) <= 1.0);
        BOOST_TEST_REQUIRE(std::abs(c[2] - 191.25) <= 1.0);
      }
    }
    BOOST_TEST(lo > spec.distance - 0.87);
    BOOST_TEST(hi < spec.distance + 0.87);
    BOOST_TEST(std::abs(v.depth.at<float>(128, 128) - 2.5f) < 0.01f);
  }
}

BOOST_AUTO_TEST_CASE(GreyFallbackWithoutColours) {
  asset::StaticAsset cube = ColoredCube();
  cube.colors.clear();
  RigSpec spec;
  spec.views = 1;
  const AssetView v = RenderAssetViews(cube, MakeRig(spec))[0];
  const cv::Vec3b c = v.rgb.at<cv::Vec3b>(128, 128);
  BOOST_TEST(c[0] == c[1]);
  BOOST_TEST(c[1] == c[2]);
  BOOST_TEST(c[0] > 40);
  BOOST_TEST(c[0] <= 180);
}

// A square in the plane x = 0 facing +x, textured with a 64 x 64 image whose top
// row is red and bottom row blue; OBJ uvs (v up), so the top of the square
// (z = +0.5, v = 1) must come out red.
BOOST_AUTO_TEST_CASE(TextureUsesObjUvConvention) {
  asset::StaticAsset quad;
  quad.source = "quad.obj";
  quad.positions = {{0, -0.5f, -0.5f}, {0, 0.5f, -0.5f}, {0, 0.5f, 0.5f}, {0, -0.5f, 0.5f}};
  quad.uvs = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  quad.faces = {{0, 1, 2}, {0, 2, 3}};
  quad.texture = cv::Mat(64, 64, CV_8UC3);
  quad.texture.rowRange(0, 32).setTo(cv::Scalar(255, 0, 0));
  quad.texture.rowRange(32, 64).setTo(cv::Scalar(0, 0, 255));
  RigSpec spec;
  spec.views = 1;
  spec.elevation_deg = 0.0;
  const AssetView v = RenderAssetViews(quad, MakeRig(spec), Eigen::Vector3f(0, 0, 0))[0];
  // The square spans about +-0.5 / 3 * f = +-58 px around the centre.
  const cv::Vec3b upper = v.rgb.at<cv::Vec3b>(128 - 40, 128);
  const cv::Vec3b lower = v.rgb.at<cv::Vec3b>(128 + 40, 128);
  BOOST_TEST(static_cast<int>(upper[0]) == 255);
  BOOST_TEST(static_cast<int>(upper[2]) == 0);
  BOOST_TEST(static_cast<int>(lower[0]) == 0);
  BOOST_TEST(static_cast<int>(lower[2]) == 255);
  BOOST_TEST(v.mask.at<uint8_t>(128, 128) == 255);
  BOOST_TEST(std::abs(v.depth.at<float>(128, 128) - 3.0f) < 1e-5f);
}

BOOST_AUTO_TEST_CASE(PointSetIsRejected) {
  asset::StaticAsset points;
  points.source = "points.ply";
  points.positions = {{0, 0, 0}, {0.5f, 0, 0}};
  try {
    RenderAssetViews(points, MakeRig(RigSpec()));
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("points.ply") != std::string::npos);
    BOOST_TEST(what.find("render a mesh, not a point set") != std::string::npos);
  }
}

std::string CheckMessage(const asset::StaticAsset& a, const Eigen::Vector3d& target) {
  RigSpec spec;
  spec.target = target;
  try {
    CheckRigSeesAsset(a, MakeRig(spec));
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

BOOST_AUTO_TEST_CASE(FarTargetMeansViewsMissTheAsset) {
  const asset::StaticAsset cube = ColoredCube();
  // High above: every view looks over the asset; view 0 is named first.
  const std::string above = CheckMessage(cube, Eigen::Vector3d(0, 0, 50));
  BOOST_TEST(above.find("cube.obj: rig view 0 does not see the asset") == 0u);
  // Far along +x: view 0 still sees the cube (about 15 degrees off axis),
  // view 1 looks along -y past it.
  const std::string side = CheckMessage(cube, Eigen::Vector3d(100, 0, 0));
  BOOST_TEST(side.find("rig view 1 does not see the asset") != std::string::npos);
  // Behind a camera.
  RigCamera behind = MakeRig(RigSpec())[0];
  behind.world_from_camera.translation() = Eigen::Vector3d(-3, 0, 0);  // looks away along -x
  BOOST_TEST(!AssetVisible(cube, behind));
  BOOST_TEST(AssetVisible(cube, MakeRig(RigSpec())[2]));
  BOOST_TEST(CheckMessage(cube, Eigen::Vector3d::Zero()).empty());
}

}  // namespace
}  // namespace dolly::rig
