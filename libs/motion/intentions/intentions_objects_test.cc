#define BOOST_TEST_MODULE intentions_objects_test
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "libs/motion/intentions/test_util.h"

namespace dolly::motion {
namespace {

using testing::Contains;
using testing::ErrorOf;
using testing::Parse;
using testing::StartsWith;
using testing::TempDir;
using testing::WriteFile;

BOOST_AUTO_TEST_CASE(inline_drags_with_defaults) {
  const Intentions in = Parse(
      R"({"frames": 16, "objects": [{"mask_id": 3, "drags": [[[10, 20], [40, 20], [60, 30]]]}]})");
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  const ObjectIntention& o = in.objects[0];
  BOOST_TEST(o.mask_id == 3);
  BOOST_TEST_REQUIRE(o.drags.size() == 1u);
  BOOST_TEST_REQUIRE(o.drags[0].points.size() == 3u);
  BOOST_TEST(o.drags[0].points[2].x() == 60.0);
  BOOST_TEST(o.drags[0].points[2].y() == 30.0);
  BOOST_TEST((o.drag_space == DragSpace::kReferenceImage));
  BOOST_TEST(!o.yaw_follows_path);
  BOOST_TEST(!o.rotation.has_value());
}

BOOST_AUTO_TEST_CASE(drag_file_resolves_against_the_intentions_directory) {
  WriteFile("obj_drags.json", R"({"a": [[1, 2], [3, 4]], "b": [[5, 6]]})");
  const Intentions in = Parse(R"({"frames": 4, "objects": [{"mask_id": 2,
      "drags": "obj_drags.json", "drag_space": "moving_camera", "yaw_follows_path": true,
      "rotate": {"axis": [0, -2, 0], "degrees": 45}}]})");
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  const ObjectIntention& o = in.objects[0];
  BOOST_TEST_REQUIRE(o.drags.size() == 2u);
  BOOST_TEST(o.drags[0].id == "a");
  BOOST_TEST(o.drags[1].id == "b");
  BOOST_TEST((o.drag_space == DragSpace::kMovingCamera));
  BOOST_TEST(o.yaw_follows_path);
  BOOST_TEST_REQUIRE(o.rotation.has_value());
  BOOST_TEST(o.rotation->axis.isApprox(Eigen::Vector3d(0, -1, 0)));  // normalised
  BOOST_TEST(o.rotation->degrees == 45.0);
}

BOOST_AUTO_TEST_CASE(rotation_alone_is_an_object) {
  const Intentions in =
      Parse(R"({"frames": 4, "objects": [{"mask_id": 1, "rotate": {"axis": [0, 1, 0], "degrees": 90}}]})");
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  BOOST_TEST(in.objects[0].drags.empty());
}

BOOST_AUTO_TEST_CASE(drag_outside_the_image_names_drag_file_entry_and_point) {
  const std::string path = WriteFile("outside_drags.json", R"({"a": [[1, 2], [64, 4]]})");
  const std::string msg =
      ErrorOf(R"({"frames": 16, "objects": [{"mask_id": 2, "drags": "outside_drags.json"}]})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, path + ":1: track \"a\" point 1: "));
  BOOST_TEST(Contains(msg, "outside the 64x48 image"));
}

BOOST_AUTO_TEST_CASE(inline_drag_outside_the_image_names_the_json_path) {
  const std::string msg =
      ErrorOf(R"({"frames": 16, "objects": [{"mask_id": 2, "drags": [[[10, 20], [10, 48]]]}]})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, "intent.json:1: objects[0].drags: track 0 point 1: "));
}

BOOST_AUTO_TEST_CASE(more_drag_keyframes_than_frames_is_rejected) {
  const std::string path = WriteFile("long_drags.json", R"({"a": [[1, 1], [2, 2], [3, 3]]})");
  const std::string msg =
      ErrorOf(R"({"frames": 2, "objects": [{"mask_id": 2, "drags": "long_drags.json"}]})");
  BOOST_TEST_INFO(msg);
  BOOST_TEST(StartsWith(msg, path + ":1: drag \"a\": 3 keypoints but only 2 frames"));
  BOOST_TEST(Contains(msg, "intent.json"));
}

BOOST_AUTO_TEST_CASE(object_field_errors_name_their_path) {
  BOOST_TEST(StartsWith(
      ErrorOf(R"({"frames": 4, "objects": [{"rotate": {"axis": [0, 1, 0], "degrees": 5}}]})"),
      "intent.json:1: objects[0]: missing \"mask_id\": without \"drags\""));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 4, "objects": [{"mask_id": 1}]})"),
                        "intent.json:1: objects[0]: needs \"drags\" or \"rotate\""));
  BOOST_TEST(StartsWith(
      ErrorOf(R"({"frames": 4, "objects": [{"mask_id": 1, "drags": [[[1, 1]]], "space": 1}]})"),
      "intent.json:1: objects[0].space: unknown key"));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 4, "objects": [{"mask_id": 1, "drags": [[[1, 1]]],
      "drag_space": "screen"}]})"),
                        "intent.json:2: objects[0].drag_space: unknown \"screen\""));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 4, "objects": [{"mask_id": 1,
      "rotate": {"axis": [0, 0, 0], "degrees": 5}}]})"),
                        "intent.json:2: objects[0].rotate.axis: must not be zero"));
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 4, "objects": [{"mask_id": 1, "drags": [[[1, 1]]]},
      {"mask_id": 1, "drags": [[[2, 2]]]}]})"),
                        "intent.json:2: objects[1].mask_id: mask id 1 appears twice"));
}

