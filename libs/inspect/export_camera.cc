// CameraTrajectory -> camera_path.png + trajectory_tum.txt. The plot needs
// every pose at once; a pose is 96 bytes, so even long paths fit.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/inspect/camera_plot.h"
#include "libs/inspect/export_kinds.h"
#include "libs/media/image_io.h"

namespace dolly::inspect {

void ExportKind(Kind<schema::CameraTrajectoryInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::CameraTrajectoryInfo> reader(context->input);
  const schema::CameraTrajectoryInfo& info = reader.info();
  const bool has_fps = info.__isset.fps && info.fps > 0;
  std::vector<CameraPlotPose> poses;
  std::string tum = "# timestamp tx ty tz qx qy qz qw (TUM; world_from_camera)\n";
  // Shots (version 4 segments): each has its own world frame, so a comment
  // line opens each one in the TUM file and its poses are not compared with
  // the previous shot's.
  std::map<int64_t, size_t> shot_starts;
  const size_t shots = info.__isset.segments ? info.segments.size() : 0;
  if (shots > 1) {
    for (size_t i = 0; i < shots; ++i) {
      if (info.segments[i].__isset.first_frame) shot_starts[info.segments[i].first_frame] = i;
    }
  }
  schema::CameraFrame frame;
  while (reader.NextFrame(&frame)) {
    const int64_t number = reader.frames_read() - 1;
    if (const auto shot = shot_starts.find(number); shot != shot_starts.end()) {
      const schema::CameraSegment& segment = info.segments[shot->second];
      tum += "# segment " + std::to_string(shot->second) + ": " +
             std::to_string(segment.frame_count) + " frames from frame " +
             std::to_string(number) + ", world = camera of frame " + std::to_string(number) + "\n";
    }
    poses.push_back(ToPlotPose(frame.world_from_camera));
    const double time = frame.__isset.timestamp ? frame.timestamp
                        : has_fps               ? static_cast<double>(number) / info.fps
                                                : static_cast<double>(number);
    const schema::Quaternion& q = frame.world_from_camera.rotation;
    const schema::Vec3& t = frame.world_from_camera.translation;
    char line[256];
    std::snprintf(line, sizeof(line), "%.9g %.9g %.9g %.9g %.9g %.9g %.9g %.9g\n", time, t.x, t.y,
                  t.z, q.x, q.y, q.z, q.w);
    tum += line;
  }
  double length = 0;
  for (size_t i = 1; i < poses.size(); ++i) length += (poses[i].position - poses[i - 1].position).norm();
  char title[160];
  std::snprintf(title, sizeof(title), "camera path: %zu frames, length %.4g (world units)",
                poses.size(), length);
  const FrustumShape frustum =
      info.__isset.intrinsics ? FrustumFromIntrinsics(info.intrinsics) : FrustumShape();
  media::WriteImageRgb(context->File("camera_path.png"), DrawCameraPath(poses, frustum, title));
  WriteTextFile(context->File("trajectory_tum.txt"), tum);
  if (shots > 1) {
    context->notes.push_back(
        "trajectory_tum.txt: " + std::to_string(shots) +
        " segments (shots), each in its own world frame; a '# segment' line opens each");
  }
  context->notes.push_back(
      "camera_path.png: top view (x, z) and side view (z, y down); colour = time, blue first "
      "frame to red last; frusta every ~10% of the frames");
}

}  // namespace dolly::inspect
