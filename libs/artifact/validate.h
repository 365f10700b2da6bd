// Content checks run by ArtifactReader on every record it returns and by
// ArtifactWriter on every record it writes. Each throws InvalidInputError
// whose message starts with `where` (e.g. "depth.dolly: frame 3").
#ifndef DOLLY_LIBS_ARTIFACT_VALIDATE_H_
#define DOLLY_LIBS_ARTIFACT_VALIDATE_H_

#include <string>

#include "libs/artifact/kinds.h"

namespace dolly::artifact {

void ValidateIntrinsics(const schema::Intrinsics& k, const std::string& where);
void ValidatePose(const schema::Pose& pose, const std::string& where);

void ValidateInfo(const schema::DepthSequenceInfo& info, const std::string& where);
void ValidateFrame(const schema::DepthSequenceInfo& info, const schema::DepthFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::TrackSetInfo& info, const std::string& where);
void ValidateFrame(const schema::TrackSetInfo& info, const schema::TrackFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::CameraTrajectoryInfo& info, const std::string& where);
void ValidateFrame(const schema::CameraTrajectoryInfo& info, const schema::CameraFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::MotionRepresentationInfo& info, const std::string& where);
void ValidateFrame(const schema::MotionRepresentationInfo& info,
                   const schema::MotionFrame& frame, const std::string& where);
void ValidateInfo(const schema::ControlSignalsInfo& info, const std::string& where);
void ValidateFrame(const schema::ControlSignalsInfo& info, const schema::ControlFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::VideoInfo& info, const std::string& where);
void ValidateFrame(const schema::VideoInfo& info, const schema::VideoFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::MeshInfo& info, const std::string& where);
void ValidateInfo(const schema::AnimatedMeshInfo& info, const std::string& where);
void ValidateFrame(const schema::AnimatedMeshInfo& info, const schema::AnimatedMeshFrame& frame,
                   const std::string& where);
void ValidateInfo(const schema::MetricsInfo& info, const std::string& where);
void ValidateInfo(const schema::SceneGroundTruthInfo& info, const std::string& where);
void ValidateFrame(const schema::SceneGroundTruthInfo& info,
                   const schema::SceneGroundTruthFrame& frame, const std::string& where);

void ValidateMesh(const schema::Mesh& mesh, const std::string& where);

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_VALIDATE_H_
