// dolly-odometry as a library call: frames + metric DepthSequence (+ an
// optional TrackSet to label) -> CameraTrajectory (world = camera of frame
// 0), optional labelled TrackSet and TUM / KITTI / PAC exports. Without a
// DepthSequence, the monocular run (monocular_run.h): frames alone ->
// CameraTrajectory with shots, scale kind and per-frame quality, and the
// sparse points. The tool's main only parses flags into OdometryOptions.
#ifndef DOLLY_LIBS_ODOMETRY_ODOMETRY_H_
#define DOLLY_LIBS_ODOMETRY_ODOMETRY_H_

#include <optional>
#include <string>
#include <vector>

#include "libs/cli/summary.h"
#include "libs/odometry/mono/monocular.h"
#include "libs/odometry/params.h"
#include "libs/trajectory/trajectory.h"
#include "schemas/common_types.h"

namespace dolly::odometry {

struct OdometryOptions {
  std::string input;            // Video artifact, video file or frame directory
  std::string depth;            // DepthSequence (metric); none: monocular
  std::string tracks;           // TrackSet to label (optional)
  std::string output;           // CameraTrajectory (optional when exporting only)
  std::string labelled_tracks;  // the TrackSet with labels (needs `tracks`)
  // Label-only (label_run.h): a CameraTrajectory to label `tracks` with,
  // instead of estimating one; `depth` must be in its unit.
  std::string camera;
  std::string export_tum, export_kitti, export_pac;
  OdometryParams params;

  // Monocular run only (no `depth`).
  mono::MonoParams mono;            // focal_px set from --fx
  std::string points;               // sparse DepthSequence of the map points
  std::string scale_from;           // DepthSequence giving the unit of length
  std::optional<double> camera_height;  // metres above the ground plane
  bool shot_cuts = true;            // detect cuts; false: one shot
};

struct OdometryResult {
  trajectory::Trajectory trajectory;
  std::vector<int> lost_frames;
  std::vector<int> keyframes;
  // Per input track (empty without `tracks`): schema::TrackLabel values.
  std::vector<uint8_t> labels;
  // The shots (one over every frame with depth given) and, monocular, the
  // factor each segment's first-baseline units were multiplied by.
  std::vector<mono::Segment> segments;
  std::vector<double> scale_factors;
  schema::ScaleKind::type scale_kind = schema::ScaleKind::GIVEN_DEPTH;
  double focal_px = 0.0;
  bool focal_estimated = false;
};

// With `camera`: RunLabelOnly (label_run.h). Without `depth`:
// RunMonocularOdometry (monocular_run.h).
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
