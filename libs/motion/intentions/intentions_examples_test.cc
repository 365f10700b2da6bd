#define BOOST_TEST_MODULE intentions_examples_test
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>
#include <vector>

#include "libs/motion/camera/camera_language.h"
#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

// The examples are drawn on a 512x320 reference image.
constexpr int kWidth = 512;
constexpr int kHeight = 320;

std::string Example(const std::string& name) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::string relative = "testdata/intentions/" + name;
  if (srcdir == nullptr || workspace == nullptr) return relative;
  return std::string(srcdir) + "/" + workspace + "/" + relative;
}

BOOST_AUTO_TEST_CASE(orbit_and_drag_has_two_segments_and_two_objects) {
  const Intentions in = ReadIntentions(Example("orbit_and_drag.json"), kWidth, kHeight);
  BOOST_TEST(in.frames == 16);
  BOOST_TEST(in.fps == 8.0);
  BOOST_TEST(!in.reference_from_camera.has_value());
  BOOST_TEST_REQUIRE(in.camera_segments.size() == 2u);
  BOOST_TEST((in.camera_segments[0].preset == CameraPreset::kOrbitLeft));
  BOOST_TEST(in.camera_segments[0].magnitude == 30.0);
  BOOST_TEST((in.camera_segments[0].easing == Easing::kEaseInOut));
  BOOST_TEST(in.camera_segments[0].end_frame == 10);
  BOOST_TEST((in.camera_segments[1].preset == CameraPreset::kDollyIn));
  BOOST_TEST(in.camera_segments[1].start_frame == 9);
  BOOST_TEST(in.camera_segments[1].end_frame == 16);

  BOOST_TEST_REQUIRE(in.objects.size() == 2u);
  const ObjectIntention& dragged = in.objects[0];
  BOOST_TEST(dragged.mask_id == 2);
  BOOST_TEST(dragged.yaw_follows_path);
  BOOST_TEST((dragged.drag_space == DragSpace::kReferenceImage));
  BOOST_TEST_REQUIRE(dragged.drags.size() == 2u);
  BOOST_TEST(dragged.drags[0].id == "0");
  BOOST_TEST(dragged.drags[1].id == "1");
  BOOST_TEST_REQUIRE(dragged.drags[1].points.size() == 4u);
  BOOST_TEST(dragged.drags[1].points[3].x() == 280.0);
  BOOST_TEST(dragged.drags[1].points[3].y() == 215.0);

  const ObjectIntention& turned = in.objects[1];
  BOOST_TEST(turned.mask_id == 5);
  BOOST_TEST(turned.drags.size() == 1u);
  BOOST_TEST_REQUIRE(turned.rotation.has_value());
  BOOST_TEST(turned.rotation->degrees == 45.0);
}

BOOST_AUTO_TEST_CASE(camera_sentence_example_parses_the_sentence) {
  const Intentions in = ReadIntentions(Example("camera_sentence.json"), kWidth, kHeight);
  BOOST_TEST(in.frames == 16);
  BOOST_TEST(in.zoom == 1.2);
  const std::vector<CameraSegment> expected =
      ParseCameraLanguage("slowly orbit left 30 degrees then dolly in 0.5", 16);
  BOOST_TEST((in.camera_segments == expected));
  BOOST_TEST_REQUIRE(in.camera_segments.size() == 2u);
  BOOST_TEST((in.camera_segments[0].preset == CameraPreset::kOrbitLeft));
  BOOST_TEST((in.camera_segments[0].easing == Easing::kEaseInOut));
  BOOST_TEST((in.camera_segments[1].preset == CameraPreset::kDollyIn));
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  BOOST_TEST(in.objects[0].mask_id == 3);
  BOOST_TEST((in.objects[0].drag_space == DragSpace::kMovingCamera));
  BOOST_TEST(in.objects[0].drags.at(0).points.size() == 3u);
}

// pac_poses.txt is a PyTorch3D camera stepping 0.1 along its z per frame with
// R = I; after the axis flip that is our camera moving 0.1 forward (+z).
BOOST_AUTO_TEST_CASE(pac_poses_example_is_a_dolly_in_relative_to_frame_zero) {
  const Intentions in = ReadIntentions(Example("pac_poses.json"), kWidth, kHeight);
  BOOST_TEST(in.frames == 8);
  BOOST_TEST(in.camera_segments.empty());
  BOOST_TEST_REQUIRE(in.reference_from_camera.has_value());
  BOOST_TEST_REQUIRE(in.reference_from_camera->size() == 8u);
  for (int k = 0; k < 8; ++k) {
    const Eigen::Isometry3d& pose = (*in.reference_from_camera)[k];
    BOOST_TEST(pose.linear().isIdentity(1e-9));
    BOOST_TEST((pose.translation() - Eigen::Vector3d(0, 0, 0.1 * k)).norm() < 1e-9);
  }
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  BOOST_TEST(in.objects[0].drags.empty());
  BOOST_TEST(in.objects[0].rotation.has_value());
}

// A PAC-structured track file (own coordinates): five tracks, two of them
// single points; given directly, and named by an intentions file.
BOOST_AUTO_TEST_CASE(pac_track_file_runs_directly_and_from_intentions) {
  const Intentions direct = ReadIntentions(Example("pac_tracks.json"), kWidth, kHeight);
  BOOST_TEST(direct.frames == kPacClipFrames);
  BOOST_TEST(direct.camera_segments.empty());
  BOOST_TEST_REQUIRE(direct.objects.size() == 1u);
  BOOST_TEST(direct.objects[0].region_from_drags);
  const std::vector<Drag>& tracks = direct.objects[0].drags;
  BOOST_TEST_REQUIRE(tracks.size() == 5u);
  BOOST_TEST(tracks[0].points.size() == 4u);
  BOOST_TEST(tracks[2].points.size() == 1u);
  BOOST_TEST(tracks[3].points.size() == 1u);
  BOOST_TEST(tracks[4].line == 6);  // the file's sixth line
  BOOST_TEST((tracks[1].depth_codes == std::vector<double>{0.5, 0.5, 0.5}));

  const Intentions named = ReadIntentions(Example("pac_tracks_intent.json"), kWidth, kHeight);
  BOOST_TEST(named.frames == 16);
  BOOST_TEST_REQUIRE(named.camera_segments.size() == 1u);
  BOOST_TEST((named.camera_segments[0].preset == CameraPreset::kDollyIn));
  BOOST_TEST_REQUIRE(named.objects.size() == 1u);
  BOOST_TEST(named.objects[0].region_from_drags);
  BOOST_TEST(named.objects[0].drags.size() == 5u);
}

}  // namespace
}  // namespace dolly::motion
