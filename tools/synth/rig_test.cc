// Multi-view rig mode: one directory per camera, cameras where the rig
// says (Animate3D: azimuth 0/90/180/270, elevation 15 degrees, distance 3,
// fov-y 40 degrees, z-up world), the same tracks seen from every view.
#define BOOST_TEST_MODULE rig_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tools/synth/synth_test_util.h"

namespace dolly::synth {
namespace {

// Poses are stored as double quaternions and the rig placement is closed
// form: 1e-9 (absolute, in metres and radians) is far above rounding.
constexpr double kTol = 1e-9;

double AngleDiff(double a, double b) { return std::remainder(a - b, 2.0 * M_PI); }

void CheckRig(const SynthResult& result, const Eigen::Vector3d& target) {
  namespace fs = std::filesystem;
  BOOST_TEST(result.views == 4);
  BOOST_TEST(fs::is_regular_file(result.output_dir + "/mesh.dolly"));
  BOOST_TEST(fs::is_regular_file(result.output_dir + "/recipe.json"));
  BOOST_TEST(fs::is_regular_file(result.output_dir + "/asset.obj"));  // dolly-recon4d's asset
  BOOST_TEST(!fs::exists(result.output_dir + "/view_04"));
  std::vector<testing::ViewData> views;
  for (int k = 0; k < 4; ++k) {
    const std::string dir = result.output_dir + "/view_0" + std::to_string(k);
    BOOST_REQUIRE(fs::is_directory(dir));
    BOOST_TEST(!fs::exists(dir + "/mesh.dolly"));
    views.push_back(testing::ReadView(dir));
  }
  for (int k = 0; k < 4; ++k) {
    BOOST_TEST_CONTEXT("view " << k) {
      const testing::ViewData& v = views[k];
      BOOST_TEST(v.scene.info.view_count == 4);
      BOOST_TEST(v.camera.info.world_frame.find("z up") != std::string::npos);
      BOOST_TEST(std::abs(geometry::VerticalFovDegrees(v.intrinsics) - 40.0) < kTol);
      for (int f = 0; f < v.frames(); ++f) {
        const Eigen::Isometry3d world_from_camera = v.WorldFromCamera(f);
        const Eigen::Vector3d eye = world_from_camera.translation() - target;
        BOOST_TEST(std::abs(eye.norm() - 3.0) < kTol);
        BOOST_TEST(std::abs(std::asin(eye.z() / eye.norm()) - 15.0 * M_PI / 180.0) < kTol);
        BOOST_TEST(std::abs(AngleDiff(std::atan2(eye.y(), eye.x()), k * M_PI / 2.0)) < kTol);
        // Looking at the target, image up towards +z.
        const Eigen::Vector3d target_in_camera = world_from_camera.inverse() * target;
        BOOST_TEST(std::abs(target_in_camera.x()) < kTol);
        BOOST_TEST(std::abs(target_in_camera.y()) < kTol);
        BOOST_TEST(std::abs(world_from_camera.linear().col(0).z()) < kTol);
        // The same tracks in every view: identical 3D points.
        BOOST_TEST(v.tracks.frames[f].points_world.data == views[0].tracks.frames[f].points_world.data);
        // And each view's 2D tracks are the projections of those points
        // (< 1e-3 px, see ground_truth_test).
        for (int64_t i = 0; i < v.track_count(); ++i) {
          if (!v.Visible(f, i)) continue;
          const Eigen::Vector2d p =
              v.intrinsics.Project(world_from_camera.inverse() * v.PointWorld(f, i));
          BOOST_TEST((p - v.Position(f, i)).norm() < 1e-3);
        }
      }
    }
  }
  // Opposite views cannot see the same side of the asset: visibility differs.
  BOOST_TEST(views[0].tracks.frames[0].visibility.data != views[2].tracks.frames[0].visibility.data);
}

BOOST_AUTO_TEST_CASE(RigPresetWritesFourViewsAtTheStatedPlaces) {
  SynthOptions options;
  options.scene = "rig_asset";
  options.frames = 3;
  options.width = 64;
  options.height = 64;
  options.tracks = 64;
  options.write_mp4 = false;
  options.write_png = false;
  CheckRig(testing::RunSynth(options, "rig_preset"), Eigen::Vector3d::Zero());
}

// --views turns any recipe into a rig with the default placement.
BOOST_AUTO_TEST_CASE(ViewsFlagMakesARig) {
  SynthOptions options;
  options.scene = testing::TestScene("orbit_boxes.json");
  options.views = 4;
  options.frames = 2;
  options.width = 64;
  options.height = 48;
  options.write_mp4 = false;
  options.write_png = true;
  const SynthResult result = testing::RunSynth(options, "rig_flag");
  CheckRig(result, Eigen::Vector3d::Zero());
  BOOST_TEST(std::filesystem::is_regular_file(result.output_dir + "/view_03/frames/000001.png"));
}


// <view_dir>/<sub>/NNNNNN.png
std::string PngPath(const std::string& view_dir, const std::string& sub, int frame) {
  char name[32];
  std::snprintf(name, sizeof(name), "/%06d.png", frame);
  return view_dir + "/" + sub + name;
}

// No pixel of the 1-pixel image border shows an object.
bool BorderIsEmpty(const cv::Mat& instance_mask) {
  const int w = instance_mask.cols, h = instance_mask.rows;
  return cv::countNonZero(instance_mask.row(0)) == 0 &&
         cv::countNonZero(instance_mask.row(h - 1)) == 0 &&
         cv::countNonZero(instance_mask.col(0)) == 0 &&
         cv::countNonZero(instance_mask.col(w - 1)) == 0;
}

// Every view sees the whole asset in every frame: nothing touches the border.
void CheckAssetInsideEveryImage(const std::string& output_dir, int views) {
  for (int k = 0; k < views; ++k) {
    const testing::ViewData v = testing::ReadView(output_dir + "/view_0" + std::to_string(k));
    for (int f = 0; f < v.frames(); ++f) {
      BOOST_TEST_CONTEXT("view " << k << " frame " << f) {
        const cv::Mat ids = v.Mask(f);
        BOOST_TEST(cv::countNonZero(ids) > 0);
        BOOST_TEST(BorderIsEmpty(ids));
      }
    }
  }
}

// The preset as shipped (256 x 192, 16 frames): the bending cylinder stays
// inside all 4 images in every frame.
BOOST_AUTO_TEST_CASE(RigAssetStaysInsideEveryView) {
  SynthOptions options;
  options.scene = "rig_asset";
  options.tracks = 0;
  options.supersample = 1;
  options.write_mp4 = false;
  options.write_png = false;
  const SynthResult result = testing::RunSynth(options, "rig_asset_full");
  BOOST_TEST(result.frames == 16);
  CheckAssetInsideEveryImage(result.output_dir, 4);
}

// rig_hinge as shipped (256 x 256, 16 frames): the arm turns 90 degrees about
// the vertical through its centre (rotate motion) on a base that stays put;
// masks/NNNNNN.png are the object masks of the frames.
BOOST_AUTO_TEST_CASE(RigHingeMasksAndRigidArm) {
  namespace fs = std::filesystem;
  SynthOptions options;
  options.scene = "rig_hinge";
  options.tracks = 32;
  options.supersample = 1;
  options.write_mp4 = false;
  options.write_png = true;
  const SynthResult result = testing::RunSynth(options, "rig_hinge");
  BOOST_TEST(result.views == 4);
  BOOST_REQUIRE(result.frames == 16);
  BOOST_TEST(!fs::exists(result.output_dir + "/view_04"));
  CheckAssetInsideEveryImage(result.output_dir, 4);

  // Masks: 8-bit single channel, 255 exactly where scene.dolly's instance id
  // is > 0; both parts are seen by every view in every frame.
  for (int k = 0; k < 4; ++k) {
    const std::string dir = result.output_dir + "/view_0" + std::to_string(k);
    const testing::ViewData v = testing::ReadView(dir);
    BOOST_REQUIRE(v.frames() == 16);
    BOOST_TEST(!fs::exists(PngPath(dir, "masks", 16)));
    for (int f = 0; f < v.frames(); ++f) {
      BOOST_TEST_CONTEXT("view " << k << " frame " << f) {
        BOOST_TEST(fs::is_regular_file(PngPath(dir, "frames", f)));
        const cv::Mat mask = cv::imread(PngPath(dir, "masks", f), cv::IMREAD_UNCHANGED);
        BOOST_REQUIRE(!mask.empty());
        BOOST_TEST(mask.type() == CV_8UC1);
        BOOST_TEST(mask.cols == 256);
        BOOST_TEST(mask.rows == 256);
        const cv::Mat ids = v.Mask(f);
        cv::Mat expected;
        cv::compare(ids, 0, expected, cv::CMP_GT);
        BOOST_TEST(cv::countNonZero(mask != expected) == 0);
        for (int id : {1, 2}) {
          cv::Mat part;
          cv::compare(ids, id, part, cv::CMP_EQ);
          BOOST_TEST(cv::countNonZero(part) > 0, "instance " << id);
        }
      }
    }
  }

  // The mesh: the base's vertices are exactly those of frame 0, the arm's
  // move rigidly, by 90 f / 15 degrees about +z, and stay above the base.
  const testing::MeshData mesh = testing::ReadMesh(result.output_dir);
  BOOST_REQUIRE(mesh.mesh.frames.size() == 16u);
  const std::vector<std::string>& names = mesh.mesh.info.rest.object_names;
  BOOST_REQUIRE(names.size() == 3u);
  BOOST_TEST(names[1] == "base");
  BOOST_TEST(names[2] == "arm");
  const int64_t vertex_count = mesh.mesh.info.rest.vertices.shape[0];
  std::vector<int64_t> base, arm;
  for (int64_t i = 0; i < vertex_count; ++i) {
    (mesh.VertexObject(i) == 1 ? base : arm).push_back(i);
  }
  BOOST_REQUIRE(base.size() >= 8u);
  BOOST_REQUIRE(arm.size() >= 8u);
  Eigen::Matrix3Xd arm0(3, arm.size());
  for (size_t j = 0; j < arm.size(); ++j) arm0.col(j) = mesh.Vertex(0, arm[j]);
  for (int f = 0; f < 16; ++f) {
    BOOST_TEST_CONTEXT("frame " << f) {
      for (int64_t i : base) BOOST_TEST((mesh.Vertex(f, i) == mesh.Vertex(0, i)));
      Eigen::Matrix3Xd armf(3, arm.size());
      double base_top = -1e9, arm_bottom = 1e9, reach = 0.0;
      for (int64_t i : base) base_top = std::max(base_top, mesh.Vertex(f, i).z());
      for (size_t j = 0; j < arm.size(); ++j) {
        armf.col(j) = mesh.Vertex(f, arm[j]);
        arm_bottom = std::min(arm_bottom, armf(2, j));
        reach = std::max(reach, armf.col(j).cwiseAbs().maxCoeff());
      }
      BOOST_TEST(arm_bottom - base_top > 0.019);  // no interpenetration
      BOOST_TEST(reach < 0.7);
      double worst = 0.0;
      for (size_t a = 0; a < arm.size(); ++a) {
        for (size_t b = a + 1; b < arm.size(); ++b) {
          worst = std::max(worst, std::abs((armf.col(a) - armf.col(b)).norm() -
                                           (arm0.col(a) - arm0.col(b)).norm()));
        }
      }
      BOOST_TEST(worst < 1e-5);
      const Eigen::Matrix4d t = Eigen::umeyama(arm0, armf, false);
      const Eigen::AngleAxisd rotation(Eigen::Matrix3d(t.topLeftCorner<3, 3>()));
      const double degrees = rotation.angle() * 180.0 / M_PI;
      BOOST_TEST(std::abs(degrees - 90.0 * f / 15.0) < 0.5);
      if (f > 0) BOOST_TEST(rotation.axis().z() > 1.0 - 1e-6);
      // About the vertical through the arm's centre (0, 0, 0.13).
      const Eigen::Vector3d centre(0.0, 0.0, 0.13);
      const Eigen::Vector3d moved = t.topLeftCorner<3, 3>() * centre + t.topRightCorner<3, 1>();
      BOOST_TEST((moved - centre).norm() < 1e-5);
    }
  }
}

}  // namespace
}  // namespace dolly::synth
