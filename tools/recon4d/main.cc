// dolly-recon4d: a static asset + a multi-view video of it in motion -> the
// animated asset (libs/recon4d/run/run_recon4d.h does the work).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <thread>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/recon4d/run/run_recon4d.h"

int main(int argc, char** argv) {
  dolly::recon4d::Recon4dRunOptions options;
  std::string normalize = "auto";
  bool no_previews = false;
  CLI::App* app_ptr = nullptr;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-recon4d",
       "Animate a static 3D asset (.obj with its texture, or .ply) from a multi-view video of "
       "it in motion (Animate3D's 4D reconstruction): frame 0 of every view shows the asset at "
       "rest; every later frame is fitted by a deformation graph driven by multi-view 2D tracks, "
       "silhouettes, ARAP and temporal smoothness. A view directory holds frames/ (PNG "
       "sequence) or video.dolly or video.mp4, optional masks/ (PNG, non-zero = asset) and "
       "optional camera.dolly (per-frame cameras); views without camera.dolly sit on the "
       "default rig. Writes into the new directory -o: mesh.dolly (AnimatedMesh), "
       "animation.glb (one morph target per frame), animation.pc2, obj/ (OBJ sequence), "
       "previews/ (compare.mp4 + PNGs, new_view.mp4) and report.json."},
      [&](CLI::App& app) {
        app_ptr = &app;
        app.add_option("--asset", options.asset, "Static asset: .obj (texture kept) or .ply");
        app.add_option("--view", options.views,
                       "A view directory (repeat the flag, in view order)");
        app.add_option("--views-root", options.views_root,
                       "A directory whose view_* subdirectories are the views (sorted)");
        app.add_option("-o,--output", options.output, "Output directory to create");
        app.add_flag("--overwrite", options.overwrite, "Replace an existing output directory");
        app.add_option("--normalize", normalize,
                       "Fit in the asset normalised into the unit cube: auto (on with the "
                       "default rig, off with camera.dolly cameras), on, off. Outputs are "
                       "always in the asset's own frame")
            ->capture_default_str()
            ->check(CLI::IsMember({"auto", "on", "off"}));
        app.add_option("--rig-elevation", options.rig_elevation_deg,
                       "Default rig: camera elevation in degrees")
            ->capture_default_str();
        app.add_option("--rig-distance", options.rig_distance,
                       "Default rig: camera distance from the origin")
            ->capture_default_str();
        app.add_option("--rig-fov-y", options.rig_fov_y_deg,
                       "Default rig: vertical field of view in degrees")
            ->capture_default_str();
        app.add_option("--rig-first-azimuth", options.rig_first_azimuth_deg,
                       "Default rig: azimuth of view 0 in degrees (view k of N at first + "
                       "360 k / N)")
            ->capture_default_str();
        app.add_option("--fps", options.fps,
                       "Frame rate of the animation (default: the videos' own, else 8)");
        app.add_option("--nodes", options.fit.max_nodes, "Deformation graph nodes (at most)")
            ->capture_default_str();
        app.add_option("--arap-weight", options.fit.arap_weight,
                       "Weight of the as-rigid-as-possible term")
            ->capture_default_str();
        app.add_option("--arap-k", options.fit.arap_neighbours,
                       "Neighbouring nodes of the ARAP term")
            ->capture_default_str();
        app.add_option("--track-weight", options.fit.track_weight,
                       "Weight of the 2D track term")
            ->capture_default_str();
        app.add_option("--silhouette-weight", options.fit.silhouette_weight,
                       "Weight of the silhouette term")
            ->capture_default_str();
        app.add_option("--temporal-weight", options.fit.temporal_weight,
                       "Weight of the constant-velocity prior")
            ->capture_default_str();
        app.add_option("--photometric-weight", options.fit.photometric_weight,
                       "Weight of brightness constancy against frame 0 (per grey level)")
            ->capture_default_str();
        app.add_option("--shading-smoothness", options.fit.shading_smoothness,
                       "Smoothness of the per-node shading gain of the photometric term "
                       "(0: plain brightness constancy)")
            ->capture_default_str();
        app.add_option("--track-spacing", options.fit.track_spacing_px,
                       "Pixels between the tracked points on each view's frame-0 mask")
            ->capture_default_str();
        app.add_option("--iterations", options.fit.max_iterations,
                       "Solver iterations per frame")
            ->capture_default_str();
        app.add_flag("--no-previews", no_previews, "Skip previews/");
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        options.normalize = dolly::recon4d::ParseNormalizeMode(normalize);
        options.previews = !no_previews;
        // --threads 0 (the default): all cores.
        options.fit.threads = common.threads > 0
                                  ? common.threads
                                  : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
        if (app_ptr->count("--fps") > 0 && !(options.fps > 0.0)) {
          throw dolly::UsageError("--fps must be > 0");
        }
        dolly::recon4d::RunRecon4dImpl(options, summary);
      });
}
