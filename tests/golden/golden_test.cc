#define BOOST_TEST_MODULE golden
#include <boost/test/unit_test.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/test_artifacts.h"
#include "libs/trajectory/artifact_convert.h"

namespace dolly::artifact {
namespace {

std::string GoldenDir(int version) {
  return "testdata/golden/v" + std::to_string(version) + "/";
}

// Reads a golden file and compares it, record by record, with what the
// test-artifact generator produced when that version was released.
template <typename Info>
void ExpectEqual(const std::string& path, const Artifact<Info>& expected, int version) {
  const Artifact<Info> actual = ReadArtifact<Info>(path);
  BOOST_TEST_INFO(path);
  schema::ArtifactHeader expected_header = expected.header;
  StampHeader(&expected_header, ArtifactTraits<Info>::kKind);
  expected_header.__set_schema_version(version);
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

// Each released version's files, against the generator run for that version.
void ExpectVersionLoads(int v) {
  const std::string dir = GoldenDir(v);
  ExpectEqual(dir + "depth_sequence.dolly", testing::MakeDepthSequence(8, 6, 2), v);
  ExpectEqual(dir + "camera_trajectory.dolly", testing::MakeCameraTrajectory(v), v);
  if (v >= 4) {
    ExpectEqual(dir + "sparse_depth_sequence.dolly", testing::MakeSparseDepthSequence(), v);
  }
  ExpectEqual(dir + "motion_representation.dolly", testing::MakeMotionRepresentation(v), v);
  ExpectEqual(dir + "control_signals.dolly", testing::MakeControlSignals(v), v);
  ExpectEqual(dir + "video.dolly", testing::MakeVideo(), v);
  ExpectEqual(dir + "mesh.dolly", testing::MakeMesh(), v);
  ExpectEqual(dir + "animated_mesh.dolly", testing::MakeAnimatedMesh(), v);
  ExpectEqual(dir + "metrics.dolly", testing::MakeMetrics(), v);
  ExpectEqual(dir + "scene_ground_truth.dolly", testing::MakeSceneGroundTruth(), v);
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

}  // namespace

BOOST_AUTO_TEST_CASE(schema_v1_golden_files_still_load_with_their_values) { ExpectVersionLoads(1); }

BOOST_AUTO_TEST_CASE(schema_v2_golden_files_still_load_with_their_values) { ExpectVersionLoads(2); }

BOOST_AUTO_TEST_CASE(schema_v3_golden_files_still_load_with_their_values) { ExpectVersionLoads(3); }

BOOST_AUTO_TEST_CASE(schema_v4_golden_files_still_load_with_their_values) { ExpectVersionLoads(4); }

// A trajectory written before segments existed reads as one GENERAL,
// depth-observable segment over all its frames, with scale GIVEN_DEPTH; a
// version-4 file keeps its own segments and scale kind.
BOOST_AUTO_TEST_CASE(trajectories_without_segments_read_as_one_general_segment) {
  for (int version : {1, 2, 3}) {
    const std::string path = GoldenDir(version) + "camera_trajectory.dolly";
    const auto a = ReadArtifact<schema::CameraTrajectoryInfo>(path);
    const auto segments = trajectory::TrajectorySegments(a, path);
    BOOST_TEST_REQUIRE(segments.size() == 1u);
    BOOST_TEST(segments[0].first_frame == 0);
    BOOST_TEST(segments[0].frame_count == 3);
    BOOST_TEST(segments[0].motion == schema::MotionKind::GENERAL);
    BOOST_TEST(segments[0].depth_observable);
    BOOST_TEST(trajectory::TrajectoryScaleKind(a.info) == schema::ScaleKind::GIVEN_DEPTH);
  }
  const std::string path = GoldenDir(4) + "camera_trajectory.dolly";
  const auto a = ReadArtifact<schema::CameraTrajectoryInfo>(path);
  const auto segments = trajectory::TrajectorySegments(a, path);
  BOOST_TEST_REQUIRE(segments.size() == 2u);
  BOOST_TEST(segments[1].first_frame == 2);
  BOOST_TEST(segments[1].motion == schema::MotionKind::ROTATION_ONLY);
  BOOST_TEST(!segments[1].depth_observable);
  BOOST_TEST(trajectory::TrajectoryScaleKind(a.info) == schema::ScaleKind::FIRST_BASELINE);
  BOOST_TEST(trajectory::ScaleKindName(a.info.scale_kind) == "first_baseline");
}

BOOST_AUTO_TEST_CASE(every_kind_has_a_golden_file) {
  for (int version : {1, 2, 3, 4}) {
    for (const auto& [name, kind] : testing::OneOfEachKindFiles()) {
      BOOST_TEST_INFO(name);
      BOOST_TEST(OpenArtifact(GoldenDir(version) + name).header.kind == kind);
    }
  }
}

}  // namespace dolly::artifact
