#include "libs/controls/run_render.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <vector>

#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/controls/control_artifact.h"
#include "libs/core/error.h"
#include "libs/inspect/export.h"
#include "libs/motion/representation/motion_artifact.h"

namespace dolly::controls {
namespace {

namespace fs = std::filesystem;

void CheckPreviewsDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)) {
    throw IoError("--previews " + dir + ": exists and is not an empty directory");
  }
}

}  // namespace

void RunRenderImpl(const RenderToolOptions& options, cli::Summary* summary) {
  if (options.input.empty()) throw UsageError("-i/--input is required");
  if (options.output.empty()) throw UsageError("-o/--output is required");
  if (!options.previews_dir.empty()) {
    if (options.output == "-") {
      throw UsageError("--previews needs -o FILE (the previews are exported from it)");
    }
    CheckPreviewsDir(options.previews_dir);
  }
  cli::Stopwatch total;
  const motion::MotionScene scene = motion::ReadMotionScene(options.input);
  const cv::Size size = OutputSize(scene, options.render);

  const RenderOptions& r = options.render;
  const std::map<std::string, std::string> params = {
      {"object_map", ObjectMapModeName(r.object_map)},
      {"camera_map", CameraMapModeName(r.camera_map)},
      {"trajectory_map", TrajectoryMapModeName(r.trajectory_map)},
      {"width", std::to_string(size.width)},
      {"height", std::to_string(size.height)},
      {"warp_preview", r.warp_preview ? "true" : "false"},
      {"depth", r.depth ? "true" : "false"},
      {"wireframes", r.wireframes ? "true" : "false"},
  };
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-render", params);
  artifact::AddInput(&header, "motion", options.input);

  cli::Stopwatch render_time;
  {
    ControlSignalsWriter writer(options.output, header,
                                MakeControlSignalsInfo(size.width, size.height, scene.frame_count(),
                                                       scene.fps, r.object_map, r.camera_map,
                                                       r.trajectory_map));
    cli::Progress progress("rendering control frames", scene.frame_count());
    for (int t = 0; t < scene.frame_count(); ++t) {
      writer.Write(RenderControlFrame(scene, t, r));
      progress.Advance();
    }
    progress.Done();
    writer.Finish();
  }
  summary->AddTiming("render", render_time.Seconds());
  summary->AddOutput("controls", options.output);
  summary->Set("frames", scene.frame_count());
  summary->Set("width", size.width);
  summary->Set("height", size.height);
  summary->Set("object_map_mode", ObjectMapModeName(r.object_map));
  summary->Set("camera_map_mode", CameraMapModeName(r.camera_map));
  summary->Set("trajectory_map_mode", TrajectoryMapModeName(r.trajectory_map));
  summary->Set("has_reference_image", !scene.reference_rgb.empty());

  if (!options.previews_dir.empty()) {
    cli::Stopwatch preview_time;
    try {
      inspect::ExportOptions export_options;
      export_options.dir = options.previews_dir;
      inspect::ExportArtifact(options.output, export_options);
    } catch (...) {
      std::remove(options.output.c_str());  // no output from a failed run
      throw;
    }
    nlohmann::json previews = nlohmann::json::object();
    std::vector<fs::path> videos;
    for (const fs::directory_entry& entry : fs::directory_iterator(options.previews_dir)) {
      if (entry.path().extension() == ".mp4") videos.push_back(entry.path());
    }
    std::sort(videos.begin(), videos.end());
    for (const fs::path& video : videos) previews[video.stem().string()] = video.string();
    summary->Set("previews", previews);
    summary->AddTiming("previews", preview_time.Seconds());
  }
  summary->AddTiming("total", total.Seconds());
}

}  // namespace dolly::controls
