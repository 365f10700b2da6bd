// CameraTrajectory artifacts (schemas/camera.thrift) <-> Trajectory.
#ifndef DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_
#define DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_

#include <string>

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

}  // namespace dolly::trajectory

#endif  // DOLLY_LIBS_TRAJECTORY_ARTIFACT_CONVERT_H_
