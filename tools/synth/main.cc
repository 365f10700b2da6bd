// dolly-synth: renders a procedural scene with ground truth for every stage.
#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/synth/presets.h"
#include "libs/synth/synth.h"

int main(int argc, char** argv) {
  dolly::synth::SynthOptions options;
  int frames = 0, width = 0, height = 0, tracks = 0, views = 0;
  double fps = 0.0;
  bool no_mp4 = false, no_png = false;
  std::string presets;
  for (const std::string& name : dolly::synth::PresetNames()) {
    presets += (presets.empty() ? "" : ", ") + name;
  }
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-synth",
       "Render a procedural scene (a recipe: preset name or JSON file) into a video with "
       "ground-truth depth, camera poses, point tracks, instance masks, 3D boxes and the "
       "animated mesh."},
      [&](CLI::App& app) {
        app.add_option("--scene", options.scene,
                       "Preset name (" + presets + ") or recipe .json file")
            ->capture_default_str();
        app.add_option("-o,--output", options.output, "Output directory to create")->required();
        app.add_option("--frames", frames, "Number of frames (overrides the recipe)");
        app.add_option("--width", width, "Image width in pixels (overrides the recipe)");
        app.add_option("--height", height, "Image height in pixels (overrides the recipe)");
        app.add_option("--fps", fps, "Frames per second (overrides the recipe)");
        app.add_option("--tracks", tracks, "Number of point tracks (overrides the recipe)");
        app.add_option("--views", views,
                       "Multi-view rig with N cameras (default 4 in a rig recipe)");
        app.add_option("--supersample", options.supersample,
                       "RGB samples per pixel side, box-filtered (1 = aliased point sampling)")
            ->check(CLI::Range(1, 8))
            ->capture_default_str();
        app.add_flag("--no-mp4", no_mp4, "Do not write video.mp4");
        app.add_flag("--no-png", no_png, "Do not write frames/*.png and masks/*.png");
        app.add_flag("--overwrite", options.overwrite, "Replace an existing output directory");
        app.final_callback([&] {
          if (app.count("--frames")) options.frames = frames;
          if (app.count("--width")) options.width = width;
          if (app.count("--height")) options.height = height;
          if (app.count("--fps")) options.fps = fps;
          if (app.count("--tracks")) options.tracks = tracks;
          if (app.count("--views")) options.views = views;
        });
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        options.seed = common.seed.value_or(0);
        options.write_mp4 = !no_mp4;
        options.write_png = !no_png;
        const dolly::synth::SynthResult result = dolly::synth::RunSynthImpl(options);
        summary->Set("output", result.output_dir);
        summary->Set("frames", result.frames);
        summary->Set("views", result.views);
        summary->Set("tracks", result.tracks);
        if (common.json) {
          for (const std::string& file : result.files) {
            summary->AddOutput(file.substr(result.output_dir.size() + 1), file);
          }
        }
      });
}
