#include "libs/odometry/odometry.h"

#include <map>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/odometry/depth_input.h"
#include "libs/odometry/estimator.h"
#include "libs/odometry/label_run.h"
#include "libs/odometry/monocular_run.h"
#include "libs/frames/frame_input.h"
#include "libs/odometry/track_labels.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"
#include "libs/track/artifact_convert.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/formats.h"
#include "schemas/depth_types.h"
#include "schemas/tracks_types.h"

namespace dolly::odometry {
namespace {

using TrackArtifact = artifact::Artifact<schema::TrackSetInfo>;

TrackObservations TrackPositions(const TrackArtifact& tracks, const std::string& path) {
  track::TrackFramePositions read = track::ReadTrackFramePositions(tracks, path);
  TrackObservations out;
  out.positions = std::move(read.positions);
  out.visible = std::move(read.visible);
  return out;
}

std::string FrameCountError(const std::string& path, size_t got, size_t want) {
  return path + ": has " + std::to_string(got) + " frames but the input video has " +
         std::to_string(want);
}

}  // namespace

std::string JoinFrames(const std::vector<int>& frames) {
  std::string out;
  for (int f : frames) out += (out.empty() ? "" : ",") + std::to_string(f);
  return out;
}

OdometryResult RunOdometryImpl(const OdometryOptions& options, cli::Summary* summary) {
  if (!options.camera.empty()) return RunLabelOnly(options, summary);
  if (options.output.empty() && options.export_tum.empty() && options.export_kitti.empty() &&
      options.export_pac.empty() && options.labelled_tracks.empty() && options.points.empty()) {
    throw UsageError(
        "no output: give -o/--output, --points, --labelled-tracks or an --export-* file");
  }
  if (options.depth.empty()) return RunMonocularOdometry(options, summary);
  if (!options.points.empty() || !options.scale_from.empty() || options.camera_height ||
      options.mono.focal_px) {
    throw UsageError(
        "--points, --scale-from, --camera-height and --fx are for the monocular run: with "
        "--depth the scale and intrinsics come from the depth");
  }
  if (!options.labelled_tracks.empty() && options.tracks.empty()) {
    throw UsageError("--labelled-tracks needs --tracks (the TrackSet to label)");
  }
  if (options.params.window < 1) throw UsageError("--window must be >= 1");
  cli::Stopwatch total;

  // ---- read and check every input before writing anything
  cli::Stopwatch read_watch;
  const frames::Frames video = frames::ReadAllFrames(options.input, /*gray=*/true);
  if (video.images.size() < 2) {
    throw InvalidInputError(options.input + ": has " + std::to_string(video.images.size()) +
                            " frame(s); odometry needs at least 2");
  }
  const DepthInput depth = ReadDepth(options.depth);
  const cv::Size size = video.images[0].size();
  if (size.width != depth.camera.width || size.height != depth.camera.height) {
    throw InvalidInputError(options.depth + ": depth is " + std::to_string(depth.camera.width) +
                            "x" + std::to_string(depth.camera.height) + " but " + options.input +
                            " has " + std::to_string(size.width) + "x" +
                            std::to_string(size.height) + " frames");
  }
  if (depth.maps.size() != video.images.size()) {
    throw InvalidInputError(FrameCountError(options.depth, depth.maps.size(), video.images.size()));
  }
  TrackArtifact tracks;
  TrackObservations observations;
  if (!options.tracks.empty()) {
    tracks = artifact::ReadArtifact<schema::TrackSetInfo>(options.tracks);
    if (tracks.frames.size() != video.images.size()) {
      throw InvalidInputError(
          FrameCountError(options.tracks, tracks.frames.size(), video.images.size()));
    }
    observations = TrackPositions(tracks, options.tracks);
  }
  const double read_seconds = read_watch.Seconds();

  // ---- estimate
  cli::Stopwatch estimate_watch;
  CameraPath path;
  {
    cli::Progress progress("odometry", static_cast<int64_t>(video.images.size()));
    path = EstimateCameraPath(video.images, depth.maps, depth.camera, options.params,
                              [&] { progress.Advance(); });
    progress.Done();
  }
  const double estimate_seconds = estimate_watch.Seconds();

  OdometryResult result;
  result.segments = {{0, static_cast<int>(video.images.size()), mono::MotionKind::GENERAL}};
  result.scale_factors = {1.0};
  result.focal_px = depth.camera.fx;
  result.scale_kind = depth.scale_kind;
  result.lost_frames = path.LostFrames();
  result.keyframes = path.keyframes;
  const double fps = video.fps > 0 ? video.fps : 0.0;
  for (size_t f = 0; f < path.world_from_camera.size(); ++f) {
    result.trajectory.Add(fps > 0 ? f / fps : static_cast<double>(f), path.world_from_camera[f]);
  }

  cli::Stopwatch label_watch;
  TrackLabelling labelling;
  if (!options.tracks.empty()) {
    labelling = LabelTracks(observations, depth.maps, path.world_from_camera, path.lost,
                            depth.camera, options.params);
    result.labels = labelling.labels;
  }
  const double label_seconds = label_watch.Seconds();

  // ---- write
  const std::map<std::string, std::string> parameters = {
      {"lost_frames", JoinFrames(result.lost_frames)},
      {"keyframes", JoinFrames(result.keyframes)},
      {"window", std::to_string(options.params.window)},
      {"bundle_adjust", options.params.bundle_adjust ? "true" : "false"},
      {"min_inliers", std::to_string(options.params.min_inliers)},
      {"dynamic_threshold_px", std::to_string(options.params.dynamic_threshold_px)},
  };
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-odometry", parameters);
  artifact::AddInput(&header, "input", options.input);
  artifact::AddInput(&header, "depth", options.depth);
  if (!options.tracks.empty()) artifact::AddInput(&header, "tracks", options.tracks);

  if (!options.output.empty()) {
    schema::CameraTrajectoryInfo info;
    info.__set_intrinsics(geometry::ToIntrinsics(depth.camera));
    if (fps > 0) info.__set_fps(fps);
    info.__set_world_frame("camera of frame 0");
    // Depth gives the unit and cannot see shots: one segment of general motion.
    info.__set_scale_kind(depth.scale_kind);
    schema::CameraSegment all;
    all.__set_first_frame(0);
    all.__set_frame_count(static_cast<int64_t>(video.images.size()));
    all.__set_motion(schema::MotionKind::GENERAL);
    all.__set_depth_observable(true);
    info.__set_segments({all});
    info.__set_focal_estimated(false);
    auto artifact = trajectory::ToCameraTrajectory(result.trajectory, header, info);
    for (schema::CameraFrame& frame : artifact.frames) frame.__set_segment(0);
    for (int lost : result.lost_frames) artifact.frames[static_cast<size_t>(lost)].__set_lost(true);
    artifact::WriteArtifact(options.output, artifact);
  }
  if (!options.labelled_tracks.empty()) {
    TrackArtifact labelled = tracks;
    labelled.header = header;
    labelled.info.__set_labels(MakeTensor<uint8_t>(
        {static_cast<int64_t>(labelling.labels.size())}, labelling.labels.data()));
    artifact::WriteArtifact(options.labelled_tracks, labelled);
  }
  if (!options.export_tum.empty()) trajectory::WriteTum(options.export_tum, result.trajectory);
  if (!options.export_kitti.empty()) trajectory::WriteKitti(options.export_kitti, result.trajectory);
  if (!options.export_pac.empty()) trajectory::WritePac(options.export_pac, result.trajectory);

  if (summary) {
    summary->Set("frames", static_cast<int64_t>(video.images.size()));
    summary->Set("mode", "depth");
    summary->Set("scale_kind", trajectory::ScaleKindName(depth.scale_kind));
    summary->Set("segments", {{{"first_frame", 0},
                               {"frame_count", static_cast<int64_t>(video.images.size())},
                               {"motion", "general"},
                               {"depth_observable", true}}});
    summary->Set("lost_frames", result.lost_frames);
    summary->Set("keyframes", result.keyframes);
    if (!options.tracks.empty()) {
      summary->Set("tracks", {{"static", labelling.static_count},
                              {"dynamic", labelling.dynamic_count},
                              {"unknown", labelling.unknown_count}});
    }
    summary->AddTiming("read", read_seconds);
    summary->AddTiming("estimate", estimate_seconds);
    summary->AddTiming("bundle_adjust", path.bundle_adjust_seconds);
    summary->AddTiming("label", label_seconds);
    summary->AddTiming("total", total.Seconds());
    if (!options.output.empty()) summary->AddOutput("trajectory", options.output);
    if (!options.labelled_tracks.empty()) summary->AddOutput("labelled_tracks", options.labelled_tracks);
    if (!options.export_tum.empty()) summary->AddOutput("tum", options.export_tum);
    if (!options.export_kitti.empty()) summary->AddOutput("kitti", options.export_kitti);
    if (!options.export_pac.empty()) summary->AddOutput("pac", options.export_pac);
  }
  return result;
}

}  // namespace dolly::odometry
