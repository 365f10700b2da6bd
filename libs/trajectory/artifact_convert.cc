#include "libs/trajectory/artifact_convert.h"

#include "libs/geometry/schema_convert.h"

namespace dolly::trajectory {

Trajectory FromCameraTrajectory(const CameraTrajectoryArtifact& artifact) {
  Trajectory out;
  const bool has_fps = artifact.info.__isset.fps && artifact.info.fps > 0;
  for (size_t i = 0; i < artifact.frames.size(); ++i) {
    const schema::CameraFrame& f = artifact.frames[i];
    const double index = f.__isset.index ? static_cast<double>(f.index) : static_cast<double>(i);
    const double t = f.__isset.timestamp ? f.timestamp : has_fps ? index / artifact.info.fps : index;
    out.Add(t, geometry::FromPose(f.world_from_camera,
                                  "frame " + std::to_string(i) + ": world_from_camera"));
  }
  return out;
}

CameraTrajectoryArtifact ToCameraTrajectory(const Trajectory& trajectory,
                                            const schema::ArtifactHeader& header,
                                            schema::CameraTrajectoryInfo info) {
  CameraTrajectoryArtifact out;
  out.header = header;
  info.__set_frame_count(static_cast<int64_t>(trajectory.size()));
  out.info = info;
  for (size_t i = 0; i < trajectory.size(); ++i) {
    schema::CameraFrame f;
    f.__set_index(static_cast<int64_t>(i));
    if (i < trajectory.timestamps.size()) f.__set_timestamp(trajectory.timestamps[i]);
    f.__set_world_from_camera(geometry::ToPose(trajectory.world_from_camera[i]));
    out.frames.push_back(f);
  }
  return out;
}

Trajectory ReadCameraTrajectory(const std::string& path) {
  return FromCameraTrajectory(artifact::ReadArtifact<schema::CameraTrajectoryInfo>(path));
}

}  // namespace dolly::trajectory
