// dolly-odometry as a library call: frames + metric DepthSequence (+ an
// optional TrackSet to label) -> CameraTrajectory (world = camera of frame
// 0), optional labelled TrackSet and TUM / KITTI / PAC exports. The tool's
// main only parses flags into OdometryOptions.
#ifndef DOLLY_LIBS_ODOMETRY_ODOMETRY_H_
#define DOLLY_LIBS_ODOMETRY_ODOMETRY_H_

#include <string>
#include <vector>

#include "libs/cli/summary.h"
#include "libs/odometry/params.h"
#include "libs/trajectory/trajectory.h"

namespace dolly::odometry {

struct OdometryOptions {
  std::string input;            // Video artifact, video file or frame directory
  std::string depth;            // DepthSequence (metric), required
  std::string tracks;           // TrackSet to label (optional)
  std::string output;           // CameraTrajectory (optional when exporting only)
  std::string labelled_tracks;  // the TrackSet with labels (needs `tracks`)
  std::string export_tum, export_kitti, export_pac;
  OdometryParams params;
};

struct OdometryResult {
  trajectory::Trajectory trajectory;
  std::vector<int> lost_frames;
  std::vector<int> keyframes;
  // Per input track (empty without `tracks`): schema::TrackLabel values.
  std::vector<uint8_t> labels;
};

// Throws UsageError (no output at all, labelled tracks without tracks),
// InvalidInputError (one frame, non-metric depth, sizes or frame counts that
// do not match, no intrinsics), IoError (missing or unwritable files). All
// inputs are read and checked before any output is written; each output is
// written atomically. `summary` (optional) receives lost frames, keyframes,
// label counts, timings and the outputs.
OdometryResult RunOdometryImpl(const OdometryOptions& options, cli::Summary* summary = nullptr);

// "3,4,7" (empty for none): the header parameter "lost_frames".
std::string JoinFrames(const std::vector<int>& frames);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_ODOMETRY_H_
