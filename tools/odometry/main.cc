// dolly-odometry: camera path (CameraTrajectory) from frames + metric depth,
// optionally labelling a TrackSet STATIC / DYNAMIC; without depth, the
// monocular path with its shots, scale kind and sparse points.
#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/odometry/import.h"
#include "libs/odometry/odometry.h"

int main(int argc, char** argv) {
  dolly::odometry::OdometryOptions options;
  dolly::odometry::OdometryParams& p = options.params;
  dolly::odometry::ImportOptions import;
  bool no_ba = false;
  bool no_shot_cuts = false;
  double fx = 0.0, camera_height = 0.0;
  CLI::Option* fx_option = nullptr;
  CLI::Option* height_option = nullptr;
  CLI::Option* max_features_option = nullptr;
  CLI::Option* min_inliers_option = nullptr;
  CLI::Option* ransac_option = nullptr;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-odometry",
       "Estimate the camera path of a video from its frames and metric depth (PnP + RANSAC "
       "against depth-lifted keyframe features, sliding-window bundle adjustment). World = "
       "camera of frame 0. Frames that cannot be placed are reported as lost (they repeat the "
       "last known pose; header parameter lost_frames). With --tracks, labels every track "
       "STATIC or DYNAMIC by consistency with the camera motion. With --import, converts a "
       "TUM, KITTI or Perception-as-Control trajectory into a CameraTrajectory instead.\n"
       "Without --depth: monocular. Frames are streamed through a shot-cut detector and a "
       "monocular estimator (essential matrix or homography initialisation, PnP on the "
       "triangulated map, keyframes, bundle adjustment; focal length refined from "
       "1.2 max(W, H) unless --fx). Each shot is a segment with its own world (the camera of "
       "its first frame); static and rotation-only segments are reported (depth not "
       "observable), not failed. Scale: the first baseline of each segment has length 1 "
       "(scale_kind first_baseline) unless --scale-from METRIC depth (median depth ratio at "
       "the sparse points: metric_depth), --camera-height M (RANSAC ground plane in the "
       "sparse points, the camera M above it: camera_height), or both --scale-from RELATIVE "
       "model depth and --camera-height M (the model depth, aligned per frame to the sparse "
       "points, gives a dense ground for the plane: aligned_model_depth; a relative depth "
       "alone has no unit and is refused). --points writes the map points as a sparse "
       "DepthSequence (METRIC kind in the path's units, 0 = no point) for dolly-depth "
       "--align-to and the mvs depth range.\n"
       "Label only: --camera PATH --depth D --tracks T --labelled-tracks OUT labels the "
       "tracks with that camera path (its lost frames skipped; each segment on its own) and "
       "D, which must be in the path's unit (same scale_kind, e.g. mvs depth on a monocular "
       "path); a track with no depth where it is seen is checked against its epipolar line "
       "instead. No frames are read and no path is written."},
      [&](CLI::App& app) {
        app.add_option("-i,--input", options.input,
                       "Frames: Video artifact, video file or frame directory");
        app.add_option("--depth", options.depth,
                       "DepthSequence with METRIC depth (none: monocular)");
        app.add_option("--points", options.points,
                       "Monocular: write the sparse map points as a DepthSequence here");
        app.add_option("--scale-from", options.scale_from,
                       "Monocular: DepthSequence giving the unit (METRIC; or relative with "
                       "--camera-height)");
        height_option = app.add_option("--camera-height", camera_height,
                                       "Monocular: camera height above the ground (metres)");
        fx_option = app.add_option("--fx", fx, "Monocular: focal length in px (default: estimated)");
        app.add_flag("--no-shot-cuts", no_shot_cuts, "Monocular: treat the video as one shot");
        app.add_option("--import", import.path,
                       "Convert this trajectory file instead of estimating (needs -o)");
        app.add_option("--import-format", import.format, "tum, kitti or pac (default: extension)")
            ->check(CLI::IsMember({"tum", "kitti", "pac"}));
        app.add_option("--intrinsics-from", import.intrinsics,
                       "With --import: take intrinsics from this artifact's info");
        app.add_flag("--rebase", import.rebase, "With --import: make frame 0 the world");
        app.add_option("--fps", import.fps, "With --import: frames per second to record");
        app.add_option("--tracks", options.tracks, "TrackSet to label STATIC/DYNAMIC");
        app.add_option("--camera", options.camera,
                       "Label only: CameraTrajectory to label --tracks with (no estimation; "
                       "--depth in its unit)");
        app.add_option("-o,--output", options.output, "CameraTrajectory to write");
        app.add_option("--labelled-tracks", options.labelled_tracks,
                       "Write the --tracks TrackSet with labels here");
        app.add_option("--export-tum", options.export_tum, "Also write a TUM trajectory file");
        app.add_option("--export-kitti", options.export_kitti,
                       "Also write a KITTI (3x4 camera-to-world) pose file");
        app.add_option("--export-pac", options.export_pac,
                       "Also write a Perception-as-Control camera txt (PyTorch3D convention)");
        app.add_option("--window", p.window, "Max frames per keyframe window")
            ->capture_default_str();
        max_features_option =
            app.add_option("--max-features", p.max_features, "Features detected per keyframe")
                ->capture_default_str();
        min_inliers_option = app.add_option("--min-inliers", p.min_inliers,
                                            "Fewer PnP inliers than this and the frame is lost")
                                 ->capture_default_str();
        ransac_option =
            app.add_option("--ransac-px", p.ransac_reprojection_px, "PnP RANSAC threshold (px)")
                ->capture_default_str();
        app.add_option("--keyframe-fraction", p.min_tracked_fraction,
                       "New keyframe below this share of tracked keyframe features")
            ->capture_default_str();
        app.add_option("--depth-sigma", p.depth_sigma,
                       "Relative std of the depth prior in the bundle adjustment")
            ->capture_default_str();
        app.add_flag("--no-bundle-adjust", no_ba, "Skip the window bundle adjustment");
        app.add_option("--dynamic-threshold", p.dynamic_threshold_px,
                       "Reprojection residual (px) above which a track point moves")
            ->capture_default_str();
        app.add_option("--label-gap", p.label_gap, "Frames between lift and reprojection")
            ->capture_default_str();
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        if (!import.path.empty()) {
          if (!options.input.empty() || !options.depth.empty() || !options.camera.empty()) {
            throw dolly::UsageError("--import converts a file; it takes no -i/--depth/--camera");
          }
          import.output = options.output;
          dolly::odometry::RunImportImpl(import, summary);
          return;
        }
        if (options.input.empty() && options.camera.empty()) {
          throw dolly::UsageError("-i/--input is required (or --import FILE, or --camera to label)");
        }
        p.bundle_adjust = !no_ba;
        // The monocular estimator has its own defaults; flags given override them.
        options.mono.bundle_adjust = !no_ba;
        if (max_features_option->count()) options.mono.max_features = p.max_features;
        if (min_inliers_option->count()) options.mono.min_inliers = p.min_inliers;
        if (ransac_option->count()) options.mono.ransac_px = p.ransac_reprojection_px;
        if (fx_option->count()) options.mono.focal_px = fx;
        if (height_option->count()) options.camera_height = camera_height;
        options.shot_cuts = !no_shot_cuts;
        dolly::odometry::RunOdometryImpl(options, summary);
      });
}
