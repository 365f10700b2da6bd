#include "libs/synth/synth.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/render/rasterizer.h"
#include "libs/synth/camera_path.h"
#include "libs/synth/mesh_output.h"
#include "libs/synth/recipe_source.h"
#include "libs/synth/scene.h"
#include "libs/fileio/staging_dir.h"
#include "libs/synth/track_recorder.h"
#include "libs/synth/tracks.h"
#include "libs/synth/view_outputs.h"

namespace dolly::synth {

namespace {

// The camera's image rendered k times finer and averaged over each pixel's
// k x k samples. The fine camera keeps pixel centres aligned: fine pixel
// (i, j) covers [i - 0.5, i + 0.5] / k - 0.5 + 0.5 / k of the coarse grid.
cv::Mat SupersampledRgb(const std::vector<render::RenderMesh>& meshes,
                        const std::vector<cv::Mat>& textures, const geometry::PinholeCamera& camera,
                        const Eigen::Isometry3d& camera_from_world,
                        const render::RenderOptions& options, int k) {
  geometry::PinholeCamera fine = camera;
  fine.fx = camera.fx * k;
  fine.fy = camera.fy * k;
  fine.cx = (camera.cx + 0.5) * k - 0.5;
  fine.cy = (camera.cy + 0.5) * k - 0.5;
  fine.width = camera.width * k;
  fine.height = camera.height * k;
  const render::RenderOutput fine_render =
      render::Render(meshes, textures, fine, camera_from_world, options);
  cv::Mat rgb;
  cv::resize(fine_render.rgb, rgb, cv::Size(camera.width, camera.height), 0, 0, cv::INTER_AREA);
  return rgb;
}

// Tracks are sampled in up to this many evenly spaced frames, so that objects
// that enter late still get tracks while only a few extra renders are needed.
constexpr int kMaxSampleFrames = 4;

std::vector<int> SampleFrames(int frames) {
  const int slots = std::min(frames, kMaxSampleFrames);
  std::vector<int> out;
  for (int j = 0; j < slots; ++j) out.push_back(j * frames / slots);
  return out;
}

std::string ViewDirName(int view) {
  char name[32];
  std::snprintf(name, sizeof(name), "view_%02d", view);
  return name;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw IoError(path + ": cannot write");
}

// Where the cameras are, in the world frame of the outputs.
class Cameras {
 public:
  Cameras(const Recipe& recipe, uint64_t seed, const std::string& source) : recipe_(recipe) {
    if (!recipe.rig.enabled) {
      path_.emplace(recipe, seed, source);
      world_from_scene_ = path_->SceneFromCamera(0).inverse();
    }
  }
  int views() const { return recipe_.rig.enabled ? recipe_.rig.views : 1; }
  const Eigen::Isometry3d& world_from_scene() const { return world_from_scene_; }
  Eigen::Isometry3d WorldFromCamera(int view, int frame) const {
    if (recipe_.rig.enabled) return RigSceneFromCamera(recipe_.rig, view);
    // World = camera of frame 0: exactly the identity there.
    if (frame == 0) return Eigen::Isometry3d::Identity();
    return world_from_scene_ * path_->SceneFromCamera(frame);
  }
  // At a fractional time (motion blur samples).
  Eigen::Isometry3d WorldFromCameraAt(int view, double time) const {
    if (recipe_.rig.enabled) return RigSceneFromCamera(recipe_.rig, view);
    return world_from_scene_ * path_->SceneFromCamera(time);
  }
  geometry::PinholeCamera Intrinsics() const {
    const double fov = recipe_.rig.enabled ? recipe_.rig.fov_y_deg : recipe_.camera.fov_y_deg;
    return geometry::CameraFromVerticalFov(fov, recipe_.width, recipe_.height);
  }
  std::string WorldFrame() const {
    return recipe_.rig.enabled
               ? "scene frame of the rig: z up, ground plane z = 0, metres"
               : "camera of frame 0";
  }

