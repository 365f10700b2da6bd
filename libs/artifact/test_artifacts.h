// Small, deterministic artifacts of every kind, for tests and for the golden
// files in testdata/golden (which must keep loading in later versions).
#ifndef DOLLY_LIBS_ARTIFACT_TEST_ARTIFACTS_H_
#define DOLLY_LIBS_ARTIFACT_TEST_ARTIFACTS_H_

#include <string>
#include <utility>
#include <vector>

#include "libs/artifact/artifact_io.h"

namespace dolly::artifact::testing {

// depth(x, y, t) = 1 + 0.01 x + 0.02 y + 0.5 t, metric, fx = fy = width.
Artifact<schema::DepthSequenceInfo> MakeDepthSequence(int width, int height, int frames);
Artifact<schema::TrackSetInfo> MakeTrackSet();
// Version 4 adds two segments (GENERAL, ROTATION_ONLY), scale kind, an
// estimated focal, per-frame segment and quality, and a lost frame.
Artifact<schema::CameraTrajectoryInfo> MakeCameraTrajectory(int schema_version = 4);
// MakeDepthSequence(8, 6, 2) with every fifth pixel kept (version 4: sparse,
// scale kind FIRST_BASELINE); written besides one of each kind.
Artifact<schema::DepthSequenceInfo> MakeSparseDepthSequence();
// The latest schema version's fields unless an older version is asked for
// (the golden files of that version hold exactly its fields).
Artifact<schema::MotionRepresentationInfo> MakeMotionRepresentation(int schema_version = 4);
Artifact<schema::ControlSignalsInfo> MakeControlSignals(int schema_version = 4);
Artifact<schema::VideoInfo> MakeVideo();
Artifact<schema::MeshInfo> MakeMesh();
Artifact<schema::AnimatedMeshInfo> MakeAnimatedMesh();
Artifact<schema::MetricsInfo> MakeMetrics();
Artifact<schema::SceneGroundTruthInfo> MakeSceneGroundTruth();

// File names (e.g. "depth_sequence.dolly") and kinds of the artifacts above.
std::vector<std::pair<std::string, schema::ArtifactKind::type>> OneOfEachKindFiles();

// Writes one artifact of each kind into `dir` (ending in '/'), and
// sparse_depth_sequence.dolly.
void WriteOneOfEachKind(const std::string& dir);

}  // namespace dolly::artifact::testing

#endif  // DOLLY_LIBS_ARTIFACT_TEST_ARTIFACTS_H_
