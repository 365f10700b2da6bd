// --backend planar against the analytic ground plane: rays of a camera built
// with LookAt (no roll) intersected with z = 0 in the world.
#define BOOST_TEST_MODULE planar_backend_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/planar_backend.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/geometry/pose.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(depth_equals_the_ray_plane_intersection) {
  const int width = 64, height = 48;
  const double camera_height = 1.6, pitch = 0.2;  // radians, looking down
  const geometry::PinholeCamera k = geometry::CameraFromVerticalFov(50.0, width, height);
  // World z-up; eye at camera_height above the ground, looking along +y.
  const Eigen::Vector3d eye(0, 0, camera_height);
  const Eigen::Isometry3d world_from_camera = geometry::LookAt(
      eye, eye + Eigen::Vector3d(0, std::cos(pitch), -std::sin(pitch)), Eigen::Vector3d::UnitZ());
  const double horizon_row = k.cy - k.fy * std::tan(pitch);

  const std::string dir = testing::MakeTestDir("planar");
  media::WriteImageRgb(dir + "/in.png", cv::Mat(height, width, CV_8UC3, cv::Scalar(9, 9, 9)));
  DepthOptions options;
  options.backend = "planar";
  options.input = dir + "/in.png";
  options.output = dir + "/d.dolly";
  options.fx = k.fx;
  options.horizon_row = horizon_row;
  options.camera_height = camera_height;
  options.far_depth = 80.0;
  RunDepthImpl(options);
  const auto art = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
  const cv::Mat depth = MatFromTensor(art.frames[0].depth);

  double worst = 0;
  int below = 0;
  for (int v = 0; v < height; ++v) {
    for (int u = 0; u < width; u += 7) {
      const Eigen::Vector3d ray = world_from_camera.linear() * k.Ray(Eigen::Vector2d(u, v));
      double expected = options.far_depth;
      if (ray.z() < 0) {
        expected = std::min(options.far_depth, camera_height / -ray.z());  // ray has z_cam = 1
        ++below;
      }
      worst = std::max(worst, std::abs(depth.at<float>(v, u) - expected) / expected);
    }
  }
  BOOST_TEST_MESSAGE("planar: worst relative error " << worst << " over " << below
                                                     << " ground samples");
  BOOST_TEST(below > 0);
  BOOST_TEST(worst < 1e-6);
  BOOST_TEST(depth.at<float>(0, 0) == 80.0f);  // above the horizon
}

BOOST_AUTO_TEST_CASE(missing_flags_and_inputs) {
  const std::string dir = testing::MakeTestDir("planar_errors");
  DepthOptions options;
  options.backend = "planar";
  options.input = dir + "/missing.png";
  options.output = dir + "/d.dolly";
  options.fx = 100.0;
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);  // no --horizon-row
  options.horizon_row = 10.0;
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.input);
  options.camera_height = std::nan("");
  BOOST_CHECK_THROW(RunDepthImpl(options), UsageError);
  BOOST_TEST(fs::is_empty(dir));
}

}  // namespace
}  // namespace dolly::depth
