// dolly-track: tracks points through a video (pyramidal Lucas-Kanade with a
// forward-backward check) and writes a TrackSet, optionally lifted to 3D.
#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/track/track.h"

int main(int argc, char** argv) {
  dolly::track::TrackOptions options;
  bool no_reacquire = false;
  bool no_lk_fallback = false;
  bool no_global_motion = false;
  bool no_gain = false;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-track",
       "Track points through a video with pyramidal Lucas-Kanade and write a TrackSet. "
       "A point that fails the forward-backward check or leaves the image is invisible "
       "(visibility 0, confidence 0); its position holds its last reliable estimate. It "
       "is re-acquired only when its query-frame patch matches again near that position "
       "(checked every --realign-every frames). With --depth, points_world holds 3D points in "
       "EACH FRAME'S OWN CAMERA FRAME (x right, y down, z forward), or in the world frame "
       "of --camera when given; where a point has no depth its last measured 3D point is "
       "repeated with confidence 0. With --model a TorchScript point tracker replaces LK "
       "(CoTracker-like contract, run in overlapping windows; see libs/track/README.md)."},
      [&](CLI::App& app) {
        app.add_option("-i,--input", options.input,
                       "Video artifact (.dolly or '-'), video file or frame directory")
            ->required();
        app.add_option("-o,--output", options.output, "TrackSet to write, or '-' for stdout")
            ->required();
        app.add_option("--grid", options.grid,
                       "Query a regular grid of about N points in frame 0 (default " +
                           std::to_string(dolly::track::kDefaultGrid) + ")");
        app.add_option("--stride", options.stride,
                       "Query every S-th pixel in frame 0 (with --mask: of the mask)");
        app.add_option("--queries", options.queries,
                       "Query points: CSV 't,x,y' per line or PoseTraj JSON (.json)");
        app.add_option("--mask", options.mask, "Query every non-zero pixel of this image");
        app.add_option("--depth", options.depth,
                       "DepthSequence to lift tracks to 3D (same frames and size as the video)");
        app.add_option("--camera", options.camera,
                       "CameraTrajectory: with --depth, write world instead of camera coordinates");
        app.add_option("--window", options.lk.window, "LK window side in pixels (odd)")
            ->capture_default_str();
        app.add_option("--levels", options.lk.levels, "LK pyramid levels above the base")
            ->capture_default_str();
        app.add_option("--fb-threshold", options.lk.fb_threshold,
                       "Forward-backward error (pixels) above which a point is lost")
            ->capture_default_str();
        app.add_option("--max-patch-error", options.lk.max_patch_error,
                       "Mean absolute patch difference (0..255) above which a point is lost")
            ->capture_default_str();
        app.add_option("--affine-radius", options.lk.affine_radius,
                       "Query-anchored tracking: align each point's query-frame patch (side "
                       "2R+1), warped affinely, to every frame; it decides visibility. 0: "
                       "chained LK with periodic re-alignment (drifts)")
            ->check(CLI::Range(0, 50))
            ->capture_default_str();
        app.add_option("--affine-tolerance", options.lk.affine_tolerance,
                       "Largest correction (pixels) of the chained LK position the alignment "
                       "may make")
            ->check(CLI::PositiveNumber)
            ->capture_default_str();
        app.add_option("--occlusion-error", options.lk.occlusion_error,
                       "Mean absolute residual (0..255) of the aligned patch's centre above "
                       "which the point counts as covered")
            ->capture_default_str();
        app.add_option("--neighbours", options.lk.neighbours,
                       "Anchored tracking: neighbours whose median motion restarts a failed "
                       "alignment and carries hidden points (0: none)")
            ->check(CLI::NonNegativeNumber)
            ->capture_default_str();
        app.add_flag("--no-lk-fallback", no_lk_fallback,
                     "Anchored tracking: a point is visible only where its alignment succeeds "
                     "(fewer points kept, fewer wrong ones)");
        app.add_flag("--no-global-motion", no_global_motion,
                     "Anchored tracking: no camera-motion prior (a homography fitted to the "
                     "aligned points' motion, which starts and carries points their neighbours "
                     "cannot, and a phase-correlation restart of LK after a sudden pan)");
        app.add_option("--jump-share", options.lk.jump_share,
                       "Anchored tracking: share of the visible points failing to align in one "
                       "step above which LK restarts them from the whole-image translation")
            ->check(CLI::Range(0.0, 1.0))
            ->capture_default_str();
        app.add_flag("--no-gain", no_gain,
                     "Anchored tracking: the alignment fits a brightness offset only, no gain "
                     "(exposure changes then leave residuals)");
        app.add_option("--refine-window", options.lk.refine_window,
                       "With --affine-radius 0: finest-level refinement window (odd; 0: none): "
                       "less drift near silhouettes, more points lost")
            ->capture_default_str();
        app.add_option("--realign-every", options.lk.realign_interval,
                       "With --affine-radius 0: re-align points against their query frame every K "
                       "frames (0: never)")
            ->capture_default_str();
        app.add_option("--fb-levels", options.lk.fb_levels,
                       "Pyramid levels of the backward LK of the forward-backward check, "
                       "started at the known position (-1: full pyramid from the forward result)")
            ->capture_default_str();
        app.add_flag("--no-reacquire", no_reacquire, "With --affine-radius 0: lost points stay lost");
        app.add_option("--model", options.model,
                       "Track with this TorchScript point tracker instead of LK "
                       "(forward(video [1,T,3,H,W] RGB 0..255, queries [1,N,3] t,x,y) -> "
                       "(tracks [1,T,N,2], visibility [1,T,N]))");
        app.add_option("--model-window", options.model_window,
                       "Frames per model window; windows overlap by half and points are "
                       "re-queried at their latest visible estimate")
            ->capture_default_str();
        app.add_option("--posetraj-json", options.posetraj_json,
                       "Also export the 2D tracks as PoseTraj JSON {id: [[x, y], ...]}");
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        options.lk.reacquire = !no_reacquire;
        options.lk.lk_fallback = !no_lk_fallback;
        options.lk.global_motion = !no_global_motion;
        options.lk.affine.gain = !no_gain;
        options.device = common.device;
        const dolly::track::TrackSummary result = dolly::track::RunTrackImpl(options);
        summary->Set("frames", result.frames);
        summary->Set("tracks", result.tracks);
        summary->Set("visible_fraction", result.visible_fraction);
        if (result.lifted) summary->Set("points_frame", result.points_frame);
        summary->AddOutput("tracks", options.output);
        if (!options.posetraj_json.empty()) summary->AddOutput("posetraj_json", options.posetraj_json);
      });
}
