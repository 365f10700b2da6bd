#include "libs/track/track.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"
#include "libs/track/lift.h"
#include "libs/track/model_tracker.h"
#include "libs/track/posetraj_json.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/track/query_points.h"
#include "libs/track/video_frames.h"

namespace dolly::track {
namespace {

void CheckOptions(const TrackOptions& o) {
  if (o.input.empty()) throw UsageError("--input: required");
  if (o.output.empty()) throw UsageError("--output: required");
  const int sources = (o.grid > 0) + !o.queries.empty() + !o.mask.empty();
  if (sources > 1) throw UsageError("--grid, --queries, --mask: give at most one");
  if (o.stride > 0 && (o.grid > 0 || !o.queries.empty())) {
    throw UsageError("--stride: combines only with --mask (or stands alone)");
  }
  if (o.grid < 0 || o.stride < 0) throw UsageError("--grid/--stride: must be positive");
  if (!o.camera.empty() && o.depth.empty()) {
    throw UsageError("--camera: only used with --depth (it places lifted points in the world)");
  }
  if (o.output == "-" && o.posetraj_json == "-") {
    throw UsageError("--posetraj-json: stdout already carries the TrackSet (-o -)");
  }
  const LkOptions& lk = o.lk;
  if (lk.window < 3 || lk.window % 2 == 0) throw UsageError("--window: must be odd and >= 3");
  if (lk.levels < 0 || lk.levels > 8) throw UsageError("--levels: must be in [0, 8]");
  if (!(lk.fb_threshold > 0.0f)) throw UsageError("--fb-threshold: must be positive");
  if (!(lk.max_patch_error > 0.0f)) throw UsageError("--max-patch-error: must be positive");
  if (lk.refine_window != 0 && (lk.refine_window < 3 || lk.refine_window % 2 == 0)) {
    throw UsageError("--refine-window: must be 0 or odd and >= 3");
  }
  if (lk.fb_levels < -1) throw UsageError("--fb-levels: must be >= -1");
  if (lk.realign_interval < 0) throw UsageError("--realign-every: must be >= 0");
  if (o.model_window < 2) throw UsageError("--model-window: must be at least 2");
}

std::vector<QueryPoint> MakeQueries(const TrackOptions& o, const GrayVideo& video) {
  const int w = video.width(), h = video.height();
  std::vector<QueryPoint> queries;
  std::string what = "--grid";
  if (!o.queries.empty()) {
    queries = ReadQueryFile(o.queries);
    what = o.queries;
  } else if (!o.mask.empty()) {
    queries = MaskQueries(o.mask, w, h, o.stride > 0 ? o.stride : 1);
    what = o.mask;
  } else if (o.stride > 0) {
    queries = StrideQueries(w, h, o.stride);
    what = "--stride";
  } else {
    queries = GridQueries(w, h, o.grid > 0 ? o.grid : kDefaultGrid);
  }
  CheckQueries(queries, static_cast<int64_t>(video.frames.size()), w, h, what);
  return queries;
}

struct DepthInput {
  std::vector<cv::Mat> z;
  std::vector<geometry::PinholeCamera> cameras;
  std::optional<schema::Intrinsics> intrinsics;
};

DepthInput ReadDepth(const std::string& path, const GrayVideo& video) {
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(path);
  const schema::DepthSequenceInfo& info = reader.info();
  DepthInput out;
  schema::DepthFrame frame;
  while (reader.NextFrame(&frame)) {
    const size_t f = out.z.size();
    const std::string where = path + ": frame " + std::to_string(f);
    if (f >= video.frames.size()) {
      throw InvalidInputError(path + ": has more frames than the video (" +
                              std::to_string(video.frames.size()) + ")");
    }
    const cv::Mat values = MatFromTensor(frame.depth);
    if (values.type() != CV_32FC1 || values.size() != video.frames[0].size()) {
      throw InvalidInputError(where + ": depth is " + DescribeTensor(frame.depth) +
                              ", the video is " + std::to_string(video.width()) + "x" +
                              std::to_string(video.height()));
    }
    const schema::Intrinsics* k = frame.__isset.intrinsics ? &frame.intrinsics
                                  : info.__isset.intrinsics ? &info.intrinsics
                                                            : nullptr;
    if (k == nullptr) throw InvalidInputError(where + ": no intrinsics to lift points with");
    if (f == 0) out.intrinsics = *k;
    out.cameras.push_back(geometry::FromIntrinsics(*k, where + ": intrinsics"));
    out.z.push_back(ZDepth(values, info));
  }
  if (out.z.size() != video.frames.size()) {
    throw InvalidInputError(path + ": has " + std::to_string(out.z.size()) +
                            " frames, the video has " + std::to_string(video.frames.size()));
  }
  return out;
}

std::vector<Eigen::Isometry3d> ReadPoses(const std::string& path, size_t frames) {
  const auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(path);
  // World points of one track must share one world frame; shots do not.
  trajectory::RequireSingleSegment(camera, path, "dolly-track --camera");
  if (camera.frames.size() != frames) {
    throw InvalidInputError(path + ": has " + std::to_string(camera.frames.size()) +
                            " frames, the video has " + std::to_string(frames));
  }
  std::vector<Eigen::Isometry3d> poses;
  for (size_t f = 0; f < frames; ++f) {
    const std::string where = path + ": frame " + std::to_string(f) + ": world_from_camera";
    if (!camera.frames[f].__isset.world_from_camera) throw InvalidInputError(where + ": missing");
    poses.push_back(geometry::FromPose(camera.frames[f].world_from_camera, where));
  }
  return poses;
}

std::map<std::string, std::string> Parameters(const TrackOptions& o, size_t queries) {
  if (!o.model.empty()) {
    std::map<std::string, std::string> p = {
        {"backend", "model"},
        {"model", std::filesystem::path(o.model).filename().string()},
        {"model_window", std::to_string(o.model_window)},
        {"query_count", std::to_string(queries)},
    };
    if (o.grid > 0) p["grid"] = std::to_string(o.grid);
    if (o.stride > 0) p["stride"] = std::to_string(o.stride);
    if (!o.depth.empty()) p["points_frame"] = o.camera.empty() ? "camera" : "world";
    return p;
  }
  std::map<std::string, std::string> p = {
      {"backend", "lk"},
      {"window", std::to_string(o.lk.window)},
      {"levels", std::to_string(o.lk.levels)},
      {"fb_threshold", std::to_string(o.lk.fb_threshold)},
      {"max_patch_error", std::to_string(o.lk.max_patch_error)},
      {"realign_every", std::to_string(o.lk.realign_interval)},
      {"realign_tolerance", std::to_string(o.lk.realign_tolerance)},
      {"fb_levels", std::to_string(o.lk.fb_levels)},
      {"refine_window", std::to_string(o.lk.refine_window)},
      {"reacquire", o.lk.reacquire ? "true" : "false"},
      {"query_count", std::to_string(queries)},
  };
  if (o.grid > 0) p["grid"] = std::to_string(o.grid);
  if (o.stride > 0) p["stride"] = std::to_string(o.stride);
  if (!o.depth.empty()) p["points_frame"] = o.camera.empty() ? "camera" : "world";
  return p;
}

}  // namespace

TrackSummary RunTrackImpl(const TrackOptions& options) {
  CheckOptions(options);
  // Read and check every input before anything is written.
  std::unique_ptr<ModelTracker> model;
  if (!options.model.empty()) {
    model = std::make_unique<ModelTracker>(
        ModelTrackerOptions{options.model, options.device, options.model_window});
  }
  // With a model the frames stay RGB (only their count and size are used below).
  const GrayVideo video = ReadGrayVideo(options.input, /*gray=*/!model);
  const std::vector<QueryPoint> queries = MakeQueries(options, video);
  const size_t frames = video.frames.size(), n = queries.size();
  DepthInput depth;
  if (!options.depth.empty()) depth = ReadDepth(options.depth, video);
  std::vector<Eigen::Isometry3d> poses;
  if (!options.camera.empty()) poses = ReadPoses(options.camera, frames);

  TrackResult result;
  if (model) {
    cli::Progress progress("model windows", -1);
    result = model->Track(video.frames, queries, [&progress] { progress.Advance(); });
    progress.Done();
  } else {
    cli::Progress progress("tracking", static_cast<int64_t>(frames) - 1);
    result = TrackPoints(video.frames, queries, options.lk, [&progress] { progress.Advance(); });
    progress.Done();
  }
  std::vector<std::vector<Eigen::Vector3f>> points;
  if (!options.depth.empty()) points = LiftTracks(depth.z, depth.cameras, poses, &result);

  schema::ArtifactHeader header = artifact::MakeHeader("dolly-track", Parameters(options, n));
  if (std::filesystem::is_directory(options.input)) {
    // A frame directory has no single digest: record its path only.
    schema::InputDigest input;
    input.__set_role("video");
    input.__set_path(options.input);
    header.inputs.push_back(input);
    header.__isset.inputs = true;
  } else {
    artifact::AddInput(&header, "video", options.input);
  }
  if (!options.queries.empty()) artifact::AddInput(&header, "queries", options.queries);
  if (!options.mask.empty()) artifact::AddInput(&header, "mask", options.mask);
  if (!options.depth.empty()) artifact::AddInput(&header, "depth", options.depth);
  if (!options.camera.empty()) artifact::AddInput(&header, "camera", options.camera);
  if (!options.model.empty()) artifact::AddInput(&header, "model", options.model);

  schema::TrackSetInfo info;
  info.__set_track_count(static_cast<int64_t>(n));
  info.__set_frame_count(static_cast<int64_t>(frames));
  std::vector<int64_t> query_frames;
  for (const QueryPoint& q : queries) query_frames.push_back(q.frame);
  info.__set_query_frames(MakeTensor(query_frames));
  if (depth.intrinsics) info.__set_intrinsics(*depth.intrinsics);
  info.__set_has_points_3d(!points.empty());
  if (video.fps > 0.0) info.__set_fps(video.fps);

  TrackSummary summary;
  summary.frames = static_cast<int64_t>(frames);
  summary.tracks = static_cast<int64_t>(n);
  summary.lifted = !points.empty();
  summary.points_frame = points.empty() ? "" : poses.empty() ? "camera" : "world";
  int64_t visible = 0;
  {
    artifact::ArtifactWriter<schema::TrackSetInfo> writer(options.output, header, info);
    const int64_t shape_n = static_cast<int64_t>(n);
    for (size_t f = 0; f < frames; ++f) {
      schema::TrackFrame frame;
      frame.__set_index(static_cast<int64_t>(f));
      static_assert(sizeof(cv::Point2f) == 2 * sizeof(float), "Point2f is two packed floats");
      frame.__set_positions(
          MakeTensor<float>({shape_n, 2}, reinterpret_cast<const float*>(result.positions[f].data())));
      frame.__set_visibility(MakeTensor(result.visibility[f]));
      frame.__set_confidence(MakeTensor(result.confidence[f]));
      if (!points.empty()) {
        static_assert(sizeof(Eigen::Vector3f) == 3 * sizeof(float), "Vector3f is three floats");
        frame.__set_points_world(
            MakeTensor<float>({shape_n, 3}, reinterpret_cast<const float*>(points[f].data())));
      }
      for (uint8_t v : result.visibility[f]) visible += v;
      writer.WriteFrame(frame);
    }
    writer.Finish();
  }
  summary.visible_fraction = static_cast<double>(visible) / static_cast<double>(frames * n);

  if (!options.posetraj_json.empty()) {
    PoseTrajTracks export_tracks;
    for (size_t i = 0; i < n; ++i) {
      export_tracks.ids.push_back(std::to_string(i));
      std::vector<std::pair<float, float>> track;
      for (size_t f = 0; f < frames; ++f) {
        track.emplace_back(result.positions[f][i].x, result.positions[f][i].y);
      }
      export_tracks.points.push_back(std::move(track));
    }
    WritePoseTrajJson(options.posetraj_json, export_tracks);
  }
  return summary;
}

}  // namespace dolly::track
