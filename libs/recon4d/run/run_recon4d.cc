#include "libs/recon4d/run/run_recon4d.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <Eigen/Geometry>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/asset/normalize.h"
#include "libs/asset/read_asset.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/core/version.h"
#include "libs/fileio/atomic_file.h"
#include "libs/fileio/staging_dir.h"
#include "libs/frames/frame_input.h"
#include "libs/geometry/schema_convert.h"
#include "libs/mesh_export/gltf.h"
#include "libs/mesh_export/obj_sequence.h"
#include "libs/mesh_export/pc2.h"
#include "libs/recon4d/run/preview.h"
#include "libs/rig/multiview_rig.h"
#include "libs/trajectory/artifact_convert.h"

namespace dolly::recon4d {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Guards against typos that would allocate absurd amounts of memory or time.
constexpr int kMaxViews = 64;

std::string Join(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

bool IsDir(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

bool Exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

json Matrix4(const Eigen::Matrix4d& m) {
  json rows = json::array();
  for (int r = 0; r < 4; ++r) rows.push_back({m(r, 0), m(r, 1), m(r, 2), m(r, 3)});
  return rows;
}

// NaN / inf are not JSON: null.
json Number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

void CheckFinite(double value, const std::string& flag, bool positive) {
  if (!std::isfinite(value) || (positive ? value <= 0.0 : value < 0.0)) {
    throw UsageError(flag + " must be finite and " + (positive ? "> 0" : ">= 0") + ", got " +
                     std::to_string(value));
  }
}

void CheckOptions(const Recon4dRunOptions& o) {
  if (o.asset.empty()) throw UsageError("--asset (the static .obj/.ply asset) is required");
  if (o.views.empty() == o.views_root.empty()) {
    throw UsageError("give the views as --view DIR (repeated) or --views-root DIR, one of the two");
  }
  if (o.output.empty()) throw UsageError("-o/--output (the directory to create) is required");
  if (o.output == "-") throw UsageError("-o -: dolly-recon4d writes a directory, not stdout");
  if (!std::isfinite(o.fps) || o.fps < 0.0) {
    throw UsageError("--fps must be > 0 (or 0: the videos' own), got " + std::to_string(o.fps));
  }
  const Recon4dOptions& f = o.fit;
  if (f.max_nodes < 1) throw UsageError("--nodes must be at least 1");
  if (f.arap_neighbours < 1) throw UsageError("--arap-k must be at least 1");
  if (f.track_spacing_px < 1) throw UsageError("--track-spacing must be at least 1 pixel");
  if (f.max_iterations < 1) throw UsageError("--iterations must be at least 1");
  if (f.threads < 1) throw UsageError("--threads must be at least 1");
  CheckFinite(f.arap_weight, "--arap-weight", false);
  CheckFinite(f.silhouette_weight, "--silhouette-weight", false);
  CheckFinite(f.temporal_weight, "--temporal-weight", false);
  CheckFinite(f.photometric_weight, "--photometric-weight", false);
  CheckFinite(f.shading_smoothness, "--shading-smoothness", false);
  CheckFinite(f.track_weight, "--track-weight", false);
}

struct LoadedView {
  std::string dir;
  std::string frames_source;
  bool has_masks = false;
  bool has_camera = false;
  double fps = 0.0;
  ViewInput input;
};

std::string FramesSource(const std::string& dir) {
  for (const char* name : {"frames", "video.dolly", "video.mp4"}) {
    const std::string path = Join(dir, name);
    if (std::string(name) == "frames" ? IsDir(path) : Exists(path)) return path;
  }
  throw IoError(dir + ": no frames/ directory, video.dolly or video.mp4 in this view");
}

LoadedView ReadViewFrames(const std::string& dir) {
  if (!IsDir(dir)) throw IoError(dir + ": no such view directory");
  LoadedView view;
  view.dir = dir;
  view.input.name = dir;
  view.frames_source = FramesSource(dir);
  frames::Frames frames = frames::ReadAllFrames(view.frames_source, false);
  if (frames.images.empty()) throw InvalidInputError(view.frames_source + ": no frames");
  view.fps = frames.fps;
  view.input.frames = std::move(frames.images);
  return view;
}

void ReadViewMasks(LoadedView* view) {
  const std::string dir = Join(view->dir, "masks");
  if (!IsDir(dir)) return;
  frames::Frames masks = frames::ReadAllFrames(dir, true);
  if (masks.images.size() != view->input.frames.size()) {
    throw InvalidInputError(dir + ": " + std::to_string(masks.images.size()) + " masks for " +
                            std::to_string(view->input.frames.size()) + " frames");
  }
  view->has_masks = true;
  view->input.masks = std::move(masks.images);
}

// camera.dolly: one world_from_camera (+ intrinsics, per frame or shared) per
// frame of the view.
void ReadViewCameras(LoadedView* view) {
  const std::string path = Join(view->dir, "camera.dolly");
  const auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(path);
  // The rig's views and the asset share one world frame; shots do not.
  trajectory::RequireSingleSegment(camera, path, "dolly-recon4d");
  const size_t frames = view->input.frames.size();
  if (camera.frames.size() != frames) {
    throw InvalidInputError(path + ": " + std::to_string(camera.frames.size()) +
                            " camera frames for " + std::to_string(frames) + " video frames");
  }
  const schema::CameraTrajectoryInfo& info = camera.info;
  for (size_t f = 0; f < frames; ++f) {
    const schema::CameraFrame& frame = camera.frames[f];
    const std::string where = path + ": frame " + std::to_string(f);
    if (!frame.__isset.world_from_camera) {
      throw InvalidInputError(where + ": no world_from_camera");
    }
    const schema::Intrinsics* k = frame.__isset.intrinsics ? &frame.intrinsics
                                  : info.__isset.intrinsics ? &info.intrinsics
                                                            : nullptr;
    if (k == nullptr) throw InvalidInputError(where + ": no intrinsics");
    rig::RigCamera c;
    c.intrinsics = geometry::FromIntrinsics(*k, where + ": intrinsics");
    c.world_from_camera = geometry::FromPose(frame.world_from_camera, where + ": world_from_camera");
    view->input.cameras.push_back(c);
  }
  view->has_camera = true;
  if (view->fps <= 0.0 && info.__isset.fps && std::isfinite(info.fps) && info.fps > 0.0) {
    view->fps = info.fps;
  }
}

std::string AssetStem(const std::string& path) {
  std::string stem = fs::path(path).stem().string();
  return stem.empty() ? std::string("dolly") : stem;
}

void WriteText(const std::string& path, const std::string& text) {
  fileio::WriteFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
}

json FitOptionsJson(const Recon4dOptions& f) {
  return {{"nodes", f.max_nodes},
          {"skin_neighbours", f.skin_neighbours},
          {"arap_k", f.arap_neighbours},
          {"arap_weight", f.arap_weight},
          {"track_weight", f.track_weight},
          {"silhouette_weight", f.silhouette_weight},
          {"temporal_weight", f.temporal_weight},
          {"photometric_weight", f.photometric_weight},
          {"shading_smoothness", f.shading_smoothness},
          {"robust_px", f.robust_px},
          {"track_spacing_px", f.track_spacing_px},
          {"iterations", f.max_iterations},
          {"threads", f.threads},
          {"key_threshold", f.key_threshold}};
}

}  // namespace

NormalizeMode ParseNormalizeMode(const std::string& text) {
  if (text == "auto") return NormalizeMode::kAuto;
  if (text == "on") return NormalizeMode::kOn;
  if (text == "off") return NormalizeMode::kOff;
  throw UsageError("--normalize: expected auto, on or off, got '" + text + "'");
}

std::vector<std::string> ListViewDirs(const std::string& root) {
  if (!IsDir(root)) throw IoError(root + ": no such directory (--views-root)");
  std::vector<std::string> dirs;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("view_", 0) == 0 && IsDir(it->path().string())) {
      dirs.push_back(it->path().string());
    }
  }
  if (ec) throw IoError(root + ": cannot list (" + ec.message() + ")");
  if (dirs.empty()) throw InvalidInputError(root + ": no view_* subdirectories");
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

Recon4dRunResult RunRecon4dImpl(const Recon4dRunOptions& options, cli::Summary* summary) {
  CheckOptions(options);
  cli::Stopwatch total;
  const std::vector<std::string> view_dirs =
      options.views.empty() ? ListViewDirs(options.views_root) : options.views;
  if (static_cast<int>(view_dirs.size()) > kMaxViews) {
    throw UsageError("at most " + std::to_string(kMaxViews) + " views, got " +
                     std::to_string(view_dirs.size()));
  }

  fileio::StagingDir staging(options.output, options.overwrite ? fileio::ExistingTarget::kReplace
                                                               : fileio::ExistingTarget::kRefuse);

  // Inputs.
  cli::Stopwatch read_time;
  const asset::StaticAsset asset = asset::ReadAsset(options.asset);
  std::vector<LoadedView> views;
  for (const std::string& dir : view_dirs) views.push_back(ReadViewFrames(dir));
  for (size_t k = 1; k < views.size(); ++k) {
    if (views[k].input.frames.size() != views[0].input.frames.size()) {
      throw InvalidInputError(views[k].frames_source + ": " +
                              std::to_string(views[k].input.frames.size()) + " frames, but " +
                              views[0].frames_source + " has " +
                              std::to_string(views[0].input.frames.size()) +
                              " (every view must have as many frames)");
    }
  }
  int with_camera = 0;
  for (const LoadedView& view : views) with_camera += Exists(Join(view.dir, "camera.dolly"));
  if (with_camera != 0 && with_camera != static_cast<int>(views.size())) {
    throw UsageError(std::to_string(with_camera) + " of " + std::to_string(views.size()) +
                     " views have a camera.dolly: give every view one, or none (default rig)");
  }
  const bool default_rig = with_camera == 0;
  rig::RigSpec rig_spec;
  rig_spec.views = static_cast<int>(views.size());
  rig_spec.elevation_deg = options.rig_elevation_deg;
  rig_spec.distance = options.rig_distance;
  rig_spec.fov_y_deg = options.rig_fov_y_deg;
  rig_spec.first_azimuth_deg = options.rig_first_azimuth_deg;
  for (size_t k = 0; k < views.size(); ++k) {
    LoadedView& view = views[k];
    ReadViewMasks(&view);
    if (default_rig) {
      rig::RigSpec spec = rig_spec;
      spec.width = view.input.frames[0].cols;
      spec.height = view.input.frames[0].rows;
      view.input.cameras = {rig::MakeRig(spec)[k]};  // UsageError for a bad rig
    } else {
      ReadViewCameras(&view);
    }
  }
  double fps = options.fps;
  for (size_t k = 0; k < views.size() && fps <= 0.0; ++k) fps = views[k].fps;
  if (!(fps > 0.0)) fps = kDefaultRecon4dFps;

  const bool normalize = options.normalize == NormalizeMode::kOn ||
                         (options.normalize == NormalizeMode::kAuto && default_rig);
  asset::StaticAsset fit_asset = asset;
  Eigen::Affine3f normalized_from_asset = Eigen::Affine3f::Identity();
  if (normalize) normalized_from_asset = asset::NormalizeToUnitCube(&fit_asset);
  std::vector<ViewInput> inputs;
  for (LoadedView& view : views) inputs.push_back(std::move(view.input));
  const double read_seconds = read_time.Seconds();

  // The fit.
  const int frame_count = static_cast<int>(inputs[0].frames.size());
  Recon4dOptions fit = options.fit;
  std::unique_ptr<cli::Progress> progress =
      std::make_unique<cli::Progress>("dolly-recon4d: fitting frames", frame_count - 1);
  fit.progress = [&progress](int, int) { progress->Advance(); };
  const Recon4dResult result = Reconstruct4d(fit_asset, inputs, fps, fit);
  progress->Done();
  progress.reset();

  // Back into the asset's frame: rest and frame 0 are the asset exactly.
  cli::Stopwatch write_time;
  mesh_export::AnimatedMesh mesh = result.mesh;
  mesh.rest = asset.positions;
  mesh.fps = fps;
  if (!mesh.frames.empty()) mesh.frames[0] = asset.positions;
  if (normalize) {
    const Eigen::Affine3d asset_from_normalized = normalized_from_asset.cast<double>().inverse();
    for (size_t t = 1; t < mesh.frames.size(); ++t) {
      for (Eigen::Vector3f& p : mesh.frames[t]) {
        p = (asset_from_normalized * p.cast<double>()).cast<float>();
      }
    }
  }

  Recon4dRunResult run;
  run.output_dir = staging.target();
  run.frames = static_cast<int>(mesh.frames.size());
  run.views = static_cast<int>(inputs.size());
  auto written = [&](const std::string& relative) {
    run.files.push_back(Join(run.output_dir, relative));
  };

  const std::string name = AssetStem(options.asset);
  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-recon4d", {{"views", std::to_string(inputs.size())},
                        {"frames", std::to_string(frame_count)},
                        {"normalized", normalize ? "true" : "false"},
                        {"cameras", default_rig ? "default rig" : "camera.dolly"},
                        {"nodes", std::to_string(fit.max_nodes)},
                        {"arap_weight", std::to_string(fit.arap_weight)},
                        {"iterations", std::to_string(fit.max_iterations)}});
  artifact::AddInput(&header, "asset", options.asset);
  artifact::WriteArtifact(staging.File("mesh.dolly"),
                          mesh_export::ToAnimatedMeshArtifact(mesh, header));
  written("mesh.dolly");

  mesh_export::GltfTexture texture;
  mesh_export::GltfOptions gltf;
  gltf.name = name;
  const bool textured = !asset.texture.empty() && asset.uvs.size() == asset.positions.size();
  if (textured) {
    texture.uvs = asset.uvs;
    texture.image = asset.texture;
    gltf.texture = &texture;
  }
  mesh_export::WriteGlb(staging.File("animation.glb"), mesh, gltf);
  written("animation.glb");
  mesh_export::WritePc2(staging.File("animation.pc2"), mesh);
  written("animation.pc2");
  mesh_export::WriteObjSequence(staging.File("obj"), mesh, "frame");
  written("obj");
  const double write_seconds = write_time.Seconds();

  double preview_seconds = 0.0;
  if (options.previews) {
    cli::Stopwatch preview_time;
    // In the fit's frame, where the cameras are.
    WritePreviews(staging.File("previews"), fit_asset, result.mesh, inputs, fps);
    written("previews/compare.mp4");
    written("previews/new_view.mp4");
    written("previews/compare");
    preview_seconds = preview_time.Seconds();
  }

  json frame_stats = json::array();
  for (size_t t = 0; t < result.frames.size(); ++t) {
    const FrameStats& s = result.frames[t];
    frame_stats.push_back({{"frame", t},
                           {"track_rms_px", Number(s.track_rms_px)},
                           {"track_observations", s.track_observations},
                           {"silhouette_iou", Number(s.silhouette_iou)}});
  }
  json view_list = json::array();
  for (size_t k = 0; k < views.size(); ++k) {
    view_list.push_back({{"dir", views[k].dir},
                         {"frames_source", views[k].frames_source},
                         {"frames", inputs[k].frames.size()},
                         {"width", inputs[k].frames[0].cols},
                         {"height", inputs[k].frames[0].rows},
                         {"masks", views[k].has_masks},
                         {"cameras", views[k].has_camera ? "camera.dolly" : "default rig"}});
  }
  json options_json = FitOptionsJson(fit);
  options_json["fps"] = fps;
  options_json["normalize"] = options.normalize == NormalizeMode::kAuto ? "auto"
                              : options.normalize == NormalizeMode::kOn ? "on"
                                                                        : "off";
  if (default_rig) {
    options_json["rig"] = {{"views", rig_spec.views},
                           {"elevation_deg", rig_spec.elevation_deg},
                           {"distance", rig_spec.distance},
                           {"fov_y_deg", rig_spec.fov_y_deg},
                           {"first_azimuth_deg", rig_spec.first_azimuth_deg}};
  }
  const Recon4dTimings& tm = result.timings;
  const json report = {
      {"tool", "dolly-recon4d"},
      {"version", kVersion},
      {"asset",
       {{"path", options.asset},
        {"vertices", asset.positions.size()},
        {"faces", asset.faces.size()},
        {"textured", textured},
        {"colored", !asset.colors.empty()}}},
      {"views", view_list},
      {"frames", frame_count},
      {"fps", fps},
      {"normalized", normalize},
      {"normalization",
       {{"normalized_from_asset", Matrix4(normalized_from_asset.matrix().cast<double>())},
        {"note",
         "the fit runs in the normalised frame (where the cameras are); every output is in the "
         "asset's own frame"}}},
      {"nodes", result.nodes},
      {"tracks", result.tracks},
      {"frame_stats", frame_stats},
      {"timings",
       {{"read", read_seconds},
        {"anchors", tm.anchors},
        {"tracking", tm.tracking},
        {"graph", tm.graph},
        {"solve", tm.solve},
        {"solve_evaluate", tm.solve_evaluate},
        {"solve_linear", tm.solve_linear},
        {"solver_iterations", tm.solver_iterations},
        {"fit", tm.total},
        {"write", write_seconds},
        {"previews", preview_seconds}}},
      {"options", options_json},
  };
  WriteText(staging.File("report.json"), report.dump(2) + "\n");
  written("report.json");
  staging.Commit();

  if (summary != nullptr) {
    summary->Set("output", run.output_dir);
    summary->Set("views", run.views);
    summary->Set("frames", run.frames);
    summary->Set("fps", fps);
    summary->Set("normalized", normalize);
    summary->Set("nodes", result.nodes);
    summary->Set("tracks", result.tracks);
    summary->AddOutput("mesh", Join(run.output_dir, "mesh.dolly"));
    summary->AddOutput("glb", Join(run.output_dir, "animation.glb"));
    summary->AddOutput("pc2", Join(run.output_dir, "animation.pc2"));
    summary->AddOutput("report", Join(run.output_dir, "report.json"));
    if (options.previews) {
      summary->AddOutput("compare_mp4", Join(run.output_dir, "previews/compare.mp4"));
      summary->AddOutput("new_view_mp4", Join(run.output_dir, "previews/new_view.mp4"));
    }
    summary->AddTiming("read", read_seconds);
    summary->AddTiming("fit", tm.total);
    summary->AddTiming("write", write_seconds);
    summary->AddTiming("previews", preview_seconds);
    summary->AddTiming("total", total.Seconds());
  }
  return run;
}

}  // namespace dolly::recon4d
