// ControlSignals -> one frame directory + MP4 per control signal present:
// object_map, camera_map, trajectory_map, box_wireframes, warp_preview and
// warp_coverage as they are (coverage as gray), depth through the Turbo
// colour map (libs/controls/depth_render.h) over the 2nd-98th percentile of
// the whole sequence's known depths (a first pass), so one colour means one
// depth in every frame.
#include <memory>
#include <opencv2/imgproc.hpp>
#include <string>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/controls/depth_render.h"
#include "libs/inspect/depth_colormap.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

constexpr double kLowQuantile = 0.02;
constexpr double kHighQuantile = 0.98;

// Known-depth range of every frame's depth map; false when none has one.
bool ControlDepthRange(const std::string& input, DepthRange* range) {
  DepthHistogram histogram;
  artifact::ArtifactReader<schema::ControlSignalsInfo> reader(input);
  schema::ControlFrame frame;
  while (reader.NextFrame(&frame)) {
    if (!frame.__isset.depth) continue;
    const cv::Mat depth = MatFromTensor(frame.depth);
    if (depth.type() != CV_32FC1) continue;
    histogram.Add(depth.ptr<float>(), depth.total());
  }
  if (histogram.empty()) return false;
  *range = RobustRange(histogram, kLowQuantile, kHighQuantile);
  // RenderDepthPreview needs 0 < low < high; widening a constant map can
  // reach 0.
  if (!(range->low > 0.0)) range->low = range->high * 1e-3;
  return true;
}

}  // namespace

void ExportKind(Kind<schema::ControlSignalsInfo>, ExportContext* context) {
  DepthRange depth_range;
  const bool has_depth = ControlDepthRange(context->input, &depth_range);

  artifact::ArtifactReader<schema::ControlSignalsInfo> reader(context->input);
  const schema::ControlSignalsInfo& info = reader.info();
  const double fps = context->Fps(info.__isset.fps, info.fps);
  struct Map {
    const char* name;
    std::unique_ptr<FrameSequence> sequence;
  };
  Map maps[] = {{"object_map", nullptr},     {"camera_map", nullptr},   {"trajectory_map", nullptr},
                {"box_wireframes", nullptr}, {"warp_preview", nullptr}, {"warp_coverage", nullptr},
                {"depth", nullptr}};
  constexpr int kMaps = sizeof(maps) / sizeof(maps[0]);
  cli::Progress progress("exporting control frames",
                         info.__isset.frame_count ? info.frame_count : -1);
  schema::ControlFrame frame;
  while (reader.NextFrame(&frame)) {
    const schema::Tensor* present[kMaps] = {
        frame.__isset.object_map ? &frame.object_map : nullptr,
        frame.__isset.camera_map ? &frame.camera_map : nullptr,
        frame.__isset.trajectory_map ? &frame.trajectory_map : nullptr,
        frame.__isset.box_wireframes ? &frame.box_wireframes : nullptr,
        frame.__isset.warp_preview ? &frame.warp_preview : nullptr,
        frame.__isset.warp_coverage ? &frame.warp_coverage : nullptr,
        frame.__isset.depth && has_depth ? &frame.depth : nullptr};
    for (int m = 0; m < kMaps; ++m) {
      if (present[m] == nullptr) continue;
      cv::Mat image = MatFromTensor(*present[m]);
      const std::string name = maps[m].name;
      if (name == "depth") {
        image = controls::RenderDepthPreview(image, depth_range.low, depth_range.high);
      } else if (image.channels() == 1) {
        cv::Mat rgb;
        cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
        image = rgb;
      }
      if (!maps[m].sequence) {
        maps[m].sequence = std::make_unique<FrameSequence>(context->dir, maps[m].name, fps);
      }
      maps[m].sequence->Write(image);
    }
    progress.Advance();
  }
  for (Map& map : maps) {
    if (map.sequence) map.sequence->Close();
  }
  progress.Done();
  if (has_depth) {
    context->notes.push_back(
        "depth/: Turbo colour map, red = near (<= " + std::to_string(depth_range.low) +
        "), blue = far (>= " + std::to_string(depth_range.high) + "), black = unknown");
  }
}

}  // namespace dolly::inspect
