// The `model` tracker of dolly-track: a TorchScript point tracker with a
// CoTracker-like contract, run over a long video in overlapping windows.
// LibTorch headers stay in model_tracker.cc (each TU that sees them costs
// 25-50 s to compile): this header does not include torch.
//
// Model contract: forward(video, queries) with
//   video   float32 [1, T, 3, H, W], RGB in 0..255,
//   queries float32 [1, N, 3], rows (t, x, y): t = frame index in the window,
//           (x, y) pixels with (0, 0) = centre of the top-left pixel,
// returning a tuple (tracks, visibility):
//   tracks     float [1, T, N, 2] (x, y) per frame,
//   visibility [1, T, N], bool, or float probabilities (> 0.5 = visible).
//
// Windows (chunking): windows of `window` frames overlapping by half
// (stride = window / 2) start at 0, stride, 2 * stride, ...; the last one
// is moved back to end at the last frame (start max(0, T - window)), so
// every window has `window` frames when the video has that many.
// - Forward sweep, window by window: a point is queried at its own (t, x, y)
//   in the first window that contains its query frame (the model tracks it
//   through the whole window, before and after the query frame). In each
//   later window it is re-queried at its latest visible estimate (frame,
//   x, y) carried forward from the previous windows; the frames after that
//   estimate are taken from the new window. When the latest visible
//   estimate lies before the window's first frame (the point is hidden
//   across the overlap), it is re-queried at that position in the window's
//   first frame.
// - Backward sweep, for points queried after the first window: the windows
//   before a point's first window are run with the point re-queried at its
//   earliest visible estimate (carried backward), which fills the frames
//   before that estimate; past the window's last frame it is clamped there.
// Outputs: positions from the tracks, visibility = (probability > 0.5) or
// the bool, confidence = the probability (float) or 1/0 (bool).
#ifndef DOLLY_LIBS_TRACK_MODEL_TRACKER_H_
#define DOLLY_LIBS_TRACK_MODEL_TRACKER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/track/lk_tracker.h"
#include "libs/track/query_points.h"
#include "libs/track/video_frames.h"

namespace dolly::track {

inline constexpr int kDefaultModelWindow = 16;

struct ModelTrackerOptions {
  std::string model;              // TorchScript file
  std::string device = "cpu";     // cpu | cuda
  int window = kDefaultModelWindow;  // frames per window (>= 2)
};

class ModelTracker {
 public:
  // Loads the model. Throws IoError when the file is missing, InvalidInputError
  // naming it when it is not a loadable TorchScript module, ResourceError for
  // cuda without CUDA, UsageError for an unknown device or a window < 2.
  explicit ModelTracker(const ModelTrackerOptions& options);
  ~ModelTracker();
  ModelTracker(const ModelTracker&) = delete;
  ModelTracker& operator=(const ModelTracker&) = delete;

  // Tracks `queries` through `rgb` (CV_8UC3 RGB frames of one size).
  // `progress` (if set) is called once per window run. Throws
  // InvalidInputError naming the model (and the shape) when its outputs
  // have the wrong shape or type, or hold non-finite positions for visible
  // points, or when forward fails.
  TrackResult Track(const std::vector<cv::Mat>& rgb, const std::vector<QueryPoint>& queries,
                    const std::function<void()>& progress = nullptr);

  // The windows [start, end) the video of `frames` frames is cut into.
  static std::vector<std::pair<int, int>> Windows(int frames, int window);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};


}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_MODEL_TRACKER_H_
