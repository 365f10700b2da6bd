#define BOOST_TEST_MODULE motion_artifact
#include <boost/test/unit_test.hpp>

#include "libs/artifact/header.h"
#include "libs/artifact/test_artifacts.h"
#include "libs/core/error.h"
#include "libs/motion/representation/motion_artifact.h"

namespace dolly::motion {
namespace {

MotionScene TwoPointScene() {
  MotionScene scene;
  scene.source = "intentions";
  scene.fps = 10;
  scene.reference_camera = {100, 100, 3.5, 2.5, 8, 6};
  ScenePoint a;
  a.radius = 0.05f;
  a.reference_pixel = {3.5f, 2.5f};
  a.rgb = {255, 10, 0};
  ScenePoint b = a;
  b.object_id = 2;
  b.reference_pixel = {6.0f, 1.0f};
  scene.points = {a, b};
  SceneObject object;
  object.id = 2;
  object.name = "object 2";
  object.world_from_box.translation() = Eigen::Vector3d(0.1, 0, 2);
  object.box_size = Eigen::Vector3d(0.2, 0.3, 0.4);
  scene.objects = {object};
  DragPath drag;
  drag.object_id = 2;
  for (int t = 0; t < 3; ++t) {
    SceneFrame f;
    f.world_from_camera.translation() = Eigen::Vector3d(0.1 * t, 0, 0);
    f.camera = scene.reference_camera;
    f.camera.fx = f.camera.fy = 100 + 10 * t;
    Eigen::Isometry3d motion = Eigen::Isometry3d::Identity();
    motion.translation() = Eigen::Vector3d(0, 0.05 * t, 0);
    f.object_motions = {motion};
    f.points_world = {Eigen::Vector3f(0, 0, 2), (motion * Eigen::Vector3d(0.1, 0, 2)).cast<float>()};
    f.visible = {1, static_cast<uint8_t>(t == 1 ? 0 : 1)};
    drag.world.push_back(motion * Eigen::Vector3d(0.1, 0, 2));
    scene.frames.push_back(f);
  }
  scene.drags = {drag};
  scene.reference_rgb = cv::Mat(6, 8, CV_8UC3, cv::Scalar(1, 2, 3));
  scene.reference_depth = cv::Mat(6, 8, CV_32FC1, cv::Scalar(2.0f));
  scene.reference_labels = cv::Mat::zeros(6, 8, CV_32SC1);
  scene.reference_labels.at<int>(1, 6) = 2;
  return scene;
}

BOOST_AUTO_TEST_CASE(every_field_survives_the_artifact) {
  const MotionScene scene = TwoPointScene();
  const MotionScene back =
      FromMotionArtifact(ToMotionArtifact(scene, artifact::MakeHeader("test")), "mem");
  BOOST_TEST(back.source == "intentions");
  BOOST_TEST(back.fps == 10);
  BOOST_REQUIRE(back.point_count() == 2);
  BOOST_TEST(back.points[1].object_id == 2);
  BOOST_TEST(back.points[1].reference_pixel.x() == 6.0f);
  BOOST_TEST(back.points[0].radius == 0.05f);
  BOOST_TEST(back.points[0].rgb[0] == 255);
  BOOST_REQUIRE(back.objects.size() == 1u);
  BOOST_TEST(back.objects[0].name == "object 2");
  BOOST_TEST((back.objects[0].box_size - scene.objects[0].box_size).norm() < 1e-12);
  BOOST_REQUIRE(back.drags.size() == 1u);
  BOOST_TEST((back.drags[0].world[2] - scene.drags[0].world[2]).norm() < 1e-6);
  BOOST_REQUIRE(back.frame_count() == 3);
  for (int t = 0; t < 3; ++t) {
    BOOST_TEST(back.frames[t].camera.fx == 100 + 10 * t);
    BOOST_TEST((back.frames[t].points_world[1] - scene.frames[t].points_world[1]).norm() < 1e-7);
    BOOST_TEST(back.frames[t].visible[1] == scene.frames[t].visible[1]);
    BOOST_TEST(back.frames[t].object_motions[0].isApprox(scene.frames[t].object_motions[0]));
    BOOST_TEST(back.frames[t].world_from_camera.isApprox(scene.frames[t].world_from_camera));
  }
  BOOST_TEST(cv::norm(back.reference_rgb, scene.reference_rgb) == 0);
  BOOST_TEST(cv::norm(back.reference_depth, scene.reference_depth) == 0);
  BOOST_TEST(back.reference_labels.at<int>(1, 6) == 2);
}

BOOST_AUTO_TEST_CASE(a_schema_1_artifact_loads_with_projected_reference_pixels) {
  // The v1 test artifact: two points at (0,0,2) and (0,0,3) seen by an 8x6
  // camera with f = 8 at the origin; both project to the principal point.
  const MotionScene scene = FromMotionArtifact(artifact::testing::MakeMotionRepresentation(1), "v1");
  BOOST_REQUIRE(scene.point_count() == 2);
  BOOST_TEST(scene.points[0].reference_pixel.x() == 3.5f);
  BOOST_TEST(scene.points[1].reference_pixel.y() == 2.5f);
  BOOST_TEST(scene.points[1].object_id == 1);
  BOOST_TEST(scene.frames[1].visible[0] == 1);
  BOOST_TEST(scene.frames[1].camera.fx == 8);
  BOOST_TEST(scene.reference_rgb.empty());
}

BOOST_AUTO_TEST_CASE(the_schema_2_test_artifact_converts) {
  const MotionScene scene = FromMotionArtifact(artifact::testing::MakeMotionRepresentation(2), "v2");
  BOOST_TEST(scene.frames[1].camera.fx == 9);
  BOOST_TEST(scene.frames[1].visible[1] == 0);
  BOOST_TEST(scene.points[1].radius == 0.25f);
  BOOST_TEST(scene.reference_labels.at<int>(3, 3) == 1);
  BOOST_REQUIRE(scene.drags.size() == 1u);
  BOOST_TEST(scene.drags[0].world[1].x() == 0.1f);
}

BOOST_AUTO_TEST_CASE(convention_and_object_map_depth_survive_the_artifact) {
  MotionScene scene = TwoPointScene();
  BOOST_TEST(FromMotionArtifact(ToMotionArtifact(scene, artifact::MakeHeader("test")), "mem")
                 .object_map_depth.empty());
  scene.convention = "pac";
  scene.object_map_depth = {0.25f, 1.0f};
  const MotionArtifact artifact = ToMotionArtifact(scene, artifact::MakeHeader("test"));
  BOOST_TEST(artifact.info.convention == "pac");
  const MotionScene back = FromMotionArtifact(artifact, "mem");
  BOOST_TEST(back.convention == "pac");
  BOOST_REQUIRE(back.object_map_depth.size() == 2u);
  BOOST_TEST(back.object_map_depth[0] == 0.25f);
  BOOST_TEST(back.object_map_depth[1] == 1.0f);
  // Without the field (schema 1 and 2) the convention is dolly's.
  MotionArtifact old = artifact;
  old.info.__isset.convention = false;
  BOOST_TEST(FromMotionArtifact(old, "mem").convention == "dolly");

  scene.object_map_depth = {0.25f, 1.5f};
  BOOST_CHECK_THROW(ToMotionArtifact(scene, artifact::MakeHeader("test")), InvalidInputError);
  scene.object_map_depth = {0.25f};
  BOOST_CHECK_THROW(ToMotionArtifact(scene, artifact::MakeHeader("test")), InvalidInputError);
  scene.object_map_depth.clear();
  scene.convention = "opengl";
  BOOST_CHECK_THROW(ToMotionArtifact(scene, artifact::MakeHeader("test")), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(inconsistent_scenes_are_refused_with_the_reason) {
  MotionScene scene = TwoPointScene();
  scene.frames[2].points_world.pop_back();
  BOOST_CHECK_EXCEPTION(ToMotionArtifact(scene, artifact::MakeHeader("test")), InvalidInputError,
                        [](const InvalidInputError& e) {
                          return std::string(e.what()).find("frame 2") != std::string::npos;
                        });
  MotionArtifact artifact = ToMotionArtifact(TwoPointScene(), artifact::MakeHeader("test"));
  artifact.frames[1].object_motions.clear();
  BOOST_CHECK_THROW(FromMotionArtifact(artifact, "mem"), InvalidInputError);
  artifact = ToMotionArtifact(TwoPointScene(), artifact::MakeHeader("test"));
  artifact.info.point_radii.shape = {3};
  BOOST_CHECK_THROW(FromMotionArtifact(artifact, "mem"), InvalidInputError);
  MotionScene bad_depth = TwoPointScene();
  bad_depth.reference_depth.at<float>(0, 0) = std::nanf("");
  BOOST_CHECK_THROW(ToMotionArtifact(bad_depth, artifact::MakeHeader("test")), InvalidInputError);
}

}  // namespace
}  // namespace dolly::motion
