// Colour: perspective-correct texture coordinates, bilinear lookup, vertex
// colours and the Lambert term.
#define BOOST_TEST_MODULE rasterizer_shading_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/render/rasterizer.h"
#include "libs/render/render_test_util.h"
#include "libs/render/texture.h"

namespace dolly::render {
namespace {

using testing::CastRay;
using testing::PointAtPixel;
using testing::SingleTriangle;
using testing::SmallCamera;

// A horizontal ramp: texel i has value i in every channel.
cv::Mat Ramp() {
  cv::Mat ramp(1, 256, CV_8UC3);
  for (int i = 0; i < 256; ++i) ramp.at<cv::Vec3b>(0, i) = cv::Vec3b(i, i, 255 - i);
  return ramp;
}

BOOST_AUTO_TEST_CASE(BilinearSamplingAndWrap) {
  const cv::Mat ramp = Ramp();
  // Texel centres sit at (i + 0.5) / width: exact values there (1e-9).
  BOOST_TEST(std::abs(SampleBilinear(ramp, 10.5 / 256, 0.5)[0] - 10.0) < 1e-9);
  // Halfway between two centres is their mean.
  BOOST_TEST(std::abs(SampleBilinear(ramp, 11.0 / 256, 0.5)[0] - 10.5) < 1e-9);
  // Repeats with period 1 in u.
  BOOST_TEST(std::abs(SampleBilinear(ramp, 2.0 + 10.5 / 256, 0.5)[2] - 245.0) < 1e-9);
  // Wraps between the last and the first texel.
  BOOST_TEST(std::abs(SampleBilinear(ramp, 0.0, 0.5)[0] - 127.5) < 1e-9);
}

// On a strongly slanted quad, u must follow the perspective-correct
// interpolation: the red channel equals 256 u - 0.5 for the analytic u of the
// ray's hit point to within 1 level (rounding to uint8 plus float vertices);
// affine interpolation would be off by tens of levels here.
BOOST_AUTO_TEST_CASE(TextureIsPerspectiveCorrect) {
  const auto cam = SmallCamera();
  RenderMesh quad;
  quad.vertices = {{-1.0f, -0.8f, 1.0f}, {1.5f, -0.8f, 8.0f}, {1.5f, 0.8f, 8.0f}, {-1.0f, 0.8f, 1.0f}};
  quad.triangles = {{0, 1, 2}, {0, 2, 3}};
  const float lo = 0.5f / 256, hi = 255.5f / 256;
  quad.uvs = {{lo, 0.5f}, {hi, 0.5f}, {hi, 0.5f}, {lo, 0.5f}};
  quad.texture = 0;
  const RenderOutput out = Render({quad}, {Ramp()}, cam, Eigen::Isometry3d::Identity());
  int checked = 0;
  double worst_affine = 0.0;
  for (int y = 0; y < cam.height; ++y) {
    for (int x = 0; x < cam.width; ++x) {
      if (out.triangle_id.at<int32_t>(y, x) != 0) continue;
      const auto hit = CastRay(cam, x, y, quad.vertices[0], quad.vertices[1], quad.vertices[2]);
      const double u = hit->bary[0] * lo + (hit->bary[1] + hit->bary[2]) * hi;
      const double expected = 256.0 * u - 0.5;
      const cv::Vec3b rgb = out.rgb.at<cv::Vec3b>(y, x);
      BOOST_TEST(std::abs(rgb[0] - expected) <= 1.0);
      BOOST_TEST(std::abs(rgb[2] - (255.0 - expected)) <= 1.0);
      // What screen-space (affine) interpolation would have produced.
      const double s = (x - cam.Project(quad.vertices[0].cast<double>()).x()) /
                       (cam.Project(quad.vertices[1].cast<double>()).x() -
                        cam.Project(quad.vertices[0].cast<double>()).x());
      worst_affine = std::max(worst_affine, std::abs(255.0 * s - expected));
      ++checked;
    }
  }
  BOOST_TEST(checked > 200);
  BOOST_TEST(worst_affine > 20.0);
}

// Vertex colours interpolate with perspective-correct barycentrics; a pixel
// at a vertex takes that vertex's colour (within 1 level of rounding).
BOOST_AUTO_TEST_CASE(VertexColours) {
  const auto cam = SmallCamera();
  RenderMesh tri = SingleTriangle(PointAtPixel(cam, 5, 5, 2.0), PointAtPixel(cam, 60, 5, 4.0),
                                  PointAtPixel(cam, 5, 45, 3.0));
  tri.colors = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
  const RenderOutput out = Render({tri}, {}, cam, Eigen::Isometry3d::Identity());
  const cv::Vec3b at_a = out.rgb.at<cv::Vec3b>(5, 5);
  BOOST_TEST(at_a[0] >= 254);
  BOOST_TEST(at_a[1] <= 1);
  for (int y = 6; y < 40; y += 7) {
    for (int x = 6; x < 40; x += 7) {
      if (out.triangle_id.at<int32_t>(y, x) != 0) continue;
      const auto hit = CastRay(cam, x, y, tri.vertices[0], tri.vertices[1], tri.vertices[2]);
      const cv::Vec3b rgb = out.rgb.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k) BOOST_TEST(std::abs(rgb[k] - 255.0 * hit->bary[k]) <= 1.0);
    }
  }
}

// Lambert: a face turned to the light keeps its colour, a face edge-on to the
// light gets only the ambient share (within 1 level of rounding); unlit pixels
// keep the background.
BOOST_AUTO_TEST_CASE(LambertShading) {
  const auto cam = SmallCamera();
  RenderMesh tri = SingleTriangle(PointAtPixel(cam, 5, 5, 2.0), PointAtPixel(cam, 5, 45, 2.0),
                                  PointAtPixel(cam, 60, 5, 2.0));
  tri.colors = {{200, 100, 50}, {200, 100, 50}, {200, 100, 50}};
  tri.lambert = true;
  RenderOptions options;
  options.ambient = 0.25;
  options.background = {10.0f, 20.0f, 30.0f};
  options.light_direction_world = {0.0, 0.0, -1.0};  // towards the camera
  cv::Vec3b lit = Render({tri}, {}, cam, Eigen::Isometry3d::Identity(), options).rgb.at<cv::Vec3b>(10, 10);
  BOOST_TEST(lit[0] == 200);
  BOOST_TEST(lit[2] == 50);
  options.light_direction_world = {1.0, 0.0, 0.0};
  const RenderOutput side = Render({tri}, {}, cam, Eigen::Isometry3d::Identity(), options);
  BOOST_TEST(side.rgb.at<cv::Vec3b>(10, 10)[0] == 50);
  BOOST_TEST(side.rgb.at<cv::Vec3b>(46, 62)[2] == 30);
}

}  // namespace
}  // namespace dolly::render
