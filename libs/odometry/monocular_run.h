// dolly-odometry without --depth: frames streamed one at a time through the
// shot-cut detector and the monocular estimator (the video is never held),
// then the unit of length (--scale-from / --camera-height, else the first
// baseline of each segment), then the outputs: a CameraTrajectory with its
// segments, scale kind, per-frame quality and refined focal, and the map
// points as a sparse DepthSequence (--points).
#ifndef DOLLY_LIBS_ODOMETRY_MONOCULAR_RUN_H_
#define DOLLY_LIBS_ODOMETRY_MONOCULAR_RUN_H_

#include "libs/cli/summary.h"
#include "libs/odometry/odometry.h"

namespace dolly::odometry {

// Called by RunOdometryImpl when options.depth is empty. Throws UsageError
// (tracks to label, --fx or --camera-height <= 0, --camera-height with a
// METRIC --scale-from), InvalidInputError (fewer than 2 frames; a
// --scale-from of another size or frame count; a relative --scale-from
// without --camera-height; a depth-observable segment that gets no scale),
// IoError. Nothing is written before every input has been read and checked.
OdometryResult RunMonocularOdometry(const OdometryOptions& options, cli::Summary* summary);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_MONOCULAR_RUN_H_
