// Previews of a reconstruction: the new view's placement, the panel layout,
// and the files written.
#define BOOST_TEST_MODULE preview_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/asset/static_asset.h"
#include "libs/mesh_export/animated_mesh.h"
#include "libs/recon4d/reconstruct.h"
#include "libs/recon4d/run/preview.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::recon4d {
namespace {

// A unit cube of 8 vertices and 12 triangles, centred on `centre`.
asset::StaticAsset Cube(const Eigen::Vector3f& centre, bool colors) {
  asset::StaticAsset a;
  for (int i = 0; i < 8; ++i) {
    a.positions.push_back(centre + 0.25f * Eigen::Vector3f(i & 1 ? 1 : -1, i & 2 ? 1 : -1,
                                                           i & 4 ? 1 : -1));
    if (colors) a.colors.emplace_back(i & 1 ? 1.0f : 0.2f, 0.5f, 0.1f);
  }
  a.faces = {{0, 1, 3}, {0, 3, 2}, {4, 6, 7}, {4, 7, 5}, {0, 4, 5}, {0, 5, 1},
             {2, 3, 7}, {2, 7, 6}, {0, 2, 6}, {0, 6, 4}, {1, 5, 7}, {1, 7, 3}};
  a.source = "cube";
  return a;
}

std::vector<ViewInput> RigViews(int views, int frames, int size) {
  rig::RigSpec spec;
  spec.views = views;
  spec.width = size;
  spec.height = size;
  const std::vector<rig::RigCamera> cameras = rig::MakeRig(spec);
  std::vector<ViewInput> out;
  for (int k = 0; k < views; ++k) {
    ViewInput v;
    v.name = "view " + std::to_string(k);
    for (int t = 0; t < frames; ++t) v.frames.push_back(cv::Mat(size, size, CV_8UC3, cv::Scalar(0, 0, 0)));
    v.cameras = {cameras[k]};
    out.push_back(v);
  }
  return out;
}

BOOST_AUTO_TEST_CASE(NewViewSitsBetweenViewsZeroAndOne) {
  const asset::StaticAsset cube = Cube(Eigen::Vector3f::Zero(), true);
  const std::vector<ViewInput> views = RigViews(4, 1, 64);
  const rig::RigCamera camera = NewViewCamera(cube.positions, views);
  const Eigen::Vector3d eye = camera.world_from_camera.translation();
  // Default rig: view 0 at azimuth 0, view 1 at 90 -> 45 degrees; elevation
  // 30 degrees; distance 3 (the rig's) from the centroid (the origin).
  BOOST_TEST(std::abs(eye.norm() - 3.0) < 1e-9);
  BOOST_TEST(std::abs(std::atan2(eye.y(), eye.x()) - M_PI / 4.0) < 1e-9);
  BOOST_TEST(std::abs(std::asin(eye.z() / eye.norm()) - M_PI / 6.0) < 1e-9);
  BOOST_TEST(camera.intrinsics.width == 64);
  // It looks at the centroid.
  const Eigen::Vector3d centre = camera.world_from_camera.inverse() * Eigen::Vector3d::Zero();
  BOOST_TEST(std::abs(centre.x()) < 1e-9);
  BOOST_TEST(std::abs(centre.y()) < 1e-9);
}

BOOST_AUTO_TEST_CASE(RenderShowsTheAssetInTheCentre) {
  const asset::StaticAsset cube = Cube(Eigen::Vector3f::Zero(), true);
  const std::vector<ViewInput> views = RigViews(4, 1, 64);
  for (bool points : {false, true}) {
    asset::StaticAsset a = cube;
    if (points) a.faces.clear();
    const cv::Mat rgb = RenderAssetAt(a, a.positions, views[0].cameras[0]);
    BOOST_TEST(rgb.type() == CV_8UC3);
    BOOST_TEST(rgb.cols == 64);
    // Background grey at the corner; something else drawn somewhere.
    const cv::Vec3b corner = rgb.at<cv::Vec3b>(0, 0);
    BOOST_TEST(int(corner[0]) == 128);
    int drawn = 0;
    for (int y = 0; y < rgb.rows; ++y) {
      for (int x = 0; x < rgb.cols; ++x) drawn += rgb.at<cv::Vec3b>(y, x) != corner;
    }
    BOOST_TEST(drawn > 0, (points ? "points" : "mesh"));
  }
}

BOOST_AUTO_TEST_CASE(CompareFrameHasTwoPanelsPerViewPlusTheNewView) {
  const asset::StaticAsset cube = Cube(Eigen::Vector3f::Zero(), false);
  const std::vector<ViewInput> views = RigViews(3, 2, 48);
  const rig::RigCamera novel = NewViewCamera(cube.positions, views);
  const cv::Mat frame = CompareFrame(cube, cube.positions, views, 1, novel);
  BOOST_TEST(frame.rows == 48);
  BOOST_TEST(frame.cols == 48 * 7);
  // The input panel of view 0 is the (black) input frame.
  BOOST_TEST(cv::countNonZero(frame(cv::Rect(0, 0, 48, 48)).reshape(1)) == 0);
}

BOOST_AUTO_TEST_CASE(WritesPngsAndVideos) {
  const asset::StaticAsset cube = Cube(Eigen::Vector3f::Zero(), true);
  const std::vector<ViewInput> views = RigViews(2, 3, 32);
  mesh_export::AnimatedMesh mesh;
  mesh.rest = cube.positions;
  mesh.faces = cube.faces;
  for (int t = 0; t < 3; ++t) {
    std::vector<Eigen::Vector3f> frame = cube.positions;
    for (Eigen::Vector3f& p : frame) p.z() += 0.05f * t;
    mesh.frames.push_back(frame);
  }
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/recon4d_previews";
  std::filesystem::remove_all(dir);
  WritePreviews(dir, cube, mesh, views, 8.0);
  for (const char* name : {"compare/000000.png", "compare/000002.png", "compare.mp4", "new_view.mp4"}) {
    BOOST_TEST(std::filesystem::is_regular_file(dir + "/" + name), name);
  }
  BOOST_TEST(!std::filesystem::exists(dir + "/compare/000003.png"));
}

}  // namespace
}  // namespace dolly::recon4d
