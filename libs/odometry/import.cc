#include "libs/odometry/import.h"

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/formats.h"

namespace dolly::odometry {
namespace {

std::string GuessFormat(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "tum") return "tum";
  if (ext == "kitti") return "kitti";
  throw UsageError(path + ": cannot tell the trajectory format from the name; give "
                          "--import-format tum|kitti|pac");
}

// Intrinsics from the info record of any artifact kind that carries them.
schema::Intrinsics IntrinsicsFrom(const std::string& path) {
  artifact::OpenedArtifact opened = artifact::OpenArtifact(path);
  const schema::ArtifactKind::type kind = opened.header.kind;
  std::optional<schema::Intrinsics> found;
  if (kind == schema::ArtifactKind::DEPTH_SEQUENCE) {
    artifact::ArtifactReader<schema::DepthSequenceInfo> reader(std::move(opened));
    if (reader.info().__isset.intrinsics) found = reader.info().intrinsics;
  } else if (kind == schema::ArtifactKind::TRACK_SET) {
    artifact::ArtifactReader<schema::TrackSetInfo> reader(std::move(opened));
    if (reader.info().__isset.intrinsics) found = reader.info().intrinsics;
  } else if (kind == schema::ArtifactKind::CAMERA_TRAJECTORY) {
    artifact::ArtifactReader<schema::CameraTrajectoryInfo> reader(std::move(opened));
    if (reader.info().__isset.intrinsics) found = reader.info().intrinsics;
  }
  if (!found) throw InvalidInputError(path + ": holds no intrinsics to take");
  return *found;
}

}  // namespace

trajectory::Trajectory RunImportImpl(const ImportOptions& options, cli::Summary* summary) {
  if (options.output.empty()) throw UsageError("--import needs -o/--output");
  const std::string format = options.format.empty() ? GuessFormat(options.path) : options.format;
  trajectory::Trajectory imported;
  if (format == "tum") {
    imported = trajectory::ReadTum(options.path);
  } else if (format == "kitti") {
    imported = trajectory::ReadKitti(options.path);
  } else if (format == "pac") {
    imported = trajectory::ReadPac(options.path);
  } else {
    throw UsageError("--import-format: unknown format '" + format + "' (tum, kitti or pac)");
  }
  if (imported.size() == 0) throw InvalidInputError(options.path + ": holds no poses");
  if (options.rebase) {
    const Eigen::Isometry3d first_from_world = imported.world_from_camera[0].inverse();
    for (Eigen::Isometry3d& pose : imported.world_from_camera) pose = first_from_world * pose;
  }

  schema::CameraTrajectoryInfo info;
  if (!options.intrinsics.empty()) info.__set_intrinsics(IntrinsicsFrom(options.intrinsics));
  if (options.fps > 0) info.__set_fps(options.fps);
  info.__set_world_frame(options.rebase ? "camera of frame 0"
                                        : "the world frame of " + options.path + " (" + format + ")");
  schema::ArtifactHeader header =
      artifact::MakeHeader("dolly-odometry", {{"import_format", format},
                                              {"rebase", options.rebase ? "true" : "false"}});
  artifact::AddInput(&header, "trajectory", options.path);
  if (!options.intrinsics.empty()) artifact::AddInput(&header, "intrinsics", options.intrinsics);
  artifact::WriteArtifact(options.output, trajectory::ToCameraTrajectory(imported, header, info));
  if (summary) {
    summary->Set("frames", static_cast<int64_t>(imported.size()));
    summary->Set("import_format", format);
    summary->AddOutput("trajectory", options.output);
  }
  return imported;
}

}  // namespace dolly::odometry
