// dolly-render: MotionRepresentation -> ControlSignals (+ PNG/MP4 previews),
// or, with --asset, a static asset -> the multi-view rig's conditioning views.
#include <CLI/CLI.hpp>
#include <iterator>
#include <string>

#include "libs/cli/tool.h"
#include "libs/controls/bundle_render_options.h"
#include "libs/controls/run_render.h"
#include "libs/core/error.h"
#include "libs/diffusion/bundle.h"
#include "libs/rig/run_asset_views.h"

namespace {

// Flags that belong to one mode only: using one in the other mode is a usage
// error naming it.
const char* const kMotionOnly[] = {"--previews",      "--object-map", "--camera-map",
                                   "--trajectory-map", "--no-warp",    "--no-depth",
                                   "--no-wireframes", "--bundle"};
const char* const kAssetOnly[] = {"--views",      "--elevation",    "--distance",
                                  "--fov-y",      "--size",         "--first-azimuth",
                                  "--background", "--no-normalize", "--overwrite"};

void RequireAbsent(const CLI::App& app, const char* const* flags, size_t n,
                   const std::string& why) {
  for (size_t i = 0; i < n; ++i) {
    if (app.count(flags[i]) > 0) throw dolly::UsageError(std::string(flags[i]) + " " + why);
  }
}

}  // namespace

int main(int argc, char** argv) {
  dolly::controls::RenderToolOptions options;
  std::string object_map = "pac", camera_map = "pac", trajectory_map = "dolly";
  std::string bundle;
  bool no_warp = false, no_depth = false, no_wireframes = false;
  dolly::rig::AssetViewsOptions asset;
  int size = asset.rig.width;
  bool no_normalize = false;
  std::string background = "255,255,255";
  CLI::App* app_ptr = nullptr;
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
       "signal. With --asset, renders a static OBJ/PLY mesh from the multi-view rig "
       "instead: the conditioning views of a multi-view video model (rgb, mask, "
       "depth per view, cameras.json, a side-by-side preview) into the new "
       "directory -o."},
      [&](CLI::App& app) {
        app_ptr = &app;
        app.add_option("-i,--input", options.input, "MotionRepresentation ('-' = stdin)");
        app.add_option(
            "-o,--output", options.output,
            "ControlSignals to write ('-' = stdout); with --asset, the directory to create");
        app.add_option("--previews", options.previews_dir,
                       "Write PNG frames + MP4 per signal into this new directory");
        app.add_option("--object-map", object_map, "pac (discs) or spheres (3D, z-buffered)")
            ->capture_default_str()
            ->check(CLI::IsMember({"pac", "spheres"}));
        app.add_option("--camera-map", camera_map,
                       "pac (PAC's own map: its envelope cube at the reference size, focal 100, "
                       "PIL bicubic resize) or intrinsics (the envelope through each frame's "
                       "camera)")
            ->capture_default_str()
            ->check(CLI::IsMember({"pac", "intrinsics"}));
        app.add_option("--trajectory-map", trajectory_map,
                       "dolly (the path so far) or posetraj (PoseTraj's ControlNet input: "
                       "segment t -> t+1 and a dot, last map black)")
            ->capture_default_str()
            ->check(CLI::IsMember({"dolly", "posetraj"}));
        app.add_option("--bundle", bundle,
                       "Render what this model bundle reads (its bundle.json or directory): "
                       "the map modes its \"controls\" name and its size, unless given");
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
        // Asset mode: the rig's conditioning views of a static asset.
        app.add_option("--asset", asset.asset,
                       "Asset mode: render this .obj/.ply mesh from the multi-view rig into "
                       "the new directory -o (instead of -i)");
        app.add_option("--views", asset.rig.views,
                       "Asset mode: rig cameras, evenly spaced in azimuth")
            ->capture_default_str();
        app.add_option("--elevation", asset.rig.elevation_deg,
                       "Asset mode: camera elevation in degrees, in (-90, 90)")
            ->capture_default_str();
        app.add_option("--distance", asset.rig.distance,
                       "Asset mode: camera distance from the origin")
            ->capture_default_str();
        app.add_option("--fov-y", asset.rig.fov_y_deg,
                       "Asset mode: vertical field of view in degrees")
            ->capture_default_str();
        app.add_option("--size", size,
                       "Asset mode: square view size in pixels (--width/--height override "
                       "one side)")
            ->capture_default_str();
        app.add_option("--first-azimuth", asset.rig.first_azimuth_deg,
                       "Asset mode: azimuth of view 0 in degrees (0 = on +x)")
            ->capture_default_str();
        app.add_option("--background", background, "Asset mode: background colour R,G,B")
            ->capture_default_str();
        app.add_flag("--no-normalize", no_normalize,
                     "Asset mode: keep the asset's coordinates (default: normalise into the "
                     "unit cube)");
        app.add_flag("--overwrite", asset.overwrite,
                     "Asset mode: replace an existing output directory");
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        const CLI::App& app = *app_ptr;
        if (app.count("--asset") > 0) {
          if (app.count("--input") > 0) {
            throw dolly::UsageError("--asset and -i/--input are two modes; give one");
          }
          RequireAbsent(app, kMotionOnly, std::size(kMotionOnly), "does not apply to --asset");
          asset.output = options.output;
          asset.rig.width = app.count("--width") > 0 ? options.render.width : size;
          asset.rig.height = app.count("--height") > 0 ? options.render.height : size;
          asset.normalize = !no_normalize;
          asset.background = dolly::rig::ParseRgb(background, "--background");
          dolly::rig::RunAssetViewsImpl(asset, summary);
          return;
        }
        RequireAbsent(app, kAssetOnly, std::size(kAssetOnly), "needs --asset");
        options.render.object_map = dolly::controls::ParseObjectMapMode(object_map);
        options.render.camera_map = dolly::controls::ParseCameraMapMode(camera_map);
        options.render.trajectory_map = dolly::controls::ParseTrajectoryMapMode(trajectory_map);
        options.render.warp_preview = !no_warp;
        options.render.depth = !no_depth;
        options.render.wireframes = !no_wireframes;
        if (!bundle.empty()) {
          dolly::controls::ExplicitRenderOptions given;
          given.object_map = app.count("--object-map") > 0;
          given.camera_map = app.count("--camera-map") > 0;
          given.trajectory_map = app.count("--trajectory-map") > 0;
          given.width = app.count("--width") > 0;
          given.height = app.count("--height") > 0;
          dolly::controls::ApplyBundleControls(
              dolly::diffusion::ReadBundle(dolly::diffusion::BundleJsonPath(bundle)), given,
              &options.render);
        }
        dolly::controls::RunRenderImpl(options, summary);
      });
}
