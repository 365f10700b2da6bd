#include "libs/odometry/label_run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/odometry/depth_input.h"
#include "libs/odometry/track_labels.h"
#include "libs/tensor/tensor.h"
#include "libs/track/artifact_convert.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/tracks_types.h"

namespace dolly::odometry {
namespace {

using TrackArtifact = artifact::Artifact<schema::TrackSetInfo>;

void CheckFlags(const OdometryOptions& o) {
  if (!o.input.empty() || !o.output.empty() || !o.export_tum.empty() ||
      !o.export_kitti.empty() || !o.export_pac.empty() || !o.points.empty() ||
      !o.scale_from.empty() || o.camera_height || o.mono.focal_px) {
    throw UsageError(
        "--camera labels tracks with a given camera path: it reads no frames and estimates "
        "nothing (-i, -o, --export-*, --points, --scale-from, --camera-height and --fx are "
        "refused)");
  }
  if (o.depth.empty() || o.tracks.empty() || o.labelled_tracks.empty()) {
    throw UsageError("--camera needs --depth, --tracks and --labelled-tracks");
  }
}

std::string CountError(const std::string& path, size_t got, const std::string& camera,
                       size_t want) {
  return path + ": has " + std::to_string(got) + " frames but the camera path " + camera +
         " has " + std::to_string(want);
}

// The depth must be in the path's unit and on its pixel grid: the labels
// reproject depth-lifted points with the path's poses and focal length.
void CheckDepthAgainstPath(const DepthInput& depth, const std::string& depth_path,
                           const trajectory::CameraTrajectoryArtifact& camera,
                           const std::string& camera_path) {
  if (depth.maps.size() != camera.frames.size()) {
    throw InvalidInputError(
        CountError(depth_path, depth.maps.size(), camera_path, camera.frames.size()));
  }
  const schema::ScaleKind::type path_kind = trajectory::TrajectoryScaleKind(camera.info);
  if (depth.scale_kind != path_kind) {
    throw InvalidInputError(depth_path + ": depth scale_kind " +
                            trajectory::ScaleKindName(depth.scale_kind) + " but the camera path " +
                            camera_path + " is in " + trajectory::ScaleKindName(path_kind) +
                            " units; give depth made on that path (dolly-depth --backend mvs "
                            "--poses " + camera_path + ")");
  }
  if (!camera.info.__isset.intrinsics) return;
  const geometry::PinholeCamera path_camera =
      geometry::FromIntrinsics(camera.info.intrinsics, camera_path + ": intrinsics");
  if (path_camera.width != depth.camera.width || path_camera.height != depth.camera.height) {
    throw InvalidInputError(depth_path + ": depth is " + std::to_string(depth.camera.width) + "x" +
                            std::to_string(depth.camera.height) + " but the camera path " +
                            camera_path + " is " + std::to_string(path_camera.width) + "x" +
                            std::to_string(path_camera.height));
  }
  if (std::abs(path_camera.fx - depth.camera.fx) > 0.01 * path_camera.fx) {
    throw InvalidInputError(depth_path + ": depth focal length " + std::to_string(depth.camera.fx) +
                            " px but the camera path " + camera_path + " has " +
                            std::to_string(path_camera.fx) + " px (more than 1 % apart)");
  }
}

// Tracks the depth could not check (no depth where they are seen: mvs finds
// none on a moving object, whose pixels agree with no single depth across
// views) are checked without depth: in a segment of general motion a static
// point seen in frame r lies on its epipolar line in frame f; in a
// rotation-only or static segment it lands where the rotation maps its
// pixel. Same gap, threshold and failing share as the depth check. Blind to
// motion along the epipolar line, so used only where depth is missing.
void LabelUncheckedByEpipolarLines(const TrackObservations& tracks,
                                   const std::vector<Eigen::Isometry3d>& world_from_camera,
                                   const std::vector<bool>& lost,
                                   const std::vector<int>& segment_of_frame,
                                   const std::vector<schema::CameraSegment>& segments,
                                   const geometry::PinholeCamera& camera,
                                   const OdometryParams& params, TrackLabelling* out) {
  const int frames = static_cast<int>(tracks.positions.size());
  if (frames < 2) return;
  const int gap = std::max(1, std::min(params.label_gap, frames - 1));
  auto usable = [&](int f, size_t i) {
    return !lost[f] && tracks.visible[f][i] && tracks.positions[f][i].allFinite();
  };
  for (size_t i = 0; i < out->labels.size(); ++i) {
    if (out->labels[i] != schema::TrackLabel::UNKNOWN) continue;
    int checked = 0, failed = 0;
    for (int f = gap; f < frames; ++f) {
      const int r = f - gap;
      if (segment_of_frame[r] != segment_of_frame[f] || !usable(f, i) || !usable(r, i)) continue;
      const Eigen::Isometry3d f_from_r = world_from_camera[f].inverse() * world_from_camera[r];
      const Eigen::Vector3d ray = f_from_r.linear() * camera.Unproject(
                                                         tracks.positions[r][i].cast<double>(), 1.0);
      const Eigen::Vector2d at_f = tracks.positions[f][i].cast<double>();
      double residual;
      if (segments[segment_of_frame[f]].motion != schema::MotionKind::GENERAL) {
        residual = ray.z() > 1e-9 ? (camera.Project(ray) - at_f).norm()
                                  : std::numeric_limits<double>::infinity();
      } else {
        const Eigen::Vector3d t = f_from_r.translation();
        if (t.norm() < 1e-12) continue;
        const Eigen::Vector3d line = t.cross(ray);  // epipolar line, normalised coordinates
        const double norm = line.head<2>().norm();
        if (norm < 1e-12) continue;
        residual = std::abs(line.dot(camera.Unproject(at_f, 1.0))) / norm * camera.fx;
      }
      ++checked;
      if (residual > params.dynamic_threshold_px) ++failed;
    }
    if (checked == 0) continue;
    --out->unknown_count;
    if (failed >= params.dynamic_fraction * checked) {
      out->labels[i] = schema::TrackLabel::DYNAMIC;
      ++out->dynamic_count;
    } else {
      out->labels[i] = schema::TrackLabel::STATIC;
      ++out->static_count;
    }
  }
}

}  // namespace

OdometryResult RunLabelOnly(const OdometryOptions& options, cli::Summary* summary) {
  CheckFlags(options);
  cli::Stopwatch total;

  // ---- read and check every input before writing anything
  cli::Stopwatch read_watch;
  const auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(options.camera);
  const std::vector<schema::CameraSegment> segments =
      trajectory::TrajectorySegments(camera, options.camera);
  const trajectory::Trajectory path = trajectory::FromCameraTrajectory(camera);
  const DepthInput depth = ReadDepth(options.depth);
  CheckDepthAgainstPath(depth, options.depth, camera, options.camera);
  const TrackArtifact tracks = artifact::ReadArtifact<schema::TrackSetInfo>(options.tracks);
  if (tracks.frames.size() != camera.frames.size()) {
    throw InvalidInputError(
        CountError(options.tracks, tracks.frames.size(), options.camera, camera.frames.size()));
  }
  if (tracks.info.__isset.intrinsics && tracks.info.intrinsics.__isset.width &&
      tracks.info.intrinsics.__isset.height &&
      (tracks.info.intrinsics.width != depth.camera.width ||
       tracks.info.intrinsics.height != depth.camera.height)) {
    throw InvalidInputError(options.tracks + ": tracks are on " +
                            std::to_string(tracks.info.intrinsics.width) + "x" +
                            std::to_string(tracks.info.intrinsics.height) + " frames but " +
                            options.depth + " is " + std::to_string(depth.camera.width) + "x" +
                            std::to_string(depth.camera.height));
  }
  track::TrackFramePositions read = track::ReadTrackFramePositions(tracks, options.tracks);
  TrackObservations observations;
  observations.positions = std::move(read.positions);
  observations.visible = std::move(read.visible);
  const double read_seconds = read_watch.Seconds();

  const size_t frames = camera.frames.size();
  OdometryResult result;
  result.trajectory = path;
  std::vector<bool> lost(frames, false);
  std::vector<int> segment_of_frame(frames, 0);
  for (size_t f = 0; f < frames; ++f) {
    lost[f] = camera.frames[f].__isset.lost && camera.frames[f].lost;
    if (lost[f]) result.lost_frames.push_back(static_cast<int>(f));
  }
  for (size_t s = 0; s < segments.size(); ++s) {
    const int64_t first = segments[s].first_frame;
    for (int64_t f = first; f < first + segments[s].frame_count; ++f) {
      segment_of_frame[static_cast<size_t>(f)] = static_cast<int>(s);
    }
  }
  // Intrinsics: the path's (its poses were estimated with them), else the depth's.
  const geometry::PinholeCamera pinhole =
      camera.info.__isset.intrinsics
          ? geometry::FromIntrinsics(camera.info.intrinsics, options.camera + ": intrinsics")
          : depth.camera;
  result.focal_px = pinhole.fx;
  result.focal_estimated = camera.info.__isset.focal_estimated && camera.info.focal_estimated;
  result.scale_kind = depth.scale_kind;

  cli::Stopwatch label_watch;
  TrackLabelling labelling =
      LabelTracks(observations, depth.maps, path.world_from_camera, lost, pinhole,
                  options.params, segment_of_frame);
  const int depth_checked = labelling.static_count + labelling.dynamic_count;
  LabelUncheckedByEpipolarLines(observations, path.world_from_camera, lost, segment_of_frame,
                                segments, pinhole, options.params, &labelling);
  const int epipolar_checked = labelling.static_count + labelling.dynamic_count - depth_checked;
  result.labels = labelling.labels;
  const double label_seconds = label_watch.Seconds();

  // ---- write
  const std::map<std::string, std::string> parameters = {
      {"mode", "labels"},
      {"lost_frames", JoinFrames(result.lost_frames)},
      {"segments", std::to_string(segments.size())},
      {"dynamic_threshold_px", std::to_string(options.params.dynamic_threshold_px)},
      {"label_gap", std::to_string(options.params.label_gap)},
  };
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-odometry", parameters);
  artifact::AddInput(&header, "camera", options.camera);
  artifact::AddInput(&header, "depth", options.depth);
  artifact::AddInput(&header, "tracks", options.tracks);
  TrackArtifact labelled = tracks;
  labelled.header = header;
  labelled.info.__set_labels(MakeTensor<uint8_t>(
      {static_cast<int64_t>(labelling.labels.size())}, labelling.labels.data()));
  artifact::WriteArtifact(options.labelled_tracks, labelled);

  if (summary) {
    summary->Set("frames", static_cast<int64_t>(frames));
    summary->Set("mode", "labels");
    summary->Set("scale_kind", trajectory::ScaleKindName(depth.scale_kind));
    summary->Set("segment_count", static_cast<int64_t>(segments.size()));
    summary->Set("lost_frames", result.lost_frames);
    summary->Set("tracks", {{"static", labelling.static_count},
                            {"dynamic", labelling.dynamic_count},
                            {"unknown", labelling.unknown_count},
                            {"by_depth", depth_checked},
                            {"by_epipolar_line", epipolar_checked}});
    summary->AddTiming("read", read_seconds);
    summary->AddTiming("label", label_seconds);
    summary->AddTiming("total", total.Seconds());
    summary->AddOutput("labelled_tracks", options.labelled_tracks);
  }
  return result;
}

}  // namespace dolly::odometry