 private:
  const Recipe& recipe_;
  std::optional<CameraPath> path_;
  Eigen::Isometry3d world_from_scene_ = Eigen::Isometry3d::Identity();
};

std::map<std::string, std::string> HeaderParameters(const Recipe& r, int views) {
  return {{"recipe", r.name},
          {"frames", std::to_string(r.frames)},
          {"width", std::to_string(r.width)},
          {"height", std::to_string(r.height)},
          {"fps", std::to_string(r.fps)},
          {"tracks", std::to_string(r.tracks)},
          {"views", std::to_string(views)}};
}

}  // namespace

SynthResult RunSynthImpl(const SynthOptions& options) {
  const LoadedRecipe loaded = LoadRecipe(options.scene);
  Recipe recipe = loaded.recipe;
  ApplyOverrides(options, &recipe);
  if (recipe.degrade.unknown_focal.enabled) {
    // recipe.json then records the drawn value; the same seed draws it again.
    const double fov = DrawFovDegrees(recipe.degrade.unknown_focal, options.seed);
    recipe.camera.fov_y_deg = fov;
    recipe.rig.fov_y_deg = fov;
  }
  if (recipe.tracks > 0 && !recipe.ground.enabled && !recipe.backdrop.enabled &&
      recipe.objects.empty()) {
    throw InvalidInputError(loaded.source +
                            ": key 'objects': the scene has no surface to put tracks on");
  }
  const Scene scene = BuildScene(recipe, options.seed);
  const Cameras cameras(recipe, options.seed, loaded.source);
  const int views = cameras.views();
  const geometry::PinholeCamera camera = cameras.Intrinsics();
  render::RenderOptions render_options;
  render_options.near = recipe.camera.near;
  render_options.background = recipe.background.cast<float>();
  render_options.light_direction_world =
      cameras.world_from_scene().linear() * recipe.light_direction;
  render_options.ambient = recipe.ambient;

  fileio::StagingDir staging(options.output, options.overwrite ? fileio::ExistingTarget::kReplace
                                                                : fileio::ExistingTarget::kRefuse);

  RunInfo run;
  run.header = artifact::MakeHeader("dolly-synth", HeaderParameters(recipe, views),
                                    static_cast<int64_t>(options.seed));
  if (!loaded.path.empty()) artifact::AddInput(&run.header, "recipe", loaded.path);
  // Dropped frames: output frame o shows source frame kept[o].
  const std::vector<int> kept = KeptFrames(recipe.degrade.drop_frames, recipe.frames);
  if (kept.empty()) {
    throw InvalidInputError(loaded.source + ": key 'drop_frames': no frame is left");
  }
  if (static_cast<int>(kept.size()) < recipe.frames) {
    std::string list;
    for (int f : kept) list += (list.empty() ? "" : ",") + std::to_string(f);
    run.header.parameters["source_frames"] = list;
  }
  const int out_frames = static_cast<int>(kept.size());
  // Shot cuts, as output frame indices (the first written frame of each new shot).
  if (!recipe.rig.enabled && !recipe.camera.cuts.empty()) {
    std::string list;
    int64_t last = 0;
    for (const CutSpec& cut : recipe.camera.cuts) {
      const auto it = std::lower_bound(kept.begin(), kept.end(), cut.frame);
      // Past the end (a shorter --frames), or merged with the previous cut by a dropped gap.
      if (it == kept.end() || it - kept.begin() == last) continue;
      last = it - kept.begin();
      list += (list.empty() ? "" : ",") + std::to_string(last);
    }
    run.header.parameters["cut_frames"] = list;
  }
  run.camera = camera;
  run.frames = out_frames;
  run.fps = recipe.fps;
  run.views = views;
  run.world_frame = cameras.WorldFrame();
  run.recipe_json = RecipeToJson(recipe).dump(2);
  run.seed = static_cast<int64_t>(options.seed);
  run.write_mp4 = options.write_mp4;
  run.write_png = options.write_png;
  run.h264_crf = recipe.degrade.h264.enabled ? recipe.degrade.h264.crf : -1;

  // `frame` is a source frame (the camera's time).
  auto view_frame = [&](const FrameState& state, const render::RenderOutput& render, int view,
                        int frame) {
    ViewFrame v;
    v.state = &state;
    v.camera = camera;
    v.camera_from_world = cameras.WorldFromCamera(view, frame).inverse();
    v.near = render_options.near;
    v.render = &render;
    return v;
  };

  // Tracks are sampled on renders of a few frames before the main pass.
  FrameState sample_state;
  render::RenderOutput sample_render;
  const std::vector<TrackAnchor> anchors = SampleTracks(
      scene, recipe.tracks, SampleFrames(out_frames), views,
      [&](int view, int out) {
        const int frame = kept[out];
        sample_state = EvaluateFrame(scene, frame, cameras.world_from_scene());
        sample_render = render::Render(RenderMeshes(scene, sample_state), scene.textures, camera,
                                       cameras.WorldFromCamera(view, frame).inverse(),
                                       render_options);
        return view_frame(sample_state, sample_render, view, frame);
      },
      options.seed);

  std::vector<std::string> view_dirs;
  std::vector<std::unique_ptr<ViewOutputs>> outputs;
  std::vector<RunInfo> view_runs;
  std::vector<TrackRecorder> recorders;
  for (int view = 0; view < views; ++view) {
    const std::string relative = recipe.rig.enabled ? ViewDirName(view) : "";
    const std::string dir = relative.empty() ? staging.path() : staging.path() + "/" + relative;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(dir + ": cannot create (" + ec.message() + ")");
    view_dirs.push_back(relative);
    RunInfo view_run = run;
    if (recipe.rig.enabled) view_run.header.parameters["view"] = std::to_string(view);
    view_runs.push_back(view_run);
    outputs.push_back(std::make_unique<ViewOutputs>(dir, view_run, scene));
    recorders.emplace_back(scene, anchors, view);
  }

  FrameState state = EvaluateFrame(scene, kept[0], cameras.world_from_scene());
  // Rig mode: the frame-0 mesh as a static asset (dolly-recon4d's --asset).
  if (recipe.rig.enabled) WriteText(staging.path() + "/asset.obj", AssetObjText(scene, state));
  artifact::ArtifactWriter<schema::AnimatedMeshInfo> mesh_writer(
      staging.path() + "/mesh.dolly", run.header,
      MakeAnimatedMeshInfo(scene, state, out_frames, recipe.fps));
  const std::vector<double> gains =
      ExposureGains(recipe.degrade.exposure, recipe.frames, options.seed);
  cli::Progress progress("dolly-synth: rendering", static_cast<int64_t>(out_frames) * views);
  for (int out = 0; out < out_frames; ++out) {
    const int frame = kept[out];  // the source frame: the scene's and camera's time
    if (out > 0) state = EvaluateFrame(scene, frame, cameras.world_from_scene());
    mesh_writer.WriteFrame(MakeAnimatedMeshFrame(out, state));
    const std::vector<render::RenderMesh> meshes = RenderMeshes(scene, state);
    for (int view = 0; view < views; ++view) {
      const Eigen::Isometry3d world_from_camera = cameras.WorldFromCamera(view, frame);
      render::RenderOutput render = render::Render(
          meshes, scene.textures, camera, world_from_camera.inverse(), render_options);
      const std::vector<double> shutter =
          ShutterTimes(recipe.degrade.motion_blur, frame, recipe.frames);
      if (!shutter.empty()) {
        // Motion blur: the mean of the sub-frame renders over the open shutter.
        cv::Mat sum = cv::Mat::zeros(camera.height, camera.width, CV_32FC3);
        for (double time : shutter) {
          const FrameState sub = EvaluateFrame(scene, time, cameras.world_from_scene());
          const std::vector<render::RenderMesh> sub_meshes = RenderMeshes(scene, sub);
          const Eigen::Isometry3d camera_from_world =
              cameras.WorldFromCameraAt(view, time).inverse();
          const cv::Mat rgb =
              options.supersample > 1
                  ? SupersampledRgb(sub_meshes, scene.textures, camera, camera_from_world,
                                    render_options, options.supersample)
                  : render::Render(sub_meshes, scene.textures, camera, camera_from_world,
                                   render_options)
                        .rgb;
          cv::Mat rgb_float;
          rgb.convertTo(rgb_float, CV_32FC3);
          sum += rgb_float;
        }
        sum.convertTo(render.rgb, CV_8UC3, 1.0 / shutter.size());
      } else if (options.supersample > 1) {
        render.rgb = SupersampledRgb(meshes, scene.textures, camera, world_from_camera.inverse(),
                                     render_options, options.supersample);
      }
      // Only the pixels are degraded: every ground truth stays exact.
      DegradeFrame(recipe.degrade, gains[frame], options.seed, view, frame, &render.rgb);
      outputs[view]->WriteFrame(out, world_from_camera, render, state.boxes);
      recorders[view].Record(out, view_frame(state, render, view, frame));
      progress.Advance();
    }
  }
  progress.Done();

  SynthResult result;
  result.output_dir = staging.target();
  result.frames = out_frames;
  result.views = views;
  result.tracks = static_cast<int>(anchors.size());
  mesh_writer.Finish();
  for (int view = 0; view < views; ++view) {
    const std::string dir = view_dirs[view].empty() ? "" : view_dirs[view] + "/";
    outputs[view]->Finish();
    recorders[view].Write(staging.path() + "/" + dir + "tracks.dolly", view_runs[view]);
    for (const std::string& file : outputs[view]->files()) {
      result.files.push_back(result.output_dir + "/" + dir + file);
    }
    result.files.push_back(result.output_dir + "/" + dir + "tracks.dolly");
  }
  WriteText(staging.path() + "/recipe.json", run.recipe_json + "\n");
  result.files.push_back(result.output_dir + "/mesh.dolly");
  result.files.push_back(result.output_dir + "/recipe.json");
  if (recipe.rig.enabled) result.files.push_back(result.output_dir + "/asset.obj");
  staging.Commit();
  return result;
}

}  // namespace dolly::synth
