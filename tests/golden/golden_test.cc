#define BOOST_TEST_MODULE golden
#include <boost/test/unit_test.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/test_artifacts.h"

namespace dolly::artifact {
namespace {

std::string GoldenDir(int version) {
  return "testdata/golden/v" + std::to_string(version) + "/";
}

// Reads a golden file and compares it, record by record, with what the
// test-artifact generator produced when that version was released.
template <typename Info>
void ExpectEqual(const std::string& path, const Artifact<Info>& expected) {
  const Artifact<Info> actual = ReadArtifact<Info>(path);
  BOOST_TEST_INFO(path);
  schema::ArtifactHeader expected_header = expected.header;
  StampHeader(&expected_header, ArtifactTraits<Info>::kKind);
  BOOST_TEST((actual.header == expected_header));
  BOOST_TEST(actual.header.tool_name == "dolly-test");
  BOOST_TEST(actual.header.seed == 7);
  BOOST_TEST((actual.info == expected.info));
  if constexpr (kHasFrames<Info>) {
    BOOST_TEST(actual.frames.size() == expected.frames.size());
    for (size_t i = 0; i < actual.frames.size() && i < expected.frames.size(); ++i) {
      BOOST_TEST((actual.frames[i] == expected.frames[i]));
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(schema_v1_golden_files_still_load_with_their_values) {
  const std::string dir = GoldenDir(1);
  ExpectEqual(dir + "depth_sequence.dolly", testing::MakeDepthSequence(8, 6, 2));
  ExpectEqual(dir + "camera_trajectory.dolly", testing::MakeCameraTrajectory());
  ExpectEqual(dir + "motion_representation.dolly", testing::MakeMotionRepresentation());
  ExpectEqual(dir + "control_signals.dolly", testing::MakeControlSignals());
  ExpectEqual(dir + "video.dolly", testing::MakeVideo());
  ExpectEqual(dir + "mesh.dolly", testing::MakeMesh());
  ExpectEqual(dir + "animated_mesh.dolly", testing::MakeAnimatedMesh());
  ExpectEqual(dir + "metrics.dolly", testing::MakeMetrics());
  ExpectEqual(dir + "scene_ground_truth.dolly", testing::MakeSceneGroundTruth());
  // Track positions hold NaN for an invisible track; NaN != NaN, so compare bytes.
  const auto tracks = ReadArtifact<schema::TrackSetInfo>(dir + "track_set.dolly");
  const auto expected = testing::MakeTrackSet();
  BOOST_TEST((tracks.info == expected.info));
  BOOST_REQUIRE(tracks.frames.size() == expected.frames.size());
  for (size_t i = 0; i < tracks.frames.size(); ++i) {
    BOOST_TEST(tracks.frames[i].positions.data == expected.frames[i].positions.data);
    BOOST_TEST((tracks.frames[i].points_world == expected.frames[i].points_world));
    BOOST_TEST((tracks.frames[i].visibility == expected.frames[i].visibility));
  }
}

BOOST_AUTO_TEST_CASE(every_kind_has_a_golden_file) {
  for (const auto& [name, kind] : testing::OneOfEachKindFiles()) {
    BOOST_TEST_INFO(name);
    BOOST_TEST(OpenArtifact(GoldenDir(1) + name).header.kind == kind);
  }
}

}  // namespace dolly::artifact
