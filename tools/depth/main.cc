// dolly-depth: depth maps (DepthSequence) from depth files, a monocular depth
// network, a rectified stereo pair or a ground-plane prior.
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"

int main(int argc, char** argv) {
  dolly::depth::DepthOptions options;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-depth",
       "Estimate or import per-frame z-depth and write a DepthSequence artifact. Backends: "
       "import (16-bit PNG / NPY / PFM files or a DepthSequence artifact), model (TorchScript "
       "monocular network), stereo (rectified pair, SGBM), mvs (video + known poses, plane "
       "sweep), planar (ground-plane prior, no model)."},
      [&](CLI::App& app) {
        app.add_option("--backend", options.backend, "Which estimator to run")
            ->check(CLI::IsMember(dolly::depth::BackendNames()))
            ->capture_default_str();
        app.add_option("input,-i,--input", options.input,
                       "import: depth file, directory or DepthSequence artifact; "
                       "model/mvs/planar: image, video, frame directory or Video artifact; "
                       "stereo: left image or frames")
            ->required();
        app.add_option("-o,--output", options.output, "DepthSequence to write ('-' = stdout)")
            ->required();
        app.add_option("--right", options.right, "stereo: right image or frames");
        app.add_option("--fps", options.fps, "Frames per second to record (0 = from the input)");
        app.add_option("--fx", options.fx, "Focal length in pixels (x)");
        app.add_option("--fy", options.fy, "Focal length in pixels (y; default fx)");
        app.add_option("--cx", options.cx, "Principal point x (default image centre)");
        app.add_option("--cy", options.cy, "Principal point y (default image centre)");
        app.add_option("--kind", options.kind,
                       "What the values are: metric, relative, relative-inverse")
            ->check(CLI::IsMember({"metric", "relative", "relative-inverse"}));
        app.add_option("--scale", options.scale, "import: value -> scale * value + shift")
            ->capture_default_str();
        app.add_option("--shift", options.shift, "import: value -> scale * value + shift")
            ->capture_default_str();
        app.add_flag("--invert", options.invert,
                     "import: then take 1 / value (disparity or inverse depth -> depth)");
        app.add_option("--align-to", options.align_to,
                       "import/model: sparse metric DepthSequence (e.g. dolly-odometry "
                       "--points); fit scale/shift per frame robustly and write depth in its "
                       "unit");
        app.add_option("--model", options.model,
                       "model: TorchScript file (description JSON beside it, same stem)");
        app.add_option("--input-size", options.input_size,
                       "model: long side of the network input (multiple of 14; default 518)");
        app.add_option("--batch", options.batch, "model: frames per forward pass")
            ->check(CLI::Range(1, 1024))
            ->capture_default_str();
        app.add_option("--baseline", options.baseline, "stereo: baseline in metres");
        app.add_option("--num-disparities", options.num_disparities,
                       "stereo: disparity search range in pixels")
            ->check(CLI::Range(16, 1024))
            ->capture_default_str();
        app.add_option("--block-size", options.block_size, "stereo: SGBM block size (odd)")
            ->check(CLI::Range(1, 31))
            ->capture_default_str();
        app.add_option("--lr-max-diff", options.lr_max_diff,
                       "stereo: left-right disparity disagreement still valid (pixels)")
            ->capture_default_str();
        app.add_option("--poses", options.poses,
                       "mvs: CameraTrajectory of the video (its intrinsics unless --fx)");
        app.add_option("--min-depth", options.min_depth,
                       "mvs: nearest plane, in the unit of the poses (default 0.5)");
        app.add_option("--max-depth", options.max_depth,
                       "mvs: farthest plane, in the unit of the poses (default 50)");
        app.add_option("--range-from", options.range_from,
                       "mvs: set each segment's depth range from these sparse points "
                       "(e.g. dolly-odometry --points), robust percentiles with a margin");
        app.add_option("--planes", options.planes, "mvs: planes, uniform in inverse depth")
            ->capture_default_str();
        app.add_option("--neighbours", options.neighbours,
                       "mvs: frames on each side matched against each frame")
            ->capture_default_str();
        app.add_option("--patch", options.patch, "mvs: ZNCC window side (odd)")
            ->capture_default_str();
        app.add_option("--horizon-row", options.horizon_row, "planar: image row of the horizon");
        app.add_option("--camera-height", options.camera_height,
                       "planar: camera height above the ground (metres)")
            ->capture_default_str();
        app.add_option("--far-depth", options.far_depth,
                       "planar: depth at and above the horizon (metres)")
            ->capture_default_str();
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        options.device = common.device;
        if (common.json && options.output == "-") {
          throw dolly::UsageError("--json: cannot share stdout with '-o -'");
        }
        dolly::cli::Stopwatch watch;
        const dolly::depth::DepthResult result = dolly::depth::RunDepthImpl(options);
        summary->AddOutput("depth", result.output);
        summary->AddTiming("total", watch.Seconds());
        summary->Set("backend", options.backend);
        summary->Set("frames", result.frames);
        summary->Set("width", result.width);
        summary->Set("height", result.height);
        summary->Set("kind", result.kind);
        summary->Set("valid_fraction", result.valid_fraction);
        if (!result.alignment.empty()) {
          nlohmann::json fits = nlohmann::json::array();
          for (const auto& fit : result.alignment) {
            fits.push_back({{"scale", fit.scale}, {"shift", fit.shift}, {"inliers", fit.inliers}});
          }
          summary->Set("alignment", fits);
        }
      });
}
