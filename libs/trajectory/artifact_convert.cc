#include "libs/trajectory/artifact_convert.h"

#include <cctype>

#include "libs/core/error.h"
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

std::vector<schema::CameraSegment> TrajectorySegments(const CameraTrajectoryArtifact& artifact,
                                                      const std::string& where) {
  const int64_t frames = static_cast<int64_t>(artifact.frames.size());
  if (!artifact.info.__isset.segments || artifact.info.segments.empty()) {
    schema::CameraSegment all;
    all.__set_first_frame(0);
    all.__set_frame_count(frames);
    all.__set_motion(schema::MotionKind::GENERAL);
    all.__set_depth_observable(true);
    return {all};
  }
  std::vector<schema::CameraSegment> out = artifact.info.segments;
  int64_t next = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    schema::CameraSegment& s = out[i];
    const std::string at = where + ": segments[" + std::to_string(i) + "]";
    if (!s.__isset.first_frame || !s.__isset.frame_count || s.first_frame != next ||
        s.frame_count < 1) {
      throw InvalidInputError(at + ": segments must cover frames 0.." + std::to_string(frames) +
                              " in order (expected first_frame " + std::to_string(next) +
                              " and frame_count >= 1)");
    }
    next += s.frame_count;
    if (!s.__isset.motion) s.__set_motion(schema::MotionKind::GENERAL);
    if (!s.__isset.depth_observable) {
      s.__set_depth_observable(s.motion == schema::MotionKind::GENERAL);
    }
  }
  if (next != frames) {
    throw InvalidInputError(where + ": segments cover " + std::to_string(next) +
                            " frames but the trajectory has " + std::to_string(frames));
  }
  return out;
}

void RequireSingleSegment(const CameraTrajectoryArtifact& artifact, const std::string& where,
                          const std::string& stage) {
  const std::vector<schema::CameraSegment> segments = TrajectorySegments(artifact, where);
  if (segments.size() <= 1) return;
  // The first frames of the later shots are where to cut; a long list is
  // shortened, the count says how many there are.
  constexpr size_t kListed = 8;
  std::string cuts;
  for (size_t i = 1; i < segments.size() && i <= kListed; ++i) {
    cuts += (i > 1 ? ", " : "") + std::to_string(segments[i].first_frame);
  }
  if (segments.size() > kListed + 1) cuts += ", ...";
  throw InvalidInputError(where + ": " + std::to_string(segments.size()) +
                          " segments (shots starting at frames 0, " + cuts +
                          "), each in its own world frame, but " + stage +
                          " needs one continuous shot: cut the video at frames " + cuts +
                          " and run each shot on its own");
}

void SetShotSegments(const std::vector<int64_t>& first_frames, CameraTrajectoryArtifact* artifact) {
  const int64_t frames = static_cast<int64_t>(artifact->frames.size());
  std::vector<schema::CameraSegment> segments;
  for (size_t i = 0; i < first_frames.size(); ++i) {
    const int64_t first = first_frames[i];
    const int64_t end = i + 1 < first_frames.size() ? first_frames[i + 1] : frames;
    if ((i == 0 && first != 0) || first >= end) {
      throw InvalidInputError("shot first frames must start at 0, increase and stay below " +
                              std::to_string(frames));
    }
    schema::CameraSegment s;
    s.__set_first_frame(first);
    s.__set_frame_count(end - first);
    s.__set_motion(schema::MotionKind::GENERAL);
    s.__set_depth_observable(true);
    segments.push_back(s);
    for (int64_t f = first; f < end; ++f) {
      artifact->frames[static_cast<size_t>(f)].__set_segment(static_cast<int32_t>(i));
    }
  }
  artifact->info.__set_segments(segments);
}

schema::ScaleKind::type TrajectoryScaleKind(const schema::CameraTrajectoryInfo& info) {
  return info.__isset.scale_kind ? info.scale_kind : schema::ScaleKind::GIVEN_DEPTH;
}

std::string ScaleKindName(schema::ScaleKind::type kind) {
  const auto it = schema::_ScaleKind_VALUES_TO_NAMES.find(kind);
  if (it == schema::_ScaleKind_VALUES_TO_NAMES.end()) return std::to_string(kind);
  std::string name = it->second;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace dolly::trajectory
