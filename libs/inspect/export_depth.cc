// DepthSequence -> depth/ + depth.mp4, colours over the sequence's 2nd-98th
// percentile (first pass), drawn in a second pass.
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/depth_colormap.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/json_text.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

constexpr double kLowQuantile = 0.02;
constexpr double kHighQuantile = 0.98;

// Which way the stored values run: inverse depth (disparity) grows towards
// the camera, and a negative scale flips either kind.
bool LargerIsNearer(const schema::DepthSequenceInfo& info) {
  const bool inverse = info.kind == schema::DepthKind::RELATIVE_INVERSE_DEPTH;
  const bool flipped = info.__isset.scale && info.scale < 0;
  return inverse != flipped;
}

std::string Short(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4g", v);
  return buffer;
}

// A colour bar with its end values, so a PNG can be read without the JSON.
cv::Mat Legend(const DepthRange& range, bool larger_is_nearer, Colormap map) {
  const int width = 512, height = 64, bar_top = 8, bar_height = 24;
  cv::Mat legend(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::Mat ramp(1, width - 20, CV_32FC1);
  for (int x = 0; x < ramp.cols; ++x) {
    ramp.at<float>(0, x) = static_cast<float>(range.low + (range.high - range.low) * x / (ramp.cols - 1));
  }
  cv::Mat colors = ColorizeDepth(ramp, range, larger_is_nearer, map);
  cv::Mat bar;
  cv::resize(colors, bar, cv::Size(ramp.cols, bar_height), 0, 0, cv::INTER_NEAREST);
  bar.copyTo(legend(cv::Rect(10, bar_top, ramp.cols, bar_height)));
  const auto label = [&](const std::string& text, int x) {
    cv::putText(legend, text, cv::Point(x, bar_top + bar_height + 22), cv::FONT_HERSHEY_SIMPLEX,
                0.45, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  };
  label("<= " + Short(range.low) + (larger_is_nearer ? " (far)" : " (near)"), 10);
  label(">= " + Short(range.high) + (larger_is_nearer ? " (near)" : " (far)"), width - 170);
  label("black: unknown", width / 2 - 60);
  return legend;
}

}  // namespace

void ExportKind(Kind<schema::DepthSequenceInfo>, ExportContext* context) {
  DepthHistogram histogram;
  {
    artifact::ArtifactReader<schema::DepthSequenceInfo> reader(context->input);
    schema::DepthFrame frame;
    while (reader.NextFrame(&frame)) {
      histogram.Add(TensorData<float>(frame.depth), frame.depth.data.size() / sizeof(float));
    }
  }
  const DepthRange range = RobustRange(histogram, kLowQuantile, kHighQuantile);

  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(context->input);
  const schema::DepthSequenceInfo& info = reader.info();
  const bool larger_is_nearer = LargerIsNearer(info);
  const Colormap map = context->options.colormap;
  FrameSequence frames(context->dir, "depth", context->Fps(info.__isset.fps, info.fps));
  cli::Progress progress("exporting depth frames", info.__isset.frame_count ? info.frame_count : -1);
  schema::DepthFrame frame;
  while (reader.NextFrame(&frame)) {
    frames.Write(ColorizeDepth(MatFromTensor(frame.depth), range, larger_is_nearer, map));
    progress.Advance();
  }
  frames.Close();
  progress.Done();

  media::WriteImageRgb(context->File("depth_legend.png"), Legend(range, larger_is_nearer, map));
  const char* map_name = map == Colormap::kTurbo ? "turbo" : "inferno";
  std::string json = "{\n  \"colormap\": " + JsonString(map_name) +
                     ",\n  \"low\": " + JsonNumber(range.low) +
                     ",\n  \"high\": " + JsonNumber(range.high) +
                     ",\n  \"low_quantile\": " + JsonNumber(kLowQuantile) +
                     ",\n  \"high_quantile\": " + JsonNumber(kHighQuantile) +
                     ",\n  \"known_pixels\": " + std::to_string(histogram.count()) +
                     ",\n  \"larger_is_nearer\": " + (larger_is_nearer ? "true" : "false") +
                     ",\n  \"near\": \"warm end of the colormap\",\n  \"unknown\": \"black\"\n}\n";
  WriteTextFile(context->File("depth_colors.json"), json);
  context->notes.push_back(std::string("depth colours: ") + map_name + ", warm = near (" +
                           Short(larger_is_nearer ? range.high : range.low) + "), cool = far (" +
                           Short(larger_is_nearer ? range.low : range.high) +
                           "), black = unknown; range = 2nd-98th percentile of the sequence");
}

}  // namespace dolly::inspect
