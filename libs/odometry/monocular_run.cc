#include "libs/odometry/monocular_run.h"

#include <cmath>
#include <map>
#include <memory>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"
#include "libs/geometry/schema_convert.h"
#include "libs/odometry/scale.h"
#include "libs/shots/shot_cuts.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/formats.h"
#include "schemas/camera_types.h"
#include "schemas/depth_types.h"

namespace dolly::odometry {
namespace {

using DepthReader = artifact::ArtifactReader<schema::DepthSequenceInfo>;

// The file that gives the unit of length, opened before the (long) run so a
// wrong one fails at once.
struct ScaleSource {
  std::unique_ptr<DepthReader> reader;
  schema::DepthKind::type kind = schema::DepthKind::METRIC;
  bool metric() const { return kind == schema::DepthKind::METRIC; }
};

// What streaming the video gave.
struct Streamed {
  mono::MonoPath path;
  std::vector<int> cuts;
  int width = 0, height = 0;
  double fps = 0.0;
  double track_seconds = 0.0, finish_seconds = 0.0;
};

void CheckOptions(const OdometryOptions& o) {
  if (!o.tracks.empty() || !o.labelled_tracks.empty()) {
    throw UsageError("--tracks/--labelled-tracks need --depth (labelling lifts tracks with depth)");
  }
  if (o.mono.focal_px && !(*o.mono.focal_px > 0)) throw UsageError("--fx must be > 0");
  if (o.camera_height && !(*o.camera_height > 0)) {
    throw UsageError("--camera-height must be > 0 (metres from the camera down to the ground)");
  }
}

std::optional<ScaleSource> OpenScaleSource(const OdometryOptions& o) {
  if (o.scale_from.empty()) return std::nullopt;
  ScaleSource source;
  source.reader = std::make_unique<DepthReader>(o.scale_from);
  const schema::DepthSequenceInfo& info = source.reader->info();
  if (!info.__isset.kind) throw InvalidInputError(o.scale_from + ": DepthSequence has no kind");
  source.kind = info.kind;
  if (source.metric() && o.camera_height) {
    throw UsageError("--scale-from " + o.scale_from +
                     " is METRIC depth: it gives the scale alone; drop --camera-height");
  }
  if (!source.metric() && !o.camera_height) {
    throw InvalidInputError(
        o.scale_from + ": relative depth has no unit of length; add --camera-height M (the "
        "depth is aligned to the sparse points, the camera's height above its ground plane "
        "gives metres) or give METRIC depth");
  }
  return source;
}

Streamed StreamFrames(const OdometryOptions& o, const std::optional<ScaleSource>& scale) {
  std::unique_ptr<media::FrameSource> source = frames::OpenFrameInput(o.input);
  Streamed out;
  out.width = source->width();
  out.height = source->height();
  out.fps = source->fps();
  if (scale && scale->reader->info().__isset.intrinsics) {
    const schema::Intrinsics& k = scale->reader->info().intrinsics;
    if (k.width != out.width || k.height != out.height) {
      throw InvalidInputError(o.scale_from + ": depth is " + std::to_string(k.width) + "x" +
                              std::to_string(k.height) + " but " + o.input + " has " +
                              std::to_string(out.width) + "x" + std::to_string(out.height) +
                              " frames");
    }
  }
  cli::Stopwatch watch;
  mono::MonocularEstimator estimator(out.width, out.height, o.mono);
  shots::ShotCutDetector cuts;
  cli::Progress progress("odometry", std::max<int64_t>(source->frame_count_hint(), 0));
  cv::Mat rgb, gray;
  int frames = 0;
  while (source->Next(&rgb)) {
    const bool cut = o.shot_cuts && cuts.Push(rgb);
    if (cut) out.cuts.push_back(frames);
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    estimator.Push(gray, cut);
    ++frames;
    progress.Advance();
  }
  progress.Done();
  if (frames < 2) {
    throw InvalidInputError(o.input + ": has " + std::to_string(frames) +
                            " frame(s); odometry needs at least 2");
  }
  out.track_seconds = watch.Seconds();
  cli::Stopwatch finish;
  out.path = estimator.Finish();
  out.finish_seconds = finish.Seconds();
  return out;
}

std::string SegmentName(const mono::Segment& s, int index) {
  return "segment " + std::to_string(index) + " (frames " + std::to_string(s.first_frame) + "-" +
         std::to_string(s.end_frame - 1) + ")";
}

std::vector<Eigen::Isometry3d> PlacedCameras(const mono::MonoPath& path, const mono::Segment& s) {
  std::vector<Eigen::Isometry3d> cameras;
  for (int f = s.first_frame; f < s.end_frame; ++f) {
    if (!path.lost[f]) cameras.push_back(path.world_from_camera[f]);
  }
  return cameras;
}

// A relative map aligned to the frame's sparse points, back in the segment's
// world: a dense cover of the ground for the plane fit (about 1,200 points a
// frame, so long videos stay small).
void AppendAlignedPoints(const cv::Mat& relative, const RelativeFit& fit, double focal,
                         const Eigen::Isometry3d& world_from_camera,
                         std::vector<Eigen::Vector3d>* points) {
  const int stride =
      std::max(2, static_cast<int>(std::sqrt(relative.total() / 1200.0)));
  const double cx = 0.5 * (relative.cols - 1), cy = 0.5 * (relative.rows - 1);
  for (int y = stride / 2; y < relative.rows; y += stride) {
    for (int x = stride / 2; x < relative.cols; x += stride) {
      const float r = relative.at<float>(y, x);
      if (!std::isfinite(r)) continue;
      const double z = fit.Apply(r);
      if (!(z > 0) || !std::isfinite(z)) continue;
      points->push_back(world_from_camera *
                        Eigen::Vector3d(z * (x - cx) / focal, z * (y - cy) / focal, z));
    }
  }
}

cv::Mat ReadScaleFrame(DepthReader* reader, const std::string& path, int frame, int frames,
                       int width, int height) {
  schema::DepthFrame record;
  if (!reader->NextFrame(&record)) {
    throw InvalidInputError(path + ": has " + std::to_string(frame) +
                            " frames but the input video has " + std::to_string(frames));
  }
  const std::string where = path + ": frame " + std::to_string(frame);
  if (!record.__isset.depth) throw InvalidInputError(where + ": no depth");
  cv::Mat m = MatFromTensor(record.depth);
  if (m.type() != CV_32FC1) throw InvalidInputError(where + ": depth is not FLOAT32 [H, W]");
  if (m.cols != width || m.rows != height) {
    throw InvalidInputError(where + ": depth is " + std::to_string(m.cols) + "x" +
                            std::to_string(m.rows) + " but the frames are " +
                            std::to_string(width) + "x" + std::to_string(height));
  }
  return m;
}

// Finds each depth-observable segment's factor to metres and applies it to
// its poses and points; returns the factors (1 for the others).
std::vector<double> FixScale(const OdometryOptions& o, std::optional<ScaleSource>* scale,
                             Streamed* s, schema::ScaleKind::type* kind) {
  mono::MonoPath& path = s->path;
  const int segments = static_cast<int>(path.segments.size());
  const int frames = static_cast<int>(path.world_from_camera.size());
  std::vector<double> factors(segments, 1.0);
  *kind = schema::ScaleKind::FIRST_BASELINE;
  if (!*scale && !o.camera_height) return factors;

  DepthRatioScale ratios(segments);
  std::vector<std::vector<Eigen::Vector3d>> dense(segments);
  if (*scale) {
    DepthReader* reader = (*scale)->reader.get();
    const schema::DepthSequenceInfo& info = reader->info();
    if (info.__isset.frame_count && info.frame_count != frames) {
      throw InvalidInputError(o.scale_from + ": has " + std::to_string(info.frame_count) +
                              " frames but the input video has " + std::to_string(frames));
    }
    const auto samples = SparseSamples(path, s->width, s->height);
    const bool inverse = info.kind == schema::DepthKind::RELATIVE_INVERSE_DEPTH;
    for (int f = 0; f < frames; ++f) {
      const cv::Mat depth = ReadScaleFrame(reader, o.scale_from, f, frames, s->width, s->height);
      const int segment = path.SegmentOf(f);
      if (path.lost[f] || !path.segments[segment].depth_observable()) continue;
      if ((*scale)->metric()) {
        ratios.AddFrame(segment, depth, samples[f]);
      } else if (const auto fit = FitRelativeToSparse(depth, inverse, samples[f])) {
        AppendAlignedPoints(depth, *fit, path.focal_px, path.world_from_camera[f], &dense[segment]);
      }
    }
    schema::DepthFrame extra;
    if (reader->NextFrame(&extra)) {
      throw InvalidInputError(o.scale_from + ": has more frames than the input video (" +
                              std::to_string(frames) + ")");
    }
    *kind = (*scale)->metric() ? schema::ScaleKind::METRIC_DEPTH
                               : schema::ScaleKind::ALIGNED_MODEL_DEPTH;
  } else {
    for (const mono::MapPoint& p : path.points) dense[p.segment].push_back(p.world);
    *kind = schema::ScaleKind::CAMERA_HEIGHT;
  }

  const std::string source = o.scale_from.empty() ? o.input : o.scale_from;
  for (int i = 0; i < segments; ++i) {
    const mono::Segment& segment = path.segments[i];
    if (!segment.depth_observable()) continue;  // no translation, no points: nothing to scale
    std::optional<double> factor;
    if (*kind == schema::ScaleKind::METRIC_DEPTH) {
      factor = ratios.Factor(i);
      if (!factor) {
        throw InvalidInputError(o.scale_from + ": " + SegmentName(segment, i) +
                                ": no sparse point falls on a measured pixel; cannot scale it");
      }
    } else {
      const auto cameras = PlacedCameras(path, segment);
      const auto plane = FitGroundPlane(dense[i], cameras);
      if (!plane) {
        throw InvalidInputError(source + ": " + SegmentName(segment, i) +
                                ": no ground plane below the camera in " +
                                (o.scale_from.empty() ? "the sparse points" : "the aligned depth") +
                                "; --camera-height cannot scale it (give --scale-from METRIC depth)");
      }
      factor = CameraHeightFactor(*plane, cameras, *o.camera_height);
    }
    if (!(*factor > 0) || !std::isfinite(*factor)) {
      throw InvalidInputError(source + ": " + SegmentName(segment, i) + ": scale fit failed");
    }
    factors[i] = *factor;
    RescaleSegment(i, *factor, &path);
  }
  return factors;
}

schema::FrameQuality ToQuality(const mono::FrameQuality& q) {
  schema::FrameQuality out;
  out.__set_tracked(q.tracked);
  out.__set_inliers(q.inliers);
  out.__set_reprojection_rms_px(q.reprojection_rms_px);
  out.__set_parallax_deg(q.parallax_deg);
  return out;
}

std::vector<schema::CameraSegment> ToSegments(const std::vector<mono::Segment>& segments) {
  std::vector<schema::CameraSegment> out;
  for (const mono::Segment& s : segments) {
    schema::CameraSegment c;
    c.__set_first_frame(s.first_frame);
    c.__set_frame_count(s.end_frame - s.first_frame);
    c.__set_motion(static_cast<schema::MotionKind::type>(static_cast<int>(s.motion)));
    c.__set_depth_observable(s.depth_observable());
    out.push_back(c);
  }
  return out;
}

void WriteTrajectory(const OdometryOptions& o, const Streamed& s, const OdometryResult& result,
                     const geometry::PinholeCamera& camera, const schema::ArtifactHeader& header) {
  schema::CameraTrajectoryInfo info;
  info.__set_intrinsics(geometry::ToIntrinsics(camera));
  if (s.fps > 0) info.__set_fps(s.fps);
  info.__set_world_frame("camera of each segment's first frame");
  info.__set_scale_kind(result.scale_kind);
  info.__set_segments(ToSegments(s.path.segments));
  info.__set_focal_estimated(result.focal_estimated);
  auto artifact = trajectory::ToCameraTrajectory(result.trajectory, header, info);
  for (size_t f = 0; f < artifact.frames.size(); ++f) {
    schema::CameraFrame& frame = artifact.frames[f];
    if (s.path.lost[f]) frame.__set_lost(true);
    frame.__set_segment(s.path.SegmentOf(static_cast<int>(f)));
    if (f < s.path.quality.size()) frame.__set_quality(ToQuality(s.path.quality[f]));
  }
  artifact::WriteArtifact(o.output, artifact);
}

// One frame at a time: a long video's sparse maps never sit in memory together.
void WritePoints(const OdometryOptions& o, const Streamed& s, const geometry::PinholeCamera& camera,
                 schema::ScaleKind::type kind, schema::ArtifactHeader header) {
  const auto samples = SparseSamples(s.path, s.width, s.height);
  header.__set_kind(schema::ArtifactKind::DEPTH_SEQUENCE);
  schema::DepthSequenceInfo info;
  info.__set_kind(schema::DepthKind::METRIC);
  info.__set_scale(1.0);
  info.__set_shift(0.0);
  info.__set_intrinsics(geometry::ToIntrinsics(camera));
  info.__set_frame_count(static_cast<int64_t>(samples.size()));
  if (s.fps > 0) info.__set_fps(s.fps);
  info.__set_sparse(true);
  info.__set_scale_kind(kind);
  artifact::ArtifactWriter<schema::DepthSequenceInfo> writer(o.points, header, info);
  cv::Mat depth(s.height, s.width, CV_32FC1);
  for (size_t f = 0; f < samples.size(); ++f) {
    depth.setTo(0.f);
    for (const SparseSample& sample : samples[f]) {
      depth.at<float>(sample.pixel) = static_cast<float>(sample.depth);
    }
    schema::DepthFrame frame;
    frame.__set_index(static_cast<int64_t>(f));
    frame.__set_timestamp(s.fps > 0 ? f / s.fps : static_cast<double>(f));
    frame.__set_depth(TensorFromMat(depth));
    writer.WriteFrame(frame);
  }
  writer.Finish();
}

void Summarize(const OdometryOptions& o, const Streamed& s, const OdometryResult& r,
               double scale_seconds, double write_seconds, double total_seconds,
               cli::Summary* summary) {
  const mono::MonoPath& path = s.path;
  summary->Set("frames", static_cast<int64_t>(path.world_from_camera.size()));
  summary->Set("mode", "monocular");
  nlohmann::json segments = nlohmann::json::array();
  for (size_t i = 0; i < path.segments.size(); ++i) {
    const mono::Segment& seg = path.segments[i];
    segments.push_back({{"first_frame", seg.first_frame},
                        {"frame_count", seg.end_frame - seg.first_frame},
                        {"motion", mono::MotionKindName(seg.motion)},
                        {"depth_observable", seg.depth_observable()},
                        {"scale_factor", r.scale_factors[i]}});
  }
  summary->Set("segments", segments);
  summary->Set("shot_cuts", s.cuts);
  summary->Set("lost_frames", r.lost_frames);
  summary->Set("keyframes", r.keyframes);
  summary->Set("focal", {{"px", r.focal_px}, {"estimated", r.focal_estimated}});
  summary->Set("scale_kind", trajectory::ScaleKindName(r.scale_kind));
  summary->Set("points", static_cast<int64_t>(path.points.size()));
  nlohmann::json tracked = nlohmann::json::array(), inliers = nlohmann::json::array(),
                 rms = nlohmann::json::array(), parallax = nlohmann::json::array();
  for (const mono::FrameQuality& q : path.quality) {
    tracked.push_back(q.tracked);
    inliers.push_back(q.inliers);
    rms.push_back(q.reprojection_rms_px);
    parallax.push_back(q.parallax_deg);
  }
  summary->Set("quality", {{"tracked", tracked},
                           {"inliers", inliers},
                           {"reprojection_rms_px", rms},
                           {"parallax_deg", parallax}});
  summary->AddTiming("track", s.track_seconds);
  summary->AddTiming("refine", s.finish_seconds);
  summary->AddTiming("scale", scale_seconds);
  summary->AddTiming("write", write_seconds);
  summary->AddTiming("total", total_seconds);
  if (!o.output.empty()) summary->AddOutput("trajectory", o.output);
  if (!o.points.empty()) summary->AddOutput("points", o.points);
  if (!o.export_tum.empty()) summary->AddOutput("tum", o.export_tum);
  if (!o.export_kitti.empty()) summary->AddOutput("kitti", o.export_kitti);
  if (!o.export_pac.empty()) summary->AddOutput("pac", o.export_pac);
}

}  // namespace

OdometryResult RunMonocularOdometry(const OdometryOptions& options, cli::Summary* summary) {
  CheckOptions(options);
  cli::Stopwatch total;
  std::optional<ScaleSource> scale = OpenScaleSource(options);
  Streamed streamed = StreamFrames(options, scale);

  cli::Stopwatch scale_watch;
  OdometryResult result;
  result.scale_factors = FixScale(options, &scale, &streamed, &result.scale_kind);
  const double scale_seconds = scale_watch.Seconds();

  const mono::MonoPath& path = streamed.path;
  result.lost_frames = path.LostFrames();
  result.keyframes = path.keyframes;
  result.segments = path.segments;
  result.focal_px = path.focal_px;
  result.focal_estimated = path.focal_refined;
  for (size_t f = 0; f < path.world_from_camera.size(); ++f) {
    result.trajectory.Add(streamed.fps > 0 ? f / streamed.fps : static_cast<double>(f),
                          path.world_from_camera[f]);
  }
  geometry::PinholeCamera camera;
  camera.fx = camera.fy = path.focal_px;
  camera.cx = 0.5 * (streamed.width - 1);
  camera.cy = 0.5 * (streamed.height - 1);
  camera.width = streamed.width;
  camera.height = streamed.height;

  std::string scale_factors;
  for (double f : result.scale_factors) {
    scale_factors += (scale_factors.empty() ? "" : ",") + std::to_string(f);
  }
  const std::map<std::string, std::string> parameters = {
      {"mode", "monocular"},
      {"lost_frames", JoinFrames(result.lost_frames)},
      {"keyframes", JoinFrames(result.keyframes)},
      {"shot_cuts", JoinFrames(streamed.cuts)},
      {"focal_px", std::to_string(path.focal_px)},
      {"focal_estimated", result.focal_estimated ? "true" : "false"},
      {"scale_kind", trajectory::ScaleKindName(result.scale_kind)},
      {"scale_factors", scale_factors},
      {"bundle_adjust", options.mono.bundle_adjust ? "true" : "false"},
  };
  cli::Stopwatch write_watch;
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-odometry", parameters);
  artifact::AddInput(&header, "input", options.input);
  if (!options.scale_from.empty()) artifact::AddInput(&header, "scale_from", options.scale_from);
  if (options.camera_height) header.parameters["camera_height"] = std::to_string(*options.camera_height);

  if (!options.output.empty()) WriteTrajectory(options, streamed, result, camera, header);
  if (!options.points.empty()) WritePoints(options, streamed, camera, result.scale_kind, header);
  if (!options.export_tum.empty()) trajectory::WriteTum(options.export_tum, result.trajectory);
  if (!options.export_kitti.empty()) trajectory::WriteKitti(options.export_kitti, result.trajectory);
  if (!options.export_pac.empty()) trajectory::WritePac(options.export_pac, result.trajectory);
  const double write_seconds = write_watch.Seconds();

  if (summary) {
    Summarize(options, streamed, result, scale_seconds, write_seconds, total.Seconds(), summary);
  }
  return result;
}

}  // namespace dolly::odometry
