// Which Thrift structs make up each artifact kind, and how each is checked.
#ifndef DOLLY_LIBS_ARTIFACT_KINDS_H_
#define DOLLY_LIBS_ARTIFACT_KINDS_H_

#include <string>
#include <type_traits>

#include "libs/core/error.h"
#include "schemas/camera_types.h"
#include "schemas/common_types.h"
#include "schemas/control_types.h"
#include "schemas/depth_types.h"
#include "schemas/ground_truth_types.h"
#include "schemas/mesh_types.h"
#include "schemas/metrics_types.h"
#include "schemas/motion_types.h"
#include "schemas/tracks_types.h"
#include "schemas/video_types.h"

namespace dolly::artifact {

// ArtifactTraits<Info>: Frame (void for kinds without frames), kKind, kName.
template <typename Info>
struct ArtifactTraits;

#define DOLLY_ARTIFACT_KIND(INFO, FRAME, KIND, NAME)                   \
  template <>                                                          \
  struct ArtifactTraits<schema::INFO> {                                \
    using Frame = FRAME;                                               \
    static constexpr schema::ArtifactKind::type kKind =                \
        schema::ArtifactKind::KIND;                                    \
    static constexpr const char* kName = NAME;                         \
  };

DOLLY_ARTIFACT_KIND(DepthSequenceInfo, schema::DepthFrame, DEPTH_SEQUENCE, "DepthSequence")
DOLLY_ARTIFACT_KIND(TrackSetInfo, schema::TrackFrame, TRACK_SET, "TrackSet")
DOLLY_ARTIFACT_KIND(CameraTrajectoryInfo, schema::CameraFrame, CAMERA_TRAJECTORY,
                    "CameraTrajectory")
DOLLY_ARTIFACT_KIND(MotionRepresentationInfo, schema::MotionFrame, MOTION_REPRESENTATION,
                    "MotionRepresentation")
DOLLY_ARTIFACT_KIND(ControlSignalsInfo, schema::ControlFrame, CONTROL_SIGNALS,
                    "ControlSignals")
DOLLY_ARTIFACT_KIND(VideoInfo, schema::VideoFrame, VIDEO, "Video")
DOLLY_ARTIFACT_KIND(MeshInfo, void, MESH, "Mesh")
DOLLY_ARTIFACT_KIND(AnimatedMeshInfo, schema::AnimatedMeshFrame, ANIMATED_MESH,
                    "AnimatedMesh")
DOLLY_ARTIFACT_KIND(MetricsInfo, void, METRICS, "Metrics")
DOLLY_ARTIFACT_KIND(SceneGroundTruthInfo, schema::SceneGroundTruthFrame, SCENE_GROUND_TRUTH,
                    "SceneGroundTruth")

#undef DOLLY_ARTIFACT_KIND

template <typename Info>
inline constexpr bool kHasFrames =
    !std::is_void_v<typename ArtifactTraits<Info>::Frame>;

// Name of a kind value ("DepthSequence"), or "unknown kind N".
std::string KindName(int kind);

template <typename Info>
struct KindTag {
  using type = Info;
};

// Calls f(KindTag<Info>{}) for the Info struct of `kind`; throws
// InvalidInputError for a kind this build does not know.
template <typename F>
decltype(auto) VisitKind(schema::ArtifactKind::type kind, F&& f) {
  switch (kind) {
    case schema::ArtifactKind::DEPTH_SEQUENCE: return f(KindTag<schema::DepthSequenceInfo>{});
    case schema::ArtifactKind::TRACK_SET: return f(KindTag<schema::TrackSetInfo>{});
    case schema::ArtifactKind::CAMERA_TRAJECTORY: return f(KindTag<schema::CameraTrajectoryInfo>{});
    case schema::ArtifactKind::MOTION_REPRESENTATION:
      return f(KindTag<schema::MotionRepresentationInfo>{});
    case schema::ArtifactKind::CONTROL_SIGNALS: return f(KindTag<schema::ControlSignalsInfo>{});
    case schema::ArtifactKind::VIDEO: return f(KindTag<schema::VideoInfo>{});
    case schema::ArtifactKind::MESH: return f(KindTag<schema::MeshInfo>{});
    case schema::ArtifactKind::ANIMATED_MESH: return f(KindTag<schema::AnimatedMeshInfo>{});
    case schema::ArtifactKind::METRICS: return f(KindTag<schema::MetricsInfo>{});
    case schema::ArtifactKind::SCENE_GROUND_TRUTH:
      return f(KindTag<schema::SceneGroundTruthInfo>{});
  }
  throw InvalidInputError("unknown artifact kind " + std::to_string(kind));
}

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_KINDS_H_
