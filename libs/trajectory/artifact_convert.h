// CameraTrajectory artifacts (schemas/camera.thrift) <-> Trajectory.
#ifndef DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_
#define DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_

#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/trajectory/trajectory.h"
#include "schemas/camera_types.h"

namespace dolly::trajectory {

using CameraTrajectoryArtifact = artifact::Artifact<schema::CameraTrajectoryInfo>;

// Timestamps: the frame's timestamp, else index / fps, else the index.
Trajectory FromCameraTrajectory(const CameraTrajectoryArtifact& artifact);
// Frames get index i, timestamp and world_from_camera; `info` is copied and
// its frame_count set.
CameraTrajectoryArtifact ToCameraTrajectory(const Trajectory& trajectory,
                                            const schema::ArtifactHeader& header,
                                            schema::CameraTrajectoryInfo info);

// Reads a CameraTrajectory file (errors as ReadArtifact: IoError / InvalidInputError).
Trajectory ReadCameraTrajectory(const std::string& path);

// The shots of a trajectory with every field set. A file without segments
// (schema version 3 and older, or depth-based odometry) is one GENERAL,
// depth-observable segment over every frame. InvalidInputError naming
// `where` when the segments do not cover the frames in order.
std::vector<schema::CameraSegment> TrajectorySegments(const CameraTrajectoryArtifact& artifact,
                                                      const std::string& where);
// For a stage that needs one world frame over every frame: InvalidInputError
// naming `where`, the number of segments and their first frames, and how to
// proceed (cut the video there), when the trajectory has more than one
// segment (shot). `stage` says what needs one shot ("dolly-motion
// --driving", ...).
void RequireSingleSegment(const CameraTrajectoryArtifact& artifact, const std::string& where,
                          const std::string& stage);
// Cuts the trajectory into shots starting at `first_frames` (0 first,
// increasing, each below the frame count): info.segments, each GENERAL and
// depth-observable, and every frame's segment index. The poses are kept as
// they are. InvalidInputError on first frames that are not like that.
void SetShotSegments(const std::vector<int64_t>& first_frames, CameraTrajectoryArtifact* artifact);
// Where the trajectory's unit of length comes from; GIVEN_DEPTH when absent.
schema::ScaleKind::type TrajectoryScaleKind(const schema::CameraTrajectoryInfo& info);
// "first_baseline", "metric_depth", ... (the enum name in lower case).
std::string ScaleKindName(schema::ScaleKind::type kind);

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_
