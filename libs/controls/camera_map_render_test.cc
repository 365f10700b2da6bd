// dolly-render's camera map is the PAC map of each frame's motion relative to
// frame 0, rendered at the reference camera's size and resized to the output
// size ("pac"), or the same envelope through the frame's scaled camera
// ("intrinsics").
#define BOOST_TEST_MODULE camera_map_render
#include <boost/test/unit_test.hpp>

#include "libs/controls/camera_map.h"
#include "libs/controls/render_controls.h"
#include "libs/geometry/pose.h"

namespace dolly::controls {
namespace {

// Two frames of an empty scene: the reference camera (97 x 65, odd on
// purpose), then a camera turned and moved; the world is not frame 0's camera.
motion::MotionScene Scene() {
  geometry::PinholeCamera k;
  k.fx = k.fy = 80.0;
  k.cx = 48.0;
  k.cy = 32.0;
  k.width = 97;
  k.height = 65;
  motion::MotionScene s;
  s.reference_camera = k;
  const Eigen::Isometry3d world_from_cam0 = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d::UnitX(), 0.3), Eigen::Vector3d(1.0, 2.0, 3.0));
  const Eigen::Isometry3d cam0_from_cam1 = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d(0.2, 1.0, 0.1).normalized(), 0.15),
      Eigen::Vector3d(0.4, -0.1, 0.6));
  for (const Eigen::Isometry3d& pose : {world_from_cam0, world_from_cam0 * cam0_from_cam1}) {
    motion::SceneFrame f;
    f.world_from_camera = pose;
    f.camera = k;
    s.frames.push_back(f);
  }
  return s;
}

bool Same(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(pac_mode_is_the_default_and_renders_pacs_map) {
  const motion::MotionScene scene = Scene();
  RenderOptions options;
  BOOST_TEST(CameraMapModeName(options.camera_map) == "pac");
  options.width = 72;
  options.height = 48;
  options.warp_preview = options.depth = options.wireframes = false;
  const Eigen::Isometry3d cam0_from_cam1 =
      scene.frames[0].world_from_camera.inverse() * scene.frames[1].world_from_camera;
  const cv::Mat map0 = RenderControlFrame(scene, 0, options).camera_map;
  const cv::Mat map1 = RenderControlFrame(scene, 1, options).camera_map;
  BOOST_TEST(Same(map0, RenderPacCameraMap(Eigen::Isometry3d::Identity(), 97, 65, 72, 48)));
  BOOST_TEST(Same(map1, RenderPacCameraMap(cam0_from_cam1, 97, 65, 72, 48)));
  BOOST_TEST(!Same(map0, map1));

  options.camera_map = CameraMapMode::kIntrinsics;
  const cv::Mat intrinsics = RenderControlFrame(scene, 1, options).camera_map;
  BOOST_TEST(Same(intrinsics, RenderIntrinsicsCameraMap(
                                  cam0_from_cam1, ScaleCamera(scene.reference_camera, 72, 48))));
}

}  // namespace dolly::controls
