#include "libs/depth/planar_backend.h"

#include <cmath>
#include <filesystem>

#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"

namespace dolly::depth {

cv::Mat GroundPlaneDepth(int width, int height, double fy, double cy, double horizon_row,
                         double camera_height, double far_depth) {
  const double theta = std::atan((cy - horizon_row) / fy);
  cv::Mat depth(height, width, CV_32F);
  for (int v = 0; v < height; ++v) {
    // The denominator is -(world up . ray) for a ray with z = 1: positive
    // exactly below the horizon.
    const double down = std::cos(theta) * (v - cy) / fy + std::sin(theta);
    const double z = down > 0 ? std::min(camera_height / down, far_depth) : far_depth;
    depth.row(v).setTo(static_cast<float>(z));
  }
  return depth;
}

DepthResult RunPlanarBackend(const DepthOptions& options) {
  if (!options.horizon_row || !std::isfinite(*options.horizon_row)) {
    throw UsageError("--horizon-row is required with --backend planar");
  }
  if (!options.fx && !options.fy) throw UsageError("--fx or --fy is required with --backend planar");
  if (!(std::isfinite(options.camera_height) && options.camera_height > 0)) {
    throw UsageError("--camera-height: must be positive");
  }
  if (!(std::isfinite(options.far_depth) && options.far_depth > 0)) {
    throw UsageError("--far-depth: must be positive");
  }
  if (!options.kind.empty() && options.kind != "metric") {
    throw UsageError("--kind: the planar prior is metric");
  }
  std::unique_ptr<media::FrameSource> source = frames::OpenFrameInput(options.input);
  DepthOptions flags = options;
  if (!flags.fx) flags.fx = flags.fy;
  const schema::Intrinsics k = *IntrinsicsFromFlags(flags, source->width(), source->height());
  const cv::Mat depth = GroundPlaneDepth(source->width(), source->height(), k.fy, k.cy,
                                         *options.horizon_row, options.camera_height,
                                         options.far_depth);
  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "planar"},
                      {"horizon_row", FormatNumber(*options.horizon_row)},
                      {"camera_height", FormatNumber(options.camera_height)},
                      {"far_depth", FormatNumber(options.far_depth)}});
  if (!std::filesystem::is_directory(options.input)) {
    artifact::AddInput(&header, "frames", options.input);
  }
  DepthSink sink(options, header, schema::DepthKind::METRIC, -1, source->fps());
  sink.SetIntrinsics(k);
  cli::Progress progress("planar", source->frame_count_hint());
  cv::Mat rgb;
  while (source->Next(&rgb)) {
    sink.Write(depth, options.input);
    progress.Advance();
  }
  progress.Done();
  return sink.Finish();
}

}  // namespace dolly::depth
