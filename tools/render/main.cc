// dolly-render: MotionRepresentation -> ControlSignals (+ PNG/MP4 previews).
#include <CLI/CLI.hpp>
#include <string>

#include "libs/cli/tool.h"
#include "libs/controls/run_render.h"

int main(int argc, char** argv) {
  dolly::controls::RenderToolOptions options;
  std::string object_map = "pac", camera_map = "pac";
  bool no_warp = false, no_depth = false, no_wireframes = false;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-render",
       "Render the control signals of a MotionRepresentation, "
       "frame by frame: the object map "
       "(Perception-as-Control discs or 3D spheres), the "
       "camera map (world-envelope "
       "checkerboard), the trajectory map (drag paths), the "
       "objects' box wireframes, and, when "
       "the representation carries a reference image, the warp "
       "preview with its coverage and "
       "z-depth. Writes a ControlSignals artifact; with "
       "--previews, a PNG folder and an MP4 per "
       "signal."},
      [&](CLI::App& app) {
        app.add_option("-i,--input", options.input, "MotionRepresentation ('-' = stdin)");
        app.add_option("-o,--output", options.output, "ControlSignals to write ('-' = stdout)");
        app.add_option("--previews", options.previews_dir,
                       "Write PNG frames + MP4 per signal into this new directory");
        app.add_option("--object-map", object_map, "pac (discs) or spheres (3D, z-buffered)")
            ->capture_default_str()
            ->check(CLI::IsMember({"pac", "spheres"}));
        app.add_option("--camera-map", camera_map,
                       "pac (PAC's fixed camera) or intrinsics (each frame's camera)")
            ->capture_default_str()
            ->check(CLI::IsMember({"pac", "intrinsics"}));
        app.add_option("--width", options.render.width,
                       "Output width (0 = the reference camera's; one of "
                       "width/height alone "
                       "keeps its aspect ratio)")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        app.add_option("--height", options.render.height, "Output height (0 = see --width)")
            ->capture_default_str()
            ->check(CLI::NonNegativeNumber);
        app.add_flag("--no-warp", no_warp, "Skip the warp preview and its coverage");
        app.add_flag("--no-depth", no_depth, "Skip the warped depth");
        app.add_flag("--no-wireframes", no_wireframes, "Skip the box wireframes");
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        options.render.object_map = dolly::controls::ParseObjectMapMode(object_map);
        options.render.camera_map = dolly::controls::ParseCameraMapMode(camera_map);
        options.render.warp_preview = !no_warp;
        options.render.depth = !no_depth;
        options.render.wireframes = !no_wireframes;
        dolly::controls::RunRenderImpl(options, summary);
      });
}
