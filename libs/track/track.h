// dolly-track as a library call: tracks query points through a video with
// pyramidal Lucas-Kanade (see lk_tracker.h for the visibility policy) or a
// TorchScript point tracker (model_tracker.h),
// optionally lifts them to 3D with a DepthSequence, and writes a TrackSet.
#ifndef DOLLY_LIBS_TRACK_TRACK_H_
#define DOLLY_LIBS_TRACK_TRACK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "libs/track/lk_tracker.h"

namespace dolly::track {

struct TrackOptions {
  // Video artifact (.dolly or "-"), video file or frame directory.
  std::string input;
  // TrackSet path, or "-" for stdout.
  std::string output;
  // Query points: at most one of grid / queries / mask; stride alone gives a
  // regular grid with that spacing, with mask it thins the mask's pixels.
  // None: a grid of kDefaultGrid points.
  int grid = 0;
  int stride = 0;
  std::string queries;  // CSV "t,x,y" or PoseTraj JSON (.json)
  std::string mask;     // image, non-zero = query
  // DepthSequence for 3D lifting (same frame count and size as the video).
  std::string depth;
  // CameraTrajectory: with depth, points_world is in its world frame;
  // without it, in each frame's own camera frame.
  std::string camera;
  // Also export the 2D tracks as PoseTraj JSON ("-" = stdout).
  std::string posetraj_json;
  LkOptions lk;
  // TorchScript point tracker (model_tracker.h) instead of LK; empty: LK.
  std::string model;
  int model_window = 16;        // frames per model window (overlap: half)
  std::string device = "cpu";   // where the model runs: cpu | cuda
};

inline constexpr int kDefaultGrid = 1024;

struct TrackSummary {
  int64_t frames = 0;
  int64_t tracks = 0;
  double visible_fraction = 0.0;  // over all tracks and frames
  bool lifted = false;
  std::string points_frame;  // "camera", "world" or "" (not lifted)
};

// Throws UsageError for bad option combinations (exit 2), InvalidInputError
// (exit 3) for bad input content, IoError (exit 4) for unreadable/unwritable
// files. Inputs are read and checked before anything is written, and outputs
// are written atomically: a failure leaves no output behind.
TrackSummary RunTrackImpl(const TrackOptions& options);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_TRACK_H_
