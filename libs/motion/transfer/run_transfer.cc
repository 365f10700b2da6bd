#include "libs/motion/transfer/run_transfer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"
#include "libs/geometry/depth_sample.h"
#include "libs/geometry/schema_convert.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"
#include "libs/track/artifact_convert.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/camera_types.h"
#include "schemas/depth_types.h"
#include "schemas/tracks_types.h"

namespace dolly::motion {
namespace {

std::string Size(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

struct DepthData {
  std::vector<cv::Mat> maps;
  std::vector<geometry::PinholeCamera> cameras;  // one per frame
  double fps = 0.0;
};

// Reads a METRIC DepthSequence (all frames, or only the first).
DepthData ReadDepth(const std::string& path, bool first_only) {
  const auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(path);
  if (!depth.info.__isset.kind || depth.info.kind != schema::DepthKind::METRIC) {
    throw InvalidInputError(path + ": motion transfer needs METRIC depth (got " +
                            (depth.info.__isset.kind ? std::to_string(depth.info.kind)
                                                     : std::string("no kind")) +
                            "); convert relative depth to metric first");
  }
  if (!depth.info.__isset.intrinsics) {
    throw InvalidInputError(path + ": no intrinsics in the DepthSequence info");
  }
  if (depth.frames.empty()) throw InvalidInputError(path + ": no frames");
  DepthData out;
  if (depth.info.__isset.fps) out.fps = depth.info.fps;
  const geometry::PinholeCamera base = geometry::FromIntrinsics(depth.info.intrinsics,
                                                                path + ": intrinsics");
  for (size_t i = 0; i < depth.frames.size(); ++i) {
    const std::string where = path + ": frame " + std::to_string(i);
    const schema::DepthFrame& frame = depth.frames[i];
    if (!frame.__isset.depth) throw InvalidInputError(where + ": no depth");
    cv::Mat m = MatFromTensor(frame.depth);
    if (m.type() != CV_32FC1) throw InvalidInputError(where + ": depth is not FLOAT32 [H, W]");
    const geometry::PinholeCamera cam =
        frame.__isset.intrinsics ? geometry::FromIntrinsics(frame.intrinsics, where + ": intrinsics")
                                 : base;
    if (m.cols != cam.width || m.rows != cam.height) {
      throw InvalidInputError(where + ": depth is " + Size(m.cols, m.rows) +
                              " but the intrinsics say " + Size(cam.width, cam.height));
    }
    out.maps.push_back(m.clone());
    out.cameras.push_back(cam);
    if (first_only) break;
  }
  return out;
}

void ReadTracks(const std::string& path, DrivingInputs* in, double* fps) {
  const auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(path);
  const int64_t n = tracks.info.__isset.track_count ? tracks.info.track_count : 0;
  if (n <= 0) throw InvalidInputError(path + ": no tracks");
  if (tracks.info.__isset.fps) *fps = tracks.info.fps;
  if (!tracks.info.__isset.labels) {
    throw InvalidInputError(path + ": no STATIC/DYNAMIC labels; label the tracks with "
                            "dolly-odometry --labelled-tracks");
  }
  CheckTensor(tracks.info.labels, path + ": labels", schema::DType::UINT8, {n});
  const uint8_t* labels = TensorData<uint8_t>(tracks.info.labels);
  in->labels.assign(labels, labels + n);
  if (tracks.info.__isset.instance_ids) {
    CheckTensor(tracks.info.instance_ids, path + ": instance_ids", schema::DType::INT32, {n});
    const int32_t* ids = TensorData<int32_t>(tracks.info.instance_ids);
    in->instance_ids.assign(ids, ids + n);
  }
  track::TrackFramePositions read = track::ReadTrackFramePositions(tracks, path);
  in->positions = std::move(read.positions);
  in->visible = std::move(read.visible);
}

// The upper middle value for an even count (unlike geometry::MedianValidDepth,
// which averages the two middle values); 1 when there is no valid depth.
double MedianDepth(const cv::Mat& depth) {
  std::vector<float> values = geometry::ValidDepths(depth);
  if (values.empty()) return 1.0;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// The camera part of an intentions file as a CameraMotion of `frames` frames.
CameraMotion CameraFromIntentions(const std::string& path, int frames, int width, int height,
                                  double pivot_distance) {
  const Intentions intentions = ReadIntentions(path, width, height);
  if (!intentions.objects.empty()) {
    throw InvalidInputError(path + ": objects: a driving video moves the objects; only the camera "
                            "part of an intentions file can be used with it");
  }
  if (intentions.frames != frames) {
    throw InvalidInputError(path + ": frames is " + std::to_string(intentions.frames) +
                            " but the driving video has " + std::to_string(frames));
  }
  CameraMotion motion;
  if (intentions.reference_from_camera) {
    motion.reference_from_camera = *intentions.reference_from_camera;
    if (static_cast<int>(motion.reference_from_camera.size()) != frames) {
      throw InvalidInputError(path + ": camera poses: " +
                              std::to_string(motion.reference_from_camera.size()) +
                              " poses for " + std::to_string(frames) + " frames");
    }
    for (int t = 0; t < frames; ++t) {
      const double progress = frames > 1 ? static_cast<double>(t) / (frames - 1) : 0.0;
      motion.focal_scale.push_back(std::pow(intentions.zoom, progress));
    }
  } else {
    std::vector<CameraSegment> plan = intentions.camera_segments;
    if (intentions.zoom != 1.0) {
      CameraSegment zoom;
      zoom.preset = CameraPreset::kZoom;
      zoom.magnitude = intentions.zoom;
      zoom.start_frame = 0;
      zoom.end_frame = frames;
      plan.push_back(zoom);
    }
    CameraRig rig;
    rig.pivot_distance = pivot_distance;
    rig.scene_scale = pivot_distance;
    motion = ComputeCameraMotion(plan, frames, rig);
  }
  return motion;
}

}  // namespace

DrivingInputs ReadDrivingInputs(const TransferToolOptions& options) {
  if (options.tracks.empty()) throw UsageError("--tracks is required (the labelled TrackSet)");
  if (options.depth.empty()) throw UsageError("--depth is required (the driving DepthSequence)");
  if (options.camera.empty()) throw UsageError("--camera is required (the CameraTrajectory)");
  if (options.reference_image.empty() != options.reference_depth.empty()) {
    throw UsageError("--reference-image and --reference-depth go together");
  }
  DrivingInputs in;
  in.tracks_name = options.tracks;
  in.depth_name = options.depth;
  in.camera_name = options.camera;
  in.video_name = options.video;
  in.reference_name = options.reference_image;

  DepthData depth = ReadDepth(options.depth, /*first_only=*/false);
  const size_t frames = depth.maps.size();
  in.depth = std::move(depth.maps);
  in.cameras = std::move(depth.cameras);

  double track_fps = 0.0;
  ReadTracks(options.tracks, &in, &track_fps);
  if (in.positions.size() != frames) {
    throw InvalidInputError(options.tracks + ": has " + std::to_string(in.positions.size()) +
                            " frames but " + options.depth + " has " + std::to_string(frames));
  }

  const auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(options.camera);
  // The driving path lifts every frame's tracks into one world: shots with
  // their own world frames cannot be joined.
  trajectory::RequireSingleSegment(camera, options.camera, "dolly-motion's driving-video mode");
  try {
    in.world_from_camera = trajectory::FromCameraTrajectory(camera).world_from_camera;
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(options.camera + ": " + e.what());
  }
  for (const schema::CameraFrame& f : camera.frames) in.lost.push_back(f.__isset.lost && f.lost);
  if (in.world_from_camera.size() != frames) {
    throw InvalidInputError(options.camera + ": has " + std::to_string(in.world_from_camera.size()) +
                            " frames but " + options.depth + " has " + std::to_string(frames));
  }
  if (camera.info.__isset.intrinsics) {
    const geometry::PinholeCamera c =
        geometry::FromIntrinsics(camera.info.intrinsics, options.camera + ": intrinsics");
    if (c.width != in.cameras[0].width || c.height != in.cameras[0].height) {
      throw InvalidInputError(options.camera + ": intrinsics are for " + Size(c.width, c.height) +
                              " images but " + options.depth + " is " +
                              Size(in.cameras[0].width, in.cameras[0].height));
    }
  }

  double video_fps = 0.0;
  if (!options.video.empty()) {
    frames::Frames video = frames::ReadAllFrames(options.video, /*gray=*/false);
    if (video.images.size() != frames) {
      throw InvalidInputError(options.video + ": has " + std::to_string(video.images.size()) +
                              " frames but " + options.depth + " has " + std::to_string(frames));
    }
    if (video.images[0].cols != in.cameras[0].width ||
        video.images[0].rows != in.cameras[0].height) {
      throw InvalidInputError(options.video + ": frames are " +
                              Size(video.images[0].cols, video.images[0].rows) + " but " +
                              options.depth + " is " +
                              Size(in.cameras[0].width, in.cameras[0].height));
    }
    in.video = std::move(video.images);
    video_fps = video.fps;
  }
  in.fps = track_fps > 0 ? track_fps : video_fps > 0 ? video_fps : depth.fps > 0 ? depth.fps : 8.0;

  if (!options.reference_image.empty()) {
    frames::Frames image = frames::ReadAllFrames(options.reference_image, /*gray=*/false);
    if (image.images.empty()) throw InvalidInputError(options.reference_image + ": no image");
    DepthData ref_depth = ReadDepth(options.reference_depth, /*first_only=*/true);
    RetargetReference ref;
    ref.rgb = image.images[0];
    ref.depth = ref_depth.maps[0];
    ref.camera = ref_depth.cameras[0];
    if (ref.rgb.cols != ref.camera.width || ref.rgb.rows != ref.camera.height) {
      throw InvalidInputError(options.reference_depth + ": depth is " +
                              Size(ref.camera.width, ref.camera.height) + " but " +
                              options.reference_image + " is " + Size(ref.rgb.cols, ref.rgb.rows));
    }
    in.reference = std::move(ref);
  }

  if (!options.intentions.empty()) {
    const cv::Mat& out_depth = in.reference ? in.reference->depth : in.depth[0];
    in.new_camera = CameraFromIntentions(options.intentions, static_cast<int>(frames),
                                         out_depth.cols, out_depth.rows, MedianDepth(out_depth));
  }
  return in;
}

void RunTransferImpl(const TransferToolOptions& options, cli::Summary* summary) {
  if (options.output.empty()) throw UsageError("-o/--output is required");
  cli::Stopwatch total;

  cli::Stopwatch read_watch;
  const DrivingInputs in = ReadDrivingInputs(options);
  const double read_seconds = read_watch.Seconds();

  // ---- build
  cli::Stopwatch build_watch;
  TransferReport report;
  const MotionScene scene = BuildFromDrivingVideo(in, options.transfer, &report);
  const double build_seconds = build_watch.Seconds();

  // ---- write
  cli::Stopwatch write_watch;
  char scale[32];
  std::snprintf(scale, sizeof(scale), "%.9g", report.retarget_scale);
  const std::map<std::string, std::string> parameters = {
      {"source", "driving_video"},
      {"camera_path", options.intentions.empty() ? "driving" : "intentions"},
      {"retarget", options.reference_image.empty() ? "false" : "true"},
      {"retarget_scale", scale},
      {"objects_from", report.objects_from_instance_ids ? "instance_ids" : "clustering"},
  };
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-motion", parameters);
  artifact::AddInput(&header, "tracks", options.tracks);
  artifact::AddInput(&header, "depth", options.depth);
  artifact::AddInput(&header, "camera", options.camera);
  if (!options.video.empty()) artifact::AddInput(&header, "video", options.video);
  if (!options.intentions.empty()) artifact::AddInput(&header, "intentions", options.intentions);
  if (!options.reference_image.empty()) {
    artifact::AddInput(&header, "reference_image", options.reference_image);
    artifact::AddInput(&header, "reference_depth", options.reference_depth);
  }
  artifact::WriteArtifact(options.output, ToMotionArtifact(scene, header));
  const double write_seconds = write_watch.Seconds();

  if (summary) {
    summary->AddOutput("motion", options.output);
    summary->Set("points", scene.point_count());
    summary->Set("static_points", report.static_points);
    summary->Set("dynamic_points", report.dynamic_points);
    summary->Set("objects", static_cast<int64_t>(scene.objects.size()));
    summary->Set("objects_from", report.objects_from_instance_ids ? "instance_ids" : "clustering");
    summary->Set("frames", scene.frame_count());
    summary->Set("retarget_scale", report.retarget_scale);
    summary->AddTiming("read", read_seconds);
    summary->AddTiming("build", build_seconds);
    summary->AddTiming("write", write_seconds);
    summary->AddTiming("total", total.Seconds());
  }
}

}  // namespace dolly::motion
