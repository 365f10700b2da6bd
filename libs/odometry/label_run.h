// dolly-odometry --camera: label a TrackSet STATIC / DYNAMIC with a camera
// path that is already known (e.g. the monocular one) and depth in that
// path's unit, without estimating the camera again. The depth-based
// estimator keeps features only where depth is smooth, which noisy mvs depth
// rarely is: re-estimating loses frames and leaves the tracks UNKNOWN.
#ifndef DOLLY_LIBS_ODOMETRY_LABEL_RUN_H_
#define DOLLY_LIBS_ODOMETRY_LABEL_RUN_H_

#include "libs/cli/summary.h"
#include "libs/odometry/odometry.h"

namespace dolly::odometry {

// Called by RunOdometryImpl when options.camera is set. Needs depth, tracks
// and labelled_tracks; reads no frames and writes no camera path. Lost frames
// are the camera path's `lost` frames; with several segments (shots) each
// track is checked only between frames of one segment. A track the depth
// cannot check (none where it is seen, as mvs depth on a moving object) is
// checked by its epipolar line (general motion) or the rotation's mapping
// (rotation-only, static segments) instead; the summary counts both.
// Throws UsageError (a missing one of depth / tracks / labelled_tracks; any
// of input, output, exports, points, scale_from, camera_height, fx),
// InvalidInputError (frame counts or sizes that differ, a focal length the
// depth and the path disagree on by more than 1 %, a depth whose scale_kind
// is not the path's), IoError. Nothing is written before every input has
// been read and checked.
OdometryResult RunLabelOnly(const OdometryOptions& options, cli::Summary* summary);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_LABEL_RUN_H_
