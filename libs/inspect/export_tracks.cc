// TrackSet -> tracks/ + tracks.mp4: tracks over a background video or black.
#include <algorithm>
#include <cmath>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/background_frames.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/track_painter.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

constexpr int kMaxCanvas = 8192;

// The image size the track positions refer to: the intrinsics', else what
// the positions themselves span (a first pass over the file).
cv::Size TrackImageSize(const std::string& input) {
  artifact::ArtifactReader<schema::TrackSetInfo> reader(input);
  const schema::TrackSetInfo& info = reader.info();
  if (info.__isset.intrinsics) return {info.intrinsics.width, info.intrinsics.height};
  double max_x = 0, max_y = 0;
  schema::TrackFrame frame;
  while (reader.NextFrame(&frame)) {
    const float* p = TensorData<float>(frame.positions);
    for (int64_t i = 0; i < info.track_count; ++i) {
      if (std::isfinite(p[2 * i])) max_x = std::max<double>(max_x, p[2 * i]);
      if (std::isfinite(p[2 * i + 1])) max_y = std::max<double>(max_y, p[2 * i + 1]);
    }
  }
  const auto side = [](double max) {
    return static_cast<int>(std::clamp(std::ceil(max) + 1.0, 64.0, double{kMaxCanvas}));
  };
  return {side(max_x), side(max_y)};
}

}  // namespace

void ExportKind(Kind<schema::TrackSetInfo>, ExportContext* context) {
  const cv::Size track_size = TrackImageSize(context->input);
  std::unique_ptr<BackgroundFrames> background;
  cv::Size canvas_size = track_size;
  if (!context->options.background.empty()) {
    background = BackgroundFrames::Open(context->options.background);
    canvas_size = background->size();
  } else {
    context->notes.push_back("tracks drawn on black (--video FILE draws them over a video)");
  }
  const cv::Point2d scale(static_cast<double>(canvas_size.width) / track_size.width,
                          static_cast<double>(canvas_size.height) / track_size.height);
  const int radius = std::max(2, static_cast<int>(std::lround(
                                     std::min(canvas_size.width, canvas_size.height) / 160.0)));

  artifact::ArtifactReader<schema::TrackSetInfo> reader(context->input);
  const schema::TrackSetInfo& info = reader.info();
  TrackPainter painter(info.track_count, scale, radius);
  FrameSequence frames(context->dir, "tracks", context->Fps(info.__isset.fps, info.fps));
  cli::Progress progress("exporting track frames", info.__isset.frame_count ? info.frame_count : -1);
  schema::TrackFrame frame;
  while (reader.NextFrame(&frame)) {
    cv::Mat canvas = background ? background->Next()
                                : cv::Mat(canvas_size, CV_8UC3, cv::Scalar(0, 0, 0));
    painter.Draw(frame, &canvas);
    frames.Write(canvas);
    progress.Advance();
  }
  frames.Close();
  progress.Done();
  context->notes.push_back("tracks: filled dot = visible, hollow circle = occluded, tail = last "
                           "8 frames; one colour per track");
}

}  // namespace dolly::inspect