// PAC's track files carry no mask: dolly segments each drag's region.
BOOST_AUTO_TEST_CASE(objects_without_mask_id_take_their_regions_from_the_drags) {
  WriteFile("tracks.json", "[[[10, 20, 0.5], [30, 20, 0.5]], [[5, 5, 0.5]]]");
  const Intentions in = Parse(R"({"frames": 8, "objects": [{"drags": "tracks.json"},
      {"drags": [[[40, 40], [41, 40]]]}, {"mask_id": 3, "drags": [[[1, 1]]]}]})");
  BOOST_TEST_REQUIRE(in.objects.size() == 3u);
  BOOST_TEST(in.objects[0].region_from_drags);
  BOOST_TEST_REQUIRE(in.objects[0].drags.size() == 2u);
  BOOST_TEST(in.objects[0].drags[1].points.size() == 1u);  // pinned
  BOOST_TEST(in.objects[1].region_from_drags);             // two maskless entries are fine
  BOOST_TEST(!in.objects[2].region_from_drags);
  BOOST_TEST(in.objects[2].mask_id == 3);
}

// The track file itself as the intentions: PAC's 16-frame clip, still camera.
BOOST_AUTO_TEST_CASE(a_pac_track_file_is_an_intentions_file) {
  const std::string path = WriteFile("direct.json", "[[[10, 20, 0.5], [30, 22, 0.5]],\n [[5, 5, 0.5]]]");
  const Intentions in = ReadIntentions(path, testing::kWidth, testing::kHeight);
  BOOST_TEST(in.frames == kPacClipFrames);
  BOOST_TEST(in.fps == 8.0);
  BOOST_TEST(in.camera_segments.empty());
  BOOST_TEST(!in.reference_from_camera.has_value());
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  BOOST_TEST(in.objects[0].region_from_drags);
  BOOST_TEST_REQUIRE(in.objects[0].drags.size() == 2u);
  BOOST_TEST(in.objects[0].drags[0].points[1].y() == 22.0);
  BOOST_TEST((in.objects[0].drags[0].depth_codes == std::vector<double>{0.5, 0.5}));
}

// PAC samples its PCHIP curve at the 16 frames however many points a track
// has; PoseTraj and dolly files keep at most one keypoint per frame.
BOOST_AUTO_TEST_CASE(pac_tracks_may_hold_more_points_than_frames) {
  std::string track = "[[";
  for (int i = 0; i < 20; ++i) track += (i ? ", [" : "[") + std::to_string(2 + 2 * i) + ", 10, 0.5]";
  track += "]]";
  const std::string path = WriteFile("long_pac.json", track);
  const Intentions in = ReadIntentions(path, testing::kWidth, testing::kHeight);
  BOOST_TEST_REQUIRE(in.objects.size() == 1u);
  BOOST_TEST(in.objects[0].drags[0].points.size() == 20u);
  // The same file on a masked object keeps one keypoint per frame at most.
  BOOST_TEST(Contains(ErrorOf(R"({"frames": 16, "objects": [{"mask_id": 1, "drags": "long_pac.json"}]})"),
                      "20 keypoints but only 16 frames"));
}

// Malformed PAC files: one line naming the file, its line and the point.
BOOST_AUTO_TEST_CASE(malformed_pac_track_files_name_file_line_and_point) {
  auto error_of_file = [](const std::string& name, const std::string& text) -> std::string {
    const std::string path = WriteFile(name, text);
    try {
      ReadIntentions(path, testing::kWidth, testing::kHeight);
    } catch (const InvalidInputError& e) {
      return e.what();
    }
    return "";
  };
  const std::string dir = TempDir() + "/";
  BOOST_TEST(error_of_file("two.json", "[[[10, 20, 0.5]],\n [[30, 20, 0.5], [31, 20]]]") ==
             dir + "two.json:2: track 1 point 1: expected 3 numbers [x, y, d] like the file's "
                   "first point, got 2");
  BOOST_TEST(error_of_file("empty_track.json", "[[[10, 20, 0.5]],\n []]") ==
             dir + "empty_track.json:2: track 1: expected a non-empty list of points");
  BOOST_TEST(error_of_file("no_tracks.json", "[]") == dir + "no_tracks.json:1: no tracks");
  BOOST_TEST(error_of_file("outside.json", "[[[10, 20, 0.5],\n  [64, 20, 0.5]]]") ==
             dir + "outside.json:2: track 0 point 1: (64, 20) is outside the 64x48 image");
  BOOST_TEST(error_of_file("text.json", "[[[10, \"a\", 0.5]]]") ==
             dir + "text.json:1: track 0 point 0: expected [x, y] or [x, y, d]");
  // Inline in an intentions file, the message names the intentions' line and path.
  BOOST_TEST(StartsWith(ErrorOf(R"({"frames": 4, "objects": [{"drags": [[[1, 1, 0.5], [2, 2]]]}]})"),
                        "intent.json:1: objects[0].drags: track 0 point 1: expected 3 numbers"));
}

}  // namespace
}  // namespace dolly::motion
